"""A guest at the open session on a phone: types the table's code, reads the draft, taps
smileys (without reloads), writes an input card and moves to another table. And the
secretariat's printable table cards and moderation page, to look at."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

import pytest
from django.db import connections
from playwright.sync_api import Browser, Page, expect
from pytest_django.fixtures import Settings

from borgersamling.accounts.demo import DEMO_PASSWORD
from borgersamling.accounts.models import Role
from borgersamling.assemblies import demo as seed
from borgersamling.deliberation import guests
from borgersamling.deliberation.demo import load_demo_drafts
from borgersamling.deliberation.models import Guest, InputCard, Reaction, Section
from tests.e2e.conftest import LAPTOP, PHONE, Demo, Screenshot, new_page

pytestmark = pytest.mark.django_db(transaction=True)

OPEN_SESSION_DAY = datetime.date(2025, 5, 13)
T = TypeVar("T")


def off_the_browser_thread(query: Callable[[], T]) -> T:
    """Run a database query while Playwright's loop runs on this thread: Django refuses
    database work beside a running event loop, so ask from a thread of its own."""

    def run() -> T:
        try:
            return query()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


@dataclass(frozen=True)
class Tables:
    first_code: str
    first_theme: str
    second_theme: str
    first_recommendation: str  # the target key "rec-<pk>"
    slug: str


@pytest.fixture
def tables(demo: Demo, settings: Settings) -> Tables:
    """The demo on the open session's day, with its drafts; read before any browser opens."""
    # The live server runs in this process, so it follows the pinned day too.
    settings.DEMO_DATE = OPEN_SESSION_DAY
    load_demo_drafts(demo.assembly)
    first, second = demo.assembly.theme_tables.order_by("number")[:2]
    draft = first.draft
    draft.refresh_from_db()
    recommendation = guests.current_recommendation_ids(draft)[0]
    return Tables(
        first_code=guests.table_code(first).code,
        first_theme=first.theme,
        second_theme=second.theme,
        first_recommendation=f"rec-{recommendation}",
        slug=demo.assembly.slug,
    )


@pytest.fixture
def guest_phone(tables: Tables, browser: Browser) -> Iterator[Page]:
    page = new_page(browser, PHONE)
    yield page
    page.context.close()


@pytest.fixture
def room_input(demo: Demo, tables: Tables) -> None:
    """Two guests' cards on table 1, one of them hidden, for the moderation page."""
    from borgersamling.deliberation import moderation
    from borgersamling.deliberation.guests import Target

    table = demo.assembly.theme_tables.get(number=1)
    draft = table.draft
    session = guests.open_session_today(demo.assembly)
    guest = guests.new_guest(demo.assembly, table)
    guests.add_card(guest, draft, Target(Section.FUTURE), "Flere bænke langs havnen", session)
    rude = guests.add_card(guest, draft, Target(Section.QUESTIONS), "Et groft kort", session)
    facilitator = demo.assembly.participants.filter(role=Role.FACILITATOR).first()
    assert facilitator is not None and facilitator.user is not None
    moderation.hide(rude, facilitator.user, "Krænkende sprog")


@pytest.fixture
def secretariat_laptop(tables: Tables, room_input: None, browser: Browser) -> Iterator[Page]:
    page = new_page(browser, LAPTOP)
    yield page
    page.context.close()


