"""Quotas: how many seats each feature value must get, read from the formats in use.

Accepted headers (case-insensitive): ``feature,value,min,max`` (ours), ``category,name,min,max``
(Sortition Foundation), ``category,feature,min,max`` (Panelot), and population shares
``feature,value,share`` which become quotas by rounding share x seats down and up.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from borgersamling.sortition.errors import InputError
from borgersamling.sortition.tables import Row, Table

# "category" wins over "feature" because Panelot names the value column "feature".
FEATURE_HEADERS = ("category", "kategori", "kriterie", "feature")
VALUE_HEADERS = ("value", "name", "værdi", "feature")
SHARE_HEADERS = ("share", "andel")
# Shares from published statistics are rounded; a sum this close to 100 % is accepted.
SHARE_SUM_SLACK = Decimal("0.03")


@dataclass(frozen=True)
class Quota:
    feature: str
    value: str
    min: int
    max: int
    row: int = 0
    share: Decimal | None = None

    def label(self) -> str:
        return f"{self.feature} {self.value}"


@dataclass(frozen=True)
class QuotaSet:
    """All quotas of one selection, grouped by feature in file order."""

    source: str
    seats: int
    quotas: tuple[Quota, ...]

    @property
    def features(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(q.feature for q in self.quotas))

    def for_feature(self, feature: str) -> tuple[Quota, ...]:
        return tuple(q for q in self.quotas if q.feature == feature)

    def get(self, feature: str, value: str) -> Quota:
        for quota in self.quotas:
            if quota.feature == feature and quota.value == value:
                return quota
        raise KeyError((feature, value))

    def with_bounds(self, bounds: dict[tuple[str, str], tuple[int, int]]) -> QuotaSet:
        changed = tuple(
            Quota(q.feature, q.value, *bounds.get((q.feature, q.value), (q.min, q.max)), q.row)
            for q in self.quotas
        )
        return QuotaSet(self.source, self.seats, changed)


def _pick_column(table: Table, candidates: tuple[str, ...], exclude: str = "") -> str | None:
    lowered = {column.casefold(): column for column in table.header if column != exclude}
    for candidate in candidates:
        if candidate in lowered:
            return lowered[candidate]
    return None


def _parse_count(table: Table, row: Row, column: str) -> int:
    text = row.values[column]
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite() or number != number.to_integral_value() or number < 0:
        raise InputError(
            "quota_not_count", file=table.name, row=row.number, column=column, value=text
        )
    return int(number)


def _parse_share(table: Table, row: Row, column: str) -> Decimal:
    text = row.values[column]
    cleaned = text.replace("%", "").replace(",", ".").strip()
    try:
        share = Decimal(cleaned)
    except InvalidOperation:
        share = Decimal("NaN")
    if not share.is_finite() or share < 0:
        raise InputError(
            "share_invalid", file=table.name, row=row.number, column=column, value=text
        )
    return share / 100 if "%" in text else share


def parse_quotas(table: Table, seats: int, tolerance: int = 0) -> QuotaSet:
    if seats <= 0:
        raise InputError("seats_not_positive", seats=seats)
    if tolerance < 0:
        raise InputError("tolerance_negative", tolerance=tolerance)
    feature_col = _pick_column(table, FEATURE_HEADERS)
    value_col = _pick_column(table, VALUE_HEADERS, exclude=feature_col or "")
    share_col = _pick_column(table, SHARE_HEADERS)
    min_col = _pick_column(table, ("min", "minimum"))
    max_col = _pick_column(table, ("max", "maximum"))
    missing = [
        name for name, column in (("feature", feature_col), ("value", value_col)) if column is None
    ]
    if share_col is None or (min_col is None) != (max_col is None):
        # Shares alone suffice, but a min column needs a max column and vice versa.
        missing += [name for name, column in (("min", min_col), ("max", max_col)) if column is None]
    if missing:
        raise InputError(
            "quota_columns_missing",
            file=table.name,
            columns=", ".join(missing),
            found=", ".join(table.header),
        )
    assert feature_col is not None and value_col is not None
    if not table.rows:
        raise InputError("quotas_empty", file=table.name)

    quotas: list[Quota] = []
    seen: dict[tuple[str, str], int] = {}
    for row in table.rows:
        feature = row.values[feature_col]
        value = row.values[value_col]
        for column, text in ((feature_col, feature), (value_col, value)):
            if text == "":
                raise InputError("cell_blank", file=table.name, row=row.number, column=column)
        key = (feature.casefold(), value.casefold())
        if key in seen:
            raise InputError(
                "quota_duplicate",
                file=table.name,
                row=row.number,
                first_row=seen[key],
                feature=feature,
                value=value,
            )
        seen[key] = row.number
        if share_col is not None and (min_col is None or row.values.get(min_col, "") == ""):
            share = _parse_share(table, row, share_col)
            exact = share * seats
            low = max(0, math.floor(exact) - tolerance)
            high = min(seats, math.ceil(exact) + tolerance)
            quotas.append(Quota(feature, value, low, high, row.number, share))
            continue
        assert min_col is not None and max_col is not None
        low = _parse_count(table, row, min_col)
        high = _parse_count(table, row, max_col)
        if low > high:
            raise InputError(
                "quota_min_above_max",
                file=table.name,
                row=row.number,
                feature=feature,
                value=value,
                min=low,
                max=high,
            )
        quotas.append(Quota(feature, value, low, high, row.number))

    quota_set = QuotaSet(source=table.name, seats=seats, quotas=tuple(quotas))
    _check_shares(quota_set)
    _check_seats_fit(quota_set)
    return quota_set


def _check_shares(quota_set: QuotaSet) -> None:
    for feature in quota_set.features:
        shares = [q.share for q in quota_set.for_feature(feature) if q.share is not None]
        if shares and abs(sum(shares, Decimal(0)) - 1) > SHARE_SUM_SLACK:
            raise InputError(
                "shares_do_not_sum",
                file=quota_set.source,
                feature=feature,
                total=f"{float(sum(shares, Decimal(0))) * 100:.1f}",
            )


def _check_seats_fit(quota_set: QuotaSet) -> None:
    for feature in quota_set.features:
        group = quota_set.for_feature(feature)
        low = sum(q.min for q in group)
        high = sum(q.max for q in group)
        if not low <= quota_set.seats <= high:
            raise InputError(
                "seats_outside_quotas",
                file=quota_set.source,
                feature=feature,
                seats=quota_set.seats,
                low=low,
                high=high,
            )


def write_quotas(quota_set: QuotaSet, path: Path) -> None:
    """Write quotas in our own format, readable again by ``parse_quotas``."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["feature", "value", "min", "max"])
        for quota in quota_set.quotas:
            writer.writerow([quota.feature, quota.value, quota.min, quota.max])
