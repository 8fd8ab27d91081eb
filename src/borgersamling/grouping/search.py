"""Seat every session at once: a tabu search over swaps, every swap of a session scored at once.

One move: two members of one session exchange tables. Every step scores every such swap of
every session at once (numpy; each part of the score changes by a sum over the two members'
sides, see `_deltas`), takes the best one that is not tabu, and forbids the two members to
return to the tables they left for a few steps (Dotu and Van Hentenryck's local search for
the social golfer problem works the same way). Hard constraints (one planned host and scribe
per table, or enough willing members at each table to choose them afterwards; mixing under
strict and, within one person, under balanced; pairs to keep apart) cost a weight that rises
while any is broken and falls while none is ("strategic oscillation"), so the search can cross
slightly unmixed seatings to reach fewer repeated pairs. The best seating that breaks no
hard constraint is kept; after STALL steps without a new best the search starts again from
it, shaken by KICK random swaps; it stops early when nothing is left to improve. Everything
is seeded and counted in steps (never a time limit), so the same inputs and seed give the
same seating on any machine.

How good it is (benchmarks/seating-results.md): where an integer program proves the fewest
repeated pairs (a dozen members, grouping/exact.py) it reaches them; it finds the seatings
without a repeat that affine planes and Latin squares guarantee; but on 36 strictly mixed
members with a planted seating of 3 sessions without a repeat it still leaves 2 to 6. Tried
and not kept: exchanging two members' seats in every session, and cycles of three members
round three tables (no better, nine times slower); OR-Tools CP-SAT (worse in the same time).
Exact re-seating (CP-SAT) of one whole session, or of up to 24 members in every session, finds
nothing better than where it ends: the local optima it reaches are deep.

The score, in whole points (lower is better):
- a pair of members who meet c times costs REPEAT * (c - 1), plus SPREAD * (c - 2) when c > 2,
  so three meetings of one pair cost more than two pairs meeting twice;
- per table, feature and value, a count outside the ideal rounded down and up by e members
  costs MIXING_WEIGHT[mode] * e (under strict it is a hard constraint instead);
- a member at a theme table that is their k-th choice costs THEME_STEP * (k - 1), at a table
  they did not list THEME_UNLISTED.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from borgersamling.grouping.layout import SessionLayout
from borgersamling.grouping.model import MixingMode, SeatingProblem
from borgersamling.grouping.roles import RolePlan
from borgersamling.sortition.progress import Reporter

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]

REPEAT = 10
SPREAD = 3
THEME_STEP = 20
THEME_UNLISTED = 80
MIXING_WEIGHT: dict[MixingMode, float] = {"strict": math.inf, "balanced": 3.0, "meet": 1.0}
"""Cost of one member out of band; infinite: a hard constraint."""
STEPS_PER_SEAT = 45
"""Search steps at effort 100 per member-session that can move."""
MAX_WORK = 100_000_000
"""At most this many swaps scored (sessions x members x members per step): large assemblies
take fewer, costlier steps."""
WEIGHT_START, WEIGHT_LOW, WEIGHT_HIGH, WEIGHT_RATE = 15.0, 2.0, 200.0, 1.02
"""The hard constraints' weight per member out of band: start, bounds, change per step."""
TENURE = (3, 10)
"""A member who left a table may not return to it for this many steps (drawn in the range)."""
STALL = 400
KICK = 4
NOISE = 1e-3
"""Random tie-breaking among equally good swaps (far below one point)."""


@dataclass
class Band:
    """One feature of one session: each member's value and each table's allowed counts."""

    values: Ints
    """Member -> value code (absent members too; they are never counted)."""
    low: Ints
    high: Ints
    """Table x value -> fewest and most members of that value the table should have."""
    weight: float
    """Cost per member out of band; infinite for a hard constraint."""


def _penalty(counts: Ints, band: Band) -> Ints:
    excess: Ints = np.maximum(0, band.low - counts) + np.maximum(0, counts - band.high)
    return excess


