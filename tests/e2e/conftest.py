"""Browser tests: real Chromium (Debian's, installed by ``scripts/setup``) driven by
Playwright against pytest-django's live server, with the Dragør demo loaded.

Playwright's own browser download is never used: the tests launch ``/usr/bin/chromium``.
Screenshots go to the test's tmp dir and, for people to look at, to ``/tmp/e2e-<name>.png``.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, sync_playwright
from pytest_django.live_server_helper import LiveServer

from borgersamling.accounts.demo import DemoAccount, create_demo_accounts
from borgersamling.assemblies.demo import load_demo
from borgersamling.assemblies.models import Assembly
from borgersamling.seating.demo import seat_demo_members

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHONE = ViewportSize(width=390, height=844)
LAPTOP = ViewportSize(width=1366, height=900)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/e2e/" in str(item.path):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture
def browser() -> Iterator[Browser]:
    """One Chromium per test (about a second to start). Per test, not per session, because
    Playwright's sync API keeps an asyncio loop running on this thread while it is open, and
    Django refuses database work beside a running loop: pytest-django must flush the
    database after the browser has closed."""
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        pytest.fail(f"{CHROMIUM} is missing: run scripts/setup, which installs Debian's chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass(frozen=True)
class Demo:
    url: str
    assembly: Assembly
    accounts: list[DemoAccount]
    # (member's name, session number) → (table number, theme), read before any browser opens:
    # while Playwright's sync API runs, the test body must not touch the database.
    tables: dict[tuple[str, int], tuple[int, str]]

    def account(self, role: str) -> DemoAccount:
        return next(account for account in self.accounts if account.role == role)


@pytest.fixture
def demo(live_server: LiveServer, transactional_db: None) -> Demo:
    """The Dragør demo as ``borgersamling demo`` serves it: content, accounts and seats."""
    assembly = load_demo()
    accounts = create_demo_accounts(assembly)
    tables = {
        (seat.participant.name, seat.session.number): (
            seat.theme_table.number,
            seat.theme_table.theme,
        )
        for seat in seat_demo_members(assembly)
    }
    return Demo(url=live_server.url, assembly=assembly, accounts=accounts, tables=tables)


def new_page(browser: Browser, viewport: ViewportSize) -> Page:
    context = browser.new_context(viewport=viewport, locale="en-US")
    context.set_default_timeout(10_000)
    return context.new_page()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    page = new_page(browser, PHONE)
    yield page
    page.context.close()


@pytest.fixture
def laptop(browser: Browser) -> Iterator[Page]:
    page = new_page(browser, LAPTOP)
    yield page
    page.context.close()


def log_in_with_password(page: Page, base: str, username: str, password: str) -> None:
    """The secretariat's login form, in Danish, through to their account page."""
    page.goto(base + "/login/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(password)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url("**/account/")


Screenshot = Callable[[Page, str], Path]


@pytest.fixture
def screenshot(tmp_path: Path) -> Screenshot:
    """``screenshot(page, name)``: the whole page, in tmp_path and as /tmp/e2e-<name>.png."""

    def take(page: Page, name: str) -> Path:
        path = tmp_path / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        shutil.copy(path, Path("/tmp") / f"e2e-{name}.png")
        return path

    return take
