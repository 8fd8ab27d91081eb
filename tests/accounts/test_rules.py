"""Every rule for every role: who may do what in an assembly."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from borgersamling.accounts import rules
from borgersamling.accounts.models import Role
from borgersamling.assemblies.models import Assembly
from tests.accounts.factories import make_assembly, make_participant, make_user

ALLOWED: dict[str, set[str]] = {
    "is_secretariat": {Role.FACILITATOR, Role.ADMINISTRATOR},
    "is_administrator": {Role.ADMINISTRATOR},
    "is_member": {Role.MEMBER},
    "is_participant": set(Role.values),
    "can_edit_program": {Role.FACILITATOR, Role.ADMINISTRATOR},
    "can_view_member_pages": {Role.FACILITATOR, Role.ADMINISTRATOR, Role.MEMBER},
    "can_view_people": {Role.FACILITATOR, Role.ADMINISTRATOR, Role.MEMBER},
    "can_view_personal_data": {Role.FACILITATOR, Role.ADMINISTRATOR},
    "can_manage_participants": {Role.FACILITATOR, Role.ADMINISTRATOR},
}
ASSEMBLY_RULES = sorted(ALLOWED)


@pytest.mark.parametrize("rule_name", ASSEMBLY_RULES)
@pytest.mark.parametrize("role", Role.values)
def test_rule_for_role(assembly: Assembly, rule_name: str, role: str) -> None:
    user = make_user(password="")
    user.set_unusable_password()
    make_participant(assembly, role, user=user)
    assert rules.RULES[rule_name](user, assembly) is (role in ALLOWED[rule_name])


@pytest.mark.parametrize("rule_name", ASSEMBLY_RULES)
def test_anonymous_passes_no_rule(assembly: Assembly, rule_name: str) -> None:
    assert rules.RULES[rule_name](AnonymousUser(), assembly) is False


@pytest.mark.parametrize("rule_name", ["is_secretariat", "can_edit_program"])
def test_a_role_counts_only_in_its_own_assembly(assembly: Assembly, rule_name: str) -> None:
    user = make_user()
    make_participant(assembly, Role.FACILITATOR, user=user)
    other = make_assembly()
    assert rules.RULES[rule_name](user, assembly)
    assert not rules.RULES[rule_name](user, other)


def test_inactive_participation_counts_for_nothing(assembly: Assembly) -> None:
    user = make_user()
    make_participant(assembly, Role.FACILITATOR, user=user, is_active=False)
    assert not rules.is_secretariat(user, assembly)


def test_superuser_is_secretariat_everywhere(assembly: Assembly) -> None:
    root = make_user(is_superuser=True, is_staff=True)
    assert rules.can_edit_program(root, assembly)
    assert rules.can_view_personal_data(root, assembly)
    assert not rules.is_member(root, assembly)


def test_member_cannot_edit_program_and_guest_sees_no_personal_data(assembly: Assembly) -> None:
    member, guest, facilitator = make_user(), make_user(), make_user()
    make_participant(assembly, Role.MEMBER, user=member)
    make_participant(assembly, Role.GUEST, user=guest)
    make_participant(assembly, Role.FACILITATOR, user=facilitator)
    assert not rules.can_edit_program(member, assembly)
    assert not rules.can_view_personal_data(guest, assembly)
    assert not rules.can_view_people(guest, assembly)
    assert rules.can_edit_program(facilitator, assembly)
    assert rules.can_view_personal_data(facilitator, assembly)


def test_two_factor_is_for_accounts_with_a_password(assembly: Assembly) -> None:
    with_password = make_user()
    without = make_user()
    without.set_unusable_password()
    assert rules.can_use_two_factor(with_password)
    assert not rules.can_use_two_factor(without)
    assert not rules.can_use_two_factor(AnonymousUser())
