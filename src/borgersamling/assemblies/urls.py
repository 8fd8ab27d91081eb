from __future__ import annotations

from django.urls import path

from borgersamling.assemblies import views

app_name = "assemblies"

urlpatterns = [
    path("", views.root, name="root"),
    path("assemblies/<slug:slug>/", views.home, name="home"),
    path("assemblies/<slug:slug>/sessions/<int:number>/", views.session_detail, name="session"),
    path("assemblies/<slug:slug>/values/", views.values, name="values"),
    path("assemblies/<slug:slug>/abx/", views.abx, name="abx"),
]
