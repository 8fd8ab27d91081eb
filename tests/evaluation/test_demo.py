"""The demo's evaluation: made-up answers, enough for the report's appendix."""

from __future__ import annotations

import datetime

import pytest
from django.template.loader import render_to_string
from django.utils import timezone, translation

from borgersamling.assemblies.demo import load_demo
from borgersamling.evaluation.demo import MADE_UP_SCALE, load_demo_evaluation
from borgersamling.evaluation.models import Answer, AnsweredMark, Response
from borgersamling.evaluation.summary import summarize


def test_the_demo_evaluation_is_idempotent_and_shown(db: None) -> None:
    assembly = load_demo()
    questionnaire = load_demo_evaluation(assembly)
    assert load_demo_evaluation(assembly) == questionnaire
    responses = len(MADE_UP_SCALE[0])
    assert Response.objects.count() == responses
    assert Answer.objects.count() == responses * questionnaire.questions.count()
    # Made up, not given by anyone: nobody is marked as having answered.
    assert not AnsweredMark.objects.exists()
    # It opens after the demo's last session, 17 June 2025: the next morning, as the slides
    # give no end time.
    opens = timezone.localtime(questionnaire.opens_at)
    assert (opens.date(), opens.time()) == (datetime.date(2025, 6, 18), datetime.time())
    summary = summarize(assembly)
    assert summary.shown and len(summary.scale) == 9 and len(summary.texts) == 2
    assert all(question.answered for question in summary.scale)
    # The two identical suggestions both appear, sorted together.
    improve = summary.texts[0].answers
    assert improve.count("Mere tid til at drøfte anbefalingerne færdig ved bordene.") == 2


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_the_summary_renders_in_a_pdf(db: None) -> None:
    """The partial goes into the report's PDF: WeasyPrint takes it as it is."""
    weasyprint = pytest.importorskip("weasyprint")
    assembly = load_demo()
    load_demo_evaluation(assembly)
    with translation.override("en"):
        body = render_to_string("evaluation/_summary.html", {"evaluation": summarize(assembly)})
    pdf = weasyprint.HTML(string=f"<!DOCTYPE html><html><body>{body}</body></html>").write_pdf()
    assert pdf is not None and pdf.startswith(b"%PDF")
    assert "<script" not in body and "http" not in body.replace("http://www.w3.org", "")
