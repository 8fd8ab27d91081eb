"""The secretariat adds and edits people on the people page; nobody else can."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from borgersamling.accounts.models import Participant, Role
from borgersamling.assemblies.models import Assembly
from tests.accounts.factories import (
    make_assembly,
    make_member,
    make_participant,
    make_secretariat,
    make_user,
)


def secretariat_client(assembly: Assembly) -> Client:
    client = Client()
    client.force_login(make_secretariat(assembly))
    return client


def add_url(assembly: Assembly) -> str:
    return reverse("accounts:person-add", kwargs={"slug": assembly.slug})


def edit_url(assembly: Assembly, participant: Participant) -> str:
    return reverse("accounts:person-edit", kwargs={"slug": assembly.slug, "pk": participant.pk})


def people_url(assembly: Assembly) -> str:
    return reverse("accounts:people", kwargs={"slug": assembly.slug})


def form_data(**overrides: object) -> dict[str, object]:
    return {
        "name": "Karen Jensen",
        "role": Role.MEMBER,
        "email": "karen@example.dk",
        "phone": "+45 20 30 40 50",
        "is_active": "on",
    } | overrides


def test_the_people_page_links_to_add_and_edit_for_the_secretariat(assembly: Assembly) -> None:
    person = make_participant(assembly, Role.MEMBER)
    html = secretariat_client(assembly).get(people_url(assembly)).content.decode()
    assert "Tilføj person" in html
    assert add_url(assembly) in html
    assert edit_url(assembly, person) in html
    assert "Redigér" in html


def test_members_see_no_add_or_edit_links(assembly: Assembly) -> None:
    person = make_participant(assembly, Role.MEMBER)
    client = Client()
    client.force_login(make_member(assembly))
    html = client.get(people_url(assembly)).content.decode()
    assert add_url(assembly) not in html
    assert edit_url(assembly, person) not in html


def test_add_a_person(assembly: Assembly) -> None:
    client = secretariat_client(assembly)
    assert client.get(add_url(assembly)).status_code == 200
    response = client.post(add_url(assembly), form_data())
    assert response.status_code == 302
    assert response["Location"] == people_url(assembly)
    person = Participant.objects.get(assembly=assembly, name="Karen Jensen")
    assert (person.role, person.email, person.phone, person.is_active, person.user) == (
        Role.MEMBER,
        "karen@example.dk",
        "+45 20 30 40 50",
        True,
        None,
    )
    html = client.get(people_url(assembly)).content.decode()
    assert "Karen Jensen" in html
    assert "karen@example.dk" in html


def test_edit_a_person(assembly: Assembly) -> None:
    person = make_participant(assembly, Role.MEMBER, name="Ole Hansen")
    client = secretariat_client(assembly)
    page = client.get(edit_url(assembly, person))
    assert page.status_code == 200
    assert "Ole Hansen" in page.content.decode()
    response = client.post(
        edit_url(assembly, person),
        form_data(name="Ole B. Hansen", role=Role.POLITICIAN, email="ole@example.dk"),
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.name, person.role, person.email) == (
        "Ole B. Hansen",
        Role.POLITICIAN,
        "ole@example.dk",
    )


def test_deactivated_people_can_be_found_and_made_active_again(assembly: Assembly) -> None:
    person = make_participant(assembly, Role.MEMBER, name="Ole Hansen")
    client = secretariat_client(assembly)
    data = form_data(name="Ole Hansen")
    del data["is_active"]
    assert client.post(edit_url(assembly, person), data).status_code == 302
    person.refresh_from_db()
    assert not person.is_active
    assert edit_url(assembly, person) in client.get(people_url(assembly)).content.decode()
    assert client.post(edit_url(assembly, person), form_data(name="Ole Hansen")).status_code == 302
    person.refresh_from_db()
    assert person.is_active


def test_an_invalid_email_is_shown_at_the_field_and_changes_nothing(assembly: Assembly) -> None:
    person = make_participant(assembly, Role.MEMBER, name="Ole Hansen", email="ole@example.dk")
    response = secretariat_client(assembly).post(
        edit_url(assembly, person), form_data(name="Someone Else", email="not an e-mail")
    )
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    html = response.content.decode()
    assert 'id="id_email_error"' in html
    email_input = next(tag for tag in html.split("<input") if 'name="email"' in tag)
    assert 'aria-invalid="true"' in email_input
    assert "id_email_error" in email_input  # aria-describedby
    person.refresh_from_db()
    assert (person.name, person.email) == ("Ole Hansen", "ole@example.dk")


def test_an_invalid_add_creates_nobody(assembly: Assembly) -> None:
    client = secretariat_client(assembly)
    before = Participant.objects.count()
    response = client.post(add_url(assembly), form_data(email="nope"))
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert Participant.objects.count() == before


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.ADMINISTRATOR])
def test_a_secretariat_role_needs_a_login_made_in_the_admin(assembly: Assembly, role: str) -> None:
    client = secretariat_client(assembly)
    before = Participant.objects.count()
    response = client.post(add_url(assembly), form_data(role=role))
    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    assert "administrationen" in response.content.decode()
    assert Participant.objects.count() == before
    # A member's code login has no password either.
    member = Participant.objects.get(user=make_member(assembly))
    response = client.post(edit_url(assembly, member), form_data(role=role))
    assert "role" in response.context["form"].errors
    member.refresh_from_db()
    assert member.role == Role.MEMBER


@pytest.mark.parametrize("role", [Role.MEMBER, Role.GUEST, Role.POLITICIAN])
def test_others_are_refused(assembly: Assembly, role: str) -> None:
    person = make_participant(assembly, Role.MEMBER, name="Ole Hansen")
    # A user with the role (guests normally have no user; this one has, and is still refused).
    user = make_user()
    user.set_unusable_password()
    user.save()
    make_participant(assembly, role, user=user)
    client = Client()
    client.force_login(user)
    for url in (add_url(assembly), edit_url(assembly, person)):
        assert client.get(url).status_code == 403
        assert client.post(url, form_data(name="Changed")).status_code == 403
    assert not Participant.objects.filter(name__in=["Karen Jensen", "Changed"]).exists()


def test_anonymous_visitors_are_sent_to_the_login(assembly: Assembly) -> None:
    person = make_participant(assembly, Role.MEMBER)
    for url in (add_url(assembly), edit_url(assembly, person)):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login") + "?next=")


def test_another_assemblys_participant_is_not_found(assembly: Assembly) -> None:
    other = make_assembly()
    stranger = make_participant(other, Role.MEMBER, name="Ole Hansen")
    client = secretariat_client(assembly)
    url = reverse("accounts:person-edit", kwargs={"slug": assembly.slug, "pk": stranger.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, form_data(name="Changed")).status_code == 404
    stranger.refresh_from_db()
    assert stranger.name == "Ole Hansen"


def test_the_secretariat_of_another_assembly_is_refused(assembly: Assembly) -> None:
    person = make_participant(assembly, Role.MEMBER)
    client = secretariat_client(make_assembly())
    assert client.get(edit_url(assembly, person)).status_code == 403
    assert client.get(add_url(assembly)).status_code == 403
