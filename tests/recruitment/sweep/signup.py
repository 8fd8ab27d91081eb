"""Permission expectations for the public sign-up and the recruitment settings, merged into
the project's sweep (tests/test_permission_sweep.py).

The sign-up pages need no login: the letter's code is the key, so every role gets the same
page. The demo has no invitations, so ``ARGUMENTS["code"]`` adds one (with a register row
and a sign-up) the first time it is asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from borgersamling.assemblies.models import Assembly
from borgersamling.recruitment.models import (
    FeatureValue,
    Invitation,
    InvitationBatch,
    Resident,
    SignUp,
)
from borgersamling.recruitment.services import next_signup_number, recruitment_of
from tests.sweep_outcomes import PUBLIC, only

EXPECTED: dict[str, dict[str, int | str]] = {
    "recruitment:signup": PUBLIC,
    # The demo's code has signed up: the form says so and links to the person's own page.
    "recruitment:signup-form": PUBLIC,
    "recruitment:signup-done": PUBLIC,
    "recruitment:my-signup": PUBLIC,  # by the code, not by login
    "recruitment:settings": only(("facilitator", "administrator")),
}

SWEEP_CODE = "SWEEPCD2"


def demo_code(assembly: Assembly) -> str:
    """An invitation of the demo with a register row and a sign-up made from it."""
    recruitment = recruitment_of(assembly)
    existing = Invitation.objects.filter(recruitment=recruitment, code=SWEEP_CODE).first()
    if existing is not None:
        return existing.code
    resident = Resident.objects.create(
        recruitment=recruitment,
        person_id="sweep-0001",
        name="Sweep Tilmeldt",
        address="Prøvevej 1",
        postcode="2791",
        city="Dragør",
        household_key="prøvevej 1|2791",
    )
    batch = InvitationBatch.objects.create(
        recruitment=recruitment, method=InvitationBatch.Method.EVERYONE
    )
    invitation = Invitation.objects.create(
        batch=batch, recruitment=recruitment, resident=resident, code=SWEEP_CODE
    )
    SignUp.objects.create(
        recruitment=recruitment,
        invitation=invitation,
        number=next_signup_number(recruitment),
        name=resident.name,
        email="sweep.tilmeldt@example.dk",
        address=resident.address,
        household_key=resident.household_key,
        features={
            value.feature.key: value.value
            for value in FeatureValue.objects.filter(
                feature__recruitment=recruitment, order=0
            ).select_related("feature")
        },
    )
    return invitation.code


PKS: dict[str, Callable[[Assembly], Any]] = {}
ARGUMENTS: dict[str, Callable[[Assembly], Any]] = {"code": demo_code}
