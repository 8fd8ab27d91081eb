"""Replacing drawn people who left, from the reserves, keeping the quotas as well as possible.

The engine (``sortition.replacement``) decides; this module gathers its inputs from what is
stored and stores what the secretariat confirms. The quotas are the ones the panel was drawn
with: the run's frozen pool and quota files, parsed exactly as the engine parsed them.

Every seat that empties is written to the ``Replacement`` log: when someone drops out (with
the reason and a note) as a row without anyone joining, "the seat is open"; when the seat is
filled, as a row naming who joined. A seat left open for want of candidates is logged the
same way, so the log tells the whole story and nothing in it is ever rewritten.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import transaction

from borgersamling.recruitment import panel
from borgersamling.recruitment.engine_inputs import EngineFiles, parse_files
from borgersamling.recruitment.models import LotteryRun, Recruitment, Replacement, SignUp
from borgersamling.site import clock
from borgersamling.sortition.errors import InputError
from borgersamling.sortition.pool import Pool
from borgersamling.sortition.quotas import QuotaSet
from borgersamling.sortition.replacement import (
    QuotaReport,
    choose_replacements,
    fillable_seats,
    quota_report,
)

LEFT = (SignUp.Status.DECLINED, SignUp.Status.DROPPED_OUT)
IN_PANEL = (SignUp.Status.SELECTED, SignUp.Status.CONFIRMED)


class NoDrawnPanel(LookupError):
    """The recruitment has no drawn lottery run yet."""


class BrokenRun(ValueError):
    """The run's stored pool file does not hold sign-up numbers (it was not made here)."""


class ProposalChanged(RuntimeError):
    """What the secretariat confirmed is no longer what the engine proposes."""


def drawn_run(recruitment: Recruitment) -> LotteryRun | None:
    """The latest lottery run whose panel was drawn in public."""
    return (
        LotteryRun.objects.filter(recruitment=recruitment, panel_number__isnull=False)
        .order_by("-drawn_at", "-created_at", "-pk")
        .first()
    )


def require_drawn_run(recruitment: Recruitment) -> LotteryRun:
    run = drawn_run(recruitment)
    if run is None:
        raise NoDrawnPanel(str(recruitment))
    return run


@dataclass(frozen=True)
class DrawnInputs:
    """The run's pool and quotas, and where each sign-up number sits in the pool."""

    run: LotteryRun
    pool: Pool
    quotas: QuotaSet
    index_of: dict[int, int]


def drawn_inputs(run: LotteryRun) -> DrawnInputs:
    """Parse the run's frozen files; raises the engine's ``InputError`` (or ``BrokenRun``)
    if they are broken."""
    files = EngineFiles(run.pool_csv, run.quotas_csv, run.seats, run.tolerance)
    pool, quotas = parse_files(files)
    index_of: dict[int, int] = {}
    for index, person in enumerate(pool.people):
        try:
            index_of[int(person.id)] = index
        except ValueError:
            raise BrokenRun(
                f"{pool.source.name}: row {person.row}, column '{pool.id_column}': "
                f"'{person.id}' is not a sign-up number"
            ) from None
    return DrawnInputs(run, pool, quotas, index_of)


def drawn_numbers(run: LotteryRun) -> set[int]:
    """Everyone who held a seat of this run: the drawn panel and all who joined later."""
    joined = Replacement.objects.filter(run=run, joining__isnull=False).values_list(
        "joining__number", flat=True
    )
    return {int(n) for n in run.panel} | set(joined)


def current_panel(recruitment: Recruitment) -> list[SignUp]:
    return list(
        SignUp.objects.filter(recruitment=recruitment, status__in=IN_PANEL).order_by("number")
    )


def sessions_have_begun(recruitment: Recruitment) -> bool:
    return recruitment.assembly.sessions.filter(date__lte=clock.today()).exists()


@dataclass(frozen=True)
class OpenSeat:
    leaving: SignUp
    reason: str
    note: str

    @property
    def reason_label(self) -> str:
        return str(Replacement.Reason(self.reason).label)


