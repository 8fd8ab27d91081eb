"""Table lists and name cards as PDF: one page per table, one card per seated member."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from borgersamling.seating import editing, planning, printing, roster
from tests.pdf_checks import is_tagged
from tests.seating.factories import Room


def pages(pdf: bytes) -> int:
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo (poppler-utils) is not installed: pages not counted")
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)
    match = re.search(r"^Pages:\s+(\d+)", info.stdout.decode(), re.MULTILINE)
    assert match is not None
    return int(match.group(1))


@pytest.fixture
def seated(room: Room) -> Room:
    editing.lock(planning.generate(room.sessions[0], seed=2, mixing="strict"))
    return room


def test_every_seating_printout_is_a_tagged_pdf(seated: Room) -> None:
    session = seated.sessions[0]
    for make in (printing.tables_pdf, printing.cards_pdf, printing.door_pdf):
        assert is_tagged(make(session)), make.__name__


def test_table_lists_have_one_page_per_table(seated: Room) -> None:
    pdf = printing.tables_pdf(seated.sessions[0])
    assert pdf.startswith(b"%PDF")
    assert pages(pdf) == len(seated.tables)


def test_name_cards_have_one_page_per_member(seated: Room) -> None:
    pdf = printing.cards_pdf(seated.sessions[0])
    assert pdf.startswith(b"%PDF")
    assert pages(pdf) == len(seated.members)


def test_the_printouts_name_the_tables_members_and_roles(seated: Room) -> None:
    html = printing.tables_html(seated.sessions[0])
    assert '<html lang="da">' in html  # printed for the members, in Danish
    for table in seated.tables:
        assert table.theme in html
    for member in seated.members:
        assert member.name in html
    assert html.count('<td class="role">') == len(seated.members)
    cards = printing.cards_html(seated.sessions[0])
    assert cards.count(">Medlem01<") == 2  # the first name, on both sides of the tent
    assert 'class="draft"' not in html  # locked: no draft mark


def test_a_draft_is_marked_on_paper(room: Room) -> None:
    planning.generate(room.sessions[0], seed=2, mixing="strict")
    assert 'class="draft"' in printing.tables_html(room.sessions[0])


def test_a_session_without_seats_still_prints(room: Room) -> None:
    assert pages(printing.cards_pdf(room.sessions[1])) == 1
    assert pages(printing.tables_pdf(room.sessions[1])) == len(room.tables)


def test_download(client: Client, seated: Room, secretariat: User) -> None:
    client.force_login(secretariat)
    kwargs = {"slug": seated.assembly.slug, "number": 1}
    for name, file_name in (
        ("tables-pdf", "bordlister"),
        ("cards-pdf", "bordkort"),
        ("door-pdf", "hvor-sidder-jeg"),
    ):
        response = client.get(reverse(f"seating:{name}", kwargs=kwargs))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert file_name in response["Content-Disposition"]
        assert response.content.startswith(b"%PDF")


def test_the_door_list_names_everyone_seated_in_danish_order_with_their_table(
    seated: Room,
) -> None:
    session = seated.sessions[0]
    renamed = {0: "Åse Ørum", 1: "Ærø Andersen", 2: "Zenia Zeuthen", 3: "Oda Olsen"}
    for index, name in renamed.items():
        seated.members[index].name = name
        seated.members[index].save()
    absent = seated.members[11]
    session.seats.filter(participant=absent).delete()
    html = printing.door_html(session)
    names = re.findall(r"<li><span>([^<]+)</span><span class=\"table-number\">Bord (\d+)<", html)
    assert [name for name, _table in names] == sorted(
        (m.name for m in seated.members if m != absent), key=roster.danish_order
    )
    assert [name for name, _ in names][-3:] == ["Zenia Zeuthen", "Ærø Andersen", "Åse Ørum"]
    tables = {seat.participant.name: str(seat.theme_table.number) for seat in session.seats.all()}
    assert dict(names) == tables
    assert absent.name not in html
    assert pages(printing.door_pdf(session)) == 1


def test_danish_order_puts_ae_oe_aa_after_z() -> None:
    names = ["Åse", "Zenia", "Ærø", "Øjvind", "Anna", "oda"]
    assert sorted(names, key=roster.danish_order) == [
        "Anna",
        "oda",
        "Zenia",
        "Ærø",
        "Øjvind",
        "Åse",
    ]
