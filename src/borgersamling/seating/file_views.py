"""The seating as files: read a session's seating from CSV or XLSX, its template, the export
of every session, and the printouts (table lists, name cards, the door list)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from borgersamling.accounts.permissions import rule_required
from borgersamling.accounts.rules import is_secretariat
from borgersamling.assemblies.models import Session
from borgersamling.recruitment.uploads import read_uploaded_table
from borgersamling.seating import export, imports, planning, printing, template_file
from borgersamling.seating.planning import SeatingError
from borgersamling.seating.views import assembly_of, file_form, plan_page, plan_url, session_of
from borgersamling.sortition.errors import InputError

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@rule_required(is_secretariat, get_object=assembly_of)
@require_POST
def read_file(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """The session's seating read from a CSV or XLSX file, as its draft; nothing is stored
    unless every row is right."""
    session = session_of(slug, number)
    form = file_form(request.POST, request.FILES)
    errors: list[str] = []
    if form.is_valid():
        try:
            table = read_uploaded_table(form.cleaned_data["file"])
            done = imports.import_seating(session, table, request.user)
        except InputError as error:
            errors = [planning.engine_error(error).message]
        except imports.SeatingFileError as error:
            errors = error.errors
        except SeatingError as error:
            errors = [error.message]
        else:
            _say_what_was_read(request, done)
            return redirect(plan_url(session, "figures"))
    return plan_page(request, session, status=400, read_form=form, file_errors=errors)


def _say_what_was_read(request: HttpRequest, done: imports.Imported) -> None:
    text = ngettext(
        "%(count)s member is seated as the file says. It is a draft until you lock it.",
        "%(count)s members are seated as the file says. It is a draft until you lock it.",
        done.seated,
    ) % {"count": done.seated}
    if done.other_sessions:
        text += " " + ngettext(
            "%(count)s row of another session was left out.",
            "%(count)s rows of other sessions were left out.",
            done.other_sessions,
        ) % {"count": done.other_sessions}
    messages.success(request, text)
    if done.without_seat:
        messages.warning(
            request,
            ngettext(
                "%(count)s member present has no table in the file, so no seat: %(names)s.",
                "%(count)s members present have no table in the file, so no seat: %(names)s.",
                len(done.without_seat),
            )
            % {
                "count": len(done.without_seat),
                "names": ", ".join(member.name for member in done.without_seat),
            },
        )


@never_cache
@rule_required(is_secretariat, get_object=assembly_of)
@require_GET
def seating_template(request: HttpRequest, slug: str, number: int, kind: str) -> HttpResponse:
    """The file to fill in and read back: ``kind`` "xlsx" for people, "csv" for tools."""
    session = session_of(slug, number)
    make = template_file.template_xlsx if kind == "xlsx" else template_file.template_csv
    return _download(
        make(session), f"{session.assembly.slug}-session-{session.number}-seating.{kind}"
    )


def _download(body: str | bytes, name: str) -> HttpResponse:
    kind = XLSX if name.endswith(".xlsx") else "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _pdf(body: bytes, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _printout(render: Callable[[Session], bytes], name: str) -> Callable[..., HttpResponse]:
    """A view that prints ``render``'s PDF of the session, saved as ``name`` (with the
    session's number for {number})."""

    @never_cache
    @rule_required(is_secretariat, get_object=assembly_of)
    @require_GET
    def view(request: HttpRequest, slug: str, number: int) -> HttpResponse:
        session = session_of(slug, number)
        return _pdf(render(session), name.format(number=session.number))

    return view


tables_pdf = _printout(printing.tables_pdf, "bordlister-samling-{number}.pdf")

cards_pdf = _printout(printing.cards_pdf, "bordkort-samling-{number}.pdf")

door_pdf = _printout(printing.door_pdf, "hvor-sidder-jeg-samling-{number}.pdf")


@never_cache
@rule_required(is_secretariat, get_object=assembly_of)
@require_GET
def export_seating(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    """Every session's seating: ``kind`` "csv" (also the command line's --history) or
    "xlsx"."""
    assembly = assembly_of(request, slug)
    make = export.seating_xlsx if kind == "xlsx" else export.seating_csv
    return _download(make(assembly), f"{assembly.slug}-seating.{kind}")