def open_seats(recruitment: Recruitment, run: LotteryRun) -> list[OpenSeat]:
    """People of the run's panel who declined or dropped out and whose seat nobody took."""
    filled = set(
        Replacement.objects.filter(recruitment=recruitment, joining__isnull=False).values_list(
            "leaving_id", flat=True
        )
    )
    leavers = SignUp.objects.filter(
        recruitment=recruitment, status__in=LEFT, number__in=drawn_numbers(run)
    ).exclude(pk__in=filled)
    seats = []
    for signup in leavers.order_by("answered_at", "updated_at", "number"):
        logged = Replacement.objects.filter(leaving=signup).order_by("-created_at", "-pk").first()
        if logged is not None:
            reason, note = logged.reason, logged.note
        elif signup.status == SignUp.Status.DECLINED:
            reason, note = Replacement.Reason.DECLINED, ""
        else:
            during = sessions_have_begun(recruitment)
            reason = Replacement.Reason.DURING if during else Replacement.Reason.BEFORE
            note = ""
        seats.append(OpenSeat(signup, str(reason), note))
    return seats


@dataclass(frozen=True)
class Pairing:
    seat: OpenSeat
    joining: SignUp | None


@dataclass(frozen=True)
class Proposal:
    run: LotteryRun
    pairings: tuple[Pairing, ...]
    quotas: tuple[QuotaReport, ...]
    """Before: the members who stay; after: with the proposed people."""
    include_pool: bool
    candidates: int
    """How many people could be asked."""
    outside_pool: tuple[int, ...] = field(default=())
    """Numbers of members who are not in the run's pool file, so not counted in the quotas."""

    @property
    def joining(self) -> list[SignUp]:
        return [p.joining for p in self.pairings if p.joining is not None]

    @property
    def unfilled(self) -> list[OpenSeat]:
        return [p.seat for p in self.pairings if p.joining is None]

    @property
    def all_quotas_hold(self) -> bool:
        return all(report.holds for report in self.quotas)

    @property
    def total_deviation(self) -> int:
        return sum(report.deviation for report in self.quotas)

    def key(self) -> list[tuple[int, int | None]]:
        """What the secretariat sees and confirms: who leaves, who joins."""
        return [
            (p.seat.leaving.number, p.joining.number if p.joining else None) for p in self.pairings
        ]


def _candidates(
    inputs: DrawnInputs, recruitment: Recruitment, include_pool: bool
) -> tuple[list[int], dict[int, SignUp]]:
    """Pool indexes in priority order: the reserves as drawn, then (if allowed) the rest of
    the pool in pool order. Only people still in the pool with their contact data kept."""
    available = {
        signup.number: signup
        for signup in SignUp.objects.filter(
            recruitment=recruitment, status=SignUp.Status.POOL, anonymised_at__isnull=True
        )
    }
    order = [int(n) for n in inputs.run.reserves]
    if include_pool:
        reserved = set(order)
        order += [int(person.id) for person in inputs.pool.people if int(person.id) not in reserved]
    indexes: list[int] = []
    by_index: dict[int, SignUp] = {}
    for number in order:
        index = inputs.index_of.get(number)
        if index is not None and number in available and index not in by_index:
            indexes.append(index)
            by_index[index] = available[number]
    return indexes, by_index


def _pair(seats: Sequence[OpenSeat], joining: Sequence[SignUp]) -> tuple[Pairing, ...]:
    """Give each leaver the joiner most like them (most equal features), in order."""
    left = list(joining)
    pairings = []
    for seat in seats:
        if not left:
            pairings.append(Pairing(seat, None))
            continue

        def likeness(candidate: SignUp, seat: OpenSeat = seat) -> int:
            features = seat.leaving.features
            return sum(1 for k, v in candidate.features.items() if features.get(k) == v)

        best = max(left, key=likeness)  # max keeps the first of equals: reserve order
        left.remove(best)
        pairings.append(Pairing(seat, best))
    return tuple(pairings)


