"""Searching on from a given seating (``SeatingProblem.start``, e.g. a draft): the start is
used, the result is never worse, and a start that does not fit is refused by name."""

from __future__ import annotations

from dataclasses import replace

import pytest

from borgersamling.grouping.engine import seat
from borgersamling.grouping.model import Member, Seat, SeatingProblem, TableSpec
from borgersamling.sortition.errors import InputError

CELLS = [(r, c) for r in range(6) for c in range(6)]


def latin_seating() -> tuple[Seat, ...]:
    """Rows, columns and symbols of the cyclic Latin square of order 6: three sessions of
    36 members at 6 tables of 6 with no pair meeting twice."""
    return tuple(
        Seat(session, str(table), f"m{6 * r + c}")
        for r, c in CELLS
        for session, table in ((1, r), (2, c), (3, (r + c) % 6))
    )


def problem(**changes: object) -> SeatingProblem:
    base = SeatingProblem(
        members=tuple(Member(id=f"m{i}", features={}) for i in range(36)),
        features=(),
        tables=tuple(TableSpec(str(t)) for t in range(6)),
        sessions=(1, 2, 3),
        seed=3,
        tradeoff=False,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def tables_of(seats: tuple[Seat, ...]) -> set[tuple[int, str, str]]:
    return {(seat.session, seat.table, seat.member_id) for seat in seats}


def test_the_search_goes_on_from_the_start() -> None:
    start = latin_seating()
    result = seat(problem(start=start))
    # Nothing to improve on it, so it comes back as it went in; a fresh search finds
    # another seating without repeats.
    assert tables_of(result.plan.seats) == tables_of(start)
    assert result.quality["repeated_pairs"]["total"] == 0
    assert tables_of(seat(problem()).plan.seats) != tables_of(start)


def strictly_mixed(**changes: object) -> SeatingProblem:
    members = tuple(
        Member(
            id=f"m{i}",
            features={"gender": "FM"[i % 2], "age": "yom"[i % 3], "area": "NSEW"[i % 4]},
        )
        for i in range(24)
    )
    base = problem(
        members=members,
        features=("gender", "age", "area"),
        tables=tuple(TableSpec(str(t)) for t in range(4)),
        sessions=(1, 2, 3, 4, 5),
        mixing="strict",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_search_from_a_seating_is_never_worse_than_it(seed: int) -> None:
    short = seat(strictly_mixed(seed=seed, effort=1))
    longer = seat(strictly_mixed(seed=seed, effort=100, start=short.plan.seats))
    before, after = short.quality, longer.quality
    assert (
        after["mixing"]["table_features_rounded_ideal"]
        >= (before["mixing"]["table_features_rounded_ideal"])
    )
    assert after["repeated_pairs"]["total"] <= before["repeated_pairs"]["total"]


def test_a_start_with_other_table_sizes_is_refused() -> None:
    start = list(latin_seating())
    moved = next(i for i, s in enumerate(start) if s.session == 2 and s.table == "0")
    start[moved] = replace(start[moved], table="1")  # tables of 7 and 5 in session 2
    with pytest.raises(InputError) as refused:
        seat(problem(start=tuple(start)))
    assert refused.value.code == "seat_start_sizes"
    assert refused.value.message("en") == (
        "session 2: the seating to start from has tables of 7, 6, 6, 6, 6, 5 members, where "
        "the members who come make tables of 6, 6, 6, 6, 6, 6; generate afresh instead"
    )


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ("drop", "it does not seat exactly the members who come"),
        ("twice", "m0 is seated twice"),
        ("unknown", "unknown member or table (m0, 9)"),
    ],
)
def test_a_start_that_does_not_seat_the_members_is_refused(change: str, reason: str) -> None:
    start = [seat for seat in latin_seating() if seat.session == 1]
    first = start[0]
    if change == "drop":
        start = start[1:]
    elif change == "twice":
        start.append(replace(first, table="5"))
    else:
        start[0] = replace(first, table="9")
    with pytest.raises(InputError) as refused:
        seat(problem(sessions=(1,), start=tuple(start)))
    assert refused.value.message("en") == (
        f"the seating to start from does not fit session 1: {reason}"
    )


def test_a_start_must_keep_the_fixed_seats() -> None:
    start = [seat for seat in latin_seating() if seat.session == 1]
    fixed = Seat(1, "5", start[0].member_id)  # m0 sits at table 0 in the start
    with pytest.raises(InputError, match="a fixed seat is elsewhere"):
        seat(problem(sessions=(1,), start=tuple(start), fixed=(fixed,)))
