"""``run_selection``: one selection from files to drawn panel, without writing anything."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from tests.helpers import DRAGOR, SMALL_20, Instance, assert_valid_panel, pool_records

from borgersamling.sortition.audit import summarize
from borgersamling.sortition.errors import InfeasibleQuotasError, InputError
from borgersamling.sortition.selection import (
    SelectionRequest,
    SelectionResult,
    check_request,
    load_inputs,
    run_selection,
)
from borgersamling.sortition.tables import sha256_of


class FakeReporter:
    """Records what the engine reports, to check the stages without a terminal."""

    def __init__(self) -> None:
        self.stages: list[str] = []
        self.fractions: list[tuple[str, float, str]] = []

    def stage(self, name: str) -> None:
        self.stages.append(name)

    def progress(self, fraction: float, note: str = "") -> None:
        self.fractions.append((self.stages[-1] if self.stages else "", fraction, note))


def _assert_consistent(result: SelectionResult, instance: Instance) -> None:
    """The drawn panel, reserves and figures agree with the lottery and the inputs."""
    request = result.request
    records = pool_records(instance)
    assert result.panel_number == request.seed % request.lottery_size
    assert result.panel == list(result.lottery.panels[result.panel_number])
    assert_valid_panel([records[i] for i in result.panel], instance)
    assert len(result.reserves) == len(set(result.reserves))
    assert not set(result.reserves) & set(result.panel)
    assert result.probabilities.sum() == pytest.approx(instance.seats)
    assert result.lottery_probabilities.sum() == pytest.approx(instance.seats)
    assert np.array_equal(result.lottery_probabilities, result.lottery.probabilities(len(records)))
    assert result.summary == summarize(result.probabilities)
    assert result.lottery_summary == summarize(result.lottery_probabilities)
    assert result.inputs.pool_sha256 == sha256_of(instance.pool)
    assert result.inputs.quotas_sha256 == sha256_of(instance.quotas)
    assert result.wall_time >= 0


@pytest.fixture(scope="module")
def small_20() -> Instance:
    if not SMALL_20.pool.is_file():
        pytest.skip("benchmark instance missing")
    return SMALL_20


def test_leximin_on_small_20_reports_its_stages(small_20: Instance) -> None:
    reporter = FakeReporter()
    result = run_selection(small_20.request(seed=1057, lottery_size=100), reporter)
    _assert_consistent(result, small_20)
    assert result.panel_number == 57
    assert result.probabilities == pytest.approx(np.full(200, 0.1))
    assert result.unselectable == []
    assert reporter.stages[0] == "LEXIMIN"
    assert reporter.stages[-1] == "transparent lottery"
    assert set(reporter.stages) <= {"LEXIMIN", "LEXIMIN (column generation)", "transparent lottery"}
    assert all(0.0 <= fraction <= 1.0 for _, fraction, _ in reporter.fractions)


def test_same_request_same_result(small_20: Instance) -> None:
    request = small_20.request(seed=8, lottery_size=100)
    first, second = run_selection(request), run_selection(request)
    assert first.lottery.panels == second.lottery.panels
    assert first.panel == second.panel
    assert first.reserves == second.reserves
    assert np.array_equal(first.probabilities, second.probabilities)


def test_preloaded_inputs_give_the_same_result(small_20: Instance) -> None:
    request = small_20.request(seed=31, lottery_size=100)
    inputs = load_inputs(request)
    assert run_selection(request, inputs=inputs).panel == run_selection(request).panel


def test_the_seed_only_picks_the_row(small_20: Instance) -> None:
    first = run_selection(small_20.request(seed=3, lottery_size=100))
    second = run_selection(small_20.request(seed=104, lottery_size=100))
    assert first.lottery.panels == second.lottery.panels
    assert second.panel_number == 4
    assert second.panel == list(first.lottery.panels[4])


def test_legacy_on_small_20(small_20: Instance) -> None:
    reporter = FakeReporter()
    result = run_selection(small_20.request(seed=5, algorithm="legacy", lottery_size=200), reporter)
    _assert_consistent(result, small_20)
    assert "LEGACY" in reporter.stages
    # LEGACY's distribution is its lottery.
    assert np.array_equal(result.probabilities, result.lottery_probabilities)
    # The table comes from the inputs, not the seed.
    other = run_selection(small_20.request(seed=6, algorithm="legacy", lottery_size=200))
    assert other.lottery.panels == result.lottery.panels
    assert other.panel == list(result.lottery.panels[6])


def test_dragor_without_tolerance_explains_who_can_never_be_selected() -> None:
    """Shares without tolerance give køn Andet 0 to 0 seats: its one person is unselectable."""
    strict = replace(DRAGOR, tolerance=0)
    result = run_selection(strict.request(seed=2025))
    _assert_consistent(result, strict)
    records = pool_records(strict)
    andet = [i for i, record in enumerate(records) if record["køn"] == "Andet"]
    assert len(andet) == 1
    [(person, reason)] = result.unselectable
    assert person == andet[0]
    assert reason.code == "unselectable_quota_zero"
    assert "køn Andet" in reason.text("en")
    assert reason.text("da") != reason.text("en")
    assert result.probabilities[person] == 0
    assert result.lottery_probabilities[person] == 0
    assert result.summary.never_selected == 1
    assert person not in result.reserves


# --- requests and inputs that are refused -----------------------------------------------


def _request(**changes: object) -> SelectionRequest:
    base = SelectionRequest(Path("missing-pool.csv"), Path("missing-quotas.csv"), 4, 1)
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"algorithm": "random"}, "algorithm_unknown"),
        ({"seed": -1}, "seed_invalid"),
        ({"lottery_size": 0}, "lottery_size_invalid"),
    ],
)
def test_bad_requests_are_refused_before_reading_files(
    changes: dict[str, object], code: str
) -> None:
    request = _request(**changes)
    for check in (check_request, run_selection):
        with pytest.raises(InputError) as error:
            check(request)
        assert error.value.code == code
        assert error.value.exit_code == 2


def test_missing_files_are_bad_input() -> None:
    with pytest.raises(InputError) as error:
        run_selection(_request())
    assert error.value.code == "file_missing"
    assert "missing-quotas.csv" in error.value.message()


def _write(tmp_path: Path, pool: str, quotas: str) -> tuple[Path, Path]:
    pool_path, quotas_path = tmp_path / "pool.csv", tmp_path / "quotas.csv"
    pool_path.write_text(pool, encoding="utf-8")
    quotas_path.write_text(quotas, encoding="utf-8")
    return pool_path, quotas_path


def test_a_pool_smaller_than_the_panel_is_bad_input(tmp_path: Path) -> None:
    pool, quotas = _write(
        tmp_path, "id,g\na,x\nb,x\nc,y\n", "feature,value,min,max\ng,x,0,4\ng,y,0,4\n"
    )
    with pytest.raises(InputError) as error:
        load_inputs(SelectionRequest(pool, quotas, seats=4, seed=0))
    assert error.value.code == "pool_smaller_than_panel"
    assert error.value.message() == "pool.csv: 4 seats, but the pool has only 3 people"


def test_too_few_households_is_bad_input(tmp_path: Path) -> None:
    pool, quotas = _write(
        tmp_path,
        "id,g,home\na,x,1\nb,x,1\nc,y,2\nd,y, 2 \ne,y,\n",
        "feature,value,min,max\ng,x,0,4\ng,y,0,4\n",
    )
    request = SelectionRequest(pool, quotas, seats=4, seed=0, household_columns=("home",))
    with pytest.raises(InputError) as error:
        load_inputs(request)
    # Households 1 and 2 (spaces ignored), and e with no address on their own.
    assert error.value.message() == "pool.csv: 4 seats, but the pool has only 3 households"


def test_infeasible_quotas_carry_reasons_and_a_relaxation(tmp_path: Path) -> None:
    pool, quotas = _write(
        tmp_path,
        "id,g,a\n1,x,old\n2,x,old\n3,x,young\n4,y,old\n5,y,old\n6,y,old\n",
        "feature,value,min,max\ng,x,2,2\ng,y,2,2\na,old,0,4\na,young,3,4\n",
    )
    with pytest.raises(InfeasibleQuotasError) as error:
        run_selection(SelectionRequest(pool, quotas, seats=4, seed=0))
    assert error.value.exit_code == 3
    assert "a young needs at least 3 of 4 seats, but only 1 person in the pool is young" in (
        error.value.message()
    )
    relaxed = error.value.diagnosis.relaxed
    assert relaxed.get("a", "young").min <= 1
    assert relaxed.get("g", "x").min == 2  # only what is needed changes
