"""The tabu search's scoring of every swap at once, checked against scoring from scratch, and
its results where finite geometry knows the answer."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from borgersamling.grouping.engine import seat
from borgersamling.grouping.exact import fewest_repeats, small_problem
from borgersamling.grouping.layout import build_layouts
from borgersamling.grouping.model import Member, Seat, SeatingProblem, TableSpec
from borgersamling.grouping.roles import plan_roles
from borgersamling.grouping.search import Search
from borgersamling.sortition.progress import SilentReporter


@st.composite
def searches(draw: st.DrawFn) -> Search:
    n = draw(st.integers(4, 12))
    tables = draw(st.integers(2, 3))
    sessions = draw(st.integers(1, 3))
    names = [str(t) for t in range(1, tables + 1)]
    members = tuple(
        Member(
            id=f"m{i}",
            features={"g": draw(st.sampled_from("KM")), "a": draw(st.sampled_from("xyz"))},
            host=draw(st.booleans()),
            scribe=draw(st.booleans()),
            themes=tuple(draw(st.lists(st.sampled_from(names), max_size=2, unique=True))),
        )
        for i in range(n)
    )
    ids = [m.id for m in members]
    absent = {
        s: frozenset(draw(st.sets(st.sampled_from(ids), max_size=max(0, n - 2 * tables))))
        for s in range(2, sessions + 2)
    }
    history = tuple(
        Seat(1, draw(st.sampled_from(names)), member_id) for member_id in ids if draw(st.booleans())
    )
    fixed = tuple(
        Seat(s, draw(st.sampled_from(names)), next(i for i in ids if i not in absent[s]))
        for s in range(2, sessions + 2)
        if draw(st.booleans())
    )
    problem = SeatingProblem(
        members=members,
        features=("g", "a"),
        tables=tuple(TableSpec(name) for name in names),
        sessions=tuple(range(2, sessions + 2)),
        history=history,
        absent=absent,
        fixed=fixed,
        mixing=draw(st.sampled_from(["strict", "balanced", "meet"])),
    )
    layouts = build_layouts(problem)
    roles = plan_roles(problem, layouts) if draw(st.booleans()) else None
    return Search(problem, layouts, roles, problem.mixing, draw(st.integers(0, 99)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(searches())
def test_every_swap_is_scored_as_a_fresh_count_would(search: Search) -> None:
    """The deltas of every swap at once equal the score after the swap minus the score before,
    both counted from scratch (pairs, themes, every band)."""
    up = search.up[search.meetings].astype(float)
    down = search.down[search.meetings].astype(float)
    d_soft, d_hard = search._deltas(up, down, search._places())
    soft, hard = search.parts()
    checked = 0
    for s, movable in enumerate(search.movable):
        for a in movable:
            for b in movable:
                if a >= b or search.tables[s, a] == search.tables[s, b]:
                    continue
                search.swap(s, int(a), int(b))
                after_soft, after_hard = search.parts()
                assert search.meetings.tolist() == search._meetings().tolist()
                search.swap(s, int(a), int(b))
                assert d_soft[s, a, b] == pytest.approx(after_soft - soft)
                assert d_hard[s, a, b] == after_hard - hard
                assert d_soft[s, b, a] == d_soft[s, a, b]
                checked += 1
    assert search.parts() == (soft, hard)
    assert checked or all(len(set(search.tables[s, m])) <= 1 for s, m in enumerate(search.movable))


@pytest.mark.parametrize(
    ("members", "tables", "sessions"),
    [(9, 3, 4), (16, 4, 5), (25, 5, 6), (36, 6, 3)],
    ids=["affine plane of order 3", "order 4", "order 5", "Latin square of order 6"],
)
def test_finds_the_seatings_without_a_repeat_that_geometry_guarantees(
    members: int, tables: int, sessions: int
) -> None:
    """k^2 members at k tables of k can meet for k + 1 sessions without a repeated pair when
    an affine plane of order k exists (k = 3, 4, 5), and 36 for 3 sessions (a Latin square);
    a random shuffle almost never finds these."""
    problem = SeatingProblem(
        members=tuple(Member(id=f"m{i}", features={}) for i in range(members)),
        features=(),
        tables=tuple(TableSpec(str(t)) for t in range(tables)),
        sessions=tuple(range(1, sessions + 1)),
        seed=3,
        tradeoff=False,
    )
    result = seat(problem)
    assert result.quality["repeated_pairs"]["total"] == 0
    assert result.quality["repeated_pairs"]["distinct_pairs_met"] == (
        sessions * tables * tables * (tables - 1) // 2
    )


def test_stops_once_nothing_is_left_to_improve() -> None:
    problem = SeatingProblem(
        members=tuple(Member(id=f"m{i}", features={}) for i in range(16)),
        features=(),
        tables=tuple(TableSpec(str(t)) for t in range(4)),
        sessions=(1, 2),
        seed=1,
    )
    layouts = build_layouts(problem)
    search = Search(problem, layouts, None, "strict", 1)
    search.run(100, SilentReporter())
    assert search.parts() == (0.0, 0)
    assert search.bests[-1][0] == (0, 0.0)
    assert len(search.bests) < 50  # far fewer improvements than the step budget


@pytest.mark.parametrize(
    ("members", "tables", "sessions", "seed"),
    [(8, 2, 3, 1), (9, 3, 4, 1), (10, 2, 3, 1), (12, 3, 3, 1)],
)
def test_reaches_the_proven_minimum_on_small_strictly_mixed_problems(
    members: int, tables: int, sessions: int, seed: int
) -> None:
    """Where an integer program can prove the fewest repeated pairs under strict mixing, the
    search's seating has exactly that many (benchmarks/seating.py tries larger ones)."""
    problem = small_problem(members, tables, sessions, seed)
    exact = fewest_repeats(problem, time_limit=120)
    assert exact.proven
    quality = seat(problem).quality
    assert quality["mixing"]["table_features_rounded_ideal"] == quality["mixing"]["table_features"]
    assert quality["repeated_pairs"]["total"] == exact.minimum
