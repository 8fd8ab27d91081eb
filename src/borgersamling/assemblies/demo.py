"""The demo: Dragør Borgersamling 2025, as its own slides tell it
(shared/seeds/dragor-borgersamling-2025-slides.txt).

Everything below is the seed's own text, in Danish, unless a comment says otherwise. Where the
slides are silent (start times of most sessions, venues, the vision text), the field stays
empty rather than guessed. ``load_demo`` can run any number of times: it updates rows in place
and replaces the ordered lists (program items, purposes, values...) as a whole.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import Model

from borgersamling.assemblies.models import (
    Assembly,
    Challenge,
    Helper,
    Program,
    ProgramItem,
    Purpose,
    Session,
    Strength,
    ThemeTable,
    Value,
    WelfareTrend,
    WorkingQuestion,
)
from borgersamling.library.models import DataPoint, DataSeries, Material

SLUG = "dragor-2025"


def _time(text: str) -> datetime.time:
    hours, minutes = text.split(".")
    return datetime.time(int(hours), int(minutes))


ASSEMBLY: dict[str, Any] = {
    "name": "Dragør Borgersamling 2025",
    "municipality": "Dragør Kommune",
    "tagline": "Fælles om fremtidens velfærd",
    "core_task": "Vi har brug for din hjælp til at prioritere og balancere fremtidens velfærd",
    "commissioning_body": "Dragør Kommunalbestyrelse",
    "handover_date": datetime.date(2025, 8, 28),
    # The slides are from the open session 13 May: "Vi er midt i processen".
    "status": Assembly.Status.DELIBERATING,
    # The ABX slide names "Vores vision og værdier", but no vision text is in the seed.
    "vision": "",
    "next_steps": "\n".join(
        [
            "Borgersamlingen arbejder videre med jeres input + viden fra eksperter",
            "Borgersamlingen færdiggøre anbefalingerne frem til juni",
            "Anbefalinger offentliggøres og overleveres til kommunalbestyrelsen d. 28. august"
            " – hvorefter embedsværket og politikerne behandler anbefalingerne",
        ]
    ),
    "website": "https://www.dragoer.dk/politik/faa-indflydelse/borgersamling",
    "invitations_sent": 11752,
    "sign_ups": 240,
    "seats": 36,
}

WORKING_QUESTIONS = [
    "Hvordan tænker vi borgere, foreninger og virksomheder med i løsningen af fremtidens"
    " velfærd og bevarer vores stærke lokalsamfund?",
    "Hvordan styrker vi et levende lokaldemokrati og holder fast i den gode fælles samtale,"
    " når vi skal prioritere vores velfærd? Også når det er svært?",
]

# "Borgersamlingens forløb": number, title, date, format, contents. The slides give the
# open session's times (17.00-21.00 for members) and the third session's time and place
# ("lørdag 24. maj kl 10.00-16.00, Rådhuset, nye grupper"); the others have no times or venue.
SESSIONS: list[dict[str, Any]] = [
    {
        "number": 1,
        "title": "Første samling",
        "date": datetime.date(2025, 4, 9),
        "format": "4 timers aftenmøde",
        "contents": ["Intro til proces og metoden", "Oplæg om velfærd", "Vores værdier"],
    },
    {
        "number": 2,
        "title": "Anden samling",
        "date": datetime.date(2025, 4, 26),
        "format": "Heldagsmøde lørdag",
        "contents": ["Arbejde med scenarier", "Brug af materialesamling", "Prioriteringer"],
    },
    {
        "number": 3,
        "title": "Åben samling",
        "date": datetime.date(2025, 5, 13),
        "start": _time("17.00"),
        "end": _time("21.00"),
        "format": "4 timers aftenmøde",
        "contents": [
            "Input fra resten af Dragør",
            "Samtale med medlemmer fra kommunalbestyrelsen om velfærd",
        ],
        "is_open_session": True,
        # "Find et tema-bord": members and guests sit at the theme they chose.
        "theme_wishes": True,
        "who_is_in_the_room": [
            "Medlemmer af Dragør Borgersamling",
            "Dagens inviterede gæster, borgere, interessenter - fra hele Dragør",
            "Observatører",
            "Dragør Kommune",
            "Følgeforskere",
        ],
    },
    {
        "number": 4,
        "title": "Tredje samling",
        "date": datetime.date(2025, 5, 24),
        "start": _time("10.00"),
        "end": _time("16.00"),
        "format": "Heldagsmøde lørdag",
        "venue": "Rådhuset",
        "contents": [
            "Skrive på anbefalingerne",
            "Indhente sidste viden",
            "Feedback og løbende afstemninger",
        ],
        "new_groups": True,
    },
    {
        "number": 5,
        "title": "Fjerde samling",
        "date": datetime.date(2025, 6, 17),
        "format": "4 timers aftenmøde",
        "contents": ["Sidste tilretning", "Feedback", "Fejring af arbejdet og planen fremadrettet"],
    },
]

OPEN_SESSION_NUMBER = 3

# "Formål" beside each program of the open session.
OPEN_SESSION_PURPOSES = {
    Program.MEMBERS: [
        "Være værter for vores gæster og invitere resten af Dragør ind i samtalen",
        "Høre nye Dragør stemmers input og perspektiver",
        "Arbejde videre på opgaven - sammen",
        "Blive klogere på dem vi aflevere anbefalingerne til: politikerne i Dragør",
        "Ha' en god aften sammen!",
    ],
    Program.GUESTS: [
        "Komme med input og viden til borgersamlingens medlemmer",
        "Blive klogere på borgersamlingen og medlemmernes foreløbige arbejde",
        "Arbejde sammen frem mod en fælles tilgang til fremtidens velfærd",
        "Ha' en god aften sammen!",
    ],
}

# The members' preparation slide ("Forberedelse til sparring med gæster").
_PREPARATION = """5 min – Individuelt
• Læs opsamlingen på planchen igennem
20 min – Rundt om bordet
• Vælg hvem der præsenterer jeres foreløbige arbejde og spørgsmål
• Vælg hvem der skriver på computer/google docs
• Hvad er særligt vigtigt at drøfte med de øvrige borgere?
• Overvej spørgsmål som "Hvad skal der til for…", "Hvordan vil I have det med…?", \
"Hvor kan være barrierer/muligheder for at…?\""""

