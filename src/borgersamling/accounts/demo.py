"""Demo accounts, one per role, for ``borgersamling demo``. Passwords are fixed and printed:
demo only. Codes and links are hashed at rest, so each call issues fresh ones (and the
earlier ones stop working); people and users are created once."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse

from borgersamling.accounts import services
from borgersamling.accounts.models import LoginToken, Participant, Role
from borgersamling.assemblies.models import Assembly

DEMO_PASSWORD = "dragor-demo-2025"


@dataclass(frozen=True)
class DemoAccount:
    role: str  # a Role value, e.g. "member"
    name: str
    username: str | None = None
    password: str | None = None
    login_path: str | None = None
    code: str | None = None
    note: str = ""

    def describe(self, base_url: str = "") -> str:
        """One line for the terminal (English, like the rest of the command line), with
        addresses under ``base_url`` (e.g. ``http://127.0.0.1:8000``)."""
        base = base_url.rstrip("/")
        who = f"{self.role:<13} {self.name}"
        if self.username:
            return (
                f"{who}: username {self.username!r}, password {self.password!r}"
                f" at {base}{reverse('accounts:login')}"
            )
        if self.code:
            return (
                f"{who}: code {self.code} at {base}{reverse('accounts:login-code')}"
                f" or link {base}{self.login_path}"
            )
        return f"{who}: {self.note}"


# (role, name, username) — usernames only for the secretariat, who log in with a password.
_SECRETARIAT = [
    (Role.FACILITATOR, "Signe Facilitator", "facilitator"),
    (Role.ADMINISTRATOR, "Anders Administrator", "admin"),
]
_CODE_LOGIN = [
    (Role.MEMBER, "Mette Medlem"),
    (Role.MEMBER, "Jonas Medlem"),
    (Role.POLITICIAN, "Karen Politiker"),
    (Role.EXPERT, "Lars Ekspert"),
    (Role.OBSERVER, "Birgitte Observatør"),
    (Role.RESEARCHER, "Ida Forsker"),
    (Role.STAFF, "Peter Forvaltning"),
]
_WITHOUT_ACCOUNT = [(Role.GUEST, "Gæst Gæstesen")]


@transaction.atomic
def create_demo_accounts(assembly: Assembly) -> list[DemoAccount]:
    accounts: list[DemoAccount] = []
    for role, name, username in _SECRETARIAT:
        user, _created = User.objects.get_or_create(username=username)
        user.set_password(DEMO_PASSWORD)
        if role == Role.ADMINISTRATOR:
            user.is_staff = True
            user.is_superuser = True
        user.save()
        Participant.objects.update_or_create(
            assembly=assembly, user=user, role=role, defaults={"name": name}
        )
        accounts.append(
            DemoAccount(role=role, name=name, username=username, password=DEMO_PASSWORD)
        )
    for role, name in _CODE_LOGIN:
        participant, _created = Participant.objects.get_or_create(
            assembly=assembly, role=role, name=name
        )
        link = services.issue_login(participant, LoginToken.Kind.LINK)
        code = services.issue_login(participant, LoginToken.Kind.CODE)
        accounts.append(DemoAccount(role=role, name=name, login_path=link.path, code=code.code))
    for role, name in _WITHOUT_ACCOUNT:
        Participant.objects.get_or_create(assembly=assembly, role=role, name=name)
        accounts.append(
            DemoAccount(
                role=role,
                name=name,
                note="no account: guests join a theme table by its QR code or short code at /g/",
            )
        )
    return accounts
