"""Shared test helpers: the sample instances and checks computed independently of the engine.

The checks here read the input files themselves (quota bounds, households, pool records)
rather than asking the engine, so a test that passes means the engine's output agrees with
the files, not merely with itself.
"""

from __future__ import annotations

import csv
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from borgersamling.sortition.selection import SelectionRequest

REPO = Path(__file__).resolve().parents[1]
DRAGOR_DIR = REPO / "examples" / "dragor"
# CI clones the repository with ../shared beside it, as here.
SMALL_20_DIR = REPO.parent / "shared" / "benchmarks" / "flanigan2021" / "example_small_20"

RESULT_FILES = (
    "panel.csv",
    "reserves.csv",
    "probabilities.csv",
    "lottery.csv",
    "report.json",
    "report.html",
)


@dataclass(frozen=True)
class Instance:
    """A pool and quotas with the options that make a sensible selection from them."""

    pool: Path
    quotas: Path
    seats: int
    tolerance: int = 0
    household_columns: tuple[str, ...] = ()
    id_column: str | None = "id"

    def with_files(self, pool: Path | None = None, quotas: Path | None = None) -> Instance:
        return Instance(
            pool or self.pool,
            quotas or self.quotas,
            self.seats,
            self.tolerance,
            self.household_columns,
            self.id_column,
        )

    def select_argv(self, out: Path, seed: int | str, *extra: str) -> list[str]:
        argv = [
            "select",
            "--pool",
            str(self.pool),
            "--quotas",
            str(self.quotas),
            "--seats",
            str(self.seats),
            "--out",
            str(out),
            "--seed",
            str(seed),
        ]
        if self.tolerance:
            argv += ["--tolerance", str(self.tolerance)]
        if self.household_columns:
            argv += ["--household-columns", ",".join(self.household_columns)]
        if self.id_column is None:
            argv.append("--ids-from-row-numbers")
        elif self.id_column != "id":
            argv += ["--id-column", self.id_column]
        return argv + list(extra)

    def request(
        self, seed: int, algorithm: str = "leximin", lottery_size: int = 1000
    ) -> SelectionRequest:
        return SelectionRequest(
            pool_path=self.pool,
            quotas_path=self.quotas,
            seats=self.seats,
            seed=seed,
            algorithm=algorithm,
            household_columns=self.household_columns,
            id_column=self.id_column,
            lottery_size=lottery_size,
            tolerance=self.tolerance,
        )


DRAGOR = Instance(
    DRAGOR_DIR / "pool.csv",
    DRAGOR_DIR / "targets.csv",
    seats=36,
    tolerance=1,
    household_columns=("adresse",),
)
SMALL_20 = Instance(
    SMALL_20_DIR / "respondents.csv",
    SMALL_20_DIR / "categories.csv",
    seats=20,
    id_column=None,
)


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of a comma-separated UTF-8 file (the engine's outputs, our inputs)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = [dict(zip(header, row, strict=True)) for row in reader if row]
    return header, rows


def pool_records(instance: Instance) -> list[dict[str, str]]:
    """The pool's rows in file order, each with an ``"@id"`` key holding the person's id."""
    _, rows = read_csv(instance.pool)
    for number, row in enumerate(rows, start=1):
        row["@id"] = str(number) if instance.id_column is None else row[instance.id_column]
    return rows


def _feature_and_value_columns(header: Sequence[str]) -> tuple[str, str]:
    lowered = [column.casefold() for column in header]
    if "category" in lowered:  # Sortition Foundation / Panelot: category,feature or name
        feature = header[lowered.index("category")]
        value = header[lowered.index("name" if "name" in lowered else "feature")]
        return feature, value
    return header[lowered.index("feature")], header[lowered.index("value")]


def quota_bounds(instance: Instance) -> dict[tuple[str, str], tuple[int, int]]:
    """(feature, value) -> (min, max) seats, read from the quotas file by the test itself."""
    header, rows = read_csv(instance.quotas)
    feature_col, value_col = _feature_and_value_columns(header)
    seats, tolerance = instance.seats, instance.tolerance
    bounds: dict[tuple[str, str], tuple[int, int]] = {}
    for row in rows:
        key = (row[feature_col], row[value_col])
        if row.get("min", "") != "":
            bounds[key] = (int(row["min"]), int(row["max"]))
        else:
            exact = Decimal(row["share"]) * seats
            low = max(0, math.floor(exact) - tolerance)
            high = min(seats, math.ceil(exact) + tolerance)
            bounds[key] = (low, high)
    return bounds


def household_key(record: Mapping[str, str], columns: Sequence[str]) -> str | None:
    parts = [" ".join(record[column].casefold().split()) for column in columns]
    return "|".join(parts) if any(parts) else None


def assert_valid_panel(members: Sequence[Mapping[str, str]], instance: Instance) -> None:
    """Exactly ``seats`` distinct people, every quota met, at most one per household."""
    ids = [member["@id"] if "@id" in member else member["id"] for member in members]
    assert len(members) == instance.seats, f"panel has {len(members)} people"
    assert len(set(ids)) == len(ids), "someone is on the panel twice"
    bounds = quota_bounds(instance)
    features = {feature for feature, _ in bounds}
    counts = Counter(
        (feature, member[feature]) for member in members for feature in sorted(features)
    )
    for key in counts:
        assert key in bounds, f"{key} has no quota"
    for key, (low, high) in bounds.items():
        assert low <= counts[key] <= high, f"{key}: {counts[key]} seats, quota {low}-{high}"
    if instance.household_columns:
        keys = [household_key(member, instance.household_columns) for member in members]
        shared = [key for key in keys if key is not None]
        assert len(shared) == len(set(shared)), "two people from one household"


def gini(values: Sequence[float]) -> float:
    """Gini coefficient as mean absolute difference over twice the mean (O(n^2), on purpose
    a different formula from the engine's rank-based one)."""
    n = len(values)
    total = sum(values)
    if n == 0 or total == 0:
        return 0.0
    differences = sum(abs(a - b) for a in values for b in values)
    return differences / (2 * n * total)


needs_small_20 = pytest.mark.skipif(
    not SMALL_20_DIR.is_dir(), reason=f"benchmark instance missing: {SMALL_20_DIR}"
)
