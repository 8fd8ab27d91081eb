"""Invitation letters: drawing a batch from the population extract, and its two outputs, a
mail-merge file and printable PDF letters with a personal code and a QR code.

The letters are Danish whatever language the secretariat's screen is in: they go to the
municipality's residents. PDFs are made on request in parts of at most ``PART_SIZE`` letters,
because WeasyPrint takes a while per page and one file of 11,752 pages helps nobody.
"""

from __future__ import annotations

import base64
import csv
import datetime
import io
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import qrcode
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from borgersamling.accounts.tokens import format_code, new_code
from borgersamling.assemblies.models import Assembly
from borgersamling.recruitment.invitation_sample import (
    Candidate,
    Method,
    SampleError,
    draw,
)
from borgersamling.recruitment.models import (
    Feature,
    Invitation,
    InvitationBatch,
    Recruitment,
    Resident,
)
from borgersamling.site.pdf import render_pdf

# WeasyPrint lays out about ten letters a second: a part of 200 is ready in about 20 s.
PART_SIZE = 200
CODE_CHECK_BATCH = 1000
# Builds an absolute URL (with scheme and host) from a path; views pass
# ``request.build_absolute_uri``.
Absolute = Callable[[str], str]


class InvitationError(Exception):
    """The batch cannot be made; the message says why, for people."""


@dataclass(frozen=True)
class BatchResult:
    batch: InvitationBatch
    letters: int
    already_invited: int  # residents left out because they (or their household) had a letter
    available: dict[str, int] = field(default_factory=dict)
    allocation: dict[str, int] = field(default_factory=dict)


def sample_error_message(error: SampleError) -> str:
    params = error.params
    messages = {
        "size_missing": _("Give the number of letters to send."),
        "nobody": _("Nobody is left to invite."),
        "size_above_households": _(
            "{size} letters are asked for, but only {units} households can still be invited."
        ),
        "size_above_people": _(
            "{size} letters are asked for, but only {units} residents can still be invited."
        ),
        "size_above_units": _(
            "{size} letters are asked for, but only {units} residents can still be invited."
        ),
        "stratum_missing": _("A resident (no. {id} in the database) has no area in the extract."),
    }
    template = messages.get(error.code)
    return str(error) if template is None else template.format(**params)


def _stratum_feature(recruitment: Recruitment, key: str) -> Feature:
    feature = Feature.objects.filter(recruitment=recruitment, key=key).first()
    if feature is None:
        raise InvitationError(
            _("There is no criterion '{key}' to stratify by.").format(key=key or "–")
        )
    return feature


def _new_codes(count: int) -> list[str]:
    """``count`` fresh codes, none of them used by any invitation yet."""
    codes: set[str] = set()
    while len(codes) < count:
        wanted = [new_code() for _ in range(count - len(codes))]
        fresh = {code for code in wanted if code not in codes}
        for start in range(0, len(wanted), CODE_CHECK_BATCH):
            chunk = wanted[start : start + CODE_CHECK_BATCH]
            fresh -= set(Invitation.objects.filter(code__in=chunk).values_list("code", flat=True))
        codes |= fresh
    return list(codes)


def _user(user: AbstractBaseUser | AnonymousUser | None) -> User | None:
    return user if isinstance(user, User) else None


@transaction.atomic
def create_batch(
    recruitment: Recruitment,
    *,
    method: Method | str,
    size: int | None = None,
    stratify_by: str = "",
    one_per_household: bool = True,
    seed: str = "",
    user: AbstractBaseUser | AnonymousUser | None = None,
) -> BatchResult:
    """Draw the addressees and store the batch and its letters, all or nothing.

    Nobody who already has an invitation in this recruitment is drawn again; with one letter
    per household, nor is anyone in their household.
    """
    method = Method(method)
    # Two secretaries drawing at once must not both invite the same resident.
    Recruitment.objects.select_for_update().filter(pk=recruitment.pk).first()
    residents = list(
        Resident.objects.filter(recruitment=recruitment).values_list(
            "pk", "household_key", "features"
        )
    )
    if not residents:
        raise InvitationError(_("There is no population extract yet: import one first."))
    feature_key = ""
    if method is Method.STRATIFIED:
        feature_key = _stratum_feature(recruitment, stratify_by).key
        if not any(feature_key in features for _pk, _household, features in residents):
            raise InvitationError(
                _("The population extract has no column '{key}' to stratify by.").format(
                    key=feature_key
                )
            )
    invited = set(
        Invitation.objects.filter(recruitment=recruitment, resident__isnull=False).values_list(
            "resident_id", flat=True
        )
    )
    # A resident without an address lives alone as far as we know: a household of one.
    households = {pk: household or f"#{pk}" for pk, household, _features in residents}
    invited_households = {households[pk] for pk in invited if pk in households}
    candidates = [
        Candidate(pk, households[pk], features.get(feature_key, "") if feature_key else "")
        for pk, _household, features in residents
        if pk not in invited and not (one_per_household and households[pk] in invited_households)
    ]
    skipped = len(residents) - len(candidates)
    if not candidates:
        raise InvitationError(
            _(
                "Nobody is left to invite: each of the {count} residents, or their household, "
                "already has a letter."
            ).format(count=len(residents))
        )
    seed = seed.strip() or secrets.token_hex(4)
    try:
        result = draw(
            candidates,
            method,
            size=None if method is Method.EVERYONE else size,
            one_per_household=one_per_household,
            seed=seed,
        )
    except SampleError as error:
        raise InvitationError(sample_error_message(error)) from error
    batch = InvitationBatch.objects.create(
        recruitment=recruitment,
        method=method.value,
        size=None if method is Method.EVERYONE else size,
        stratify_by=feature_key,
        one_per_household=one_per_household,
        seed=seed,
        created_by=_user(user),
    )
    codes = _new_codes(len(result.chosen))
    Invitation.objects.bulk_create(
        [
            Invitation(batch=batch, recruitment=recruitment, resident_id=person.id, code=code)
            for person, code in zip(result.chosen, codes, strict=True)
        ],
        batch_size=CODE_CHECK_BATCH,
    )
    return BatchResult(batch, len(result.chosen), skipped, result.available, result.allocation)


