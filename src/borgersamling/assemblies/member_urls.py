"""The members' pages of an assembly (behind a login; see ``member_views``)."""

from __future__ import annotations

from django.urls import path

from borgersamling.assemblies import member_views

app_name = "members"

urlpatterns = [
    path("assemblies/<slug:slug>/me/", member_views.me, name="me"),
]
