"""Permission expectations for recruitment's overview page (see tests/test_permission_sweep.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from borgersamling.assemblies.models import Assembly
from tests.sweep_outcomes import SECRETARIAT

EXPECTED: dict[str, dict[str, int | str]] = {"recruitment:overview": SECRETARIAT}
PKS: dict[str, Callable[[Assembly], Any]] = {}
ARGUMENTS: dict[str, Callable[[Assembly], Any]] = {}
