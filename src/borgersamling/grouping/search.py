"""Seat every session at once: annealing over swaps, then exact two-table re-sharing.

Three phases, all seeded and counted in steps (never a time limit), so the same inputs and
seed give the same seating on any machine:

1. Simulated annealing over three kinds of move: swap two members between tables in one
   session; exchange two alike members' seats in every session (present at the same sessions,
   nowhere fixed), which renames who meets whom without changing how many pairs repeat, so it
   can mend mixing at no cost in repeats; and exchange two alike members' whole role schedules
   (as willing, present and experienced), which keeps the rotation and lets the search choose
   who hosts when. Hard constraints (one host and one scribe per table; mixing under strict)
   start soft and harden over the first half, so the search can pass through slightly unmixed
   seatings on its way to fewer repeated pairs. The best seating by the true score is kept.
2. Repair: a table that still breaks a hard constraint is re-shared with another table of the
   same session, exactly (every split of their members is scored at once with numpy), until
   none is broken or no re-sharing mends one.
3. A tabu search over exact two-table re-sharings (tables of up to 7 members): each step takes
   a member in conflict, a second table, and the best split of the two tables other than the
   current one that keeps the hard constraints and does not send a member straight back; a
   new best seating is always allowed. Then the swaps are swept until none improves, so the
   result is a local optimum in the swap neighbourhood.

Why a local search and not CP-SAT: repeated pairs are quadratic in the seating and couple all
sessions; CP-SAT (one worker) seating one session at a time with the others fixed, and on the
whole horizon, found worse seatings in the same time (benchmarks/seating-results.md).

The score, in whole points (lower is better), is lexicographic in effect:
- a table with two designated hosts (or scribes), or missing one when there are enough,
  costs ROLE_WEIGHT per member out of place;
- per table, feature and value, a count outside [floor(ideal), ceil(ideal)] by e members
  costs mixing_weight * e; under strict mixing the weight is above any number of repeats;
- a pair of members who meet c times costs REPEAT * (c - 1), plus SPREAD * (c - 2) when
  c > 2, so three meetings of one pair cost more than two pairs meeting twice;
- a member at a theme table that is their k-th choice costs THEME_STEP * (k - 1), at a table
  they did not list THEME_UNLISTED.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import combinations

import numpy as np
import numpy.typing as npt

from borgersamling.grouping.layout import SessionLayout
from borgersamling.grouping.model import ROLES, MixingMode, SeatingProblem
from borgersamling.grouping.roles import RolePlan, history_counts
from borgersamling.sortition.progress import Reporter

REPEAT = 10
SPREAD = 3
THEME_STEP = 20
THEME_UNLISTED = 80
ROLE_WEIGHT = 10_000_000
MIXING_WEIGHT: dict[MixingMode, int] = {"strict": 100_000, "balanced": 10, "meet": 1}
HARD_UNIT = MIXING_WEIGHT["strict"]
"""Scores at or above this are broken hard constraints (roles; mixing when strict)."""
STEPS_PER_SEAT = 1200
"""Annealing steps at effort 100, per member-session that can move."""
START_TEMPERATURE = 8.0
END_TEMPERATURE = 0.2
ROLE_SHARE = 0.1
"""Share of annealing steps that exchange two members' role schedules."""
RELABEL_SHARE = 0.1
"""Share of annealing steps that exchange two members' seats in every session."""
PENALTY_START = 10.0
PENALTY_END = 1000.0
PENALTY_SHARE = 0.5
"""While annealing, a member out of place on a hard constraint costs a penalty that rises
from PENALTY_START to PENALTY_END over the first PENALTY_SHARE of the steps."""
RECOMBINE_ROWS = 2_500_000
"""Ways of re-sharing two tables to score at effort 100 (36 at tables of 6: some 2,700 steps)."""
MAX_ROWS = 4_000
"""Two tables with more ways than this (two tables of 8 and up) are not re-shared exactly."""
MIN_CHARGE = 500
"""Ways charged at least per re-sharing step, so tiny tables do not take many steps."""
PICK_TRIES = 8
"""Random draws to find a member in conflict before a recombination step takes any member."""
TENURE = (3, 10)
"""A member who left a table may not return to it for this many steps (drawn in the range)."""


Snapshot = tuple[list[list[int]], list[list[int]]]
"""Session -> member -> table, and session -> member -> role value."""


