"""Lottery runs: freeze the inputs, compute the lottery table, draw it with the public seed.

A run is computed on a frozen copy of the engine's input files with seed 0: the table of
panels depends on the inputs alone, so it can be published before the ceremony. The public
seed entered there only picks a row. The verification files are then made by re-running the
engine with that seed on the frozen files, exactly as ``borgersamling verify`` will.

The computation itself runs in a background task (``lottery_tasks``); ``execute_run`` is
its body and is also called directly by the demo.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import tempfile
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from borgersamling.recruitment import engine_inputs
from borgersamling.recruitment.models import LotteryRun, Recruitment, SignUp
from borgersamling.site.task_runs import RowReporter, RunCancelled
from borgersamling.sortition.errors import InfeasibleQuotasError, SortitionError
from borgersamling.sortition.lottery import Lottery, largest_gap
from borgersamling.sortition.messages import render
from borgersamling.sortition.outputs import result_files
from borgersamling.sortition.progress import Reporter, SilentReporter
from borgersamling.sortition.selection import (
    ALGORITHMS,
    DEFAULT_LOTTERY_SIZE,
    SelectionRequest,
    SelectionResult,
    load_inputs,
    run_selection,
)
from borgersamling.sortition.tables import sha256_of

logger = logging.getLogger(__name__)

LANGUAGES = ("da", "en")
ACTIVE = (LotteryRun.Status.QUEUED, LotteryRun.Status.RUNNING)
LOTTERY_FILE = "lottery.csv"
MAX_SEED_DIGITS = 18
MAX_LOTTERY_SIZE = 100_000


class LotteryRefused(Exception):
    """The run cannot be started or drawn now; the message says why, in the UI language."""

    def __init__(self, message: str | Promise) -> None:
        self.text = str(message)
        super().__init__(self.text)


class LotteryNotReproduced(RuntimeError):
    """Re-running the frozen inputs gave another table: the draw must not go ahead."""


# --- small helpers -------------------------------------------------------------------------


def sha256_text(text: str) -> str:
    """The SHA-256 of the text's UTF-8 bytes: the hash of the file as written and published."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def ui_language() -> str:
    """The engine's message language closest to the active UI language."""
    return "da" if (translation.get_language() or "da").startswith("da") else "en"


def in_languages(message: Callable[[str], str]) -> dict[str, str]:
    return {language: message(language) for language in LANGUAGES}


def translated(message: str | Promise) -> dict[str, str]:
    """A UI message in every language, for texts stored on the run and shown later."""

    def text(language: str) -> str:
        with translation.override(language):
            return str(message)

    return in_languages(text)


def error_text(error: BaseException, language: str) -> str:
    """An engine error in plain words; infeasible quotas with their reasons in ``language``."""
    if isinstance(error, InfeasibleQuotasError) and error.diagnosis is not None:
        diagnosis = error.diagnosis
        lines = [f"- {reason.text(language)}" for reason in diagnosis.reasons]
        text = render("infeasible", language, {**error.params, "reasons": "\n".join(lines)})
        changes = [
            f"- {reason.text(language)}" for c in diagnosis.changes for reason in c.reasons()
        ]
        if changes:
            with translation.override(language):
                heading = str(_("The smallest change that makes a panel possible:"))
            text += f"\n{heading}\n" + "\n".join(changes)
        return text
    if isinstance(error, SortitionError):
        return error.message(language)
    with translation.override(language):
        return str(_("The computation stopped with an unexpected error: %(error)s")) % {
            "error": f"{type(error).__name__}: {error}"
        }


def run_error(run: LotteryRun, language: str) -> str:
    """The stored error in ``language`` (errors are stored as JSON in every language)."""
    try:
        texts = json.loads(run.error)
    except ValueError:
        return run.error
    if not isinstance(texts, dict):
        return run.error
    return str(texts.get(language) or texts.get("en") or "")


def parse_seed(text: str) -> int:
    """The public seed from what the secretariat typed: digits, maybe grouped with spaces or
    dashes as the command line accepts them. Raises ``LotteryRefused``."""
    digits = "".join(text.split()).replace("-", "")
    if not digits or not digits.isascii() or not digits.isdecimal():
        raise LotteryRefused(_("The seed must consist of digits only, for example 4 2 6 1 5 3."))
    if len(digits) > MAX_SEED_DIGITS:
        raise LotteryRefused(
            _("The seed may have at most %(digits)d digits.") % {"digits": MAX_SEED_DIGITS}
        )
    return int(digits)


