"""The secretariat seats a session in the browser: generate, move a member by hand and see
the figures change without a reload, lock, and the member sees their table on the phone."""

from __future__ import annotations

import csv
import io
import threading
import time
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from playwright.sync_api import (
    Browser,
    FilePayload,
    Locator,
    Page,
    Position,
    ViewportSize,
    expect,
)
from pytest_django.live_server_helper import LiveServer

from borgersamling.accounts.models import LoginToken
from borgersamling.accounts.services import issue_login
from borgersamling.seating import planning, runs, template_file, views
from borgersamling.seating.models import SeatingRun
from tests.accounts.factories import PASSWORD, make_assembly, make_secretariat
from tests.e2e.accessibility import assert_accessible
from tests.e2e.conftest import Screenshot, log_in_with_password
from tests.seating.conftest import IMMEDIATE
from tests.seating.factories import make_room

pytestmark = pytest.mark.django_db(transaction=True)

TABLET = ViewportSize(width=820, height=1180)
QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@dataclass(frozen=True)
class Room:
    """What the browsers need, read before they open (no database work beside them)."""

    url: str
    seating_page: str
    member_page: str
    secretariat: str
    member: str
    member_link: str


@pytest.fixture
def room(live_server: LiveServer, transactional_db: None, settings: Any) -> Room:
    settings.BORGERSAMLING_SEATING_EFFORT = 3  # the test checks the page, not the search
    settings.TASKS = IMMEDIATE  # seated inside the request; a test below queues instead
    made = make_room(make_assembly(), members=12, tables=3, sessions=1)
    session = made.sessions[0]
    settings.DEMO_DATE = session.date  # the member's "today" is the session's day
    member = made.members[0]
    secret = issue_login(member, LoginToken.Kind.LINK).secret
    slug = made.assembly.slug
    return Room(
        url=live_server.url,
        seating_page=f"{live_server.url}/assemblies/{slug}/secretariat/seating/sessions/1/",
        member_page=f"{live_server.url}/assemblies/{slug}/me/",
        secretariat=make_secretariat(made.assembly).username,
        member=member.name,
        member_link=f"{live_server.url}/login/{secret}/",
    )


def generate_on_the_board(laptop: Page, room: Room) -> None:
    log_in_with_password(laptop, room.url, room.secretariat, PASSWORD)
    laptop.goto(room.seating_page)
    laptop.locator("form.generate-form").get_by_role("button", name="Dan").click()
    expect(laptop.locator("#figures")).to_be_visible()


def move_to_the_first_table_offered(laptop: Page, room: Room) -> str:
    """Move the room's member with their own controls; returns the table's name ("Bord N")."""
    select = laptop.get_by_label(f"Flyt {room.member} til", exact=True)
    option = select.locator("optgroup").first.locator("option").first
    table = (option.text_content() or "").split("(")[0].strip()
    select.select_option(option.get_attribute("value"))
    laptop.get_by_role("button", name=f"Flyt {room.member}").click()
    return table


