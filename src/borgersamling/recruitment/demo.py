"""Dragør's recruitment for the demo: the five criteria with the municipality's shares from
the seed's slides, and a pool of 240 made-up sign-ups (the same as examples/dragor/pool.csv)
whose names are invented; the seed publishes no one's data."""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from borgersamling.accounts.models import Participant, Role
from borgersamling.assemblies.models import Assembly
from borgersamling.recruitment import panel
from borgersamling.recruitment.models import (
    Feature,
    FeatureValue,
    Invitation,
    InvitationBatch,
    Recruitment,
    SignUp,
)
from borgersamling.recruitment.services import recruitment_of
from borgersamling.sortition.pool import household_key

SIGNUPS_FILE = Path(__file__).parent / "demo_data" / "signups.csv"

# key, label, question, [(value, label, share)] — shares as on the slides ("Kommune").
FEATURES: list[tuple[str, str, str, list[tuple[str, str, str]]]] = [
    (
        "køn",
        "Køn",
        "Hvad er dit køn?",
        [("Kvinde", "Kvinde", "0.50"), ("Mand", "Mand", "0.50"), ("Andet", "Andet", "0.00")],
    ),
    (
        "alder",
        "Alder",
        "Hvor gammel er du?",
        [
            ("15-24", "15-24 år", "0.11"),
            ("25-39", "25-39 år", "0.15"),
            ("40-59", "40-59 år", "0.35"),
            ("60+", "60 år eller ældre", "0.39"),
        ],
    ),
    (
        "uddannelse",
        "Uddannelse",
        "Hvad er din højeste fuldførte uddannelse?",
        [
            ("Grundskole og andet", "Grundskole og andet", "0.21"),
            ("Gymnasial", "Gymnasial uddannelse", "0.12"),
            ("Erhvervsuddannelse", "Erhvervsuddannelse", "0.25"),
            ("Kort videregående", "Kort videregående uddannelse", "0.06"),
            ("Mellemlang og lang", "Bachelor, mellemlang, lang eller forsker", "0.36"),
        ],
    ),
    (
        "bopæl",
        "Bopæl",
        "Hvor i Dragør bor du?",
        [
            ("Søvang og syd", "1 – Søvang og syd", "0.14"),
            ("St. Magleby og vængerne", "2 – St. Magleby og vængerne", "0.49"),
            ("Gl. Dragør og Nordstranden", "3 – Gl. Dragør og Nordstranden", "0.37"),
        ],
    ),
    (
        "ejerforhold",
        "Ejerforhold",
        "Ejer eller lejer du din bolig?",
        [("Ejer", "Ejer", "0.70"), ("Lejer", "Lejer", "0.20"), ("Andel", "Andelsbolig", "0.10")],
    ),
]

# First names that go with the sign-up's gender, times 15 last names: 150 names for each of
# the 129 women and 110 men, no two alike (the door list and the projector find people by name).
FIRST_NAMES = {
    "Kvinde": [
        "Anne",
        "Mette",
        "Sofie",
        "Ida",
        "Karen",
        "Birgitte",
        "Freja",
        "Aase",
        "Lone",
        "Camilla",
    ],
    "Mand": ["Lars", "Jens", "Mads", "Peter", "Emil", "Søren", "Henrik", "Ole", "Niels", "Bo"],
    "Andet": ["Alex", "Kim", "Robin", "Sam", "Chris", "Maxime", "Noa", "Charlie", "Eli", "Luka"],
}
LAST_NAMES = [
    "Jensen",
    "Nielsen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Petersen",
    "Madsen",
    "Kristensen",
    "Olsen",
    "Thomsen",
]


def _names() -> dict[str, Iterator[str]]:
    return {
        gender: iter([f"{first} {last}" for last in LAST_NAMES for first in firsts])
        for gender, firsts in FIRST_NAMES.items()
    }


