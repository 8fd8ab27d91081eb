"""Synthetic pools for the examples and benchmarks, generated reproducibly.

The Dragør-like pool follows the sign-up shares shown in the seed slides (age, education and
area); gender is the seed's 54/46 split; housing tenure is not shown in the slides, so its
shares are invented. Every feature's counts are exact; features are independent.
Run ``python benchmarks/instances.py OUTDIR`` to write them.
"""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

Spec = dict[str, dict[str, tuple[int, float]]]
"""Feature -> value -> (count in the pool, municipality share)."""

DRAGOR: Spec = {
    "køn": {"Kvinde": (129, 0.50), "Mand": (110, 0.50), "Andet": (1, 0.0)},
    "alder": {"15-24": (4, 0.11), "25-39": (22, 0.15), "40-59": (77, 0.35), "60+": (137, 0.39)},
    "uddannelse": {
        "Grundskole og andet": (29, 0.21),
        "Gymnasial": (12, 0.12),
        "Erhvervsuddannelse": (34, 0.25),
        "Kort videregående": (24, 0.06),
        "Mellemlang og lang": (141, 0.36),
    },
    "bopæl": {
        "Søvang og syd": (46, 0.14),
        "St. Magleby og vængerne": (101, 0.49),
        "Gl. Dragør og Nordstranden": (93, 0.37),
    },
    "ejerforhold": {"Ejer": (187, 0.70), "Lejer": (34, 0.20), "Andel": (19, 0.10)},
}

SIX_FEATURES: Spec = {
    "gender": {"female": (780, 0.51), "male": (705, 0.48), "other": (15, 0.01)},
    "age": {
        "16-29": (190, 0.22),
        "30-44": (330, 0.25),
        "45-59": (420, 0.25),
        "60-74": (410, 0.19),
        "75+": (150, 0.09),
    },
    "education": {
        "basic": (240, 0.28),
        "vocational": (380, 0.32),
        "short": (170, 0.08),
        "higher": (710, 0.32),
    },
    "region": {
        "north": (260, 0.20),
        "central": (420, 0.22),
        "south": (300, 0.21),
        "capital": (390, 0.29),
        "zealand": (130, 0.08),
    },
    "tenure": {"owner": (980, 0.55), "renter": (420, 0.38), "cooperative": (100, 0.07)},
    "born_abroad": {"no": (1390, 0.86), "yes": (110, 0.14)},
}


def _column(values: dict[str, tuple[int, float]], rng: random.Random) -> list[str]:
    column = [value for value, (count, _) in values.items() for _ in range(count)]
    rng.shuffle(column)
    return column


def make_pool(spec: Spec, seed: int, households: int = 0) -> list[dict[str, str]]:
    """One row per person; ``households`` pairs of people get a shared address."""
    rng = random.Random(seed)
    size = sum(count for count, _ in next(iter(spec.values())).values())
    columns = {feature: _column(values, rng) for feature, values in spec.items()}
    rows = [
        {
            "id": f"P{number:04d}",
            **{f: columns[f][number - 1] for f in spec},
            "adresse": f"Vej {number}",
        }
        for number in range(1, size + 1)
    ]
    # Couples: the second person of a pair moves in with the first.
    candidates = list(range(size))
    rng.shuffle(candidates)
    for first, second in zip(
        candidates[0 : 2 * households : 2], candidates[1 : 2 * households : 2], strict=True
    ):
        rows[second]["adresse"] = rows[first]["adresse"]
    return rows


def quotas_from_shares(spec: Spec) -> list[dict[str, str]]:
    return [
        {"feature": feature, "value": value, "share": f"{share:.2f}"}
        for feature, values in spec.items()
        for value, (_, share) in values.items()
    ]


def write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    write_csv(out / "dragor-pool.csv", make_pool(DRAGOR, seed=2025, households=12))
    write_csv(out / "dragor-targets.csv", quotas_from_shares(DRAGOR))
    write_csv(out / "six-features-pool.csv", make_pool(SIX_FEATURES, seed=1500, households=40))
    write_csv(out / "six-features-targets.csv", quotas_from_shares(SIX_FEATURES))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
