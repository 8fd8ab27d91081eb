"""Counting a vote and applying its rule: pure functions, no database.

The input is each item's answers (the values members gave it) and the number of ballots; the
output is one ``ItemTally`` per item, JSON-ready for ``VoteItem.result``. How each kind counts:

* **scale** (1–5): *support* is the share of the ballots that gave 4 or 5. A 3 ("neither")
  is counted in the denominator on purpose: a recommendation that leaves many members
  lukewarm has not won their support. The mean is shown beside it.
* **agree** (1 agree, 0 abstain, -1 disagree): *support* is agree / (agree + disagree).
  Abstentions do not count against: a member who abstains says they leave the decision to
  the others, which is how abstention works in a council too. They are counted and shown.
* **ranking** (1..n, a permutation per ballot): Borda points (first place gets n points,
  last gets 1) and the mean rank give the order of the items. A ranking has no
  carried / not carried: it only says which priorities come first.

The rule marks an item carried when the vote reached its quorum (at least ``quorum`` ballots)
and: ``support_share`` — support ≥ ``threshold_percent`` %; ``simple_majority`` — more for
than against (scale: more 4–5 than 1–2; agree: more agree than disagree).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

SCALE = "scale"
AGREE = "agree"
RANKING = "ranking"
KINDS = (SCALE, AGREE, RANKING)

SUPPORT_SHARE = "support_share"
SIMPLE_MAJORITY = "simple_majority"

SCALE_VALUES = (1, 2, 3, 4, 5)
AGREE_VALUES = (1, 0, -1)  # agree, abstain, disagree


@dataclass(frozen=True)
class Rule:
    rule: str  # SUPPORT_SHARE or SIMPLE_MAJORITY
    threshold_percent: int
    quorum: int

    def describe(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "threshold_percent": self.threshold_percent,
            "quorum": self.quorum,
        }


@dataclass(frozen=True)
class ItemTally:
    """One item's count. ``in_favour``/``against``/``neutral`` are scale 4–5 / 1–2 / 3 or
    agree / disagree / abstain; the ranking fields are None for the other kinds."""

    item: int
    answers: int
    counts: dict[str, int]  # value → how many gave it (string keys: JSON objects have them)
    in_favour: int
    against: int
    neutral: int
    support: float | None  # 0..1, None when nobody answered for or against
    support_percent: int | None  # rounded, for display
    mean: float | None
    borda: int | None
    mean_rank: float | None
    position: int | None  # 1 = first priority; equal points share a position
    carried: bool | None

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def _counts(values: Sequence[int], possible: Sequence[int]) -> dict[str, int]:
    counter = Counter(values)
    return {str(value): counter.get(value, 0) for value in possible}


def _share(numerator: int, denominator: int) -> tuple[float | None, int | None]:
    if denominator == 0:
        return None, None
    share = numerator / denominator
    return round(share, 4), round(100 * numerator / denominator)


def _mean(values: Sequence[int]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


def is_carried(
    kind: str, in_favour: int, against: int, support_denominator: int, ballots: int, rule: Rule
) -> bool | None:
    """The rule's verdict on one item, in integers so 4 of 5 is exactly 80 %."""
    if kind == RANKING:
        return None
    if ballots < rule.quorum:
        return False
    if rule.rule == SIMPLE_MAJORITY:
        return in_favour > against
    if rule.rule == SUPPORT_SHARE:
        if support_denominator == 0:
            return False
        return 100 * in_favour >= rule.threshold_percent * support_denominator
    raise ValueError(f"unknown rule {rule.rule!r}")


def tally_scale(item: int, values: Sequence[int], ballots: int, rule: Rule) -> ItemTally:
    in_favour = sum(1 for v in values if v >= 4)
    against = sum(1 for v in values if v <= 2)
    support, percent = _share(in_favour, len(values))
    return ItemTally(
        item=item,
        answers=len(values),
        counts=_counts(values, SCALE_VALUES),
        in_favour=in_favour,
        against=against,
        neutral=len(values) - in_favour - against,
        support=support,
        support_percent=percent,
        mean=_mean(values),
        borda=None,
        mean_rank=None,
        position=None,
        carried=is_carried(SCALE, in_favour, against, len(values), ballots, rule),
    )


def tally_agree(item: int, values: Sequence[int], ballots: int, rule: Rule) -> ItemTally:
    in_favour = sum(1 for v in values if v == 1)
    against = sum(1 for v in values if v == -1)
    support, percent = _share(in_favour, in_favour + against)
    return ItemTally(
        item=item,
        answers=len(values),
        counts=_counts(values, AGREE_VALUES),
        in_favour=in_favour,
        against=against,
        neutral=len(values) - in_favour - against,
        support=support,
        support_percent=percent,
        mean=None,
        borda=None,
        mean_rank=None,
        position=None,
        carried=is_carried(AGREE, in_favour, against, in_favour + against, ballots, rule),
    )


def tally_ranking(answers: Mapping[int, Sequence[int]], order: Sequence[int]) -> list[ItemTally]:
    """Borda count over ranks 1..n; ``order`` is the items' own order (ties keep it)."""
    n = len(order)
    points = {item: sum(n + 1 - rank for rank in answers.get(item, ())) for item in order}
    ranked = sorted(order, key=lambda item: -points[item])
    positions: dict[int, int] = {}
    for index, item in enumerate(ranked):
        previous = ranked[index - 1] if index else None
        same = previous is not None and points[previous] == points[item]
        positions[item] = positions[previous] if same and previous is not None else index + 1
    result = []
    for item in order:
        values = list(answers.get(item, ()))
        result.append(
            ItemTally(
                item=item,
                answers=len(values),
                counts=_counts(values, range(1, n + 1)),
                in_favour=0,
                against=0,
                neutral=0,
                support=None,
                support_percent=None,
                mean=None,
                borda=points[item],
                mean_rank=_mean(values),
                position=positions[item],
                carried=None,
            )
        )
    return result


def tally(
    kind: str, answers: Mapping[int, Sequence[int]], order: Sequence[int], ballots: int, rule: Rule
) -> list[ItemTally]:
    """Every item's count, in ``order``. ``answers`` maps an item to the values it got."""
    if kind == RANKING:
        return tally_ranking(answers, order)
    if kind == SCALE:
        return [tally_scale(item, answers.get(item, ()), ballots, rule) for item in order]
    if kind == AGREE:
        return [tally_agree(item, answers.get(item, ()), ballots, rule) for item in order]
    raise ValueError(f"unknown kind {kind!r}")


def answer_errors(
    kind: str, answers: Mapping[int, int | None], items: Sequence[int]
) -> dict[int, str]:
    """What is wrong with one ballot, per item (an empty dict: nothing). The messages are
    codes; the form turns them into sentences. ``None`` is an item left unanswered."""
    allowed = {SCALE: SCALE_VALUES, AGREE: AGREE_VALUES}.get(kind, range(1, len(items) + 1))
    errors: dict[int, str] = {}
    for item in items:
        value = answers.get(item)
        if value is None:
            errors[item] = "missing"
        elif value not in allowed:
            errors[item] = "invalid"
    if kind == RANKING and not errors:
        seen = Counter(answers[item] for item in items)
        for item in items:
            if seen[answers[item]] > 1:
                errors[item] = "duplicate-rank"
    return errors
