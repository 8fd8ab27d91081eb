"""Why no panel meets the quotas, in plain words, and the smallest change that fixes it.

``diagnose`` explains an infeasible selection in three layers, each a true statement:

1. the pool itself is too small: fewer people, or fewer households, than seats (no quota
   change can help);
2. single quotas the pool cannot serve: a minimum above the people (households) with that
   value, or a feature whose maximums and pool counts cannot fill the seats;
3. quotas that only conflict jointly: a minimal set of quota bounds that cannot be met
   together (found by a deletion filter), with a computed sentence showing the clash.

Independently it proposes the smallest relaxation: a mixed-integer program over a panel's
type counts with, per quota, slack that lowers its minimum and slack that raises its
maximum, minimising the total slack in seats. Ties go to changing quotas listed later in
the quotas file, so the first (usually most important) features are kept when possible.
``explain_unselectable`` says why a person can never be on a valid panel.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from borgersamling.sortition.errors import InfeasibleQuotasError
from borgersamling.sortition.messages import render
from borgersamling.sortition.panel_space import PanelSpace
from borgersamling.sortition.quotas import Quota, QuotaSet
from borgersamling.sortition.solver import INFINITY, LinearModel, Status

# Joint conflicts reported at most; the relaxation covers every conflict regardless.
MAX_CONFLICTS = 10


@dataclass(frozen=True)
class Reason:
    """One plain-words explanation: a message code and its parameters.

    A parameter may itself be a ``Reason`` or a list of them; they are rendered in the same
    language (lists joined with commas and "and").
    """

    code: str
    params: dict[str, object]

    def text(self, language: str = "en") -> str:
        rendered = {key: _render_value(value, language) for key, value in self.params.items()}
        return render(self.code, language, rendered)


def _render_value(value: object, language: str) -> object:
    if isinstance(value, Reason):
        return value.text(language)
    if isinstance(value, list | tuple) and value and all(isinstance(v, Reason) for v in value):
        return _join([v.text(language) for v in value], language)
    return value


def _join(parts: Sequence[str], language: str) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    word = render("word_and", language, {})
    return ", ".join(parts[:-1]) + f" {word} " + parts[-1]


@dataclass(frozen=True)
class QuotaChange:
    quota: Quota
    new_min: int
    new_max: int

    def reasons(self) -> list[Reason]:
        """What to change, in plain words (lower the minimum and/or raise the maximum)."""
        q = self.quota
        changes: list[Reason] = []
        if self.new_min != q.min:
            changes.append(
                Reason(
                    "relax_min",
                    {"feature": q.feature, "value": q.value, "old": q.min, "new": self.new_min},
                )
            )
        if self.new_max != q.max:
            changes.append(
                Reason(
                    "relax_max",
                    {"feature": q.feature, "value": q.value, "old": q.max, "new": self.new_max},
                )
            )
        return changes


@dataclass(frozen=True)
class Diagnosis:
    reasons: list[Reason]
    """Which quotas cannot be met together, in plain words."""
    changes: list[QuotaChange]
    """The smallest relaxation, in quota file order; empty when feasible or not relaxable."""
    relaxed: QuotaSet
    """The quotas with ``changes`` applied (the quotas unchanged when nothing can help)."""
    relaxable: bool = field(default=True)
    """False when no quota change can help (too few people or households for the seats)."""


# --- the panel model with quota bounds switched on and off --------------------------------


@dataclass(frozen=True, order=True)
class _Bound:
    quota: int
    """Index into ``QuotaSet.quotas`` (and ``PanelSpace.quota_types``)."""
    lower: bool
    """True for the quota's minimum, False for its maximum."""


