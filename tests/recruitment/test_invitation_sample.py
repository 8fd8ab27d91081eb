"""Who gets a letter: the draw's sizes, one letter per household, proportional strata and
determinism, for any extract (hypothesis) and for hand-made ones."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from borgersamling.recruitment.invitation_sample import (
    Candidate,
    Method,
    SampleError,
    allocate,
    draw,
)

AREAS = ("Søvang og syd", "St. Magleby og vængerne", "Gl. Dragør og Nordstranden")


@st.composite
def extracts(draw_: st.DrawFn, min_households: int = 1) -> list[Candidate]:
    """Residents in households of 1-4 people; a household lives in one area."""
    sizes = draw_(st.lists(st.integers(1, 4), min_size=min_households, max_size=40))
    areas = draw_(st.lists(st.sampled_from(AREAS), min_size=len(sizes), max_size=len(sizes)))
    people: list[Candidate] = []
    for household, (size, area) in enumerate(zip(sizes, areas, strict=True)):
        for _member in range(size):
            people.append(Candidate(len(people) + 1, f"vej {household}", area))
    return people


def households_of(people: list[Candidate]) -> dict[str, str]:
    return {person.household: person.stratum for person in people}


@given(extracts(), st.text(max_size=8))
def test_everyone_one_letter_per_household(people: list[Candidate], seed: str) -> None:
    result = draw(people, Method.EVERYONE, seed=seed)
    assert len(result.chosen) == len(households_of(people))
    assert len({person.household for person in result.chosen}) == len(result.chosen)
    assert set(result.chosen) <= set(people)


@given(extracts())
def test_everyone_without_the_household_rule_is_every_resident(people: list[Candidate]) -> None:
    result = draw(people, Method.EVERYONE, one_per_household=False)
    assert sorted(result.chosen) == sorted(people)


@given(extracts(), st.data())
def test_a_sample_has_the_exact_size_and_one_letter_per_household(
    people: list[Candidate], data: st.DataObject
) -> None:
    households = len(households_of(people))
    size = data.draw(st.integers(1, households))
    result = draw(people, Method.SAMPLE, size=size, seed="s")
    assert len(result.chosen) == size
    assert len({person.household for person in result.chosen}) == size


@given(extracts(), st.data())
def test_a_sample_per_person_may_hit_a_household_twice_but_never_a_person(
    people: list[Candidate], data: st.DataObject
) -> None:
    size = data.draw(st.integers(1, len(people)))
    result = draw(people, Method.SAMPLE, size=size, one_per_household=False, seed="s")
    assert len(result.chosen) == len(set(result.chosen)) == size


@given(extracts(), st.data())
def test_strata_get_letters_in_proportion_within_one(
    people: list[Candidate], data: st.DataObject
) -> None:
    households = households_of(people)
    size = data.draw(st.integers(1, len(households)))
    result = draw(people, Method.STRATIFIED, size=size, seed=data.draw(st.text(max_size=5)))
    assert len(result.chosen) == size
    assert len({person.household for person in result.chosen}) == size
    per_area = Counter(households.values())
    got = Counter(person.stratum for person in result.chosen)
    for area, count in per_area.items():
        exact = size * count / len(households)
        assert abs(got[area] - exact) < 1, (area, got[area], exact)
        assert got[area] == result.allocation[area]
        assert got[area] <= count
    assert result.available == dict(sorted(per_area.items()))


@settings(max_examples=50)
@given(extracts(), st.sampled_from(list(Method)), st.text(max_size=6), st.randoms())
def test_the_same_seed_gives_the_same_draw_in_any_input_order(
    people: list[Candidate], method: Method, seed: str, shuffler: random.Random
) -> None:
    size = max(1, len(households_of(people)) // 2)
    first = draw(people, method, size=size, seed=seed)
    shuffled = list(people)
    shuffler.shuffle(shuffled)
    again = draw(shuffled, method, size=size, seed=seed)
    assert first.chosen == again.chosen


def test_different_seeds_give_different_draws() -> None:
    people = [Candidate(n, f"vej {n}") for n in range(1, 201)]
    draws = {tuple(draw(people, Method.SAMPLE, size=20, seed=str(s)).chosen) for s in range(5)}
    assert len(draws) == 5


def test_the_letter_goes_to_a_random_adult_of_the_household() -> None:
    """Not always the first-listed person: over many seeds every member gets letters."""
    family = [Candidate(n, "kongevejen 1", "Søvang og syd") for n in (7, 3, 9)]
    addressees = {draw(family, Method.EVERYONE, seed=str(s)).chosen[0].id for s in range(60)}
    assert addressees == {3, 7, 9}


def test_stratified_allocation_by_hand() -> None:
    # 10 letters over 50/30/20 households: 5, 3, 2.
    people = [
        Candidate(n, f"h{n}", area)
        for n, area in enumerate(["A"] * 50 + ["B"] * 30 + ["C"] * 20, start=1)
    ]
    result = draw(people, Method.STRATIFIED, size=10, seed="2025")
    assert Counter(p.stratum for p in result.chosen) == {"A": 5, "B": 3, "C": 2}


def test_largest_remainder_gives_the_leftover_letter_to_the_largest_remainder() -> None:
    # 7 letters over 4/4/2: exact 2.8, 2.8, 1.4 → 2, 2, 1 and the two letters left go to A, B.
    assert allocate(7, {"A": 4, "B": 4, "C": 2}) == {"A": 3, "B": 3, "C": 1}
    assert allocate(3, {"A": 1, "B": 1, "C": 1}) == {"A": 1, "B": 1, "C": 1}


@pytest.mark.parametrize(
    ("one_per_household", "code"),
    [(True, "size_above_households"), (False, "size_above_people")],
)
def test_more_letters_than_households_is_an_error(one_per_household: bool, code: str) -> None:
    people = [Candidate(1, "a"), Candidate(2, "a"), Candidate(3, "b")]
    limit = 2 if one_per_household else 3
    with pytest.raises(SampleError) as caught:
        draw(people, Method.SAMPLE, size=limit + 1, one_per_household=one_per_household)
    assert caught.value.code == code
    assert caught.value.params == {"size": limit + 1, "units": limit}
    assert len(draw(people, Method.SAMPLE, size=limit, one_per_household=one_per_household).chosen)


def test_a_sample_needs_a_size() -> None:
    with pytest.raises(SampleError) as caught:
        draw([Candidate(1, "a")], Method.SAMPLE)
    assert caught.value.code == "size_missing"


def test_stratifying_needs_every_household_to_have_an_area() -> None:
    people = [Candidate(1, "a", "A"), Candidate(2, "b", "")]
    with pytest.raises(SampleError) as caught:
        draw(people, Method.STRATIFIED, size=1)
    assert caught.value.code == "stratum_missing"
    assert caught.value.params == {"id": 2}


def test_an_unknown_method_is_refused() -> None:
    with pytest.raises(ValueError, match="lottery"):
        draw([Candidate(1, "a")], "lottery")
