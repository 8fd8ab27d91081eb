"""Permission expectations for this part of recruitment, merged into the project's sweep
(tests/test_permission_sweep.py). ``PKS`` maps the route segment before ``<int:pk>`` to a
function that finds a demo row for it; ``ARGUMENTS`` maps other URL arguments likewise.

Everything here is the secretariat's: the extract and the letters hold names and addresses.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from borgersamling.assemblies.models import Assembly
from borgersamling.recruitment.invitations import create_batch
from borgersamling.recruitment.models import InvitationBatch, Resident
from borgersamling.recruitment.services import recruitment_of
from tests.sweep_outcomes import SECRETARIAT, SECRETARIAT_POST_ONLY

EXPECTED: dict[str, dict[str, int | str]] = {
    "recruitment:invitations": SECRETARIAT,
    "recruitment:invitations-population": SECRETARIAT,
    "recruitment:invitations-targets": SECRETARIAT_POST_ONLY,
    "recruitment:invitations-letter": SECRETARIAT,
    "recruitment:invitations-letter-preview": SECRETARIAT,
    "recruitment:invitations-batch": SECRETARIAT,
    "recruitment:invitations-csv": SECRETARIAT,
    "recruitment:invitations-letters": SECRETARIAT,
}


def demo_batch(assembly: Assembly) -> int:
    """A small batch of letters in the demo (which has no extract), made once."""
    recruitment = recruitment_of(assembly)
    existing = InvitationBatch.objects.filter(recruitment=recruitment).first()
    if existing is not None:
        return existing.pk
    for number, area in enumerate(("Søvang og syd", "Gl. Dragør og Nordstranden"), start=1):
        Resident.objects.create(
            recruitment=recruitment,
            person_id=f"sweep-{number}",
            name=f"Sweep Beboer {number}",
            address=f"Sweepvej {number}",
            postcode="2791",
            city="Dragør",
            household_key=f"sweepvej {number}|2791",
            features={"bopæl": area},
            row=number + 1,
        )
    return create_batch(recruitment, method="everyone", seed="sweep").batch.pk


PKS: dict[str, Callable[[Assembly], Any]] = {"batches": demo_batch}
ARGUMENTS: dict[str, Callable[[Assembly], Any]] = {"part": lambda assembly: 1}