# --- which run is which --------------------------------------------------------------------


def runs_of(recruitment: Recruitment) -> QuerySet[LotteryRun]:
    return LotteryRun.objects.filter(recruitment=recruitment).order_by("-created_at", "-pk")


def active_run(recruitment: Recruitment) -> LotteryRun | None:
    return runs_of(recruitment).filter(status__in=ACTIVE).first()


def drawn_run(recruitment: Recruitment) -> LotteryRun | None:
    return runs_of(recruitment).filter(panel_number__isnull=False).first()


def the_lottery(recruitment: Recruitment) -> LotteryRun | None:
    """The run the public sees: the drawn one, or else the latest finished one."""
    done = runs_of(recruitment).filter(status=LotteryRun.Status.DONE)
    return drawn_run(recruitment) or done.first()


# --- starting a run ------------------------------------------------------------------------


def _write(text: str, path: Path) -> Path:
    # Bytes, not text mode: the file must hash exactly as the stored text does on any OS.
    path.write_bytes(text.encode("utf-8"))
    return path


def _request(
    folder: Path,
    *,
    pool_csv: str,
    quotas_csv: str,
    seats: int,
    tolerance: int,
    algorithm: str,
    lottery_size: int,
    seed: int,
) -> SelectionRequest:
    return SelectionRequest(
        pool_path=_write(pool_csv, folder / engine_inputs.POOL_FILE),
        quotas_path=_write(quotas_csv, folder / engine_inputs.QUOTAS_FILE),
        seats=seats,
        seed=seed,
        algorithm=algorithm,
        household_columns=(engine_inputs.HOUSEHOLD_COLUMN,),
        id_column=engine_inputs.ID_COLUMN,
        lottery_size=lottery_size,
        tolerance=tolerance,
    )


def _run_request(run: LotteryRun, folder: Path, seed: int) -> SelectionRequest:
    request = _request(
        folder,
        pool_csv=run.pool_csv,
        quotas_csv=run.quotas_csv,
        seats=run.seats,
        tolerance=run.tolerance,
        algorithm=run.algorithm,
        lottery_size=run.lottery_size,
        seed=seed,
    )
    for path, recorded in (
        (request.pool_path, run.pool_sha256),
        (request.quotas_path, run.quotas_sha256),
    ):
        if sha256_of(path) != recorded:
            raise LotteryNotReproduced(f"the stored {path.name} no longer matches its SHA-256")
    return request


def check_inputs(files: engine_inputs.EngineFiles, algorithm: str, lottery_size: int) -> int:
    """Read the files as the engine will; raises the engine's ``InputError`` when they are
    bad. Returns the pool size."""
    with tempfile.TemporaryDirectory(prefix="borgersamling-lottery-") as folder:
        request = _request(
            Path(folder),
            pool_csv=files.pool_csv,
            quotas_csv=files.quotas_csv,
            seats=files.seats,
            tolerance=files.tolerance,
            algorithm=algorithm,
            lottery_size=lottery_size,
            seed=0,
        )
        return len(load_inputs(request).pool)


def create_run(
    recruitment: Recruitment,
    *,
    user: AbstractBaseUser | AnonymousUser | None,
    algorithm: str = "leximin",
    lottery_size: int = DEFAULT_LOTTERY_SIZE,
) -> LotteryRun:
    """A queued run on a frozen copy of today's inputs. Raises ``LotteryRefused`` when the
    inputs are bad, a run is under way, or the panel has already been drawn."""
    if algorithm not in ALGORITHMS:
        raise LotteryRefused(render("algorithm_unknown", ui_language(), {"algorithm": algorithm}))
    if not 1 <= lottery_size <= MAX_LOTTERY_SIZE:
        raise LotteryRefused(
            _("The lottery table must have between 1 and %(most)d panels.")
            % {"most": MAX_LOTTERY_SIZE}
        )
    refuse_while_busy(recruitment)
    files = engine_inputs.engine_files(recruitment)
    try:
        check_inputs(files, algorithm, lottery_size)
    except SortitionError as error:
        raise LotteryRefused(error_text(error, ui_language())) from error
    with transaction.atomic():
        # Lock the recruitment (where the database can) so two presses of "start" give one
        # run; the checks are repeated under the lock. The slow input check stays outside.
        Recruitment.objects.select_for_update().filter(pk=recruitment.pk).first()
        refuse_while_busy(recruitment)
        return LotteryRun.objects.create(
            recruitment=recruitment,
            algorithm=algorithm,
            seats=files.seats,
            tolerance=files.tolerance,
            lottery_size=lottery_size,
            pool_csv=files.pool_csv,
            quotas_csv=files.quotas_csv,
            pool_sha256=sha256_text(files.pool_csv),
            quotas_sha256=sha256_text(files.quotas_csv),
            created_by=user if isinstance(user, User) else None,
        )


