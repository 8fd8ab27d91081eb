"""Guests joining the open session: table codes, the QR address, the code page, the cookie,
moving between tables, the table page, the closed page, and the secretariat's table cards."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection, connections
from django.test import Client, override_settings
from django.urls import reverse

from borgersamling.accounts.models import Role
from borgersamling.accounts.tokens import CODE_ALPHABET
from borgersamling.assemblies.demo import OPEN_SESSION_NUMBER, load_demo
from borgersamling.deliberation import guests
from borgersamling.deliberation.guest_views import CODE_ATTEMPTS, cookie_name
from borgersamling.deliberation.models import Guest, Reaction, TableCode
from tests.accounts.factories import make_member, make_secretariat
from tests.assemblies.factories import make_assembly, make_theme_table
from tests.deliberation.factories import make_guest, make_revision, today_session
from tests.deliberation.guest_helpers import (
    Room,
    guest_of,
    join,
    join_url,
    open_room,
    recommendation_keys,
    table_url,
)


@pytest.fixture
def room(db: None) -> Room:
    return open_room()


def english(client: Client) -> Client:
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


# --- table codes ----------------------------------------------------------------------------


def test_a_table_code_is_made_once_short_and_unique(room: Room) -> None:
    code = guests.table_code(room.table)
    assert len(code.code) == guests.TABLE_CODE_LENGTH
    assert set(code.code) <= set(CODE_ALPHABET)
    assert guests.table_code(room.table) == code
    assert guests.table_code(room.other).code != code.code
    assert TableCode.objects.count() == 2


def test_a_typed_code_is_found_in_any_case_with_spaces_and_dashes(room: Room) -> None:
    code = guests.table_code(room.table).code
    typed = f" {code[:3].lower()}-{code[3:]} "
    assert guests.table_for_code(typed) == room.table
    assert guests.table_for_code("") is None
    assert guests.table_for_code("ZZZZZZ" if code != "ZZZZZZ" else "YYYYYY") is None


def test_a_taken_code_is_drawn_again(room: Room, monkeypatch: pytest.MonkeyPatch) -> None:
    taken = guests.table_code(room.table).code
    drawn = iter([taken, "ABCDEF"])
    monkeypatch.setattr(guests, "_new_table_code", lambda: next(drawn))
    assert guests.table_code(room.other).code == "ABCDEF"


# --- joining ----------------------------------------------------------------------------------


def test_the_qr_address_makes_a_guest_with_a_safe_cookie(room: Room, client: Client) -> None:
    guest = join(client, room.table)
    assert guest.label == 1
    assert guest.assembly == room.assembly
    assert len(guest.key) >= 40
    cookie = client.cookies[cookie_name(room.assembly)]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert cookie.value.startswith(guest.key + ":")  # signed: "key:timestamp:signature"
    second = join(Client(), room.table)
    assert second.label == 2 and second.key != guest.key


def test_a_guest_moving_by_another_code_stays_the_same_guest(room: Room, client: Client) -> None:
    first = join(client, room.table)
    key = recommendation_keys(room.draft)[0]
    client.post(table_url(room.table, "guest-smiley"), {"target": key, "smiley": "positive"})
    moved = join(client, room.other)
    assert moved.pk == first.pk
    assert Guest.objects.count() == 1
    assert Reaction.objects.get().guest_id == first.pk


def test_a_guest_moves_with_the_change_table_list(room: Room, client: Client) -> None:
    guest = join(client, room.table)
    page = english(client).get(reverse("deliberation:guest-tables", args=[room.assembly.slug]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Forebyggelse" in html and "Frivillighed" in html
    response = client.post(
        reverse("deliberation:guest-tables", args=[room.assembly.slug]), {"table": 2}
    )
    assert response["Location"] == table_url(room.other)
    guest.refresh_from_db()
    assert guest.theme_table == room.other
    # A number that is no table changes nothing.
    client.post(reverse("deliberation:guest-tables", args=[room.assembly.slug]), {"table": 99})
    guest.refresh_from_db()
    assert guest.theme_table == room.other


def test_the_code_page_sends_a_right_code_to_the_table(room: Room, client: Client) -> None:
    code = guests.table_code(room.table).code
    response = client.post(reverse("deliberation:guest-start"), {"code": code.lower()})
    assert response["Location"] == join_url(room.table)


def test_a_wrong_code_is_told_at_the_field_and_guessing_is_braked(
    room: Room, client: Client
) -> None:
    english(client)
    start = reverse("deliberation:guest-start")
    wrong = "ZZZZZZ" if guests.table_code(room.table).code != "ZZZZZZ" else "YYYYYY"
    response = client.post(start, {"code": wrong})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is no table with this code" in html
    assert 'aria-invalid="true"' in html
    for _attempt in range(CODE_ATTEMPTS.limit_per_session):
        client.post(start, {"code": wrong})
    blocked = client.post(start, {"code": guests.table_code(room.table).code})
    assert blocked.status_code == 429
    assert "Too many wrong codes" in blocked.content.decode()
    assert not Guest.objects.exists()


def test_an_unknown_code_in_the_address_shows_the_code_page(room: Room, client: Client) -> None:
    response = english(client).get(reverse("deliberation:guest-join", args=["NOPE42"]))
    assert response.status_code == 404
    assert "There is no table with this code" in response.content.decode()


def test_the_table_page_without_the_cookie_goes_to_the_code_page(
    room: Room, client: Client
) -> None:
    response = client.get(table_url(room.table))
    assert response["Location"] == reverse("deliberation:guest-start")


def test_a_forged_or_foreign_cookie_is_no_guest(room: Room, client: Client) -> None:
    guest = make_guest(room.assembly, room.table)
    client.cookies[cookie_name(room.assembly)] = f"{guest.key}:forged"
    assert client.get(table_url(room.table)).status_code == 302
    # A guest of another assembly is nobody here.
    elsewhere = make_assembly()
    today_session(elsewhere, is_open_session=True)
    join(client, make_theme_table(elsewhere, number=1))
    client.cookies[cookie_name(room.assembly)] = client.cookies[cookie_name(elsewhere)].value
    assert guest_of(client, room.assembly) is None
    assert client.get(table_url(room.table)).status_code == 302


# --- only at the open session ------------------------------------------------------------------


@pytest.mark.django_db
def test_guests_cannot_join_on_another_day(client: Client) -> None:
    assembly = make_assembly()
    table = make_theme_table(assembly, number=1)
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    today_session(assembly)  # a members' session today is not the open session
    assembly.sessions.create(number=9, title="Åben samling", date=tomorrow, is_open_session=True)
    response = english(client).get(join_url(table))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Guests are welcome at the open session" in html
    assert not Guest.objects.exists()


def test_after_the_open_session_the_pages_close(room: Room, client: Client) -> None:
    guest = join(client, room.table)
    room.session.date -= datetime.timedelta(days=1)
    room.session.save()
    english(client)
    page = client.get(table_url(room.table))
    assert page.status_code == 200
    assert "Guests are welcome at the open session" in page.content.decode()
    key = recommendation_keys(room.draft)[0]
    post = client.post(table_url(room.table, "guest-smiley"), {"target": key, "smiley": "negative"})
    assert post.status_code == 403
    card = client.post(table_url(room.table, "guest-card"), {"target": "future", "text": "Hej"})
    assert card.status_code == 403
    assert not guest.reactions.exists() and not guest.input_cards.exists()


def test_the_demo_opens_for_guests_on_its_pinned_day(db: None) -> None:
    """``borgersamling demo`` pins the clock to 13 May 2025: the open session's day."""
    from borgersamling.site.server import DEMO_DATE

    assembly = load_demo()
    with override_settings(DEMO_DATE=datetime.date.fromisoformat(DEMO_DATE)):
        session = guests.open_session_today(assembly)
    assert session is not None and session.number == OPEN_SESSION_NUMBER
    with override_settings(DEMO_DATE=datetime.date(2025, 5, 24)):
        assert guests.open_session_today(assembly) is None


