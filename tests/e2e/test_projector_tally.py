"""The live tally: the projector shows a member's ballot, cast on a phone in another
browser, without reloading."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from borgersamling.accounts.models import Role
from borgersamling.deliberation import voting
from borgersamling.deliberation.models import Vote
from tests.deliberation.factories import make_draft
from tests.e2e.conftest import PHONE, Demo, Screenshot, new_page

pytestmark = pytest.mark.django_db(transaction=True)

PROJECTOR = ViewportSize(width=1920, height=1080)
PHONE_360 = ViewportSize(width=360, height=PHONE["height"])


@dataclass(frozen=True)
class OpenVote:
    projector_url: str
    ballot_url: str
    code: str
    items: list[int]
    members: int


@pytest.fixture
def open_vote(demo: Demo) -> OpenVote:
    """An open agree/disagree vote on table 1's two recommendations, set up before any
    browser opens (the test body must not touch the database while Playwright runs)."""
    table = demo.assembly.theme_tables.order_by("number").first()
    assert table is not None
    draft = make_draft(
        table,
        recommendations=[
            ("Flere frivillige i ældreplejen", "Kommunen støtter foreningerne med et sekretariat."),
            ("Et sundhedshus i Dragør", "Læge, sygepleje og genoptræning under samme tag."),
        ],
    )
    vote = voting.open_vote(
        voting.create_vote(
            demo.assembly,
            title="Løbende afstemning: tema 1",
            kind=Vote.Kind.AGREE,
            recommendations=list(draft.recommendations.order_by("number")),
            threshold_percent=80,
        )
    )
    member = demo.account(Role.MEMBER)
    assert member.code is not None
    slug = demo.assembly.slug
    return OpenVote(
        projector_url=f"{demo.url}/assemblies/{slug}/votes/{vote.pk}/projector/",
        ballot_url=f"/assemblies/{slug}/votes/{vote.pk}/",
        code=member.code,
        items=list(vote.items.order_by("order").values_list("pk", flat=True)),
        members=voting.member_count(demo.assembly),
    )


@pytest.fixture
def projector(open_vote: OpenVote, browser: Browser) -> Iterator[Page]:
    page = new_page(browser, PROJECTOR)
    yield page
    page.context.close()


@pytest.fixture
def phone360(open_vote: OpenVote, browser: Browser) -> Iterator[Page]:
    page = new_page(browser, PHONE_360)
    yield page
    page.context.close()


def test_a_ballot_cast_on_a_phone_shows_on_the_projector_without_reload(
    demo: Demo,
    open_vote: OpenVote,
    projector: Page,
    phone360: Page,
    screenshot: Screenshot,
) -> None:
    first, second = open_vote.items
    projector.goto(open_vote.projector_url)
    summary = projector.locator('[data-part="summary"]')
    expect(summary).to_have_attribute("aria-live", "polite")
    expect(summary).to_contain_text("0 ")
    expect(summary).to_contain_text(str(open_vote.members))
    # A marker that a reload would wipe out.
    projector.evaluate("window.__notReloaded = true")
    screenshot(projector, "vote-projector-before")

    # The member logs in with their code on a phone and lands on the ballot.
    phone360.goto(f"{demo.url}/login/code/?next={open_vote.ballot_url}")
    phone360.locator("input[name=code]").fill(open_vote.code)
    phone360.locator("main form button[type=submit]").click()
    phone360.wait_for_url(f"**{open_vote.ballot_url}")
    expect(phone360.locator(f'input[name="item-{first}"]')).to_have_count(3)
    # The answer controls are large enough to hit with a thumb.
    box = phone360.locator(".vote-option").first.bounding_box()
    assert box is not None and box["height"] >= 44
    # Nothing sticks out sideways on a 360 px phone.
    assert phone360.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(phone360, "vote-ballot-phone")
    phone360.locator(f'input[name="item-{first}"][value="1"]').check()
    phone360.locator(f'input[name="item-{second}"][value="-1"]').check()
    phone360.locator(".vote-submit").click()
    expect(phone360.locator(".vote-registered")).to_be_visible()
    screenshot(phone360, "vote-ballot-registered-phone")

    # The projector catches up by itself (it polls every second; allow five).
    projector.wait_for_function(
        """([first, second]) => {
            const figure = (pk) => document.querySelector(
                `[data-item="${pk}"] [data-part="figure"]`).textContent.trim();
            const summary = document.querySelector('[data-part="summary"]').textContent;
            return summary.trim().startsWith("1 ") && figure(first) === "100 %"
                && figure(second) === "0 %";
        }""",
        arg=[first, second],
        timeout=5_000,
    )
    assert projector.evaluate("window.__notReloaded === true")
    width = projector.locator(f'[data-item="{first}"] [data-part="bar"]').evaluate(
        "bar => bar.style.width"
    )
    assert width == "100%"
    screenshot(projector, "vote-projector-after")
