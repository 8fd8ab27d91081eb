"""The fairness figures of the report: Gini coefficient and the probability summary."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.helpers import gini as gini_by_differences

from borgersamling.sortition.audit import AT_MINIMUM_TOLERANCE, ProbabilitySummary, gini, summarize


@pytest.mark.parametrize("values", [[0.1] * 5, [1.0], [0.5, 0.5], [0.15] * 240])
def test_gini_of_equal_values_is_zero(values: list[float]) -> None:
    assert gini(np.array(values)) == pytest.approx(0.0, abs=1e-12)


def test_gini_of_one_holding_everything() -> None:
    assert gini(np.array([0.0, 0.0, 0.0, 1.0])) == pytest.approx(0.75)
    assert gini(np.array([1.0, 0.0, 0.0, 0.0])) == pytest.approx(0.75)


def test_gini_of_a_hand_computed_case() -> None:
    # |1-3| = 2 for each of the 2 ordered pairs: 4 / (2 * 2 * 4) = 0.25
    assert gini(np.array([1.0, 3.0])) == pytest.approx(0.25)


@pytest.mark.parametrize("values", [[], [0.0], [0.0, 0.0, 0.0]])
def test_gini_without_any_chance_is_zero(values: list[float]) -> None:
    assert gini(np.array(values, dtype=float)) == 0.0


@given(
    # No subnormal chances: scaled, 5e-324 underflows to 0 and the Gini of all-zero is 0.
    st.lists(
        st.floats(min_value=0.0, max_value=1.0, allow_nan=False, allow_subnormal=False),
        min_size=1,
        max_size=40,
    ),
    st.floats(min_value=0.01, max_value=100.0),
)
def test_gini_agrees_with_the_mean_difference_formula(values: list[float], scale: float) -> None:
    array = np.array(values)
    expected = gini_by_differences(values)
    assert gini(array) == pytest.approx(expected, abs=1e-9)
    assert gini(array[::-1]) == pytest.approx(expected, abs=1e-9)
    assert gini(array * scale) == pytest.approx(expected, abs=1e-9)
    assert -1e-12 <= gini(array) <= 1 - 1 / len(values) + 1e-12


def test_summarize_fields() -> None:
    summary = summarize(np.array([0.0, 0.1, 0.1, 0.2]))
    assert isinstance(summary, ProbabilitySummary)
    assert summary.minimum == 0.0
    assert summary.maximum == pytest.approx(0.2)
    assert summary.mean == pytest.approx(0.1)
    assert summary.gini == pytest.approx(gini_by_differences([0.0, 0.1, 0.1, 0.2]))
    assert summary.share_at_minimum == 0.25
    assert summary.never_selected == 1


def test_summarize_counts_values_within_tolerance_as_at_minimum() -> None:
    values = np.array([0.1, 0.1 + AT_MINIMUM_TOLERANCE / 2, 0.1 + 10 * AT_MINIMUM_TOLERANCE, 0.3])
    summary = summarize(values)
    assert summary.share_at_minimum == 0.5
    assert summary.never_selected == 0


def test_summarize_counts_near_zero_as_never_selected() -> None:
    summary = summarize(np.array([0.0, AT_MINIMUM_TOLERANCE / 10, 0.5, 0.5]))
    assert summary.never_selected == 2
    assert summary.share_at_minimum == 0.5


def test_summary_as_dict_rounds_floats_and_keeps_counts() -> None:
    summary = summarize(np.array([1 / 3, 1 / 3, 1 / 3]))
    figures = summary.as_dict()
    assert list(figures) == [
        "minimum",
        "maximum",
        "mean",
        "gini",
        "share_at_minimum",
        "never_selected",
    ]
    assert figures["minimum"] == 0.333333
    assert figures["mean"] == 0.333333
    assert figures["share_at_minimum"] == 1.0
    assert figures["never_selected"] == 0
    assert isinstance(figures["never_selected"], int)
