"""Counting and the rule, without a database: each kind, each rule, the quorum's edges."""

from __future__ import annotations

import pytest

from borgersamling.deliberation import tally as counting
from borgersamling.deliberation.tally import (
    AGREE,
    RANKING,
    SCALE,
    SIMPLE_MAJORITY,
    SUPPORT_SHARE,
    Rule,
    answer_errors,
    tally,
)

EIGHTY = Rule(SUPPORT_SHARE, 80, 0)
MAJORITY = Rule(SIMPLE_MAJORITY, 0, 0)


def one(kind: str, values: list[int], rule: Rule) -> counting.ItemTally:
    return tally(kind, {1: values}, [1], len(values), rule)[0]


# --- scale -----------------------------------------------------------------------------------


def test_scale_support_is_the_share_of_4_and_5_with_neutral_in_the_denominator() -> None:
    result = one(SCALE, [5, 4, 4, 3, 1], EIGHTY)
    assert (result.in_favour, result.neutral, result.against) == (3, 1, 1)
    assert result.support == 0.6
    assert result.support_percent == 60
    assert result.mean == 3.4
    assert result.counts == {"1": 1, "2": 0, "3": 1, "4": 2, "5": 1}
    assert result.carried is False


def test_scale_exactly_at_the_threshold_is_carried() -> None:
    assert one(SCALE, [5, 5, 4, 4, 3], EIGHTY).carried is True  # 4 of 5 = 80 %
    assert one(SCALE, [5, 5, 4, 3], EIGHTY).carried is False  # 3 of 4 = 75 %


def test_scale_simple_majority_compares_4_5_with_1_2() -> None:
    assert one(SCALE, [4, 3, 3, 3, 1], MAJORITY).carried is False  # 1 for, 1 against
    assert one(SCALE, [4, 5, 3, 3, 1], MAJORITY).carried is True  # 2 for, 1 against


# --- agree -----------------------------------------------------------------------------------


def test_agree_abstentions_do_not_count_against() -> None:
    result = one(AGREE, [1, 1, 1, 1, -1, 0, 0, 0, 0, 0], EIGHTY)
    assert (result.in_favour, result.against, result.neutral) == (4, 1, 5)
    assert result.support_percent == 80
    assert result.carried is True
    assert result.counts == {"1": 4, "0": 5, "-1": 1}


def test_agree_everyone_abstaining_has_no_support_and_is_not_carried() -> None:
    result = one(AGREE, [0, 0, 0], EIGHTY)
    assert result.support is None
    assert result.carried is False
    assert one(AGREE, [0, 0, 0], MAJORITY).carried is False


def test_agree_simple_majority_tie_is_not_carried() -> None:
    assert one(AGREE, [1, -1, 0], MAJORITY).carried is False
    assert one(AGREE, [1, 1, -1], MAJORITY).carried is True


# --- quorum ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("quorum", "carried"), [(0, True), (4, True), (5, False), (50, False)], ids=str
)
def test_quorum_counts_ballots_and_is_inclusive(quorum: int, carried: bool) -> None:
    for rule in (Rule(SUPPORT_SHARE, 80, quorum), Rule(SIMPLE_MAJORITY, 0, quorum)):
        assert tally(AGREE, {1: [1, 1, 1, 1]}, [1], 4, rule)[0].carried is carried
        assert tally(SCALE, {1: [5, 5, 4, 4]}, [1], 4, rule)[0].carried is carried


def test_no_ballots_is_never_carried() -> None:
    for kind in (SCALE, AGREE):
        for rule in (EIGHTY, MAJORITY):
            assert tally(kind, {}, [1, 2], 0, rule)[0].carried is False


def test_quorum_is_about_the_ballots_not_the_answers_that_took_a_side() -> None:
    """Five ballots reach a quorum of five even if three of them abstained."""
    rule = Rule(SUPPORT_SHARE, 80, 5)
    assert tally(AGREE, {1: [1, 1, 0, 0, 0]}, [1], 5, rule)[0].carried is True


# --- ranking ---------------------------------------------------------------------------------


def test_ranking_gives_borda_points_mean_rank_and_positions() -> None:
    # Three ballots over items 10, 20, 30 (rank 1 = first priority).
    ballots = [{10: 1, 20: 2, 30: 3}, {10: 1, 20: 3, 30: 2}, {10: 2, 20: 1, 30: 3}]
    answers = {item: [b[item] for b in ballots] for item in (10, 20, 30)}
    result = {t.item: t for t in tally(RANKING, answers, [10, 20, 30], 3, EIGHTY)}
    assert result[10].borda == 3 + 3 + 2
    assert result[20].borda == 2 + 1 + 3
    assert result[30].borda == 1 + 2 + 1
    assert result[10].mean_rank == 1.33
    assert [result[i].position for i in (10, 20, 30)] == [1, 2, 3]
    assert all(t.carried is None for t in result.values())


def test_ranking_ties_share_a_position() -> None:
    answers = {1: [1, 2], 2: [2, 1], 3: [3, 3]}
    result = tally(RANKING, answers, [1, 2, 3], 2, EIGHTY)
    assert [t.position for t in result] == [1, 1, 3]


def test_results_are_json_ready() -> None:
    import json

    for kind in (SCALE, AGREE):
        json.dumps(one(kind, [1], EIGHTY).as_json())
    json.dumps([t.as_json() for t in tally(RANKING, {1: [1], 2: [2]}, [1, 2], 1, EIGHTY)])


# --- checking a ballot ------------------------------------------------------------------------


def test_answer_errors_per_kind() -> None:
    assert answer_errors(SCALE, {1: 5, 2: 1}, [1, 2]) == {}
    assert answer_errors(SCALE, {1: 6, 2: None}, [1, 2]) == {1: "invalid", 2: "missing"}
    assert answer_errors(AGREE, {1: -1, 2: 0}, [1, 2]) == {}
    assert answer_errors(AGREE, {1: 2}, [1]) == {1: "invalid"}


def test_a_ranking_must_be_a_permutation() -> None:
    assert answer_errors(RANKING, {1: 2, 2: 1, 3: 3}, [1, 2, 3]) == {}
    assert answer_errors(RANKING, {1: 1, 2: 1, 3: 3}, [1, 2, 3]) == {
        1: "duplicate-rank",
        2: "duplicate-rank",
    }
    assert answer_errors(RANKING, {1: 1, 2: 4}, [1, 2]) == {2: "invalid"}
    assert answer_errors(RANKING, {1: 0, 2: 2}, [1, 2]) == {1: "invalid"}
