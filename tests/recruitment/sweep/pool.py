"""Permission expectations for the pool and the criteria/targets pages, merged into the
project's sweep (tests/test_permission_sweep.py). ``PKS`` maps the route segment before
``<int:pk>`` to a function that finds a demo row for it.

Everything here is the secretariat's: the pool holds names and contact details, and the
targets decide who can be drawn.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from borgersamling.assemblies.models import Assembly
from borgersamling.recruitment.models import Feature, SignUp
from borgersamling.recruitment.services import recruitment_of
from tests.sweep_outcomes import SECRETARIAT, SECRETARIAT_POST_ONLY

EXPECTED: dict[str, dict[str, int | str]] = {
    "recruitment:pool": SECRETARIAT,
    "recruitment:pool-new": SECRETARIAT,
    "recruitment:pool-import": SECRETARIAT,
    "recruitment:pool-edit": SECRETARIAT,
    "recruitment:pool-withdraw": SECRETARIAT_POST_ONLY,
    "recruitment:pool-put-back": SECRETARIAT_POST_ONLY,
    "recruitment:pool-not-duplicate": SECRETARIAT_POST_ONLY,
    "recruitment:targets": SECRETARIAT,
    "recruitment:targets-check": SECRETARIAT,  # GET checks the stored targets
    "recruitment:targets-import": SECRETARIAT,
    "recruitment:targets-feature-new": SECRETARIAT,
    "recruitment:targets-feature": SECRETARIAT,
    "recruitment:targets-feature-delete": SECRETARIAT,  # GET asks; only POST deletes
}


def demo_signup(assembly: Assembly) -> int:
    signup = SignUp.objects.filter(recruitment=recruitment_of(assembly)).first()
    assert signup is not None, "the demo has no sign-ups"
    return signup.pk


def demo_feature(assembly: Assembly) -> int:
    feature = Feature.objects.filter(recruitment=recruitment_of(assembly)).first()
    assert feature is not None, "the demo has no criteria"
    return feature.pk


PKS: dict[str, Callable[[Assembly], Any]] = {"signups": demo_signup, "features": demo_feature}
ARGUMENTS: dict[str, Callable[[Assembly], Any]] = {}
