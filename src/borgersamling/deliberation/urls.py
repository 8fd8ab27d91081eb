"""Deliberation's URLs, one module per part, all in the ``deliberation`` namespace."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from borgersamling.deliberation import draft_urls, guest_urls, vote_urls

app_name = "deliberation"

urlpatterns: list[URLPattern | URLResolver] = [
    *draft_urls.urlpatterns,
    *guest_urls.urlpatterns,
    *vote_urls.urlpatterns,
]
