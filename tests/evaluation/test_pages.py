"""The pages: members answer once, the others cannot, the secretariat manages and reads."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from borgersamling.accounts.models import Role
from borgersamling.assemblies.models import Assembly
from borgersamling.evaluation.models import Question, Questionnaire, Response
from tests.accounts.factories import make_assembly, make_member, make_secretariat
from tests.evaluation.factories import add_responses, make_questionnaire, make_small_questionnaire


def url(name: str, assembly: Assembly) -> str:
    return reverse(f"evaluation:{name}", kwargs={"slug": assembly.slug})


def english(user: User | None = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def full_answers(questionnaire: Questionnaire, value: int = 4, text: str = "") -> dict[str, str]:
    data: dict[str, str] = {}
    for question in questionnaire.questions.all():
        data[f"question_{question.pk}"] = str(value) if question.is_scale else text
    return data


@pytest.fixture
def assembly(db: None) -> Assembly:
    return make_assembly()


@pytest.fixture
def questionnaire(assembly: Assembly) -> Questionnaire:
    return make_questionnaire(assembly)


def test_a_member_sees_the_form_with_the_anonymity_statement(
    assembly: Assembly, questionnaire: Questionnaire
) -> None:
    response = english(make_member(assembly)).get(url("questionnaire", assembly))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Your answers are anonymous" in html
    assert "Send my answers" in html
    assert html.count("<fieldset") == questionnaire.questions.filter(kind="scale").count()
    assert html.count("<legend>") >= 9 and "<textarea" in html
    assert "Strongly disagree" in html and "Don&#x27;t know" in html


def test_a_member_answers_once_and_then_sees_only_thanks(
    assembly: Assembly, questionnaire: Questionnaire
) -> None:
    client = english(make_member(assembly))
    page = url("questionnaire", assembly)
    response = client.post(page, full_answers(questionnaire, 5, "Mere kaffe"))
    assert response.status_code == 302 and response["Location"] == page
    assert Response.objects.count() == 1

    thanks = client.get(page).content.decode()
    assert "Thank you for your answers" in thanks
    assert "not you, not the secretariat – can see or change them" in thanks
    assert (
        "Mere kaffe" not in thanks and '<form method="post" class="evaluation-form"' not in thanks
    )

    again = client.post(page, full_answers(questionnaire, 1, "Igen"))
    assert again.status_code == 200 and "Thank you for your answers" in again.content.decode()
    assert Response.objects.count() == 1
    assert not Response.objects.filter(answers__text="Igen").exists()


def test_a_missing_answer_is_shown_at_its_question(
    assembly: Assembly, questionnaire: Questionnaire
) -> None:
    data = full_answers(questionnaire)
    first = questionnaire.questions.filter(kind="scale").first()
    assert first is not None
    del data[f"question_{first.pk}"]
    response = english(make_member(assembly)).post(url("questionnaire", assembly), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert Response.objects.count() == 0
    error_id = f"id_question_{first.pk}_error"
    assert f'aria-describedby="{error_id}"' in html and f'id="{error_id}"' in html
    assert "is an answer too" in html
    # What was chosen is kept.
    assert 'value="4"\n' in html or 'value="4" ' in html or "checked" in html


def test_dont_know_is_an_answer(assembly: Assembly, questionnaire: Questionnaire) -> None:
    client = english(make_member(assembly))
    client.post(url("questionnaire", assembly), full_answers(questionnaire, 0))
    assert Response.objects.count() == 1
    assert set(
        Response.objects.get().answers.exclude(value=None).values_list("value", flat=True)
    ) == {0}


@pytest.mark.parametrize("is_open", [False, True], ids=["not-open-yet", "closed"])
def test_outside_the_open_period_a_friendly_page_and_no_answer(
    assembly: Assembly, is_open: bool
) -> None:
    questionnaire = make_questionnaire(assembly, is_open=is_open)
    if is_open:
        questionnaire.closes_at = timezone.now() - datetime.timedelta(hours=1)
        questionnaire.save()
    client = english(make_member(assembly))
    page = client.get(url("questionnaire", assembly))
    html = page.content.decode()
    assert page.status_code == 200
    assert ("has closed" in html) if is_open else ("not open yet" in html)
    response = client.post(url("questionnaire", assembly), full_answers(questionnaire))
    assert response.status_code == 200
    assert Response.objects.count() == 0


def test_no_questionnaire_yet(assembly: Assembly) -> None:
    response = english(make_member(assembly)).get(url("questionnaire", assembly))
    assert response.status_code == 200 and "not open yet" in response.content.decode()


def test_visitors_are_sent_to_the_code_login(
    assembly: Assembly, questionnaire: Questionnaire
) -> None:
    response = Client().post(url("questionnaire", assembly), full_answers(questionnaire))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login-code") + "?next=")
    assert Response.objects.count() == 0


@pytest.mark.parametrize("role", [Role.POLITICIAN, Role.EXPERT, Role.OBSERVER])
def test_other_roles_cannot_answer(
    assembly: Assembly, questionnaire: Questionnaire, role: str
) -> None:
    client = english(make_member(assembly, role))
    assert client.get(url("questionnaire", assembly)).status_code == 403
    assert (
        client.post(url("questionnaire", assembly), full_answers(questionnaire)).status_code == 403
    )
    assert Response.objects.count() == 0


def test_a_member_of_another_assembly_cannot_answer(
    assembly: Assembly, questionnaire: Questionnaire
) -> None:
    client = english(make_member(make_assembly()))
    assert (
        client.post(url("questionnaire", assembly), full_answers(questionnaire)).status_code == 403
    )


def test_the_secretariat_previews_but_cannot_answer(
    assembly: Assembly, questionnaire: Questionnaire
) -> None:
    client = english(make_secretariat(assembly))
    html = client.get(url("questionnaire", assembly)).content.decode()
    assert "Preview" in html and "Send my answers" not in html
    assert (
        client.post(url("questionnaire", assembly), full_answers(questionnaire)).status_code == 403
    )
    assert Response.objects.count() == 0


@pytest.mark.parametrize("name", ["manage", "results", "export"])
def test_only_the_secretariat_manages_and_reads_results(assembly: Assembly, name: str) -> None:
    make_questionnaire(assembly)
    assert english(make_secretariat(assembly)).get(url(name, assembly)).status_code == 200
    assert english(make_member(assembly)).get(url(name, assembly)).status_code == 403
    assert (
        english(make_member(assembly, Role.POLITICIAN)).get(url(name, assembly)).status_code == 403
    )
    assert english(make_secretariat(make_assembly())).get(url(name, assembly)).status_code == 403
    anonymous = Client().get(url(name, assembly))
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("accounts:login") + "?next=")


def test_results_escape_free_text_and_show_the_summary(assembly: Assembly) -> None:
    questionnaire, scale, text = make_small_questionnaire(assembly)
    add_responses(
        questionnaire,
        scale,
        text,
        [(5, "<script>alert('x')</script>"), (4, "Godt & grundigt"), (4, ""), (3, ""), (0, "")],
    )
    html = english(make_secretariat(assembly)).get(url("results", assembly)).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "Godt &amp; grundigt" in html
    assert "Det var fair." in html
    assert "Download the answers (CSV)" in html


def test_results_below_the_threshold_say_so(assembly: Assembly) -> None:
    questionnaire, scale, text = make_small_questionnaire(assembly)
    add_responses(questionnaire, scale, text, [(5, "Hemmeligt"), (4, "")])
    html = english(make_secretariat(assembly)).get(url("results", assembly)).content.decode()
    assert "Too few answers to show" in html
    assert "Hemmeligt" not in html and "Det var fair." not in html


def test_the_export_is_a_csv_download(assembly: Assembly) -> None:
    questionnaire, scale, text = make_small_questionnaire(assembly)
    add_responses(questionnaire, scale, text, [(n % 5 + 1, f"svar {n}") for n in range(6)])
    response = english(make_secretariat(assembly)).get(url("export", assembly))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode("utf-8-sig")
    assert body.count("\r\n") == 7 and "svar 3" in body


# --- the secretariat's settings -------------------------------------------------------------


def test_the_secretariat_creates_the_questionnaire(assembly: Assembly) -> None:
    client = english(make_secretariat(assembly))
    assert "Create the questionnaire" in client.get(url("manage", assembly)).content.decode()
    response = client.post(url("manage", assembly), {"action": "create"})
    assert response.status_code == 302
    assert Questionnaire.objects.get(assembly=assembly).questions.count() == 11


def question_data(questionnaire: Questionnaire) -> dict[str, str]:
    """The question formset's POST data as the page sends it, with an empty new question."""
    questions = list(questionnaire.questions.all())
    data = {
        "action": "questions",
        "questions-TOTAL_FORMS": str(len(questions) + 1),
        "questions-INITIAL_FORMS": str(len(questions)),
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
    }
    for index, question in enumerate(questions):
        data |= {
            f"questions-{index}-id": str(question.pk),
            f"questions-{index}-order": str(question.order),
            f"questions-{index}-kind": question.kind,
            f"questions-{index}-text": question.text,
            f"questions-{index}-text_en": question.text_en,
        }
        if question.required:
            data[f"questions-{index}-required"] = "on"
    new = len(questions)
    data |= {f"questions-{new}-kind": "scale", f"questions-{new}-required": "on"}
    data |= {f"questions-{new}-order": "0"}
    return data