class _PanelModel:
    """Integer panels in type space whose quota bounds can be enabled one by one."""

    def __init__(self, space: PanelSpace) -> None:
        self.space = space
        self.model, self.counts = space.build_model(maximize=False, integer=True)

    def use(self, bounds: Iterable[_Bound], *, exact_seats: bool = True) -> None:
        enabled = set(bounds)
        seats = float(self.space.seats)
        self.model.set_row_bounds(0, seats if exact_seats else 0.0, seats)
        for index, quota in enumerate(self.space.quotas.quotas):
            low = quota.min if _Bound(index, True) in enabled else 0.0
            high = quota.max if _Bound(index, False) in enabled else INFINITY
            self.model.set_row_bounds(1 + index, low, high)

    def minimum(self, costs: Sequence[float]) -> float | None:
        """The smallest cost x count over the enabled panels, or None if there are none."""
        self.model.set_costs(self.counts, list(costs))
        solution = self.model.solve()
        if solution.status is Status.INFEASIBLE:
            return None
        return solution.objective

    def feasible(self, bounds: Iterable[_Bound]) -> bool:
        self.use(bounds)
        return self.minimum([0.0] * self.space.type_count) is not None

    def quota_costs(self, index: int, sign: float) -> list[float]:
        costs = [0.0] * self.space.type_count
        for t in self.space.quota_types[index][1]:
            costs[t] = sign
        return costs


def _all_bounds(quotas: QuotaSet) -> list[_Bound]:
    return [_Bound(i, lower) for i in range(len(quotas.quotas)) for lower in (True, False)]


def _binding_bounds(quotas: QuotaSet) -> list[_Bound]:
    """The bounds that restrict anything: minimums above 0, maximums below the seats."""
    bounds: list[_Bound] = []
    for index, quota in enumerate(quotas.quotas):
        if quota.min > 0:
            bounds.append(_Bound(index, True))
        if quota.max < quotas.seats:
            bounds.append(_Bound(index, False))
    return bounds


def _bound_reason(quotas: QuotaSet, bound: _Bound) -> Reason:
    quota = quotas.quotas[bound.quota]
    return Reason(
        "bound_min" if bound.lower else "bound_max",
        {
            "feature": quota.feature,
            "value": quota.value,
            "count": quota.min if bound.lower else quota.max,
        },
    )


# --- counting people and households -------------------------------------------------------


class _Households:
    """Who shares a household, to count how many of a group one panel can hold."""

    def __init__(self, space: PanelSpace) -> None:
        self.key_of: dict[int, str] = {
            index: key for key, group in space.pool.households().items() for index in group
        }

    def units(self, people: Iterable[int]) -> int:
        """At most this many of ``people`` fit on one panel: one per household."""
        alone = 0
        shared: set[str] = set()
        for index in people:
            key = self.key_of.get(index)
            if key is None:
                alone += 1
            else:
                shared.add(key)
        return alone + len(shared)


def _counted(code: str, count: int, *, none: bool = False) -> str:
    """The message variant for a count: ``_none`` for 0 (when it exists), ``_one`` for 1."""
    if count == 0 and none:
        return code + "_none"
    return code + "_one" if count == 1 else code


def _pool_reason(space: PanelSpace, households: _Households) -> Reason | None:
    people = len(space.pool)
    units = households.units(range(people))
    if people < space.seats:
        return Reason(
            _counted("pool_fewer_than_seats", people), {"seats": space.seats, "people": people}
        )
    if units < space.seats:
        return Reason(
            _counted("households_fewer_than_seats", units),
            {"seats": space.seats, "people": people, "households": units},
        )
    return None


def _members(space: PanelSpace, quota: Quota) -> list[int]:
    return [
        index
        for index, person in enumerate(space.pool.people)
        if person.features[quota.feature] == quota.value
    ]


def _min_reasons(space: PanelSpace, households: _Households) -> list[tuple[Reason, list[_Bound]]]:
    found: list[tuple[Reason, list[_Bound]]] = []
    for index, quota in enumerate(space.quotas.quotas):
        members = _members(space, quota)
        units = households.units(members)
        if quota.min <= units:
            continue
        params: dict[str, object] = {
            "feature": quota.feature,
            "value": quota.value,
            "min": quota.min,
            "seats": space.seats,
            "available": units,
        }
        if units < len(members):
            params["people"] = len(members)
            code = _counted("quota_min_above_households", units)
        else:
            code = _counted("quota_min_above_pool", units, none=True)
        found.append((Reason(code, params), [_Bound(index, True)]))
    return found


