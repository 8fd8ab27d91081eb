"""Pages pass axe-core's WCAG 2.1 A and AA rules, in the whole Dragør demo. The seating
pages one by one (the secretariat's overview, preferences, a locked and a draft session's
board with every move and role control, the projector's "Find dit bord"); then every page a
visitor, a member on a phone (from their own page: table, tablemates, wishes) and the
secretariat reach by following links, each view once."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from borgersamling.accounts.demo import DEMO_PASSWORD
from borgersamling.accounts.models import LoginToken, Participant
from borgersamling.accounts.services import issue_login
from borgersamling.assemblies import demo as seed
from borgersamling.assemblies import member_views
from borgersamling.assemblies.models import Session
from borgersamling.seating import editing, planning, tasks, undoing
from borgersamling.seating.models import SeatingPlan
from borgersamling.site.server import load_full_demo
from tests.e2e.accessibility import describe, header_links_apart, violations
from tests.e2e.conftest import log_in_with_password

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.accessibility]

OPEN_SESSION_DAY = datetime.date(2025, 5, 13)
FACILITATOR = "facilitator"
DEMO_MEMBER = "Mette Medlem"


@dataclass(frozen=True)
class Site:
    base: str
    seating: str
    facilitator: str
    member_code: str


@pytest.fixture
def site(live_server: LiveServer, transactional_db: None, settings: Any) -> Site:
    """The whole demo, as ``borgersamling demo`` serves it (the drawn panel of 36 seated,
    drafts, report, follow-up), with the last session's seating back to a draft so its
    board shows the controls for moving people, setting roles and undoing a move, and the
    previous draft to compare with."""
    settings.BORGERSAMLING_SEATING_EFFORT = 3  # the pages are checked, not the seating
    load_full_demo(live_server.url)
    last = Session.objects.filter(assembly__slug=seed.SLUG).order_by("number").last()
    assert last is not None
    editing.unlock(SeatingPlan.objects.get(session=last))
    # Generated again, so the page also compares with the previous draft.
    draft = planning.generate(last, seed=11, mixing="strict")
    # Two moves by hand, the second undone: the log marks it, the button offers the first.
    seats = list(last.seats.select_related("participant", "theme_table")[:2])
    for seat in seats:
        table = last.assembly.theme_tables.exclude(pk=seat.theme_table_id).first()
        assert table is not None
        editing.move(draft, seat.participant, table)
    undoing.undo(draft)
    member = Participant.objects.get(assembly__slug=seed.SLUG, name=DEMO_MEMBER)
    return Site(
        base=live_server.url,
        seating=f"{live_server.url}/assemblies/{seed.SLUG}/secretariat/seating/",
        facilitator=FACILITATOR,
        member_code=issue_login(member, LoginToken.Kind.CODE).secret,
    )


def log_in(page: Page, site: Site) -> None:
    log_in_with_password(page, site.base, site.facilitator, DEMO_PASSWORD)


DRAFT = f"sessions/{len(seed.SESSIONS)}/"  # with every move, role and undo control
SEATING_PAGES = [
    "",
    "preferences/",
    "apart/",
    f"sessions/{seed.OPEN_SESSION_NUMBER}/",  # locked
    DRAFT,
    f"sessions/{seed.OPEN_SESSION_NUMBER}/screen/",
]


def test_the_secretariat_seating_pages(site: Site, laptop: Page) -> None:
    log_in(laptop, site)
    failures = []
    for path in SEATING_PAGES:
        laptop.goto(site.seating + path)
        if path == DRAFT:
            assert laptop.locator("#undo-button, tr.undone").count() == 2  # checked too
            assert laptop.locator(".previous-draft, .search-on").count() == 2
            assert laptop.locator("form[action$='/take/'], #read-file").count() == 3
        found = violations(laptop)
        if found:
            failures.append(f"{path or 'overview'}\n{describe(found)}")
    assert not failures, "\n\n".join(failures)


@pytest.fixture
def run_under_way(site: Site) -> Site:
    """The draft session being generated again: a run waits in the queue (no worker)."""
    last = Session.objects.filter(assembly__slug=seed.SLUG).order_by("number").last()
    assert last is not None
    tasks.start_seating_run(last, planning.Request(seed=1, mixing="strict"))
    return site


def test_the_seating_page_while_a_run_is_under_way(run_under_way: Site, laptop: Page) -> None:
    log_in(laptop, run_under_way)
    laptop.goto(run_under_way.seating + DRAFT)
    expect(laptop.get_by_role("progressbar")).to_be_visible()
    found = violations(laptop)
    assert not found, describe(found)


# --- every page of the site ---------------------------------------------------------------

# Login links (one use each), logging out and files are not pages to check; /login/ and
# /login/code/ are.
NOT_PAGES = re.compile(
    r"^/(login/(?!code/$).+|logout/|i18n/|admin/|static/|media/)|\.(pdf|csv|xlsx|zip|ics|json)$"
)


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
        apart = header_links_apart(page)
        if found or apart:
            failures.append(f"{view} {path}\n{describe(found)}\n" + "\n".join(apart))
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
    # The crawl starts on the member's own page: their table, tablemates and wishes.
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
