"""Seating benchmark: our engine against a random shuffle and a GroupSelect-style heuristic.

Run: ``.venv/bin/python benchmarks/seating.py`` (writes benchmarks/seating-results.md).

Instances (generated, seeded): Dragør-like, 36 members at 6 tables of 6 over 5 sessions, mixed
on gender, age, education and area with shares like the Dragør assembly; and 160 members at
20 tables of 8 over 4 sessions. Every method sees the same members.

The GroupSelect-style heuristic is our own reimplementation of the DREAM algorithm as the
Sortition Foundation describes it (groupselect-lib, docs/algorithms/dream.md; Barrett,
Verpoort and Gal, "A New Heuristic Algorithm for Balanced Deliberation Groups",
arXiv:2410.21451): session by session, shuffle the members, seat them round robin, then one
pass over the members in shuffled order making, for each, a Pareto-improving swap with a
member at another table (neither the table balance nor the count of earlier meetings gets
worse, one gets better), chosen with probability 1/2 for balance and 1/2 for meetings; three
attempts, keeping the one with the most distinct meetings. It is not their code and simplifies
their candidate generation; GroupSelect itself is a desktop (Qt) application over that
library, and neither is a MIP.
"""

from __future__ import annotations

import datetime
import os
import platform
import random
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import numpy.typing as npt

from borgersamling.grouping import background
from borgersamling.grouping.engine import seat
from borgersamling.grouping.exact import fewest_repeats, small_problem
from borgersamling.grouping.model import Member, Seat, SeatingProblem, TableSpec
from borgersamling.grouping.quality import measure

HERE = Path(__file__).resolve().parent
TIME_TARGET = 10.0
SHARES = {
    "gender": {"Kvinde": 0.5, "Mand": 0.5},
    "age": {"15-29": 0.17, "30-44": 0.2, "45-59": 0.25, "60-74": 0.23, "75+": 0.15},
    "education": {"Grundskole": 0.2, "Ungdomsudd.": 0.35, "Kort/mellem": 0.25, "Lang": 0.2},
    "area": {"Dragør by": 0.4, "St. Magleby": 0.35, "Søvang": 0.25},
}
Tables = list[list[str]]


def cpu_time() -> float:
    """CPU seconds of this process and of the children it has waited for: the default run
    searches the trade-off rows in a second process (grouping/background.py)."""
    times = os.times()
    return time.process_time() + times.children_user + times.children_system


def make_members(count: int, seed: int) -> tuple[Member, ...]:
    """Members whose values follow the shares exactly (rounded), shuffled per feature, as a
    stratified lottery would give."""
    rng = random.Random(seed)
    columns: dict[str, list[str]] = {}
    for feature, shares in SHARES.items():
        values = [v for v, share in shares.items() for _ in range(round(share * count))]
        values = (values + list(shares) * count)[:count]
        rng.shuffle(values)
        columns[feature] = values
    return tuple(
        Member(
            id=f"M{i + 1:03d}",
            features={f: columns[f][i] for f in SHARES},
            host=i % 2 == 0,
            scribe=i % 3 == 0,
        )
        for i in range(count)
    )


def problem(members: tuple[Member, ...], tables: int, sessions: int, mixing: str) -> SeatingProblem:
    return SeatingProblem(
        members=members,
        features=tuple(SHARES),
        tables=tuple(TableSpec(str(t)) for t in range(1, tables + 1)),
        sessions=tuple(range(1, sessions + 1)),
        mixing=mixing,  # type: ignore[arg-type]
        seed=2025,
        tradeoff=False,
    )


def to_seats(sessions: Sequence[Tables]) -> tuple[Seat, ...]:
    return tuple(
        Seat(s, str(t), m)
        for s, tables in enumerate(sessions, start=1)
        for t, ids in enumerate(tables, start=1)
        for m in ids
    )


