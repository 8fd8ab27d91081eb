"""The evaluation's summary: counts per question, shown only for groups large enough.

``summarize(assembly)`` is what the report's appendix and the secretariat's results page
render (template ``evaluation/_summary.html``, context variable ``evaluation``).

Small-group protection: with few answers, the people who know who answered can often tell
who said what. So nothing but the number of responses is shown until at least
``MINIMUM_RESPONSES`` (5) members have answered; the CSV export follows the same rule. Free
text is sorted alphabetically, so its order says nothing about the order of answering.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from borgersamling.accounts.models import Participant, Role
from borgersamling.assemblies.models import Assembly
from borgersamling.evaluation.models import Answer, Question, Questionnaire

# Fewer responses than this and no counts or texts are shown. Five is a common floor in
# survey statistics for small cells; it is also below a typical theme table's size.
MINIMUM_RESPONSES = 5

# The scale, in the order shown: disagree to agree, then "don't know".
SCALE: tuple[tuple[int, Promise], ...] = (
    (1, _("Strongly disagree")),
    (2, _("Disagree")),
    (3, _("Neither agree nor disagree")),
    (4, _("Agree")),
    (5, _("Strongly agree")),
    (Answer.DONT_KNOW, _("Don't know")),
)
SCALE_LABELS: dict[int, Promise] = dict(SCALE)


def percent(part: int, whole: int) -> int:
    """Whole percent, halves rounded up (not to even), as readers expect."""
    if whole == 0:
        return 0
    return (200 * part + whole) // (2 * whole)


@dataclass(frozen=True)
class ScaleCount:
    value: int
    label: str
    count: int
    percent: int  # of those who answered the question (don't know included)


# A diverging palette (ColorBrewer RdBu, legible in greyscale print too), white for
# "don't know". Set as SVG attributes: WeasyPrint does not apply page CSS inside inline SVG.
COLOURS: dict[int, str] = {
    1: "#b2182b",
    2: "#ef8a62",
    3: "#e0e0e0",
    4: "#67a9cf",
    5: "#2166ac",
    Answer.DONT_KNOW: "#ffffff",
}


@dataclass(frozen=True)
class Bar:
    value: int
    offset: float
    share: float

    @property
    def colour(self) -> str:
        return COLOURS[self.value]


@dataclass(frozen=True)
class ScaleSummary:
    number: int
    question: str
    counts: tuple[ScaleCount, ...]
    answered: int  # chose an option, "don't know" included
    skipped: int  # left the question empty
    agree: int  # "agree" or "strongly agree"
    agree_percent: int  # of those who answered

    @property
    def bars(self) -> tuple[Bar, ...]:
        """The options with answers as segments of one stacked bar, 100 units wide."""
        bars: list[Bar] = []
        offset = 0.0
        for count in self.counts:
            if count.count:
                share = 100 * count.count / self.answered
                bars.append(Bar(count.value, round(offset, 2), round(share, 2)))
                offset += share
        return tuple(bars)


@dataclass(frozen=True)
class TextSummary:
    number: int
    question: str
    answers: tuple[str, ...]  # sorted, blank answers left out


@dataclass(frozen=True)
class EvaluationSummary:
    exists: bool  # the assembly has a questionnaire at all
    responses: int = 0
    members: int = 0  # active members, for the response rate
    minimum: int = MINIMUM_RESPONSES
    opens_at: datetime.datetime | None = None
    closes_at: datetime.datetime | None = None
    scale: tuple[ScaleSummary, ...] = field(default=())
    texts: tuple[TextSummary, ...] = field(default=())

    @property
    def shown(self) -> bool:
        """Enough responses to show the counts and texts (see ``MINIMUM_RESPONSES``)."""
        return self.responses >= self.minimum

    @property
    def response_rate(self) -> int | None:
        """Percent of the active members; none when it would mislead (no member accounts,
        or fewer than the responses, as in the demo's made-up answers)."""
        if not self.members or self.members < self.responses:
            return None
        return percent(self.responses, self.members)

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(str(label) for _value, label in SCALE)


def summarize(assembly: Assembly) -> EvaluationSummary:
    """The summary of the assembly's evaluation, in the current language."""
    questionnaire = Questionnaire.objects.filter(assembly=assembly).first()
    if questionnaire is None:
        return EvaluationSummary(exists=False)
    responses = questionnaire.responses.count()
    members = Participant.objects.filter(
        assembly=assembly, role=Role.MEMBER, is_active=True
    ).count()
    base = EvaluationSummary(
        exists=True,
        responses=responses,
        members=members,
        opens_at=questionnaire.opens_at,
        closes_at=questionnaire.closes_at,
    )
    if not base.shown:
        return base
    scale: list[ScaleSummary] = []
    texts: list[TextSummary] = []
    for number, question in enumerate(questionnaire.questions.all(), start=1):
        answers = list(Answer.objects.filter(question=question).values_list("value", "text"))
        if question.kind == Question.Kind.SCALE:
            scale.append(_scale_summary(number, question, [v for v, _t in answers], responses))
        else:
            kept = sorted((t.strip() for _v, t in answers if t.strip()), key=str.casefold)
            texts.append(TextSummary(number, question.display_text(), tuple(kept)))
    return EvaluationSummary(
        exists=True,
        responses=responses,
        members=members,
        opens_at=questionnaire.opens_at,
        closes_at=questionnaire.closes_at,
        scale=tuple(scale),
        texts=tuple(texts),
    )


def _scale_summary(
    number: int, question: Question, values: list[int | None], responses: int
) -> ScaleSummary:
    chosen = Counter(value for value in values if value is not None)
    answered = sum(chosen.values())
    agree = chosen[4] + chosen[5]
    return ScaleSummary(
        number=number,
        question=question.display_text(),
        counts=tuple(
            ScaleCount(value, str(label), chosen[value], percent(chosen[value], answered))
            for value, label in SCALE
        ),
        answered=answered,
        # Responses without an answer row (a question added later cannot happen, but an
        # optional question may be skipped) count as skipped.
        skipped=responses - answered,
        agree=agree,
        agree_percent=percent(agree, answered),
    )