def refuse_while_busy(recruitment: Recruitment) -> None:
    if active_run(recruitment) is not None:
        raise LotteryRefused(_("A lottery run is already under way. Wait for it to finish."))
    if drawn_run(recruitment) is not None:
        raise LotteryRefused(_("The panel has already been drawn; a new run cannot change it."))


def stop_run(run: LotteryRun, message: str | Promise) -> bool:
    """End a queued or running run as FAILED with ``message``. The engine, if still working
    on it, notices at its next progress report and stores nothing."""
    stopped = LotteryRun.objects.filter(pk=run.pk, status__in=ACTIVE).update(
        status=LotteryRun.Status.FAILED,
        error=json.dumps(translated(message), ensure_ascii=False),
        finished_at=timezone.now(),
    )
    return stopped == 1


def cancel_run(run: LotteryRun) -> bool:
    """Stop waiting for a run, e.g. when its worker was stopped half-way."""
    return stop_run(run, _("Stopped by the secretariat."))


# --- computing a run -----------------------------------------------------------------------


class RunReporter(RowReporter):
    """The engine's progress, saved on the lottery run (see ``RowReporter``)."""

    def __init__(
        self, run_id: int, interval: float = 0.5, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__(LotteryRun, run_id, interval=interval, clock=clock)


def results_of(result: SelectionResult) -> dict[str, Any]:
    """What is stored of a computed run, by sign-up number (the pool's id column)."""
    people = result.inputs.pool.people

    def number(index: int) -> int:
        return int(people[index].id)

    return {
        "pool_size": len(people),
        "probabilities": {
            person.id: round(float(p), 6)
            for person, p in zip(people, result.probabilities, strict=True)
        },
        "lottery_probabilities": {
            person.id: round(float(p), 6)
            for person, p in zip(people, result.lottery_probabilities, strict=True)
        },
        "lottery": [[number(i) for i in panel] for panel in result.lottery.panels],
        "summary": result.summary.as_dict(),
        "lottery_summary": result.lottery_summary.as_dict(),
        "lottery_rounding_gap": round(largest_gap(result.lottery, result.probabilities), 6),
        "unselectable": [
            {"number": number(person), "code": reason.code, **in_languages(reason.text)}
            for person, reason in result.unselectable
        ],
        "quotas": [
            {"feature": q.feature, "value": q.value, "min": q.min, "max": q.max}
            for q in result.inputs.quotas.quotas
        ],
        "wall_time": round(result.wall_time, 3),
    }


def compute(run: LotteryRun, reporter: Reporter) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="borgersamling-lottery-") as folder:
        result = run_selection(_run_request(run, Path(folder), seed=0), reporter)
    return results_of(result)


def _finish(run_id: int, **fields: Any) -> bool:
    """Store the outcome in one statement, only if the run is still ours (running)."""
    with transaction.atomic():
        updated = LotteryRun.objects.filter(pk=run_id, status=LotteryRun.Status.RUNNING).update(
            finished_at=timezone.now(), **fields
        )
    return updated == 1


def execute_run(run_id: int, reporter: Reporter | None = None) -> str:
    """Compute a queued run and store the outcome: DONE with its results, or FAILED with a
    message and no results. Returns the status it ended in."""
    claimed = LotteryRun.objects.filter(pk=run_id, status=LotteryRun.Status.QUEUED).update(
        status=LotteryRun.Status.RUNNING, started_at=timezone.now(), stage="", progress=0.0
    )
    if not claimed:
        return str(LotteryRun.objects.filter(pk=run_id).values_list("status", flat=True).first())
    run = LotteryRun.objects.get(pk=run_id)
    try:
        results = compute(run, reporter or RunReporter(run_id))
    except RunCancelled:
        return str(LotteryRun.objects.get(pk=run_id).status)
    except Exception as error:  # every failure ends the run, with a message and nothing else
        logger.exception("lottery run %s failed", run_id)
        messages = {language: error_text(error, language) for language in LANGUAGES}
        _finish(
            run_id,
            status=LotteryRun.Status.FAILED,
            error=json.dumps(messages, ensure_ascii=False),
            results={},
        )
        return LotteryRun.Status.FAILED
    _finish(run_id, status=LotteryRun.Status.DONE, results=results, error="", progress=1.0)
    return str(LotteryRun.objects.get(pk=run_id).status)