@dataclass
class SessionState:
    table_of: list[int]
    """Member index -> table index, -1 when absent."""
    at: list[list[int]]
    """Table index -> member indexes seated there."""
    movable: list[int]
    """Present members without a fixed seat."""
    counts: list[list[list[int]]]
    """Table -> feature -> value -> members; the last feature is the role."""
    low: list[list[list[int]]]
    high: list[list[list[int]]]
    theme_cost: list[list[int]] | None
    """Member -> table -> cost, or None when this session has no theme tables."""


class Search:
    def __init__(
        self,
        problem: SeatingProblem,
        layouts: Sequence[SessionLayout],
        roles: RolePlan,
        mode: MixingMode,
        seed: int,
    ) -> None:
        self.problem = problem
        self.layouts = layouts
        self.n = len(problem.members)
        self.tables = len(problem.tables)
        self.rng = random.Random(f"seat:{mode}:{seed}")
        self.weight = MIXING_WEIGHT[mode]
        # Feature values as small integers; the role is one more feature, always hard.
        self.values: list[list[int]] = []
        self.value_counts: list[int] = []
        for feature in problem.features:
            names = sorted({member.features[feature] for member in problem.members})
            code = {name: i for i, name in enumerate(names)}
            self.values.append([code[member.features[feature]] for member in problem.members])
            self.value_counts.append(len(names))
        self.mixed = len(self.values)
        self.pairs = _history_pairs(problem)
        top = len(problem.history) + len(layouts) + 2
        cost = [REPEAT * max(0, c - 1) + SPREAD * max(0, c - 2) for c in range(top + 2)]
        self.cost = cost
        self.up = [cost[c + 1] - cost[c] for c in range(top + 1)]
        self.down = [0] + [cost[c - 1] - cost[c] for c in range(1, top + 1)]
        self.role_values = [self._role_values(roles.get(layout.session, {})) for layout in layouts]
        # Members with the same values everywhere (features and role) swap without changing
        # any table's mixing; a key per session finds them fast.
        self.keys = [
            [(*(values[m] for values in self.values), roles_s[m]) for m in range(self.n)]
            for roles_s in self.role_values
        ]
        self.history = _history_pairs(problem) if problem.history else None
        self.states = [self._initial(s, layout) for s, layout in enumerate(layouts)]
        self.twins = self._twins()
        self.role_twins = self._role_twins(roles)
        self._setup_recombine()

    # --- set-up -------------------------------------------------------------------------

    def _role_values(self, roles: dict[int, str]) -> list[int]:
        code = {"host": 1, "scribe": 2}
        return [code.get(roles.get(m, ""), 0) for m in range(self.n)]

    def _bands(self, layout: SessionLayout, roles: list[int]) -> tuple[list[list[list[int]]], ...]:
        present = len(layout.present)
        low: list[list[list[int]]] = []
        high: list[list[list[int]]] = []
        holders = [sum(1 for m in layout.present if roles[m] == r) for r in range(3)]
        for size in layout.sizes:
            table_low: list[list[int]] = []
            table_high: list[list[int]] = []
            for f, values in enumerate(self.values):
                totals = [0] * self.value_counts[f]
                for m in layout.present:
                    totals[values[m]] += 1
                ideal = [total * size / present for total in totals]
                table_low.append([math.floor(x + 1e-9) for x in ideal])
                table_high.append([math.ceil(x - 1e-9) for x in ideal])
            everyone = len(layout.sizes)
            role_low = [0] + [1 if holders[r] >= everyone else 0 for r in (1, 2)]
            table_low.append(role_low)
            table_high.append([size, 1, 1])
            low.append(table_low)
            high.append(table_high)
        return low, high

    def _twins(self) -> list[list[int]]:
        """Member -> the other members who can take over their whole seating (all sessions at
        once): present at the same sessions and nowhere fixed. Empty for fixed members."""
        signature: dict[int, tuple[bool, ...]] = {}
        for m in range(self.n):
            where = [state.table_of[m] >= 0 for state in self.states]
            if all(
                m in state.movable or not here
                for state, here in zip(self.states, where, strict=True)
            ):
                signature[m] = tuple(where)
        groups: dict[tuple[bool, ...], list[int]] = {}
        for m, key in signature.items():
            groups.setdefault(key, []).append(m)
        return [
            [x for x in groups[signature[m]] if x != m] if m in signature else []
            for m in range(self.n)
        ]

    def _role_twins(self, roles: RolePlan) -> list[list[int]]:
        """Member -> the other members who can take over their whole role schedule: as willing
        to host and to scribe, present at the same sessions, holding roles as often in the
        history, and given no fixed role. Exchanging two such schedules keeps the rotation
        (it only renames who is who), so the search may re-decide who hosts when."""
        counts = history_counts(self.problem)
        fixed_role = {m for layout in self.layouts for m in layout.fixed_roles}
        groups: dict[tuple[object, ...], list[int]] = {}
        signature: dict[int, tuple[object, ...]] = {}
        for m, member in enumerate(self.problem.members):
            if m in fixed_role or not (member.host or member.scribe):
                continue
            key = (
                member.host,
                member.scribe,
                tuple(state.table_of[m] >= 0 for state in self.states),
                tuple(counts[role][m] for role in ROLES),
            )
            signature[m] = key
            groups.setdefault(key, []).append(m)
        return [
            [x for x in groups[signature[m]] if x != m] if m in signature else []
            for m in range(self.n)
        ]

    def role_swap_delta(self, a: int, b: int) -> int:
        """Change in role excess if a and b exchange their role schedules."""
        d = 0
        for s, state in enumerate(self.states):
            roles = self.role_values[s]
            ra, rb = roles[a], roles[b]
            ta, tb = state.table_of[a], state.table_of[b]
            if ra != rb and ta != tb:
                d += self._value_delta(state, ta, tb, self.mixed, ra, rb)
        return d

    def role_swap(self, a: int, b: int) -> None:
        for s, state in enumerate(self.states):
            roles = self.role_values[s]
            ra, rb = roles[a], roles[b]
            if ra == rb:
                continue
            ta, tb = state.table_of[a], state.table_of[b]
            counts = state.counts
            counts[ta][self.mixed][ra] -= 1
            counts[ta][self.mixed][rb] += 1
            counts[tb][self.mixed][rb] -= 1
            counts[tb][self.mixed][ra] += 1
            roles[a], roles[b] = rb, ra
            keys = self.keys[s]
            keys[a] = (*keys[a][:-1], rb)
            keys[b] = (*keys[b][:-1], ra)
            onehot = self.onehot[s]
            column = self.offsets[self.mixed]
            onehot[a, column + ra] = onehot[b, column + rb] = 0
            onehot[a, column + rb] = onehot[b, column + ra] = 1

    def roles_of(self) -> RolePlan:
        """Session -> member index -> role, as the search left them."""
        names = {1: "host", 2: "scribe"}
        return {
            layout.session: {m: names[r] for m, r in enumerate(roles) if r}
            for layout, roles in zip(self.layouts, self.role_values, strict=True)
        }

    def relabel_parts(self, a: int, b: int) -> tuple[int, int, int]:
        """(pairs and themes, mixing excess, role excess): their changes if a and b exchange
        their seats in every session. The pairs only change with a history (otherwise the
        meetings are merely renamed)."""
        soft = mix = role = 0
        for s, state in enumerate(self.states):
            ta, tb = state.table_of[a], state.table_of[b]
            if ta == tb:
                continue
            m, r = self.mix_parts(s, a, b)
            mix += m
            role += r
            if state.theme_cost is not None:
                ca, cb = state.theme_cost[a], state.theme_cost[b]
                soft += ca[tb] - ca[ta] + cb[ta] - cb[tb]
        history = self.history
        if history is not None:
            pa, pb, ha, hb = self.pairs[a], self.pairs[b], history[a], history[b]
            cost = self.cost
            for x in range(self.n):
                if x in (a, b):
                    continue
                now_a, now_b = pa[x], pb[x]
                new_a = ha[x] + now_b - hb[x]
                new_b = hb[x] + now_a - ha[x]
                soft += cost[new_a] + cost[new_b] - cost[now_a] - cost[now_b]
        return soft, mix, role

    def relabel(self, a: int, b: int) -> None:
        for s, state in enumerate(self.states):
            if state.table_of[a] != state.table_of[b]:
                self.swap(s, a, b)

    def _theme_costs(self, layout: SessionLayout) -> list[list[int]] | None:
        if not self.problem.themed(layout.session):
            return None
        names = [table.name for table in self.problem.tables]
        if not any(member.themes for member in self.problem.members):
            return None
        costs: list[list[int]] = []
        for member in self.problem.members:
            if not member.themes:
                costs.append([0] * self.tables)
                continue
            rank = {name: k for k, name in enumerate(member.themes)}
            costs.append(
                [THEME_STEP * rank[name] if name in rank else THEME_UNLISTED for name in names]
            )
        return costs

    def _initial(self, s: int, layout: SessionLayout) -> SessionState:
        roles = self.role_values[s]
        low, high = self._bands(layout, roles)
        sizes = list(layout.sizes)
        state = SessionState(
            table_of=[-1] * self.n,
            at=[[] for _ in sizes],
            movable=[m for m in layout.present if m not in layout.fixed],
            counts=[[[0] * k for k in [*self.value_counts, 3]] for _ in sizes],
            low=low,
            high=high,
            theme_cost=self._theme_costs(layout),
        )
        for member, table in sorted(layout.fixed.items()):
            self._place(s, state, member, table)
        # Role holders first so they spread over the tables, then everyone else in a seeded
        # order, each to the open table where they add least to the score.
        rest = list(state.movable)
        self.rng.shuffle(rest)
        rest.sort(key=lambda m: (0, roles[m]) if roles[m] else (1, 0))
        for member in rest:
            open_tables = [t for t in range(len(sizes)) if len(state.at[t]) < sizes[t]]
            best = min(open_tables, key=lambda t: (self._entry_cost(s, state, member, t), t))
            self._place(s, state, member, best)
        return state

    def _place(self, s: int, state: SessionState, member: int, table: int) -> None:
        for other in state.at[table]:
            self.pairs[member][other] += 1
            self.pairs[other][member] += 1
        state.at[table].append(member)
        state.table_of[member] = table
        counts = state.counts[table]
        for f, values in enumerate(self.values):
            counts[f][values[member]] += 1
        counts[self.mixed][self.role_values[s][member]] += 1

    def _entry_cost(self, s: int, state: SessionState, member: int, table: int) -> int:
        cost = sum(self.up[self.pairs[member][other]] for other in state.at[table])
        counts, high = state.counts[table], state.high[table]
        for f, values in enumerate(self.values):
            v = values[member]
            if counts[f][v] + 1 > high[f][v]:
                cost += self.weight
        r = self.role_values[s][member]
        if r and counts[self.mixed][r] + 1 > high[self.mixed][r]:
            cost += ROLE_WEIGHT
        if state.theme_cost is not None:
            cost += state.theme_cost[member][table]
        return cost

    # --- scoring a swap -----------------------------------------------------------------

    @staticmethod
    def _excess(low: int, high: int, count: int) -> int:
        if count < low:
            return low - count
        if count > high:
            return count - high
        return 0

    def _value_delta(
        self, state: SessionState, a_table: int, b_table: int, f: int, va: int, vb: int
    ) -> int:
        """Change in excess when a member of value va moves a_table -> b_table and
        one of value vb moves back."""
        ca, cb = state.counts[a_table][f], state.counts[b_table][f]
        la, ha = state.low[a_table][f], state.high[a_table][f]
        lb, hb = state.low[b_table][f], state.high[b_table][f]
        ex = self._excess
        return (
            ex(la[va], ha[va], ca[va] - 1)
            - ex(la[va], ha[va], ca[va])
            + ex(la[vb], ha[vb], ca[vb] + 1)
            - ex(la[vb], ha[vb], ca[vb])
            + ex(lb[vb], hb[vb], cb[vb] - 1)
            - ex(lb[vb], hb[vb], cb[vb])
            + ex(lb[va], hb[va], cb[va] + 1)
            - ex(lb[va], hb[va], cb[va])
        )

    def mix_parts(self, s: int, a: int, b: int) -> tuple[int, int]:
        """Changes in mixing excess and role excess if a and b swap tables in session s."""
        keys = self.keys[s]
        if keys[a] == keys[b]:
            return 0, 0
        state = self.states[s]
        ta, tb = state.table_of[a], state.table_of[b]
        mix = 0
        for f, values in enumerate(self.values):
            va, vb = values[a], values[b]
            if va != vb:
                mix += self._value_delta(state, ta, tb, f, va, vb)
        roles = self.role_values[s]
        role = 0
        if roles[a] != roles[b]:
            role = self._value_delta(state, ta, tb, self.mixed, roles[a], roles[b])
        return mix, role

    def soft_delta(self, s: int, a: int, b: int) -> int:
        """Change in the pairs and themes part of the score if a and b swap tables."""
        state = self.states[s]
        ta, tb = state.table_of[a], state.table_of[b]
        pa, pb = self.pairs[a], self.pairs[b]
        up, down = self.up, self.down
        d = 0
        for x in state.at[ta]:
            if x != a:
                d += down[pa[x]] + up[pb[x]]
        for y in state.at[tb]:
            if y != b:
                d += up[pa[y]] + down[pb[y]]
        if state.theme_cost is not None:
            ca, cb = state.theme_cost[a], state.theme_cost[b]
            d += ca[tb] - ca[ta] + cb[ta] - cb[tb]
        return d

    def delta(self, s: int, a: int, b: int) -> int:
        mix, role = self.mix_parts(s, a, b)
        return self.soft_delta(s, a, b) + self.weight * mix + ROLE_WEIGHT * role

    def swap(self, s: int, a: int, b: int) -> None:
        state = self.states[s]
        ta, tb = state.table_of[a], state.table_of[b]
        pairs = self.pairs
        pa, pb = pairs[a], pairs[b]
        for x in state.at[ta]:
            if x != a:
                pa[x] -= 1
                pairs[x][a] -= 1
                pb[x] += 1
                pairs[x][b] += 1
        for y in state.at[tb]:
            if y != b:
                pb[y] -= 1
                pairs[y][b] -= 1
                pa[y] += 1
                pairs[y][a] += 1
        state.at[ta][state.at[ta].index(a)] = b
        state.at[tb][state.at[tb].index(b)] = a
        state.table_of[a], state.table_of[b] = tb, ta
        for f, values in enumerate([*self.values, self.role_values[s]]):
            va, vb = values[a], values[b]
            if va != vb:
                state.counts[ta][f][va] -= 1
                state.counts[ta][f][vb] += 1
                state.counts[tb][f][vb] -= 1
                state.counts[tb][f][va] += 1

    # --- the search ---------------------------------------------------------------------

    def parts(self) -> tuple[int, int, int]:
        """(pairs and themes, mixing excess, role excess), recomputed from scratch."""
        soft = mix = role = 0
        for a in range(self.n):
            for b in range(a + 1, self.n):
                soft += self.cost[self.pairs[a][b]]
        for state in self.states:
            for t in range(len(state.at)):
                for f in range(self.mixed + 1):
                    low, high = state.low[t][f], state.high[t][f]
                    excess = sum(
                        self._excess(low[v], high[v], count)
                        for v, count in enumerate(state.counts[t][f])
                    )
                    if f < self.mixed:
                        mix += excess
                    else:
                        role += excess
            if state.theme_cost is not None:
                soft += sum(state.theme_cost[m][state.table_of[m]] for m in state.movable)
        return soft, mix, role

    def total(self) -> int:
        """The full score, recomputed (the search itself only adds up deltas)."""
        soft, mix, role = self.parts()
        return soft + self.weight * mix + ROLE_WEIGHT * role

    def run(self, effort: int, reporter: Reporter) -> None:
        seats = sum(len(state.movable) for state in self.states)
        steps = seats * STEPS_PER_SEAT * effort // 100
        if any(self._swappable(state) for state in self.states) and steps:
            self._anneal(steps, reporter)
            self._repair()
            self._recombine_search(RECOMBINE_ROWS * effort // 100)
            self._repair()
        self._descend()

    @staticmethod
    def _swappable(state: SessionState) -> bool:
        return len({state.table_of[m] for m in state.movable}) > 1

    def _conflicted(self, s: int, a: int) -> bool:
        """Whether the member sits with someone met more than once, at a table that is not
        mixed well enough, or away from their first theme choice."""
        state = self.states[s]
        t = state.table_of[a]
        pa = self.pairs[a]
        for x in state.at[t]:
            if pa[x] > 1 and x != a:
                return True
        if state.theme_cost is not None and state.theme_cost[a][t]:
            return True
        counts, low, high = state.counts[t], state.low[t], state.high[t]
        for f in range(self.mixed + 1):
            for v, count in enumerate(counts[f]):
                if count < low[f][v] or count > high[f][v]:
                    return True
        return False

    def _snapshot(self) -> Snapshot:
        return (
            [list(state.table_of) for state in self.states],
            [list(roles) for roles in self.role_values],
        )

    def _restore(self, snapshot: Snapshot) -> None:
        tables, roles = snapshot
        for s, state in enumerate(self.states):
            target = tables[s]
            for a in state.movable:
                # Someone at a's target table belongs elsewhere (fixed members never move):
                # swap them; each swap puts a in place for good.
                while state.table_of[a] != target[a]:
                    for b in state.at[target[a]]:
                        if target[b] != target[a]:
                            self.swap(s, a, b)
                            break
        for a in range(self.n):
            # Role schedules only change by exchanges between twins: undo them as such.
            while [r[a] for r in self.role_values] != [r[a] for r in roles]:
                wanted = [r[a] for r in roles]
                b = next(
                    x for x in self.role_twins[a] if [r[x] for r in self.role_values] == wanted
                )
                self.role_swap(a, b)

    def _anneal(self, steps: int, reporter: Reporter) -> None:
        """Simulated annealing; the hard parts (roles, and mixing when strict) cost a penalty
        that rises over the first half, and the best seating by the true score is kept."""
        rng = self.rng
        random_ = rng.random
        randrange = rng.randrange
        exp = math.exp
        sessions = [s for s, state in enumerate(self.states) if self._swappable(state)]
        strict = self.weight >= MIXING_WEIGHT["strict"]
        penalty = float(PENALTY_START)
        soft, mix, role = self.parts()
        true_mix, true_role = self.weight, ROLE_WEIGHT
        true = soft + true_mix * mix + ROLE_WEIGHT * role
        best = true
        best_seating: Snapshot | None = None
        ratio = END_TEMPERATURE / START_TEMPERATURE
        chunk = max(1, steps // 200)
        temperature = START_TEMPERATURE
        for step in range(steps):
            if step % chunk == 0:
                progress = step / steps
                temperature = START_TEMPERATURE * ratio**progress
                reporter.progress(progress)
                penalty = PENALTY_START + (PENALTY_END - PENALTY_START) * min(
                    1.0, progress / PENALTY_SHARE
                )
                if best == 0:
                    break
            mix_weight = penalty if strict else true_mix
            if random_() < ROLE_SHARE:
                a = randrange(self.n)
                twins = self.role_twins[a]
                if not twins:
                    continue
                b = twins[randrange(len(twins))]
                dr = self.role_swap_delta(a, b)
                d = penalty * dr
                if d <= 0 or random_() < exp(-d / temperature):
                    dtrue = true_role * dr
                    if dtrue > 0 and best_seating is None:
                        best_seating = self._snapshot()
                    self.role_swap(a, b)
                    role += dr
                    true += dtrue
                    if true < best:
                        best = true
                        best_seating = None
                continue
            if random_() < RELABEL_SHARE:
                a = randrange(self.n)
                twins = self.twins[a]
                if not twins:
                    continue
                b = twins[randrange(len(twins))]
                ds, dm, dr = self.relabel_parts(a, b)
                d = ds + mix_weight * dm + penalty * dr
                if d <= 0 or random_() < exp(-d / temperature):
                    dtrue = ds + true_mix * dm + true_role * dr
                    if dtrue > 0 and best_seating is None:
                        best_seating = self._snapshot()
                    self.relabel(a, b)
                    soft += ds
                    mix += dm
                    role += dr
                    true += dtrue
                    if true < best:
                        best = true
                        best_seating = None
                continue
            s = sessions[randrange(len(sessions))]
            state = self.states[s]
            movable = state.movable
            size = len(movable)
            a = movable[randrange(size)]
            b = movable[randrange(size)]
            if state.table_of[a] == state.table_of[b]:
                continue
            dm, dr = self.mix_parts(s, a, b)
            ds = self.soft_delta(s, a, b)
            d = ds + mix_weight * dm + penalty * dr
            if d <= 0 or random_() < exp(-d / temperature):
                dtrue = ds + true_mix * dm + true_role * dr
                if dtrue > 0 and best_seating is None:
                    best_seating = self._snapshot()
                self.swap(s, a, b)
                soft += ds
                mix += dm
                role += dr
                true += dtrue
                if true < best:
                    best = true
                    best_seating = None
        if best_seating is not None:
            self._restore(best_seating)

    # --- recombining two tables exactly -------------------------------------------------

    def _setup_recombine(self) -> None:
        offsets = [0]
        for k in [*self.value_counts, 3]:
            offsets.append(offsets[-1] + k)
        self.columns = offsets[-1]
        self.onehot: list[npt.NDArray[np.int64]] = []
        for s in range(len(self.states)):
            table = np.zeros((self.n, self.columns), dtype=np.int64)
            for m in range(self.n):
                for f, values in enumerate(self.values):
                    table[m, offsets[f] + values[m]] = 1
                table[m, offsets[self.mixed] + self.role_values[s][m]] = 1
            self.onehot.append(table)
        self.offsets = offsets
        self.up_array = np.array(self.up, dtype=np.int64)

    def _column_weights(self, weight: float) -> npt.NDArray[np.float64]:
        w = np.full(self.columns, float(weight))
        w[self.offsets[self.mixed] :] = ROLE_WEIGHT
        return w

    def _bounds(self, s: int, t: int) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        state = self.states[s]
        low = np.array([v for f in state.low[t] for v in f], dtype=np.int64)
        high = np.array([v for f in state.high[t] for v in f], dtype=np.int64)
        return low, high

    def recombine_options(
        self, s: int, t1: int, t2: int, weights: npt.NDArray[np.float64]
    ) -> tuple[list[int], npt.NDArray[np.int8], npt.NDArray[np.float64], int]:
        """Every way to share the members of tables t1 and t2 between them (fixed members
        stay): (members, rows saying who sits at t1, cost of each row, the current row)."""
        state = self.states[s]
        movable = set(state.movable)
        stay1 = [m for m in state.at[t1] if m not in movable]
        stay2 = [m for m in state.at[t2] if m not in movable]
        free = [m for m in state.at[t1] + state.at[t2] if m in movable]
        members = stay1 + stay2 + free
        choose = len(state.at[t1]) - len(stay1)
        rows = _rows(len(free), choose)
        fixed_part = np.zeros((rows.shape[0], len(stay1) + len(stay2)), dtype=np.int8)
        fixed_part[:, : len(stay1)] = 1
        in1 = np.hstack([fixed_part, rows]).astype(np.float64)
        in2 = 1.0 - in1
        table_of = state.table_of
        pairs = self.pairs
        up = self.up
        size = len(members)
        w = np.zeros((size, size))
        for i, a in enumerate(members):
            pa = pairs[a]
            ta = table_of[a]
            for j in range(i + 1, size):
                b = members[j]
                met = pa[b] - (1 if table_of[b] == ta else 0)
                w[i, j] = w[j, i] = up[met]
        cost = ((in1 @ w) * in1).sum(axis=1) / 2 + ((in2 @ w) * in2).sum(axis=1) / 2
        onehot = self.onehot[s][members].astype(np.float64)
        for table, inside in ((t1, in1), (t2, in2)):
            low, high = self._bounds(s, table)
            counts = inside @ onehot
            excess = np.maximum(low - counts, 0) + np.maximum(counts - high, 0)
            cost += excess @ weights
            if state.theme_cost is not None:
                theme = np.array([state.theme_cost[m][table] for m in members], dtype=np.float64)
                cost += inside @ theme
        current = _row_index(len(free), choose, [table_of[m] == t1 for m in free])
        return members, rows, cost, current

    def recombine(
        self, s: int, t1: int, t2: int, members: list[int], row: npt.NDArray[np.int8]
    ) -> None:
        state = self.states[s]
        free = members[len(members) - len(row) :]
        leave1 = [
            m for m, inside in zip(free, row, strict=True) if not inside and state.table_of[m] == t1
        ]
        leave2 = [
            m for m, inside in zip(free, row, strict=True) if inside and state.table_of[m] == t2
        ]
        for a, b in zip(leave1, leave2, strict=True):
            self.swap(s, a, b)

    def _recombine_search(self, budget: int) -> None:
        """Tabu search over exact two-table recombinations: each step takes the best way to
        re-share the two tables other than the current one, unless it sends a member back to a
        table they left in the last few steps (and is no new best)."""
        rng = self.rng
        sessions = [s for s, state in enumerate(self.states) if self._swappable(state)]
        weights = self._column_weights(self.weight)
        tabu = [[[0] * self.tables for _ in range(self.n)] for _ in self.states]
        true = self.total()
        best = true
        best_seating: Snapshot | None = None
        step = 0
        while budget > 0 and best > 0:
            step += 1
            s, a = self._pick(sessions)
            state = self.states[s]
            t1 = state.table_of[a]
            others = [t for t in range(len(state.at)) if t != t1]
            t2 = others[rng.randrange(len(others))]
            if _too_many(len(state.at[t1]) + len(state.at[t2])):
                budget -= MAX_ROWS
                continue
            members, rows, cost, current = self.recombine_options(s, t1, t2, weights)
            budget -= max(len(cost), MIN_CHARGE)
            hard = np.floor(cost / HARD_UNIT)
            # Never give up what the hard constraints have: only rows as good on them.
            cost[hard > hard[current]] = np.inf
            cost = cost - cost[current]
            free = members[len(members) - rows.shape[1] :]
            tabu_s = tabu[s]
            to1 = np.array([state.table_of[m] == t2 and tabu_s[m][t1] >= step for m in free])
            to2 = np.array([state.table_of[m] == t1 and tabu_s[m][t2] >= step for m in free])
            blocked = (rows @ to1 > 0) | ((1 - rows) @ to2 > 0)
            blocked &= true + cost >= best
            cost[blocked] = np.inf
            cost[current] = np.inf
            low = cost.min()
            if not np.isfinite(low):
                continue
            ties = np.flatnonzero(cost == low)
            choice = int(ties[rng.randrange(len(ties))])
            d = round(float(low))
            if d > 0 and best_seating is None:
                best_seating = self._snapshot()
            row = rows[choice]
            for m, inside in zip(free, row, strict=True):
                was = state.table_of[m]
                if (was == t1) != bool(inside):
                    tabu_s[m][was] = step + rng.randint(*TENURE)
            self.recombine(s, t1, t2, members, row)
            true += d
            if true < best:
                best = true
                best_seating = None
        if best_seating is not None:
            self._restore(best_seating)

    def _violations(self) -> list[tuple[int, int]]:
        """(session, table) where a hard part is broken: roles, and mixing when strict."""
        strict = self.weight >= MIXING_WEIGHT["strict"]
        found: list[tuple[int, int]] = []
        for s, state in enumerate(self.states):
            for t in range(len(state.at)):
                counts, low, high = state.counts[t], state.low[t], state.high[t]
                features = range(self.mixed + 1) if strict else [self.mixed]
                if any(
                    not low[f][v] <= count <= high[f][v]
                    for f in features
                    for v, count in enumerate(counts[f])
                ):
                    found.append((s, t))
        return found

    def _repair(self) -> None:
        """Re-share a broken table with another table, exactly, until nothing is broken or no
        such re-sharing mends anything."""
        weights = self._column_weights(self.weight)
        while True:
            mended = False
            for s, t1 in self._violations():
                state = self.states[s]
                if not self._swappable(state):
                    continue
                for t2 in range(len(state.at)):
                    if t2 == t1 or _too_many(len(state.at[t1]) + len(state.at[t2])):
                        continue
                    members, rows, cost, current = self.recombine_options(s, t1, t2, weights)
                    hard = np.floor(cost / HARD_UNIT)
                    if hard.min() < hard[current]:
                        cost[hard > hard.min()] = np.inf
                        self.recombine(s, t1, t2, members, rows[int(np.argmin(cost))])
                        mended = True
                        break
            if not mended:
                return

    def _pick(self, sessions: list[int]) -> tuple[int, int]:
        rng = self.rng
        for _ in range(PICK_TRIES):
            s = sessions[rng.randrange(len(sessions))]
            movable = self.states[s].movable
            a = movable[rng.randrange(len(movable))]
            if self._conflicted(s, a):
                break
        return s, a

    def _descend(self) -> None:
        """Take improving swaps in a fixed order until a full pass finds none."""
        improved = True
        while improved:
            improved = False
            for s, state in enumerate(self.states):
                movable = state.movable
                for i, a in enumerate(movable):
                    for b in movable[i + 1 :]:
                        if state.table_of[a] != state.table_of[b] and self.delta(s, a, b) < 0:
                            self.swap(s, a, b)
                            improved = True

    def tables_of(self) -> list[list[list[int]]]:
        """Session -> table -> member indexes, each table in members-file order."""
        return [[sorted(table) for table in state.at] for state in self.states]


def _history_pairs(problem: SeatingProblem) -> list[list[int]]:
    n = len(problem.members)
    index_of = {member.id: index for index, member in enumerate(problem.members)}
    pairs = [[0] * n for _ in range(n)]
    tables: dict[tuple[int, str], list[int]] = {}
    for seat in problem.history:
        tables.setdefault((seat.session, seat.table), []).append(index_of[seat.member_id])
    for group in tables.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                pairs[a][b] += 1
                pairs[b][a] += 1
    return pairs


@cache
def _rows(free: int, choose: int) -> npt.NDArray[np.int8]:
    """All ways to pick ``choose`` of ``free`` members, as 0/1 rows, in combinations order."""
    rows = np.zeros((math.comb(free, choose), free), dtype=np.int8)
    for r, picked in enumerate(combinations(range(free), choose)):
        rows[r, list(picked)] = 1
    return rows


def _row_index(free: int, choose: int, inside: list[bool]) -> int:
    """The row of _rows(free, choose) that picks the members marked inside."""
    picked = tuple(i for i, x in enumerate(inside) if x)
    return _indexes(free, choose)[picked]


@cache
def _indexes(free: int, choose: int) -> dict[tuple[int, ...], int]:
    return {picked: r for r, picked in enumerate(combinations(range(free), choose))}


def _too_many(members: int) -> bool:
    """Whether re-sharing two tables with this many members exactly is too slow."""
    return math.comb(members, members // 2) > MAX_ROWS
