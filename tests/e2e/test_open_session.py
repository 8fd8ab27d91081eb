"""The open session's page shows both programs with the seed's times."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from borgersamling.assemblies import demo as seed
from tests.e2e.conftest import Demo, Screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_open_session_shows_both_programs_with_the_seed_times(
    demo: Demo, laptop: Page, screenshot: Screenshot
) -> None:
    laptop.goto(f"{demo.url}/assemblies/{seed.SLUG}/sessions/{seed.OPEN_SESSION_NUMBER}/")

    members = laptop.locator("#program-members")
    guests = laptop.locator("#program-guests")
    expect(members.get_by_role("heading", level=2)).to_contain_text("Medlemmernes program")
    expect(guests.get_by_role("heading", level=2)).to_contain_text("Gæsternes program")
    expect(members.locator(".program-time")).to_have_text("17.00–21.00")
    expect(guests.locator(".program-time")).to_have_text("18.00–19.30")

    member_times = [start for start, *_ in seed.MEMBERS_PROGRAM]
    guest_times = [start for start, *_ in seed.GUESTS_PROGRAM]
    assert len(member_times) == 9
    expect(members.locator(".program-item-time")).to_have_text(member_times)
    expect(guests.locator(".program-item-time")).to_have_text(guest_times)
    expect(members.locator(".program-item-title")).to_have_text(
        [title for _, title, *_ in seed.MEMBERS_PROGRAM]
    )
    screenshot(laptop, "open-session-laptop")