def test_questions_can_be_edited_added_and_deleted_before_anyone_answers(
    assembly: Assembly, questionnaire: Questionnaire
) -> None:
    client = english(make_secretariat(assembly))
    data = question_data(questionnaire)
    data["questions-0-text"] = "Processen var retfærdig."
    data["questions-1-DELETE"] = "on"
    data |= {"questions-11-text": "Bussen kom til tiden.", "questions-11-order": "99"}
    response = client.post(url("manage", assembly), data)
    assert response.status_code == 302, response.content.decode()
    texts = list(questionnaire.questions.values_list("text", flat=True))
    assert texts[0] == "Processen var retfærdig." and texts[-1] == "Bussen kom til tiden."
    assert len(texts) == 11


def test_questions_are_locked_after_the_first_response(
    assembly: Assembly, questionnaire: Questionnaire
) -> None:
    client = english(make_member(assembly))
    client.post(url("questionnaire", assembly), full_answers(questionnaire))
    secretariat = english(make_secretariat(assembly))
    page = secretariat.get(url("manage", assembly)).content.decode()
    assert "can no longer be changed" in page and "Save the questions" not in page
    data = question_data(questionnaire)
    data["questions-0-text"] = "Ændret"
    secretariat.post(url("manage", assembly), data)
    assert not Question.objects.filter(text="Ændret").exists()


def test_the_dates_are_checked_at_the_field(
    assembly: Assembly, questionnaire: Questionnaire
) -> None:
    client = english(make_secretariat(assembly))
    data = {
        "action": "schedule",
        "schedule-opens_at": "2025-06-17T21:00",
        "schedule-closes_at": "2025-06-10T12:00",
        "schedule-intro": "",
    }
    html = client.post(url("manage", assembly), data).content.decode()
    assert 'id="id_schedule-closes_at_error"' in html and "must close after it opens" in html
    data["schedule-closes_at"] = "2025-07-08T12:00"
    assert client.post(url("manage", assembly), data).status_code == 302
    questionnaire.refresh_from_db()
    assert timezone.localtime(questionnaire.opens_at).date() == datetime.date(2025, 6, 17)
