"""Creating the questionnaire: the default questions and when it opens."""

from __future__ import annotations

import datetime

from django.utils import timezone

from borgersamling.assemblies.models import Session
from borgersamling.evaluation.models import Question
from borgersamling.evaluation.questions import DEFAULT_QUESTIONS
from borgersamling.evaluation.services import DEFAULT_OPEN_DAYS, create_questionnaire
from tests.accounts.factories import make_assembly


def test_the_default_questions_in_danish_and_english(db: None) -> None:
    questionnaire = create_questionnaire(make_assembly())
    questions = list(questionnaire.questions.all())
    assert [q.text for q in questions] == [d.text for d in DEFAULT_QUESTIONS]
    assert all(q.text_en for q in questions)
    kinds = [q.kind for q in questions]
    assert kinds.count(Question.Kind.TEXT) == 2 and kinds[-2:] == ["text", "text"]
    assert any("fair" in q.text_en for q in questions)
    assert any("balanced" in q.text_en for q in questions)


def test_creating_twice_keeps_the_first(db: None) -> None:
    assembly = make_assembly()
    first = create_questionnaire(assembly)
    first.questions.first().delete()  # type: ignore[union-attr]
    assert create_questionnaire(assembly) == first
    assert first.questions.count() == len(DEFAULT_QUESTIONS) - 1


def test_it_opens_when_the_last_session_ends(db: None) -> None:
    assembly = make_assembly()
    for number, day, end in ((1, 9, datetime.time(21)), (2, 17, datetime.time(20, 30))):
        Session.objects.create(
            assembly=assembly, number=number, title="S", date=datetime.date(2025, 6, day), end=end
        )
    questionnaire = create_questionnaire(assembly)
    opens = timezone.localtime(questionnaire.opens_at)
    assert (opens.date(), opens.time()) == (datetime.date(2025, 6, 17), datetime.time(20, 30))
    assert questionnaire.closes_at == questionnaire.opens_at + datetime.timedelta(
        days=DEFAULT_OPEN_DAYS
    )


def test_without_an_end_time_it_opens_the_next_morning(db: None) -> None:
    assembly = make_assembly()
    Session.objects.create(assembly=assembly, number=1, title="S", date=datetime.date(2025, 6, 17))
    opens = timezone.localtime(create_questionnaire(assembly).opens_at)
    assert (opens.date(), opens.time()) == (datetime.date(2025, 6, 18), datetime.time())
