"""A sign-up's own page: everything stored, corrections, withdrawal, and the drawn person's
answer — all with the letter's code as the key."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from borgersamling.accounts.models import Participant
from borgersamling.recruitment.models import PersonalDataAccess, Recruitment, SignUp
from tests.recruitment.factories import make_recruitment, make_signup
from tests.recruitment.signup_helpers import (
    form_data,
    in_english,
    make_invitation,
    make_resident,
    make_sessions,
)


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def recruitment(db: None) -> Recruitment:
    recruitment = make_recruitment(seats=24)
    make_sessions(recruitment)
    return recruitment


@pytest.fixture
def english(client: Client) -> Client:
    return in_english(client)


def url(recruitment: Recruitment, name: str = "my-signup", code: str = "ABCDEFGH") -> str:
    return reverse(f"recruitment:{name}", kwargs={"slug": recruitment.assembly.slug, "code": code})


def signed_up(client: Client, recruitment: Recruitment, **overrides: object) -> SignUp:
    """Sign up through the form, as the person would."""
    response = client.post(url(recruitment, "signup-form"), form_data(recruitment, **overrides))
    assert response.status_code == 302, response.content.decode()
    return SignUp.objects.get(invitation__code="ABCDEFGH")


def test_the_page_shows_exactly_what_is_stored_and_logs_the_look(
    english: Client, recruitment: Recruitment
) -> None:
    make_invitation(recruitment, resident=make_resident(recruitment))
    signup = signed_up(
        english, recruitment, access_needs="Høreslynge", dietary_needs="Ingen svinekød"
    )
    SignUp.objects.filter(pk=signup.pk).update(notes="Ringede den 3. marts")
    response = english.get(url(recruitment))
    assert response.status_code == 200
    html = response.content.decode()
    signup.refresh_from_db()
    for stored in (
        signup.name,
        signup.email,
        signup.phone,
        signup.address,
        signup.postcode,
        str(signup.birth_year),
        signup.household_key,
        "Høreslynge",
        "Ingen svinekød",
        "Ringede den 3. marts",
        "In the pool",
        "Sign-up form",
        "Your number in the lottery",
    ):
        assert stored in html, stored
    for line in signup.consent_text.splitlines():
        assert line in html
    assert "Kvinde" in html and "ung" in html  # the answers
    for session in signup.available_sessions.all():
        assert session.title in html
    # The register's row, with its id shortened.
    assert "Karen Registreret" in html and "Kongevejen 12" in html
    assert "0101801234" not in html and "1234" in html
    assert "ABCD-EFGH" in html and "is your key" in html
    log = PersonalDataAccess.objects.get(action=PersonalDataAccess.Action.SELF)
    assert log.signup_number == signup.number
    assert log.user is None


def test_the_page_of_a_code_not_yet_used_shows_the_register_row_and_the_way_to_sign_up(
    english: Client, recruitment: Recruitment
) -> None:
    make_invitation(recruitment, resident=make_resident(recruitment))
    html = english.get(url(recruitment)).content.decode()
    assert "You have not signed up with this code." in html
    assert "Karen Registreret" in html
    assert f'href="{url(recruitment, "signup-form")}"' in html
    assert PersonalDataAccess.objects.filter(action=PersonalDataAccess.Action.SELF).count() == 1


def test_an_unknown_code_sees_nothing(client: Client, recruitment: Recruitment) -> None:
    make_invitation(recruitment, resident=make_resident(recruitment))
    response = client.get(url(recruitment, code="ZZZZZZZZ"))
    assert response.status_code == 404
    assert "Karen" not in response.content.decode()
    assert not PersonalDataAccess.objects.exists()


def test_opening_the_page_remembers_the_code_in_the_session(
    client: Client, recruitment: Recruitment
) -> None:
    make_invitation(recruitment)
    client.get(url(recruitment, code="abcd-efgh"))
    html = client.get(reverse("recruitment:signup", kwargs={"slug": recruitment.assembly.slug}))
    assert f'href="{url(recruitment, "signup-form")}"' in html.content.decode()


# --- corrections --------------------------------------------------------------------------


def test_the_person_corrects_their_details_while_signup_is_open(
    english: Client, recruitment: Recruitment
) -> None:
    make_invitation(recruitment)
    signup = signed_up(english, recruitment)
    first, *_rest = recruitment.assembly.sessions.all()
    data = form_data(recruitment, email="ny@example.dk", sessions=[str(first.pk)], action="update")
    data[f"feature_{recruitment.features.get(key='køn').pk}"] = "Mand"
    data.pop("consent")
    response = english.post(url(recruitment), data)
    assert response.status_code == 302
    signup.refresh_from_db()
    assert signup.email == "ny@example.dk"
    assert signup.features["køn"] == "Mand"
    assert list(signup.available_sessions.all()) == [first]
    assert PersonalDataAccess.objects.filter(
        action=PersonalDataAccess.Action.EDIT, signup_number=signup.number
    ).exists()
    assert "Your changes are saved." in english.get(url(recruitment)).content.decode()


def test_a_correction_with_an_error_shows_it_at_the_field_and_changes_nothing(
    english: Client, recruitment: Recruitment
) -> None:
    make_invitation(recruitment)
    signup = signed_up(english, recruitment)
    response = english.post(url(recruitment), form_data(recruitment, name="", action="update"))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_name_error"' in html
    assert '<details class="correct" open>' in html
    signup.refresh_from_db()
    assert signup.name == "Mette Hansen"


def test_a_correction_can_flag_a_new_duplicate(english: Client, recruitment: Recruitment) -> None:
    other = make_signup(recruitment, {"køn": "Mand", "alder": "ung"}, email="other@example.dk")
    make_invitation(recruitment)
    signup = signed_up(english, recruitment)
    assert signup.duplicate_of is None
    english.post(
        url(recruitment), form_data(recruitment, email="OTHER@example.dk", action="update")
    )
    signup.refresh_from_db()
    assert signup.duplicate_of == other


def test_no_corrections_once_signup_has_closed(english: Client, recruitment: Recruitment) -> None:
    make_invitation(recruitment)
    signup = signed_up(english, recruitment)
    recruitment.signup_closes_at = timezone.now() - datetime.timedelta(minutes=1)
    recruitment.save()
    html = english.get(url(recruitment)).content.decode()
    assert "Correct your details" not in html
    english.post(url(recruitment), form_data(recruitment, name="Ændret", action="update"))
    signup.refresh_from_db()
    assert signup.name == "Mette Hansen"


# --- withdrawing --------------------------------------------------------------------------


def test_withdrawing_asks_first_then_withdraws(english: Client, recruitment: Recruitment) -> None:
    make_invitation(recruitment)
    signup = signed_up(english, recruitment)
    confirm_page = english.get(url(recruitment) + "?action=withdraw")
    assert "Withdraw your sign-up?" in confirm_page.content.decode()
    signup.refresh_from_db()
    assert signup.status == SignUp.Status.POOL  # a GET changes nothing
    response = english.post(url(recruitment), {"action": "withdraw"})
    assert response.status_code == 302
    signup.refresh_from_db()
    assert signup.status == SignUp.Status.WITHDRAWN
    html = english.get(url(recruitment)).content.decode()
    assert "Withdrawn" in html
    assert "Withdraw my sign-up" not in html
    assert PersonalDataAccess.objects.filter(
        action=PersonalDataAccess.Action.EDIT, detail__contains="withdraw"
    ).exists()


def test_a_drawn_person_cannot_withdraw_only_decline(
    english: Client, recruitment: Recruitment
) -> None:
    make_invitation(recruitment)
    signup = signed_up(english, recruitment)
    SignUp.objects.filter(pk=signup.pk).update(status=SignUp.Status.SELECTED)
    english.post(url(recruitment), {"action": "withdraw"})
    signup.refresh_from_db()
    assert signup.status == SignUp.Status.SELECTED


def test_an_unknown_action_is_refused(client: Client, recruitment: Recruitment) -> None:
    make_invitation(recruitment)
    signed_up(client, recruitment)
    assert client.post(url(recruitment), {"action": "delete-everyone"}).status_code == 400


# --- the drawn person's answer ------------------------------------------------------------


def test_a_drawn_person_confirms_and_becomes_a_member(
    english: Client, recruitment: Recruitment
) -> None:
    make_invitation(recruitment)
    signup = signed_up(english, recruitment)
    SignUp.objects.filter(pk=signup.pk).update(status=SignUp.Status.SELECTED)
    html = english.get(url(recruitment)).content.decode()
    assert "You have been drawn!" in html
    english.post(url(recruitment), {"action": "confirm"})
    signup.refresh_from_db()
    assert signup.status == SignUp.Status.CONFIRMED
    assert signup.answered_at is not None
    assert signup.participant is not None
    assert Participant.objects.get(pk=signup.participant.pk).name == "Mette Hansen"
    html = english.get(url(recruitment)).content.decode()
    assert "Your seat is confirmed" in html
    assert "You have been drawn!" not in html


def test_a_drawn_person_declines_after_being_asked(
    english: Client, recruitment: Recruitment
) -> None:
    make_invitation(recruitment)
    signup = signed_up(english, recruitment)
    SignUp.objects.filter(pk=signup.pk).update(status=SignUp.Status.SELECTED)
    assert "Decline the seat?" in english.get(url(recruitment) + "?action=decline").content.decode()
    english.post(url(recruitment), {"action": "decline"})
    signup.refresh_from_db()
    assert signup.status == SignUp.Status.DECLINED
    assert signup.participant is None


def test_someone_not_drawn_cannot_confirm(english: Client, recruitment: Recruitment) -> None:
    make_invitation(recruitment)
    signup = signed_up(english, recruitment)
    assert "?action=decline" not in english.get(url(recruitment)).content.decode()
    response = english.post(url(recruitment), {"action": "confirm"}, follow=True)
    assert "not possible any more" in response.content.decode()
    signup.refresh_from_db()
    assert signup.status == SignUp.Status.POOL
    assert not Participant.objects.exists()


def test_a_confirmed_member_cannot_decline_afterwards(
    english: Client, recruitment: Recruitment
) -> None:
    make_invitation(recruitment)
    signup = signed_up(english, recruitment)
    SignUp.objects.filter(pk=signup.pk).update(status=SignUp.Status.SELECTED)
    english.post(url(recruitment), {"action": "confirm"})
    english.post(url(recruitment), {"action": "decline"})
    signup.refresh_from_db()
    assert signup.status == SignUp.Status.CONFIRMED
