"""Writes behind the public sign-up: a new sign-up, a correction, a withdrawal. Each runs in
one transaction, so a failure leaves nothing half-stored."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from borgersamling.recruitment import services
from borgersamling.recruitment.duplicates import flag_duplicate
from borgersamling.recruitment.models import Invitation, PersonalDataAccess, Recruitment, SignUp
from borgersamling.recruitment.signup_forms import SignUpForm
from borgersamling.sortition.pool import household_key


class AlreadySignedUp(Exception):
    """The invitation's code has been used (perhaps by a second tab a moment ago)."""


class NotChangeable(Exception):
    """The sign-up is past the point where the person may change it themselves."""


def create_signup(
    recruitment: Recruitment, invitation: Invitation, form: SignUpForm, consent_text: str
) -> SignUp:
    """Store a valid sign-up with the next number. Two people submitting at the same moment
    may both read the same highest number; the unique constraint stops the second, which
    then tries once more with a fresh number."""
    for attempt in (1, 2):
        try:
            return _create(recruitment, invitation, form, consent_text)
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


@transaction.atomic
def _create(
    recruitment: Recruitment, invitation: Invitation, form: SignUpForm, consent_text: str
) -> SignUp:
    if SignUp.objects.filter(invitation=invitation).exists():
        raise AlreadySignedUp(invitation.code)
    signup = SignUp(
        recruitment=recruitment,
        invitation=invitation,
        source=SignUp.Source.FORM,
        number=services.next_signup_number(recruitment),
        consent_text=consent_text,
        consent_given_at=timezone.now(),
    )
    sessions = form.apply(signup)
    signup.household_key = (
        invitation.resident.household_key
        if invitation.resident is not None
        else household_key([signup.address, signup.postcode]) or ""
    )
    signup.save()
    signup.available_sessions.set(sessions)
    flag_duplicate(signup)
    return signup


def may_change(signup: SignUp, is_open: bool) -> bool:
    """Corrections while the person is in the pool and the sign-up is open; after that the
    pool is frozen for the lottery and changes go through the secretariat."""
    return is_open and signup.status == SignUp.Status.POOL and not signup.is_anonymised


@transaction.atomic
def correct_signup(signup: SignUp, form: SignUpForm, is_open: bool) -> SignUp:
    if not may_change(signup, is_open):
        raise NotChangeable(signup.number)
    sessions = form.apply(signup)
    if signup.invitation is None or signup.invitation.resident is None:
        signup.household_key = household_key([signup.address, signup.postcode]) or ""
    signup.save()
    signup.available_sessions.set(sessions)
    flag_duplicate(signup)
    services.log_access(
        signup.recruitment,
        None,
        PersonalDataAccess.Action.EDIT,
        signup=signup,
        detail="corrected by the person with their code",
    )
    return signup


@transaction.atomic
def withdraw_signup(signup: SignUp) -> None:
    """Leave the pool. Only from the pool: a drawn person declines instead, and a confirmed
    member who leaves is a dropout the secretariat replaces."""
    if signup.status != SignUp.Status.POOL:
        raise NotChangeable(signup.number)
    signup.status = SignUp.Status.WITHDRAWN
    signup.save(update_fields=["status", "updated_at"])
    services.log_access(
        signup.recruitment,
        None,
        PersonalDataAccess.Action.EDIT,
        signup=signup,
        detail="withdrawn by the person with their code",
    )