def test_generate_move_and_lock_then_the_member_sees_the_table(
    room: Room, laptop: Page, phone: Page, screenshot: Screenshot
) -> None:
    log_in_with_password(laptop, room.url, room.secretariat, PASSWORD)

    laptop.goto(room.seating_page)
    expect(laptop.locator("h1")).to_contain_text("Ikke placeret endnu")
    laptop.evaluate("window.notReloaded = true")
    laptop.locator("form.generate-form").get_by_role("button", name="Dan").click()
    figures = laptop.locator("#figures")
    expect(figures).to_be_visible()
    mixing = figures.locator('.figure-card:has(h3:text-is("Blanding")) .figure-big')
    expect(mixing).to_have_text("6 / 6")  # three tables, two features, all mixed
    expect(laptop.locator("h1 .badge")).to_have_text("Kladde")

    # Move the first member to another table: the tables become 5, 4 and 3, and the
    # destination's mix, counted per feature on its card, changes in place.
    seat = laptop.locator(".seat", has=laptop.locator(".seat-name", has_text=room.member))
    first_offered = laptop.get_by_label(f"Flyt {room.member} til", exact=True).locator(
        "optgroup option"
    )
    destination_name = (first_offered.first.text_content() or "").split("(")[0].strip()
    destination = laptop.locator(
        ".seating-table", has=laptop.locator("h3", has_text=destination_name)
    )
    mix_before = destination.locator(".mix").inner_text()
    assert move_to_the_first_table_offered(laptop, room) == destination_name
    expect(destination.locator(".seat-name", has_text=room.member)).to_be_visible()
    expect(seat.get_by_title("Placeret i hånden")).to_have_text("i hånden")
    assert destination.locator(".mix").inner_text() != mix_before
    sizes = laptop.locator(".seating-table .table-size").all_inner_texts()
    assert sorted(sizes) == ["(3)", "(4)", "(5)"]
    assert laptop.evaluate("window.notReloaded") is True
    expect(laptop.locator("#seating-working")).to_be_empty()
    screenshot(laptop, "seating-after-move")

    # A second host at the destination, set by hand: the roles card warns and offers to
    # choose hosts and scribes again, which puts one host at each table, in place.
    plain = destination.locator(".seat").filter(has_not=laptop.locator(".badge-role")).first
    name = plain.locator(".seat-name strong").inner_text()
    plain.get_by_label(f"Rolle for {name}", exact=True).select_option("host")
    plain.get_by_role("button", name=f"Sæt rolle {name}").click()
    expect(laptop.locator("ul.messages")).to_contain_text(f"Rollen for {name} er ændret")
    roles_card = figures.locator('.figure-card:has(h3:text-is("Værter og referenter"))')
    expect(roles_card).to_contain_text("Borde med to værter")
    roles_card.get_by_role("button", name="Vælg værter og referenter igen").click()
    expect(laptop.locator("ul.messages")).to_contain_text("Værter og referenter valgt igen")
    expect(roles_card).not_to_contain_text("Borde med to værter")
    assert laptop.evaluate("window.notReloaded") is True
    screenshot(laptop, "seating-roles-chosen-again")

    laptop.get_by_role("button", name="Lås bordplaceringen").click()
    expect(laptop.locator("h1 .badge")).to_have_text("Låst")
    table = laptop.locator(".seating-table", has=seat)
    heading = table.locator("h3").inner_text()

    phone.goto(room.member_link)
    phone.get_by_role("button", name="Log ind").click()
    phone.goto(room.member_page)
    number = heading.split("·")[0].strip()  # "Bord N"
    expect(phone.locator(".my-table-number")).to_have_text(number)
    screenshot(phone, "seating-member-phone")


