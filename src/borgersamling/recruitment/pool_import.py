"""A pool made elsewhere (another sign-up tool, a survey company), in the engine's formats.

The file is checked the way ``borgersamling select`` checks a pool, by the engine's own
``parse_pool`` against the recruitment's criteria: an id column, one column per criterion
(named by its key) with one of its values in every row (case does not matter; the stored
spelling is the criterion's), unique ids. Optional columns carry the person's name, e-mail,
phone, postcode and address; an address (or household) column groups people into
households, of which the lottery takes at most one.

An id already in this recruitment is refused with its row: importing the same file twice
must not double anyone's chance, and silently overwriting corrections made here would lose
work. Everything is checked before anything is stored, and the sign-ups are stored in one
transaction: all of them, or none.

The organisation that collected the sign-ups holds their consent, so ``consent_given_at``
stays empty.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import CharField
from django.utils.translation import gettext

from borgersamling.recruitment.engine_text import error_text
from borgersamling.recruitment.models import Feature, PersonalDataAccess, Recruitment, SignUp
from borgersamling.recruitment.services import log_access, next_signup_number
from borgersamling.sortition.errors import InputError
from borgersamling.sortition.pool import Pool, parse_pool
from borgersamling.sortition.quotas import Quota, QuotaSet
from borgersamling.sortition.tables import Table

MAX_ERRORS = 20
# Optional columns, by the names Danish and English exports use (case-insensitive).
NAME_HEADERS = ("navn", "name", "fulde navn", "full name")
EMAIL_HEADERS = ("e-mail", "email", "mail", "e-mailadresse")
PHONE_HEADERS = ("telefon", "phone", "tlf", "tlf.", "mobil", "telefonnummer")
POSTCODE_HEADERS = ("postnr", "postnr.", "postnummer", "postcode", "zip")
ADDRESS_HEADERS = ("adresse", "address")
HOUSEHOLD_HEADERS = ("husstand", "household", *ADDRESS_HEADERS)


class PoolRefused(ValueError):
    """Nothing was imported; ``errors`` say why, each naming the file, row and column."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class ImportedPool:
    count: int
    first_number: int
    last_number: int


def _column(table: Table, candidates: Sequence[str]) -> str | None:
    lowered = {column.casefold(): column for column in table.header}
    return next((lowered[c] for c in candidates if c in lowered), None)


def _criteria(recruitment: Recruitment) -> tuple[list[Feature], QuotaSet]:
    """The criteria as an engine quota set whose only job is to name columns and values."""
    features = list(Feature.objects.filter(recruitment=recruitment).prefetch_related("values"))
    if not features:
        raise PoolRefused([gettext("There are no criteria yet: add them before importing.")])
    empty = [f.label for f in features if not f.values.all()]
    if empty:
        raise PoolRefused(
            [
                gettext("These criteria have no values yet: %(features)s.")
                % {"features": ", ".join(empty)}
            ]
        )
    quotas = tuple(Quota(f.key, v.value, 0, 1) for f in features for v in f.values.all())
    return features, QuotaSet(source=gettext("the recruitment's criteria"), seats=1, quotas=quotas)


def _blank_answers(table: Table, features: list[Feature]) -> list[str]:
    """Empty criterion cells, said as empty (the engine would call '' an unknown value)."""
    errors = []
    for feature in features:
        column = _column(table, (feature.key.casefold(),))
        if column is None:
            continue  # parse_pool names the missing column
        for row in table.rows:
            if row.values[column] == "":
                error = InputError("cell_blank", file=table.name, row=row.number, column=column)
                errors.append(error_text(error))
    return errors


def _parse(table: Table, quotas: QuotaSet, id_column: str, household: str | None) -> Pool:
    try:
        return parse_pool(table, quotas, id_column, (household,) if household else ())
    except InputError as exc:
        raise PoolRefused([error_text(exc)]) from exc


