"""The facilitator edits a program item of the open session in the secretariat UI, and the
public session page shows the new title at once."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from borgersamling.accounts.demo import DEMO_PASSWORD
from borgersamling.accounts.models import Role
from borgersamling.assemblies import demo as seed
from tests.e2e.conftest import Demo, Screenshot, log_in_with_password

pytestmark = pytest.mark.django_db(transaction=True)

OPEN_SESSION_TITLE = next(
    s["title"] for s in seed.SESSIONS if s["number"] == seed.OPEN_SESSION_NUMBER
)
OLD_TITLE = "Opsamling i plenum"
NEW_TITLE = "Opsamling i plenum med kaffe og kage"


def labelled(action: str, thing: str) -> re.Pattern[str]:
    """A row's link: the visible action and, for screen readers, which row ("Redigér: X")."""
    return re.compile(rf"^{re.escape(action)}\s*:\s*{re.escape(thing)}$")


def test_facilitator_edits_a_program_item_and_the_public_page_shows_it(
    demo: Demo, laptop: Page, screenshot: Screenshot
) -> None:
    facilitator = demo.account(Role.FACILITATOR)
    assert facilitator.username == "facilitator"
    assert OLD_TITLE in [title for _, title, *_ in seed.MEMBERS_PROGRAM]

    log_in_with_password(laptop, demo.url, facilitator.username, DEMO_PASSWORD)

    # The dashboard lists the sessions; the open session's program is one link away.
    laptop.goto(f"{demo.url}/assemblies/{seed.SLUG}/secretariat/")
    expect(laptop.get_by_role("heading", level=1)).to_contain_text("Sekretariat")
    laptop.get_by_role("link", name=labelled("Program", OPEN_SESSION_TITLE)).click()
    laptop.wait_for_url(f"**/secretariat/sessions/{seed.OPEN_SESSION_NUMBER}/")
    expect(laptop.get_by_role("heading", level=1)).to_have_text(OPEN_SESSION_TITLE)

    members = laptop.locator("#program-members")
    members.get_by_role("link", name=labelled("Redigér", OLD_TITLE)).click()
    laptop.wait_for_url("**/items/*/")
    title = laptop.get_by_label("titel")
    expect(title).to_have_value(OLD_TITLE)
    title.fill(NEW_TITLE)
    screenshot(laptop, "edit-item-form")
    laptop.get_by_role("button", name="Gem").click()

    # Back on the program, at the item, with a confirmation.
    laptop.wait_for_url(f"**/secretariat/sessions/{seed.OPEN_SESSION_NUMBER}/#item-*")
    expect(laptop.get_by_text("Programpunktet er gemt.")).to_be_visible()
    expect(members.locator(".program-rows strong")).to_contain_text([NEW_TITLE])
    screenshot(laptop, "edit-program-saved")

    # The public page (no login needed) shows the new title in the members' program.
    laptop.get_by_role("link", name="Se den offentlige side").click()
    laptop.wait_for_url(f"**/assemblies/{seed.SLUG}/sessions/{seed.OPEN_SESSION_NUMBER}/")
    titles = laptop.locator("#program-members .program-item-title")
    expect(titles).to_have_text(
        [NEW_TITLE if t == OLD_TITLE else t for _, t, *_ in seed.MEMBERS_PROGRAM]
    )
    screenshot(laptop, "edit-public-session")

    # And so does a visitor who is not logged in.
    visitor = laptop.context.browser.new_context(locale="da-DK")  # type: ignore[union-attr]
    try:
        page = visitor.new_page()
        page.goto(f"{demo.url}/assemblies/{seed.SLUG}/sessions/{seed.OPEN_SESSION_NUMBER}/")
        expect(page.locator("#program-members .program-item-title")).to_contain_text([NEW_TITLE])
    finally:
        visitor.close()
