"""The member's page (/assemblies/<slug>/me/): who may see it, and what it shows."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from borgersamling.accounts import services
from borgersamling.accounts.models import LoginToken, Participant, Role
from borgersamling.assemblies import member_views
from borgersamling.assemblies.models import Assembly, Program
from borgersamling.seating.models import Absence
from tests.accounts.factories import make_participant, make_user
from tests.assemblies.factories import (
    make_assembly,
    make_material,
    make_program_item,
    make_session,
    make_theme_table,
)
from tests.seating.factories import make_seat

ALLOWED = {"member", "facilitator", "administrator", "superuser"}
REFUSED = {
    "guest",
    "observer",
    "politician",
    "expert",
    "researcher",
    "staff",
    "member-elsewhere",
    "inactive-member",
    "no-role",
}


def me_url(assembly: Assembly) -> str:
    return reverse("members:me", kwargs={"slug": assembly.slug})


def visitor_client(assembly: Assembly, visitor: str) -> Client:
    client = Client()
    if visitor == "anonymous":
        return client
    user = make_user()
    if visitor == "superuser":
        user.is_superuser = True
        user.save()
    elif visitor == "member-elsewhere":
        make_participant(make_assembly(), Role.MEMBER, user=user)
    elif visitor == "inactive-member":
        make_participant(assembly, Role.MEMBER, user=user, is_active=False)
    elif visitor != "no-role":
        make_participant(assembly, visitor, user=user)
    client.force_login(user)
    return client


@pytest.mark.parametrize("visitor", sorted(ALLOWED))
def test_members_and_secretariat_see_the_page(assembly: Assembly, visitor: str) -> None:
    response = visitor_client(assembly, visitor).get(me_url(assembly))
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.parametrize("visitor", sorted(REFUSED))
def test_everyone_else_logged_in_is_refused(assembly: Assembly, visitor: str) -> None:
    assert visitor_client(assembly, visitor).get(me_url(assembly)).status_code == 403


def test_anonymous_visitors_go_to_the_code_login_and_back(assembly: Assembly) -> None:
    url = me_url(assembly)
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login-code')}?next={url}"


def test_unknown_assembly_is_404(db: None) -> None:
    response = Client().get(reverse("members:me", kwargs={"slug": "nowhere"}))
    assert response.status_code == 404


@pytest.fixture
def member(assembly: Assembly) -> Participant:
    user = make_user()
    user.set_unusable_password()
    user.save()
    return make_participant(assembly, Role.MEMBER, user=user, name="Mette Medlem")


def client_of(participant: Participant) -> Client:
    client = Client()
    assert participant.user is not None
    client.force_login(participant.user)
    return client


def test_the_member_sees_their_table_today(
    assembly: Assembly, member: Participant, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = make_session(assembly, title="Åben samling", date=datetime.date(2025, 5, 13))
    table = make_theme_table(assembly, number=4, theme="Frit valg og privatisering")
    make_seat(assembly, session=session, participant=member, theme_table=table)
    monkeypatch.setattr(member_views, "today", lambda: datetime.date(2025, 5, 13))

    response = client_of(member).get(me_url(assembly))
    assert response.context["today_session"].table == table
    text = response.content.decode()
    assert "Hej, Mette Medlem" in text
    assert "Mit bord i dag" in text
    assert "Bord 4" in text
    assert "Frit valg og privatisering" in text


def test_someone_elses_seat_is_not_shown(
    assembly: Assembly, member: Participant, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = make_session(assembly, date=datetime.date(2025, 5, 13))
    make_seat(assembly, session=session, theme_table=make_theme_table(assembly, theme="Andet"))
    monkeypatch.setattr(member_views, "today", lambda: datetime.date(2025, 5, 13))

    response = client_of(member).get(me_url(assembly))
    assert response.context["today_session"].table is None
    assert "Du har ikke fået et bord endnu" in response.content.decode()


def test_a_member_reported_absent_today_is_told_to_ask_for_a_seat(
    assembly: Assembly, member: Participant, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = make_session(assembly, date=datetime.date(2025, 5, 13))
    Absence.objects.create(session=session, participant=member)
    monkeypatch.setattr(member_views, "today", lambda: datetime.date(2025, 5, 13))
    text = client_of(member).get(me_url(assembly)).content.decode()
    assert "Du er meldt fraværende i dag" in text
    assert "Du har ikke fået et bord endnu" not in text


def test_without_a_session_today_the_next_one_is_highlighted(
    assembly: Assembly, member: Participant, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = make_session(assembly, date=datetime.date(2025, 4, 9))
    second = make_session(assembly, title="Anden samling", date=datetime.date(2025, 4, 26))
    table = make_theme_table(assembly, number=2, theme="Digitalisering")
    make_seat(assembly, session=second, participant=member, theme_table=table)
    monkeypatch.setattr(member_views, "today", lambda: datetime.date(2025, 4, 20))

    response = client_of(member).get(me_url(assembly))
    sessions = response.context["sessions"]
    assert [entry.session for entry in sessions] == [first, second]
    assert [entry.is_next for entry in sessions] == [False, True]
    assert [entry.is_past for entry in sessions] == [True, False]
    assert response.context["today_session"] is None
    text = response.content.decode()
    assert "Der er ingen samling i dag." in text
    assert "Du skal sidde ved bord 2: Digitalisering." in text
    assert text.count('aria-current="date"') == 1


def test_after_the_last_session_nothing_is_next(
    assembly: Assembly, member: Participant, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_session(assembly, date=datetime.date(2025, 6, 17))
    monkeypatch.setattr(member_views, "today", lambda: datetime.date(2025, 9, 1))
    response = client_of(member).get(me_url(assembly))
    assert response.context["next_session"] is None
    assert "alle samlingerne er slut" in response.content.decode()


def test_sessions_show_the_members_program_only(assembly: Assembly, member: Participant) -> None:
    session = make_session(assembly)
    make_program_item(session, title="Forberede værtskabet", start=datetime.time(17, 0))
    make_program_item(
        session, title="Velkomst til gæsterne", program=Program.GUESTS, start=datetime.time(18)
    )
    response = client_of(member).get(me_url(assembly))
    [entry] = response.context["sessions"]
    assert [item.title for item in entry.items] == ["Forberede værtskabet"]
    text = response.content.decode()
    assert "Forberede værtskabet" in text
    assert "Velkomst til gæsterne" not in text


def test_the_materials_are_listed(assembly: Assembly, member: Participant) -> None:
    make_material(assembly, title="Velfærdsanalyse", url="https://example.org/analyse")
    make_material(make_assembly(), title="Another assembly's report")
    text = client_of(member).get(me_url(assembly)).content.decode()
    assert 'href="https://example.org/analyse"' in text
    assert "Another assembly's report" not in text


def test_the_secretariat_sees_the_members_view_without_seats(assembly: Assembly) -> None:
    client = visitor_client(assembly, Role.FACILITATOR)
    response = client.get(me_url(assembly))
    assert response.context["member"] is None
    assert "Det ser medlemmerne" in response.content.decode()


def test_english_speaks_english(assembly: Assembly, member: Participant) -> None:
    client = client_of(member)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    text = client.get(me_url(assembly)).content.decode()
    assert "Hello, Mette Medlem" in text
    assert "My table today" in text


# --- landing after login ----------------------------------------------------------------


def code_for(participant: Participant) -> str:
    return services.issue_login(participant, LoginToken.Kind.CODE).code


def test_a_member_lands_on_their_page_after_the_code_login(assembly: Assembly) -> None:
    member = make_participant(assembly, Role.MEMBER)
    response = Client().post(reverse("accounts:login-code"), {"code": code_for(member)})
    assert response.status_code == 302
    assert response["Location"] == me_url(assembly)


def test_a_member_who_asked_for_a_page_gets_that_page(assembly: Assembly) -> None:
    member = make_participant(assembly, Role.MEMBER)
    library = reverse("library:index", kwargs={"slug": assembly.slug})
    response = Client().post(
        reverse("accounts:login-code"), {"code": code_for(member), "next": library}
    )
    assert response["Location"] == library


def test_other_roles_still_land_on_their_account(assembly: Assembly) -> None:
    politician = make_participant(assembly, Role.POLITICIAN)
    response = Client().post(reverse("accounts:login-code"), {"code": code_for(politician)})
    assert response["Location"] == reverse("accounts:account")


def test_the_account_page_links_members_to_their_page(assembly: Assembly) -> None:
    member = make_participant(assembly, Role.MEMBER)
    code_for(member)
    member.refresh_from_db()
    assert isinstance(member.user, User)
    client = Client()
    client.force_login(member.user)
    assert f'href="{me_url(assembly)}"' in client.get(reverse("accounts:account")).content.decode()


def test_a_draft_seating_is_not_shown_and_a_locked_one_shows_the_role(
    assembly: Assembly, member: Participant, monkeypatch: pytest.MonkeyPatch
) -> None:
    from borgersamling.seating.models import SeatingPlan

    session = make_session(assembly, date=datetime.date(2025, 5, 13))
    table = make_theme_table(assembly, number=2, theme="Sundhed")
    seat = make_seat(assembly, session=session, participant=member, theme_table=table)
    seat.role = "host"
    seat.save()
    plan = SeatingPlan.objects.create(session=session, status=SeatingPlan.Status.DRAFT)
    monkeypatch.setattr(member_views, "today", lambda: datetime.date(2025, 5, 13))

    assert client_of(member).get(me_url(assembly)).context["today_session"].table is None

    plan.status = SeatingPlan.Status.LOCKED
    plan.save()
    response = client_of(member).get(me_url(assembly))
    assert response.context["today_session"].table == table
    assert response.context["today_session"].role == seat.get_role_display()
    assert "Din rolle i dag" in response.content.decode()


def test_the_member_sees_who_else_sits_at_their_table_today(
    assembly: Assembly, member: Participant, monkeypatch: pytest.MonkeyPatch
) -> None:
    from borgersamling.seating.models import SeatingPlan

    session = make_session(assembly, date=datetime.date(2025, 5, 13))
    mine, other = (make_theme_table(assembly, number=n) for n in (1, 2))
    make_seat(assembly, session=session, participant=member, theme_table=mine)
    names = {"Ærø Andersen": "", "Bo Berg": "scribe", "Åse Holm": "host", "Carl Dam": ""}
    for name, role in names.items():
        seat = make_seat(
            assembly,
            session=session,
            participant=make_participant(assembly, Role.MEMBER, name=name),
            theme_table=mine,
        )
        seat.role = role
        seat.save()
    elsewhere = make_participant(assembly, Role.MEMBER, name="Dorte Andetbord")
    make_seat(assembly, session=session, participant=elsewhere, theme_table=other)
    plan = SeatingPlan.objects.create(session=session, status=SeatingPlan.Status.DRAFT)
    monkeypatch.setattr(member_views, "today", lambda: datetime.date(2025, 5, 13))

    draft = client_of(member).get(me_url(assembly))
    assert draft.context["tablemates"] == []  # a draft is not news
    assert "Ved bordet sammen med dig" not in draft.content.decode()

    plan.status = SeatingPlan.Status.LOCKED
    plan.save()
    response = client_of(member).get(me_url(assembly))
    shown = [seat.participant.name for seat in response.context["tablemates"]]
    assert shown == ["Åse Holm", "Bo Berg", "Carl Dam", "Ærø Andersen"]  # host, scribe, others
    html = response.content.decode()
    assert "Ved bordet sammen med dig" in html
    assert 'Åse Holm <span class="muted">(vært)</span>' in html
    assert "Dorte Andetbord" not in html
    assert "Mette Medlem</li>" not in html  # not herself
