"""The seating pages, the secretariat's, under /assemblies/<slug>/secretariat/seating/.
Members see their seat on their own page (members:me) and send their wishes from it."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from borgersamling.seating import (
    apart_views,
    edit_views,
    file_views,
    member_views,
    run_views,
    views,
)

app_name = "seating"

base = "assemblies/<slug:slug>/secretariat/seating/"
session = f"{base}sessions/<int:number>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(base, views.overview, name="overview"),
    path(f"{base}preferences/", views.preferences_page, name="preferences"),
    path(f"{base}apart/", apart_views.apart_page, name="apart"),
    path(f"{base}apart/<int:pk>/remove/", apart_views.remove_apart, name="apart-remove"),
    path(f"{base}seating.csv", file_views.export_seating, {"kind": "csv"}, name="export"),
    path(f"{base}seating.xlsx", file_views.export_seating, {"kind": "xlsx"}, name="export-xlsx"),
    # The member's own answers, sent from their page (members:me).
    path("assemblies/<slug:slug>/me/wishes/", member_views.my_wishes, name="my-wishes"),
    path(session, views.session_plan, name="session"),
    path(f"{session}generate/", run_views.generate, name="generate"),
    path(f"{session}search-on/", run_views.search_on, name="search-on"),
    path(f"{session}read-file/", file_views.read_file, name="read-file"),
    path(
        f"{session}seating-template.csv",
        file_views.seating_template,
        {"kind": "csv"},
        name="template",
    ),
    path(
        f"{session}seating-template.xlsx",
        file_views.seating_template,
        {"kind": "xlsx"},
        name="template-xlsx",
    ),
    path(f"{session}run/", run_views.run_progress, name="run-progress"),
    path(f"{session}run/stop/", run_views.stop_run, name="run-stop"),
    path(f"{session}move/", edit_views.move, name="move"),
    path(f"{session}role/", edit_views.role, name="role"),
    path(f"{session}roles/", edit_views.choose_roles, name="choose-roles"),
    path(f"{session}undo/", edit_views.undo, name="undo"),
    path(f"{session}previous/", edit_views.previous_draft, name="previous-draft"),
    path(f"{session}take/", edit_views.take_alternative, name="take-alternative"),
    path(f"{session}lock/", edit_views.lock, name="lock"),
    path(f"{session}unlock/", edit_views.unlock, name="unlock"),
    path(f"{session}keep/", edit_views.keep, name="keep"),
    path(f"{session}absence/", edit_views.absence, name="absence"),
    path(f"{session}reseat/", edit_views.reseat, name="reseat"),
    path(f"{session}table-lists.pdf", file_views.tables_pdf, name="tables-pdf"),
    path(f"{session}name-cards.pdf", file_views.cards_pdf, name="cards-pdf"),
    path(f"{session}where-do-i-sit.pdf", file_views.door_pdf, name="door-pdf"),
    path(f"{session}screen/", views.screen, name="screen"),
]
