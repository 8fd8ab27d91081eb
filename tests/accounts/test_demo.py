from __future__ import annotations

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from borgersamling.accounts.demo import create_demo_accounts
from borgersamling.accounts.models import Participant, Role
from borgersamling.assemblies.models import Assembly


def test_demo_accounts_cover_every_role_and_are_idempotent(assembly: Assembly) -> None:
    first = create_demo_accounts(assembly)
    people, users = Participant.objects.count(), User.objects.count()
    second = create_demo_accounts(assembly)
    assert (Participant.objects.count(), User.objects.count()) == (people, users)
    assert {account.role for account in second} == set(Role.values)
    assert [a.name for a in first] == [a.name for a in second]


def test_demo_accounts_log_in(assembly: Assembly) -> None:
    accounts = create_demo_accounts(assembly)
    facilitator = next(a for a in accounts if a.role == Role.FACILITATOR)
    assert facilitator.username and facilitator.password
    assert Client().login(username=facilitator.username, password=facilitator.password)

    member = next(a for a in accounts if a.role == Role.MEMBER)
    assert member.code and member.login_path
    response = Client().post(reverse("accounts:login-code"), {"code": member.code})
    assert response.status_code == 302
    assert Client().post(member.login_path).status_code == 302

    line = member.describe("http://127.0.0.1:8000")
    assert member.code in line
    assert "http://127.0.0.1:8000/login/code/" in line
