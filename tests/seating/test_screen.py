"""The "Find your table" projector screen: every table, its theme and who sits there."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from borgersamling.seating import editing, planning, roster
from borgersamling.seating.screen import CARD_LINES, ROLE_CHARS, screen_grid
from tests.seating.factories import Room


def screen_url(room: Room, session: int = 0) -> str:
    return reverse(
        "seating:screen",
        kwargs={"slug": room.assembly.slug, "number": room.sessions[session].number},
    )


def cards(html: str) -> dict[str, list[str]]:
    """Table heading -> the names on its card (roles dropped)."""
    found = {}
    for heading, names in re.findall(
        r"<h2 id=\"screen-table-\d+\">([^<]+)</h2>.*?<ul>(.*?)</ul>", html, re.S
    ):
        found[heading] = re.findall(r"<li>([^<]+?)(?: <span|</li>)", names)
    return found


def test_every_table_shows_its_theme_and_the_names_seated_there(
    client: Client, room: Room, secretariat: User
) -> None:
    plan = editing.lock(planning.generate(room.sessions[0], seed=2, mixing="strict"))
    client.force_login(secretariat)
    response = client.get(screen_url(room))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="plenum-session">Find dit bord</h1>' in html  # Danish, for the room
    for table in room.tables:
        assert table.theme in html
    seated = {
        f"Bord {seat.theme_table.number}": seat.participant.name
        for seat in plan.session.seats.select_related("theme_table", "participant")
    }
    shown = cards(html)
    assert set(shown) == {f"Bord {table.number}" for table in room.tables}
    assert sorted(name for names in shown.values() for name in names) == sorted(
        m.name for m in room.members
    )
    for heading, name in seated.items():
        assert name in shown[heading]
    assert html.count('class="screen-role">Vært<') == len(room.tables)
    assert html.count('class="screen-role">Referent<') == len(room.tables)
    assert "screen-draft" not in html


def test_a_draft_is_marked_and_absent_members_are_not_shown(
    client: Client, room: Room, secretariat: User
) -> None:
    planning.generate(room.sessions[0], seed=2, mixing="strict")
    absent = room.members[4]
    room.sessions[0].seats.filter(participant=absent).delete()
    client.force_login(secretariat)
    html = client.get(screen_url(room)).content.decode()
    assert "Kladde – ikke låst" in html
    assert absent.name not in html


def test_a_session_without_a_seating_says_so(client: Client, room: Room, secretariat: User) -> None:
    client.force_login(secretariat)
    html = client.get(screen_url(room, session=1)).content.decode()
    assert "Ingen er placeret endnu." in html
    assert "screen-tables" not in html


def test_the_session_page_links_to_the_screen(
    client: Client, room: Room, secretariat: User
) -> None:
    planning.generate(room.sessions[0], seed=2, mixing="strict")
    client.force_login(secretariat)
    page = client.get(
        reverse(
            "seating:session",
            kwargs={"slug": room.assembly.slug, "number": room.sessions[0].number},
        )
    )
    assert screen_url(room) in page.content.decode()


@pytest.mark.parametrize(
    ("tables", "columns", "rows"),
    [(1, 1, 1), (3, 2, 2), (6, 3, 2), (8, 4, 2), (12, 4, 3), (20, 5, 4)],
)
def test_the_grid_is_wider_than_tall_and_fits_every_table(
    room: Room, tables: int, columns: int, rows: int
) -> None:
    entries = roster.rosters(room.sessions[0])[:1] * tables
    grid = screen_grid(entries)
    assert (grid.columns, grid.rows) == (columns, rows)
    assert grid.columns * grid.rows >= tables
    assert grid.lines == CARD_LINES  # nobody seated yet: the heading and the theme only


def test_the_grid_makes_room_for_the_longest_name_and_its_role(room: Room) -> None:
    planning.generate(room.sessions[0], seed=2, mixing="strict")
    host = room.sessions[0].seats.filter(role="host").select_related("participant").first()
    assert host is not None
    host.participant.name = "Hans-Christian Bjerregaard-Nielsen"
    host.participant.save()
    tables = roster.rosters(room.sessions[0])
    grid = screen_grid(tables)
    assert grid.chars == len("Hans-Christian Bjerregaard-Nielsen") + ROLE_CHARS
    assert grid.lines == max(len(table.seats) for table in tables) + CARD_LINES


def test_a_table_lists_host_scribe_then_the_others_in_danish_order(room: Room) -> None:
    planning.generate(room.sessions[0], seed=2, mixing="strict")
    table = roster.rosters(room.sessions[0])[0]
    others = [seat for seat in table.seats if not seat.role]
    assert len(others) == 2  # four at each table: a host, a scribe and two others
    for seat, name in zip(others, ["Åse Ørum", "Ærø Andersen"], strict=True):
        seat.participant.name = name
        seat.participant.save()
    again = roster.rosters(room.sessions[0])[0]
    assert [seat.role for seat in again.seats[:2]] == ["host", "scribe"]
    # Æ before Å in Danish (a plain sort puts Å first)
    assert [seat.participant.name for seat in again.seats[2:]] == ["Ærø Andersen", "Åse Ørum"]
