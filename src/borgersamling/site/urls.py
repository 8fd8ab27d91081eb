"""Root URLs: the language switch, the admin back office, and each app's pages."""

from __future__ import annotations

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from django.views.generic import RedirectView

urlpatterns: list[URLPattern | URLResolver] = [
    path("i18n/", include("django.conf.urls.i18n")),
    # The admin's own login knows nothing of TOTP; send it through ours.
    path("admin/login/", RedirectView.as_view(pattern_name="accounts:login", query_string=True)),
    path("admin/", admin.site.urls),
    path("", include("borgersamling.accounts.urls")),
    path("", include("borgersamling.library.urls")),
    path("", include("borgersamling.assemblies.member_urls")),
    path("", include("borgersamling.recruitment.urls")),
    path("", include("borgersamling.deliberation.urls")),
    path("", include("borgersamling.reports.urls")),
    path("", include("borgersamling.followup.urls")),
    path("", include("borgersamling.evaluation.urls")),
    path("", include("borgersamling.seating.urls")),
    path("", include("borgersamling.assemblies.urls")),
]
