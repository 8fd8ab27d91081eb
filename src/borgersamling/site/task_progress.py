"""A background computation's progress, saved on the row that stands for the run.

Shared by the lottery runs and the seating runs: both rows have ``status`` (``running``
while a worker computes), ``stage`` and ``progress``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.db import models

RUNNING = "running"


class RunCancelled(Exception):
    """The run was stopped (or finished) by someone else while the engine worked on it."""


class RowReporter:
    """The engine's progress, saved on the run row at most every ``interval`` seconds.

    A queryset update touches only the stage and progress, so it never overwrites other
    fields; it only updates a running run, so a cancelled run stops the engine."""

    def __init__(
        self,
        model: type[models.Model],
        run_id: int,
        interval: float = 0.5,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.model = model
        self.run_id = run_id
        self.interval = interval
        self.clock = clock
        self.current = ""
        self.fraction = 0.0
        self.saved_at: float | None = None

    def stage(self, name: str) -> None:
        self.current = name
        self.fraction = 0.0
        self._save()

    def progress(self, fraction: float, note: str = "") -> None:
        self.fraction = max(0.0, min(1.0, fraction))
        if self.saved_at is None or self.clock() - self.saved_at >= self.interval:
            self._save()

    def fields(self) -> dict[str, Any]:
        """What is saved: the stage and how far it is."""
        return {"stage": self.current[:200], "progress": self.fraction}

    def _save(self) -> None:
        self.saved_at = self.clock()
        rows = self.model._default_manager.filter(pk=self.run_id, status=RUNNING)
        if not rows.update(**self.fields()):
            raise RunCancelled(self.run_id)
