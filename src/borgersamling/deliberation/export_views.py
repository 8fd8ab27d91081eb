"""Downloads of the exports: per table for its members and the secretariat, per assembly for
the secretariat. Only the secretariat's exports include hidden input (marked)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache

from borgersamling.accounts import rules as account_rules
from borgersamling.assemblies.models import Assembly, ThemeTable
from borgersamling.deliberation import exports, rules
from borgersamling.deliberation.draft_views import PASSWORD_LOGIN, refuse, table_view

CSV = "text/csv; charset=utf-8"
MARKDOWN = "text/markdown; charset=utf-8"


def _download(body: str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body.encode("utf-8"), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _table_exports(request: HttpRequest, theme_table: ThemeTable) -> list[exports.TableExport]:
    secretariat = account_rules.is_secretariat(request.user, theme_table.assembly)
    return [
        exports.table_export(
            theme_table, include_hidden=secretariat, closed_votes_only=not secretariat
        )
    ]


def _table_filename(theme_table: ThemeTable, extension: str) -> str:
    return f"{theme_table.assembly.slug}-table-{theme_table.number}.{extension}"


@table_view(rules.can_work_at_table)
def table_csv(request: HttpRequest, theme_table: ThemeTable) -> HttpResponse:
    body = exports.to_csv(_table_exports(request, theme_table))
    return _download(body, CSV, _table_filename(theme_table, "csv"))


@table_view(rules.can_work_at_table)
def table_markdown(request: HttpRequest, theme_table: ThemeTable) -> HttpResponse:
    body = exports.to_markdown(theme_table.assembly, _table_exports(request, theme_table))
    return _download(body, MARKDOWN, _table_filename(theme_table, "md"))


def _secretariat_assembly(request: HttpRequest, slug: str) -> Assembly | HttpResponse:
    assembly = get_object_or_404(Assembly, slug=slug)
    if not account_rules.is_secretariat(request.user, assembly):
        return refuse(request, PASSWORD_LOGIN)
    return assembly


@never_cache
def assembly_csv(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = _secretariat_assembly(request, slug)
    if isinstance(assembly, HttpResponse):
        return assembly
    body = exports.to_csv(exports.assembly_export(assembly, include_hidden=True))
    return _download(body, CSV, f"{assembly.slug}-drafts.csv")


@never_cache
def assembly_markdown(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = _secretariat_assembly(request, slug)
    if isinstance(assembly, HttpResponse):
        return assembly
    body = exports.to_markdown(assembly, exports.assembly_export(assembly, include_hidden=True))
    return _download(body, MARKDOWN, f"{assembly.slug}-drafts.md")
