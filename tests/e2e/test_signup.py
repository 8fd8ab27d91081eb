"""Signing up on a phone: the code from the letter, the form with an error first, the thanks
page and the person's own data."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from borgersamling.recruitment.demo import load_demo_recruitment
from borgersamling.recruitment.models import Invitation, InvitationBatch, Resident, SignUp
from tests.e2e.conftest import Demo, Screenshot

pytestmark = pytest.mark.django_db(transaction=True)

CODE = "ABCDEFGH"


@dataclass(frozen=True)
class SignUpDemo:
    url: str  # the sign-up's front door
    next_number: int
    session_titles: list[str]


@pytest.fixture
def signup_demo(demo: Demo) -> SignUpDemo:
    """Dragør's recruitment with the sign-up open today and one letter with a code. Set up
    before the browser starts: while Playwright runs, the test must not touch the database."""
    recruitment = load_demo_recruitment(demo.assembly)
    now = timezone.now()
    recruitment.signup_opens_at = now - datetime.timedelta(days=1)
    recruitment.signup_closes_at = now + datetime.timedelta(days=30)
    recruitment.save()
    resident = Resident.objects.create(
        recruitment=recruitment,
        person_id="demo-1",
        name="Sofie Brandt",
        address="Kirkevej 7",
        postcode="2791",
        city="Dragør",
        household_key="kirkevej 7|2791",
    )
    batch = InvitationBatch.objects.create(
        recruitment=recruitment, method=InvitationBatch.Method.EVERYONE
    )
    Invitation.objects.create(batch=batch, recruitment=recruitment, resident=resident, code=CODE)
    return SignUpDemo(
        url=f"{demo.url}/assemblies/{demo.assembly.slug}/tilmelding/",
        next_number=SignUp.objects.filter(recruitment=recruitment).count() + 1,
        session_titles=list(demo.assembly.sessions.values_list("title", flat=True)),
    )


def in_english(page: Page, base_url: str) -> None:
    # Only the language switch's cookie changes the language (Danish first); the tests read
    # the English texts so they do not depend on the compiled Danish catalogue.
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": base_url}])


def test_a_resident_signs_up_on_a_phone(
    signup_demo: SignUpDemo, demo: Demo, phone: Page, screenshot: Screenshot
) -> None:
    in_english(phone, demo.url)
    phone.goto(signup_demo.url)
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Sign up for")
    expect(phone.get_by_text("Sign-up is open.")).to_be_visible()
    screenshot(phone, "signup-start-phone")

    phone.get_by_label("Your code").fill("abcd-efgh")
    phone.get_by_role("button", name="Continue").click()
    phone.wait_for_url(f"**/tilmelding/{CODE}/")
    # Prefilled from the register.
    expect(phone.get_by_label("Full name")).to_have_value("Sofie Brandt")
    expect(phone.get_by_label("Address")).to_have_value("Kirkevej 7")
    screenshot(phone, "signup-form-phone")
    # The narrowest phones in use: nothing sticks out sideways.
    phone.set_viewport_size({"width": 360, "height": 740})
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(phone, "signup-form-360")

    # Everything but the first question (køn).
    answers = {
        "Hvor gammel er du?": "40-59 år",
        "Hvad er din højeste fuldførte uddannelse?": "Erhvervsuddannelse",
        "Hvor i Dragør bor du?": "3 – Gl. Dragør og Nordstranden",
        "Ejer eller lejer du din bolig?": "Lejer",
    }
    for question, answer in answers.items():
        phone.get_by_role("group", name=re.compile(re.escape(question))).get_by_label(
            answer, exact=True
        ).check()
    phone.get_by_label("E-mail").fill("sofie@example.dk")
    dates = phone.get_by_role("group", name=re.compile("The dates you can attend"))
    for title in signup_demo.session_titles[:2]:
        dates.get_by_label(re.compile(re.escape(title))).check()
    phone.get_by_label("Dietary needs").fill("Vegetar")
    phone.get_by_label(re.compile("I have read the text about my data")).check()
    phone.get_by_role("button", name="Sign up", exact=True).click()

    # Refused at the question left out; nothing else is lost.
    gender = phone.get_by_role("group", name=re.compile("Hvad er dit køn"))
    expect(gender.locator(".errors")).to_have_text("Choose one answer.")
    expect(phone.get_by_role("alert")).to_contain_text("Nothing has been saved yet.")
    expect(phone.get_by_label("E-mail")).to_have_value("sofie@example.dk")
    expect(phone.get_by_label("Lejer", exact=True)).to_be_checked()
    screenshot(phone, "signup-form-error-phone")
    # The summary's link takes the person to the question.
    phone.get_by_role("alert").get_by_role("link").first.click()
    expect(phone).to_have_url(re.compile(r"#id_feature_\d+$"))

    gender.get_by_label("Kvinde", exact=True).check()
    phone.get_by_label(re.compile("I have read the text about my data")).check()
    phone.get_by_role("button", name="Sign up", exact=True).click()

    # (The browser keeps the #fragment from the error link across the redirect.)
    phone.wait_for_url(re.compile(rf"/tilmelding/{CODE}/tak/(#.*)?$"))
    expect(phone.get_by_role("heading", level=1)).to_have_text("Thank you for signing up")
    expect(phone.get_by_text(f"number {signup_demo.next_number}.")).to_be_visible()
    screenshot(phone, "signup-done-phone")

    phone.get_by_role("link", name="See what we have stored about you").click()
    phone.wait_for_url(f"**/tilmelding/{CODE}/mine-data/")
    stored = phone.locator("dl.stored").first
    expect(stored).to_contain_text("sofie@example.dk")
    expect(stored).to_contain_text("Kvinde")
    expect(stored).to_contain_text("Vegetar")
    expect(stored).to_contain_text(signup_demo.session_titles[0])
    expect(phone.get_by_text("is your key")).to_be_visible()
    screenshot(phone, "signup-my-data-phone")

    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
