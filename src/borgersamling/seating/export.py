"""Every session's seating as CSV, for a spreadsheet and for the command line.

The first four columns are those of ``borgersamling seat``'s seating.csv (session, table,
member_id, role), so the file can be passed back as ``--history``; the others are for people
reading it: the session's date and whether its seating is locked, the table's theme and the
member's name. Drafts are included and marked: a secretariat exporting before locking wants
to see them."""

from __future__ import annotations

import csv
import io

from borgersamling.assemblies.models import Assembly
from borgersamling.seating.models import SeatingPlan
from borgersamling.seating.problem import member_key, table_key
from borgersamling.seating.roster import rosters
from borgersamling.site.spreadsheet import safe_cell

COLUMNS = ["session", "table", "member_id", "role", "date", "status", "theme", "name"]


def seating_csv(assembly: Assembly) -> str:
    """UTF-8 with a byte-order mark, so spreadsheet programs read Danish letters right."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    plans = {
        plan.session_id: plan for plan in SeatingPlan.objects.filter(session__assembly=assembly)
    }
    for session in assembly.sessions.order_by("number"):
        plan = plans.get(session.pk)
        status = "" if plan is None else plan.status  # seated by hand, without a plan
        for entry in rosters(session):
            for seat in entry.seats:
                writer.writerow(
                    [
                        session.number,
                        table_key(entry.table),
                        member_key(seat.participant),
                        seat.role,
                        session.date.isoformat(),
                        status,
                        safe_cell(entry.table.theme),
                        safe_cell(seat.participant.name),
                    ]
                )
    return buffer.getvalue()
