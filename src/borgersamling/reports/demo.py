"""The report's texts for the Dragør demo.

ILLUSTRATIVE, NOT FROM THE SEED. The slides give the handover (the recommendations are
published and handed to the municipal council on 28 August, after which the administration
and the politicians treat them) and the process; the preface, the introductions and the
thanks below are written for the demo and say so in the preface. Nothing is frozen: the demo
day (13 May 2025) is before the handover, so the report is a draft the members can read.
"""

from __future__ import annotations

from django.db import transaction

from borgersamling.assemblies.models import Assembly
from borgersamling.reports.content import get_report
from borgersamling.reports.models import Report

PREFACE = (
    "Denne rapport samler Dragør Borgersamlings anbefalinger til kommunalbestyrelsen om"
    " fremtidens velfærd. Den er skrevet af borgersamlingens medlemmer, som er trukket ved"
    " lodtrækning blandt de borgere, der meldte sig, så samlingen afspejler kommunen.\n\n"
    "Medlemmerne har mødtes fem gange, hørt oplæg, læst materiale, talt med gæster og"
    " politikere og stemt om anbefalingerne undervejs. Anbefalingerne står her med"
    " afstemningsresultaterne og eventuelle mindretalsudtalelser, så kommunalbestyrelsen kan"
    " se, hvor bred opbakningen er.\n\n"
    "(Eksempeltekst til demoen: forordet er ikke borgersamlingens eget.)"
)
PROCESS_INTRO = (
    "Borgersamlingen arbejdede i fem samlinger fra marts til juni. Her er, hvad der skete"
    " hver gang."
)
RECOMMENDATIONS_INTRO = (
    "Anbefalingerne er skrevet ved seks temaborde. Teksten er den seneste udgave af hvert"
    " bords udkast; under hver anbefaling står resultatet af medlemmernes afstemninger."
)
GUEST_INPUT_INTRO = (
    "Ved den åbne samling var borgere fra hele kommunen inviteret til at give input til"
    " udkastene. Her er, hvor meget input hvert bord fik."
)
THANKS = (
    "Tak til borgersamlingens medlemmer for jeres tid, jeres nysgerrighed og jeres vilje til"
    " at lytte til hinanden. Tak til gæsterne ved den åbne samling, til oplægsholderne og til"
    " ekspertrådgiveren, og tak til medarbejderne i Dragør Kommune, som har svaret på"
    " spørgsmål undervejs.\n\n"
    "(Eksempeltekst til demoen.)"
)


@transaction.atomic
def load_demo_report(assembly: Assembly) -> Report:
    """The demo's report texts; idempotent (texts already written are left as they are)."""
    report = get_report(assembly)
    defaults = {
        "preface": PREFACE,
        "process_intro": PROCESS_INTRO,
        "recommendations_intro": RECOMMENDATIONS_INTRO,
        "guest_input_intro": GUEST_INPUT_INTRO,
        "thanks": THANKS,
    }
    changed = [name for name, text in defaults.items() if not getattr(report, name)]
    for name in changed:
        setattr(report, name, defaults[name])
    if changed:
        report.save(update_fields=[*changed, "updated_at"])
    return report
