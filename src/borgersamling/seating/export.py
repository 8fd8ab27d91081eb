"""Every session's seating as CSV, for a spreadsheet and for the command line, and as an
Excel workbook for people.

The first four columns are those of ``borgersamling seat``'s seating.csv (session, table,
member_id, role), so the file can be passed back as ``--history``; the others are for people
reading it: the session's date and whether its seating is locked, the table's theme and the
member's name. Drafts are included and marked: a secretariat exporting before locking wants
to see them."""

from __future__ import annotations

from collections.abc import Iterator

from borgersamling.assemblies.models import Assembly
from borgersamling.seating.models import SeatingPlan
from borgersamling.seating.problem import member_key, table_key
from borgersamling.seating.roster import rosters
from borgersamling.site.spreadsheet import csv_text, sheet_of, workbook_bytes

COLUMNS = ["session", "table", "member_id", "role", "date", "status", "theme", "name"]
WIDTHS = (10, 8, 12, 10, 12, 10, 40, 32)


def seating_rows(assembly: Assembly) -> Iterator[list[object]]:
    plans = {
        plan.session_id: plan for plan in SeatingPlan.objects.filter(session__assembly=assembly)
    }
    for session in assembly.sessions.order_by("number"):
        plan = plans.get(session.pk)
        status = "" if plan is None else plan.status  # seated by hand, without a plan
        for entry in rosters(session):
            for seat in entry.seats:
                yield [
                    session.number,
                    table_key(entry.table),
                    member_key(seat.participant),
                    seat.role,
                    session.date,
                    status,
                    entry.table.theme,
                    seat.participant.name,
                ]


def seating_csv(assembly: Assembly) -> str:
    return csv_text(COLUMNS, seating_rows(assembly))


def seating_xlsx(assembly: Assembly) -> bytes:
    """The same rows as a workbook, for Excel (numbers and dates as such)."""
    rows = (
        [
            int(str(value)) if k in (1, 2) and str(value).isdecimal() else value
            for k, value in enumerate(row)
        ]
        for row in seating_rows(assembly)
    )
    book, _sheet = sheet_of(assembly.slug, COLUMNS, rows, WIDTHS)
    return workbook_bytes(book)
