"""Permission expectations for recruitment's overview page (see tests/test_permission_sweep.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from borgersamling.assemblies.models import Assembly

SECRETARIAT: dict[str, int | str] = {
    "anonymous": "accounts:login",
    "guest": "accounts:login",
    "member": 403,
    "politician": 403,
    "other-facilitator": 403,
    "facilitator": 200,
    "administrator": 200,
}
EXPECTED: dict[str, dict[str, int | str]] = {"recruitment:overview": SECRETARIAT}
PKS: dict[str, Callable[[Assembly], Any]] = {}
ARGUMENTS: dict[str, Callable[[Assembly], Any]] = {}
