"""Every account view for every kind of visitor: anonymous users go to the login page,
logged-in users without the rule get 403."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from borgersamling.accounts.models import LoginToken, Participant, Role
from borgersamling.assemblies.models import Assembly
from tests.accounts.factories import make_participant, make_user

LOGIN = reverse("accounts:login")

VISITORS = ["anonymous", "guest", "politician", "member", "facilitator", "administrator"]


def visitor_user(assembly: Assembly, visitor: str) -> User | None:
    if visitor == "anonymous":
        return None
    user = make_user()
    if visitor in {"guest", "politician", "member"}:
        # These roles log in without a password.
        user.set_unusable_password()
        user.save()
    make_participant(assembly, visitor, user=user)
    return user


def client_for(assembly: Assembly, visitor: str) -> Client:
    client = Client()
    user = visitor_user(assembly, visitor)
    if user is not None:
        client.force_login(user)
    return client


PUBLIC = ["accounts:login", "accounts:login-code", "accounts:logout"]


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("name", PUBLIC)
def test_public_pages_open_for_everyone(assembly: Assembly, visitor: str, name: str) -> None:
    assert client_for(assembly, visitor).get(reverse(name)).status_code == 200


# view name → visitors allowed (others: anonymous → login, the rest → 403)
PROTECTED: dict[str, set[str]] = {
    "accounts:account": {"guest", "politician", "member", "facilitator", "administrator"},
    "accounts:totp-enrol": {"facilitator", "administrator"},
    "accounts:totp-disable": {"facilitator", "administrator"},
    "accounts:people": {"member", "facilitator", "administrator"},
}


def url_for(name: str, assembly: Assembly) -> str:
    if name == "accounts:people":
        return reverse(name, kwargs={"slug": assembly.slug})
    return reverse(name)


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("name", sorted(PROTECTED))
def test_protected_pages(assembly: Assembly, visitor: str, name: str) -> None:
    url = url_for(name, assembly)
    response = client_for(assembly, visitor).get(url)
    if visitor in PROTECTED[name]:
        assert response.status_code == 200
    elif visitor == "anonymous":
        assert response.status_code == 302
        assert response["Location"] == f"{LOGIN}?next={url}"
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("visitor", VISITORS)
def test_only_the_secretariat_issues_logins(assembly: Assembly, visitor: str) -> None:
    person = make_participant(assembly, Role.MEMBER, name="Jonas")
    url = reverse("accounts:issue-login", kwargs={"slug": assembly.slug, "pk": person.pk})
    response = client_for(assembly, visitor).post(url)
    if visitor in {"facilitator", "administrator"}:
        assert response.status_code == 200
        code = re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}", response.content.decode())
        assert code is not None
        assert Client().post(reverse("accounts:login-code"), {"code": code[0]}).status_code == 302
    elif visitor == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)
    else:
        assert response.status_code == 403
    assert LoginToken.objects.filter(participant=person).exists() is (
        visitor in {"facilitator", "administrator"}
    )


def test_issuing_for_another_assembly_is_not_found(assembly: Assembly) -> None:
    from tests.accounts.factories import make_assembly

    other = make_participant(make_assembly(), Role.MEMBER)
    url = reverse("accounts:issue-login", kwargs={"slug": assembly.slug, "pk": other.pk})
    assert client_for(assembly, "facilitator").post(url).status_code == 404


def test_unknown_assembly_is_not_found_for_the_secretariat(assembly: Assembly) -> None:
    url = reverse("accounts:people", kwargs={"slug": "nowhere"})
    assert client_for(assembly, "facilitator").get(url).status_code == 404


@pytest.mark.parametrize(("visitor", "sees_contact"), [("member", False), ("facilitator", True)])
def test_contact_details_only_for_the_secretariat(
    assembly: Assembly, visitor: str, sees_contact: bool
) -> None:
    make_participant(
        assembly, Role.MEMBER, name="Mette Medlem", email="mette@example.org", phone="+45 1234"
    )
    page = client_for(assembly, visitor).get(url_for("accounts:people", assembly))
    text = page.content.decode()
    assert "Mette Medlem" in text
    assert ("mette@example.org" in text) is sees_contact
    assert ("+45 1234" in text) is sees_contact


def test_account_lists_my_roles(assembly: Assembly) -> None:
    client = client_for(assembly, "member")
    participant = Participant.objects.get(role=Role.MEMBER)
    text = client.get(reverse("accounts:account")).content.decode()
    assert participant.name in text
    assert assembly.name in text
