"""Demo evaluation for Dragør: the questionnaire and some answers.

THE ANSWERS ARE MADE UP. The seed (the Dragør slides) holds no evaluation; these invented,
illustrative answers exist only so that the demo's report has an appendix to show. Never
present them as the Dragør members' opinions.

``load_demo_evaluation(assembly)`` can run any number of times: it creates the questionnaire
with the default questions (opening when the last demo session ends) and, if it has no
responses yet, adds the made-up ones.
"""

from __future__ import annotations

from django.db import transaction

from borgersamling.assemblies.models import Assembly
from borgersamling.evaluation.models import Answer, Question, Questionnaire, Response
from borgersamling.evaluation.services import create_questionnaire

# Made-up scale answers, one string per scale question in the default order, one character
# per response: 1–5 on the scale, "0" don't know, "-" skipped.
MADE_UP_SCALE = (
    "554545445354455445",
    "454455345444545535",
    "444345434544404354",
    "434344334443345434",
    "323432243343234323",
    "555455545445555455",
    "445454435445445354",
    "334203343242034433",
    "555545455455545-55",
)
# Made-up written answers: response number → text, per free-text question.
MADE_UP_TEXTS: tuple[dict[int, str], ...] = (
    {
        1: "Mere tid til at drøfte anbefalingerne færdig ved bordene.",
        4: "Materialet skulle være sendt ud en uge før hver samling.",
        7: "Flere pauser på de lange aftener.",
        10: "Det var svært at nå at læse alle ekspertoplæggene.",
        13: "Mere tid til at drøfte anbefalingerne færdig ved bordene.",
        16: "Gerne en kort opsamling fra de andre borde efter hver samling.",
    },
    {
        2: "Tak for en lærerig oplevelse – jeg har lært meget om min kommune.",
        8: "Spændende at møde folk, jeg ellers aldrig ville have talt med.",
        11: "Jeg håber, politikerne tager anbefalingerne alvorligt.",
    },
)


@transaction.atomic
def load_demo_evaluation(assembly: Assembly) -> Questionnaire:
    """The demo questionnaire, with made-up anonymous answers (see the module docstring)."""
    questionnaire = create_questionnaire(assembly)
    if questionnaire.responses.exists():
        return questionnaire
    questions = list(questionnaire.questions.all())
    scale = [q for q in questions if q.kind == Question.Kind.SCALE]
    texts = [q for q in questions if q.kind == Question.Kind.TEXT]
    for number in range(len(MADE_UP_SCALE[0])):
        response = Response.objects.create(questionnaire=questionnaire)
        answers = [
            Answer(
                response=response,
                question=question,
                value=None if pattern[number] == "-" else int(pattern[number]),
            )
            for question, pattern in zip(scale, MADE_UP_SCALE, strict=False)
        ]
        answers += [
            Answer(response=response, question=question, text=made_up.get(number, ""))
            for question, made_up in zip(texts, MADE_UP_TEXTS, strict=False)
        ]
        Answer.objects.bulk_create(answers)
    return questionnaire