def propose(recruitment: Recruitment, *, include_pool: bool = False) -> Proposal:
    """Who should fill the open seats. Raises ``NoDrawnPanel`` or the engine's ``InputError``."""
    run = require_drawn_run(recruitment)
    inputs = drawn_inputs(run)
    seats = open_seats(recruitment, run)
    members = current_panel(recruitment)
    fixed = [inputs.index_of[m.number] for m in members if m.number in inputs.index_of]
    outside = tuple(m.number for m in members if m.number not in inputs.index_of)
    candidates, by_index = _candidates(inputs, recruitment, include_pool)
    fillable = min(len(seats), fillable_seats(inputs.pool, fixed, candidates))
    result = choose_replacements(inputs.pool, inputs.quotas, fixed, candidates, fillable)
    joining = [by_index[index] for index in result.chosen]
    return Proposal(
        run=run,
        pairings=_pair(seats, joining),
        quotas=result.quotas,
        include_pool=include_pool,
        candidates=len(candidates),
        outside_pool=outside,
    )


def panel_quotas(recruitment: Recruitment) -> tuple[QuotaReport, ...]:
    """The current panel against the quotas it was drawn with (``before`` == ``after``)."""
    inputs = drawn_inputs(require_drawn_run(recruitment))
    members = current_panel(recruitment)
    fixed = [inputs.index_of[m.number] for m in members if m.number in inputs.index_of]
    return quota_report(inputs.pool, inputs.quotas, fixed)


def report_json(quotas: Sequence[QuotaReport], **extra: Any) -> dict[str, Any]:
    return {
        "quotas": [report.as_dict() for report in quotas],
        "all_hold": all(report.holds for report in quotas),
        "total_deviation": sum(report.deviation for report in quotas),
        **extra,
    }


def _user(user: AbstractBaseUser | AnonymousUser | None) -> User | None:
    return user if isinstance(user, User) else None


@transaction.atomic
def confirm_proposal(
    recruitment: Recruitment,
    expected: Sequence[tuple[int, int | None]],
    user: AbstractBaseUser | AnonymousUser | None,
    *,
    include_pool: bool = False,
    note: str = "",
) -> list[Replacement]:
    """Store the proposal the secretariat saw (``expected``, from ``Proposal.key()``).

    Raises ``ProposalChanged`` when the proposal is different now (someone answered or the
    page was old), so nobody is appointed who was not shown.
    """
    # Lock the sign-ups so two confirmations cannot hand out the same reserve twice.
    list(SignUp.objects.select_for_update().filter(recruitment=recruitment).values_list("pk"))
    proposal = propose(recruitment, include_pool=include_pool)
    if proposal.key() != [tuple(pair) for pair in expected]:
        raise ProposalChanged(f"{proposal.key()} != {expected}")
    report = report_json(proposal.quotas, candidates="pool" if include_pool else "reserves")
    stored = []
    for pairing in proposal.pairings:
        seat = pairing.seat
        if pairing.joining is None:
            already_open = Replacement.objects.filter(
                leaving=seat.leaving, joining__isnull=True
            ).exists()
            if already_open:
                continue  # the open seat is in the log already
        else:
            pairing.joining.status = SignUp.Status.SELECTED
            pairing.joining.save(update_fields=["status", "updated_at"])
        stored.append(
            Replacement.objects.create(
                recruitment=recruitment,
                run=proposal.run,
                leaving=seat.leaving,
                joining=pairing.joining,
                reason=seat.reason,
                note=note or seat.note,
                quota_report=report,
                created_by=_user(user),
            )
        )
    return stored


@transaction.atomic
def record_drop_out(
    signup: SignUp,
    reason: str,
    note: str,
    user: AbstractBaseUser | AnonymousUser | None,
) -> Replacement:
    """A member leaves (before or during the sessions): their account stops working and the
    open seat is logged with why, ready to be filled from the replacements page."""
    if reason not in (Replacement.Reason.BEFORE, Replacement.Reason.DURING):
        raise ValueError(f"a drop-out is before or during the sessions, not {reason!r}")
    panel.drop_out(signup)
    recruitment = signup.recruitment
    run = drawn_run(recruitment)
    quotas: dict[str, Any] = {}
    if run is not None:
        try:
            quotas = report_json(panel_quotas(recruitment))
        except (InputError, BrokenRun):
            quotas = {}  # the drop-out itself must not fail on a broken old run
    return Replacement.objects.create(
        recruitment=recruitment,
        run=run,
        leaving=signup,
        joining=None,
        reason=reason,
        note=note,
        quota_report=quotas,
        created_by=_user(user),
    )
