"""Print the seating: a list per table (one A4 page each), a folded name card per member, and
a list for the door (everyone by name with their table, to find one's seat on arrival).

Printed in Danish whatever the secretariat's screen language, because the paper is for the
members in the room. WeasyPrint gets no base URL and a fetcher that allows nothing, so a page
never loads anything from the network or the disk; fonts are the system's.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from borgersamling.assemblies.models import Session
from borgersamling.seating.models import SeatingPlan
from borgersamling.seating.roster import danish_order, rosters
from borgersamling.site.pdf import render_pdf


def first_name(name: str) -> str:
    parts = name.split()
    return parts[0] if parts else name


def _render(template: str, session: Session) -> str:
    plan = SeatingPlan.objects.filter(session=session).first()
    tables = rosters(session)
    cards = [
        {"first_name": first_name(seat.participant.name), "seat": seat}
        for table in tables
        for seat in table.seats
    ]
    # Sorted as Danish readers look for their name: æ, ø, å after z.
    by_name = sorted(
        (seat for table in tables for seat in table.seats),
        key=lambda seat: danish_order(seat.participant.name),
    )
    with translation.override("da"):
        return render_to_string(
            template,
            {
                "session": session,
                "assembly": session.assembly,
                "plan": plan,
                "tables": tables,
                "cards": cards,
                "by_name": by_name,
            },
        )


def tables_html(session: Session) -> str:
    return _render("seating/print/tables.html", session)


def cards_html(session: Session) -> str:
    return _render("seating/print/cards.html", session)


def door_html(session: Session) -> str:
    return _render("seating/print/door.html", session)


def door_pdf(session: Session) -> bytes:
    return render_pdf(door_html(session))


def tables_pdf(session: Session) -> bytes:
    return render_pdf(tables_html(session))


def cards_pdf(session: Session) -> bytes:
    return render_pdf(cards_html(session))
