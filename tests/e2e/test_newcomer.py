"""A newcomer on a phone: the demo speaks Danish first and switches to English."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import Demo, Screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_is_danish_and_switches_to_english(
    demo: Demo, phone: Page, screenshot: Screenshot
) -> None:
    # The browser asks for English (locale en-US); the assembly still speaks Danish.
    phone.goto(demo.url + "/")
    expect(phone.locator("html")).to_have_attribute("lang", "da")
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Dragør Borgersamling 2025")
    expect(phone.get_by_role("link", name="Borgersamlingen", exact=True)).to_be_visible()
    expect(phone.locator("#timeline-heading")).to_have_text("Borgersamlingens forløb")
    screenshot(phone, "home-phone-da")

    phone.get_by_label("Sprog").select_option("en")
    phone.get_by_role("button", name="Skift").click()

    expect(phone.locator("html")).to_have_attribute("lang", "en")
    expect(phone.get_by_role("link", name="The assembly", exact=True)).to_be_visible()
    expect(phone.locator("#timeline-heading")).to_have_text("The sessions")
    expect(phone.get_by_label("Language")).to_have_value("en")
    screenshot(phone, "home-phone-en")
