"""Runs computed by a background task, shared by the lottery runs and the seating runs: the
row that stands for a run has ``status`` (``RunStatus``), ``stage``, ``progress`` and
``task_id``. Here: the statuses, queueing a run, and saving the engine's progress on it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks.base import Task


class RunStatus(models.TextChoices):
    QUEUED = "queued", gettext_lazy("Waiting to start")
    RUNNING = "running", gettext_lazy("Running")
    DONE = "done", gettext_lazy("Done")
    FAILED = "failed", gettext_lazy("Failed")


RUNNING = RunStatus.RUNNING


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


def enqueue(task: Task[[int], str], run: models.Model, stop: Callable[[str], object]) -> None:
    """Queue the run's computation and note its task on the row. When it cannot be queued,
    ``stop`` ends the run with a message (nothing would ever compute it, and it must not
    block the next start) and the error goes on."""
    try:
        result = task.enqueue(run.pk)
    except Exception:
        stop(_("The run could not be queued for the background worker."))
        raise
    type(run)._default_manager.filter(pk=run.pk).update(task_id=str(result.id)[:64])
    run.refresh_from_db()
