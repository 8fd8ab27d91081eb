"""Seating runs: the generate form's request, computed by a background task.

The request is checked when it is made (``planning.prepare``), so the form can name what is
wrong at once; the task then prepares it again from the database as it is, runs the engine
outside any transaction, saving its progress on the run, and stores the seating as drafts in
one transaction with the run's outcome. A stopped run stores nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from borgersamling.assemblies.models import Assembly, Session
from borgersamling.seating import planning
from borgersamling.seating.models import SeatingRun
from borgersamling.site.task_runs import RowReporter, RunCancelled
from borgersamling.sortition.errors import SortitionError

logger = logging.getLogger(__name__)

ACTIVE = (SeatingRun.Status.QUEUED, SeatingRun.Status.RUNNING)


def runs_of(assembly: Assembly) -> QuerySet[SeatingRun]:
    return SeatingRun.objects.filter(session__assembly=assembly).select_related("session")


def active_run(assembly: Assembly) -> SeatingRun | None:
    """The assembly's run under way: one at a time, as a run may seat later sessions too."""
    return runs_of(assembly).filter(status__in=ACTIVE).first()


def latest_run(session: Session) -> SeatingRun | None:
    """The newest run that seats this session (its own, or an earlier session's with the
    later sessions)."""
    return (
        runs_of(session.assembly)
        .filter(Q(session=session) | Q(ahead=True, session__number__lt=session.number))
        .first()
    )


def sessions_of(run: SeatingRun) -> list[Session]:
    """The sessions the run seats: its own, and with ``ahead`` the later drafts."""
    return [run.session, *(planning.later_sessions(run.session) if run.ahead else [])]


def request_of(run: SeatingRun) -> planning.Request:
    return planning.Request(
        seed=run.seed,
        mixing=planning.mode_of(run.mixing),
        capacity=run.capacity,
        keep_pinned=run.keep_pinned,
        ahead=run.ahead,
        effort_factor=planning.THOROUGH if run.search == SeatingRun.Search.THOROUGH else 1,
        from_draft=run.from_draft,
    )


def _refuse_while_busy(assembly: Assembly) -> None:
    running = active_run(assembly)
    if running is not None:
        raise planning.SeatingError(
            _(
                "A seating is being generated already (session %(number)s). Wait until it is "
                "done, or stop it."
            )
            % {"number": running.session.number}
        )


def create_run(
    session: Session,
    request: planning.Request,
    *,
    thorough: bool = False,
    user: planning.AnyUser | None = None,
) -> SeatingRun:
    """A queued run of the request; raises ``planning.SeatingError`` (with the form field)
    when the request cannot be seated or a run is under way."""
    _refuse_while_busy(session.assembly)
    planning.prepare(session, request)
    with transaction.atomic():
        # Lock the assembly (where the database can), so two presses give one run.
        Assembly.objects.select_for_update().filter(pk=session.assembly_id).first()
        _refuse_while_busy(session.assembly)
        return SeatingRun.objects.create(
            session=session,
            seed=request.seed,
            mixing=request.mixing,
            capacity=request.capacity,
            keep_pinned=request.keep_pinned,
            ahead=request.ahead,
            search=SeatingRun.Search.THOROUGH if thorough else SeatingRun.Search.USUAL,
            from_draft=request.from_draft,
            language=(translation.get_language() or "da")[:10],
            created_by=planning.user_or_none(user),
        )


def in_each_language(say: Callable[[], str]) -> dict[str, str]:
    """What ``say`` says in each of the site's languages."""
    texts = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts[code] = str(say())
    return texts


def stop_run(run: SeatingRun, message: str | Promise, field: str = "") -> bool:
    """End a queued or running run as failed with ``message`` (a lazy text is kept in each
    language); the engine, if at work on it, notices at its next progress report and stores
    nothing."""
    stopped = SeatingRun.objects.filter(pk=run.pk, status__in=ACTIVE).update(
        status=SeatingRun.Status.FAILED,
        error=str(message),
        error_translations=in_each_language(lambda: str(message))
        if isinstance(message, Promise)
        else {},
        error_field=field,
        finished_at=timezone.now(),
    )
    return stopped == 1


def cancel_run(run: SeatingRun) -> bool:
    with translation.override(run.language):
        return stop_run(run, gettext_lazy("Stopped by the secretariat. Nothing was changed."))


