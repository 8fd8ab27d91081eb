"""The secretariat's changes to the pool, each in one transaction and written to the
access log with who made it."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from borgersamling.recruitment import services
from borgersamling.recruitment.duplicates import flag_duplicate
from borgersamling.recruitment.models import PersonalDataAccess, Recruitment, SignUp
from borgersamling.recruitment.pool_forms import NewSignUpForm, SignUpForm
from borgersamling.sortition.pool import household_key

# Who made the change, for the access log.
Actor = AbstractBaseUser | AnonymousUser | None
Action = PersonalDataAccess.Action


class NotAllowedNow(ValueError):
    """The sign-up's status does not allow this change (e.g. withdrawing a drawn person)."""


def _household(signup: SignUp) -> str:
    """A letter's household is the register's; otherwise the address typed."""
    if signup.invitation is not None and signup.invitation.resident is not None:
        return signup.invitation.resident.household_key
    return household_key([signup.address, signup.postcode]) or ""


@transaction.atomic
def save_signup(form: SignUpForm, user: Actor) -> SignUp:
    """Store the secretariat's corrections (the form is valid)."""
    signup = form.save(commit=False)
    if signup.is_anonymised:
        raise NotAllowedNow(signup.number)
    if {"address", "postcode"} & set(form.changed_data):
        signup.household_key = _household(signup)
    signup.save()
    form.save_m2m()
    if not signup.duplicate_cleared and signup.status != SignUp.Status.WITHDRAWN:
        flag_duplicate(signup)
    changed = ", ".join(form.changed_data)
    services.log_access(
        signup.recruitment, user, Action.EDIT, signup=signup, detail=f"changed: {changed}"
    )
    return signup


def add_signup(recruitment: Recruitment, form: NewSignUpForm, user: Actor) -> SignUp:
    """A sign-up taken by the secretariat; a concurrent sign-up taking the same number is
    retried once with the next."""
    for attempt in (1, 2):
        try:
            return _add(recruitment, form, user)
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


@transaction.atomic
def _add(recruitment: Recruitment, form: NewSignUpForm, user: Actor) -> SignUp:
    signup = form.save(commit=False)
    signup.recruitment = recruitment
    signup.source = SignUp.Source.SECRETARIAT
    signup.status = SignUp.Status.POOL
    signup.number = services.next_signup_number(recruitment)
    signup.consent_text = recruitment.consent_text_rendered()
    signup.consent_given_at = timezone.now()
    signup.household_key = _household(signup)
    signup.save()
    form.save_m2m()
    flag_duplicate(signup)
    services.log_access(
        recruitment, user, Action.EDIT, signup=signup, detail="added by the secretariat"
    )
    return signup


@transaction.atomic
def withdraw(signup: SignUp, user: Actor) -> None:
    """Out of the pool. A drawn person declines or drops out on the panel page instead, so
    the seat is replaced and the replacement logged."""
    if signup.status != SignUp.Status.POOL or signup.is_anonymised:
        raise NotAllowedNow(signup.number)
    signup.status = SignUp.Status.WITHDRAWN
    signup.save(update_fields=["status", "updated_at"])
    services.log_access(
        signup.recruitment, user, Action.EDIT, signup=signup, detail="withdrawn by the secretariat"
    )


@transaction.atomic
def put_back(signup: SignUp, user: Actor) -> None:
    if signup.status != SignUp.Status.WITHDRAWN or signup.is_anonymised:
        raise NotAllowedNow(signup.number)
    signup.status = SignUp.Status.POOL
    signup.save(update_fields=["status", "updated_at"])
    services.log_access(
        signup.recruitment, user, Action.EDIT, signup=signup, detail="put back into the pool"
    )


@transaction.atomic
def not_a_duplicate(signup: SignUp, user: Actor) -> None:
    """The secretariat checked the pair: two people. The flag stays for the record."""
    if signup.duplicate_of is None:
        raise NotAllowedNow(signup.number)
    signup.duplicate_cleared = True
    signup.save(update_fields=["duplicate_cleared", "updated_at"])
    services.log_access(
        signup.recruitment,
        user,
        Action.EDIT,
        signup=signup,
        detail=f"not a duplicate of #{signup.duplicate_of.number}",
    )
