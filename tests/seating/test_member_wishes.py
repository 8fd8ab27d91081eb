"""A member sends their own willingness and theme wishes from their page."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from borgersamling.accounts.models import LoginToken, Participant
from borgersamling.accounts.services import issue_login
from borgersamling.seating import editing, planning
from borgersamling.seating.models import SeatingPreference
from tests.accounts.factories import make_assembly, make_secretariat
from tests.seating.factories import Room, make_room


@pytest.fixture
def pinned(settings: Any) -> None:
    settings.DEMO_DATE = datetime.date(2025, 4, 1)  # before every session of the room


def logged_in(member: Participant) -> Client:
    issue_login(member, LoginToken.Kind.CODE)
    member.refresh_from_db()
    assert member.user is not None
    client = Client()
    client.force_login(member.user)
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    return client


def me(room: Room) -> str:
    return reverse("members:me", kwargs={"slug": room.assembly.slug})


def wishes(room: Room) -> str:
    return reverse("seating:my-wishes", kwargs={"slug": room.assembly.slug})


def test_a_member_saves_their_wishes_and_the_secretariat_sees_them(
    room: Room, pinned: None
) -> None:
    member = room.members[4]  # willing to scribe (make_room), not to host
    client = logged_in(member)
    html = client.get(me(room)).content.decode()
    assert 'name="wishes-willing_scribe" id="id_wishes-willing_scribe" checked' in html
    assert 'for="id_wishes-first"' in html  # every control has its label
    first, second = room.tables[2].number, room.tables[0].number
    data = {"wishes-willing_host": "on", "wishes-first": first, "wishes-second": second}
    response = client.post(wishes(room), data, follow=True)
    assert response.redirect_chain == [(me(room) + "#my-wishes", 302)]
    assert "Your wishes are saved." in response.content.decode()
    preference = SeatingPreference.objects.get(participant=member)
    assert (preference.willing_host, preference.willing_scribe) == (True, False)
    assert preference.theme_numbers() == [first, second]
    # The page shows the answers just given.
    html = response.content.decode()
    assert 'name="wishes-willing_host" id="id_wishes-willing_host" checked' in html
    assert f'<option value="{first}" selected>' in html
    staff = Client()
    staff.force_login(make_secretariat(room.assembly))
    page = staff.get(reverse("seating:preferences", kwargs={"slug": room.assembly.slug}))
    row = page.content.decode().split(f'<th scope="row">{member.name}<input')[1]
    row = row.split("</tr>")[0]
    assert f'name="m{member.pk}-willing_host" id="id_m{member.pk}-willing_host" checked' in row
    assert f'<option value="{second}" selected>' in row


def test_a_bad_wish_is_refused_and_nothing_changes(room: Room, pinned: None) -> None:
    member = room.members[0]
    before = SeatingPreference.objects.get(participant=member)
    client = logged_in(member)
    same = room.tables[1].number
    response = client.post(wishes(room), {"wishes-first": same, "wishes-second": same})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing was saved." in html
    assert 'href="#id_wishes-second">Second wish: The second wish must be another table.' in html
    after = SeatingPreference.objects.get(participant=member)
    assert (after.willing_host, after.willing_scribe, after.themes) == (
        before.willing_host,
        before.willing_scribe,
        before.themes,
    )


def test_the_page_names_the_sessions_where_wishes_count(room: Room, pinned: None) -> None:
    first, second, third = room.sessions
    for session in (first, third):
        session.theme_wishes = True
        session.save()
    editing.lock(planning.generate(first, seed=1, mixing="strict"))
    html = logged_in(room.members[0]).get(me(room)).content.decode()
    assert f"{first.title}, " in html and f"{third.title}, " in html
    assert f"{second.title}, " not in html.split("Your theme wishes count at:")[1].split("</ul>")[0]
    assert html.count("the seating is already made") == 1


def test_without_a_session_for_wishes_the_page_says_so(room: Room, pinned: None) -> None:
    html = logged_in(room.members[0]).get(me(room)).content.decode()
    assert "No coming session seats members by their theme wishes yet" in html


def test_a_wish_sent_by_a_member_seats_them_at_a_session_where_wishes_count(
    room: Room, pinned: None
) -> None:
    session = room.sessions[0]
    session.theme_wishes = True
    session.save()
    member = room.members[3]
    wanted = room.tables[1]
    client = logged_in(member)
    assert client.post(wishes(room), {"wishes-first": wanted.number}).status_code == 302
    planning.generate(session, seed=4, mixing="strict")
    assert session.seats.get(participant=member).theme_table == wanted


def test_only_the_assemblys_own_members_send_wishes(room: Room, pinned: None) -> None:
    elsewhere = make_room(make_assembly(), members=1, tables=1, sessions=1).members[0]
    client = logged_in(elsewhere)
    response = client.post(wishes(room), {"wishes-first": room.tables[0].number})
    assert response.status_code == 403
    assert not SeatingPreference.objects.filter(participant=elsewhere, themes__len=1).exists()
    anonymous = Client().post(wishes(room), {"wishes-first": room.tables[0].number})
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("accounts:login-code"))
    assert f"next={me(room)}" in anonymous["Location"].replace("%2F", "/")


def test_the_secretariat_sees_the_members_page_without_the_form(
    client: Client, room: Room, secretariat: Any, pinned: None
) -> None:
    client.force_login(secretariat)
    html = client.get(me(room)).content.decode()
    assert "wishes-form" not in html
