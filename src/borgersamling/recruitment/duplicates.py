"""Possible duplicate sign-ups: the same person signing up twice, e.g. with two letters of one
household or once by form and once by phone to the secretariat.

A match is only flagged (``SignUp.duplicate_of``), never blocked: two people may share a
phone, and the secretariat decides. Matches are the same e-mail address, the same phone
number (digits only, without the Danish country code), or the same name in the same
household. Withdrawn and anonymised sign-ups are left out.
"""

from __future__ import annotations

import re

from borgersamling.recruitment.models import SignUp

_COUNTRY_PREFIXES = ("0045", "45")
DANISH_NUMBER_LENGTH = 8


def phone_digits(phone: str) -> str:
    """``+45 20 30 40 50``, ``0045-20304050`` and ``20 30 40 50`` all become ``20304050``."""
    digits = re.sub(r"\D", "", phone)
    for prefix in _COUNTRY_PREFIXES:
        if digits.startswith(prefix) and len(digits) == len(prefix) + DANISH_NUMBER_LENGTH:
            return digits[len(prefix) :]
    return digits


def normalised_name(name: str) -> str:
    return " ".join(name.casefold().split())


def find_duplicate(signup: SignUp) -> SignUp | None:
    """The earliest other sign-up in the same recruitment that looks like the same person."""
    others = (
        SignUp.objects.filter(recruitment_id=signup.recruitment_id, anonymised_at__isnull=True)
        .exclude(status=SignUp.Status.WITHDRAWN)
        .exclude(pk=signup.pk)
        .order_by("number", "pk")
    )
    matches: list[SignUp] = []
    if signup.email.strip():
        matches.extend(others.filter(email__iexact=signup.email.strip())[:1])
    digits = phone_digits(signup.phone)
    if digits:
        # Phones are stored as typed, so compare digits in Python; one recruitment's pool
        # is a few thousand rows at most.
        matches.extend(
            other
            for other in others.exclude(phone="").only("pk", "number", "phone")
            if phone_digits(other.phone) == digits
        )
    name = normalised_name(signup.name)
    if name and signup.household_key:
        matches.extend(
            other
            for other in others.filter(household_key=signup.household_key).only(
                "pk", "number", "name"
            )
            if normalised_name(other.name) == name
        )
    if not matches:
        return None
    earliest = min(matches, key=lambda other: (other.number, other.pk))
    return others.get(pk=earliest.pk)


def flag_duplicate(signup: SignUp) -> SignUp | None:
    """Set (or clear) ``duplicate_of`` unless the secretariat already checked the pair."""
    if signup.duplicate_cleared:
        return signup.duplicate_of
    signup.duplicate_of = find_duplicate(signup)
    signup.save(update_fields=["duplicate_of", "updated_at"])
    return signup.duplicate_of