def test_a_guest_joins_by_code_reacts_writes_and_moves_table(
    demo: Demo, tables: Tables, guest_phone: Page, screenshot: Screenshot
) -> None:
    phone = guest_phone
    phone.goto(f"{demo.url}/g/")
    # Typed the way people type: lower case, with a space.
    code = tables.first_code
    phone.locator("input[name=code]").fill(f"{code[:3].lower()} {code[3:].lower()}")
    screenshot(phone, "guest-code-phone")
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url(f"**/g/{tables.slug}/1/")
    expect(phone.get_by_role("heading", level=1)).to_have_text(tables.first_theme)
    expect(phone.locator("#t-future .section-text")).not_to_be_empty()
    expect(phone.locator(".guest-recommendation")).not_to_have_count(0)
    # Nothing sticks out sideways, and the smileys are big enough for a thumb.
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    box = phone.locator("#t-future .smiley").first.bounding_box()
    assert box is not None and box["height"] >= 48 and box["width"] >= 88
    screenshot(phone, "guest-table-phone")
    # The narrowest phones in the room: 360 px.
    phone.set_viewport_size({"width": 360, "height": PHONE["height"]})
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    box = phone.locator("#t-future .smiley").first.bounding_box()
    assert box is not None and box["height"] >= 48 and box["width"] >= 80
    screenshot(phone, "guest-table-phone-360")
    phone.set_viewport_size(PHONE)

    # Smileys go through guest.js: no reload (a reload would wipe this marker).
    phone.evaluate("window.__notReloaded = true")
    future = phone.locator("#t-future")
    future.locator("button[value=positive]").click()
    expect(future.locator("button[value=positive]")).to_have_attribute("aria-pressed", "true")
    expect(future.locator("button[value=negative]")).to_have_attribute("aria-pressed", "false")
    recommendation = phone.locator(f"#t-{tables.first_recommendation}")
    recommendation.locator("button[value=negative]").click()
    expect(recommendation.locator("button[value=negative]")).to_have_attribute(
        "aria-pressed", "true"
    )
    # Changing one's mind: the latest counts.
    recommendation.locator("button[value=neutral]").click()
    expect(recommendation.locator("button[value=neutral]")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(recommendation.locator("button[value=negative]")).to_have_attribute(
        "aria-pressed", "false"
    )
    assert phone.evaluate("window.__notReloaded === true")

    # An input card on section 2.
    priorities = phone.locator("#t-priorities")
    priorities.locator("summary").click()
    priorities.locator("textarea").fill("Husk transporten for de ældre <3")
    screenshot(phone, "guest-write-phone")
    priorities.locator(".guest-card-form button[type=submit]").click()
    phone.wait_for_url("**?sent=priorities#t-priorities")
    expect(phone.locator("#t-priorities .guest-thanks")).to_be_visible()
    expect(phone.locator("#t-priorities .guest-cards")).to_contain_text(
        "Husk transporten for de ældre <3"
    )
    # The page came back with the choices still pressed.
    expect(phone.locator("#t-future button[value=positive]")).to_have_attribute(
        "aria-pressed", "true"
    )
    screenshot(phone, "guest-card-sent-phone")

    # Move to table 2 with the list of tables.
    phone.locator(".guest-move a").click()
    phone.wait_for_url(f"**/g/{tables.slug}/tables/")
    screenshot(phone, "guest-tables-phone")
    phone.locator("button[name=table][value='2']").click()
    phone.wait_for_url(f"**/g/{tables.slug}/2/")
    expect(phone.get_by_role("heading", level=1)).to_have_text(tables.second_theme)
    phone.locator("#t-questions button[value=negative]").click()
    expect(phone.locator("#t-questions button[value=negative]")).to_have_attribute(
        "aria-pressed", "true"
    )
    screenshot(phone, "guest-table-2-phone")

    # Back to table 1 with its code: the same guest, the same smileys.
    phone.goto(f"{demo.url}/g/{code}/")
    phone.wait_for_url(f"**/g/{tables.slug}/1/")
    expect(phone.locator("#t-future button[value=positive]")).to_have_attribute(
        "aria-pressed", "true"
    )

    def stored() -> tuple[list[int], dict[tuple[int, str, int | None], str], list[str]]:
        guest_rows = list(Guest.objects.values_list("label", flat=True))
        reactions = {
            (r.draft.theme_table.number, r.section, r.recommendation_id): r.smiley
            for r in Reaction.objects.select_related("draft__theme_table")
        }
        cards = [
            f"{c.draft.theme_table.number}:{c.section}:{c.source}:{c.text}"
            for c in InputCard.objects.select_related("draft__theme_table")
        ]
        return guest_rows, reactions, cards

    guest_rows, reactions, cards = off_the_browser_thread(stored)
    rec_pk = int(tables.first_recommendation.removeprefix("rec-"))
    assert guest_rows == [1]
    assert reactions == {
        (1, Section.FUTURE, None): "positive",
        (1, Section.RECOMMENDATIONS, rec_pk): "neutral",
        (2, Section.QUESTIONS, None): "negative",
    }
    assert cards == ["1:priorities:guest:Husk transporten for de ældre <3"]


def test_the_secretariat_prints_table_cards_and_moderates(
    demo: Demo, tables: Tables, secretariat_laptop: Page, screenshot: Screenshot
) -> None:
    laptop = secretariat_laptop
    facilitator = demo.account(Role.FACILITATOR)
    assert facilitator.username is not None
    laptop.goto(demo.url + "/login/")
    laptop.locator("input[name=username]").fill(facilitator.username)
    laptop.locator("input[name=password]").fill(DEMO_PASSWORD)
    laptop.locator("main form button[type=submit]").click()
    laptop.wait_for_url("**/account/")

    laptop.goto(f"{demo.url}/assemblies/{seed.SLUG}/secretariat/guest-cards/")
    cards = laptop.locator(".table-card")
    expect(cards).to_have_count(len(seed.THEME_TABLES))
    expect(cards.first.locator("svg.qr")).to_be_visible()
    expect(cards.first.locator(".table-card-code")).to_have_text(
        f"{tables.first_code[:3]}\u2009{tables.first_code[3:]}"
    )
    screenshot(laptop, "guest-cards-laptop")
    # Printed: two cards per A4 sheet (Chromium's PDF is the print layout).
    laptop.pdf(path="/tmp/e2e-guest-cards.pdf", format="A4", print_background=True)

    laptop.goto(f"{demo.url}/assemblies/{seed.SLUG}/secretariat/guest-input/")
    expect(laptop.locator(".moderation-card")).to_have_count(2)
    expect(laptop.locator(".moderation-card.is-hidden")).to_contain_text("Krænkende sprog")
    expect(laptop.locator(".moderation-log tbody tr")).to_have_count(1)
    screenshot(laptop, "guest-moderation-laptop")
