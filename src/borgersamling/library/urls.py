from __future__ import annotations

from django.urls import path

from borgersamling.library import views

app_name = "library"

urlpatterns = [
    path("assemblies/<slug:slug>/library/", views.index, name="index"),
]
