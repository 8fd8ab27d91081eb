"""The drawn panel's answers: confirm, decline, drop out.

A confirmed sign-up becomes a member of the assembly (an ``accounts.Participant``), so the
secretariat can issue their login and seat them; a dropout's participant is deactivated.
Replacing who left is ``replacements``' job.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from borgersamling.accounts.models import Participant, Role
from borgersamling.accounts.services import add_participant
from borgersamling.recruitment.models import SignUp


class AnswerRefused(ValueError):
    """The sign-up is not in a state where this answer makes sense."""


@transaction.atomic
def confirm(signup: SignUp) -> Participant:
    """The drawn person says yes: they become a member of the assembly."""
    if signup.status not in {SignUp.Status.SELECTED, SignUp.Status.CONFIRMED}:
        raise AnswerRefused(f"#{signup.number} is not drawn ({signup.status})")
    signup.status = SignUp.Status.CONFIRMED
    signup.answered_at = signup.answered_at or timezone.now()
    if signup.participant is None:
        signup.participant = add_participant(
            signup.recruitment.assembly,
            role=Role.MEMBER,
            name=signup.name or f"#{signup.number}",
            email=signup.email,
            phone=signup.phone,
        )
    elif not signup.participant.is_active:
        signup.participant.is_active = True
        signup.participant.save(update_fields=["is_active"])
    signup.save()
    return signup.participant


@transaction.atomic
def decline(signup: SignUp) -> None:
    """The drawn person says no (only before they have confirmed)."""
    if signup.status != SignUp.Status.SELECTED:
        raise AnswerRefused(f"#{signup.number} cannot decline now ({signup.status})")
    signup.status = SignUp.Status.DECLINED
    signup.answered_at = timezone.now()
    signup.save()


@transaction.atomic
def drop_out(signup: SignUp) -> None:
    """A drawn or confirmed member leaves; their account stops working."""
    if not signup.in_panel:
        raise AnswerRefused(f"#{signup.number} is not in the panel ({signup.status})")
    signup.status = SignUp.Status.DROPPED_OUT
    signup.save()
    if signup.participant is not None:
        signup.participant.is_active = False
        signup.participant.save(update_fields=["is_active"])
