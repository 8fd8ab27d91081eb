"""Permission expectations for the drawn panel, replacements and GDPR pages, merged into
the project's sweep (tests/test_permission_sweep.py). ``PKS`` maps the route segment before
``<int:pk>`` to a function that finds a demo row for it; ``ARGUMENTS`` maps other URL
arguments likewise.

Everything here shows or changes personal data, so it is the secretariat's only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from borgersamling.assemblies.models import Assembly
from borgersamling.recruitment.models import SignUp
from tests.sweep_outcomes import SECRETARIAT, SECRETARIAT_POST_ONLY

EXPECTED: dict[str, dict[str, int | str]] = {
    "recruitment:panel": SECRETARIAT,
    "recruitment:panel-confirm": SECRETARIAT_POST_ONLY,
    "recruitment:panel-decline": SECRETARIAT_POST_ONLY,
    "recruitment:panel-drop-out": SECRETARIAT,
    "recruitment:replacements": SECRETARIAT,
    "recruitment:privacy-export": SECRETARIAT,
    "recruitment:privacy-erase": SECRETARIAT,  # a confirmation page; erasing is a POST
    "recruitment:privacy-log": SECRETARIAT,
}


def _a_signup(assembly: Assembly) -> int:
    signup = SignUp.objects.filter(recruitment__assembly=assembly).order_by("number").first()
    assert signup is not None, "the demo has no sign-ups"
    return signup.pk


def _a_drawn_signup(assembly: Assembly) -> int:
    """Someone in the panel; the demo has no draw, so the last sign-up is marked drawn."""
    drawn = SignUp.objects.filter(
        recruitment__assembly=assembly,
        status__in=(SignUp.Status.SELECTED, SignUp.Status.CONFIRMED),
    ).first()
    if drawn is None:
        drawn = SignUp.objects.filter(recruitment__assembly=assembly).order_by("-number").first()
        assert drawn is not None, "the demo has no sign-ups"
        drawn.status = SignUp.Status.SELECTED
        drawn.save(update_fields=["status"])
    return drawn.pk


PKS: dict[str, Callable[[Assembly], Any]] = {"panel": _a_drawn_signup, "signups": _a_signup}
ARGUMENTS: dict[str, Callable[[Assembly], Any]] = {}
