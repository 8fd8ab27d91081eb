"""Pairs kept apart: members who must not share a table (relatives, a known conflict)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from borgersamling.grouping.engine import seat
from borgersamling.grouping.model import Member, Seat, SeatingProblem, TableSpec
from borgersamling.grouping.outputs import result_files
from borgersamling.grouping.quality import measure
from borgersamling.sortition.errors import InputError
from tests.grouping.test_engine_properties import dragor_like_members

FEATURES = ("gender", "age", "education", "area")


def together(problem: SeatingProblem, seats: tuple[Seat, ...]) -> list[tuple[int, str, str]]:
    """Counted here from the seats, independently of grouping.quality."""
    table = {(s.session, s.member_id): s.table for s in seats}
    return [
        (session, a, b)
        for session in problem.sessions
        for a, b in problem.apart
        if (session, a) in table and table[(session, a)] == table.get((session, b))
    ]


@st.composite
def problems_with_pairs(draw: st.DrawFn) -> SeatingProblem:
    """Disjoint pairs over evenly shared tables: a seating keeping them all apart exists."""
    n = draw(st.integers(6, 18))
    tables = draw(st.integers(2, 4))
    members = tuple(
        Member(id=f"m{i}", features={"g": draw(st.sampled_from("KM"))}) for i in range(n)
    )
    order = draw(st.permutations([m.id for m in members]))
    pairs = draw(st.integers(1, n // 2))
    return SeatingProblem(
        members=members,
        features=("g",),
        tables=tuple(TableSpec(str(t)) for t in range(1, tables + 1)),
        sessions=tuple(range(1, draw(st.integers(1, 3)) + 1)),
        apart=tuple((order[2 * p], order[2 * p + 1]) for p in range(pairs)),
        mixing=draw(st.sampled_from(["balanced", "meet"])),
        seed=draw(st.integers(0, 1000)),
        effort=5,
        tradeoff=False,
    )


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems_with_pairs())
def test_pairs_to_keep_apart_never_share_a_table_when_they_can_be_parted(
    problem: SeatingProblem,
) -> None:
    result = seat(problem)
    assert together(problem, result.plan.seats) == []
    assert result.quality["apart"] == {"pairs": len(problem.apart), "kept": True, "together": []}


def dragor(sessions: tuple[int, ...], apart: tuple[tuple[str, str], ...] = ()) -> SeatingProblem:
    return SeatingProblem(
        members=dragor_like_members(),
        features=FEATURES,
        tables=tuple(TableSpec(str(t)) for t in range(1, 7)),
        sessions=sessions,
        apart=apart,
        seed=2025,
        effort=30,
        tradeoff=False,
    )


def test_strictly_mixed_tables_keep_apart_the_pairs_the_search_would_seat_together() -> None:
    plain = seat(dragor((1, 2, 3)))
    # Two pairs from each session's first table: left alone, the search seats them together.
    pairs: list[tuple[str, str]] = []
    for session in (1, 2, 3):
        first = [s.member_id for s in plain.plan.seats if s.session == session and s.table == "1"]
        pairs += [(first[0], first[1]), (first[2], first[3])]
    problem = dragor((1, 2, 3), tuple(pairs))
    assert together(problem, plain.plan.seats)

    result = seat(problem)

    assert together(problem, result.plan.seats) == []
    assert result.quality["apart"]["kept"]
    mixing = result.quality["mixing"]
    assert mixing["table_features_rounded_ideal"] == mixing["table_features"]
    assert result.quality["roles"]["tables_without_host"] == 0


def test_a_pair_that_cannot_be_parted_is_named_in_the_report() -> None:
    """Three members who must all sit apart at two tables: one pair shares a table."""
    members = tuple(Member(id=f"m{i}", features={"g": "KM"[i % 2]}) for i in range(6))
    problem = SeatingProblem(
        members=members,
        features=("g",),
        tables=(TableSpec("A"), TableSpec("B")),
        sessions=(1, 2),
        apart=(("m0", "m1"), ("m1", "m2"), ("m0", "m2")),
        mixing="meet",
        effort=20,
        tradeoff=False,
    )
    result = seat(problem)
    found = together(problem, result.plan.seats)
    apart = result.quality["apart"]
    assert not apart["kept"]
    # One pair per session is the least possible, and the report lists exactly what is there.
    assert len(found) == 2
    assert [(t["session"], *t["members"]) for t in apart["together"]] == found
    table = {(s.session, s.member_id): s.table for s in result.plan.seats}
    assert all(t["table"] == table[(t["session"], t["members"][0])] for t in apart["together"])
    html = result_files(result, {})["report.html"]
    first = apart["together"][0]
    assert "these share a table" in html
    assert f"{first['members'][0]} and {first['members'][1]}: session 1, table" in html


def test_fixed_seats_that_put_a_pair_together_are_refused() -> None:
    problem = replace(
        dragor((1, 2), (("M001", "M002"),)),
        fixed=(Seat(2, "3", "M001"), Seat(2, "3", "M002")),
    )
    with pytest.raises(InputError) as raised:
        seat(problem)
    assert raised.value.code == "seat_apart_fixed"
    assert "session 2" in str(raised.value) and "'3'" in str(raised.value)
    assert "M001" in raised.value.message("da") and "fast plads" in raised.value.message("da")


@pytest.mark.parametrize(
    ("pair", "code", "named"),
    [
        (("M001", "X99"), "seat_member_unknown_in", "X99"),
        (("M004", "M004"), "seat_apart_self", "M004"),
    ],
)
def test_bad_pairs_are_named(pair: tuple[str, str], code: str, named: str) -> None:
    with pytest.raises(InputError) as raised:
        seat(dragor((1,), (pair,)))
    assert raised.value.code == code
    assert named in str(raised.value) and "apart" in str(raised.value)


def test_a_pair_listed_twice_counts_once_as_first_given() -> None:
    members = tuple(Member(id=i, features={}) for i in "abcd")
    problem = SeatingProblem(
        members=members,
        features=(),
        tables=(TableSpec("1"), TableSpec("2")),
        sessions=(1,),
        apart=(("b", "a"), ("c", "d"), ("a", "b")),
    )
    seats = (Seat(1, "1", "a"), Seat(1, "1", "b"), Seat(1, "2", "c"), Seat(1, "2", "d"))
    assert measure(problem, seats)["apart"] == {
        "pairs": 2,
        "kept": False,
        "together": [
            {"session": 1, "table": "1", "members": ["b", "a"]},
            {"session": 1, "table": "2", "members": ["c", "d"]},
        ],
    }