@dataclass
class Stack:
    """Bands of every session side by side, for scoring every swap at once."""

    onehot: Floats
    """Session x member x (band, value): 1 where the member has that value."""
    low: Floats
    high: Floats
    """Session x table x (band, value)."""
    weight: Floats
    """(band, value) -> cost per member out of band (1 for hard bands)."""

    @classmethod
    def of(cls, sessions: Sequence[Sequence[Band]]) -> Stack | None:
        if not sessions or not sessions[0]:
            return None

        def side_by_side(parts: list[Floats]) -> Floats:
            joined: Floats = np.concatenate(parts, axis=-1).astype(np.float64)
            return joined

        return cls(
            np.stack(
                [side_by_side([np.eye(b.low.shape[1])[b.values] for b in s]) for s in sessions]
            ),
            np.stack([side_by_side([b.low.astype(np.float64) for b in s]) for s in sessions]),
            np.stack([side_by_side([b.high.astype(np.float64) for b in s]) for s in sessions]),
            side_by_side(
                [
                    np.full(b.low.shape[1], 1.0 if b.weight == math.inf else b.weight)
                    for b in sessions[0]
                ]
            ),
        )

    def excess(self, counts: Floats) -> Floats:
        excess: Floats = np.maximum(0.0, self.low - counts) + np.maximum(0.0, counts - self.high)
        return excess

    def half_change(self, place: Floats, tables: Ints) -> Floats:
        """a's half of the weighted change in members out of band if a and b swap tables.
        Table ta's counts change by -x(a) + x(b) and tb's by the reverse (x: one-hot values);
        where a and b share a value its -1 and +1 cancel, which the last term takes back."""
        counts = np.matmul(place.transpose(0, 2, 1), self.onehot)
        now = self.excess(counts)
        minus = (self.excess(counts - 1) - now) * self.weight
        plus = (self.excess(counts + 1) - now) * self.weight
        at = (np.arange(len(tables))[:, None], tables)  # each member's own table's row
        leave = (self.onehot * minus[at]).sum(axis=2)
        # join[s, a, b]: a joining b's table (the product with place picks that table).
        join = self.onehot @ plus.transpose(0, 2, 1) @ place.transpose(0, 2, 1)
        both = (minus + plus)[at]
        shared = np.matmul(self.onehot * both, self.onehot.transpose(0, 2, 1))
        half: Floats = leave[:, :, None] + join - shared
        return half


