"""The guests' short addresses (``/g/`` for the QR codes) and the secretariat's table cards."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from borgersamling.deliberation import guest_views as views
from borgersamling.deliberation import moderation_views

TABLE = "g/<slug:slug>/<int:number>/"
SECRETARIAT = "assemblies/<slug:slug>/secretariat/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("g/", views.start, name="guest-start"),
    # The QR code's address; <table_code>, not <code>, which the sign-up's URLs use.
    path("g/<str:table_code>/", views.join, name="guest-join"),
    path("g/<slug:slug>/tables/", views.tables, name="guest-tables"),
    path(TABLE, views.table, name="guest-table"),
    path(f"{TABLE}smiley/", views.smiley, name="guest-smiley"),
    path(f"{TABLE}input/", views.card, name="guest-card"),
    path(f"{SECRETARIAT}guest-cards/", views.cards, name="guest-cards"),
    path(f"{SECRETARIAT}guest-input/", moderation_views.moderation, name="guest-moderation"),
    path(f"{SECRETARIAT}guest-input/<int:pk>/", moderation_views.moderate, name="guest-moderate"),
]
