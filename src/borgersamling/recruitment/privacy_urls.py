"""The drawn panel, replacements and GDPR pages of the secretariat."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from borgersamling.recruitment import panel_views, privacy_views, replacement_views

BASE = "assemblies/<slug:slug>/secretariat/recruitment/"
PANEL = f"{BASE}panel/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(PANEL, panel_views.panel_page, name="panel"),
    path(f"{PANEL}<int:pk>/confirm/", panel_views.panel_confirm, name="panel-confirm"),
    path(f"{PANEL}<int:pk>/decline/", panel_views.panel_decline, name="panel-decline"),
    path(f"{PANEL}<int:pk>/drop-out/", panel_views.panel_drop_out, name="panel-drop-out"),
    path(f"{PANEL}replacements/", replacement_views.replacements_page, name="replacements"),
    path(f"{BASE}signups/<int:pk>/export/", privacy_views.privacy_export, name="privacy-export"),
    path(f"{BASE}signups/<int:pk>/erase/", privacy_views.privacy_erase, name="privacy-erase"),
    path(f"{BASE}privacy/log/", privacy_views.privacy_log, name="privacy-log"),
]
