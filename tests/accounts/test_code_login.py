"""Members: a personal one-time code or link, hashed at rest, used once, expiring."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from borgersamling.accounts import services, tokens
from borgersamling.accounts.models import LoginToken, Participant, Role
from borgersamling.assemblies.models import Assembly
from tests.accounts.factories import make_participant

CODE_LOGIN = reverse("accounts:login-code")
ACCOUNT = reverse("accounts:account")


@pytest.fixture
def member(assembly: Assembly) -> Participant:
    return make_participant(assembly, Role.MEMBER, name="Mette Medlem")


def is_logged_in(client: Client) -> bool:
    return bool(client.get(ACCOUNT).wsgi_request.user.is_authenticated)


def test_code_login_works_once_and_not_twice(client: Client, member: Participant) -> None:
    issued = services.issue_login(member, LoginToken.Kind.CODE)
    response = client.post(CODE_LOGIN, {"code": issued.code})
    assert response.status_code == 302
    assert client.get(ACCOUNT).wsgi_request.user == member.user
    client.logout()

    response = client.post(CODE_LOGIN, {"code": issued.code})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert not is_logged_in(client)


def test_code_is_eight_unambiguous_characters(member: Participant) -> None:
    code = services.issue_login(member, LoginToken.Kind.CODE).secret
    assert len(code) == 8
    assert not set(code) & set("0O1IL")


def test_code_may_be_typed_in_lower_case_with_spaces(client: Client, member: Participant) -> None:
    issued = services.issue_login(member, LoginToken.Kind.CODE)
    typed = " " + issued.code.lower().replace("-", " ") + " "
    assert client.post(CODE_LOGIN, {"code": typed}).status_code == 302


def test_expired_code_is_refused(client: Client, member: Participant) -> None:
    issued = services.issue_login(
        member, LoginToken.Kind.CODE, now=timezone.now() - timedelta(days=15)
    )
    response = client.post(CODE_LOGIN, {"code": issued.code})
    assert response.status_code == 200
    assert not is_logged_in(client)


def test_expired_link_is_refused(client: Client, member: Participant) -> None:
    issued = services.issue_login(member, LoginToken.Kind.LINK, valid_for=timedelta(seconds=-1))
    assert client.get(issued.path).status_code == 404
    assert client.post(issued.path).status_code == 404
    assert not is_logged_in(client)


def test_links_last_fourteen_days(member: Participant) -> None:
    issued = services.issue_login(member, LoginToken.Kind.LINK)
    assert issued.expires_at - issued.token.created_at == timedelta(days=14)


def test_opening_a_link_does_not_use_it_pressing_the_button_does(
    client: Client, member: Participant
) -> None:
    issued = services.issue_login(member, LoginToken.Kind.LINK)
    assert issued.path.startswith("/login/")
    # Link previews and mail scanners open links: that must not use up the login.
    assert client.get(issued.path).status_code == 200
    assert client.get(issued.path).status_code == 200
    assert not is_logged_in(client)

    response = client.post(issued.path)
    assert response.status_code == 302
    assert client.get(ACCOUNT).wsgi_request.user == member.user
    client.logout()
    assert client.post(issued.path).status_code == 404
    assert client.get(issued.path).status_code == 404


def test_tokens_are_stored_hashed(member: Participant) -> None:
    code = services.issue_login(member, LoginToken.Kind.CODE).secret
    link = services.issue_login(member, LoginToken.Kind.LINK).secret
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {LoginToken._meta.db_table}")
        stored = repr(cursor.fetchall())
    assert code not in stored
    assert tokens.format_code(code) not in stored
    assert link not in stored
    assert tokens.hash_secret("code", code) in stored


def test_a_new_code_replaces_the_old_one(client: Client, member: Participant) -> None:
    old = services.issue_login(member, LoginToken.Kind.CODE)
    new = services.issue_login(member, LoginToken.Kind.CODE)
    assert client.post(CODE_LOGIN, {"code": old.code}).status_code == 200
    assert client.post(CODE_LOGIN, {"code": new.code}).status_code == 302


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.ADMINISTRATOR, Role.GUEST])
def test_no_codes_for_the_secretariat_or_guests(assembly: Assembly, role: str) -> None:
    participant = make_participant(assembly, role)
    with pytest.raises(services.LoginNotAllowed):
        services.issue_login(participant, LoginToken.Kind.CODE)


def test_a_code_never_opens_an_account_with_a_password(client: Client, member: Participant) -> None:
    issued = services.issue_login(member, LoginToken.Kind.CODE)
    member.refresh_from_db()
    assert member.user is not None
    member.user.set_password("now has a real password 123")
    member.user.save()
    assert client.post(CODE_LOGIN, {"code": issued.code}).status_code == 200
    assert not is_logged_in(client)


def test_inactive_participant_cannot_log_in(client: Client, member: Participant) -> None:
    issued = services.issue_login(member, LoginToken.Kind.CODE)
    Participant.objects.filter(pk=member.pk).update(is_active=False)
    assert client.post(CODE_LOGIN, {"code": issued.code}).status_code == 200
    assert not is_logged_in(client)


def test_member_users_have_no_usable_password(member: Participant) -> None:
    services.issue_login(member, LoginToken.Kind.CODE)
    member.refresh_from_db()
    assert member.user is not None
    assert not member.user.has_usable_password()


def test_code_attempts_are_rate_limited(client: Client, member: Participant) -> None:
    issued = services.issue_login(member, LoginToken.Kind.CODE)
    for _ in range(5):
        response = client.post(CODE_LOGIN, {"code": "AAAA-AAAA"})
        assert response.status_code == 200
    # Even the right code waits now, so guessing gains nothing.
    response = client.post(CODE_LOGIN, {"code": issued.code})
    assert response.status_code == 429
    assert 'role="alert"' in response.content.decode()
    assert not is_logged_in(client)
    # The code itself was not used up by the refusal.
    assert LoginToken.objects.get(pk=issued.token.pk).used_at is None


def test_rate_limit_counts_per_address_across_sessions(member: Participant) -> None:
    issued = services.issue_login(member, LoginToken.Kind.CODE)
    for _ in range(30):
        Client().post(CODE_LOGIN, {"code": "AAAA-AAAA"})
    assert Client().post(CODE_LOGIN, {"code": issued.code}).status_code == 429
    # Another address is not affected.
    other = Client(REMOTE_ADDR="10.0.0.2")
    assert other.post(CODE_LOGIN, {"code": issued.code}).status_code == 302


def test_rate_limit_message_is_danish_by_default(client: Client, member: Participant) -> None:
    for _ in range(6):
        response = client.post(CODE_LOGIN, {"code": "AAAA-AAAA"})
    assert response.status_code == 429
    assert "For mange forsøg" in response.content.decode()
