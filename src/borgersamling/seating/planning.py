"""The seating services: generate a session's plan with the engine, and what generating and
the changes by hand (``editing``) share: the checks, the snapshot of a plan, its figures.
Each write happens in one transaction, so the web, the command line and the tests share the
same operations; the engine decides, these functions store.

Rules kept here: a locked plan is never regenerated or changed by hand (only reseating for
absences and late members changes it, see ``reseating``); every change is followed by new
quality figures, measured from the seats alone by ``grouping.quality.measure``.
"""

from __future__ import annotations

import datetime
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from borgersamling.assemblies.models import Assembly, Session
from borgersamling.grouping.bounds import repeat_lower_bound
from borgersamling.grouping.engine import TRADEOFF_EFFORT, SeatingResult, start_tables
from borgersamling.grouping.engine import seat as engine_seat
from borgersamling.grouping.layout import build_layouts
from borgersamling.grouping.model import MixingMode, Seat, SeatingProblem
from borgersamling.grouping.quality import measure
from borgersamling.seating import problem as problems
from borgersamling.seating.models import (
    SeatAssignment,
    SeatingPlan,
    SeatingRun,
)
from borgersamling.site import clock
from borgersamling.sortition.errors import SortitionError
from borgersamling.sortition.progress import Reporter

AnyUser = AbstractBaseUser | AnonymousUser

DEFAULT_EFFORT = 100
# A thorough search in the web: ten times as long (about half a minute for 36 members over
# five sessions, where the usual search takes a few seconds).
THOROUGH = 10


class SeatingError(Exception):
    """Something the secretariat asked for cannot be done; ``field`` names the form field the
    message belongs to (None: the form as a whole)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        self.message = message
        self.field = field
        super().__init__(message)


def effort() -> int:
    """Search length; a setting so tests (and small servers) can seat faster."""
    return int(getattr(settings, "BORGERSAMLING_SEATING_EFFORT", DEFAULT_EFFORT))


def next_session(assembly: Assembly, on: datetime.date | None = None) -> Session | None:
    """Today's session or the first one after it: the one to seat next."""
    day = on or clock.today()
    return assembly.sessions.filter(date__gte=day).order_by("date", "number").first()


def plan_of(session: Session) -> SeatingPlan | None:
    return SeatingPlan.objects.filter(session=session).first()


def user_or_none(user: AnyUser | None) -> Any:
    return user if user is not None and user.is_authenticated else None


def require_no_run(session: Session) -> None:
    """A seating being generated for this session will replace its draft, so changes made
    meanwhile would be lost."""
    runs = SeatingRun.objects.filter(
        session__assembly_id=session.assembly_id,
        session__number__lte=session.number,
        status__in=(SeatingRun.Status.QUEUED, SeatingRun.Status.RUNNING),
    )
    if runs.filter(Q(session=session) | Q(ahead=True)).exists():
        raise SeatingError(
            _(
                "A new seating is being generated for this session and will replace the draft. "
                "Wait until it is done, or stop it."
            )
        )


def require_draft(plan: SeatingPlan) -> None:
    require_no_run(plan.session)
    if plan.is_locked:
        raise SeatingError(
            _(
                "The seating is locked, so no one can be moved by hand. Unlock it first, or "
                "mark absences: that reseats only the people who must move."
            )
        )


# --- generating -----------------------------------------------------------------------------


def check_inputs(inputs: problems.SessionInputs, capacity: int | None) -> None:
    """The mistakes the secretariat can make, named before the engine runs."""
    tables = len(inputs.tables)
    present = len(inputs.members) - len(inputs.absent)
    if not tables:
        raise SeatingError(
            _(
                "The assembly has no theme tables yet. Add them under the secretariat's "
                "content (theme tables) first."
            )
        )
    if present == 0:
        raise SeatingError(_("There are no members to seat (active members, not absent)."))
    if present < tables:
        raise SeatingError(
            _(
                "%(present)s members present cannot fill %(tables)s theme tables: every table "
                "needs at least one member."
            )
            % {"present": present, "tables": tables}
        )
    if capacity is not None and present > capacity * tables:
        raise SeatingError(
            _(
                "%(present)s members present, but %(tables)s tables of at most %(capacity)s "
                "seat only %(seats)s. Allow more members at a table."
            )
            % {
                "present": present,
                "tables": tables,
                "capacity": capacity,
                "seats": capacity * tables,
            },
            field="capacity",
        )


