"""Invitations: the population extract, batches of letters and their downloads."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from borgersamling.recruitment import invitation_views as views

PREFIX = "assemblies/<slug:slug>/secretariat/recruitment/invitations/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(PREFIX, views.invitations, name="invitations"),
    path(f"{PREFIX}population/", views.population, name="invitations-population"),
    path(f"{PREFIX}population/targets/", views.use_as_targets, name="invitations-targets"),
    path(f"{PREFIX}letter/", views.letter, name="invitations-letter"),
    path(f"{PREFIX}letter/preview.pdf", views.letter_preview, name="invitations-letter-preview"),
    path(f"{PREFIX}batches/<int:pk>/", views.batch, name="invitations-batch"),
    path(f"{PREFIX}batches/<int:pk>/letters.csv", views.batch_csv, name="invitations-csv"),
    path(
        f"{PREFIX}batches/<int:pk>/letters/<int:part>.pdf",
        views.batch_letters,
        name="invitations-letters",
    ),
]