# "Jeres opgave som værter i aften (18.00-19.30)".
_HOST_TASKS = """Jeres opgave som værter i aften (18.00-19.30):
• Byd dagens gæster velkomne ved jeres borde – Sig hej og tag en kort runde, hvor alle \
præsentere sig
• Præsenter udvalgte dele af jeres arbejde og stil gerne spørgsmål undervejs
• Vælg en bord-vært, som præsentere jeres foreløbige arbejde
• Vælg en bord-skriver, som skriver gæsterne input ned på computeren med udgangspunkt i \
opsamlingen af jeres arbejde fra sidst
• Fortsæt jeres arbejde - og brug gæsterne som samtale- og udviklingspartnere
• På bordene ligger jeres anbefalingsskabelon, med sidste mødes opsamling – brug den som \
udgangspunkt, og skrive direkte på (husk at skrive noter ind på computeren)"""

# "Jeres opgave i dialog med politikerne (20.00-21.00)".
_POLITICIANS_PART_1 = """Jeres opgave i dialog med politikerne (20.00-21.00), 1. del:
Lyt aktivt til politikernes perspektiver, udfordringer og hvad de håber at få hjælp til \
ifht. kerneopgaven.
• Noter vigtige pointer og spørgsmål på jeres clipboards (som i får udleveret) – det kan \
bruges til jeres videre arbejde med kerneopgaven"""
_POLITICIANS_PART_2 = """2. del: Dialog med politikerne i mindre grupper om forventninger. \
Undersøg hvordan jeres anbefalinger bedst gør en forskel i deres arbejde.
Metode: Fiskebowl"""