# --- the table page ---------------------------------------------------------------------------


def test_the_table_page_shows_the_current_draft_with_smileys(room: Room, client: Client) -> None:
    join(client, room.table)
    html = english(client).get(table_url(room.table)).content.decode()
    assert "Forebyggelse" in html
    assert "En fremtid hvor alle kan få hjælp." in html
    assert "Forebyggelse før behandling." in html
    assert "Hvad koster det?" in html
    assert html.index("Flere frivillige") < html.index("Et sundhedshus")
    # Three smileys on sections 1, 2 and 4 and on each of the two recommendations.
    assert html.count('name="smiley"') == 3 * 5
    assert html.count('aria-pressed="true"') == 0
    assert 'class="smiley-label">Positive<' in html
    assert html.count('name="text"') == 4 + 2  # a card on every section and recommendation
    assert "You are guest 1" in html


def test_the_pressed_smiley_is_the_guests_latest_choice(room: Room, client: Client) -> None:
    join(client, room.table)
    smiley_url = table_url(room.table, "guest-smiley")
    client.post(smiley_url, {"target": "future", "smiley": "negative"})
    client.post(smiley_url, {"target": "future", "smiley": "positive"})
    html = client.get(table_url(room.table)).content.decode()
    assert html.count('aria-pressed="true"') == 1
    assert 'value="positive" class="smiley smiley-positive" aria-pressed="true"' in html


