"""Progress reporting for long computations: a terminal bar, a web percentage, or nothing."""

from __future__ import annotations

from typing import Protocol


class Reporter(Protocol):
    def stage(self, name: str) -> None:
        """A new phase starts (e.g. "LEXIMIN", "transparent lottery")."""

    def progress(self, fraction: float, note: str = "") -> None:
        """How far the current phase is, between 0 and 1, with a short note."""


class SilentReporter:
    def stage(self, name: str) -> None:
        pass

    def progress(self, fraction: float, note: str = "") -> None:
        pass
