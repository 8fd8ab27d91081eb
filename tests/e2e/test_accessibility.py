"""Pages pass axe-core's WCAG 2.1 A and AA rules. The seating pages one by one (the
secretariat's overview, preferences and a draft session's board with every move and role
control, the projector's "Find dit bord", the member's page with their table, tablemates and
wishes); then every page a visitor, a member on a phone and the secretariat reach by following
links through the Dragør demo, each view once."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from borgersamling.accounts.demo import DEMO_PASSWORD
from borgersamling.accounts.models import Role
from borgersamling.assemblies import demo as seed
from borgersamling.assemblies import member_views
from borgersamling.seating import planning
from borgersamling.seating.models import SeatingPlan
from tests.e2e.accessibility import assert_accessible, describe, violations
from tests.e2e.conftest import Demo

pytestmark = pytest.mark.django_db(transaction=True)

OPEN_SESSION_DAY = datetime.date(2025, 5, 13)


@dataclass(frozen=True)
class Site:
    base: str
    seating: str
    facilitator: str
    member_code: str


@pytest.fixture
def site(demo: Demo) -> Site:
    """The demo with the last session's seating back to a draft, so its board shows the
    controls for moving people and setting roles."""
    last = demo.assembly.sessions.order_by("number").last()
    assert last is not None
    planning.unlock(SeatingPlan.objects.get(session=last))
    facilitator = demo.account(Role.FACILITATOR)
    member = demo.account(Role.MEMBER)
    assert facilitator.username is not None and member.code is not None
    return Site(
        base=demo.url,
        seating=f"{demo.url}/assemblies/{seed.SLUG}/secretariat/seating/",
        facilitator=facilitator.username,
        member_code=member.code,
    )


def log_in(page: Page, site: Site) -> None:
    page.goto(site.base + "/login/")
    page.get_by_label("Brugernavn").fill(site.facilitator)
    page.get_by_label("Adgangskode").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url("**/account/")


@pytest.mark.parametrize(
    "path",
    [
        "",
        "preferences/",
        f"sessions/{seed.OPEN_SESSION_NUMBER}/",
        f"sessions/{len(seed.SESSIONS)}/",
        f"sessions/{seed.OPEN_SESSION_NUMBER}/screen/",
    ],
    ids=["overview", "preferences", "locked-session", "draft-session", "projector-screen"],
)
def test_the_secretariat_seating_pages(site: Site, laptop: Page, path: str) -> None:
    log_in(laptop, site)
    laptop.goto(site.seating + path)
    assert_accessible(laptop)


def test_the_member_page_with_table_and_wishes(
    site: Site, phone: Page, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(member_views, "today", lambda: OPEN_SESSION_DAY)
    phone.goto(site.base + "/login/code/")
    phone.get_by_label("Din personlige kode").fill(site.member_code)
    phone.get_by_role("button", name="Log ind").click()
    phone.wait_for_url(f"**/assemblies/{seed.SLUG}/me/")
    assert_accessible(phone)


# --- every page of the site ---------------------------------------------------------------

NOT_PAGES = re.compile(r"^/(login|logout|i18n|admin|static|media)/|\.(pdf|csv|xlsx|zip|ics|json)$")


def check_every_view(page: Page, starts: list[str]) -> tuple[set[str], list[str]]:
    """Follow the site's links from ``starts`` (breadth first) and run axe on the first page
    of every view reached: returns the views checked and a description of each failure."""
    base = "{0.scheme}://{0.netloc}".format(urlsplit(starts[0]))
    checked: set[str] = set()
    failures: list[str] = []
    queue, queued = list(starts), set(starts)
    while queue:
        url = queue.pop(0)
        path = urlsplit(url).path
        if NOT_PAGES.search(path):
            continue
        try:
            view = resolve(path).view_name
        except Resolver404:
            continue
        if view in checked:
            continue
        try:
            response = page.goto(url)
        except PlaywrightError as error:
            if "Download is starting" in str(error):
                continue  # a file, not a page
            raise
        if response is None or response.status != 200:
            continue
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        checked.add(view)
        found = violations(page)
        if found:
            failures.append(f"{view} {path}\n{describe(found)}")
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            link = href.split("#")[0]
            if link.startswith(base) and link not in queued:
                queued.add(link)
                queue.append(link)
    return checked, failures


def test_every_page_a_visitor_reaches(site: Site, phone: Page) -> None:
    checked, failures = check_every_view(
        phone,
        [
            site.base + "/",
            site.base + "/g/",
            f"{site.base}/assemblies/{seed.SLUG}/",
            f"{site.base}/assemblies/{seed.SLUG}/tilmelding/",
        ],
    )
    assert len(checked) >= 8, checked
    assert not failures, "\n\n".join(failures)


def test_every_page_a_member_reaches_on_a_phone(
    site: Site, phone: Page, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(member_views, "today", lambda: OPEN_SESSION_DAY)
    phone.goto(site.base + "/login/code/")
    phone.get_by_label("Din personlige kode").fill(site.member_code)
    phone.get_by_role("button", name="Log ind").click()
    phone.wait_for_url(f"**/assemblies/{seed.SLUG}/me/")
    checked, failures = check_every_view(phone, [phone.url])
    assert len(checked) >= 12, checked
    assert not failures, "\n\n".join(failures)


def test_every_page_the_secretariat_reaches(site: Site, laptop: Page) -> None:
    log_in(laptop, site)
    checked, failures = check_every_view(
        laptop, [f"{site.base}/assemblies/{seed.SLUG}/secretariat/", site.base + "/account/"]
    )
    assert len(checked) >= 50, checked
    assert not failures, "\n\n".join(failures)