# The guests' table slide ("Sig hej ved bordene og gå i dialog om temaer").
_GUEST_TABLES = """10 min – Sig hej omkring bordet: fortæl hvor du kommer fra og hvorfor du er \
her idag
10 min – Borgersamlingens medlemmer præsenterer deres foreløbige arbejde ved bordene: tag \
noter på papkort når i lytter til deres arbejde og anbefalinger
30 min – Dialog ved bordene om borgersamlingens foreløbige arbejde, samt indhente input, idéer \
og tanker: giv rum til alle ved bordene – del jeres noter og input
Du er velkommen til at gå på besøg i et nyt tema undervejs og bidrage."""

# (start, title, description, led_by, guests take part, politicians take part). The audience
# flags are read off the two programs: the guests are there 18.00-19.30 (their own program),
# the politicians from "Velkommen til politikerne" at 20.00 to the end.
MEMBERS_PROGRAM: list[tuple[str, str, str, str, bool, bool]] = [
    (
        "17.00",
        "Forberede den åbne del, vores roller, det gode værtskab og spise sammen",
        _PREPARATION,
        "",
        False,
        False,
    ),
    ("17.50", "Dørene åbner", "", "", True, False),
    ("18.00", "Introduktion til borgersamlingen", "", "Johan", True, False),
    ("18.20", "Vision og arbejde med temaer ved bordene", _HOST_TASKS, "", True, False),
    ("19.15", "Opsamling i plenum", "", "", True, False),
    ("19.30", "Pause – og finde ind i caféen", "", "", False, False),
    ("20.00", "Velkommen til politikerne", _POLITICIANS_PART_1, "", False, True),
    ("20.30", "Sparring med politikerne", _POLITICIANS_PART_2, "", False, True),
    ("21.00", "Tak for i aften", "", "", False, True),
]

GUESTS_PROGRAM: list[tuple[str, str, str, str]] = [
    (
        "18.00",
        "Velkomst Dragør borgersamling",
        "Metoden og hvor vi er i processen",
        "",
    ),
    (
        "18.20",
        "Sig hej ved bordene – og giv input til temaer og foreløbige anbefalinger",
        "Medlemmer er værter for dialog.\n" + _GUEST_TABLES,
        "",
    ),
    ("19.15", "Opsamling i plenum og hvad sker der herfra", "", ""),
    ("19.30", "Tak for i aften", "", ""),
]

THEME_TABLES = [
    "Økonomisk prioritering",
    "Digitalisering og velfærdsteknologi",
    "Forebyggelse",
    "Frit valg og privatisering",
    "Samskabelse og frivillig indsats",
    "Partnerskaber og ressourcer",
]

# "Dragørs velfærd i dag – fordele og ulemper", the left column.
STRENGTHS = [
    (
        "Nærhed og lokalsamfund",
        "Vi værdsætter vores lille kommune, der er reaktiv og tæt på lokalsamfundet. Hvor der"
        " er kort mellem borgere og politikere og politikerne lytter. I Dragør kender vi"
        " hinanden og skaber sammen en kommune med aktiv frivillighed – hvor vi gør ting sammen"
        " og for hinanden.",
    ),
    (
        "Trygge og engagerede velfærdsinstitutioner",
        "Vi oplever, at velfærdsinstitutionerne gør en forskel i hverdagen. Der er gode læger og"
        " medarbejdere, og selv om forholdene kan være pressede, er engagementet stort."
        " Daginstitutionerne og tilbuddene til ældre fungerer godt, og skolen byder på lærerige"
        " udflugter.",
    ),
    (
        "Engageret lokal ledelse",
        "Vi oplever, at det lokale lederskab er engageret, og vi tror på at der er stort"
        " potentiale i at samtænke løsninger, eksempelvis med foreningslivet.",
    ),
    (
        "Dragørs sociale struktur",
        "Vi oplever en grundlæggende følelse af sammenhængskraft og ligeværd. Kommunen er en"
        " velfungerende og ressourcestærk.",
    ),
    (
        "Naturskønne omgivelser",
        "Vi sætter pris de naturskønne omgivelser, vi har omkring os. Det gælder både nærheden"
        " til vandet, havnemiljøet og de grønne omgivelser. Placeringen i landskabet gør en"
        " forskel for vores hverdag og livskvalitet. Vi værdsætter de små, lokale faciliteter"
        " som badeanstalten og de muligheder for turisme Dragørs beliggenhed medfører.",
    ),
]

