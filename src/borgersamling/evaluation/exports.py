"""The anonymous answers as CSV: one row per response, one column per question.

No column identifies anyone: rows carry a running number (in the random order of the
responses' ids), never an id, a time or a name. Below the summary's threshold
(``summary.MINIMUM_RESPONSES``) only the header is written, for the same reason the
summary shows nothing then.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict

from borgersamling.evaluation.models import Answer, Questionnaire
from borgersamling.evaluation.summary import MINIMUM_RESPONSES, SCALE_LABELS
from borgersamling.site.spreadsheet import safe_cell


def answer_cell(answer: Answer | None) -> str:
    if answer is None:
        return ""
    if answer.question.is_scale:
        if answer.value is None:
            return ""
        # The number for analysis; "don't know" spelt out, since 0 is not on the scale.
        return str(answer.value) if answer.value else str(SCALE_LABELS[Answer.DONT_KNOW])
    return safe_cell(answer.text)


def answers_csv(questionnaire: Questionnaire) -> str:
    questions = list(questionnaire.questions.all())
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["#", *(f"{n}. {safe_cell(q.display_text())}" for n, q in enumerate(questions, 1))]
    )
    responses = list(questionnaire.responses.order_by("id").values_list("id", flat=True))
    if len(responses) < MINIMUM_RESPONSES:
        return out.getvalue()
    answers: dict[object, dict[int, Answer]] = defaultdict(dict)
    for answer in Answer.objects.filter(response__questionnaire=questionnaire).select_related(
        "question"
    ):
        answers[answer.response_id][answer.question_id] = answer
    for row, response_id in enumerate(responses, start=1):
        given = answers[response_id]
        writer.writerow([row, *(answer_cell(given.get(q.pk)) for q in questions)])
    return out.getvalue()