def _capacity_reasons(
    space: PanelSpace, households: _Households, model: _PanelModel
) -> list[tuple[Reason, list[_Bound]]]:
    found: list[tuple[Reason, list[_Bound]]] = []
    quotas = space.quotas
    for feature in quotas.features:
        indexes = [i for i, q in enumerate(quotas.quotas) if q.feature == feature]
        maxima = [_Bound(i, False) for i in indexes]
        model.use(maxima, exact_seats=False)
        best = model.minimum([-1.0] * space.type_count)
        assert best is not None  # the empty panel always fits
        capacity = round(-best)
        if capacity >= space.seats:
            continue
        limits: list[Reason] = []
        total = 0
        for index in indexes:
            quota = quotas.quotas[index]
            members = _members(space, quota)
            units = households.units(members)
            total += min(quota.max, units)
            if quota.max <= units:
                limits.append(Reason("limit_max", {"value": quota.value, "max": quota.max}))
            elif units < len(members):
                code = _counted("limit_households", units)
                limits.append(Reason(code, {"value": quota.value, "available": units}))
            else:
                code = "limit_pool_none" if units == 0 else "limit_pool"
                limits.append(Reason(code, {"value": quota.value, "available": units}))
        code = "feature_capacity" if total <= capacity else "feature_capacity_households"
        params: dict[str, object] = {
            "feature": feature,
            "capacity": capacity,
            "seats": space.seats,
            "limits": limits,
        }
        found.append((Reason(code, params), maxima))
    return found


def _conflict_core(model: _PanelModel, active: Sequence[_Bound]) -> list[_Bound]:
    """A minimal subset of ``active`` that no panel meets (deletion filter).

    Later bounds are dropped first, so the core keeps the earliest quotas of the file and
    successive conflicts come out in file order.
    """
    core = sorted(active)
    for bound in sorted(active, reverse=True):
        trial = [b for b in core if b != bound]
        if not model.feasible(trial):
            core = trial
    return core


def _conflict_reason(space: PanelSpace, model: _PanelModel, core: list[_Bound]) -> Reason:
    subject = next((b for b in core if b.lower), core[0])
    others = [b for b in core if b != subject]
    model.use(others)
    # Maximise the subject's count against a minimum, minimise it against a maximum.
    sign = -1.0 if subject.lower else 1.0
    best = model.minimum(model.quota_costs(subject.quota, sign))
    assert best is not None, "a conflict core is minimal, so its other bounds can be met"
    quota = space.quotas.quotas[subject.quota]
    params: dict[str, object] = {
        "seats": space.seats,
        "best": round(sign * best),
        "subject": quota.label(),
    }
    suffix = "" if subject.lower else "_max"
    if not others:
        params["bound"] = _bound_reason(space.quotas, subject)
        return Reason("quota_unreachable" + suffix, params)
    params["bounds"] = [_bound_reason(space.quotas, b) for b in core]
    params["others"] = [_bound_reason(space.quotas, b) for b in others]
    return Reason("quotas_conflict" + suffix, params)


# --- the smallest relaxation ---------------------------------------------------------------


def _relaxation(space: PanelSpace) -> list[QuotaChange]:
    """The quota changes of least total slack (in seats) that admit a valid panel."""
    quotas = space.quotas
    seats = space.seats
    count = len(quotas.quotas)
    # Slack costs 1 per seat plus a tie-break favouring later quotas, small enough that
    # it never outweighs a whole seat: total slack is at most 2 x count x seats.
    epsilon = 1.0 / (4.0 * (count + 1) ** 2 * (seats + 1))
    model = LinearModel(maximize=False)
    x = model.add_variables([0.0] * space.type_count, list(space.sizes), integer=True)
    lowered = model.add_variables(
        [0.0] * count,
        [float(q.min) for q in quotas.quotas],
        integer=True,
        cost=[1.0 + epsilon * (count - i) for i in range(count)],
    )
    raised = model.add_variables(
        [0.0] * count,
        [float(max(0, seats - q.max)) for q in quotas.quotas],
        integer=True,
        cost=[1.0 + epsilon * (count - i) for i in range(count)],
    )
    model.add_constraint(((x[t], 1.0) for t in range(space.type_count)), seats, seats)
    for index, (quota, members) in enumerate(space.quota_types):
        terms = [(x[t], 1.0) for t in members]
        model.add_constraint([*terms, (lowered[index], 1.0)], quota.min, INFINITY)
        model.add_constraint([*terms, (raised[index], -1.0)], -INFINITY, quota.max)
    for household in space.households:
        model.add_constraint(((x[t], 1.0) for t in household), 0.0, 1.0)
    solution = model.solve()
    if solution.status is not Status.OPTIMAL:
        raise AssertionError("with full slack some panel fits whenever the pool is large enough")
    values = np.round(solution.values).astype(np.int64)
    panel = values[x.start : x.stop]
    changes: list[QuotaChange] = []
    for index, quota in enumerate(quotas.quotas):
        new_min = quota.min - int(values[lowered[index]])
        new_max = quota.max + int(values[raised[index]])
        seated = int(panel[space.quota_types[index][1]].sum())
        if not new_min <= seated <= new_max:
            raise AssertionError("the relaxation's own panel breaks its relaxed quotas")
        if (new_min, new_max) != (quota.min, quota.max):
            changes.append(QuotaChange(quota, new_min, new_max))
    return changes