# The right column of the same slide.
CHALLENGES = [
    (
        "Strukturelle udfordringer for en lille kommune",
        "En lille kommune er godt, men det kan også være skrøbeligt. Vi oplever, at kommunen er"
        " sårbar og spændt for hårdt ud. Manglende kommunikation på tværs af kommunens"
        " afdelinger gør systemet uigennemskueligt og gør det svært og utrygt at være pårørende."
        " Nogle gange får de mest højtråbende størst indflydelse, på bekostning af fællesskabets"
        " ønsker.",
    ),
    (
        "Mangel på personale skaber pres på velfærden",
        "Der er mangel på hænder – især i daginstitutioner og ældrepleje – og det er svært at"
        " tiltrække og fastholde medarbejdere. Det lægger pres på både børn, familier og ældre."
        " Uddannelsen af plejepersonale halter ligeledes, hvilket skaber bekymring for"
        " kvaliteten i kernevelfærden.",
    ),
    (
        "Ledelse og styring",
        "Beslutningsprocesserne er langsommelige og præget af uklar prioritering. Planlægning"
        " tænkes ikke forebyggende og langsigtet nok. Der savnes ledere, som kan løfte og skabe"
        " retning. Fordeling af midler er uigennemskuelig, og der mangler et klart overblik over"
        " de tilbud, man har adgang til.",
    ),
    (
        "Utilgængelige velfærdstilbud",
        "Visse velfærdstilbud halter – f.eks. børnetandplejen eller manglen på boliger til unge,"
        " ældre og fællesskabsorienterede boformer. Kommunale arrangementer er for dyre for"
        " mange. Der er pres på børnefamilier, og nogle oplever, at ældre, særligt de ensomme,"
        " ikke får den nødvendige omsorg.",
    ),
    (
        "Transport og infrastruktur",
        "Transportmulighederne – særligt den offentlige – lever ikke op til behovene. Flere"
        " oplever, at det er svært at komme rundt. Det begrænser adgangen til velfærdstilbud og"
        " kan skabe isolation for nogle borgere.",
    ),
]

# "Borgersamlingens værdier".
VALUES = [
    (
        "Omsorgsfuld",
        "Dragør skal favne alle, ung som gammel. Vi passer på hinanden til gavn for fællesskabet",
    ),
    ("Tænk nyt!", "Dragør er forandringsvillig og udvikler velfærden for at forbedre den."),
    ("Overskuelig", "Velfærd skal være nemt tilgængelig dagligdagen."),
    ("Frihed", "Have lov til at være uafhængige individer, som kan træffe egne valg i eget liv."),
    (
        "Tillid",
        "Vi har respekt for og stoler på hinanden – og at alle har samme grundlæggende muligheder.",
    ),
    ("Virkelyst", "I Dragør har vi lyst og glæde ved at løse hverdagens velfærd sammen."),
    ("Medejerskab", "Dragør er et levende lokaldemokrati, hvor vi tager ejerskab til hverdagen."),
]

# "Velfærdsudvikling": the slides show these three figures by title only; the texts below
# say what each figure shows, in the slides' own labels.
WELFARE_TRENDS = [
    (
        "Den danske velfærdsmodel er under forandring",
        "Velfærden hviler på stat, arbejdsmarked, familie/civilsamfund og individ/marked –"
        " i forskellig blanding i Danmark, Storbritannien og Tyskland.",
    ),
    (
        "Befolkningsudviklingen i aldersgrupper, 2025-2035",
        "Indeks 100 i 2025 for aldersgrupperne 0-5 år, 6-16 år, 17-24 år, 25-64 år, 65-79 år"
        " og 80+ år. Se diagrammet i materialesamlingen.",
    ),
    ("Aktive indsatser og støtte til børn og unge, 2015-2023", ""),
]

