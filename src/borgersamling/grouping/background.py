"""The trade-off rows' searches on a second core while the chosen mode's search runs.

They are searches of their own, each seeded, so the seatings are the same as when they run
one after the other; with two cores the default run at the Dragør size takes half to two
thirds of the time (the two processes share the cores' caches).
A process, not a thread: the search is many small numpy calls, and the interpreter runs only
one thread's Python at a time. A fresh interpreter (``python -m`` this module), not a fork:
the web runs seatings in a thread of a threaded server, whose fork can inherit a lock held
for ever; and not multiprocessing's spawn, which runs the caller's script again in the child
unless it guards its top level. Whatever goes wrong in the background, the searches are made
here instead, so an error is raised as it would be without it.

The child reads its work from a file (readable by this user only, removed once read) and
writes lines to its standard output: ``S`` when a search begins, ``P <fraction>`` as it goes,
then ``R`` and the plans, pickled.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from borgersamling.grouping.layout import SessionLayout
from borgersamling.grouping.model import MixingMode, Plan, SeatingProblem, stage_name
from borgersamling.grouping.search import search_steps
from borgersamling.sortition.progress import Reporter

LEAST_WORK = 5_000_000
"""Fewest swaps scored (steps x sessions x members squared) over the searches for them to go
to the background: about half a second of search, as long as starting the process takes."""
POLL = 0.2
"""Seconds between looks at the background's progress while waiting for it."""

Work = tuple[SeatingProblem, Sequence[SessionLayout], list[MixingMode], int]


def cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def worth_it(
    problem: SeatingProblem, layouts: Sequence[SessionLayout], modes: int, effort: int
) -> bool:
    n = len(problem.members)
    work = search_steps(layouts, n, effort) * len(layouts) * n * n * modes
    return os.name == "posix" and cores() > 1 and work >= LEAST_WORK


class _Listener(threading.Thread):
    """Reads the child's lines as they come, so its pipe never fills while the parent
    searches."""

    def __init__(self, stream: IO[bytes]) -> None:
        super().__init__(name="seating-tradeoff-listener", daemon=True)
        self.stream = stream
        self.begun = 0
        self.fraction = 0.0
        self.plans: dict[MixingMode, Plan] | None = None

    def run(self) -> None:
        try:
            for line in self.stream:
                if line == b"S\n":
                    self.begun, self.fraction = self.begun + 1, 0.0
                elif line.startswith(b"P "):
                    self.fraction = float(line[2:])
                elif line == b"R\n":
                    self.plans = pickle.load(self.stream)
                    return
        except (OSError, ValueError, EOFError, pickle.UnpicklingError):
            return  # stopped, or the child died: the parent searches itself


class Pending:
    """The trade-off plans, searched in the background or, failing that, in ``plans``."""

    def __init__(
        self,
        problem: SeatingProblem,
        layouts: Sequence[SessionLayout],
        modes: Sequence[MixingMode],
        effort: int,
    ) -> None:
        self.work: Work = (problem, layouts, list(modes), effort)
        self.process: subprocess.Popen[bytes] | None = None
        self.listener: _Listener | None = None
        self.file: Path | None = None

    def start(self) -> None:
        with tempfile.NamedTemporaryFile("wb", suffix=".seating", delete=False) as file:
            pickle.dump(self.work, file)
        self.file = Path(file.name)
        try:
            process = subprocess.Popen(
                [sys.executable, "-m", __name__, str(self.file)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except OSError:
            return
        assert process.stdout is not None
        self.process, self.listener = process, _Listener(process.stdout)
        self.listener.start()

    @property
    def running(self) -> bool:
        return self.process is not None

    def plans(self, reporter: Reporter) -> dict[MixingMode, Plan]:
        """The plans by mode; the reporter hears the same stages as without the background."""
        received = self._received(reporter) if self.running else None
        if received is not None:
            return received
        return _search(self.work, reporter)

    def _received(self, reporter: Reporter) -> dict[MixingMode, Plan] | None:
        listener = self.listener
        assert listener is not None
        modes = self.work[2]
        told = 0
        while listener.is_alive():
            listener.join(POLL)
            for mode in modes[told : listener.begun]:
                reporter.stage(stage_name(mode))
            told = max(told, listener.begun)
            if told:
                reporter.progress(listener.fraction)
        self.stop()
        if listener.plans is None:
            return None
        for mode in modes[told:]:
            reporter.stage(stage_name(mode))
        reporter.progress(1.0)
        return listener.plans

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            if self.listener is not None:
                self.listener.join()  # it reads to the end of the dead child's output
            assert self.process.stdout is not None
            self.process.stdout.close()
            self.process = None
        if self.file is not None:
            self.file.unlink(missing_ok=True)
            self.file = None


@contextmanager
def tradeoff_searches(
    problem: SeatingProblem,
    layouts: Sequence[SessionLayout],
    modes: Sequence[MixingMode],
    effort: int,
) -> Iterator[Pending]:
    """Start the searches of ``modes`` in the background when they are long enough and a
    second core is there; leaving the block stops them (the run was stopped, or failed)."""
    pending = Pending(problem, layouts, modes, effort)
    if modes and worth_it(problem, layouts, len(modes), effort):
        pending.start()
    try:
        yield pending
    finally:
        pending.stop()


class _Writer:
    """The child's reporter: one line per stage and per progress report."""

    def __init__(self, out: IO[bytes]) -> None:
        self.out = out

    def stage(self, name: str) -> None:
        self.out.write(b"S\n")
        self.out.flush()

    def progress(self, fraction: float, note: str = "") -> None:
        self.out.write(b"P %.4f\n" % fraction)
        self.out.flush()


def _search(work: Work, reporter: Reporter) -> dict[MixingMode, Plan]:
    """Each mode's seating, one after the other (here or in the child)."""
    from borgersamling.grouping.engine import solve  # the engine imports this module

    problem, layouts, modes, effort = work
    return {mode: solve(problem, layouts, mode, reporter, effort) for mode in modes}


def main(path: str) -> None:
    file = Path(path)
    work: Work = pickle.loads(file.read_bytes())
    file.unlink()  # the members' features stay on disk only while the child starts
    out = sys.stdout.buffer
    plans = _search(work, _Writer(out))
    out.write(b"R\n")
    pickle.dump(plans, out)
    out.flush()


if __name__ == "__main__":
    main(sys.argv[1])
