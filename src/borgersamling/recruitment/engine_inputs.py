"""The selection engine's input files, made from what is stored.

The pool file holds each active sign-up's pseudonymous number, features and a household
pseudonym (H1, H2 ... in order of first appearance), never a name or an address: it is
published at the lottery so anyone can re-run the draw. The quota file holds the targets
as population shares; the engine turns them into seat ranges with the tolerance.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from borgersamling.recruitment.models import Feature, FeatureValue, Recruitment, SignUp
from borgersamling.sortition.panel_space import PanelSpace
from borgersamling.sortition.pool import Pool, parse_pool
from borgersamling.sortition.quotas import QuotaSet, parse_quotas
from borgersamling.sortition.tables import read_table

POOL_FILE = "pool.csv"
QUOTAS_FILE = "quotas.csv"
ID_COLUMN = "nummer"
HOUSEHOLD_COLUMN = "husstand"


@dataclass(frozen=True)
class EngineFiles:
    pool_csv: str
    quotas_csv: str
    seats: int
    tolerance: int


def _csv(header: list[str], rows: Iterable[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def drawable_signups(recruitment: Recruitment) -> list[SignUp]:
    """Who takes part in a lottery: sign-ups still in the pool."""
    return list(
        SignUp.objects.filter(recruitment=recruitment, status=SignUp.Status.POOL).order_by("number")
    )


def pool_csv(recruitment: Recruitment, signups: Iterable[SignUp]) -> str:
    features = list(Feature.objects.filter(recruitment=recruitment))
    pseudonyms: dict[str, str] = {}
    rows = []
    for signup in signups:
        household = ""
        if signup.household_key:
            household = pseudonyms.setdefault(signup.household_key, f"H{len(pseudonyms) + 1}")
        values = [str(signup.features.get(feature.key, "")) for feature in features]
        rows.append([str(signup.number), *values, household])
    return _csv([ID_COLUMN, *(f.key for f in features), HOUSEHOLD_COLUMN], rows)


def quotas_csv(recruitment: Recruitment) -> str:
    values = FeatureValue.objects.filter(feature__recruitment=recruitment).select_related("feature")
    rows = [
        [v.feature.key, v.value, "" if v.population_share is None else str(v.population_share)]
        for v in values.order_by("feature__order", "feature__pk", "order", "pk")
    ]
    return _csv(["feature", "value", "share"], rows)


def engine_files(recruitment: Recruitment, seats: int | None = None) -> EngineFiles:
    seats = seats if seats is not None else recruitment.assembly.seats or 0
    return EngineFiles(
        pool_csv=pool_csv(recruitment, drawable_signups(recruitment)),
        quotas_csv=quotas_csv(recruitment),
        seats=seats,
        tolerance=recruitment.tolerance,
    )


def write_files(files: EngineFiles, folder: Path) -> tuple[Path, Path]:
    pool_path = folder / POOL_FILE
    quotas_path = folder / QUOTAS_FILE
    pool_path.write_text(files.pool_csv, encoding="utf-8")
    quotas_path.write_text(files.quotas_csv, encoding="utf-8")
    return pool_path, quotas_path


def parse_files(files: EngineFiles) -> tuple[Pool, QuotaSet]:
    """Parse the files exactly as ``borgersamling select`` would; raises the engine's
    ``InputError`` when targets are missing or do not add up."""
    with tempfile.TemporaryDirectory(prefix="borgersamling-engine-") as folder:
        pool_path, quotas_path = write_files(files, Path(folder))
        quotas = parse_quotas(read_table(quotas_path), files.seats, files.tolerance)
        pool = parse_pool(read_table(pool_path), quotas, ID_COLUMN, (HOUSEHOLD_COLUMN,))
    return pool, quotas


def panel_space(files: EngineFiles) -> PanelSpace:
    pool, quotas = parse_files(files)
    return PanelSpace(pool, quotas)