class Search:
    def __init__(
        self,
        problem: SeatingProblem,
        layouts: Sequence[SessionLayout],
        roles: RolePlan | None,
        mode: MixingMode,
        seed: int,
        start: Sequence[Sequence[int]] | None = None,
        choice: int = 1,
    ) -> None:
        """roles: the planned holders, one host and one scribe per table; None: instead keep
        enough willing members at each table to choose them after seating. start: member ->
        table per session (-1 absent) to begin from instead of a greedy seating."""
        self.problem = problem
        self.layouts = layouts
        self.n = len(problem.members)
        self.k = len(problem.tables)
        self.mode = mode
        self.choice = choice
        self.rng = np.random.default_rng(list(f"seat:{mode}:{seed}".encode()))
        sessions = len(layouts)
        top = sessions + len({seat.session for seat in problem.history}) + 2
        cost = np.array([REPEAT * max(0, c - 1) + SPREAD * max(0, c - 2) for c in range(top + 2)])
        self.cost: Ints = cost
        self.up: Ints = np.append(cost[1:] - cost[:-1], 0)
        self.down: Ints = np.concatenate(([0], cost[1:] - cost[:-1]))
        self.history = self._history_meetings()
        self.present = [np.array(layout.present, dtype=np.int64) for layout in layouts]
        self.movable = [
            np.array([m for m in layout.present if m not in layout.fixed], dtype=np.int64)
            for layout in layouts
        ]
        self.bands = [self._bands(s, layout, roles) for s, layout in enumerate(layouts)]
        self.hard = Stack.of([[b for b in bands if b.weight == math.inf] for bands in self.bands])
        self.soft = Stack.of([[b for b in bands if b.weight != math.inf] for bands in self.bands])
        self.themes = [self._theme_costs(layout) for layout in layouts]
        self.theme_costs: Floats | None = (
            np.stack([np.zeros((self.n, self.k)) if t is None else t for t in self.themes])
            if any(t is not None for t in self.themes)
            else None
        )
        can_move = np.zeros((len(layouts), self.n), dtype=bool)
        for s, movable in enumerate(self.movable):
            can_move[s, movable] = True
        self.pairs = can_move[:, :, None] & can_move[:, None, :]
        """Session x a x b: whether a and b may swap (both present and not fixed)."""
        self.apart = self._apart_matrix()
        self.tables: Ints = (
            np.array(start, dtype=np.int64).reshape(sessions, self.n)
            if start is not None
            else np.stack([self._greedy(s, layout) for s, layout in enumerate(layouts)])
            if layouts
            else np.zeros((0, self.n), dtype=np.int64)
        )
        self.meetings = self._meetings()
        self.bests: list[tuple[tuple[int, float], Ints]] = []

    # --- set-up -------------------------------------------------------------------------

    def _history_meetings(self) -> Ints:
        index = {member.id: i for i, member in enumerate(self.problem.members)}
        groups: dict[tuple[int, str], list[int]] = {}
        for seat in self.problem.history:
            groups.setdefault((seat.session, seat.table), []).append(index[seat.member_id])
        met = np.zeros((self.n, self.n), dtype=np.int64)
        for group in groups.values():
            ids = np.array(group, dtype=np.int64)
            met[np.ix_(ids, ids)] += 1
        np.fill_diagonal(met, 0)
        return met

    def _apart_matrix(self) -> Floats | None:
        """a x b: 1 where a and b must sit apart; None without such pairs."""
        if not self.problem.apart:
            return None
        index = {member.id: i for i, member in enumerate(self.problem.members)}
        apart = np.zeros((self.n, self.n))
        for first, second in self.problem.apart:
            apart[index[first], index[second]] = apart[index[second], index[first]] = 1.0
        return apart

    def _meetings(self) -> Ints:
        met = self.history.copy()
        for table_of in self.tables:
            here = table_of >= 0
            met += (table_of[:, None] == table_of[None, :]) & here[:, None] & here[None, :]
        np.fill_diagonal(met, 0)
        return met

    def _bands(self, s: int, layout: SessionLayout, roles: RolePlan | None) -> list[Band]:
        present = self.present[s]
        sizes = np.array(layout.sizes, dtype=np.float64)
        bands: list[Band] = []
        weight = MIXING_WEIGHT[self.mode]
        for feature in self.problem.features:
            names = sorted({member.features[feature] for member in self.problem.members})
            code = {name: i for i, name in enumerate(names)}
            values = np.array(
                [code[member.features[feature]] for member in self.problem.members],
                dtype=np.int64,
            )
            totals = np.bincount(values[present], minlength=len(names))
            ideal = sizes[:, None] * totals[None, :] / len(present)
            low = np.floor(ideal + 1e-9).astype(np.int64)
            high = np.ceil(ideal - 1e-9).astype(np.int64)
            bands.append(Band(values, low, high, weight))
            if self.mode == "balanced":
                # Never more than one person from the ideal; the rounding above is the goal.
                near_low = np.maximum(0, np.ceil(ideal - 1 - 1e-9)).astype(np.int64)
                near_high = np.floor(ideal + 1 + 1e-9).astype(np.int64)
                bands.append(Band(values, near_low, near_high, math.inf))
        bands.extend(self._role_bands(s, layout, roles))
        return bands

    def _role_bands(self, s: int, layout: SessionLayout, roles: RolePlan | None) -> list[Band]:
        """Hard: with a plan, one planned host and one planned scribe per table (as many as
        were planned); without one, at least one willing host, one willing scribe and two
        members willing to do either at each table, when enough of them are present."""
        sizes = np.array(layout.sizes, dtype=np.int64)
        present = self.present[s]
        members = self.problem.members
        if roles is not None:
            code = {"host": 1, "scribe": 2}
            planned = roles.get(layout.session, {})
            values = np.zeros(self.n, dtype=np.int64)
            for m, role in planned.items():
                values[m] = code[role]
            holders = np.bincount(values[present], minlength=3)
            low = np.zeros((self.k, 3), dtype=np.int64)
            low[:, 1:] = (holders[1:] >= self.k).astype(np.int64)
            high = np.stack([sizes, np.ones_like(sizes), np.ones_like(sizes)], axis=1)
            return [Band(values, low, high, math.inf)]
        bands: list[Band] = []
        for most, willing in (
            (self.choice, [member.host for member in members]),
            (self.choice, [member.scribe for member in members]),
            (2, [member.host or member.scribe for member in members]),
        ):
            values = np.array(willing, dtype=np.int64)
            if not values.any():
                continue
            need = min(most, int(values[present].sum()) // self.k)
            low = np.zeros((self.k, 2), dtype=np.int64)
            low[:, 1] = np.minimum(sizes, need)
            high = np.stack([sizes, sizes], axis=1)
            bands.append(Band(values, low, high, math.inf))
        return bands

    def _theme_costs(self, layout: SessionLayout) -> Floats | None:
        members = self.problem.members
        if not self.problem.themed(layout.session) or not any(m.themes for m in members):
            return None
        names = [table.name for table in self.problem.tables]
        costs = np.zeros((self.n, self.k))
        for i, member in enumerate(members):
            if member.themes:
                rank = {name: r for r, name in enumerate(member.themes)}
                costs[i] = [THEME_STEP * rank[n] if n in rank else THEME_UNLISTED for n in names]
        return costs

    def _greedy(self, s: int, layout: SessionLayout) -> Ints:
        """Fixed seats first, then everyone else in a seeded order, each to the open table
        where they break the fewest hard constraints and add least to the score."""
        table_of = np.full(self.n, -1, dtype=np.int64)
        for member, table in layout.fixed.items():
            table_of[member] = table
        counts = [np.zeros(band.low.shape, dtype=np.int64) for band in self.bands[s]]
        seated = np.zeros(self.k, dtype=np.int64)
        for member, table in layout.fixed.items():
            seated[table] += 1
            for band, count in zip(self.bands[s], counts, strict=True):
                count[table, band.values[member]] += 1
        order = self.rng.permutation(self.movable[s])
        themes = self.themes[s]
        for member in order:
            best: tuple[float, float, int] | None = None
            for table in range(self.k):
                if seated[table] >= layout.sizes[table]:
                    continue
                hard = soft = 0.0
                for band, count in zip(self.bands[s], counts, strict=True):
                    value = band.values[member]
                    if count[table, value] + 1 <= band.high[table, value]:
                        continue
                    if band.weight == math.inf:
                        hard += 1
                    else:
                        soft += band.weight
                mates = np.flatnonzero(table_of == table)
                soft += float(self.up[self.history[member, mates]].sum())
                if themes is not None:
                    soft += themes[member, table]
                option = (hard, soft, table)
                if best is None or option < best:
                    best = option
            assert best is not None
            table = best[2]
            table_of[member] = table
            seated[table] += 1
            for band, count in zip(self.bands[s], counts, strict=True):
                count[table, band.values[member]] += 1
        return table_of

    # --- scoring ------------------------------------------------------------------------

    def _counts(self, s: int, band: Band) -> Ints:
        present = self.present[s]
        flat = self.tables[s, present] * band.low.shape[1] + band.values[present]
        return np.bincount(flat, minlength=band.low.size).reshape(band.low.shape)

    def parts(self) -> tuple[float, int]:
        """(soft score, members out of a hard band), recomputed from scratch."""
        soft = float(self.cost[np.triu(self.meetings, 1)].sum() - self._history_cost())
        hard = 0
        for s in range(len(self.layouts)):
            for band in self.bands[s]:
                excess = int(_penalty(self._counts(s, band), band).sum())
                if band.weight == math.inf:
                    hard += excess
                else:
                    soft += band.weight * excess
            themes = self.themes[s]
            if themes is not None:
                present = self.present[s]
                soft += float(themes[present, self.tables[s, present]].sum())
            hard += self._together(s)
        return soft, hard

    def _together(self, s: int) -> int:
        """Pairs to keep apart who share a table in session s."""
        if self.apart is None:
            return 0
        table_of = self.tables[s]
        here = table_of >= 0
        same = (table_of[:, None] == table_of[None, :]) & here[:, None] & here[None, :]
        return int((self.apart * same).sum()) // 2

    def _history_cost(self) -> int:
        return int(self.cost[np.triu(self.history, 1)].sum())

    def _deltas(self, up: Floats, down: Floats, place: Floats) -> tuple[Floats, Floats]:
        """Session x member a x member b: the change in the soft score and in members out of
        hard bands if a and b swap tables (meaningful where both can move and sit apart).
        Each is a sum over a's side and b's side, so one half is built and mirrored.
        place: self._places(), which the caller needs too."""
        tables = self.where
        # X[own]: for session x member x table arrays, each member's value at its own table
        # (plain indexing: a few times faster than take_along_axis at this size).
        own = (np.arange(len(tables))[:, None], np.arange(self.n)[None, :], tables)
        seated = place.transpose(0, 2, 1)  # x seated[s]: pick, for each b, b's table
        # Pairs: a leaves its mates (each meeting one fewer) and joins b's (one more).
        gain = np.matmul(up, place) @ seated
        loss = np.matmul(down, place)[own][:, :, None]
        half = gain - up[None] - loss
        if self.theme_costs is not None:
            themes = self.theme_costs
            half += themes @ seated
            half -= themes[own][:, :, None]
        if self.soft is not None:
            half += self.soft.half_change(place, tables)
        soft = half + half.transpose(0, 2, 1)
        hard_half = np.zeros_like(soft)
        if self.hard is not None:
            hard_half += self.hard.half_change(place, tables)
        if self.apart is not None:
            # Like the pairs above: a leaves the ones to avoid at its table, meets b's.
            near = np.matmul(self.apart, place)
            hard_half += near @ seated
            hard_half -= near[own][:, :, None] + self.apart
        return soft, hard_half + hard_half.transpose(0, 2, 1)

    def _places(self) -> Floats:
        """Session x member x table: 1 where the member sits (absent members: no table)."""
        place = np.zeros((len(self.layouts), self.n, self.k))
        s, m = np.nonzero(self.tables >= 0)
        place[s, m, self.tables[s, m]] = 1.0
        return place

    @property
    def where(self) -> Ints:
        """Each member's table, 0 for the absent (their rows never count)."""
        where: Ints = np.maximum(self.tables, 0)
        return where

    def swap(self, s: int, a: int, b: int) -> None:
        table_of = self.tables[s]
        ta, tb = int(table_of[a]), int(table_of[b])
        # Absent members have table -1, so they are never anyone's mates.
        mates_a = np.flatnonzero(table_of == ta)
        mates_b = np.flatnonzero(table_of == tb)
        mates_a = mates_a[mates_a != a]
        mates_b = mates_b[mates_b != b]
        met = self.meetings
        for x, leave, join in ((a, mates_a, mates_b), (b, mates_b, mates_a)):
            met[x, leave] -= 1
            met[leave, x] -= 1
            met[x, join] += 1
            met[join, x] += 1
        table_of[a], table_of[b] = tb, ta

    # --- the search ---------------------------------------------------------------------

    def run(self, effort: int, reporter: Reporter) -> None:
        """Search; self.tables becomes the best seating, self.bests lists every seating that
        was the best so far (the last is the best), for callers with more to check."""
        steps = search_steps(self.layouts, self.n, effort)
        sessions = [
            s for s in range(len(self.layouts)) if len(set(self.tables[s, self.movable[s]])) > 1
        ]
        if not sessions or not steps:
            return
        tabu = np.zeros((len(self.layouts), self.n, self.k), dtype=np.int64)
        soft, hard = self.parts()
        best_key, best = (hard, soft), self.tables.copy()
        self.bests = [(best_key, best)]
        if best_key == (0, 0.0):
            return
        weight = WEIGHT_START
        since = 0
        for step in range(steps):
            if step % 200 == 0:
                reporter.progress(step / steps)
            record = best_key[1] if best_key[0] == 0 else math.inf
            choice = self._best_swap(step, tabu, (soft, hard, record), weight)
            if choice is None:
                break
            s, a, b, d_soft_ab, d_hard_ab = choice
            ta, tb = int(self.tables[s, a]), int(self.tables[s, b])
            self.swap(s, a, b)
            low, high = TENURE
            tabu[s, a, ta] = step + int(self.rng.integers(low, high))
            tabu[s, b, tb] = step + int(self.rng.integers(low, high))
            soft += d_soft_ab
            hard += round(d_hard_ab)
            weight = (
                min(weight * WEIGHT_RATE, WEIGHT_HIGH)
                if hard
                else max(weight / WEIGHT_RATE, WEIGHT_LOW)
            )
            since += 1
            if (hard, soft) < best_key:
                best_key, best, since = (hard, soft), self.tables.copy(), 0
                self.bests.append((best_key, best))
                if best_key == (0, 0.0):
                    break  # nothing left to improve: no repeat, no cost at all
            if since > STALL:
                self._restart(best, sessions)
                soft, hard = self.parts()
                since = 0
        self.tables = best
        self.meetings = self._meetings()
        reporter.progress(1.0)

    def _best_swap(
        self, step: int, tabu: Ints, score: tuple[float, int, float], weight: float
    ) -> tuple[int, int, int, float, float] | None:
        """The best swap that is not tabu (or would be a new best seating): (session, a, b,
        change in the soft score, change in members out of hard bands)."""
        soft, hard, record = score
        place = self._places()
        d_soft, d_hard = self._deltas(
            self.up[self.meetings].astype(np.float64),
            self.down[self.meetings].astype(np.float64),
            place,
        )
        where = self.where
        # tabu[s, a, table of b] for every pair, by the same product with the seating
        held = tabu.astype(np.float64) @ place.transpose(0, 2, 1) > step
        tabu_now = held | held.transpose(0, 2, 1)
        apart = self.pairs & (where[:, :, None] != where[:, None, :])
        better = (hard + d_hard == 0) & (soft + d_soft < record)
        total = np.where(apart & (better | ~tabu_now), d_soft + weight * d_hard, np.inf)
        total += NOISE * self.rng.random(total.shape)
        flat = int(np.argmin(total))
        if not np.isfinite(total.flat[flat]):
            return None
        s, a, b = (int(x) for x in np.unravel_index(flat, total.shape))
        return s, a, b, float(d_soft[s, a, b]), float(d_hard[s, a, b])

    def _restart(self, best: Ints, sessions: list[int]) -> None:
        self.tables = best.copy()
        self.meetings = self._meetings()
        for _ in range(KICK):
            s = sessions[int(self.rng.integers(len(sessions)))]
            a, b = (int(m) for m in self.rng.choice(self.movable[s], size=2, replace=False))
            if self.tables[s, a] != self.tables[s, b]:
                self.swap(s, a, b)

    def tables_of(self) -> list[list[list[int]]]:
        return by_table(self.tables, self.k)


def search_steps(layouts: Sequence[SessionLayout], n: int, effort: int) -> int:
    """How many steps a search of these sessions takes at this effort (n: the members)."""
    seats = sum(len([m for m in layout.present if m not in layout.fixed]) for layout in layouts)
    return min(MAX_WORK // max(1, len(layouts) * n * n), seats * STEPS_PER_SEAT) * effort // 100


def by_table(tables: Ints, k: int) -> list[list[list[int]]]:
    """Session x member -> table, as session -> table -> member indexes."""
    return [
        [[int(m) for m in np.flatnonzero(table_of == t)] for t in range(k)] for table_of in tables
    ]
