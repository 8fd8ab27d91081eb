"""The "Find your table" screen on a projector: six tables with Dragør's themes and 36
members with long Danish names, or 20 tables of 8, fit one 16:9 screen, at a projector's and
at a small laptop's size."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import pytest
from playwright.sync_api import Browser, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from borgersamling.assemblies.demo import THEME_TABLES
from borgersamling.seating import editing, planning
from tests.accounts.factories import PASSWORD, make_assembly, make_secretariat
from tests.e2e.conftest import Screenshot, log_in_with_password, new_page
from tests.seating.factories import make_room

pytestmark = pytest.mark.django_db(transaction=True)

FIRST = ["Anne-Marie", "Hans-Christian", "Søren", "Ida", "Mads", "Birgitte", "Jens", "Freja"]
SURNAMES = ["Bjerregaard-Nielsen", "Østergaard", "Kristoffersen", "Holm", "Abildgaard", "Wæver"]
LAST = [*SURNAMES, *(f"{name} Berg" for name in SURNAMES), *(f"{name}-Lund" for name in SURNAMES)]
LAST += ["Juul", "Dahl"]  # 20 x 8 first names: one name for each of 160 members


@dataclass(frozen=True)
class Screen:
    session_page: str
    secretariat: str
    seated: dict[str, tuple[str, str]]  # name -> (heading, theme)


@pytest.fixture(params=[(36, 6), (160, 20)], ids=["36-at-6", "160-at-20"])
def screen(live_server: LiveServer, transactional_db: None, settings: Any, request: Any) -> Screen:
    settings.BORGERSAMLING_SEATING_EFFORT = 3  # the test checks the screen, not the search
    members, tables = request.param
    room = make_room(make_assembly(), members=members, tables=tables, sessions=1)
    for table, theme in zip(room.tables, itertools.cycle(THEME_TABLES), strict=False):
        table.theme = theme
        table.save()
    for member, (first, last) in zip(room.members, itertools.product(FIRST, LAST), strict=False):
        member.name = f"{first} {last}"
        member.save()
    plan = editing.lock(planning.generate(room.sessions[0], seed=1, mixing="strict"))
    seated = {
        seat.participant.name: (f"Bord {seat.theme_table.number}", seat.theme_table.theme)
        for seat in plan.session.seats.select_related("participant", "theme_table")
    }
    slug = room.assembly.slug
    return Screen(
        session_page=f"{live_server.url}/assemblies/{slug}/secretariat/seating/sessions/1/",
        secretariat=make_secretariat(room.assembly).username,
        seated=seated,
    )


@pytest.mark.parametrize(
    "viewport",
    [ViewportSize(width=1920, height=1080), ViewportSize(width=1280, height=720)],
    ids=["projector", "laptop-720p"],
)
def test_every_table_and_name_fits_one_screen(
    screen: Screen, browser: Browser, screenshot: Screenshot, viewport: ViewportSize
) -> None:
    page = new_page(browser, viewport)
    base = screen.session_page.split("/assemblies/")[0]
    log_in_with_password(page, base, screen.secretariat, PASSWORD)

    page.goto(screen.session_page)
    page.get_by_role("link", name="Find dit bord").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Find dit bord")
    cards = page.locator(".screen-table")
    tables = {heading: theme for heading, theme in screen.seated.values()}
    expect(cards).to_have_count(len(tables))
    shown: dict[str, tuple[str, str]] = {}
    for k in range(len(tables)):
        card = cards.nth(k)
        heading, theme = card.locator("h2").inner_text(), card.locator(".screen-theme").inner_text()
        for name in card.locator("li").all_inner_texts():
            shown[name.split(" Vært")[0].split(" Referent")[0]] = (heading, theme)
    assert shown == screen.seated
    expect(page.locator(".screen-tables[data-fitted]")).to_have_count(1)  # screen.js is done
    # One screen: nothing scrolls, no name breaks over two lines, and every card lies wholly
    # inside the viewport.
    assert page.evaluate(
        """Array.from(document.querySelectorAll('.screen-table li')).every(li =>
            li.getBoundingClientRect().height
            < 1.5 * parseFloat(getComputedStyle(li).lineHeight))"""
    )
    assert page.evaluate("document.documentElement.scrollHeight <= window.innerHeight")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    for box in (cards.nth(k).bounding_box() for k in range(len(tables))):
        assert box is not None
        assert box["y"] + box["height"] <= viewport["height"]
        assert box["x"] + box["width"] <= viewport["width"]
    screenshot(page, f"seating-screen-{len(tables)}-{viewport['width']}")
    page.context.close()
