"""Writes of the evaluation: creating the questionnaire and taking in a member's answers.

The views, the demo and the tests call these; every write of several rows is one
transaction, so a member is marked as having answered if and only if the answers are saved.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from borgersamling.accounts.models import Participant, Role
from borgersamling.assemblies.models import Assembly
from borgersamling.evaluation.anonymity import answered_key
from borgersamling.evaluation.models import Answer, AnsweredMark, Question, Questionnaire, Response
from borgersamling.evaluation.questions import DEFAULT_QUESTIONS

# How long the questionnaire stays open by default: long enough for a reminder or two.
DEFAULT_OPEN_DAYS = 21


class EvaluationError(Exception):
    """An answer that cannot be taken; ``code`` says why."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class AlreadyAnswered(EvaluationError):
    def __init__(self) -> None:
        super().__init__("already-answered")


class NotOpen(EvaluationError):
    def __init__(self) -> None:
        super().__init__("not-open")


@dataclass(frozen=True)
class Reply:
    """One answer as the form gives it: a scale value (0 = don't know) or a text."""

    value: int | None = None
    text: str = ""


def default_opening(assembly: Assembly) -> datetime.datetime:
    """Just after the last session ends; the next morning when its end time is unknown. With
    no sessions at all, now."""
    last = assembly.sessions.order_by("-date", "-number").first()
    if last is None:
        return timezone.now()
    if last.end is not None:
        moment = datetime.datetime.combine(last.date, last.end)
    else:
        moment = datetime.datetime.combine(last.date + datetime.timedelta(days=1), datetime.time())
    return timezone.make_aware(moment)


@transaction.atomic
def create_questionnaire(assembly: Assembly) -> Questionnaire:
    """The assembly's questionnaire with the default questions; the existing one if any."""
    existing = Questionnaire.objects.filter(assembly=assembly).first()
    if existing is not None:
        return existing
    opens_at = default_opening(assembly)
    questionnaire = Questionnaire.objects.create(
        assembly=assembly,
        opens_at=opens_at,
        closes_at=opens_at + datetime.timedelta(days=DEFAULT_OPEN_DAYS),
    )
    Question.objects.bulk_create(
        Question(
            questionnaire=questionnaire,
            order=order,
            kind=default.kind,
            text=default.text,
            text_en=default.text_en,
            required=default.required,
        )
        for order, default in enumerate(DEFAULT_QUESTIONS, start=1)
    )
    return questionnaire


def member_of(user_pk: int | None, assembly: Assembly) -> Participant | None:
    """The user's active member participation in the assembly: only members answer."""
    if user_pk is None:
        return None
    return Participant.objects.filter(
        assembly=assembly, user_id=user_pk, role=Role.MEMBER, is_active=True
    ).first()


def has_answered(questionnaire: Questionnaire, participant: Participant) -> bool:
    key = answered_key(questionnaire.pk, participant.pk)
    return AnsweredMark.objects.filter(questionnaire=questionnaire, key=key).exists()


def submit(
    questionnaire: Questionnaire,
    participant: Participant,
    replies: Mapping[int, Reply],
    now: datetime.datetime,
) -> Response:
    """Save a member's answers anonymously, once. ``replies`` maps question pks to answers;
    questions left out are saved as skipped. Raises ``NotOpen`` or ``AlreadyAnswered``."""
    if not questionnaire.is_open(now):
        raise NotOpen
    key = answered_key(questionnaire.pk, participant.pk)
    try:
        with transaction.atomic():
            # The mark first: its unique key refuses a second answer, even one sent at the
            # same moment from another device.
            AnsweredMark.objects.create(questionnaire=questionnaire, key=key)
            response = Response.objects.create(questionnaire=questionnaire)
            Answer.objects.bulk_create(
                Answer(
                    response=response,
                    question=question,
                    value=replies.get(question.pk, Reply()).value,
                    text=replies.get(question.pk, Reply()).text.strip(),
                )
                for question in questionnaire.questions.all()
            )
    except IntegrityError as error:
        if has_answered(questionnaire, participant):
            raise AlreadyAnswered from error
        raise
    return response
