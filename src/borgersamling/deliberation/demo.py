"""Drafts for the Dragør demo's six theme tables.

ILLUSTRATIVE, NOT FROM THE SEED. The slides give the template (ønsket fremtid, prioriteringer
og balancer, initiativer og anbefalinger, spørgsmål), the themes, the values and the picture
of Dragør's welfare today (nærhed, frivillighed, mangel på hænder, uigennemskuelig styring,
transport). The texts below are written for the demo from those slides; the recommendations
in particular are invented examples of what a table might write, not the assembly's own.
"""

from __future__ import annotations

from typing import TypedDict

from django.db import transaction

from borgersamling.assemblies.models import Assembly
from borgersamling.deliberation import drafts
from borgersamling.deliberation.drafts import DraftContent, RecommendationContent
from borgersamling.deliberation.models import Draft


class DemoDraft(TypedDict):
    future: str
    priorities: str
    questions: str
    recommendations: list[tuple[str, str]]


# Keyed by the theme's name in ``borgersamling.assemblies.demo.THEME_TABLES``.
DEMO_DRAFTS: dict[str, DemoDraft] = {
    "Økonomisk prioritering": {
        "future": "Et Dragør, hvor borgerne kan se, hvad pengene bruges til, og hvor"
        " kernevelfærden for børn og ældre er sikret, også når økonomien strammes.",
        "priorities": "Forebyggelse frem for brandslukning.\nLangsigtet planlægning frem for"
        " enkeltsager, så de mest højtråbende ikke får størst indflydelse.",
        "questions": "Hvor stor en del af budgettet er bundet af lovkrav?",
        "recommendations": [
            (
                "Et åbent velfærdsbudget",
                "Kommunen udgiver hvert år et kort og letlæst overblik over, hvad"
                " velfærden koster, og hvad der er prioriteret til og fra.",
            ),
        ],
    },
    "Digitalisering og velfærdsteknologi": {
        "future": "Teknologi frigiver tid til nærvær, men ingen borger bliver efterladt, fordi"
        " de ikke er digitale.",
        "priorities": "Nærvær og tryghed før effektivisering.\nDer skal altid være en vej"
        " ind til kommunen uden skærm.",
        "questions": "Hvilke erfaringer har nabokommunerne med velfærdsteknologi i ældreplejen?",
        "recommendations": [
            (
                "Digital hjælp i lokalsamfundet",
                "Faste tider på biblioteket, hvor frivillige og medarbejdere hjælper"
                " borgere med digitale løsninger.",
            ),
        ],
    },
    "Forebyggelse": {
        "future": "Borgerne i Dragør holder sig sunde og trygge længere, fordi hjælpen kommer"
        " tidligt, og ingen ensomme ældre bliver overset.",
        "priorities": "Tidlig indsats for børn og familier.\nFællesskaber mod ensomhed.",
        "questions": "Hvordan måler vi, om forebyggelse virker?",
        "recommendations": [
            (
                "Opsøgende besøg mod ensomhed",
                "Kommunen og foreningerne laver sammen opsøgende besøg hos ældre, der bor alene.",
            ),
            (
                "Sundhed tæt på hverdagen",
                "Forebyggende tilbud flyttes ud, hvor borgerne er: skoler,"
                " idrætsforeninger og badeanstalten.",
            ),
        ],
    },
    "Frit valg og privatisering": {
        "future": "Borgerne har reelle valg, og kvaliteten er den samme, uanset hvem der"
        " leverer velfærden.",
        "priorities": "Kvalitet og tryghed frem for pris alene.\nEt klart overblik over"
        " tilbuddene.",
        "questions": "Hvad betyder frit valg for en lille kommunes økonomi?",
        "recommendations": [
            (
                "Et samlet overblik over tilbud",
                "Ét sted, på nettet og på papir, hvor borgere og pårørende kan se alle"
                " tilbud og leverandører.",
            ),
        ],
    },
    "Samskabelse og frivillig indsats": {
        "future": "Dragørs aktive frivillighed er en fast del af velfærden, i samspil med og"
        " ikke i stedet for de ansatte.",
        "priorities": "Frivillige supplerer, de erstatter ikke.\nFlere skal kunne bidrage,"
        " også de unge.",
        "questions": "Hvordan støtter kommunen foreningerne bedst?",
        "recommendations": [
            (
                "En indgang for frivillige",
                "En fælles frivilligportal og en kontaktperson i kommunen, der kobler"
                " foreninger og velfærdsinstitutioner.",
            ),
        ],
    },
    "Partnerskaber og ressourcer": {
        "future": "Dragør løser opgaver sammen med nabokommuner, erhvervsliv og foreninger, så"
        " den lille kommune ikke er spændt for hårdt ud.",
        "priorities": "Nærhed bevares, selv når opgaver løses sammen med andre.\nFlere hænder"
        " til daginstitutioner og ældrepleje.",
        "questions": "Hvilke opgaver kan med fordel løses sammen med Tårnby og København?",
        "recommendations": [
            (
                "Fælles rekruttering af personale",
                "Samarbejde med nabokommunerne om at uddanne, tiltrække og fastholde"
                " medarbejdere til pleje og dagtilbud.",
            ),
        ],
    },
}


@transaction.atomic
def load_demo_drafts(assembly: Assembly) -> list[Draft]:
    """A first revision for each demo table that has nothing saved yet; idempotent (a draft
    with revisions is left as it is)."""
    result = []
    for table in assembly.theme_tables.order_by("number"):
        data = DEMO_DRAFTS.get(table.theme)
        draft = drafts.get_draft(table)
        if data is not None and draft.version == 0:
            content = DraftContent(
                future=data["future"],
                priorities=data["priorities"],
                questions=data["questions"],
                recommendations=tuple(
                    RecommendationContent(title, text) for title, text in data["recommendations"]
                ),
            )
            drafts.save_revision(draft, 0, content, None, None, note="Demo")
        result.append(draft)
    return result
