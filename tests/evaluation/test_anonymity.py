"""The answers are stored without a link to the member, and a member answers only once."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.db import IntegrityError, connection, models
from django.test import override_settings
from django.utils import timezone

from borgersamling.evaluation import services
from borgersamling.evaluation.anonymity import answered_key
from borgersamling.evaluation.models import Answer, AnsweredMark, Response
from borgersamling.evaluation.services import AlreadyAnswered, NotOpen, Reply
from tests.accounts.factories import make_assembly, make_participant
from tests.evaluation.factories import make_questionnaire

ANONYMOUS_MODELS = (Response, Answer, AnsweredMark)


@pytest.mark.parametrize("model", ANONYMOUS_MODELS)
def test_no_field_points_to_a_person_or_holds_a_time(model: type[models.Model]) -> None:
    for field in model._meta.get_fields():
        related = getattr(field, "related_model", None)
        assert related is None or related._meta.app_label == "evaluation", field
        assert not isinstance(field, models.DateField | models.TimeField), field  # DateTime too


@pytest.mark.parametrize("model", ANONYMOUS_MODELS)
def test_the_tables_have_no_person_or_time_columns(db: None, model: type[models.Model]) -> None:
    with connection.cursor() as cursor:
        columns = {
            column.name
            for column in connection.introspection.get_table_description(
                cursor, model._meta.db_table
            )
        }
    for forbidden in ("participant", "user", "member", "created", "submitted", "date", "time"):
        assert not any(forbidden in column for column in columns), (model, columns)


@pytest.mark.parametrize("model", ANONYMOUS_MODELS)
def test_ids_are_random_not_in_the_order_of_answering(model: type[models.Model]) -> None:
    assert isinstance(model._meta.pk, models.UUIDField)


def test_a_member_answers_once(db: None) -> None:
    assembly = make_assembly()
    questionnaire = make_questionnaire(assembly)
    member = make_participant(assembly)
    now = timezone.now()
    scale = questionnaire.questions.filter(kind="scale").first()
    assert scale is not None
    services.submit(questionnaire, member, {scale.pk: Reply(value=4)}, now)
    with pytest.raises(AlreadyAnswered):
        services.submit(questionnaire, member, {scale.pk: Reply(value=1)}, now)
    assert questionnaire.responses.count() == 1
    assert Answer.objects.get(question=scale).value == 4
    # Another member still can.
    services.submit(questionnaire, make_participant(assembly), {}, now)
    assert questionnaire.responses.count() == 2


def test_the_mark_is_a_keyed_hash_of_questionnaire_and_participant(db: None) -> None:
    assembly = make_assembly()
    questionnaire = make_questionnaire(assembly)
    member = make_participant(assembly)
    services.submit(questionnaire, member, {}, timezone.now())
    mark = AnsweredMark.objects.get()
    assert mark.key == answered_key(questionnaire.pk, member.pk)
    assert len(mark.key) == 64 and member.name not in mark.key
    assert services.has_answered(questionnaire, member)
    assert not services.has_answered(questionnaire, make_participant(assembly))
    # Keyed: without the secret key the same ids give another hash.
    with override_settings(SECRET_KEY=settings.SECRET_KEY + "-other"):
        assert answered_key(questionnaire.pk, member.pk) != mark.key


def test_nothing_in_the_stored_answers_names_the_member(db: None) -> None:
    assembly = make_assembly()
    questionnaire = make_questionnaire(assembly)
    member = make_participant(assembly, name="Karen Særpræg")
    services.submit(questionnaire, member, {}, timezone.now())
    stored = [
        *Response.objects.values_list(),
        *Answer.objects.values_list(),
        *AnsweredMark.objects.values_list(),
    ]
    flat = " ".join(str(value) for row in stored for value in row)
    assert "Karen" not in flat
    assert "Særpræg" not in flat


@pytest.mark.parametrize("shift", [-10, 10], ids=["closed", "not-open-yet"])
def test_answers_outside_the_open_period_are_refused(db: None, shift: int) -> None:
    assembly = make_assembly()
    questionnaire = make_questionnaire(assembly)
    later = timezone.now() + datetime.timedelta(days=shift)
    with pytest.raises(NotOpen):
        services.submit(questionnaire, make_participant(assembly), {}, later)
    assert not Response.objects.exists() and not AnsweredMark.objects.exists()


def test_a_failed_answer_leaves_no_mark(db: None) -> None:
    """The mark and the answers are one transaction: answers that cannot be stored leave
    the member free to answer again."""
    assembly = make_assembly()
    questionnaire = make_questionnaire(assembly)
    member = make_participant(assembly)
    scale = questionnaire.questions.filter(kind="scale").first()
    assert scale is not None
    with pytest.raises(IntegrityError):  # the database's check constraint
        services.submit(questionnaire, member, {scale.pk: Reply(value=9)}, timezone.now())
    assert not services.has_answered(questionnaire, member)
    services.submit(questionnaire, member, {scale.pk: Reply(value=5)}, timezone.now())
    assert services.has_answered(questionnaire, member)
