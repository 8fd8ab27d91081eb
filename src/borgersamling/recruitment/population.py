"""The register's population extract: reading it into ``Resident`` rows, counting it, and
offering its shares as the lottery's targets.

An import replaces the previous extract in one transaction; on any error nothing changes.
Residents are matched by their person id, so a resident who stays in the extract keeps
their invitations (and re-running a draw never invites them twice).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from pathlib import Path

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from borgersamling.recruitment.models import Feature, FeatureValue, Recruitment, Resident
from borgersamling.recruitment.uploads import read_uploaded_table
from borgersamling.sortition.errors import InputError
from borgersamling.sortition.messages import render
from borgersamling.sortition.pool import household_key
from borgersamling.sortition.tables import Table

# The columns a register extract may name them by, compared case-insensitively.
COLUMNS: dict[str, tuple[str, ...]] = {
    "person_id": ("id", "person", "person id", "person_id", "personid", "nr", "løbenr"),
    "name": ("name", "navn", "full name", "fulde navn"),
    "address": ("address", "adresse"),
    "postcode": ("postcode", "postal code", "zip", "postnr", "postnr.", "postnummer"),
    "city": ("city", "town", "by", "bynavn", "postdistrikt"),
}
REQUIRED = ("person_id", "name", "address")
# Field lengths of ``Resident``: a longer cell is an error, not a database failure.
MAX_LENGTH = {"person_id": 100, "name": 200, "address": 300, "postcode": 20, "city": 100}
BATCH = 2000
SHARE_PLACES = Decimal("0.000001")


class PopulationError(Exception):
    """The extract cannot be imported; the message names the file, row and column."""


@dataclass(frozen=True)
class ResidentRow:
    row: int
    person_id: str
    name: str
    address: str
    postcode: str
    city: str
    features: dict[str, str]

    @property
    def household_key(self) -> str:
        return household_key([self.address, self.postcode]) or ""


@dataclass(frozen=True)
class ImportResult:
    file: str
    residents: int
    households: int
    created: int
    updated: int
    removed: int
    features: list[str]


def _language() -> str:
    return "da" if (get_language() or "da").startswith("da") else "en"


def _column_names() -> dict[str, str]:
    """Each field's human description for the "missing column" message."""
    return {
        "person_id": _("person id"),
        "name": _("name"),
        "address": _("address"),
        "postcode": _("postcode"),
        "city": _("city"),
    }


def _find_columns(
    table: Table, feature_keys: Sequence[str]
) -> tuple[dict[str, str], dict[str, str]]:
    """The table's column for each field, and for each feature the extract holds."""
    by_name = {column.casefold(): column for column in table.header}
    fields: dict[str, str] = {}
    for field, aliases in COLUMNS.items():
        found = [by_name[alias] for alias in aliases if alias in by_name]
        if len(found) > 1:
            raise PopulationError(
                _(
                    "{file}: row 1: the columns {columns} all look like the {field} column; "
                    "keep one"
                ).format(
                    file=table.name,
                    columns=", ".join(f"'{c}'" for c in found),
                    field=_column_names()[field],
                )
            )
        if found:
            fields[field] = found[0]
    missing = [field for field in REQUIRED if field not in fields]
    if missing:
        names = _column_names()
        raise PopulationError(
            _("{file}: row 1: missing column(s) {columns} (found: {found})").format(
                file=table.name,
                columns=", ".join(
                    f"{names[field]} ({' / '.join(COLUMNS[field][:3])})" for field in missing
                ),
                found=", ".join(table.header) or "–",
            )
        )
    features = {key: by_name[key.casefold()] for key in feature_keys if key.casefold() in by_name}
    return fields, features


def parse_population(table: Table, values: dict[str, list[str]]) -> list[ResidentRow]:
    """Check the extract and build its rows. ``values`` maps each feature key to its allowed
    values (``FeatureValue.value``); the extract may hold any of the features or none."""
    fields, feature_columns = _find_columns(table, list(values))
    if not table.rows:
        raise PopulationError(_("{file}: no residents below the header").format(file=table.name))
    allowed = {key: {v.casefold(): v for v in spellings} for key, spellings in values.items()}
    first_row: dict[str, int] = {}
    rows: list[ResidentRow] = []
    for row in table.rows:
        cells = {field: row.values[column] for field, column in fields.items()}
        for field in REQUIRED:
            if cells[field] == "":
                raise PopulationError(
                    _("{file}: row {row}, column '{column}': the cell is empty").format(
                        file=table.name, row=row.number, column=fields[field]
                    )
                )
        for field, text in cells.items():
            if len(text) > MAX_LENGTH[field]:
                raise PopulationError(
                    _(
                        "{file}: row {row}, column '{column}': the text is longer than "
                        "{limit} characters"
                    ).format(
                        file=table.name,
                        row=row.number,
                        column=fields[field],
                        limit=MAX_LENGTH[field],
                    )
                )
        person = cells["person_id"]
        if person in first_row:
            raise PopulationError(
                _(
                    "{file}: row {row}, column '{column}': the person '{value}' is already in "
                    "row {first_row}"
                ).format(
                    file=table.name,
                    row=row.number,
                    column=fields["person_id"],
                    value=person,
                    first_row=first_row[person],
                )
            )
        first_row[person] = row.number
        features: dict[str, str] = {}
        for key, column in feature_columns.items():
            raw = row.values[column]
            value = allowed[key].get(raw.casefold())
            if value is None:
                raise PopulationError(
                    _(
                        "{file}: row {row}, column '{column}': '{value}' is not one of the "
                        "values of this criterion ({known})"
                    ).format(
                        file=table.name,
                        row=row.number,
                        column=column,
                        value=raw,
                        known=", ".join(values[key]),
                    )
                )
            features[key] = value
        rows.append(
            ResidentRow(
                row=row.number,
                person_id=person,
                name=cells["name"],
                address=cells["address"],
                postcode=cells.get("postcode", ""),
                city=cells.get("city", ""),
                features=features,
            )
        )
    return rows