def check_pinned_roles(pinned: Sequence[SeatAssignment]) -> None:
    """Two members placed by hand at one table with the same role cannot both keep it."""
    holders: dict[tuple[int, int, str], list[SeatAssignment]] = {}
    for seat in pinned:
        if seat.role:
            holders.setdefault(
                (seat.session.number, seat.theme_table.number, seat.role), []
            ).append(seat)
    for (session, table, _role), seats in sorted(holders.items()):
        if len(seats) > 1:
            raise SeatingError(
                _(
                    "Session %(session)s, table %(table)s: %(names)s were placed by hand with "
                    "the same role (%(role)s). Give one of them another role, or generate "
                    "without keeping the members placed by hand."
                )
                % {
                    "session": session,
                    "table": table,
                    "names": " & ".join(sorted(seat.participant.name for seat in seats)),
                    "role": seats[0].get_role_display(),
                },
                field="keep_pinned",
            )


def check_pinned_apart(pinned: Sequence[SeatAssignment], apart: set[frozenset[str]]) -> None:
    """Two members placed by hand at one table who are to be kept apart: the engine would
    have to break one or the other; the secretariat decides which."""
    tables: dict[tuple[int, int], list[SeatAssignment]] = {}
    for seat in pinned:
        tables.setdefault((seat.session.number, seat.theme_table.number), []).append(seat)
    for (session, table), seats in sorted(tables.items()):
        for i, one in enumerate(seats):
            for other in seats[i + 1 :]:
                if frozenset((str(one.participant_id), str(other.participant_id))) in apart:
                    raise SeatingError(
                        _(
                            "Session %(session)s, table %(table)s: %(names)s were placed by "
                            "hand at one table but are to be kept apart. Move one of them, or "
                            "generate without keeping the members placed by hand."
                        )
                        % {
                            "session": session,
                            "table": table,
                            "names": " & ".join(
                                sorted((one.participant.name, other.participant.name))
                            ),
                        },
                        field="keep_pinned",
                    )


def engine_error(error: SortitionError) -> SeatingError:
    """The engine's messages come in English and Danish; say it in the page's language."""
    language = (translation.get_language() or "da")[:2]
    return SeatingError(error.message("da" if language == "da" else "en"))


def _run_engine(problem: SeatingProblem, reporter: Reporter | None) -> SeatingResult:
    try:
        return engine_seat(problem, reporter)
    except SortitionError as error:
        raise engine_error(error) from error


@dataclass(frozen=True)
class Request:
    """What the secretariat asked for: the generate form's choices."""

    seed: int
    mixing: MixingMode
    capacity: int | None = None
    keep_pinned: bool = True
    ahead: bool = False
    effort_factor: int = 1
    """How many times the usual search length (a thorough search: ``THOROUGH``)."""
    from_draft: bool = False
    """Search on from the session's draft as it is, instead of afresh: never worse than it."""


@dataclass(frozen=True)
class Prepared:
    """A request checked and turned into the engine's problem, before the engine runs."""

    session: Session
    request: Request
    inputs: problems.SessionInputs
    problem: SeatingProblem
    later: list[Session]
    pinned: list[SeatAssignment]
    tradeoff: list[dict[str, Any]] = field(default_factory=list)
    """The trade-off rows to store when the engine does not make new ones (searching on)."""


def prepare(session: Session, request: Request) -> Prepared:
    """Check the request and build the engine's problem; raises ``SeatingError`` for what the
    secretariat can put right (a locked plan, clashing roles placed by hand, too few members
    or seats). Reads only, so the engine can run outside any transaction."""
    plan = plan_of(session)
    if plan is not None and plan.is_locked:
        raise SeatingError(
            _("The seating of this session is locked. Unlock it before generating it again.")
        )
    later = later_sessions(session) if request.ahead else []
    pinned: list[SeatAssignment] = []
    if request.keep_pinned:
        for planned in [session, *later]:
            pinned += planned.seats.filter(pinned=True).select_related(
                "theme_table", "session", "participant"
            )
        check_pinned_roles(pinned)
    inputs = problems.build(
        session,
        mixing=request.mixing,
        seed=request.seed,
        capacity=request.capacity,
        fixed=[seat for seat in pinned if seat.session_id == session.pk],
        effort=effort() * request.effort_factor,
        tradeoff=not later,
    )
    check_inputs(inputs, request.capacity)
    check_pinned_apart(pinned, {frozenset(pair) for pair in inputs.problem.apart})
    problem = problems.with_later_sessions(inputs, later, pinned) if later else inputs.problem
    if not request.from_draft:
        return Prepared(session, request, inputs, problem, later, pinned)
    if plan is None or later:
        raise SeatingError(_("There is no draft of this session alone to search on from."))
    problem = replace(problem, start=tuple(problems.current_seats(inputs)), tradeoff=False)
    try:
        start_tables(problem, build_layouts(problem))
    except SortitionError as error:
        raise engine_error(error) from error
    return Prepared(session, request, inputs, problem, later, pinned, list(plan.tradeoff))


