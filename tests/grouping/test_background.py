"""The trade-off rows' searches in a background process: the same seatings, the same stages
heard, stopped with the run, and searched here when the background cannot help."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from borgersamling.grouping import background
from borgersamling.grouping.engine import SeatingResult, seat
from borgersamling.grouping.layout import build_layouts
from borgersamling.grouping.model import SeatingProblem
from tests.grouping.test_engine_properties import two_features


class Heard:
    """A reporter that remembers what it heard; it can stop the run at some progress."""

    def __init__(self, stop_at: float | None = None) -> None:
        self.stages: list[str] = []
        self.last = 0.0
        self.stop_at = stop_at

    def stage(self, name: str) -> None:
        self.stages.append(name)

    def progress(self, fraction: float, note: str = "") -> None:
        self.last = fraction
        if self.stop_at is not None and fraction >= self.stop_at:
            raise KeyboardInterrupt("stopped by the test")


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[background.Pending]:
    """Every search of the trade-off goes to the background, however short; the list holds
    the ones that did start a process."""
    monkeypatch.setattr(background, "LEAST_WORK", 0)
    monkeypatch.setattr(background, "cores", lambda: 2)
    begun: list[background.Pending] = []
    start = background.Pending.start

    def recorded(self: background.Pending) -> None:
        start(self)
        if self.running:
            begun.append(self)

    monkeypatch.setattr(background.Pending, "start", recorded)
    return begun


def problem() -> SeatingProblem:
    return replace(two_features(tradeoff=True), effort=10)


def same(a: SeatingResult, b: SeatingResult) -> None:
    assert a.plan == b.plan
    assert a.alternatives == b.alternatives
    assert a.tradeoff == b.tradeoff
    assert set(a.alternatives) == {"balanced", "meet"}


def test_seatings_and_stages_are_those_without_the_background(
    started: list[background.Pending], monkeypatch: pytest.MonkeyPatch
) -> None:
    heard_here = Heard()
    with monkeypatch.context() as here:
        here.setattr(background, "worth_it", lambda *args: False)
        alone = seat(problem(), heard_here)
    assert started == []
    heard_there = Heard()
    together = seat(problem(), heard_there)
    assert len(started) == 1
    same(together, alone)
    expected = [f"seating ({mode} mixing)" for mode in ("strict", "balanced", "meet")]
    assert heard_here.stages == heard_there.stages == expected
    assert heard_there.last == 1.0


def test_a_stopped_run_stops_the_background(
    started: list[background.Pending], monkeypatch: pytest.MonkeyPatch
) -> None:
    pids: list[int] = []
    popen = subprocess.Popen

    def remembered(*args: Any, **kwargs: Any) -> Any:
        process = popen(*args, **kwargs)
        pids.append(process.pid)
        return process

    monkeypatch.setattr(subprocess, "Popen", remembered)
    with pytest.raises(KeyboardInterrupt):
        seat(problem(), Heard(stop_at=0.2))
    [pending] = started
    assert pending.process is None and pending.file is None  # killed, waited for, removed
    with pytest.raises(ProcessLookupError):
        os.kill(pids[0], 0)


def test_the_work_file_is_removed_after_a_run(
    started: list[background.Pending], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    seat(problem())
    assert len(started) == 1
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("python", ["/bin/false", "/nonexistent/python"])
def test_when_the_background_cannot_search_the_searches_are_made_here(
    started: list[background.Pending], monkeypatch: pytest.MonkeyPatch, python: str
) -> None:
    """A child that exits at once without a word, or cannot be started at all."""
    with monkeypatch.context() as here:
        here.setattr(background, "worth_it", lambda *args: False)
        alone = seat(problem())
    monkeypatch.setattr(sys, "executable", python)
    heard = Heard()
    same(seat(problem(), heard), alone)
    assert heard.stages == [f"seating ({mode} mixing)" for mode in ("strict", "balanced", "meet")]


def test_short_searches_and_one_core_stay_here(monkeypatch: pytest.MonkeyPatch) -> None:
    small = problem()
    layouts = build_layouts(small)
    assert not background.worth_it(small, layouts, 2, small.effort)  # a tenth of a second
    monkeypatch.setattr(background, "LEAST_WORK", 0)
    monkeypatch.setattr(background, "cores", lambda: 1)
    assert not background.worth_it(small, layouts, 2, small.effort)
    monkeypatch.setattr(background, "cores", lambda: 2)
    assert background.worth_it(small, layouts, 2, small.effort)