# --- the draw ------------------------------------------------------------------------------


def lottery_table(run: LotteryRun) -> list[list[int]]:
    table: list[list[int]] = run.results.get("lottery", [])
    return table


def lottery_csv(run: LotteryRun) -> str:
    """The table of panels, published before the draw, in the engine's ``lottery.csv`` form
    (the same bytes the verification files hold after the draw)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["panel", *(f"member_{k}" for k in range(1, run.seats + 1))])
    for number, panel in enumerate(lottery_table(run)):
        writer.writerow([str(number), *(str(member) for member in panel)])
    return buffer.getvalue()


def verification_files(run: LotteryRun, seed: int) -> dict[str, str]:
    """Every file ``borgersamling verify`` needs, made by re-running the frozen inputs with
    the seed; raises ``LotteryNotReproduced`` if the table is not the stored one."""
    with tempfile.TemporaryDirectory(prefix="borgersamling-verify-") as folder:
        out = Path(folder)
        result = run_selection(_run_request(run, out, seed), SilentReporter())
        people = result.inputs.pool.people
        table = [[int(people[i].id) for i in panel] for panel in result.lottery.panels]
        if table != lottery_table(run):
            raise LotteryNotReproduced(
                f"run {run.pk}: the recomputed lottery table differs from the stored one"
            )
        files = result_files(result, out)
    return {
        engine_inputs.POOL_FILE: run.pool_csv,
        engine_inputs.QUOTAS_FILE: run.quotas_csv,
        **files,
    }


def draw(
    run: LotteryRun, seed_text: str, user: AbstractBaseUser | AnonymousUser | None
) -> LotteryRun:
    """Draw the panel with the public seed: store it with the verification files and mark
    the drawn sign-ups SELECTED, all at once. Raises ``LotteryRefused``."""
    seed = parse_seed(seed_text)
    if run.status != LotteryRun.Status.DONE:
        raise LotteryRefused(_("Only a finished run can be drawn."))
    if run.is_drawn or drawn_run(run.recruitment) is not None:
        raise LotteryRefused(_("The panel has already been drawn; the seed cannot be changed."))
    table = lottery_table(run)
    lottery = Lottery([tuple(panel) for panel in table])
    panel_number = lottery.panel_number(seed)
    panel = sorted(table[panel_number])
    reserves = lottery.reserves(panel_number)
    # Slow part first, outside the transaction: the engine re-run with the seed.
    files = verification_files(run, seed)
    report = json.loads(files["report.json"])
    if report["panel_number"] != panel_number or sorted(map(int, report["panel"])) != panel:
        raise LotteryNotReproduced(f"run {run.pk}: the recomputed panel differs")
    with transaction.atomic():
        Recruitment.objects.select_for_update().filter(pk=run.recruitment_id).first()
        locked = LotteryRun.objects.select_for_update().get(pk=run.pk)
        if locked.is_drawn or drawn_run(run.recruitment) is not None:
            raise LotteryRefused(_("The panel has already been drawn; the seed cannot be changed."))
        locked.seed = str(seed)
        locked.panel_number = panel_number
        locked.panel = panel
        locked.reserves = reserves
        locked.files = files
        locked.drawn_at = timezone.now()
        locked.drawn_by = user if isinstance(user, User) else None
        locked.save(
            update_fields=[
                "seed",
                "panel_number",
                "panel",
                "reserves",
                "files",
                "drawn_at",
                "drawn_by",
            ]
        )
        SignUp.objects.filter(
            recruitment_id=run.recruitment_id, number__in=panel, status=SignUp.Status.POOL
        ).update(status=SignUp.Status.SELECTED, updated_at=timezone.now())
    return locked


def public_files(run: LotteryRun) -> Mapping[str, str]:
    """The files anyone may download: the inputs and the table before the draw, everything
    ``borgersamling verify`` needs after it."""
    if run.is_drawn:
        return dict(run.files)
    return {
        engine_inputs.POOL_FILE: run.pool_csv,
        engine_inputs.QUOTAS_FILE: run.quotas_csv,
        LOTTERY_FILE: lottery_csv(run),
    }