def _in_two_rounds(prepared: Prepared) -> bool:
    """A thorough search afresh: the usual search first, then the long one on from it."""
    return prepared.request.effort_factor > 1 and not prepared.problem.start


def compute(prepared: Prepared, reporter: Reporter | None = None) -> SeatingResult:
    """The engine's seating of the prepared problem (the slow part). A thorough search
    afresh seats as usual first and then searches on from that seating at the longer
    length: measured, that ends with fewer repeated pairs than one long search
    (benchmarks/seating-results.md)."""
    problem = prepared.problem
    if not _in_two_rounds(prepared):
        return _run_engine(problem, reporter)
    usual = problem.effort // prepared.request.effort_factor
    first = _run_engine(replace(problem, effort=usual), reporter)
    on = _run_engine(replace(problem, start=first.plan.seats, tradeoff=False), reporter)
    return replace(
        on,
        tradeoff=first.tradeoff,
        alternatives=first.alternatives,
        wall_time=first.wall_time + on.wall_time,
    )


def stage_weights(prepared: Prepared) -> list[float]:
    """The engine's stages in ``compute``, each weighted by its search length: the chosen
    mixing, then the other two modes at ``TRADEOFF_EFFORT``, then the search on."""
    problem = prepared.problem
    factor = float(prepared.request.effort_factor)
    share = TRADEOFF_EFFORT / 100
    tradeoff = [share, share] if problem.tradeoff else []
    if _in_two_rounds(prepared):
        return [1.0, *tradeoff, factor]
    return [factor, *(t * factor for t in tradeoff)]


@transaction.atomic
def store(prepared: Prepared, result: SeatingResult, user: AnyUser | None = None) -> SeatingPlan:
    """Store the engine's seating as drafts of the session (and the later sessions seated
    with it), all or nothing: a session locked meanwhile undoes the whole store."""
    problem, request = prepared.problem, prepared.request
    kept = {(seat.session_id, str(seat.participant_id)) for seat in prepared.pinned}
    earlier: tuple[Seat, ...] = problem.history
    # Sessions seated together go back to their previous drafts together (seating.drafts).
    generation = str(uuid.uuid4()) if prepared.later else ""
    plans: list[SeatingPlan] = []
    for planned in [prepared.session, *prepared.later]:
        seats = [seat for seat in result.plan.seats if seat.session == planned.number]
        alone = replace(
            problem,
            sessions=(planned.number,),
            history=earlier,
            absent={k: v for k, v in problem.absent.items() if k == planned.number},
            fixed=(),
        )
        plans.append(
            store_draft(
                planned,
                prepared.inputs,
                seats,
                kept,
                figures=figures_of(alone, seats),
                tradeoff=_tradeoff(prepared, result, seats) if planned is prepared.session else [],
                seed=request.seed,
                mixing=request.mixing,
                capacity=request.capacity,
                wall_time=result.wall_time,
                user=user,
                generation=generation,
            )
        )
        earlier = (*earlier, *seats)
    return plans[0]


def _tradeoff(
    prepared: Prepared, result: SeatingResult, chosen: Sequence[Seat]
) -> list[dict[str, Any]]:
    """The trade-off rows, each with the seats of its seating (participant, table, role), so
    the secretariat can take another mode's seating (``drafts.take_alternative``); a search
    on from a draft keeps the rows it had."""
    if not result.tradeoff:
        return prepared.tradeoff
    inputs = prepared.inputs
    rows = []
    for row in result.tradeoff:
        plan = result.alternatives.get(row["mixing"])
        seats = plan.seats if plan is not None else chosen
        rows.append(
            {
                **row,
                "seats": [
                    [inputs.members[seat.member_id].pk, inputs.tables[seat.table].pk, seat.role]
                    for seat in seats
                ],
            }
        )
    return rows


def generate(
    session: Session,
    *,
    seed: int,
    mixing: MixingMode,
    capacity: int | None = None,
    keep_pinned: bool = True,
    ahead: bool = False,
    user: AnyUser | None = None,
) -> SeatingPlan:
    """Seat the session with the engine and store the result as a draft, replacing an earlier
    draft; a locked plan is never replaced. Members placed by hand stay where they are when
    ``keep_pinned``. ``ahead``: the later sessions (up to the next locked one) are seated in
    the same run and stored as drafts too, so the assembly as a whole has fewer repeated
    pairs than seating one session at a time allows. The web runs the same steps in a
    background task (``seating.runs``)."""
    prepared = prepare(
        session,
        Request(seed=seed, mixing=mixing, capacity=capacity, keep_pinned=keep_pinned, ahead=ahead),
    )
    return store(prepared, compute(prepared), user=user)


