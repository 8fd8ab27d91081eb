"""LEGACY: valid panels, the greedy rule as documented, reproducibility, failure, unfairness."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from borgersamling.sortition.committee_generation.legacy import draw_legacy, legacy_lottery
from borgersamling.sortition.errors import InputError, SortitionError
from borgersamling.sortition.pool import Pool, parse_pool
from borgersamling.sortition.quotas import QuotaSet, parse_quotas
from borgersamling.sortition.tables import read_table

FLANIGAN_SMALL = Path(__file__).resolve().parents[3] / "shared/benchmarks/flanigan2021"
FLANIGAN_SMALL /= "example_small_20"


def _load(
    directory: Path,
    pool_csv: str,
    quotas_csv: str,
    seats: int,
    household_columns: Sequence[str] = (),
) -> tuple[Pool, QuotaSet]:
    """Write the two CSV files into ``directory`` and read them the way the engine does."""
    (directory / "pool.csv").write_text(pool_csv, encoding="utf-8")
    (directory / "quotas.csv").write_text(quotas_csv, encoding="utf-8")
    quotas = parse_quotas(read_table(directory / "quotas.csv"), seats=seats)
    pool = parse_pool(
        read_table(directory / "pool.csv"),
        quotas,
        id_column=None,
        household_columns=household_columns,
    )
    return pool, quotas


def _assert_valid(pool: Pool, quotas: QuotaSet, panel: Sequence[int]) -> None:
    assert list(panel) == sorted(set(panel)), "panel must be sorted distinct indexes"
    assert len(panel) == quotas.seats
    assert all(0 <= person < len(pool) for person in panel)
    for quota in quotas.quotas:
        count = sum(pool.people[p].features[quota.feature] == quota.value for p in panel)
        assert quota.min <= count <= quota.max, (quota, count)
    households = [pool.people[p].household for p in panel]
    seated = [household for household in households if household is not None]
    assert len(seated) == len(set(seated)), "two people from one household"


# --- property: every panel drawn is valid ------------------------------------------------


@dataclass(frozen=True)
class Instance:
    pool_csv: str
    quotas_csv: str
    seats: int
    known_panel: tuple[int, ...]
    """A valid panel the quotas were built around, so the instance is feasible."""


@st.composite
def feasible_instances(draw: st.DrawFn) -> Instance:
    """A small pool with households, and quotas set around the counts of a valid panel."""
    value_counts = draw(st.lists(st.integers(1, 3), min_size=1, max_size=3))
    size = draw(st.integers(1, 20))
    people = [tuple(draw(st.integers(0, count - 1)) for count in value_counts) for _ in range(size)]
    homes = [draw(st.sampled_from(["", "", "", "h1", "h2", "h3", "h4"])) for _ in range(size)]
    # A random panel with at most one person per household.
    taken: set[str] = set()
    eligible: list[int] = []
    for person in draw(st.permutations(range(size))):
        if homes[person] in taken:
            continue
        if homes[person]:
            taken.add(homes[person])
        eligible.append(person)
    seats = draw(st.integers(1, len(eligible)))
    panel = eligible[:seats]
    quota_lines = ["feature,value,min,max"]
    for feature, count in enumerate(value_counts):
        for value in range(count):
            seated = sum(people[p][feature] == value for p in panel)
            low = max(0, seated - draw(st.integers(0, 2)))
            high = min(seats, seated + draw(st.integers(0, 2)))
            quota_lines.append(f"f{feature},v{value},{low},{high}")
    header = [f"f{feature}" for feature in range(len(value_counts))] + ["home"]
    pool_lines = [",".join(header)]
    for person, values in enumerate(people):
        pool_lines.append(",".join([f"v{value}" for value in values] + [homes[person]]))
    return Instance(
        "\n".join(pool_lines) + "\n",
        "\n".join(quota_lines) + "\n",
        seats,
        tuple(sorted(panel)),
    )


@settings(max_examples=300, deadline=None)
@given(instance=feasible_instances(), seed=st.integers(0, 2**32 - 1))
def test_every_panel_is_valid(
    tmp_path_factory: pytest.TempPathFactory, instance: Instance, seed: int
) -> None:
    pool, quotas = _load(
        tmp_path_factory.mktemp("legacy"),
        instance.pool_csv,
        instance.quotas_csv,
        instance.seats,
        household_columns=["home"],
    )
    _assert_valid(pool, quotas, instance.known_panel)  # the generator's own promise
    try:
        panels = legacy_lottery(pool, quotas, 5, random.Random(seed))
    except SortitionError as error:
        # The greedy is not complete: on rare feasible instances nearly every attempt gets
        # stuck. Such examples check nothing; if they became common, Hypothesis would stop
        # with a health-check failure.
        assert error.code == "legacy_failed"
        panels = []
    assume(panels)
    assert len(panels) == 5
    for panel in panels:
        _assert_valid(pool, quotas, panel)


# --- the greedy rule -------------------------------------------------------------------------


def test_seat_goes_to_scarcest_value(tmp_path: Path) -> None:
    """The first seat goes to a value with ratio 1/2 (b or h1), not to a (1/3).

    Valid panels: {0, 4}, {1, 3}, {2, 3}. Starting from b: person 3 (then 1 or 2) or person
    4 (then 0 is all that is left), so person 0 is seated half the time. Starting from a, or
    drawing a valid panel uniformly, would seat person 0 a third of the time.
    """
    pool_csv = "g,h\na,h1\na,h2\na,h2\nb,h1\nb,h2\n"
    quotas_csv = "feature,value,min,max\ng,a,1,1\ng,b,1,1\nh,h1,1,1\nh,h2,1,1\n"
    pool, quotas = _load(tmp_path, pool_csv, quotas_csv, seats=2)
    draws = 400
    panels = legacy_lottery(pool, quotas, draws, random.Random(3))
    assert set(panels) == {(0, 4), (1, 3), (2, 3)}
    counts = Counter(person for panel in panels for person in panel)
    assert 0.42 < counts[0] / draws < 0.58  # 1/2 expected; 1/3 would be far outside
    assert 0.17 < counts[1] / draws < 0.33  # 1/4 expected


def test_ratio_turns_negative_above_the_minimum(tmp_path: Path) -> None:
    """Once a value has more than its minimum its ratio is negative, not zero.

    Steps: a needs 1 of 3 (ratio 1/3) beats b (0/3); then a (0/2) ties b (0/3) and, listed
    first, wins; then a is at -1/1 and b (0/3) wins. So every panel has two a and one b.
    (With the ratio clamped at zero, as in sortition-algorithms 0.12.15, the third seat
    would also go to a.)
    """
    pool_csv = "group\n" + "a\n" * 3 + "b\n" * 3
    quotas_csv = "feature,value,min,max\ngroup,a,1,3\ngroup,b,0,3\n"
    pool, quotas = _load(tmp_path, pool_csv, quotas_csv, seats=3)
    for panel in legacy_lottery(pool, quotas, 50, random.Random(8)):
        groups = Counter(pool.people[p].features["group"] for p in panel)
        assert groups == {"a": 2, "b": 1}


def test_value_with_maximum_zero_is_never_seated(tmp_path: Path) -> None:
    pool_csv = "age\n" + "young\n" * 4 + "old\n" * 4 + "other\n" * 4
    quotas_csv = "feature,value,min,max\nage,young,0,3\nage,old,0,3\nage,other,0,0\n"
    pool, quotas = _load(tmp_path, pool_csv, quotas_csv, seats=3)
    for panel in legacy_lottery(pool, quotas, 50, random.Random(2)):
        assert all(pool.people[p].features["age"] != "other" for p in panel)
        _assert_valid(pool, quotas, panel)


def test_household_mates_leave_the_pool(tmp_path: Path) -> None:
    # Two households of three and two people living alone; four seats force one person
    # from each household and both singles.
    pool_csv = "gender,home\n" + "f,A\nm,A\nf,A\nm,B\nf,B\nm,B\nf,\nm,\n"
    quotas_csv = "feature,value,min,max\ngender,f,0,4\ngender,m,0,4\n"
    pool, quotas = _load(tmp_path, pool_csv, quotas_csv, seats=4, household_columns=["home"])
    for panel in legacy_lottery(pool, quotas, 50, random.Random(4)):
        _assert_valid(pool, quotas, panel)
        assert {6, 7} <= set(panel)


# --- retries and failure -----------------------------------------------------------------


HOUSEHOLD_TRAP_POOL = "x,y,home\nx1,y1,H\nx2,y2,H\nx1,y2,\nx2,y1,\n"
HOUSEHOLD_TRAP_QUOTAS = "feature,value,min,max\nx,x1,1,1\nx,x2,1,1\ny,y1,1,1\ny,y2,1,1\n"


def test_stuck_attempts_are_retried(tmp_path: Path) -> None:
    """A feasible instance where half the attempts get stuck.

    The only valid panel is people 2 and 3 (0 and 1 share a household). The first seat goes
    to x1 and is person 0 or 2 with equal chance; person 0 leaves no valid completion.
    """
    pool, quotas = _load(
        tmp_path, HOUSEHOLD_TRAP_POOL, HOUSEHOLD_TRAP_QUOTAS, seats=2, household_columns=["home"]
    )
    outcomes: Counter[str] = Counter()
    for seed in range(200):
        try:
            panel = draw_legacy(pool, quotas, random.Random(seed), attempts=1)
        except SortitionError as error:
            assert error.code == "legacy_failed"
            assert error.params == {"attempts": 1}
            outcomes["stuck"] += 1
        else:
            assert panel == [2, 3]
            outcomes["panel"] += 1
    assert outcomes["stuck"] > 50 and outcomes["panel"] > 50
    # With retries the same instance always yields its only panel.
    rng = random.Random(0)
    assert all(draw_legacy(pool, quotas, rng) == [2, 3] for _ in range(100))


def test_impossible_quotas_fail_after_all_attempts(tmp_path: Path) -> None:
    # Three women are required but only two volunteered.
    pool_csv = "gender\nf\nf\nm\nm\nm\n"
    quotas_csv = "feature,value,min,max\ngender,f,3,4\ngender,m,0,1\n"
    pool, quotas = _load(tmp_path, pool_csv, quotas_csv, seats=4)
    with pytest.raises(SortitionError) as caught:
        draw_legacy(pool, quotas, random.Random(1), attempts=7)
    assert caught.value.code == "legacy_failed"
    assert caught.value.params == {"attempts": 7}
    assert "7 attempts" in str(caught.value)
    with pytest.raises(SortitionError) as caught:
        legacy_lottery(pool, quotas, 3, random.Random(1))
    assert caught.value.code == "legacy_failed"
    assert caught.value.params == {"attempts": 100}


def test_lottery_size_must_be_positive(tmp_path: Path) -> None:
    pool, quotas = _load(tmp_path, "g\na\nb\n", "feature,value,min,max\ng,a,0,1\ng,b,0,1\n", 1)
    with pytest.raises(InputError) as caught:
        legacy_lottery(pool, quotas, 0, random.Random(1))
    assert caught.value.code == "lottery_size_invalid"


# --- reproducibility and progress ----------------------------------------------------------


def _mixed_pool(tmp_path: Path) -> tuple[Pool, QuotaSet]:
    generator = random.Random(99)
    lines = ["gender,age,area,home"]
    for person in range(60):
        home = f"H{person // 3}" if person < 30 else ""
        lines.append(
            ",".join(
                [
                    generator.choice(["f", "m"]),
                    generator.choice(["young", "mid", "old"]),
                    generator.choice(["north", "south"]),
                    home,
                ]
            )
        )
    quotas_csv = (
        "feature,value,min,max\ngender,f,5,7\ngender,m,5,7\n"
        "age,young,3,5\nage,mid,3,5\nage,old,3,5\narea,north,4,8\narea,south,4,8\n"
    )
    return _load(tmp_path, "\n".join(lines) + "\n", quotas_csv, 12, household_columns=["home"])


def test_same_seed_same_panels(tmp_path: Path) -> None:
    pool, quotas = _mixed_pool(tmp_path)
    first = legacy_lottery(pool, quotas, 40, random.Random(2024))
    again = legacy_lottery(pool, quotas, 40, random.Random(2024))
    other = legacy_lottery(pool, quotas, 40, random.Random(2025))
    assert first == again
    assert first != other
    assert draw_legacy(pool, quotas, random.Random(5)) == draw_legacy(
        pool, quotas, random.Random(5)
    )
    for panel in first:
        _assert_valid(pool, quotas, panel)


class RecordingReporter:
    def __init__(self) -> None:
        self.stages: list[str] = []
        self.fractions: list[float] = []

    def stage(self, name: str) -> None:
        self.stages.append(name)

    def progress(self, fraction: float, note: str = "") -> None:
        self.fractions.append(fraction)


def test_lottery_reports_progress(tmp_path: Path) -> None:
    pool, quotas = _mixed_pool(tmp_path)
    reporter = RecordingReporter()
    panels = legacy_lottery(pool, quotas, 250, random.Random(1), reporter)
    assert len(panels) == 250
    assert reporter.stages == ["LEGACY"]
    assert reporter.fractions == sorted(reporter.fractions)
    assert reporter.fractions[-1] == 1.0
    assert all(0 < fraction <= 1 for fraction in reporter.fractions)


# --- the unfairness Flanigan et al. found ----------------------------------------------------


@pytest.mark.skipif(not FLANIGAN_SMALL.is_dir(), reason="Nature 2021 data not checked out")
def test_legacy_is_unequal_on_example_small_20() -> None:
    """20 of 200 seats: equal chances would be 10 % each. The greedy gives the one female
    conservative (first respondent) a small fraction of that."""
    quotas = parse_quotas(read_table(FLANIGAN_SMALL / "categories.csv"), seats=20)
    pool = parse_pool(read_table(FLANIGAN_SMALL / "respondents.csv"), quotas, id_column=None)
    draws = 500
    panels = legacy_lottery(pool, quotas, draws, random.Random(20))
    for panel in panels:
        _assert_valid(pool, quotas, panel)
    counts = Counter(person for panel in panels for person in panel)
    probabilities = [counts[person] / draws for person in range(len(pool))]
    assert dict(pool.people[0].features) == {"gender": "female", "leaning": "conservative"}
    assert min(probabilities) == probabilities[0]
    assert probabilities[0] < 0.05
    assert max(probabilities) > 0.1
