"""GDPR, the secretariat's side: export one person's data, erase it, and purge the data of
people not drawn once the retention period after the draw has passed.

Anonymising keeps a sign-up's number, features and status: the representation report's
anonymous counts (who signed up, who was drawn, per feature value) stay the same, while
nothing is left that points to a person.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models, transaction

from borgersamling.recruitment import replacements
from borgersamling.recruitment.models import (
    Invitation,
    LotteryRun,
    PersonalDataAccess,
    Recruitment,
    Replacement,
    Resident,
    SignUp,
)
from borgersamling.recruitment.services import log_access
from borgersamling.seating.models import ApartPair
from borgersamling.site import clock

Action = PersonalDataAccess.Action

# Blanked by erasure and by the purge; everything else on a sign-up is kept.
PERSONAL_FIELDS: dict[str, Any] = {
    "name": "",
    "email": "",
    "phone": "",
    "address": "",
    "postcode": "",
    "birth_year": None,
    "household_key": "",
    "access_needs": "",
    "dietary_needs": "",
    "notes": "",
    "consent_text": "",
    "external_id": "",
}
# Statuses of people who were never drawn: the purge anonymises only these.
NOT_DRAWN = (SignUp.Status.POOL, SignUp.Status.WITHDRAWN)


def _value(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    return value


def _fields(row: models.Model, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """Every concrete column of a row, as JSON values (foreign keys as their id)."""
    return {
        f.name: _value(getattr(row, f.attname))
        for f in row._meta.concrete_fields
        if f.name not in skip
    }


def export_data(signup: SignUp, user: AbstractBaseUser | AnonymousUser | None) -> dict[str, Any]:
    """Everything stored about one person, for them or a supervisory authority (art. 15/20).

    Logged as an export first, so the export lists itself too."""
    log_access(signup.recruitment, user, Action.EXPORT, signup=signup, detail="JSON export")
    invitation = signup.invitation
    resident = invitation.resident if invitation is not None else None
    participant = signup.participant
    about = Replacement.objects.filter(
        models.Q(leaving=signup) | models.Q(joining=signup)
    ).select_related("leaving", "joining", "created_by")
    access = PersonalDataAccess.objects.filter(
        recruitment=signup.recruitment, signup_number=signup.number
    ).select_related("user")
    return {
        "assembly": str(signup.recruitment.assembly),
        "exported_at": clock.now().isoformat(),
        "signup": _fields(signup, skip=("recruitment",)),
        "available_sessions": [
            {"number": s.number, "title": s.title, "date": s.date.isoformat()}
            for s in signup.available_sessions.order_by("number")
        ],
        "invitation": None
        if invitation is None
        else {
            "code": invitation.code,
            "created_at": invitation.created_at.isoformat(),
            "batch": str(invitation.batch),
        },
        "resident": None if resident is None else _fields(resident, skip=("recruitment",)),
        "participant": None
        if participant is None
        else {
            "name": participant.name,
            "email": participant.email,
            "phone": participant.phone,
            "role": participant.role,
            "is_active": participant.is_active,
        },
        "kept_apart_from": [] if participant is None else _kept_apart_from(participant.pk),
        "replacements": [
            {
                "at": r.created_at.isoformat(),
                "leaving": r.leaving.number,
                "joining": r.joining.number if r.joining else None,
                "reason": r.reason,
                "note": r.note,
                "by": r.created_by.get_username() if r.created_by else None,
            }
            for r in about
        ],
        "access_log": [
            {
                "at": entry.at.isoformat(),
                "user": entry.user.get_username() if entry.user else None,
                "action": entry.action,
                "detail": entry.detail,
            }
            for entry in access
        ],
    }


def _apart_pairs(participant_pk: int) -> models.QuerySet[ApartPair]:
    """The seating's pairs kept apart (relatives, a conflict) that name this member."""
    return ApartPair.objects.filter(
        models.Q(first_id=participant_pk) | models.Q(second_id=participant_pk)
    ).select_related("first", "second")


def _kept_apart_from(participant_pk: int) -> list[str]:
    return [
        (pair.second if pair.first_id == participant_pk else pair.first).name
        for pair in _apart_pairs(participant_pk)
    ]


def _blank(signup: SignUp, when: datetime.datetime) -> None:
    for name, empty in PERSONAL_FIELDS.items():
        setattr(signup, name, empty)
    signup.anonymised_at = when


