"""Targets from a file: ``feature,value,share`` rows (the engine's share format).

Accepted as the engine accepts them: the header names of ``sortition.quotas`` (Danish
``kriterie,værdi,andel`` too), a decimal comma, and shares either as fractions (0.35) or as
percentages (35 or 35%): a file whose plain numbers go above 1 is read as percentages.

Criteria must exist already (the column names are the pool's); a value the file names that
a criterion lacks is created. Every value of a criterion in the file must get a share, and
the shares of each criterion must add up to 100 % as the engine demands. The whole file is
stored or nothing is.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext

from borgersamling.recruitment.engine_text import engine_language
from borgersamling.recruitment.models import Feature, FeatureValue, Recruitment
from borgersamling.recruitment.targets_forms import SHARE_PLACES, shares_off
from borgersamling.sortition.errors import InputError
from borgersamling.sortition.quotas import FEATURE_HEADERS, SHARE_HEADERS, VALUE_HEADERS
from borgersamling.sortition.tables import Row, Table

# Errors listed at most; the rest are found once these are fixed.
MAX_ERRORS = 20


class TargetsRefused(ValueError):
    """The file was not stored; ``errors`` say why, each naming the file and row."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class ImportedTargets:
    updated: int
    created: int
    features: int


def _pick(table: Table, candidates: tuple[str, ...], exclude: str | None = None) -> str | None:
    lowered = {column.casefold(): column for column in table.header if column != exclude}
    return next((lowered[c] for c in candidates if c in lowered), None)


@dataclass(frozen=True)
class _Share:
    row: Row
    number: Decimal
    percent: bool


def _number(text: str) -> Decimal | None:
    cleaned = text.replace("%", "").replace(",", ".").replace(" ", "").strip()
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None
    return number if number.is_finite() and number >= 0 else None


def import_targets(recruitment: Recruitment, table: Table) -> ImportedTargets:
    """Check the whole file, then store it; raises ``TargetsRefused`` with every problem."""
    language = engine_language()
    feature_col = _pick(table, FEATURE_HEADERS)
    value_col = _pick(table, VALUE_HEADERS, exclude=feature_col)
    share_col = _pick(table, SHARE_HEADERS)
    missing = [
        name
        for name, column in (("feature", feature_col), ("value", value_col), ("share", share_col))
        if column is None
    ]
    if missing:
        raise TargetsRefused(
            [
                gettext(
                    "%(file)s: row 1: missing column(s) %(missing)s (found: %(found)s); "
                    "expected feature,value,share (or kriterie,værdi,andel)."
                )
                % {
                    "file": table.name,
                    "missing": ", ".join(missing),
                    "found": ", ".join(table.header),
                }
            ]
        )
    assert feature_col is not None and value_col is not None and share_col is not None
    if not table.rows:
        raise TargetsRefused([InputError("quotas_empty", file=table.name).message(language)])

    features = {f.key.casefold(): f for f in Feature.objects.filter(recruitment=recruitment)}
    values: dict[int, dict[str, FeatureValue]] = {f.pk: {} for f in features.values()}
    for value in FeatureValue.objects.filter(feature__recruitment=recruitment):
        values[value.feature_id][value.value.casefold()] = value

    errors: list[str] = []
    first_row: dict[tuple[int, str], int] = {}
    # Per criterion: (stored value or the new spelling, its share as written).
    found: dict[int, list[tuple[FeatureValue | str, _Share]]] = {}
    for row in table.rows:
        if len(errors) >= MAX_ERRORS:
            break
        blank = next((c for c in (feature_col, value_col, share_col) if row.values[c] == ""), None)
        if blank is not None:
            errors.append(
                InputError("cell_blank", file=table.name, row=row.number, column=blank).message(
                    language
                )
            )
            continue
        feature = features.get(row.values[feature_col].casefold())
        if feature is None:
            errors.append(
                gettext(
                    "%(file)s: row %(row)d, column '%(column)s': there is no criterion "
                    "'%(feature)s' (known: %(known)s). Add it on the criteria page first."
                )
                % {
                    "file": table.name,
                    "row": row.number,
                    "column": feature_col,
                    "feature": row.values[feature_col],
                    "known": ", ".join(f.key for f in features.values()) or "–",
                }
            )
            continue
        spelling = row.values[value_col]
        key = (feature.pk, spelling.casefold())
        if key in first_row:
            errors.append(
                InputError(
                    "quota_duplicate",
                    file=table.name,
                    row=row.number,
                    first_row=first_row[key],
                    feature=feature.key,
                    value=spelling,
                ).message(language)
            )
            continue
        first_row[key] = row.number
        text = row.values[share_col]
        number = _number(text)
        if number is None:
            errors.append(
                InputError(
                    "share_invalid", file=table.name, row=row.number, column=share_col, value=text
                ).message(language)
            )
            continue
        stored = values[feature.pk].get(spelling.casefold())
        found.setdefault(feature.pk, []).append(
            (stored if stored is not None else spelling, _Share(row, number, "%" in text))
        )
    if errors:
        raise TargetsRefused(errors)

    # A file is in percent when any plain number is above 1 (nobody writes 0.5 %).
    in_percent = any(
        share.number > 1 and not share.percent for group in found.values() for _, share in group
    )
    shares: dict[int, list[tuple[FeatureValue | str, Decimal]]] = {}
    by_pk = {f.pk: f for f in features.values()}
    for feature_pk, written in found.items():
        for target, share in written:
            fraction = share.number / 100 if share.percent or in_percent else share.number
            if fraction > 1:
                errors.append(
                    gettext(
                        "%(file)s: row %(row)d, column '%(column)s': %(value)s is more than 100 %%."
                    )
                    % {
                        "file": table.name,
                        "row": share.row.number,
                        "column": share_col,
                        "value": share.row.values[share_col],
                    }
                )
                continue
            shares.setdefault(feature_pk, []).append((target, fraction.quantize(SHARE_PLACES)))
    for feature_pk, fractions in shares.items():
        feature = by_pk[feature_pk]
        given = {t.pk for t, _ in fractions if isinstance(t, FeatureValue)}
        for value in values[feature_pk].values():
            if value.pk not in given:
                errors.append(
                    gettext(
                        "%(file)s: %(feature)s '%(value)s' has no row; give every value of "
                        "%(feature)s a share (0 if none)."
                    )
                    % {"file": table.name, "feature": feature.key, "value": value.value}
                )
        total = sum((fraction for _, fraction in fractions), Decimal(0))
        if shares_off(total):
            errors.append(
                InputError(
                    "shares_do_not_sum",
                    file=table.name,
                    feature=feature.key,
                    total=f"{float(total) * 100:.1f}",
                ).message(language)
            )
    if errors:
        raise TargetsRefused(errors[:MAX_ERRORS])
    return _store(shares, by_pk)


@transaction.atomic
def _store(
    shares: dict[int, list[tuple[FeatureValue | str, Decimal]]], features: dict[int, Feature]
) -> ImportedTargets:
    updated = created = 0
    for feature_pk, group in shares.items():
        feature = features[feature_pk]
        order = max((v.order for v in feature.values.all()), default=-1)
        for target, share in group:
            if isinstance(target, FeatureValue):
                if target.population_share != share:
                    target.population_share = share
                    target.save(update_fields=["population_share"])
                    updated += 1
            else:
                order += 1
                FeatureValue.objects.create(
                    feature=feature, value=target, order=order, population_share=share
                )
                created += 1
    return ImportedTargets(updated=updated, created=created, features=len(shares))