@transaction.atomic
def load_demo_recruitment(assembly: Assembly) -> Recruitment:
    """Criteria, targets and the 240 sign-ups; idempotent (sign-ups are matched by id)."""
    recruitment = recruitment_of(assembly)
    opened = timezone.make_aware(datetime.datetime(2025, 2, 3, 8, 0))
    recruitment.signup_opens_at = opened
    recruitment.signup_closes_at = opened + datetime.timedelta(days=35)
    recruitment.letter_sender = "Dragør Kommune og We Do Democracy"
    recruitment.save()
    for order, (key, label, question, values) in enumerate(FEATURES):
        feature, _created = Feature.objects.update_or_create(
            recruitment=recruitment,
            key=key,
            defaults={"label": label, "question": question, "order": order},
        )
        for value_order, (value, value_label, share) in enumerate(values):
            FeatureValue.objects.update_or_create(
                feature=feature,
                value=value,
                defaults={
                    "label": value_label,
                    "order": value_order,
                    "population_share": Decimal(share),
                },
            )
    names = _names()
    # A restart keeps the names of those who became members (Mette and Jonas among them).
    members = dict(
        SignUp.objects.filter(recruitment=recruitment, participant__isnull=False).values_list(
            "external_id", "name"
        )
    )
    with SIGNUPS_FILE.open(encoding="utf-8") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=1):
            name = next(names[row["køn"]])
            SignUp.objects.update_or_create(
                recruitment=recruitment,
                external_id=row["id"],
                defaults={
                    "number": number,
                    "source": SignUp.Source.IMPORT,
                    "name": members.get(row["id"], name),
                    "address": f"{row['adresse']}, 2791 Dragør",
                    "household_key": household_key([row["adresse"]]) or "",
                    "features": {key: row[key] for key, *_rest in FEATURES},
                    "consent_given_at": opened,
                    "consent_text": recruitment.consent_text_rendered(),
                },
            )
    return recruitment


# Letters a visitor can try: (code, what it shows). Codes use the letter alphabet.
DEMO_CODES = (
    (
        "TEST2345",
        "an unused letter: the sign-up form (closed on the demo day; "
        "BORGERSAMLING_DEMO_DATE=2025-02-20 opens it)",
    ),
    ("PUJE2345", "a sign-up in the pool: what is stored about them, correct or withdraw"),
    ("VAGT2345", "a drawn person: confirm or decline the seat"),
)


@transaction.atomic
def create_demo_invitations(recruitment: Recruitment) -> list[str]:
    """Three letters for trying the sign-up pages, linked to a pool sign-up and a drawn one
    (call after the draw); idempotent. Returns lines for the demo's start-up message."""
    batch, _created = InvitationBatch.objects.get_or_create(
        recruitment=recruitment,
        method=InvitationBatch.Method.SAMPLE,
        seed="demo",
        defaults={"size": len(DEMO_CODES), "one_per_household": True},
    )
    in_pool = SignUp.objects.filter(recruitment=recruitment, status=SignUp.Status.POOL)
    drawn = SignUp.objects.filter(recruitment=recruitment, status=SignUp.Status.SELECTED)
    targets = [None, in_pool.order_by("-number").first(), drawn.order_by("number").first()]
    lines = []
    for (code, what), signup in zip(DEMO_CODES, targets, strict=True):
        invitation, _created = Invitation.objects.get_or_create(
            code=code, defaults={"batch": batch, "recruitment": recruitment}
        )
        if signup is not None and signup.invitation_id is None:
            SignUp.objects.filter(invitation=invitation).update(invitation=None)
            signup.invitation = invitation
            signup.save(update_fields=["invitation"])
        lines.append(f"{code[:4]}-{code[4:]}: {what}")
    return lines


DEMO_MEMBERS = {"Mette Medlem": "Kvinde", "Jonas Medlem": "Mand"}
"""The demo's member accounts (accounts.demo) are two of the drawn panel, under these names,
each the first drawn sign-up of the gender (køn) that goes with the name."""


@transaction.atomic
def confirm_demo_panel(recruitment: Recruitment) -> list[Participant]:
    """By the demo day the drawn panel has said yes: confirm every drawn sign-up except the
    one behind the drawn person's letter (left to try confirming), so the members can be
    seated. Call after create_demo_invitations; idempotent."""
    letter = DEMO_CODES[2][0]
    waiting = (
        SignUp.objects.filter(recruitment=recruitment, status=SignUp.Status.SELECTED)
        .exclude(invitation__code=letter)
        .order_by("number")
    )
    named = set(
        SignUp.objects.filter(recruitment=recruitment, name__in=DEMO_MEMBERS).values_list(
            "name", flat=True
        )
    )
    pending = {name: gender for name, gender in DEMO_MEMBERS.items() if name not in named}
    members = []
    for signup in waiting:
        name = next((n for n, g in pending.items() if signup.features.get("køn") == g), None)
        if name is not None:
            del pending[name]
            # Their account may exist already (accounts.demo): it becomes this sign-up's.
            signup.name = name
            signup.participant = Participant.objects.filter(
                assembly=recruitment.assembly, role=Role.MEMBER, name=name, signup__isnull=True
            ).first()
            signup.save(update_fields=["name", "participant"])
        members.append(panel.confirm(signup))
    return members