@dataclass(frozen=True)
class Erasure:
    signup: SignUp
    resident_deleted: bool
    participant_anonymised: bool
    dropped_out: bool


@transaction.atomic
def erase(signup: SignUp, user: AbstractBaseUser | AnonymousUser | None) -> Erasure:
    """Erase one person's personal data at their request (art. 17).

    A member of the panel cannot stay a member without a name or a way to reach them, so
    they drop out first (their seat opens for a replacement) and their participant is
    deactivated and renamed to their number.
    """
    signup = SignUp.objects.select_for_update().get(pk=signup.pk)
    dropped_out = False
    if signup.in_panel:
        reason = (
            Replacement.Reason.DURING
            if replacements.sessions_have_begun(signup.recruitment)
            else Replacement.Reason.BEFORE
        )
        replacements.record_drop_out(signup, reason, "Personal data erased on request.", user)
        signup.refresh_from_db()
        dropped_out = True
    resident_deleted = False
    if signup.invitation is not None:
        resident = signup.invitation.resident
        if resident is not None:
            resident.delete()  # the invitation's link is cleared by SET_NULL
            resident_deleted = True
        signup.invitation = None
    participant_anonymised = False
    if signup.participant is not None:
        participant = signup.participant
        participant.name = f"#{signup.number}"
        participant.email = ""
        participant.phone = ""
        participant.is_active = False
        participant.save(update_fields=["name", "email", "phone", "is_active"])
        # Who they were kept apart from says something about them and another person.
        _apart_pairs(participant.pk).delete()
        participant_anonymised = True
    _blank(signup, clock.now())
    signup.save()
    log_access(signup.recruitment, user, Action.ERASE, signup=signup, detail="erased on request")
    return Erasure(signup, resident_deleted, participant_anonymised, dropped_out)


@dataclass
class PurgeReport:
    recruitment: Recruitment
    drawn_at: datetime.datetime | None
    due_at: datetime.datetime | None
    dry_run: bool
    due: bool = False
    """Whether the retention period is over, so the purge applies."""
    anonymised: list[int] = field(default_factory=list)
    """Numbers of the sign-ups anonymised (or that would be, in a dry run)."""
    residents: int = 0
    invitations: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.anonymised or self.residents or self.invitations)


def drawn_at(recruitment: Recruitment) -> datetime.datetime | None:
    """When the panel was drawn (the latest drawn run), or None before the draw."""
    run = (
        LotteryRun.objects.filter(
            recruitment=recruitment, panel_number__isnull=False, drawn_at__isnull=False
        )
        .order_by("-drawn_at")
        .first()
    )
    return run.drawn_at if run is not None else None


def purge_due_at(recruitment: Recruitment) -> datetime.datetime | None:
    drawn = drawn_at(recruitment)
    if drawn is None:
        return None
    return drawn + datetime.timedelta(days=recruitment.retention_days)


@transaction.atomic
def purge(
    recruitment: Recruitment, *, now: datetime.datetime | None = None, dry_run: bool = False
) -> PurgeReport:
    """Anonymise everyone not drawn and delete the population extract, once the retention
    period after the draw is over. Before that, and on a second run, it changes nothing."""
    now = now or clock.now()
    drawn = drawn_at(recruitment)
    due_at = purge_due_at(recruitment)
    report = PurgeReport(recruitment, drawn, due_at, dry_run)
    if due_at is None or now < due_at:
        return report
    report.due = True
    signups = SignUp.objects.select_for_update().filter(
        recruitment=recruitment, status__in=NOT_DRAWN, anonymised_at__isnull=True
    )
    residents = Resident.objects.filter(recruitment=recruitment)
    invitations = Invitation.objects.filter(recruitment=recruitment, resident__isnull=False)
    report.anonymised = list(signups.order_by("number").values_list("number", flat=True))
    report.residents = residents.count()
    report.invitations = invitations.count()
    if dry_run:
        return report
    invitations.update(resident=None)
    residents.delete()
    for signup in signups:
        _blank(signup, now)
        signup.save()
    PersonalDataAccess.objects.bulk_create(
        PersonalDataAccess(
            recruitment=recruitment,
            action=Action.PURGE,
            signup_number=number,
            detail="retention period over",
        )
        for number in report.anonymised
    )
    if report.residents:
        log_access(
            recruitment,
            None,
            Action.PURGE,
            people=report.residents,
            detail=f"population extract deleted ({report.residents} residents)",
        )
    return report
