"""Factories for the evaluation: an open questionnaire and anonymous responses."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.utils import timezone

from borgersamling.assemblies.models import Assembly
from borgersamling.evaluation.models import Answer, Question, Questionnaire, Response
from borgersamling.evaluation.services import create_questionnaire


def make_questionnaire(assembly: Assembly, *, is_open: bool = True) -> Questionnaire:
    """The default questionnaire, open since yesterday (or opening tomorrow)."""
    questionnaire = create_questionnaire(assembly)
    now = timezone.now()
    day = datetime.timedelta(days=1)
    questionnaire.opens_at = now - day if is_open else now + day
    questionnaire.closes_at = now + 7 * day if is_open else now + 8 * day
    questionnaire.save()
    return questionnaire


def make_small_questionnaire(assembly: Assembly) -> tuple[Questionnaire, Question, Question]:
    """An open questionnaire with one scale and one free-text question."""
    now = timezone.now()
    questionnaire = Questionnaire.objects.create(
        assembly=assembly, opens_at=now - datetime.timedelta(days=1)
    )
    scale = Question.objects.create(
        questionnaire=questionnaire, order=1, kind=Question.Kind.SCALE, text="Det var fair."
    )
    text = Question.objects.create(
        questionnaire=questionnaire,
        order=2,
        kind=Question.Kind.TEXT,
        text="Hvad kunne være bedre?",
        required=False,
    )
    return questionnaire, scale, text


def add_responses(
    questionnaire: Questionnaire,
    scale: Question,
    text: Question,
    rows: Sequence[tuple[int | None, str]],
) -> None:
    """One response per (scale value, text) row, as a member's submission would store it."""
    for value, written in rows:
        response = Response.objects.create(questionnaire=questionnaire)
        Answer.objects.create(response=response, question=scale, value=value)
        Answer.objects.create(response=response, question=text, text=written)
