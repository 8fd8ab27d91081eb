"""Filling open seats: the engine against brute force over every choice of candidates."""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from borgersamling.sortition.pool import Person, Pool
from borgersamling.sortition.quotas import Quota, QuotaSet
from borgersamling.sortition.replacement import (
    ReplacementError,
    choose_replacements,
    fillable_seats,
    quota_report,
)
from borgersamling.sortition.tables import Table

FEATURES = {"gender": ("woman", "man"), "age": ("young", "old")}


def make_pool(people: Sequence[tuple[str, str, str | None]]) -> Pool:
    """People as (gender, age, household or None)."""
    persons = tuple(
        Person(
            id=f"p{n}",
            row=n + 2,
            features={"gender": gender, "age": age},
            household=household,
            record={},
        )
        for n, (gender, age, household) in enumerate(people)
    )
    return Pool(Table(Path("pool.csv"), ["id", "gender", "age"], []), "id", ("hh",), persons)


def make_quotas(seats: int, bounds: dict[tuple[str, str], tuple[int, int]]) -> QuotaSet:
    quotas = tuple(
        Quota(feature, value, *bounds.get((feature, value), (0, seats)))
        for feature, values in FEATURES.items()
        for value in values
    )
    return QuotaSet("quotas.csv", seats, quotas)


def violation(pool: Pool, quotas: QuotaSet, members: Sequence[int]) -> int:
    total = 0
    for quota in quotas.quotas:
        count = sum(1 for i in members if pool.people[i].features[quota.feature] == quota.value)
        total += max(0, quota.min - count, count - quota.max)
    return total


def clash(pool: Pool, members: Sequence[int]) -> bool:
    households = [pool.people[i].household for i in members if pool.people[i].household]
    return len(households) != len(set(households))


def brute_force(
    pool: Pool, quotas: QuotaSet, fixed: Sequence[int], candidates: Sequence[int], seats: int
) -> tuple[int, tuple[int, ...]] | None:
    """The least violation, and the choice earliest in candidate order that reaches it."""
    best: tuple[int, tuple[int, ...]] | None = None
    for ranks in itertools.combinations(range(len(candidates)), seats):
        chosen = [candidates[r] for r in ranks]
        fixed_households = {pool.people[i].household for i in fixed} - {None}
        if clash(pool, chosen) or any(pool.people[i].household in fixed_households for i in chosen):
            continue
        key = (violation(pool, quotas, [*fixed, *chosen]), ranks)
        if best is None or key < best:
            best = key
    if best is None:
        return None
    return best[0], tuple(candidates[r] for r in best[1])


@st.composite
def situations(
    draw: st.DrawFn,
) -> tuple[Pool, QuotaSet, list[int], list[int], int]:
    size = draw(st.integers(3, 11))
    rng = random.Random(draw(st.integers(0, 2**32)))
    people = [
        (
            rng.choice(FEATURES["gender"]),
            rng.choice(FEATURES["age"]),
            f"h{rng.randrange(size)}" if rng.random() < 0.4 else None,
        )
        for _ in range(size)
    ]
    pool = make_pool(people)
    order = rng.sample(range(size), size)
    fixed_count = draw(st.integers(0, size - 1))
    fixed = order[:fixed_count]
    rest = order[fixed_count:]
    candidates = rest[: draw(st.integers(1, len(rest)))]
    seats_total = fixed_count + draw(st.integers(1, 3))
    bounds = {}
    for feature, values in FEATURES.items():
        for value in values:
            low = rng.randint(0, seats_total)
            bounds[(feature, value)] = (low, rng.randint(low, seats_total))
    quotas = make_quotas(seats_total, bounds)
    fillable = fillable_seats(pool, fixed, candidates)
    seats = draw(st.integers(0, min(fillable, seats_total - fixed_count, 4)))
    return pool, quotas, fixed, candidates, seats


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(situations())
def test_the_engine_matches_brute_force(
    situation: tuple[Pool, QuotaSet, list[int], list[int], int],
) -> None:
    pool, quotas, fixed, candidates, seats = situation
    expected = brute_force(pool, quotas, fixed, candidates, seats)
    assert expected is not None, "the strategy only asks for fillable seats"
    result = choose_replacements(pool, quotas, fixed, candidates, seats)
    least, earliest = expected
    # The same least violation, and the same (first in the reserve order) choice.
    assert result.total_deviation == least
    assert violation(pool, quotas, [*fixed, *result.chosen]) == least
    assert result.chosen == earliest
    # The quotas hold whenever some completion keeps them.
    assert result.all_quotas_hold == (least == 0)
    # Never a member who stays, never twice, never a household clash with anyone.
    assert not set(result.chosen) & set(fixed)
    assert len(set(result.chosen)) == seats
    assert set(result.chosen) <= set(candidates)
    fixed_households = {pool.people[i].household for i in fixed} - {None}
    chosen_households = [pool.people[i].household for i in result.chosen]
    assert not fixed_households & set(chosen_households)
    assert not clash(pool, list(result.chosen))