# "Borgersamlingens hjælpere": (name, title, role, organisation, description).
HELPERS = [
    (
        "Ulf Hjelmar",
        "Professor, Ph.d.",
        "Borgersamlingens ekspertrådgiver",
        "VIVE – Det nationale forsknings- og analysecenter for velfærd",
        "Ulf Hjelmar forsker i offentlig forvaltning med fokus på velfærdsinnovation og styring."
        " Særlig fokus er på innovativt og løsningsorienteret arbejde i kommuner, herunder nye"
        " former for samarbejde på tværs af fagprofessionelle grupper.",
    ),
    ("We Do Democracy", "", "Sekretariat", "", ""),
    ("Dragør Kommune", "", "", "", ""),
    ("Offentlighed", "", "Åben samling", "", ""),
]

# The slide "Velfærdsudvikling – Viden og rådslagning – Velfærden i Dragør" lists two
# speakers; which heading goes with which speaker is our reading. The slides do not say at
# which session they spoke ("Oplæg om velfærd" at the first is likely), so no session is set.
MATERIALS: list[tuple[str, str, str, str, str]] = [
    (
        Material.Kind.EXPERT_TALK,
        "Velfærden i Dragør",
        "Mads Leth-Petersen, kommunaldirektør",
        "",
        "",
    ),
    (Material.Kind.EXPERT_TALK, "Velfærdsudvikling", "Velfærdsforsker Jon Kvist, RUC", "", ""),
    (
        Material.Kind.LINK,
        "Dragør Borgersamling på kommunens hjemmeside",
        "Dragør Kommune",
        "",
        "https://www.dragoer.dk/politik/faa-indflydelse/borgersamling",
    ),
]

POPULATION_AGE_GROUPS = ["0-5 år", "6-16 år", "17-24 år", "25-64 år", "65-79 år", "80+ år"]
POPULATION_YEARS = list(range(2025, 2036))
# ILLUSTRATIVE NUMBERS. The seed's slide "Befolkningsudviklingen i aldersgrupper, 2025-2035"
# keeps only the chart's axes (60-140, 2025-2035) and the six age groups; the lines themselves
# were an image. These end points only give the demo a chart of the right shape (the oldest
# group grows most) and are marked as illustrative on every page that shows them.
_POPULATION_2035 = {
    "0-5 år": 92.0,
    "6-16 år": 88.0,
    "17-24 år": 96.0,
    "25-64 år": 98.0,
    "65-79 år": 108.0,
    "80+ år": 136.0,
}


def population_forecast() -> list[tuple[str, int, float]]:
    """(age group, year, index) for the illustrative series, a straight line from 100."""
    span = POPULATION_YEARS[-1] - POPULATION_YEARS[0]
    return [
        (group, year, round(100 + (end - 100) * (year - POPULATION_YEARS[0]) / span, 1))
        for group, end in _POPULATION_2035.items()
        for year in POPULATION_YEARS
    ]


def _replace(model: type[Model], rows: Sequence[Model], **owner: Any) -> None:
    """Make the owner's list of ``model`` rows exactly ``rows``: the simplest idempotent way to
    keep an ordered list equal to the seed."""
    model._default_manager.filter(**owner).delete()
    model._default_manager.bulk_create(rows)


