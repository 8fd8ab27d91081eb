"""The summary's numbers, the small-group threshold, and the CSV export."""

from __future__ import annotations

import csv
import io

import pytest
from django.utils import translation

from borgersamling.evaluation.exports import answers_csv
from borgersamling.evaluation.summary import MINIMUM_RESPONSES, percent, summarize
from tests.accounts.factories import make_assembly, make_participant
from tests.evaluation.factories import add_responses, make_small_questionnaire

# Nine responses: the scale answers, and what each wrote (blank ones are left out).
HAND_MADE: list[tuple[int | None, str]] = [
    (5, "b"),
    (5, ""),
    (4, "  c  "),
    (4, "A first"),
    (4, ""),
    (3, ""),
    (2, ""),
    (0, ""),  # don't know
    (None, ""),  # skipped
]


@pytest.mark.parametrize(
    ("part", "whole", "expected"), [(1, 8, 13), (3, 8, 38), (5, 8, 63), (1, 3, 33), (0, 0, 0)]
)
def test_percent_rounds_halves_up(part: int, whole: int, expected: int) -> None:
    assert percent(part, whole) == expected


def test_the_numbers_of_a_hand_made_set(db: None) -> None:
    assembly = make_assembly()
    for _ in range(12):
        make_participant(assembly)
    questionnaire, scale, text = make_small_questionnaire(assembly)
    add_responses(questionnaire, scale, text, HAND_MADE)

    summary = summarize(assembly)

    assert summary.exists and summary.shown
    assert (summary.responses, summary.members, summary.response_rate) == (9, 12, 75)
    (question,) = summary.scale
    assert question.question == "Det var fair."
    counts = {count.value: (count.count, count.percent) for count in question.counts}
    assert counts == {1: (0, 0), 2: (1, 13), 3: (1, 13), 4: (3, 38), 5: (2, 25), 0: (1, 13)}
    assert [count.value for count in question.counts] == [1, 2, 3, 4, 5, 0]
    assert (question.answered, question.skipped) == (8, 1)
    assert (question.agree, question.agree_percent) == (5, 63)
    # The bar's segments follow each other and fill the width.
    bars = question.bars
    assert [bar.value for bar in bars] == [2, 3, 4, 5, 0]
    assert bars[0].offset == 0 and bars[1].offset == bars[0].share
    assert sum(bar.share for bar in bars) == pytest.approx(100)
    (texts,) = summary.texts
    # Sorted, stripped and without blanks: the order says nothing about who wrote what.
    assert texts.answers == ("A first", "b", "c")


def test_nothing_is_shown_below_the_threshold(db: None) -> None:
    assert MINIMUM_RESPONSES == 5
    assembly = make_assembly()
    questionnaire, scale, text = make_small_questionnaire(assembly)
    add_responses(questionnaire, scale, text, HAND_MADE[:4])

    summary = summarize(assembly)
    assert (summary.responses, summary.shown) == (4, False)
    assert summary.scale == () and summary.texts == ()
    assert len(list(csv.reader(io.StringIO(answers_csv(questionnaire))))) == 1  # header only

    add_responses(questionnaire, scale, text, HAND_MADE[4:5])
    summary = summarize(assembly)
    assert (summary.responses, summary.shown) == (5, True)
    assert sum(count.count for count in summary.scale[0].counts) == 5


def test_without_a_questionnaire(db: None) -> None:
    summary = summarize(make_assembly())
    assert not summary.exists and not summary.shown and summary.response_rate is None


def test_the_csv_has_one_anonymous_row_per_response(db: None) -> None:
    assembly = make_assembly()
    questionnaire, scale, text = make_small_questionnaire(assembly)
    add_responses(questionnaire, scale, text, [*HAND_MADE, (1, '=HYPERLINK("x")')])

    with translation.override("en"):
        rows = list(csv.reader(io.StringIO(answers_csv(questionnaire))))

    assert rows[0] == ["#", "1. Det var fair.", "2. Hvad kunne være bedre?"]
    assert [row[0] for row in rows[1:]] == [str(n) for n in range(1, 11)]
    assert sorted(row[1] for row in rows[1:]) == sorted(
        ["5", "5", "4", "4", "4", "3", "2", "Don't know", "", "1"]
    )
    written = {row[2] for row in rows[1:]}
    # A formula typed by a member is defused for spreadsheets.
    assert '\'=HYPERLINK("x")' in written and '=HYPERLINK("x")' not in written
    assert "A first" in written