# --- the letters -----------------------------------------------------------------------------


def signup_path(assembly: Assembly, code: str) -> str:
    """The path of the sign-up form for ``code``."""
    try:
        return reverse("recruitment:signup-form", kwargs={"slug": assembly.slug, "code": code})
    except NoReverseMatch:
        # The sign-up form is its own part of recruitment; this is the path it is given.
        return f"/assemblies/{assembly.slug}/tilmelding/{code}/"


@dataclass(frozen=True)
class Letter:
    name: str
    address: str
    postcode: str
    city: str
    code: str  # as printed: ABCD-EFGH
    url: str
    qr: str = ""  # a data: URI of the QR code's PNG

    @property
    def postal_line(self) -> str:
        return " ".join(part for part in (self.postcode, self.city) if part)


@dataclass(frozen=True)
class Part:
    number: int
    first: int
    last: int

    @property
    def count(self) -> int:
        return self.last - self.first + 1


def batch_letters(batch: InvitationBatch) -> QuerySet[Invitation]:
    """The batch's invitations that still have an addressee, in the order they are printed.

    A resident removed by a later import leaves their invitation without an address.
    """
    return (
        batch.invitations.filter(resident__isnull=False).select_related("resident").order_by("pk")
    )


def parts(count: int, size: int = PART_SIZE) -> list[Part]:
    """Letters 1..count in numbered parts of at most ``size``."""
    return [
        Part(number, first + 1, min(first + size, count))
        for number, first in enumerate(range(0, count, size), start=1)
    ]


