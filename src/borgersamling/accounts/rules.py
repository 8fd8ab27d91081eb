"""Named permission rules for people and accounts, checked by every view.

A rule is a plain function ``rule(user, assembly) -> bool``. Other apps build their rules
from the role predicates here (``is_secretariat``, ``is_member`` ...) and enforce them with
``borgersamling.accounts.permissions``. Superusers pass every rule: they administer the
whole deployment.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeAlias

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from borgersamling.accounts.models import SECRETARIAT_ROLES, Participant, Role
from borgersamling.assemblies.models import Assembly

AnyUser: TypeAlias = AbstractBaseUser | AnonymousUser
Rule: TypeAlias = Callable[[AnyUser, Assembly | None], bool]


def roles_in(user: AnyUser, assembly: Assembly | None) -> frozenset[str]:
    """The user's active roles in the assembly (empty for anonymous users)."""
    if assembly is None or not user.is_authenticated:
        return frozenset()
    roles = Participant.objects.filter(
        assembly_id=assembly.pk, user_id=user.pk, is_active=True
    ).values_list("role", flat=True)
    return frozenset(roles)


def _is_superuser(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active and getattr(user, "is_superuser", False))


def has_any_role(user: AnyUser, assembly: Assembly | None, roles: Iterable[str]) -> bool:
    return bool(roles_in(user, assembly) & frozenset(roles))


# --- who the user is in the assembly ------------------------------------------------------


def is_authenticated(user: AnyUser, assembly: Assembly | None = None) -> bool:
    return bool(user.is_authenticated and user.is_active)


def can_use_two_factor(user: AnyUser, assembly: Assembly | None = None) -> bool:
    """Accounts with a password (the secretariat) can add a TOTP second factor; members log
    in with one-time codes and have nothing to protect with it."""
    return isinstance(user, AbstractBaseUser) and user.is_active and user.has_usable_password()


def is_secretariat(user: AnyUser, assembly: Assembly | None) -> bool:
    """Facilitators and administrators of this assembly."""
    return _is_superuser(user) or has_any_role(user, assembly, SECRETARIAT_ROLES)


def is_administrator(user: AnyUser, assembly: Assembly | None) -> bool:
    return _is_superuser(user) or has_any_role(user, assembly, {Role.ADMINISTRATOR})


def is_member(user: AnyUser, assembly: Assembly | None) -> bool:
    """The drawn members (not the secretariat, not guests)."""
    return has_any_role(user, assembly, {Role.MEMBER})


def is_participant(user: AnyUser, assembly: Assembly | None) -> bool:
    """Anyone with an account in this assembly, in any role."""
    return _is_superuser(user) or bool(roles_in(user, assembly))


# --- what the user may do -----------------------------------------------------------------


def can_edit_program(user: AnyUser, assembly: Assembly | None) -> bool:
    """Edit sessions, program items, theme tables and the other process content."""
    return is_secretariat(user, assembly)


def can_view_member_pages(user: AnyUser, assembly: Assembly | None) -> bool:
    """My sessions, my table, the materials: the members and the secretariat."""
    return is_member(user, assembly) or is_secretariat(user, assembly)


def can_view_people(user: AnyUser, assembly: Assembly | None) -> bool:
    """See who is in the room (names and roles): members and the secretariat. Guests and
    other visitors see no names, which are personal data too."""
    return can_view_member_pages(user, assembly)


def can_view_personal_data(user: AnyUser, assembly: Assembly | None) -> bool:
    """See contact details (e-mail, phone) and login status: the secretariat only."""
    return is_secretariat(user, assembly)


def can_manage_participants(user: AnyUser, assembly: Assembly | None) -> bool:
    """Add people and issue their login links and codes."""
    return is_secretariat(user, assembly)


RULES: dict[str, Rule] = {
    "is_authenticated": is_authenticated,
    "can_use_two_factor": can_use_two_factor,
    "is_secretariat": is_secretariat,
    "is_administrator": is_administrator,
    "is_member": is_member,
    "is_participant": is_participant,
    "can_edit_program": can_edit_program,
    "can_view_member_pages": can_view_member_pages,
    "can_view_people": can_view_people,
    "can_view_personal_data": can_view_personal_data,
    "can_manage_participants": can_manage_participants,
}