# --- public API ----------------------------------------------------------------------------


def diagnose(space: PanelSpace) -> Diagnosis:
    """Explain why no valid panel exists and propose the smallest quota relaxation.

    For a feasible space the diagnosis is empty and ``relaxed`` is the quotas themselves.
    """
    quotas = space.quotas
    households = _Households(space)
    pool_reason = _pool_reason(space, households)
    if pool_reason is not None:
        return Diagnosis([pool_reason], [], quotas, relaxable=False)
    model = _PanelModel(space)
    if model.feasible(_all_bounds(quotas)):
        return Diagnosis([], [], quotas)

    found = _min_reasons(space, households) + _capacity_reasons(space, households, model)
    reasons = [reason for reason, _ in found]
    explained = {bound for _, bounds in found for bound in bounds}
    active = [b for b in _binding_bounds(quotas) if b not in explained]
    conflicts = 0
    while conflicts < MAX_CONFLICTS and not model.feasible(active):
        core = _conflict_core(model, active)
        reasons.append(_conflict_reason(space, model, core))
        active = [b for b in active if b not in core]
        conflicts += 1

    changes = _relaxation(space)
    relaxed = quotas.with_bounds(
        {(c.quota.feature, c.quota.value): (c.new_min, c.new_max) for c in changes}
    )
    return Diagnosis(reasons, changes, relaxed)


def check_feasible(space: PanelSpace) -> None:
    """Raise ``InfeasibleQuotasError`` (exit code 3) with a diagnosis if no panel exists."""
    if space.is_feasible():
        return
    diagnosis = diagnose(space)
    raise InfeasibleQuotasError(
        "infeasible",
        diagnosis=diagnosis,
        seats=space.seats,
        reasons="\n".join("- " + reason.text() for reason in diagnosis.reasons),
    )


def explain_unselectable(space: PanelSpace, person: int) -> Reason:
    """Why ``pool.people[person]`` is on no valid panel.

    Raises ``ValueError`` if the person can in fact be selected.
    """
    pool = space.pool
    subject = pool.people[person]
    model = _PanelModel(space)
    model.use(_all_bounds(space.quotas))
    for group in pool.households().values():
        if person not in group:
            continue
        for mate in group:
            if mate == person:
                continue
            costs = [0.0] * space.type_count
            costs[int(space.type_of_person[mate])] = 1.0
            least = model.minimum(costs)
            if least is None:
                return Reason("unselectable_no_panel", {"person": subject.id})
            if round(least) >= 1:
                return Reason(
                    "unselectable_household", {"person": subject.id, "mate": pool.people[mate].id}
                )
    for quota in space.quotas.quotas:
        if quota.max == 0 and subject.features[quota.feature] == quota.value:
            return Reason(
                "unselectable_quota_zero",
                {"person": subject.id, "feature": quota.feature, "value": quota.value},
            )
    costs = [0.0] * space.type_count
    costs[int(space.type_of_person[person])] = -1.0
    most = model.minimum(costs)
    if most is None:
        return Reason("unselectable_no_panel", {"person": subject.id})
    if round(-most) >= 1:
        raise ValueError(f"person {subject.id} can be selected: some valid panel includes them")
    return Reason("unselectable", {"person": subject.id})