def qr_png(data: str) -> str:
    """The QR code as a PNG data URI, four pixels a module; the letter scales it up without
    smoothing (``image-rendering: pixelated``), so print stays sharp.

    A PNG, not the SVG the web pages use: WeasyPrint parses the SVG's thousand-square path
    once per letter, which tripled the time a part of letters takes.
    """
    image = qrcode.make(data, box_size=4, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _letter(invitation: Invitation, assembly: Assembly, absolute: Absolute, qr: bool) -> Letter:
    resident = invitation.resident
    assert resident is not None  # batch_letters leaves out invitations without one
    url = absolute(signup_path(assembly, invitation.code))
    return Letter(
        name=resident.name,
        address=resident.address,
        postcode=resident.postcode,
        city=resident.city,
        code=format_code(invitation.code),
        url=url,
        qr=qr_png(url) if qr else "",
    )


def letters(
    batch: InvitationBatch, absolute: Absolute, part: Part | None = None, *, qr: bool = False
) -> list[Letter]:
    invitations = batch_letters(batch)
    if part is not None:
        invitations = invitations[part.first - 1 : part.last]
    assembly = batch.recruitment.assembly
    return [_letter(invitation, assembly, absolute, qr) for invitation in invitations]


MAIL_MERGE_COLUMNS = ("navn", "adresse", "postnr", "by", "kode", "link")


def mail_merge_csv(batch: InvitationBatch, absolute: Absolute) -> bytes:
    """The batch for a mail merge: UTF-8 with a byte-order mark and semicolons, which is
    what Danish Excel opens into columns without asking."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(MAIL_MERGE_COLUMNS)
    for letter in letters(batch, absolute):
        writer.writerow(
            [letter.name, letter.address, letter.postcode, letter.city, letter.code, letter.url]
        )
    return buffer.getvalue().encode("utf-8-sig")


def _danish_date(value: datetime.date) -> str:
    # A no-break space keeps "10. marts" together on one line.
    return date_format(value, "j. F Y").replace(". ", ".\u00a0", 1)


def default_letter_text(recruitment: Recruitment) -> str:
    """A Danish letter body built from the assembly: what it is asked, when it meets and how
    to sign up. The secretariat can replace it (``Recruitment.letter_text``)."""
    assembly = recruitment.assembly
    with translation.override("da"):
        paragraphs = [
            f"Du er inviteret til at være med i {assembly.name}.",
        ]
        task = assembly.core_task.strip()
        if task:
            body = assembly.commissioning_body or assembly.municipality
            paragraphs.append(
                f"{body} har givet borgersamlingen denne opgave: »{task}«"
                if body
                else f"Borgersamlingens opgave: »{task}«"
            )
        features = [feature.label.lower() for feature in recruitment.features.all()]
        seats = f"{assembly.seats} borgere" if assembly.seats else "en gruppe borgere"
        where = f" i {assembly.municipality}" if assembly.municipality else ""
        fairness = (
            f"Medlemmerne trækkes ud blandt dem, der tilmelder sig, så borgersamlingen ligner "
            f"befolkningen{where} på {_joined(features)}."
            if features
            else f"Medlemmerne trækkes ud blandt dem, der tilmelder sig, så borgersamlingen "
            f"ligner befolkningen{where}."
        )
        paragraphs.append(
            f"En borgersamling er {seats}, som mødes og sammen giver deres anbefalinger til "
            f"politikerne. Du behøver ikke vide noget særligt på forhånd – din erfaring og "
            f"dine holdninger er det vigtige. {fairness}"
        )
        sessions = list(assembly.sessions.order_by("date", "number"))
        if sessions:
            lines = ["Borgersamlingen mødes disse dage:"]
            for session in sessions:
                line = f"– {date_format(session.date, 'l')} den {_danish_date(session.date)}"
                if session.start and session.end:
                    line += f", kl. {session.start:%H.%M}–{session.end:%H.%M}"
                elif session.start:
                    line += f", kl. {session.start:%H.%M}"
                if session.venue:
                    line += f", {session.venue}"
                lines.append(line)
            paragraphs.append("\n".join(lines))
        signup = (
            "Sådan tilmelder du dig: Gå ind på adressen nedenfor, eller scan QR-koden med "
            "din telefon, og skriv din personlige kode. Det tager kun et par minutter"
        )
        if recruitment.signup_closes_at:
            closes = timezone.localtime(recruitment.signup_closes_at)
            signup += f", og du kan tilmelde dig indtil den {_danish_date(closes)}"
        paragraphs.append(
            signup + ". Koden er personlig og kan kun bruges til én tilmelding. Blandt alle, "
            "der tilmelder sig, trækkes der lod om pladserne, og alle får besked bagefter."
        )
        paragraphs.append("Vi håber, du vil være med.")
    return "\n\n".join(paragraphs)


def _joined(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} og {words[-1]}"


def letter_text(recruitment: Recruitment) -> str:
    return recruitment.letter_text.strip() or default_letter_text(recruitment)


def letter_sender(recruitment: Recruitment) -> str:
    assembly = recruitment.assembly
    return recruitment.letter_sender.strip() or assembly.municipality or assembly.name


def letters_html(recruitment: Recruitment, letters: Sequence[Letter]) -> str:
    with translation.override("da"):
        return render_to_string(
            "recruitment/invitations/letters.html",
            {
                "assembly": recruitment.assembly,
                "sender": letter_sender(recruitment),
                "paragraphs": [p for p in letter_text(recruitment).split("\n\n") if p.strip()],
                "date": _danish_date(timezone.localdate()),
                "letters": letters,
            },
        )


def letters_pdf(batch: InvitationBatch, part: Part, absolute: Absolute) -> bytes:
    """One part of the batch's letters as an A4 PDF, one letter per page."""
    html = letters_html(batch.recruitment, letters(batch, absolute, part, qr=True))
    return render_pdf(html, data_urls=True)


# A made-up addressee and code for the preview: the secretariat sees the real layout without
# anyone's data.
PREVIEW_CODE = "ABCDEFGH"


def preview_pdf(recruitment: Recruitment, absolute: Absolute) -> bytes:
    url = absolute(signup_path(recruitment.assembly, PREVIEW_CODE))
    sample = Letter(
        name="Anne Eksempel",
        address="Eksempelvej 1",
        postcode="1234",
        city="Eksempelby",
        code=format_code(PREVIEW_CODE),
        url=url,
        qr=qr_png(url),
    )
    return render_pdf(letters_html(recruitment, [sample]), data_urls=True)
