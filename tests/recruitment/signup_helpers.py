"""Shared set-up for the sign-up tests: sessions, invitations, and a valid form post."""

from __future__ import annotations

import datetime
from typing import Any

from django.test import Client

from borgersamling.assemblies.models import Session
from borgersamling.recruitment.models import Invitation, InvitationBatch, Recruitment, Resident
from borgersamling.recruitment.signup_forms import consent_version


def make_sessions(recruitment: Recruitment, count: int = 3) -> list[Session]:
    return [
        Session.objects.create(
            assembly=recruitment.assembly,
            number=number,
            title=f"Samling {number}",
            date=datetime.date(2025, 5, 1) + datetime.timedelta(days=7 * number),
            start=datetime.time(17, 0),
            end=datetime.time(21, 0),
        )
        for number in range(1, count + 1)
    ]


def make_resident(recruitment: Recruitment, **fields: Any) -> Resident:
    defaults: dict[str, Any] = {
        "person_id": "0101801234",
        "name": "Karen Registreret",
        "address": "Kongevejen 12",
        "postcode": "2791",
        "city": "Dragør",
        "household_key": "kongevejen 12|2791",
        "features": {"køn": "Kvinde", "alder": "gammel"},
    }
    return Resident.objects.create(recruitment=recruitment, **(defaults | fields))


def make_invitation(
    recruitment: Recruitment, code: str = "ABCDEFGH", resident: Resident | None = None
) -> Invitation:
    batch, _created = InvitationBatch.objects.get_or_create(
        recruitment=recruitment, defaults={"method": InvitationBatch.Method.EVERYONE}
    )
    return Invitation.objects.create(
        batch=batch, recruitment=recruitment, resident=resident, code=code
    )


def form_data(recruitment: Recruitment, **overrides: Any) -> dict[str, Any]:
    """A complete, valid sign-up post: the first value of every feature, every session."""
    data: dict[str, Any] = {
        "name": "Mette Hansen",
        "email": "mette@example.dk",
        "phone": "+45 20 30 40 50",
        "address": "Strandvej 3",
        "postcode": "2791",
        "birth_year": "1975",
        "sessions": [str(pk) for pk in recruitment.assembly.sessions.values_list("pk", flat=True)],
        "access_needs": "Kørestol",
        "dietary_needs": "Vegetar",
        "consent": "on",
        "consent_version": consent_version(recruitment.consent_text_rendered()),
    }
    for feature in recruitment.features.all():
        first = feature.values.first()
        assert first is not None
        data[f"feature_{feature.pk}"] = first.value
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def in_english(client: Client) -> Client:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    return client
