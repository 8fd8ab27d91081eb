"""Recruitment's URLs, one module per part of the flow, all in the ``recruitment`` namespace.

Public pages live under ``/assemblies/<slug>/``; the secretariat's under
``/assemblies/<slug>/secretariat/recruitment/``.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from borgersamling.recruitment import (
    invitation_urls,
    lottery_urls,
    overview_views,
    pool_urls,
    privacy_urls,
    signup_urls,
)

app_name = "recruitment"

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "assemblies/<slug:slug>/secretariat/recruitment/",
        overview_views.overview,
        name="overview",
    ),
    *invitation_urls.urlpatterns,
    *signup_urls.urlpatterns,
    *pool_urls.urlpatterns,
    *lottery_urls.urlpatterns,
    *privacy_urls.urlpatterns,
]