def test_the_projector_screen_shows_a_move_without_reloading(
    room: Room, laptop: Page, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The live server runs in this process: let the screen look again every second.
    monkeypatch.setattr(views, "SCREEN_REFRESH_SECONDS", 1)
    generate_on_the_board(laptop, room)

    projector = laptop.context.new_page()
    projector.goto(room.seating_page + "screen/")
    projector.evaluate("window.notReloaded = true")
    card = projector.locator(".screen-table", has=projector.get_by_text(room.member))
    before = card.locator("h2").inner_text()

    after = move_to_the_first_table_offered(laptop, room)
    expect(laptop.locator("ul.messages")).to_contain_text("flyttet til bord")

    assert after != before
    expect(card.locator("h2")).to_have_text(after)
    expect(projector.locator(".screen-tables[data-fitted]")).to_have_count(1)
    assert projector.evaluate("window.notReloaded") is True


def test_a_member_is_moved_with_the_keyboard_alone(room: Room, laptop: Page) -> None:
    generate_on_the_board(laptop, room)

    select = laptop.get_by_label(f"Flyt {room.member} til", exact=True)
    select_id = select.get_attribute("id")
    select.focus()
    laptop.keyboard.press("ArrowDown")  # the second table in the list
    chosen = select.evaluate("s => s.options[s.selectedIndex].text").split("(")[0].strip()
    laptop.keyboard.press("Tab")
    assert laptop.evaluate("document.activeElement.textContent").startswith("Flyt")
    laptop.keyboard.press("Enter")
    table = laptop.locator(".seating-table", has=laptop.locator("h3", has_text=chosen))
    expect(table.locator(".seat-name", has_text=room.member)).to_be_visible()
    # The board was swapped in, and the keyboard is back where it was, on this member.
    expect(laptop.locator(f"#{select_id}")).to_be_focused()


def test_a_move_is_undone_in_place(room: Room, laptop: Page, screenshot: Screenshot) -> None:
    generate_on_the_board(laptop, room)
    laptop.evaluate("window.notReloaded = true")
    seat = laptop.locator(".seat", has=laptop.locator(".seat-name", has_text=room.member))
    home = laptop.locator(".seating-table", has=seat).locator("h3").inner_text()
    board = laptop.locator(".seating-tables").inner_text()
    destination = move_to_the_first_table_offered(laptop, room)
    undo = laptop.get_by_role(
        "button", name=f"Fortryd: {room.member} flyttet til {destination.lower()}"
    )
    expect(undo).to_be_visible()
    screenshot(laptop, "seating-undo-offered")
    undo.click()
    expect(laptop.locator("ul.messages")).to_contain_text(f"Fortrudt: {room.member} flyttet")
    expect(laptop.locator(".seating-table", has=seat).locator("h3")).to_have_text(home)
    # The board is as generated again (the "by hand" mark gone too), without a reload, and
    # the keyboard lands on the tables' heading, as the button has gone.
    assert laptop.locator(".seating-tables").inner_text() == board
    expect(undo).to_have_count(0)
    expect(laptop.locator("#tables-heading")).to_be_focused()
    assert laptop.evaluate("window.notReloaded") is True
    expect(laptop.locator("tr.undone")).to_have_count(1)


BY_THE_NAME: Position = {"x": 12, "y": 12}  # a member is picked up by their name, not a control


def test_members_are_dragged_to_a_table_and_onto_a_member(room: Room, laptop: Page) -> None:
    generate_on_the_board(laptop, room)
    laptop.evaluate("window.notReloaded = true")

    def table_of(name: str) -> Locator:
        seat = laptop.locator(".seat", has=laptop.locator(".seat-name", has_text=name))
        return laptop.locator(".seating-table", has=seat)

    seat = laptop.locator(".seat", has=laptop.locator(".seat-name", has_text=room.member))
    home = table_of(room.member).get_attribute("data-table")
    there = laptop.locator(f".seating-table:not([data-table='{home}'])").first
    there_id = there.get_attribute("data-table")

    # Onto another table: moved there, as with the move form.
    seat.drag_to(there.locator("h3"), source_position=BY_THE_NAME)
    expect(laptop.locator("ul.messages")).to_contain_text(f"{room.member} er flyttet til bord")
    expect(table_of(room.member)).to_have_attribute("data-table", str(there_id))

    # Onto a member at the table left: the two swap.
    partner = laptop.locator(f".seating-table[data-table='{home}'] .seat").first
    partner_name = partner.locator(".seat-name strong").inner_text()
    seat.drag_to(partner, source_position=BY_THE_NAME)
    expect(laptop.locator("ul.messages")).to_contain_text(
        f"{room.member} og {partner_name} har byttet borde"
    )
    expect(table_of(room.member)).to_have_attribute("data-table", str(home))
    expect(table_of(partner_name)).to_have_attribute("data-table", str(there_id))
    assert laptop.evaluate("window.notReloaded") is True


TOUCH_DRAG = """([handle, target]) => {
    // A finger's drag as the browser reports it: pointer events of type "touch".
    const centre = (el) => {
        const box = el.getBoundingClientRect();
        return { clientX: box.x + box.width / 2, clientY: box.y + box.height / 2 };
    };
    const touch = (type, el, at) => el.dispatchEvent(new PointerEvent(type, {
        pointerId: 7, pointerType: "touch", isPrimary: true, bubbles: true, cancelable: true,
        ...at,
    }));
    touch("pointerdown", handle, centre(handle));
    touch("pointermove", handle, centre(target));
    const marked = document.querySelectorAll(".drop-here").length;
    touch("pointerup", handle, centre(target));
    return marked;
}"""


def test_a_member_is_dragged_by_the_handle_on_a_touch_screen(
    room: Room, browser: Browser, screenshot: Screenshot
) -> None:
    context = browser.new_context(viewport=TABLET, has_touch=True, is_mobile=True, locale="en-US")
    context.set_default_timeout(10_000)
    tablet = context.new_page()
    generate_on_the_board(tablet, room)
    seat = tablet.locator(".seat", has=tablet.locator(".seat-name", has_text=room.member))
    handle = seat.locator(".drag-handle")
    expect(handle).to_be_visible()
    # The page must not scroll instead of dragging: the handle takes the touch itself.
    assert handle.evaluate("el => getComputedStyle(el).touchAction") == "none"
    home = tablet.locator(".seating-table", has=seat).get_attribute("data-table")
    there = tablet.locator(f".seating-table:not([data-table='{home}'])").first
    there_id = there.get_attribute("data-table")
    screenshot(tablet, "seating-tablet")
    # In the middle of the window, away from the edges where a finger scrolls the page.
    there.locator("h3").evaluate("el => el.scrollIntoView({block: 'center'})")
    marked = tablet.evaluate(
        TOUCH_DRAG, [handle.element_handle(), there.locator("h3").element_handle()]
    )
    assert marked == 1  # the table under the finger is shown as the drop place
    expect(tablet.locator("ul.messages")).to_contain_text(f"{room.member} er flyttet til bord")
    moved = tablet.locator(".seat", has=tablet.locator(".seat-name", has_text=room.member))
    expect(tablet.locator(".seating-table", has=moved)).to_have_attribute(
        "data-table", str(there_id)
    )
    context.close()


def compute_in_a_worker(pause: float) -> threading.Thread:
    """The background worker, in a thread of its own (the test's thread runs the browser):
    it computes the queued run, staying ``pause`` seconds at each stage so the page, which
    asks every second, sees it under way."""

    class Slow(runs.SeatingReporter):
        def stage(self, name: str) -> None:
            super().stage(name)
            time.sleep(pause)

    def work() -> None:
        try:
            run = SeatingRun.objects.get(status=SeatingRun.Status.QUEUED)
            runs.execute_run(run.pk, Slow(run, [1.0, 0.5, 0.5], interval=0))
        finally:
            connection.close()

    worker = threading.Thread(target=work)
    worker.start()
    return worker


def test_a_thorough_run_is_followed_until_the_seating_shows(
    room: Room, laptop: Page, settings: Any, screenshot: Screenshot
) -> None:
    settings.TASKS = QUEUE
    log_in_with_password(laptop, room.url, room.secretariat, PASSWORD)
    laptop.goto(room.seating_page)
    laptop.evaluate("window.notReloaded = true")
    laptop.get_by_label("Søg grundigt").check()
    laptop.locator("form.generate-form").get_by_role("button", name="Dan").click()
    status = laptop.locator("#run-status")
    expect(status).to_contain_text("Venter på, at baggrundsprocessen går i gang")
    expect(laptop.get_by_role("progressbar", name="Venter på")).to_be_visible()
    expect(laptop.locator("form.generate-form")).to_have_count(0)
    expect(laptop.locator("#run-heading")).to_be_focused()  # and scrolled to
    screenshot(laptop, "seating-run-waiting")

    worker = compute_in_a_worker(pause=2.5)
    expect(status).to_contain_text("Søger efter bordplaceringen", timeout=15_000)
    expect(laptop.locator("#figures")).to_be_visible(timeout=30_000)
    worker.join(timeout=30)
    expect(laptop.locator("#run-status")).to_have_count(0)
    expect(laptop.locator("h1 .badge")).to_have_text("Kladde")
    expect(laptop.locator("#seating-working")).to_contain_text("Bordplaceringen er dannet")
    expect(laptop.locator("#figures-heading")).to_be_focused()
    assert laptop.evaluate("window.notReloaded") is True
    screenshot(laptop, "seating-run-done")


def test_a_queued_run_is_stopped_from_the_page(room: Room, laptop: Page, settings: Any) -> None:
    settings.TASKS = QUEUE
    log_in_with_password(laptop, room.url, room.secretariat, PASSWORD)
    laptop.goto(room.seating_page)
    laptop.locator("form.generate-form").get_by_role("button", name="Dan").click()
    laptop.get_by_role("button", name="Stop kørslen").click()
    expect(laptop.locator("ul.messages")).to_contain_text("Kørslen er stoppet. Intet blev ændret.")
    expect(laptop.locator("#form-errors")).to_contain_text("Stoppet af sekretariatet")
    expect(laptop.locator("form.generate-form")).to_be_visible()
    expect(laptop.locator("h1 .badge")).to_have_text("Ikke placeret endnu")


def test_a_seating_is_read_from_a_file_in_place(
    room: Room, laptop: Page, screenshot: Screenshot
) -> None:
    """The template downloaded, changed as in a spreadsheet and read back: the board shows the
    file's tables without a reload; a wrong file names its rows, and the page stays
    accessible in both states."""
    generate_on_the_board(laptop, room)
    laptop.evaluate("window.notReloaded = true")
    link = laptop.get_by_role("link", name="Hent skabelonen (CSV)")
    template = (
        laptop.request.get(room.url + (link.get_attribute("href") or "")).text().lstrip("\ufeff")
    )
    rows = list(csv.reader(io.StringIO(template)))
    assert rows[0] == template_file.COLUMNS
    # Everyone one table on: every table gets the members of another.
    changed = io.StringIO()
    writer = csv.writer(changed)
    writer.writerow(rows[0])
    for row in rows[1:]:
        writer.writerow([row[0], str(int(row[1]) % 3 + 1), *row[2:]])
    member_table = next(int(r[1]) % 3 + 1 for r in rows[1:] if r[4] == room.member)
    field = laptop.get_by_label("Fil med bordplacering (CSV eller XLSX)")
    button = laptop.get_by_role("button", name="Indlæs filen (erstatter kladden)")
    field.set_input_files(
        FilePayload(name="borde.csv", mimeType="text/csv", buffer=changed.getvalue().encode())
    )
    button.click()
    expect(laptop.locator("ul.messages")).to_contain_text("12 medlemmer er placeret")
    seat = laptop.locator(".seat", has=laptop.locator(".seat-name", has_text=room.member))
    expect(laptop.locator(".seating-table", has=seat).locator("h3")).to_contain_text(
        f"Bord {member_table}"
    )
    expect(laptop.get_by_text("Indlæst fra filen “borde.csv”")).to_be_visible()
    expect(laptop.locator("#figures-heading")).to_be_focused()
    assert laptop.evaluate("window.notReloaded") is True
    assert_accessible(laptop)
    field.set_input_files(
        FilePayload(name="haand.csv", mimeType="text/csv", buffer=b"bord,navn\n9,Ingen\n")
    )
    button.click()
    errors = laptop.locator("#file-errors")
    expect(errors).to_contain_text("haand.csv, række 2, kolonne 'bord': Intet bord hedder '9'")
    expect(errors).to_be_focused()
    screenshot(laptop, "seating-file-errors")
    assert_accessible(laptop)


@dataclass(frozen=True)
class LargeBoard:
    seating_page: str
    secretariat: str
    member: str
    other: str
    """A member at another table than ``member``."""


@pytest.fixture
def large_board(live_server: LiveServer, transactional_db: None, settings: Any) -> LargeBoard:
    """More members than the move controls list inline (views.SWAPS_INLINE), seated."""
    settings.BORGERSAMLING_SEATING_EFFORT = 3
    made = make_room(make_assembly(), members=views.SWAPS_INLINE + 4, tables=8, sessions=1)
    planning.generate(made.sessions[0], seed=1, mixing="strict")
    seats = {s.participant_id: s.theme_table_id for s in made.sessions[0].seats.all()}
    member = made.members[0]
    other = next(m for m in made.members if seats[m.pk] != seats[member.pk])
    slug = made.assembly.slug
    return LargeBoard(
        seating_page=f"{live_server.url}/assemblies/{slug}/secretariat/seating/sessions/1/",
        secretariat=make_secretariat(made.assembly).username,
        member=member.name,
        other=other.name,
    )


def test_a_large_board_offers_the_members_to_swap_with_when_used(
    large_board: LargeBoard, live_server: LiveServer, laptop: Page
) -> None:
    log_in_with_password(laptop, live_server.url, large_board.secretariat, PASSWORD)
    laptop.goto(large_board.seating_page)
    select = laptop.get_by_label(f"Flyt {large_board.member} til", exact=True)
    expect(select.locator("optgroup")).to_have_count(1)  # the tables only, as sent
    select.focus()  # the keyboard reaches it: the members at the other tables are added
    expect(select.locator("optgroup")).to_have_count(8)
    labels = select.locator("optgroup").evaluate_all("groups => groups.map(g => g.label)")
    assert labels[0] == "Flyt til bord" and all(g.startswith("Byt med, bord") for g in labels[1:])
    select.select_option(label=large_board.other)
    laptop.get_by_role("button", name=f"Flyt {large_board.member}").click()
    expect(laptop.locator("ul.messages")).to_contain_text(
        f"{large_board.member} og {large_board.other} har byttet borde."
    )
