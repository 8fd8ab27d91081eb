"""The "Find your table" screen on a projector: six tables with Dragør's themes and 36
members with long Danish names fit one 16:9 screen, at a projector's and at a small
laptop's size."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import pytest
from playwright.sync_api import Browser, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from borgersamling.assemblies.demo import THEME_TABLES
from borgersamling.seating import planning
from tests.accounts.factories import PASSWORD, make_assembly, make_secretariat
from tests.e2e.conftest import Screenshot, new_page
from tests.seating.factories import make_room

pytestmark = pytest.mark.django_db(transaction=True)

FIRST = ["Anne-Marie", "Hans-Christian", "Søren", "Ida", "Mads", "Birgitte"]
LAST = ["Bjerregaard-Nielsen", "Østergaard", "Kristoffersen", "Holm", "Abildgaard", "Wæver"]


@dataclass(frozen=True)
class Screen:
    session_page: str
    secretariat: str
    seated: dict[str, tuple[str, str]]  # name -> (heading, theme)


@pytest.fixture
def screen(live_server: LiveServer, transactional_db: None, settings: Any) -> Screen:
    settings.BORGERSAMLING_SEATING_EFFORT = 3  # the test checks the screen, not the search
    room = make_room(make_assembly(), members=36, tables=6, sessions=1)
    for table, theme in zip(room.tables, THEME_TABLES, strict=True):
        table.theme = theme
        table.save()
    for member, (first, last) in zip(room.members, itertools.product(FIRST, LAST), strict=True):
        member.name = f"{first} {last}"
        member.save()
    plan = planning.lock(planning.generate(room.sessions[0], seed=1, mixing="strict"))
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
    page.goto(screen.session_page.split("/assemblies/")[0] + "/login/")
    page.get_by_label("Brugernavn").fill(screen.secretariat)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url("**/account/")

    page.goto(screen.session_page)
    page.get_by_role("link", name="Find dit bord").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Find dit bord")
    cards = page.locator(".screen-table")
    expect(cards).to_have_count(6)
    for name, (heading, theme) in screen.seated.items():
        card = page.locator(".screen-table", has=page.get_by_role("heading", name=heading))
        expect(card).to_contain_text(theme)
        expect(card.locator("li", has_text=name)).to_be_visible()
    # One screen: nothing scrolls, and every card lies wholly inside the viewport.
    assert page.evaluate("document.documentElement.scrollHeight <= window.innerHeight")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    for box in (cards.nth(k).bounding_box() for k in range(6)):
        assert box is not None
        assert box["y"] + box["height"] <= viewport["height"]
        assert box["x"] + box["width"] <= viewport["width"]
    screenshot(page, f"seating-screen-{viewport['width']}")
    page.context.close()