def test_a_woman_further_down_the_reserves_is_chosen_when_the_quotas_need_one() -> None:
    # Two women and one man stay; the panel of four needs two women.
    pool = make_pool(
        [
            ("woman", "old", None),
            ("woman", "young", None),
            ("man", "old", None),
            ("man", "young", None),  # first reserve
            ("woman", "young", None),  # second reserve
        ]
    )
    quotas = make_quotas(4, {("gender", "woman"): (2, 2), ("gender", "man"): (2, 2)})
    result = choose_replacements(pool, quotas, fixed=[0, 2], candidates=[3, 4], seats=2)
    assert result.chosen == (3, 4)
    quotas = make_quotas(4, {("gender", "woman"): (3, 3), ("gender", "man"): (1, 1)})
    result = choose_replacements(pool, quotas, fixed=[0, 1, 2], candidates=[3, 4], seats=1)
    assert result.chosen == (4,)
    assert result.all_quotas_hold
    woman = next(r for r in result.quotas if r.value == "woman")
    assert (woman.before, woman.after, woman.deviation) == (2, 3, 0)


def test_the_first_reserve_wins_when_the_quotas_do_not_mind() -> None:
    pool = make_pool([("woman", "old", None), ("man", "old", None), ("woman", "young", None)])
    quotas = make_quotas(2, {})
    assert choose_replacements(pool, quotas, [0], [1, 2], 1).chosen == (1,)
    assert choose_replacements(pool, quotas, [0], [2, 1], 1).chosen == (2,)


def test_a_candidate_from_a_members_household_is_passed_over() -> None:
    pool = make_pool([("woman", "old", "h1"), ("woman", "old", "h1"), ("man", "old", None)])
    quotas = make_quotas(2, {})
    result = choose_replacements(pool, quotas, fixed=[0], candidates=[1, 2], seats=1)
    assert result.chosen == (2,)


def test_when_no_choice_keeps_the_quotas_the_least_violation_is_reported() -> None:
    pool = make_pool([("woman", "old", None), ("man", "old", None), ("man", "young", None)])
    quotas = make_quotas(2, {("gender", "woman"): (2, 2)})
    result = choose_replacements(pool, quotas, fixed=[0], candidates=[1, 2], seats=1)
    assert result.chosen == (1,)
    assert not result.all_quotas_hold
    assert result.total_deviation == 1  # one woman short


def test_too_few_candidates_is_a_clear_error() -> None:
    pool = make_pool([("woman", "old", None), ("man", "old", None)])
    with pytest.raises(ReplacementError, match="2 seats to fill but only 1 candidates"):
        choose_replacements(pool, make_quotas(3, {}), [0], [1], 2)


def test_candidates_of_one_household_fill_one_seat_only() -> None:
    pool = make_pool([("woman", "old", None), ("man", "old", "h"), ("man", "young", "h")])
    with pytest.raises(ReplacementError, match="can fill only 1"):
        choose_replacements(pool, make_quotas(3, {}), [0], [1, 2], 2)


def test_a_member_who_stays_cannot_be_a_candidate() -> None:
    pool = make_pool([("woman", "old", None), ("man", "old", None)])
    with pytest.raises(ReplacementError, match="already hold a seat"):
        choose_replacements(pool, make_quotas(2, {}), [0], [0, 1], 1)


def test_no_seats_to_fill_reports_the_panel_as_it_is() -> None:
    pool = make_pool([("woman", "old", None), ("man", "old", None)])
    quotas = make_quotas(2, {("gender", "woman"): (1, 1)})
    result = choose_replacements(pool, quotas, [0, 1], [], 0)
    assert result.chosen == ()
    assert result.all_quotas_hold
    assert quota_report(pool, quotas, [0, 1]) == result.quotas
