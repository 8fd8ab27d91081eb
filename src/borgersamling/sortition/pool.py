"""The pool of respondents: who volunteered, with the features the quotas are about."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from borgersamling.sortition.errors import InputError
from borgersamling.sortition.quotas import QuotaSet
from borgersamling.sortition.tables import Table


@dataclass(frozen=True)
class Person:
    id: str
    row: int
    features: Mapping[str, str]
    """Feature -> value, spelled as in the quotas file."""
    household: str | None
    """Normalised household key, or None when the person shares no household columns."""
    record: Mapping[str, str]
    """Every input column, untouched, for the output files."""


@dataclass(frozen=True)
class Pool:
    source: Table
    id_column: str
    household_columns: tuple[str, ...]
    people: tuple[Person, ...]

    @property
    def header(self) -> list[str]:
        return self.source.header

    def __len__(self) -> int:
        return len(self.people)

    def households(self) -> dict[str, list[int]]:
        """Households with more than one person in the pool, as lists of person indexes."""
        members: dict[str, list[int]] = {}
        for index, person in enumerate(self.people):
            if person.household is not None:
                members.setdefault(person.household, []).append(index)
        return {key: group for key, group in members.items() if len(group) > 1}


def household_key(values: Sequence[str]) -> str | None:
    parts = [" ".join(value.casefold().split()) for value in values]
    if not any(parts):
        return None  # no address given: the person lives alone as far as we know
    return "|".join(parts)


def _column_lookup(table: Table) -> dict[str, str]:
    return {column.casefold(): column for column in table.header}


def parse_pool(
    table: Table,
    quotas: QuotaSet,
    id_column: str | None = "id",
    household_columns: Sequence[str] = (),
) -> Pool:
    """Check the pool against the quotas and build its people.

    ``id_column=None`` numbers the rows 1, 2, ... instead (the Nature 2021 replication data
    has no id column).
    """
    columns = _column_lookup(table)
    wanted = ([] if id_column is None else [id_column]) + list(household_columns)
    missing = [name for name in wanted if name.casefold() not in columns]
    if missing:
        raise InputError(
            "pool_columns_missing",
            file=table.name,
            columns=", ".join(missing),
            found=", ".join(table.header),
        )
    feature_columns: dict[str, str] = {}
    for feature in quotas.features:
        column = columns.get(feature.casefold())
        if column is None:
            raise InputError(
                "quota_feature_not_in_pool",
                file=table.name,
                quotas_file=quotas.source,
                feature=feature,
                found=", ".join(table.header),
            )
        feature_columns[feature] = column
    if not table.rows:
        raise InputError("pool_empty", file=table.name)

    values_by_feature = {
        feature: {quota.value.casefold(): quota.value for quota in quotas.for_feature(feature)}
        for feature in quotas.features
    }
    id_source = None if id_column is None else columns[id_column.casefold()]
    household_sources = [columns[name.casefold()] for name in household_columns]
    people: list[Person] = []
    first_row_of: dict[str, int] = {}
    for position, row in enumerate(table.rows, start=1):
        person_id = str(position) if id_source is None else row.values[id_source]
        if person_id == "":
            raise InputError("cell_blank", file=table.name, row=row.number, column=id_source)
        if person_id in first_row_of:
            raise InputError(
                "pool_duplicate_id",
                file=table.name,
                row=row.number,
                column=id_source,
                value=person_id,
                first_row=first_row_of[person_id],
            )
        first_row_of[person_id] = row.number
        features: dict[str, str] = {}
        for feature, column in feature_columns.items():
            raw = row.values[column]
            value = values_by_feature[feature].get(raw.casefold())
            if value is None:
                raise InputError(
                    "pool_value_without_quota",
                    file=table.name,
                    row=row.number,
                    column=column,
                    value=raw,
                    quotas_file=quotas.source,
                    known=", ".join(values_by_feature[feature].values()),
                )
            features[feature] = value
        household = household_key([row.values[column] for column in household_sources])
        people.append(Person(person_id, row.number, features, household, row.values))
    return Pool(table, id_source or "row", tuple(household_sources), tuple(people))
