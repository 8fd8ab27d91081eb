"""Pairs of members kept apart, as the secretariat registers them (``problem`` gives them to
the engine). A pair is stored once, the lower pk first."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from borgersamling.accounts.models import Participant, Role
from borgersamling.assemblies.models import Assembly
from borgersamling.seating.models import ApartPair
from borgersamling.seating.planning import AnyUser, SeatingError, user_or_none


def pairs_of(assembly: Assembly) -> list[ApartPair]:
    return list(ApartPair.objects.filter(assembly=assembly).select_related("first", "second"))


@transaction.atomic
def keep_apart(
    assembly: Assembly, first: Participant, second: Participant, user: AnyUser | None = None
) -> tuple[ApartPair, bool]:
    """The pair's row and whether it is new (asking twice changes nothing)."""
    if first.pk == second.pk:
        raise SeatingError(_("Choose two different members."), "second")
    for field, member in (("first", first), ("second", second)):
        if member.assembly_id != assembly.pk or member.role != Role.MEMBER:
            raise SeatingError(_("This person is not a member of the assembly."), field)
    low, high = sorted((first, second), key=lambda member: member.pk)
    return ApartPair.objects.get_or_create(
        assembly=assembly, first=low, second=high, defaults={"created_by": user_or_none(user)}
    )
