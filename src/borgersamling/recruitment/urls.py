"""Recruitment's URLs, one module per part of the flow, all in the ``recruitment`` namespace.

Public pages live under ``/assemblies/<slug>/``; the secretariat's under
``/assemblies/<slug>/secretariat/recruitment/``.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from borgersamling.recruitment import (
    invitation_urls,
    lottery_urls,
    pool_urls,
    privacy_urls,
    signup_urls,
)

app_name = "recruitment"

urlpatterns: list[URLPattern | URLResolver] = [
    *invitation_urls.urlpatterns,
    *signup_urls.urlpatterns,
    *pool_urls.urlpatterns,
    *lottery_urls.urlpatterns,
    *privacy_urls.urlpatterns,
]