def feature_values(recruitment: Recruitment) -> dict[str, list[str]]:
    """Each feature's key and its values' spellings, in the recruitment's order."""
    result: dict[str, list[str]] = {}
    for feature in recruitment.features.prefetch_related("values"):
        result[feature.key] = [value.value for value in feature.values.all()]
    return result


def read_population(recruitment: Recruitment, upload: UploadedFile[bytes]) -> list[ResidentRow]:
    """The upload, read and checked; raises ``PopulationError`` with a message for people."""
    try:
        table = read_uploaded_table(upload)
    except InputError as error:
        # The reader names an unreadable file by its temporary path; people know its name.
        params = {**error.params, "file": Path(str(error.params.get("file", ""))).name}
        raise PopulationError(render(error.code, _language(), params)) from error
    return parse_population(table, feature_values(recruitment))


@transaction.atomic
def replace_population(
    recruitment: Recruitment, rows: Sequence[ResidentRow], file: str = ""
) -> ImportResult:
    """Store ``rows`` as the recruitment's extract, replacing the previous one."""
    existing = dict(Resident.objects.filter(recruitment=recruitment).values_list("person_id", "pk"))
    incoming = {row.person_id for row in rows}
    gone = [pk for person, pk in existing.items() if person not in incoming]
    for start in range(0, len(gone), BATCH):
        Resident.objects.filter(pk__in=gone[start : start + BATCH]).delete()
    Resident.objects.bulk_create(
        [
            Resident(
                recruitment=recruitment,
                person_id=row.person_id,
                name=row.name,
                address=row.address,
                postcode=row.postcode,
                city=row.city,
                household_key=row.household_key,
                features=row.features,
                row=row.row,
            )
            for row in rows
        ],
        batch_size=BATCH,
        update_conflicts=True,
        unique_fields=["recruitment", "person_id"],
        update_fields=["name", "address", "postcode", "city", "household_key", "features", "row"],
    )
    held = sorted({key for row in rows for key in row.features})
    return ImportResult(
        file=file,
        residents=len(rows),
        households=len({row.household_key for row in rows}),
        created=len(incoming - existing.keys()),
        updated=len(incoming & existing.keys()),
        removed=len(gone),
        features=held,
    )


def import_population(recruitment: Recruitment, upload: UploadedFile[bytes]) -> ImportResult:
    """Read, check and store an uploaded extract: all of it, or (on an error) nothing."""
    rows = read_population(recruitment, upload)
    return replace_population(recruitment, rows, file=upload.name or "")


# --- counting the extract --------------------------------------------------------------------


@dataclass(frozen=True)
class ValueCount:
    value: FeatureValue
    count: int
    share: Decimal  # of the extract, 0..1

    @property
    def percent(self) -> float:
        return float(self.share) * 100

    @property
    def target_percent(self) -> float | None:
        share = self.value.population_share
        return None if share is None else float(share) * 100


@dataclass(frozen=True)
class FeatureCount:
    feature: Feature
    values: list[ValueCount]


@dataclass(frozen=True)
class PopulationSummary:
    residents: int
    households: int
    features: list[FeatureCount]  # the features the extract holds
    not_held: list[Feature]


def _shares(counts: Sequence[int]) -> list[Decimal]:
    """``counts`` as shares rounded to six places that add up to exactly 1 (largest
    remainder), so they pass as targets whose shares must sum to 100 %."""
    total = sum(counts)
    if total == 0:
        return [Decimal(0) for _count in counts]
    exact = [Decimal(count) / Decimal(total) for count in counts]
    rounded = [share.quantize(SHARE_PLACES, rounding=ROUND_FLOOR) for share in exact]
    left = int((Decimal(1) - sum(rounded, Decimal(0))) / SHARE_PLACES)
    order = sorted(range(len(counts)), key=lambda i: (-(exact[i] - rounded[i]), i))
    for index in order[:left]:
        rounded[index] += SHARE_PLACES
    return rounded


def population_summary(recruitment: Recruitment) -> PopulationSummary:
    residents = Resident.objects.filter(recruitment=recruitment)
    counts: dict[str, Counter[str]] = {}
    total = 0
    for features in residents.values_list("features", flat=True).iterator(chunk_size=BATCH):
        total += 1
        for key, value in features.items():
            counts.setdefault(key, Counter())[value] += 1
    households = residents.values("household_key").distinct().count()
    held: list[FeatureCount] = []
    not_held: list[Feature] = []
    for feature in recruitment.features.prefetch_related("values"):
        if feature.key not in counts:
            not_held.append(feature)
            continue
        values = list(feature.values.all())
        numbers = [counts[feature.key][value.value] for value in values]
        held.append(
            FeatureCount(
                feature,
                [
                    ValueCount(value, number, share)
                    for value, number, share in zip(values, numbers, _shares(numbers), strict=True)
                ],
            )
        )
    return PopulationSummary(total, households, held, not_held)


@transaction.atomic
def use_extract_shares(recruitment: Recruitment) -> list[Feature]:
    """Set each held feature's targets (``population_share``) to its share of the extract."""
    summary = population_summary(recruitment)
    if summary.residents == 0:
        return []
    updated: list[FeatureValue] = []
    for feature_count in summary.features:
        for value_count in feature_count.values:
            value_count.value.population_share = value_count.share
            updated.append(value_count.value)
    FeatureValue.objects.bulk_update(updated, ["population_share"])
    return [feature_count.feature for feature_count in summary.features]
