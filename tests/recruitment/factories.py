"""Factories for recruitment: a recruitment with features and targets, and sign-ups."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal
from typing import Any

from django.utils import timezone

from borgersamling.assemblies.models import Assembly
from borgersamling.recruitment.models import Feature, FeatureValue, Recruitment, SignUp
from borgersamling.recruitment.services import next_signup_number, recruitment_of
from tests.accounts.factories import make_assembly

_numbers = itertools.count(1)

# A small two-criterion set-up: (key, [(value, share)]).
SIMPLE_FEATURES: list[tuple[str, list[tuple[str, str]]]] = [
    ("køn", [("Kvinde", "0.5"), ("Mand", "0.5")]),
    ("alder", [("ung", "0.4"), ("gammel", "0.6")]),
]


def make_recruitment(
    assembly: Assembly | None = None,
    features: list[tuple[str, list[tuple[str, str]]]] | None = None,
    *,
    open_now: bool = True,
    seats: int | None = None,
    **fields: Any,
) -> Recruitment:
    """A recruitment whose sign-up is open (by default) with the given features and shares."""
    assembly = assembly or make_assembly(seats=seats or 4)
    if seats is not None and assembly.seats != seats:
        assembly.seats = seats
        assembly.save()
    recruitment = recruitment_of(assembly)
    if open_now:
        now = timezone.now()
        recruitment.signup_opens_at = now - datetime.timedelta(days=1)
        recruitment.signup_closes_at = now + datetime.timedelta(days=30)
    for name, value in fields.items():
        setattr(recruitment, name, value)
    recruitment.save()
    for order, (key, values) in enumerate(features or SIMPLE_FEATURES):
        feature = Feature.objects.create(
            recruitment=recruitment, key=key, label=key.capitalize(), order=order
        )
        for value_order, (value, share) in enumerate(values):
            FeatureValue.objects.create(
                feature=feature,
                value=value,
                order=value_order,
                population_share=Decimal(share) if share != "" else None,
            )
    return recruitment


def make_signup(recruitment: Recruitment, features: dict[str, str], **fields: Any) -> SignUp:
    number = next(_numbers)
    defaults: dict[str, Any] = {
        "number": next_signup_number(recruitment),
        "name": f"Borger {number}",
        "email": f"borger{number}@example.dk",
        "address": f"Vej {number}",
        "household_key": f"vej {number}",
        "features": features,
        "consent_given_at": timezone.now(),
    }
    return SignUp.objects.create(recruitment=recruitment, **(defaults | fields))
