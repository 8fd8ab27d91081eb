from __future__ import annotations

from django.urls import include, path

from borgersamling.assemblies import plenum_views, secretariat_urls, views

app_name = "assemblies"

urlpatterns = [
    path("", views.root, name="root"),
    path("assemblies/<slug:slug>/", views.home, name="home"),
    path("assemblies/<slug:slug>/sessions/<int:number>/", views.session_detail, name="session"),
    path("assemblies/<slug:slug>/values/", views.values, name="values"),
    path("assemblies/<slug:slug>/abx/", views.abx, name="abx"),
    path(
        "assemblies/<slug:slug>/sessions/<int:number>/plenum/",
        plenum_views.plenum,
        name="plenum",
    ),
    path("assemblies/<slug:slug>/secretariat/", include(secretariat_urls)),
]
