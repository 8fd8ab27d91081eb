"""Property: on generated pools, every panel the lottery can draw is valid.

The whole pipeline runs (types, LEXIMIN or legacy, rounding to the lottery table, realising
type counts as people), and each row of the table is checked against the input rows
directly: exact seat count, every quota, at most one person per household.
"""

from __future__ import annotations

import random
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from borgersamling.sortition.errors import SortitionError
from borgersamling.sortition.selection import SelectionRequest, run_selection

FEATURES = {"gender": ("woman", "man"), "age": ("young", "middle", "old"), "area": ("n", "s")}


@st.composite
def pools(draw: st.DrawFn) -> tuple[list[dict[str, str]], int]:
    """People with features and addresses (many shared), and a seat count that fits."""
    size = draw(st.integers(6, 40))
    rng = random.Random(draw(st.integers(0, 2**32)))
    addresses = [f"Vej {rng.randrange(size)}" if rng.random() < 0.5 else "" for _ in range(size)]
    people = [
        {"id": f"p{n}", **{f: rng.choice(v) for f, v in FEATURES.items()}, "address": a}
        for n, a in enumerate(addresses)
    ]
    households = len({p["address"] or p["id"] for p in people})
    seats = draw(st.integers(2, min(8, households)))
    return people, seats


def _write(folder: Path, people: list[dict[str, str]], seats: int, rng: random.Random) -> None:
    """Quotas around one household-respecting panel, so a valid panel always exists."""
    seen: set[str] = set()
    panel: list[dict[str, str]] = []
    for person in rng.sample(people, len(people)):
        key = person["address"] or person["id"]
        if key not in seen and len(panel) < seats:
            seen.add(key)
            panel.append(person)
    counts = Counter((f, p[f]) for p in panel for f in FEATURES)
    lines = ["feature,value,min,max"]
    for feature, values in FEATURES.items():
        for value in values:
            count = counts[(feature, value)]
            lines.append(f"{feature},{value},{max(0, count - rng.randint(0, 1))},{count + 1}")
    header = ["id", *FEATURES, "address"]
    rows = [",".join(header)] + [",".join(p[c] for c in header) for p in people]
    (folder / "pool.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (folder / "quotas.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _violations(rows: list[dict[str, str]], quotas: list[str], seats: int) -> list[str]:
    problems = []
    if len(rows) != seats or len({r["id"] for r in rows}) != seats:
        problems.append(f"{len(rows)} people for {seats} seats")
    for line in quotas[1:]:
        feature, value, low, high = line.split(",")
        count = sum(r[feature] == value for r in rows)
        if not int(low) <= count <= int(high):
            problems.append(f"{feature} {value}: {count} outside {low}..{high}")
    addresses = Counter(r["address"] for r in rows if r["address"])
    problems += [f"household {a} twice" for a, n in addresses.items() if n > 1]
    return problems


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pool=pools(), algorithm=st.sampled_from(["leximin", "legacy"]), seed=st.integers(0, 10**6))
def test_every_lottery_row_is_a_valid_panel(
    pool: tuple[list[dict[str, str]], int], algorithm: str, seed: int
) -> None:
    people, seats = pool
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        _write(folder, people, seats, random.Random(seed))
        request = SelectionRequest(
            folder / "pool.csv",
            folder / "quotas.csv",
            seats,
            seed=seed,
            algorithm=algorithm,
            household_columns=("address",),
            lottery_size=60,
        )
        try:
            result = run_selection(request)
        except SortitionError as error:
            # The greedy legacy draw can get stuck on a feasible instance; LEXIMIN never may.
            assert algorithm == "legacy" and error.code == "legacy_failed"
            return
        quotas = (folder / "quotas.csv").read_text(encoding="utf-8").splitlines()
    for number, row in enumerate(result.lottery.panels):
        members = [people[i] for i in row]
        assert _violations(members, quotas, seats) == [], f"lottery row {number}"
    assert result.panel == list(result.lottery.panels[seed % 60])
    assert not set(result.panel) & set(result.reserves)
    assert np.isclose(result.probabilities.sum(), seats)
    assert np.isclose(result.lottery_probabilities.sum(), seats)
    if algorithm == "leximin":
        # Rounding to 60 rows moves no one by more than a few rows' worth of chance.
        gap = np.abs(result.lottery_probabilities - result.probabilities).max()
        assert gap <= seats / 60 + 1e-9