@transaction.atomic
def load_demo() -> Assembly:
    """Create or update Dragør Borgersamling 2025 with all the seed's content."""
    assembly, _ = Assembly.objects.update_or_create(slug=SLUG, defaults=ASSEMBLY)

    _replace(
        WorkingQuestion,
        [
            WorkingQuestion(assembly=assembly, text=text, order=i)
            for i, text in enumerate(WORKING_QUESTIONS, 1)
        ],
        assembly=assembly,
    )
    # Updated in place, not replaced: seats, drafts and guests' codes hang on the tables, and
    # a restarted demo must keep them.
    for number, theme in enumerate(THEME_TABLES, 1):
        ThemeTable.objects.update_or_create(
            assembly=assembly, number=number, defaults={"theme": theme}
        )
    ThemeTable.objects.filter(assembly=assembly, number__gt=len(THEME_TABLES)).delete()
    for model, entries in (
        (Strength, STRENGTHS),
        (Challenge, CHALLENGES),
        (Value, VALUES),
        (WelfareTrend, WELFARE_TRENDS),
    ):
        _replace(
            model,
            [
                model(assembly=assembly, title=title, text=text, order=i)
                for i, (title, text) in enumerate(entries, 1)
            ],
            assembly=assembly,
        )
    _replace(
        Helper,
        [
            Helper(
                assembly=assembly,
                name=name,
                title=title,
                role=role,
                organisation=organisation,
                description=description,
                order=i,
            )
            for i, (name, title, role, organisation, description) in enumerate(HELPERS, 1)
        ],
        assembly=assembly,
    )

    sessions = {}
    Session.objects.filter(assembly=assembly).exclude(
        number__in=[s["number"] for s in SESSIONS]
    ).delete()
    for data in SESSIONS:
        defaults = {
            "title": data["title"],
            "date": data["date"],
            "start": data.get("start"),
            "end": data.get("end"),
            "format": data["format"],
            "venue": data.get("venue", ""),
            "contents": "\n".join(data["contents"]),
            "is_open_session": data.get("is_open_session", False),
            "new_groups": data.get("new_groups", False),
            "theme_wishes": data.get("theme_wishes", False),
            "who_is_in_the_room": "\n".join(data.get("who_is_in_the_room", [])),
        }
        session, _ = Session.objects.update_or_create(
            assembly=assembly, number=data["number"], defaults=defaults
        )
        sessions[session.number] = session

    open_session = sessions[OPEN_SESSION_NUMBER]
    _replace(
        Purpose,
        [
            Purpose(session=open_session, program=program, text=text, order=i)
            for program, texts in OPEN_SESSION_PURPOSES.items()
            for i, text in enumerate(texts, 1)
        ],
        session__assembly=assembly,
    )
    members_items = [
        ProgramItem(
            session=open_session,
            program=Program.MEMBERS,
            order=i,
            start=_time(start),
            title=title,
            description=description,
            led_by=led_by,
            for_members=True,
            for_guests=guests,
            for_politicians=politicians,
        )
        for i, (start, title, description, led_by, guests, politicians) in enumerate(
            MEMBERS_PROGRAM, 1
        )
    ]
    guests_items = [
        ProgramItem(
            session=open_session,
            program=Program.GUESTS,
            order=i,
            start=_time(start),
            title=title,
            description=description,
            led_by=led_by,
            for_members=True,
            for_guests=True,
        )
        for i, (start, title, description, led_by) in enumerate(GUESTS_PROGRAM, 1)
    ]
    _replace(ProgramItem, members_items + guests_items, session__assembly=assembly)

    _replace(
        Material,
        [
            Material(
                assembly=assembly,
                kind=kind,
                title=title,
                speaker=speaker,
                description=description,
                url=url,
                order=i,
            )
            for i, (kind, title, speaker, description, url) in enumerate(MATERIALS, 1)
        ],
        assembly=assembly,
    )

    series, _ = DataSeries.objects.update_or_create(
        assembly=assembly,
        slug="befolkningsudvikling-2025-2035",
        defaults={
            "title": "Befolkningsudviklingen i aldersgrupper, 2025-2035",
            "description": "Indeks 100 = 2025. Én linje pr. aldersgruppe.",
            "y_label": "Indeks (2025 = 100)",
            "source": "",
            "is_illustrative": True,
            "order": 1,
        },
    )
    _replace(
        DataPoint,
        [
            DataPoint(
                series=series,
                line=group,
                line_order=POPULATION_AGE_GROUPS.index(group),
                x=year,
                y=index,
            )
            for group, year, index in population_forecast()
        ],
        series=series,
    )
    return assembly
