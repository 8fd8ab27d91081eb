"""The drafts, the scribe, the dialogue notes and the exports."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from borgersamling.deliberation import dialogue_views, draft_views, export_views, scribe_views

TABLE = "assemblies/<slug:slug>/tables/<int:number>/"
ASSEMBLY = "assemblies/<slug:slug>/drafts/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(f"{TABLE}draft/", draft_views.draft_page, name="draft"),
    path(f"{TABLE}draft/edit/", draft_views.draft_edit, name="draft-edit"),
    path(f"{TABLE}draft/revisions/", draft_views.draft_history, name="draft-history"),
    path(f"{TABLE}draft/changes/", draft_views.draft_diff, name="draft-diff"),
    path(f"{TABLE}draft/worked-on/", draft_views.draft_worked_on, name="draft-worked-on"),
    path(f"{TABLE}draft/final/", draft_views.draft_final, name="draft-final"),
    path(f"{TABLE}scribe/", scribe_views.scribe, name="draft-scribe"),
    path(f"{TABLE}scribe/undo/", scribe_views.scribe_undo, name="draft-scribe-undo"),
    path(f"{TABLE}dialogue/", dialogue_views.dialogue, name="draft-dialogue"),
    path(f"{TABLE}export.csv", export_views.table_csv, name="draft-table-export-csv"),
    path(f"{TABLE}export.md", export_views.table_markdown, name="draft-table-export-md"),
    path(ASSEMBLY, draft_views.draft_overview, name="draft-overview"),
    path(f"{ASSEMBLY}export.csv", export_views.assembly_csv, name="draft-export-csv"),
    path(f"{ASSEMBLY}export.md", export_views.assembly_markdown, name="draft-export-md"),
]