def figures_of(
    problem: SeatingProblem, seats: Sequence[Seat]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The quality figures of one session's seats and the lower bound for its table sizes."""
    sizes = Counter(seat.table for seat in seats)
    return measure(problem, seats), repeat_lower_bound(problem, [list(sizes.values())])


def later_sessions(session: Session) -> list[Session]:
    """The sessions after this one, up to (not including) the first with a locked seating."""
    later: list[Session] = []
    for other in session.assembly.sessions.filter(number__gt=session.number).order_by("number"):
        other_plan = plan_of(other)
        if other_plan is not None and other_plan.is_locked:
            break
        later.append(other)
    return later


def store_draft(
    session: Session,
    inputs: problems.SessionInputs,
    seats: Sequence[Seat],
    kept: set[tuple[int, str]],
    *,
    figures: tuple[dict[str, Any], dict[str, Any]],
    tradeoff: list[dict[str, Any]],
    seed: int,
    mixing: MixingMode,
    capacity: int | None,
    wall_time: float,
    user: AnyUser | None,
    source: str = SeatingPlan.Source.ENGINE,
    source_file: str = "",
    generation: str = "",
) -> SeatingPlan:
    """Replace the session's seats and draft plan by these; ``kept``: (session pk, member)
    of the seats placed by hand; ``source``: what made them (``SeatingPlan.Source``)."""
    plan = SeatingPlan.objects.select_for_update().filter(session=session).first()
    if plan is not None and plan.is_locked:
        # Locked by someone else while the engine worked (a later session seated ahead, or
        # a database without row locks): the members may have seen it, so it stays.
        raise SeatingError(
            _(
                "Session %(number)s was locked while the engine worked, so its seating is "
                "kept and nothing was replaced. Generate again."
            )
            % {"number": session.number}
        )
    # The draft being replaced is kept, to compare and switch back (seating.drafts).
    previous = snapshot(plan) if plan is not None else {}
    session.seats.all().delete()
    SeatAssignment.objects.bulk_create(
        SeatAssignment(
            session=session,
            participant=inputs.members[seat.member_id],
            theme_table=inputs.tables[seat.table],
            role=seat.role,
            pinned=(session.pk, seat.member_id) in kept,
        )
        for seat in seats
    )
    if plan is None:
        plan = SeatingPlan(session=session)
    else:
        # The moves described the draft that is now replaced.
        plan.moves.all().delete()
    plan.status = SeatingPlan.Status.DRAFT
    plan.seed, plan.mixing, plan.capacity = seed, mixing, capacity
    plan.quality, plan.lower_bound = figures
    plan.tradeoff = tradeoff
    plan.wall_time = round(wall_time, 3)
    plan.source, plan.source_file, plan.generation = source, source_file, generation
    plan.created_by = user_or_none(user)
    plan.created_at = timezone.now()
    plan.locked_by = None
    plan.locked_at = None
    plan.previous = previous
    plan.save()
    return plan


PLAN_FIELDS = (
    "seed",
    "mixing",
    "capacity",
    "quality",
    "lower_bound",
    "tradeoff",
    "wall_time",
    "source",
    "source_file",
    "generation",
)
MOVE_FIELDS = (
    "participant_id",
    "from_table_id",
    "to_table_id",
    "role",
    "previous_role",
    "was_pinned",
    "undone",
    "reason",
    "batch",
    "created_by_id",
)


def snapshot(plan: SeatingPlan) -> dict[str, Any]:
    """The draft as it is now, as JSON-ready data."""
    return {
        **{name: getattr(plan, name) for name in PLAN_FIELDS},
        "created_at": plan.created_at.isoformat(),
        "created_by_id": plan.created_by_id,
        "seats": [
            [seat.participant_id, seat.theme_table_id, seat.role, seat.pinned]
            for seat in SeatAssignment.objects.filter(session=plan.session_id).order_by("pk")
        ],
        "moves": [
            {
                **{name: getattr(move, name) for name in MOVE_FIELDS},
                "created_at": move.created_at.isoformat(),
            }
            for move in plan.moves.order_by("pk")
        ],
    }


def refresh_quality(plan: SeatingPlan) -> dict[str, Any]:
    """Measure the seats as they are now and store the figures on the plan."""
    inputs = problems.build(
        plan.session, mixing=mode_of(plan.mixing), seed=plan.seed, capacity=plan.capacity
    )
    # Moves by hand can change the table sizes, and with them the counting bound.
    quality, plan.lower_bound = figures_of(inputs.problem, problems.current_seats(inputs))
    plan.quality = quality
    plan.save(update_fields=["quality", "lower_bound"])
    return quality


def mode_of(value: str) -> MixingMode:
    modes: dict[str, MixingMode] = {"strict": "strict", "balanced": "balanced", "meet": "meet"}
    return modes.get(value, "strict")