def sizes(n: int, tables: int) -> list[int]:
    return [n // tables + (1 if t < n % tables else 0) for t in range(tables)]


def random_shuffle(members: tuple[Member, ...], tables: int, sessions: int) -> list[Tables]:
    rng = random.Random(2025)
    plan: list[Tables] = []
    for _ in range(sessions):
        ids = [m.id for m in members]
        rng.shuffle(ids)
        start = 0
        session: Tables = []
        for size in sizes(len(ids), tables):
            session.append(ids[start : start + size])
            start += size
        plan.append(session)
    return plan


def dream_like(members: tuple[Member, ...], tables: int, sessions: int) -> list[Tables]:
    profile = {m.id: m.features for m in members}
    n = len(members)
    totals = {f: Counter(m.features[f] for m in members) for f in SHARES}

    def imbalance(ids: list[str]) -> float:
        """DREAM's table distance: mean over values of |share at table - share overall|."""
        total = 0.0
        for feature, counts in totals.items():
            here = Counter(profile[m][feature] for m in ids)
            total += sum(abs(here[v] / len(ids) - c / n) for v, c in counts.items()) / len(counts)
        return total

    best: list[Tables] = []
    best_distinct = -1
    for attempt in range(3):
        rng = random.Random(f"dream:{attempt}")
        met: Counter[frozenset[str]] = Counter()
        plan: list[Tables] = []
        for _ in range(sessions):
            order = [m.id for m in members]
            rng.shuffle(order)
            session: Tables = [[] for _ in range(tables)]
            for k, member in enumerate(order):
                session[k % tables].append(member)
            where = {m: t for t, ids in enumerate(session) for m in ids}

            def meetings(ids: list[str], met: Counter[frozenset[str]] = met) -> int:
                return sum(met[frozenset((a, b))] for i, a in enumerate(ids) for b in ids[i + 1 :])

            for member in order:
                ta = where[member]
                candidates: list[tuple[float, int, str]] = []
                for other in order:
                    tb = where[other]
                    if tb == ta:
                        continue
                    a_ids, b_ids = session[ta], session[tb]
                    new_a = [other if m == member else m for m in a_ids]
                    new_b = [member if m == other else m for m in b_ids]
                    gain_balance = (
                        imbalance(a_ids) + imbalance(b_ids) - imbalance(new_a) - imbalance(new_b)
                    )
                    gain_meet = (
                        meetings(a_ids) + meetings(b_ids) - meetings(new_a) - meetings(new_b)
                    )
                    if (
                        gain_balance >= -1e-12
                        and gain_meet >= 0
                        and (gain_balance > 1e-12 or gain_meet > 0)
                    ):
                        candidates.append((gain_balance, gain_meet, other))
                if not candidates:
                    continue
                if rng.random() < 0.5:
                    pick = max(candidates, key=lambda c: (c[0], c[1]))
                else:
                    pick = max(candidates, key=lambda c: (c[1], c[0]))
                other = pick[2]
                tb = where[other]
                session[ta][session[ta].index(member)] = other
                session[tb][session[tb].index(other)] = member
                where[member], where[other] = tb, ta
            for ids in session:
                for i, a in enumerate(ids):
                    for b in ids[i + 1 :]:
                        met[frozenset((a, b))] += 1
            plan.append(session)
        if len(met) > best_distinct:
            best, best_distinct = plan, len(met)
    return best


def row(
    name: str, method: str, figures: dict[str, object], seconds: float, cpu: float, bound: int
) -> str:
    reps = figures["repeated_pairs"]
    mix = figures["mixing"]
    assert isinstance(reps, dict) and isinstance(mix, dict)
    return (
        f"| {name} | {method} | {reps['total']} | {bound} | {mix['max_deviation']} | "
        f"{mix['table_features_rounded_ideal']}/{mix['table_features']} | "
        f"{mix['table_features_within_one']}/{mix['table_features']} | {seconds:.2f} | "
        f"{cpu:.2f} |"
    )


def load() -> str:
    try:
        return Path("/proc/loadavg").read_text(encoding="utf-8").split()[0]
    except OSError:
        return "?"


def run_instance(
    name: str, n: int, tables: int, sessions: int
) -> tuple[list[str], dict[str, tuple[float, float]]]:
    members = make_members(n, seed=n)
    base = problem(members, tables, sessions, "strict")
    lines: list[str] = []
    times: dict[str, tuple[float, float]] = {}
    bound = 0
    for mode in ("strict", "balanced", "meet"):
        started, cpu = time.perf_counter(), cpu_time()
        result = seat(problem(members, tables, sessions, mode))
        seconds, used = time.perf_counter() - started, cpu_time() - cpu
        times[mode] = (seconds, used)
        bound = result.lower_bound["value"]
        lines.append(row(name, f"ours, {mode} mixing", result.quality, seconds, used, bound))
        if mode == "strict" and n == 36:
            # The web's "search thoroughly": the usual search, then ten times as long on
            # from its seating (seating.planning.compute).
            on = seat(replace(base, effort=base.effort * 10, start=result.plan.seats))
            seconds, used = time.perf_counter() - started, cpu_time() - cpu
            method = "ours, strict, thorough (the usual search, then 10x as long on from it)"
            lines.append(row(name, method, on.quality, seconds, used, bound))
        if mode == "strict":
            # Relatives or a known conflict: random pairs never to share a table.
            ids = [member.id for member in members]
            rng = random.Random(n)
            pairs = tuple(tuple(rng.sample(ids, 2)) for _ in range(max(4, n // 8)))
            started, cpu = time.perf_counter(), cpu_time()
            kept = seat(replace(base, apart=pairs))  # type: ignore[arg-type]
            seconds, used = time.perf_counter() - started, cpu_time() - cpu
            parted = "all parted" if kept.quality["apart"]["kept"] else "NOT all parted"
            method = f"ours, strict, {len(pairs)} random pairs kept apart ({parted})"
            lines.append(row(name, method, kept.quality, seconds, used, bound))
    others: list[tuple[str, Callable[[tuple[Member, ...], int, int], list[Tables]]]] = [
        ("random shuffle", random_shuffle),
        ("GroupSelect DREAM-style", dream_like),
    ]
    for method, build in others:
        started, cpu = time.perf_counter(), cpu_time()
        plan = build(members, tables, sessions)
        seconds, used = time.perf_counter() - started, cpu_time() - cpu
        times[method] = (seconds, used)
        lines.append(row(name, method, measure(base, to_seats(plan)), seconds, used, bound))
    started, cpu = time.perf_counter(), cpu_time()
    full = seat(replace(base, tradeoff=True))
    times["strict with trade-off"] = (time.perf_counter() - started, cpu_time() - cpu)
    for trade in full.tradeoff:
        lines.append(
            f"| {name} | default run's trade-off row: {trade['mixing']} | "
            f"{trade['repeated_pairs']} | {bound} | {trade['max_deviation']} | "
            f"{trade['table_features_rounded_ideal']}/{trade['table_features']} | "
            f"{trade['table_features_within_one']}/{trade['table_features']} | | |"
        )
    return lines, times


EXACT_INSTANCES = (
    (8, 2, 3, 1),
    (9, 3, 4, 1),
    (9, 3, 4, 2),
    (10, 2, 3, 1),
    (12, 2, 3, 1),
    (12, 3, 3, 1),
    (12, 4, 4, 1),
    (15, 5, 3, 1),
)


def against_the_optimum() -> list[str]:
    """Small strictly mixed problems whose fewest repeated pairs HiGHS proves."""
    lines = []
    for members, tables, sessions, seed in EXACT_INSTANCES:
        problem_ = small_problem(members, tables, sessions, seed)
        started = cpu_time()
        exact = fewest_repeats(problem_, time_limit=300)
        exact_cpu = cpu_time() - started
        started = cpu_time()
        ours = seat(problem_).quality["repeated_pairs"]["total"]
        ours_cpu = cpu_time() - started
        proven = "proven" if exact.proven else "best found in 300 s"
        lines.append(
            f"| {members}/{tables}x{members // tables}/{sessions}, seed {seed} | {ours} | "
            f"{exact.minimum} ({proven}) | {ours_cpu:.2f} | {exact_cpu:.1f} |"
        )
    return lines


PLANTED_COUNTS = {
    "gender": [18, 18],
    "age": [7, 7, 9, 8, 5],
    "education": [7, 13, 9, 7],
    "area": [14, 13, 9],
}


def latin_square(rng: random.Random) -> list[list[int]]:
    """A random Latin square of order 6, by seeded backtracking."""
    square = [[-1] * 6 for _ in range(6)]

    def fill(k: int) -> bool:
        if k == 36:
            return True
        row, col = divmod(k, 6)
        options = [
            v
            for v in range(6)
            if v not in square[row] and all(square[r][col] != v for r in range(row))
        ]
        rng.shuffle(options)
        for value in options:
            square[row][col] = value
            if fill(k + 1):
                return True
        square[row][col] = -1
        return False

    fill(0)
    return square


def planted_members(seed: int) -> tuple[Member, ...] | None:
    """36 members with Dragør-like counts whose values are spread so that rows, columns and
    symbols of a random Latin square are three sessions of strictly mixed tables of 6 with no
    repeated pair: a problem whose optimum (0) is known. None if the spreading fails."""
    rng = random.Random(seed)
    square = latin_square(rng)
    cells = [(r, c) for r in range(6) for c in range(6)]
    sessions = np.array(
        [[r for r, _ in cells], [c for _, c in cells], [square[r][c] for r, c in cells]]
    )
    columns: dict[str, list[int]] = {}
    for feature, counts in PLANTED_COUNTS.items():
        values = np.array([v for v, count in enumerate(counts) for _ in range(count)])
        rng.shuffle(values)  # type: ignore[arg-type]
        low = np.floor(np.array(counts) / 6 + 1e-9)
        high = np.ceil(np.array(counts) / 6 - 1e-9)

        def off(
            values: npt.NDArray[np.int64],
            kinds: int = len(counts),
            low: npt.NDArray[np.float64] = low,
            high: npt.NDArray[np.float64] = high,
        ) -> int:
            here = np.zeros((3, 6, kinds))
            for k, tables in enumerate(sessions):
                np.add.at(here[k], (tables, values), 1)
            return int((np.maximum(0, low - here) + np.maximum(0, here - high)).sum())

        now = off(values)
        for _ in range(200_000):
            if not now:
                break
            i, j = rng.sample(range(36), 2)
            values[[i, j]] = values[[j, i]]
            then = off(values)
            if then <= now or rng.random() < 0.02:
                now = then
            else:
                values[[i, j]] = values[[j, i]]
        if now:
            return None
        columns[feature] = [int(v) for v in values]
    hidden = list(range(36))
    rng.shuffle(hidden)  # member ids say nothing about the cells
    return tuple(
        Member(id=f"P{k:02d}", features={f: str(columns[f][hidden[k]]) for f in PLANTED_COUNTS})
        for k in range(36)
    )


def planted() -> list[str]:
    lines = []
    for seed in range(6):
        members = planted_members(seed)
        if members is None:
            continue
        result = seat(
            SeatingProblem(
                members=members,
                features=tuple(PLANTED_COUNTS),
                tables=tuple(TableSpec(str(t)) for t in range(6)),
                sessions=(1, 2, 3),
                seed=1,
                tradeoff=False,
            )
        )
        mixing = result.quality["mixing"]
        lines.append(
            f"| planted Latin square, seed {seed} | {result.quality['repeated_pairs']['total']} "
            f"| 0 | {mixing['table_features_rounded_ideal']}/{mixing['table_features']} |"
        )
    return lines


def what_mixing_costs() -> list[str]:
    """Strict mixing on more and more features (36 at 6x6 over 5 sessions, one host and one
    scribe per table), then all four under other seeds: what the repeats depend on."""
    members = make_members(36, seed=36)
    lines: list[str] = []
    features = list(SHARES)
    for count in range(len(features) + 1):
        chosen = tuple(features[:count])
        result = seat(replace(problem(members, 6, 5, "strict"), features=chosen))
        lines.append(
            f"| {', '.join(chosen) or 'none'} | 2025 | "
            f"{result.quality['repeated_pairs']['total']} |"
        )
    for seed in range(1, 6):
        result = seat(replace(problem(members, 6, 5, "strict"), seed=seed))
        lines.append(f"| all four | {seed} | {result.quality['repeated_pairs']['total']} |")
    return lines


def main() -> None:
    header = (
        "| instance | method | repeated pairs | lower bound | largest deviation | "
        "table-features at rounded ideal | within one person | wall (s) | CPU (s) |\n"
        "|---|---|---:|---:|---:|---:|---:|---:|---:|"
    )
    body: list[str] = []
    notes: list[str] = []
    load_before = load()
    run_started, run_cpu = time.perf_counter(), cpu_time()
    for name, n, tables, sessions in (("dragor 36/6x6/5", 36, 6, 5), ("160/20x8/4", 160, 20, 4)):
        lines, times = run_instance(name, n, tables, sessions)
        body.extend(lines)
        wall, cpu_used = times["strict with trade-off"]
        dream = times["GroupSelect DREAM-style"][1]
        notes.append(
            f"- {name}: the default run (strict mixing plus the trade-off rows under the other "
            f"two modes at half effort, as `borgersamling seat` does, those two in a second "
            f"process beside the first) took {wall:.2f} s wall, "
            f"{cpu_used:.2f} s CPU. CPU time against the GroupSelect-style heuristic (the "
            f"approach in use today): strict mixing alone {times['strict'][1] / dream:.2f}x, "
            f"the default run {cpu_used / dream:.2f}x"
        )
    table = header + "\n" + "\n".join(body)
    costs = "| strict mixing on | seed | repeated pairs |\n|---|---:|---:|\n" + "\n".join(
        what_mixing_costs()
    )
    known = (
        "| instance (36 at 6x6 over 3 sessions, four features, strict) | ours | optimum | "
        "at rounded ideal |\n|---|---:|---:|---:|\n" + "\n".join(planted())
    )
    optimum = (
        "| instance | ours | fewest possible (HiGHS) | ours CPU (s) | HiGHS CPU (s) |\n"
        "|---|---:|---:|---:|---:|\n" + "\n".join(against_the_optimum())
    )
    run_wall, run_cpu = time.perf_counter() - run_started, cpu_time() - run_cpu
    load_after = load()
    print(table)
    print("\n".join(notes))
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    cpu = platform.processor() or platform.machine()
    text = f"""# Seating: borgersamling seat, a random shuffle, a GroupSelect-style heuristic

Written by `benchmarks/seating.py`. Repeated pairs count m - 1 for a pair meeting m times,
over all sessions; the lower bound is the engine's proven bound (for 36 at 6 tables of 6 over 5
sessions: at least 2, from the non-existence of two orthogonal Latin squares of order 6). Mixing:
largest |count - ideal| over tables, features and values; "at rounded ideal" means every value's
count is the ideal rounded down or up. The GroupSelect-style method is our reimplementation of
the DREAM heuristic as described by the Sortition Foundation (see the script's docstring), not
their code. Times: one run each, inside this process, wall clock and CPU time of this process
and of the default run's background search (the CPU time is what the machine's other jobs do
not inflate). The trade-off rows at the end of each instance are those of the default run
(other modes at half effort).

{table}

{chr(10).join(notes)}

## Targets

- 36 members, 6x6, 5 sessions within {TIME_TARGET:.0f} s: see the note above (default run).
- Every table within one person of perfectly mixed on each feature: strict mixing keeps every
  table at the ideal count rounded down or up (stricter than within one person); balanced keeps
  every table within one person and gives up some rounding for fewer repeats; see the columns
  "at rounded ideal" and "within one person".
- As few repeated pairs as that allows: the proven bound ignores mixing, so the gap to the
  optimum is open. What we know: the same search finds the seatings without a repeated pair
  wherever finite geometry guarantees one (9, 16 and 25 members at affine planes over 4, 5
  and 6 sessions; 36 at a Latin square over 3; tests/grouping/test_search.py), a search three
  times as long finds no better seating on the 36-member instance, and what strict mixing
  costs grows with each feature mixed:

{costs}

- On problems small enough for an integer program (grouping/exact.py) to prove the fewest
  repeated pairs under strict mixing, the search's seating has exactly that many (measured
  once separately as well: 12 members at 3 tables of 4 over 4 sessions, 15 proven in 281 s
  of HiGHS, 15 ours in 0.7 s):

{optimum}

- But at the Dragør size the search is not optimal. On planted problems, 36 members whose
  values are spread so that three sessions of strictly mixed tables without a repeated pair
  exist (rows, columns and symbols of a Latin square), it finds a few repeated pairs where
  none are needed, with every table strictly mixed:

{known}

## Looking for better seatings with exact methods

Measured once (2026-11-28, OR-Tools CP-SAT 9.15 with 2 workers; not a dependency of the
project) on the 36-member strict instance, starting from the search's seating (60 repeated
pairs before hosts and scribes are chosen):

- Re-seating one session exactly, the other four kept (10 s per session, four rounds over
  the five sessions): no session could be re-seated with fewer repeated pairs.
- Re-seating 10, 18 or 24 random members in all five sessions, everyone else kept (30, 15
  and 8 tries; most 10- and 18-member problems solved to a proven optimum): nothing better.
  On the planted problem of seed 0 (6 where 0 exists), 20 tries of 18 members: nothing better.
- Combining sessions of the seatings of four seeds and searching again (12 combinations):
  best 56, against 57 for the best seed alone.
- Three sessions without a repeated pair must be the rows, columns and symbols of a Latin
  square. For one random Latin square CP-SAT proved in 6 s that no assignment of these
  members to its cells mixes gender, age and education strictly; for two others it found
  none in 150 s each. With gender and age only, one was found in 14 s.

So the seatings are deep local optima: no exact change of a whole session or of half the
members improves them. Whether the true minimum is much lower is still open; the printed
lower bound (2) does not know about mixing.

More ways round, measured once (2026-11-28, CP-SAT 9.15, 2 workers, not a dependency):

- Start from three sessions without a repeated pair (a random Latin square's rows, columns
  and symbols, the members placed on its cells by CP-SAT so that every table is strictly
  mixed) and let the search seat sessions 4 and 5 around them. Five sessions then have more
  repeated pairs than the search alone finds: no mixing 14, 15, 14, 14 (search alone 12);
  gender 19, 19, 19 (alone 16); gender and age 28, 28, 29 (alone 23). The best five sessions
  do not begin with three perfect ones, so a design-first method is no way round.
- The planted problems are hard for an exact solver too: given the very Latin square the
  members were spread on (seeds 0 and 1), CP-SAT found no strictly mixed placement of the
  members on its cells in 60 s (members of equal values merged); with six other random
  squares per seed (20 s each) and with the square left free (60 s), none either. The search
  leaves 2-6 repeated pairs there in about a second.
- Three searches from different seeds, each a third as long, the best kept: seeds 1-10 give
  58-63 repeated pairs, the same spread as one full-length search (57-63). Not kept.
- Weights per broken constraint ("breakout"): each (session, table, value) out of its band
  weighs more for every step it stays so, and less again after (three settings of growth and
  decay). On the planted problems of seeds 0, 1, 3, 4, 5 it leaves 3-7 repeated pairs, where
  the single weight leaves 2-6. Not kept (measured 2026-11-28, sixth session).
- What makes the planted problems hard, and what a longer search gives (measured 2026-11-28,
  seventh session, effort 100 unless said): with one feature planted (any of the four) or
  gender and age, the search finds the seating without a repeated pair on all five seeds;
  with three features it leaves 0-3 (gender, age, education: 2, 3, 0, 3, 2; gender, age,
  area: 0, 2, 0, 2, 0; age, education, area: 2 on each); with all four 2-6, and at eight
  times the effort still 2-4. On the 36-member instance, strict at five times the effort
  gives 59 and 58 for seeds 1 and 2 (61 and 58 at the default). Three sessions of members
  drawn as the Dragør instance's (five draws, no planting) leave 4-8 repeated pairs under
  strict mixing and 5-7 under balanced; whether 0 is possible there is not known. At twenty
  times the effort (about a minute each), seeds 1-8 give 59, 58, 58, 57, 59, 57, 55, 58: a
  long search gains a pair or two, and 55 (seed 7) is the fewest known for this instance.
- Searching on from a seating (`--start`, the web's "search on"; measured 2026-11-28, eighth
  session, strict, seeds 1-5, every table at the rounded ideal throughout): the usual search
  gives 60, 59, 61, 60, 63; ten times the effort afresh 59, 58, 57, 55, 63 (mean 58.4, 16-25 s
  CPU); the usual search and then ten times the effort on from its seating 55, 54, 56, 56, 59
  (mean 56.0, about 30 s CPU), and a second such search on 55, 54, 55, 55, 55. So the web's
  "search thoroughly" now seats as usual and then searches on from that. At the usual total
  effort, rounds do not help (2 x 50: mean 60.4, 4 x 25: 60.0, 10 x 20: 61.4, against 60.6).
  54 (seed 2) is now the fewest known for this instance.
- A long search on in rounds (measured 2026-11-28, ninth session, strict): the usual search,
  then four rounds each thirty times the usual effort on from the last seating (about five
  minutes CPU): seed 2 gives 58, 56, 55, 55, 55 and seed 5 59, 58, 57, 54, 54. The search
  levels off at 54-55 for this instance; more effort no longer finds fewer repeated pairs.
- Seat without mixing first, then place the members on those seats (measured 2026-11-29,
  tenth session, a scratch script): the search without mixing leaves 12 repeated pairs (17-18
  with gender mixed, 26 with gender and age); a search over which member takes which of those
  seats (simulated annealing over exchanges of two members' seats in every session at once,
  200,000 steps, seeds 1 and 2) still leaves 47-55 member-table-values outside the strict
  bands. Seatings with few repeated pairs are far from any strictly mixed one: mixing, not the
  search alone, is what costs the repeats here (a hint, not a proof).
- The search's settings (measured 2026-11-29, eleventh session, strict, seeds 1-6 at the
  usual effort; mean repeated pairs): as they are (tabu tenure 3-10 steps, a restart after
  400 steps without a new best, 4 random swaps at a restart, the weight of broken hard
  constraints changing by 2% a step) 59.5; tenure 5-15 61.7, 2-6 59.5; restart after 200
  61.5, after 800 59.8; 8 swaps at a restart 59.0, 2 swaps 59.8; weight by 5% 60.2, by 1%
  59.5. None better by more than the spread between seeds (57-61); kept as they are.

## Before

The engine before 2026-11-28 (simulated annealing with two-table re-sharing, host and scribe
holders planned before seating) gave on these instances: 36 strict 83 repeated pairs, balanced
58 (18 table-features more than one person off), meet 27; 160 strict 7 (5.3 s CPU). OR-Tools
CP-SAT (one and eight workers, session by session and over the whole horizon, up to 156 s)
never beat 83 on the 36-member instance, and its own bound stayed between 0 and 20. What
changed: a tabu search that scores every swap of every session at once (numpy), and the host
and scribe chosen after seating by an integer program that keeps the rotation (grouping.roles).

## Machine

- date: {now}
- CPU: {cpu}, {background.cores()} logical cores, Python {platform.python_version()}
- load average (1 min) before the run {load_before}, after {load_after}; the whole run took
  {run_wall:.0f} s wall for {run_cpu:.0f} s CPU (other jobs may share the machine)
"""
    (HERE / "seating-results.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