def test_a_later_revision_is_what_the_guest_reads(room: Room, client: Client) -> None:
    join(client, room.table)
    make_revision(room.draft, future="Et helt nyt ønske for fremtiden")
    html = client.get(table_url(room.table)).content.decode()
    assert "Et helt nyt ønske for fremtiden" in html
    assert "En fremtid hvor alle kan få hjælp." not in html
    assert "Flere frivillige" not in html  # removed in the new revision


def test_a_table_without_a_draft_says_so_kindly(room: Room, client: Client) -> None:
    join(client, room.other)
    html = english(client).get(table_url(room.other)).content.decode()
    assert "The table has not written its draft yet" in html
    assert 'name="smiley"' not in html


def test_text_is_escaped_on_the_guest_page(room: Room, client: Client) -> None:
    make_revision(
        room.draft,
        future="<script>alert('fremtid')</script>",
        recommendations=[("<b>fed</b>", "<img src=x onerror=alert(1)>")],
    )
    join(client, room.table)
    client.post(
        table_url(room.table, "guest-card"), {"target": "future", "text": "<i>mit</i> input"}
    )
    html = client.get(table_url(room.table)).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert "<b>fed</b>" not in html and "&lt;b&gt;fed&lt;/b&gt;" in html
    assert "<img src=x" not in html
    assert "<i>mit</i>" not in html and "&lt;i&gt;mit&lt;/i&gt; input" in html


# --- the label is race-safe ----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_guests_joining_at_once_get_different_numbers() -> None:
    """Real threads with their own connections read the same highest number; the unique
    constraint refuses all but one, and the others draw again. On SQLite the service also
    waits out "database is locked" (see guests._retrying)."""
    assembly = make_assembly()
    table = make_theme_table(assembly, number=1)
    count = 12
    barrier = threading.Barrier(count)
    failures: list[BaseException] = []

    def arrive() -> None:
        try:
            barrier.wait(timeout=10)
            guests.new_guest(assembly, table)
        except BaseException as error:  # reported to the test's thread below
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=arrive) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not failures, failures
    labels = sorted(Guest.objects.filter(assembly=assembly).values_list("label", flat=True))
    assert labels == list(range(1, count + 1)), connection.vendor


# --- the secretariat's table cards -------------------------------------------------------------


def test_the_secretariat_prints_a_card_per_table(room: Room, client: Client) -> None:
    client.force_login(make_secretariat(room.assembly))
    english(client)
    response = client.get(reverse("deliberation:guest-cards", args=[room.assembly.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="table-card"') == 2
    assert html.count("<svg") == 2 and 'aria-label="QR code to join table 1"' in html
    for table in (room.table, room.other):
        code = guests.table_code(table).code
        assert f"{code[:3]}&#8201;{code[3:]}" in html
    assert "http://testserver/g/" in html


def test_members_and_visitors_do_not_get_the_cards(room: Room, client: Client) -> None:
    url = reverse("deliberation:guest-cards", args=[room.assembly.slug])
    assert client.get(url)["Location"].startswith(reverse("accounts:login"))
    client.force_login(make_member(room.assembly, Role.MEMBER))
    assert client.get(url).status_code == 403
