"""The template for reading a session's seating from a file (``seating.imports``): every
member present with their member_id, at their table in the session's seating if they have
one. As CSV (the command line's seating.csv columns first, for tools) and as an Excel
workbook (for people: it opens in Danish Excel without an import dialog, and the table and
role cells offer their choices)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl.worksheet.datavalidation import DataValidation

from borgersamling.assemblies.models import Session
from borgersamling.seating import problem as problems
from borgersamling.seating.models import SeatRole
from borgersamling.seating.roster import danish_order, rosters
from borgersamling.site.spreadsheet import csv_text, sheet_of, workbook_bytes

COLUMNS = ["session", "table", "member_id", "role", "name", "theme"]
WIDTHS = (10, 8, 12, 12, 32, 40)
LAST_ROW = 2000
"""The choices reach this row, so rows added by hand get them too."""


@dataclass(frozen=True)
class TemplateRow:
    session: int
    table: int | None
    member_id: str
    role: str
    name: str
    theme: str


def template_rows(session: Session) -> list[TemplateRow]:
    """The seated first, table by table as introduced; then the rest by name, table empty."""
    inputs = problems.build(session)
    rows: list[TemplateRow] = []
    seated: set[str] = set()
    for entry in rosters(session):
        for seat in entry.seats:
            key = problems.member_key(seat.participant)
            if key in inputs.members:
                seated.add(key)
                rows.append(
                    TemplateRow(
                        session.number,
                        entry.table.number,
                        key,
                        seat.role,
                        seat.participant.name,
                        entry.table.theme,
                    )
                )
    waiting = sorted(inputs.members.items(), key=lambda item: danish_order(item[1].name))
    for key, member in waiting:
        if key not in seated and key not in inputs.absent:
            rows.append(TemplateRow(session.number, None, key, "", member.name, ""))
    return rows


def template_csv(session: Session) -> str:
    return csv_text(
        COLUMNS,
        (
            [row.session, row.table, row.member_id, row.role, row.name, row.theme]
            for row in template_rows(session)
        ),
    )


def template_xlsx(session: Session) -> bytes:
    """The same rows in a workbook; roles by their names in the page's language (the reader
    takes them in Danish and English)."""
    labels = {value: str(label) for value, label in SeatRole.choices if value}
    book, sheet = sheet_of(
        _("Session %(number)s") % {"number": session.number},
        COLUMNS,
        (
            [
                row.session,
                row.table,
                int(row.member_id),
                labels.get(row.role, ""),
                row.name,
                row.theme,
            ]
            for row in template_rows(session)
        ),
        WIDTHS,
    )
    numbers = [table.number for table in session.assembly.theme_tables.order_by("number")]
    choices = (
        ("B", ",".join(map(str, numbers)), _("Choose a table number.")),
        ("D", ",".join(labels.values()), _("Host, scribe or empty.")),
    )
    for column, options, hint in choices:
        check = DataValidation(type="list", formula1=f'"{options}"', allow_blank=True)
        check.error, check.prompt = hint, hint
        check.showErrorMessage = True
        sheet.add_data_validation(check)
        check.add(f"{column}2:{column}{LAST_ROW}")
    return workbook_bytes(book)
