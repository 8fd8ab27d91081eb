"""Write a selection's result files into the output folder, and read the record back.

Files: panel.csv, reserves.csv, probabilities.csv, lottery.csv, report.json, report.html.
Everything except the report's wall time is a function of the inputs and the seed, so a
repeated run writes the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

from borgersamling import __version__
from borgersamling.sortition.lottery import largest_gap
from borgersamling.sortition.report_html import render_report
from borgersamling.sortition.selection import SelectionResult

REPORT_FILE = "report.json"


def _recorded_path(path: Path, out_dir: Path) -> str:
    """The input's path relative to the output folder, so the folder can be audited from
    anywhere as long as the two stay side by side."""
    try:
        return os.path.relpath(path.resolve(), out_dir.resolve())
    except ValueError:  # another drive on Windows
        return str(path.resolve())


def build_report(result: SelectionResult, out_dir: Path) -> dict[str, Any]:
    request, inputs = result.request, result.inputs
    pool, quotas = inputs.pool, inputs.quotas
    panel_counts = Counter(
        (feature, pool.people[i].features[feature])
        for i in result.panel
        for feature in quotas.features
    )
    pool_counts = Counter(
        (feature, person.features[feature]) for person in pool.people for feature in quotas.features
    )
    return {
        "tool": f"borgersamling {__version__}",
        "algorithm": request.algorithm,
        "seats": request.seats,
        "pool_size": len(pool),
        "seed": request.seed,
        "lottery_size": result.lottery.size,
        "panel_number": result.panel_number,
        "inputs": {
            "pool": {
                "path": _recorded_path(request.pool_path, out_dir),
                "sha256": inputs.pool_sha256,
            },
            "quotas": {
                "path": _recorded_path(request.quotas_path, out_dir),
                "sha256": inputs.quotas_sha256,
            },
            "id_column": request.id_column,
            "household_columns": list(request.household_columns),
            "tolerance": request.tolerance,
        },
        "quotas": [
            {
                "feature": q.feature,
                "value": q.value,
                "min": q.min,
                "max": q.max,
                "pool": pool_counts[(q.feature, q.value)],
                "panel": panel_counts[(q.feature, q.value)],
            }
            for q in quotas.quotas
        ],
        "households": len(pool.households()),
        "probabilities": {
            request.algorithm: result.summary.as_dict(),
            "lottery": result.lottery_summary.as_dict(),
        },
        # What rounding to M panels cost: the largest change in anyone's chance.
        "lottery_rounding_gap": round(largest_gap(result.lottery, result.probabilities), 6),
        "unselectable": [
            {"id": pool.people[person].id, "reason": reason.text("en"), "code": reason.code}
            for person, reason in result.unselectable
        ],
        "panel": [pool.people[i].id for i in result.panel],
        "reserves": [pool.people[i].id for i in result.reserves],
        "wall_time_seconds": round(result.wall_time, 3),
    }


def _csv_text(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def result_files(result: SelectionResult, out_dir: Path) -> dict[str, str]:
    """Every output file's name and text."""
    pool = result.inputs.pool
    people = pool.people
    # With ids numbered from the rows, no input column says who was drawn (rows may even be
    # identical), so the panel and reserves start with the same ids as the other files.
    numbered = result.request.id_column is None
    id_column = "id"
    while numbered and id_column in pool.header:
        id_column = f"_{id_column}"
    header = [id_column, *pool.header] if numbered else pool.header

    def records(indexes: list[int]) -> list[list[str]]:
        return [
            ([people[i].id] if numbered else [])
            + [people[i].record[column] for column in pool.header]
            for i in indexes
        ]

    report = build_report(result, out_dir)
    seats = result.request.seats
    return {
        "panel.csv": _csv_text(header, records(sorted(result.panel, key=lambda i: people[i].row))),
        "reserves.csv": _csv_text(
            ["reserve_rank", *header],
            [[str(rank), *row] for rank, row in enumerate(records(result.reserves), start=1)],
        ),
        "probabilities.csv": _csv_text(
            ["id", "probability", "lottery_probability"],
            [
                [person.id, f"{p:.6f}", f"{lp:.6f}"]
                for person, p, lp in zip(
                    people, result.probabilities, result.lottery_probabilities, strict=True
                )
            ],
        ),
        "lottery.csv": _csv_text(
            ["panel", *(f"member_{k}" for k in range(1, seats + 1))],
            [
                [str(number), *(people[i].id for i in panel)]
                for number, panel in enumerate(result.lottery.panels)
            ],
        ),
        REPORT_FILE: json.dumps(report, ensure_ascii=False, indent=2) + "\n",
        "report.html": render_report(report, result.probabilities.tolist()),
    }


def write_result(result: SelectionResult, out_dir: Path) -> list[Path]:
    """Write all files; each appears whole or not at all (written aside, then renamed)."""
    files = result_files(result, out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name, text in files.items():
        target = out_dir / name
        partial = out_dir / f".{name}.partial"
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, target)
        written.append(target)
    return written


def read_report(out_dir: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out_dir / REPORT_FILE).read_text(encoding="utf-8"))
    return data