class SeatingReporter(RowReporter):
    """Progress over the whole run, whose engine stages (``planning.stage_weights``: the
    chosen mixing, the other two modes for the trade-off figures, a search on from the
    result) take their share of the bar by their search length. ``stage`` holds the mode
    being searched; the bar never goes back (a repair search starts its count again)."""

    def __init__(self, run: SeatingRun, weights: list[float], interval: float = 0.5) -> None:
        super().__init__(SeatingRun, run.pk, interval=interval)
        self.weights = weights or [1.0]
        self.index = -1
        self.mode = ""
        self.overall = 0.0

    def stage(self, name: str) -> None:
        # The engine names its stages "seating (<mode> mixing)" (grouping.model.stage_name).
        self.mode = name.partition("(")[2].split(" ")[0] or name
        self.index = min(self.index + 1, len(self.weights) - 1)
        super().stage(name)

    def fields(self) -> dict[str, object]:
        if self.index >= 0:
            done = sum(self.weights[: self.index])
            now = (done + self.fraction * self.weights[self.index]) / sum(self.weights)
            self.overall = max(self.overall, min(now, 1.0))
        return {"stage": self.mode[:200], "progress": self.overall, "heard_at": timezone.now()}


def _finish(run_id: int, **fields: object) -> bool:
    updated = SeatingRun.objects.filter(pk=run_id, status=SeatingRun.Status.RUNNING).update(
        finished_at=timezone.now(), **fields
    )
    return updated == 1


def _status(run_id: int) -> str:
    return str(SeatingRun.objects.filter(pk=run_id).values_list("status", flat=True).first())


def _said_again(run: SeatingRun, error: planning.SeatingError) -> str:
    """``error`` in the language now active: the engine's errors speak every language; a
    refusal of the request is asked for again (checking reads only)."""
    if isinstance(error.__cause__, SortitionError):
        return planning.engine_error(error.__cause__).message
    try:
        planning.prepare(run.session, request_of(run))
    except planning.SeatingError as again:
        return again.message
    return error.message  # raised while storing: said in the starter's language only


def execute_run(run_id: int, reporter: RowReporter | None = None) -> str:
    """Compute a queued run: the seating stored as drafts and the run DONE, or nothing stored
    and the run FAILED with a message in the language of whoever started it. Returns the
    status it ended in."""
    claimed = SeatingRun.objects.filter(pk=run_id, status=SeatingRun.Status.QUEUED).update(
        status=SeatingRun.Status.RUNNING,
        started_at=timezone.now(),
        heard_at=timezone.now(),
        stage="",
        progress=0.0,
    )
    if not claimed:
        return _status(run_id)
    run = SeatingRun.objects.select_related("session__assembly", "created_by").get(pk=run_id)
    with translation.override(run.language):
        try:
            prepared = planning.prepare(run.session, request_of(run))
            reporter = reporter or SeatingReporter(run, planning.stage_weights(prepared))
            result = planning.compute(prepared, reporter)
            with transaction.atomic():
                # Stored only while the run is still ours: a stop meanwhile stores nothing.
                if (
                    not SeatingRun.objects.select_for_update()
                    .filter(pk=run_id, status=SeatingRun.Status.RUNNING)
                    .exists()
                ):
                    return _status(run_id)
                planning.store(prepared, result, user=run.created_by)
                _finish(run_id, status=SeatingRun.Status.DONE, progress=1.0, error="")
        except RunCancelled:
            return _status(run_id)
        except planning.SeatingError as error:
            refused = error  # the name "error" is gone once the except clause ends
            _finish(
                run_id,
                status=SeatingRun.Status.FAILED,
                error=error.message,
                error_translations=in_each_language(lambda: _said_again(run, refused)),
                error_field=error.field or "",
            )
        except Exception as error:  # every failure ends the run with a message
            logger.exception("seating run %s failed", run_id)
            what = f"{type(error).__name__}: {error}"
            _finish(
                run_id,
                status=SeatingRun.Status.FAILED,
                error=_("The computation stopped with an unexpected error: %(error)s")
                % {"error": what},
                error_translations=in_each_language(
                    lambda: (
                        _("The computation stopped with an unexpected error: %(error)s")
                        % {"error": what}
                    )
                ),
            )
    return _status(run_id)
