"""Infeasible quotas: plain-words reasons, the smallest relaxation, unselectable people."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from borgersamling.sortition.errors import InfeasibleQuotasError
from borgersamling.sortition.feasibility import (
    Diagnosis,
    Reason,
    check_feasible,
    diagnose,
    explain_unselectable,
)
from borgersamling.sortition.panel_space import PanelSpace
from borgersamling.sortition.pool import Pool, parse_pool
from borgersamling.sortition.quotas import QuotaSet, parse_quotas, write_quotas
from borgersamling.sortition.tables import read_table

WriteFile = Callable[[str, str | bytes], Path]


def _space(
    write_file: WriteFile,
    quotas_text: str,
    pool_rows: Sequence[str],
    seats: int,
    household_columns: Sequence[str] = (),
) -> PanelSpace:
    quotas = parse_quotas(read_table(write_file("quotas.csv", quotas_text)), seats)
    pool_table = read_table(write_file("pool.csv", "\n".join(pool_rows) + "\n"))
    pool = parse_pool(pool_table, quotas, household_columns=household_columns)
    return PanelSpace(pool, quotas)


def _index(pool: Pool, person_id: str) -> int:
    return next(i for i, person in enumerate(pool.people) if person.id == person_id)


def _total_slack(diagnosis: Diagnosis) -> int:
    return sum(c.quota.min - c.new_min + c.new_max - c.quota.max for c in diagnosis.changes)


def _round_trip(quotas: QuotaSet, path: Path) -> QuotaSet:
    write_quotas(quotas, path)
    return parse_quotas(read_table(path), quotas.seats)


def _bounds(quotas: QuotaSet) -> list[tuple[str, str, int, int]]:
    return [(q.feature, q.value, q.min, q.max) for q in quotas.quotas]


# --- a single quota the pool cannot serve --------------------------------------------------

AGE_QUOTAS = "feature,value,min,max\nage,15-24,4,10\nage,25-59,10,30\nage,60+,5,20\n"
AGE_POOL = (
    ["id,age"]
    + [f"Y{i},15-24" for i in range(3)]
    + [f"M{i},25-59" for i in range(30)]
    + [f"O{i},60+" for i in range(20)]
)
AGE_SENTENCE = "age 15-24 needs at least 4 of 36 seats, but only 3 people in the pool are 15-24"


def test_min_above_pool_is_explained_in_plain_words(write_file: WriteFile) -> None:
    diagnosis = diagnose(_space(write_file, AGE_QUOTAS, AGE_POOL, 36))
    assert [reason.text() for reason in diagnosis.reasons] == [AGE_SENTENCE]
    assert diagnosis.reasons[0].text("da") == (
        "age 15-24 kræver mindst 4 af 36 pladser, men kun 3 personer i puljen er 15-24"
    )


def test_min_above_pool_is_relaxed_by_exactly_the_shortfall(
    write_file: WriteFile, tmp_path: Path
) -> None:
    space = _space(write_file, AGE_QUOTAS, AGE_POOL, 36)
    diagnosis = diagnose(space)
    assert diagnosis.relaxable
    assert [(c.quota.value, c.new_min, c.new_max) for c in diagnosis.changes] == [("15-24", 3, 10)]
    assert diagnosis.relaxed.get("age", "15-24").min == 3
    assert [r.text() for c in diagnosis.changes for r in c.reasons()] == [
        "lower the minimum of age 15-24 from 4 to 3"
    ]
    relaxed = _round_trip(diagnosis.relaxed, tmp_path / "relaxed.csv")
    assert _bounds(relaxed) == _bounds(diagnosis.relaxed)
    assert PanelSpace(space.pool, relaxed).is_feasible()


def test_check_feasible_raises_with_exit_code_3(write_file: WriteFile) -> None:
    space = _space(write_file, AGE_QUOTAS, AGE_POOL, 36)
    with pytest.raises(InfeasibleQuotasError) as caught:
        check_feasible(space)
    error = caught.value
    assert error.exit_code == 3
    assert str(error) == f"no panel of 36 meets all the quotas:\n- {AGE_SENTENCE}"
    assert isinstance(error.diagnosis, Diagnosis)
    assert error.diagnosis == diagnose(space)


def test_singular_and_empty_counts_read_naturally(write_file: WriteFile) -> None:
    quotas = "feature,value,min,max\nage,young,2,3\nage,old,0,3\nage,none,1,3\n"
    rows = ["id,age", "A,young", "B,old", "C,old", "D,old"]
    texts = [r.text() for r in diagnose(_space(write_file, quotas, rows, 3)).reasons]
    assert texts == [
        "age young needs at least 2 of 3 seats, but only 1 person in the pool is young",
        "age none needs at least 1 of 3 seats, but nobody in the pool is none",
    ]


def test_min_above_households_says_one_per_household(write_file: WriteFile) -> None:
    quotas = "feature,value,min,max\nage,young,3,4\nage,old,0,4\n"
    rows = ["id,age,address"]
    rows += ["Y1,young,1 Main St", "Y2,young,1 main st", "Y3,young,2 Main St", "Y4,young,"]
    rows += [f"O{i},old,{i} Side St" for i in range(4)]
    space = _space(write_file, quotas, rows, 4, household_columns=["address"])
    diagnosis = diagnose(space)
    assert [r.text() for r in diagnosis.reasons] == []  # 3 households suffice for min 3
    assert diagnosis.changes == []

    rows = ["id,age,address", "Y1,young,1 Main St", "Y2,young,1 main st", "Y3,young,2 Main St"]
    rows += [f"O{i},old,{i} Side St" for i in range(4)]
    diagnosis = diagnose(_space(write_file, quotas, rows, 4, household_columns=["address"]))
    assert [r.text() for r in diagnosis.reasons] == [
        "age young needs at least 3 of 4 seats, but the 3 people in the pool who are young "
        "live in only 2 different households, and a panel takes at most one person per "
        "household"
    ]
    assert [(c.quota.value, c.new_min) for c in diagnosis.changes] == [("young", 2)]


def test_feature_that_cannot_fill_the_seats(write_file: WriteFile, tmp_path: Path) -> None:
    quotas = "feature,value,min,max\ngender,Female,0,3\ngender,Male,0,6\n"
    rows = ["id,gender"] + [f"F{i},Female" for i in range(5)] + ["M1,Male", "M2,Male"]
    space = _space(write_file, quotas, rows, 6)
    diagnosis = diagnose(space)
    assert [r.text() for r in diagnosis.reasons] == [
        "the quotas for gender can fill at most 5 of 6 seats: Female at most 3 and Male only 2 "
        "in the pool"
    ]
    assert [(c.quota.value, c.new_max) for c in diagnosis.changes] == [("Female", 4)]
    relaxed = _round_trip(diagnosis.relaxed, tmp_path / "relaxed.csv")
    assert PanelSpace(space.pool, relaxed).is_feasible()


def test_feature_capacity_counts_households(write_file: WriteFile) -> None:
    quotas = "feature,value,min,max\nage,a,2,2\nage,b,1,2\nage,c,0,1\n"
    rows = ["id,age,address", "P0,c,h1", "P1,c,", "P2,a,", "P3,c,h1", "P4,a,h1", "P5,c,"]
    rows += ["P6,b,h1"]
    space = _space(write_file, quotas, rows, 4, household_columns=["address"])
    diagnosis = diagnose(space)
    assert [r.text() for r in diagnosis.reasons] == [
        "the quotas for age can fill at most 3 of 4 seats: a at most 2, b only 1 in the pool "
        "and c at most 1, and a panel takes at most one person per household",
        # The only b shares a household with one of the two a's.
        "age a at least 2 and age b at least 1 cannot be met together: with age b at least 1, "
        "age a gets at most 1 of the 4 seats",
    ]
    assert _total_slack(diagnosis) == _brute_force_slack(space.pool, space.quotas)


# --- the pool itself is too small -----------------------------------------------------------


def test_fewer_households_than_seats(write_file: WriteFile) -> None:
    quotas = "feature,value,min,max\nage,young,0,4\nage,old,0,4\n"
    rows = ["id,age,address", "A,young,1 Main St", "B,old,1 Main St", "C,young,2 Main St"]
    rows += ["D,old,2 main st", "E,old,3 Main St"]
    space = _space(write_file, quotas, rows, 4, household_columns=["address"])
    diagnosis = diagnose(space)
    assert [r.text() for r in diagnosis.reasons] == [
        "the panel has 4 seats, but the 5 people in the pool live in only 3 different "
        "households, and a panel takes at most one person per household"
    ]
    assert diagnosis.reasons[0].text("da") == (
        "panelet har 4 pladser, men de 5 personer i puljen bor i kun 3 forskellige husstande, "
        "og et panel tager højst én person pr. husstand"
    )
    assert not diagnosis.relaxable
    assert diagnosis.changes == []
    assert diagnosis.relaxed == space.quotas
    with pytest.raises(InfeasibleQuotasError) as caught:
        check_feasible(space)
    assert caught.value.exit_code == 3


def test_fewer_people_than_seats(write_file: WriteFile) -> None:
    quotas = "feature,value,min,max\nage,young,0,5\nage,old,0,5\n"
    diagnosis = diagnose(_space(write_file, quotas, ["id,age", "A,young", "B,old"], 5))
    assert [r.text() for r in diagnosis.reasons] == [
        "the panel has 5 seats, but the pool has only 2 people"
    ]
    assert not diagnosis.relaxable


# --- quotas that conflict only jointly ------------------------------------------------------

JOINT_QUOTAS = (
    "feature,value,min,max\n"
    "gender,Female,4,6\ngender,Male,0,6\n"
    "age,young,0,6\nage,old,0,1\n"
    "education,short,1,5\neducation,long,1,5\n"
)
JOINT_POOL = (
    ["id,gender,age,education"]
    + [f"F{i},Female,young,{'short' if i == 0 else 'long'}" for i in range(2)]
    + [f"G{i},Female,old,{'short' if i % 2 else 'long'}" for i in range(4)]
    + [f"M{i},Male,young,{'short' if i % 2 else 'long'}" for i in range(4)]
    + ["N0,Male,old,short", "N1,Male,old,long"]
)


def test_joint_conflict_names_the_clashing_quotas(write_file: WriteFile) -> None:
    diagnosis = diagnose(_space(write_file, JOINT_QUOTAS, JOINT_POOL, 6))
    assert [r.text() for r in diagnosis.reasons] == [
        "gender Female at least 4 and age old at most 1 cannot be met together: with age old "
        "at most 1, gender Female gets at most 3 of the 6 seats"
    ]
    assert diagnosis.reasons[0].text("da") == (
        "gender Female mindst 4 og age old højst 1 kan ikke opfyldes samtidig: med age old "
        "højst 1 får gender Female højst 3 af de 6 pladser"
    )


def test_joint_conflict_gets_a_minimal_relaxation(write_file: WriteFile, tmp_path: Path) -> None:
    space = _space(write_file, JOINT_QUOTAS, JOINT_POOL, 6)
    diagnosis = diagnose(space)
    assert _total_slack(diagnosis) == 1 == _brute_force_slack(space.pool, space.quotas)
    # Ties go to the quota listed later in the file: the age maximum, not the gender minimum.
    assert [(c.quota.label(), c.new_min, c.new_max) for c in diagnosis.changes] == [
        ("age old", 0, 2)
    ]
    relaxed = _round_trip(diagnosis.relaxed, tmp_path / "relaxed.csv")
    assert _bounds(relaxed) == _bounds(diagnosis.relaxed)
    assert PanelSpace(space.pool, relaxed).is_feasible()


def test_two_independent_conflicts_are_both_reported(write_file: WriteFile) -> None:
    quotas = (
        "feature,value,min,max\n"
        "gender,Female,3,4\ngender,Male,0,4\n"
        "age,young,0,4\nage,old,0,1\n"
        "region,north,3,4\nregion,south,0,4\n"
        "work,yes,0,1\nwork,no,0,4\n"
    )
    rows = ["id,gender,age,region,work"]
    rows += ["A,Female,young,north,yes", "B,Female,old,north,yes", "C,Female,old,south,no"]
    rows += ["D,Male,young,north,yes", "E,Male,young,south,no", "F,Male,old,south,no"]
    rows += ["G,Male,young,south,no"]
    space = _space(write_file, quotas, rows, 4)
    diagnosis = diagnose(space)
    texts = [r.text() for r in diagnosis.reasons]
    assert texts == [
        "gender Female at least 3 and age old at most 1 cannot be met together: with age old "
        "at most 1, gender Female gets at most 2 of the 4 seats",
        "region north at least 3 and work yes at most 1 cannot be met together: with work yes "
        "at most 1, region north gets at most 1 of the 4 seats",
    ]
    assert _total_slack(diagnosis) == _brute_force_slack(space.pool, space.quotas) == 3
    assert PanelSpace(space.pool, diagnosis.relaxed).is_feasible()


def test_diagnosis_is_deterministic(write_file: WriteFile) -> None:
    space = _space(write_file, JOINT_QUOTAS, JOINT_POOL, 6)
    first = diagnose(space)
    again = diagnose(_space(write_file, JOINT_QUOTAS, JOINT_POOL, 6))
    assert first == again


# --- feasible inputs ------------------------------------------------------------------------


def test_feasible_quotas_pass(write_file: WriteFile) -> None:
    quotas = "feature,value,min,max\nage,15-24,3,10\nage,25-59,10,30\nage,60+,5,20\n"
    space = _space(write_file, quotas, AGE_POOL, 36)
    check_feasible(space)
    diagnosis = diagnose(space)
    assert diagnosis.reasons == [] and diagnosis.changes == []
    assert diagnosis.relaxed == space.quotas


# --- people who can never be selected --------------------------------------------------------

HOUSEHOLD_QUOTAS = "feature,value,min,max\nage,15-24,1,3\nage,25-59,0,3\n"
HOUSEHOLD_POOL = [
    "id,age,address",
    "A,15-24,1 Main St",
    "B,25-59,1 MAIN  st",
    "C,25-59,2 Main St",
    "D,25-59,3 Main St",
    "E,25-59,4 Main St",
]


def test_household_mate_of_a_forced_person_is_unselectable(write_file: WriteFile) -> None:
    space = _space(write_file, HOUSEHOLD_QUOTAS, HOUSEHOLD_POOL, 3, household_columns=["address"])
    check_feasible(space)
    reason = explain_unselectable(space, _index(space.pool, "B"))
    assert reason == Reason("unselectable_household", {"person": "B", "mate": "A"})
    assert reason.text() == (
        "person B can never be selected: they share a household with A, who is on every "
        "panel that meets the quotas"
    )
    assert reason.text("da") == (
        "person B kan aldrig blive udtrukket: de deler husstand med A, som er med i hvert "
        "panel, der opfylder kvoterne"
    )


def test_value_without_seats_makes_people_unselectable(write_file: WriteFile) -> None:
    quotas = "feature,value,min,max\nage,young,0,0\nage,old,2,2\n"
    space = _space(write_file, quotas, ["id,age", "A,young", "B,old", "C,old"], 2)
    reason = explain_unselectable(space, _index(space.pool, "A"))
    assert reason.text() == (
        "person A can never be selected: they are age young, and the quotas give age young "
        "no seats (max 0)"
    )


def test_other_unselectable_people_get_the_generic_reason(write_file: WriteFile) -> None:
    quotas = (
        "feature,value,min,max\ngender,Male,1,1\ngender,Female,1,1\nage,young,1,1\nage,old,1,1\n"
    )
    rows = ["id,gender,age", "A,Male,young", "B,Female,old", "C,Male,old"]
    space = _space(write_file, quotas, rows, 2)
    reason = explain_unselectable(space, _index(space.pool, "C"))
    assert reason.text() == (
        "person C can never be selected: no panel that meets the quotas can include them"
    )
    with pytest.raises(ValueError, match="can be selected"):
        explain_unselectable(space, _index(space.pool, "A"))


def test_nobody_is_selectable_when_no_panel_exists(write_file: WriteFile) -> None:
    space = _space(write_file, AGE_QUOTAS, AGE_POOL, 36)
    reason = explain_unselectable(space, 0)
    assert reason.text() == "person Y0 cannot be selected: no panel meets the quotas"


# --- the relaxation is optimal: brute force on small random cases ----------------------------

FEATURES = {"gender": ("F", "M"), "age": ("a", "b", "c")}


def _valid_panels(pool: Pool, seats: int) -> list[tuple[int, ...]]:
    panels = []
    for panel in itertools.combinations(range(len(pool)), seats):
        households = [pool.people[i].household for i in panel]
        shared = [h for h in households if h is not None]
        if len(shared) == len(set(shared)):
            panels.append(panel)
    return panels


def _cost(pool: Pool, quotas: QuotaSet, panel: Sequence[int]) -> int:
    cost = 0
    for quota in quotas.quotas:
        seated = sum(pool.people[i].features[quota.feature] == quota.value for i in panel)
        cost += max(0, quota.min - seated) + max(0, seated - quota.max)
    return cost


def _brute_force_slack(pool: Pool, quotas: QuotaSet) -> int | None:
    """The least total slack: every panel needs exactly its own violations relaxed."""
    costs = [_cost(pool, quotas, panel) for panel in _valid_panels(pool, quotas.seats)]
    return min(costs) if costs else None


def _meets(pool: Pool, panel: Sequence[int], bounds: Sequence[Reason]) -> bool:
    for bound in bounds:
        p = bound.params
        seated = sum(pool.people[i].features[str(p["feature"])] == p["value"] for i in panel)
        count = p["count"]
        assert isinstance(count, int)
        if (bound.code == "bound_min" and seated < count) or (
            bound.code == "bound_max" and seated > count
        ):
            return False
    return True


@st.composite
def _cases(draw: st.DrawFn) -> tuple[str, str, int]:
    seats = draw(st.integers(1, 4))
    quota_lines = ["feature,value,min,max"]
    for feature, values in FEATURES.items():
        lows = []
        highs = []
        for value in values:
            a, b = draw(st.integers(0, seats)), draw(st.integers(0, seats))
            lows.append(min(a, b))
            highs.append(max(a, b))
            quota_lines.append(f"{feature},{value},{min(a, b)},{max(a, b)}")
        assume(sum(lows) <= seats <= sum(highs))
    people = draw(st.integers(1, 7))
    pool_lines = ["id,gender,age,address"]
    for number in range(people):
        gender = draw(st.sampled_from(FEATURES["gender"]))
        age = draw(st.sampled_from(FEATURES["age"]))
        address = draw(st.sampled_from(["", "h1", "h2"]))
        pool_lines.append(f"P{number},{gender},{age},{address}")
    return "\n".join(quota_lines) + "\n", "\n".join(pool_lines) + "\n", seats


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
)
@given(case=_cases())
def test_relaxation_matches_brute_force(
    case: tuple[str, str, int], tmp_path_factory: pytest.TempPathFactory
) -> None:
    quotas_text, pool_text, seats = case
    folder = tmp_path_factory.mktemp("case")
    (folder / "quotas.csv").write_text(quotas_text, encoding="utf-8")
    (folder / "pool.csv").write_text(pool_text, encoding="utf-8")
    quotas = parse_quotas(read_table(folder / "quotas.csv"), seats)
    pool = parse_pool(read_table(folder / "pool.csv"), quotas, household_columns=["address"])
    space = PanelSpace(pool, quotas)
    diagnosis = diagnose(space)
    best = _brute_force_slack(pool, quotas)

    if best is None:  # too few people or households: no quota change helps
        assert not diagnosis.relaxable and diagnosis.changes == []
        assert len(diagnosis.reasons) == 1
        return
    assert diagnosis.relaxable
    assert _total_slack(diagnosis) == best
    assert (best == 0) == (diagnosis.reasons == []) == space.is_feasible()
    if best == 0:
        check_feasible(space)
        return
    with pytest.raises(InfeasibleQuotasError):
        check_feasible(space)

    relaxed = _round_trip(diagnosis.relaxed, folder / "relaxed.csv")
    assert _bounds(relaxed) == _bounds(diagnosis.relaxed)
    assert _brute_force_slack(pool, relaxed) == 0
    assert PanelSpace(pool, relaxed).is_feasible()
    for change in diagnosis.changes:
        assert 0 <= change.new_min <= change.quota.min
        assert change.quota.max <= change.new_max <= seats

    # Every stated joint conflict is true and minimal: no panel meets all its bounds, but
    # dropping any one of them lets some panel through.
    panels = _valid_panels(pool, seats)
    for reason in diagnosis.reasons:
        if reason.code.startswith("quotas_conflict"):
            clash = reason.params["bounds"]
        elif reason.code.startswith("quota_unreachable"):
            clash = [reason.params["bound"]]
        else:
            continue
        assert isinstance(clash, list)
        assert not any(_meets(pool, panel, clash) for panel in panels)
        for left_out in range(len(clash)):
            rest = clash[:left_out] + clash[left_out + 1 :]
            assert any(_meets(pool, panel, rest) for panel in panels)
