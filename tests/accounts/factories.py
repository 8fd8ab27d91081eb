"""Small factories for people and assemblies: each makes a valid row with defaults a test
can override."""

from __future__ import annotations

import itertools
from typing import Any

from django.contrib.auth.models import User

from borgersamling.accounts import services
from borgersamling.accounts.models import LoginToken, Participant, Role
from borgersamling.assemblies.models import Assembly

PASSWORD = "correct horse battery staple"
_numbers = itertools.count(1)


def make_assembly(**fields: Any) -> Assembly:
    number = next(_numbers)
    defaults: dict[str, Any] = {
        "name": f"Test Assembly {number}",
        "slug": f"test-assembly-{number}",
        "municipality": "Dragør",
        "core_task": "How do we keep welfare good?",
        "commissioning_body": "Byrådet",
    }
    return Assembly.objects.create(**(defaults | fields))


def make_user(username: str | None = None, *, password: str = PASSWORD, **fields: Any) -> User:
    user = User(username=username or f"user{next(_numbers)}", **fields)
    user.set_password(password)
    user.save()
    return user


def make_participant(
    assembly: Assembly, role: str = Role.MEMBER, *, user: User | None = None, **fields: Any
) -> Participant:
    defaults: dict[str, Any] = {"name": f"Person {next(_numbers)}", "email": "", "phone": ""}
    return Participant.objects.create(
        assembly=assembly, role=role, user=user, **(defaults | fields)
    )


def make_secretariat(assembly: Assembly, role: str = Role.FACILITATOR) -> User:
    user = make_user()
    make_participant(assembly, role, user=user)
    return user


def make_member(assembly: Assembly, role: str = Role.MEMBER) -> User:
    """A member with a login user (no password), as after their first login was issued."""
    participant = make_participant(assembly, role)
    services.issue_login(participant, LoginToken.Kind.CODE)
    participant.refresh_from_db()
    assert participant.user is not None
    return participant.user