def _too_long(table: Table, row: int, column: str, limit: int) -> str:
    return gettext(
        "%(file)s: row %(row)d, column '%(column)s': longer than %(limit)d characters."
    ) % {"file": table.name, "row": row, "column": column, "limit": limit}


def _max_length(field: str) -> int:
    model_field = SignUp._meta.get_field(field)
    assert isinstance(model_field, CharField)
    return model_field.max_length or 0


def _build(recruitment: Recruitment, table: Table, pool: Pool) -> tuple[list[SignUp], list[str]]:
    errors: list[str] = []
    ids = [person.id for person in pool.people]
    taken = dict(
        SignUp.objects.filter(recruitment=recruitment, external_id__in=ids).values_list(
            "external_id", "number"
        )
    )
    columns = {
        "name": _column(table, NAME_HEADERS),
        "email": _column(table, EMAIL_HEADERS),
        "phone": _column(table, PHONE_HEADERS),
        "postcode": _column(table, POSTCODE_HEADERS),
        "address": _column(table, ADDRESS_HEADERS),
    }
    limits = {field: _max_length(field) for field in ("external_id", *columns)}
    signups = []
    for person in pool.people:
        if person.id in taken:
            errors.append(
                gettext(
                    "%(file)s: row %(row)d, column '%(column)s': id '%(id)s' is already in the "
                    "pool as sign-up #%(number)d. Remove the row from the file."
                )
                % {
                    "file": table.name,
                    "row": person.row,
                    "column": pool.id_column,
                    "id": person.id,
                    "number": taken[person.id],
                }
            )
        if len(person.id) > limits["external_id"]:
            errors.append(_too_long(table, person.row, pool.id_column, limits["external_id"]))
        fields: dict[str, str] = {}
        for field, column in columns.items():
            text = person.record[column] if column else ""
            if column and len(text) > limits[field]:
                errors.append(_too_long(table, person.row, column, limits[field]))
            fields[field] = text
        if fields["email"] and columns["email"]:
            try:
                validate_email(fields["email"])
            except ValidationError:
                errors.append(
                    gettext(
                        "%(file)s: row %(row)d, column '%(column)s': '%(value)s' is not an "
                        "e-mail address."
                    )
                    % {
                        "file": table.name,
                        "row": person.row,
                        "column": columns["email"],
                        "value": fields["email"],
                    }
                )
        signups.append(
            SignUp(
                recruitment=recruitment,
                source=SignUp.Source.IMPORT,
                external_id=person.id,
                status=SignUp.Status.POOL,
                features=dict(person.features),
                household_key=person.household or "",
                consent_given_at=None,
                **fields,
            )
        )
    return signups, errors


def import_pool(
    recruitment: Recruitment,
    table: Table,
    *,
    id_column: str = "id",
    address_column: str = "",
    user: AbstractBaseUser | AnonymousUser | None = None,
) -> ImportedPool:
    """Check the whole file, then add its people to the pool; raises ``PoolRefused``."""
    features, quotas = _criteria(recruitment)
    household = address_column.strip() or _column(table, HOUSEHOLD_HEADERS)
    errors = _blank_answers(table, features)
    if errors:
        raise PoolRefused(errors[:MAX_ERRORS])
    pool = _parse(table, quotas, id_column.strip(), household)
    signups, errors = _build(recruitment, table, pool)
    if errors:
        raise PoolRefused(errors[:MAX_ERRORS])
    with transaction.atomic():
        first = next_signup_number(recruitment)
        for offset, signup in enumerate(signups):
            signup.number = first + offset
        SignUp.objects.bulk_create(signups)
        last = first + len(signups) - 1
        log_access(
            recruitment,
            user,
            PersonalDataAccess.Action.IMPORT,
            people=len(signups),
            detail=f"{table.name}: #{first}–#{last}",
        )
    return ImportedPool(count=len(signups), first_number=first, last_number=last)
