"""Seat every session at once by a conflict-directed tabu search over swaps, scored exactly.

This is the local search that works for the social golfer problem (Dotú and Van Hentenryck,
"Scheduling social golfers locally", CPAIOR 2005), extended with mixing, roles and theme
tables. Each step picks, at random among the members in a conflict (they sit with someone they
meet more than once, or at a table that is not mixed well enough), one member in one session,
scores every swap of that member with a member at another table of that session, and makes the
best swap that is not tabu, even when it makes things worse; a swap that gives a new best
seating is always allowed (aspiration). After a swap a member may not go back to the table they
left for a few steps. When the search stalls, it returns to the best seating found and shakes
it with a few random swaps that keep the hard constraints. A swap changes the score in a few
table-sized sums, so each is scored exactly in O(table size).

It is deterministic: the random generator is seeded and the search runs a fixed number of
steps (never a time limit), so the same inputs and seed give the same seating on any machine.
It ends with a sweep of all swaps until none improves, so the result is a local optimum in the
swap neighbourhood.

The score, in whole points (lower is better), is lexicographic in effect:
- a table with two designated hosts (or scribes), or missing one when there are enough,
  costs ROLE_WEIGHT per member out of place;
- per table, feature and value, a count outside [floor(ideal), ceil(ideal)] by e members
  costs mixing_weight * e; under strict mixing the weight is above any number of repeats, so
  the search first mixes every table and then never gives that up;
- a pair of members who meet c times costs REPEAT * (c - 1), plus SPREAD * (c - 2) when
  c > 2, so three meetings of one pair cost more than two pairs meeting twice;
- a member at a theme table that is their k-th choice costs THEME_STEP * (k - 1), at a table
  they did not list THEME_UNLISTED.
"""

from __future__ import annotations

import math
import os
import random
from collections.abc import Sequence
from dataclasses import dataclass

from borgersamling.grouping.layout import SessionLayout
from borgersamling.grouping.model import MixingMode, SeatingProblem
from borgersamling.grouping.roles import RolePlan
from borgersamling.sortition.progress import Reporter

REPEAT = int(os.environ.get("REP", "10"))
SPREAD = 3
THEME_STEP = 20
THEME_UNLISTED = 80
ROLE_WEIGHT = 10_000_000
MIXING_WEIGHT: dict[MixingMode, int] = {"strict": 100_000, "balanced": 10, "meet": 1}
STEPS_PER_SEAT = int(os.environ.get("SPS", "1500"))
"""Tabu steps at effort 100, per member-session that can move."""
CONFLICT_TRIES = int(os.environ.get("CT", "4"))
RELABEL_SHARE = float(os.environ.get("RS", "0.3"))
PENALTY_START = float(os.environ.get("P0", "20"))
PENALTY_MIN = float(os.environ.get("PMIN", "5"))
PENALTY_MAX = float(os.environ.get("PMAX", "400"))
PENALTY_STEP = float(os.environ.get("PS", "1.2"))
START_TEMPERATURE = float(os.environ.get("T0", "8"))
END_TEMPERATURE = float(os.environ.get("T1", "0.2"))


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
            if all(m in state.movable or not here for state, here in zip(self.states, where)):
                signature[m] = tuple(where)
        groups: dict[tuple[bool, ...], list[int]] = {}
        for m, key in signature.items():
            groups.setdefault(key, []).append(m)
        return [
            [x for x in groups[signature[m]] if x != m] if m in signature else []
            for m in range(self.n)
        ]

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
                if x == a or x == b:
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

    def _snapshot(self) -> list[list[int]]:
        return [list(state.table_of) for state in self.states]

    def _restore(self, snapshot: list[list[int]]) -> None:
        for s, state in enumerate(self.states):
            target = snapshot[s]
            for a in state.movable:
                # Someone at a's target table belongs elsewhere (fixed members never move):
                # swap them; each swap puts a in place for good.
                while state.table_of[a] != target[a]:
                    for b in state.at[target[a]]:
                        if target[b] != target[a]:
                            self.swap(s, a, b)
                            break

    def _anneal(self, steps: int, reporter: Reporter) -> None:
        """Simulated annealing with strategic oscillation: the hard parts (roles, and mixing
        when strict) cost an adaptive penalty, raised while the seating breaks them and
        lowered while it keeps them, so the search can cross slightly unmixed seatings; the
        best seating by the true (lexicographic) score is kept."""
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
        best_seating: list[list[int]] | None = None
        ratio = END_TEMPERATURE / START_TEMPERATURE
        chunk = max(1, steps // 200)
        temperature = START_TEMPERATURE
        broken = 0
        for step in range(steps):
            if step % chunk == 0:
                progress = step / steps
                temperature = START_TEMPERATURE * ratio**progress
                reporter.progress(progress)
                if step:
                    if broken * 2 > chunk:
                        penalty = min(PENALTY_MAX, penalty * PENALTY_STEP)
                    else:
                        penalty = max(PENALTY_MIN, penalty / PENALTY_STEP)
                broken = 0
                if best == 0:
                    break
            mix_weight = penalty if strict else true_mix
            if mix or role:
                broken += 1
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
            for _ in range(CONFLICT_TRIES):
                if self._conflicted(s, a):
                    break
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
