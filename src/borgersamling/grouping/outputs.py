"""Write a seating's files: seating.csv, report.json, report.html.

seating.csv holds the history's seats followed by the new ones, so it is the whole record
and the next run can take it as ``--history``. Everything but the report's wall time is a
function of the inputs and the seed, so a repeated run writes the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import Any

from borgersamling import __version__
from borgersamling.grouping.engine import SeatingResult
from borgersamling.grouping.report_html import render_report

SEATING_FILE = "seating.csv"
REPORT_FILE = "report.json"


def seating_csv(result: SeatingResult) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["session", "table", "member_id", "role"])
    for seat in [*result.problem.history, *result.plan.seats]:
        writer.writerow([seat.session, seat.table, seat.member_id, seat.role])
    return buffer.getvalue()


def build_report(result: SeatingResult, inputs: dict[str, dict[str, str]]) -> dict[str, Any]:
    problem = result.problem
    return {
        "tool": f"borgersamling {__version__}",
        "seed": problem.seed,
        "mixing_mode": problem.mixing,
        "effort": problem.effort,
        "members": len(problem.members),
        "features": list(problem.features),
        "tables": [{"name": t.name, "capacity": t.capacity} for t in problem.tables],
        "sessions_seated": list(problem.sessions),
        "sessions_in_history": sorted({seat.session for seat in problem.history}),
        "absent": {str(s): sorted(ids) for s, ids in sorted(problem.absent.items())},
        "fixed_seats": len(problem.fixed),
        "inputs": inputs,
        "lower_bound": result.lower_bound,
        **result.quality,
        "tradeoff": result.tradeoff,
        "wall_time_seconds": round(result.wall_time, 3),
    }


def result_files(result: SeatingResult, inputs: dict[str, dict[str, str]]) -> dict[str, str]:
    report = build_report(result, inputs)
    return {
        SEATING_FILE: seating_csv(result),
        REPORT_FILE: json.dumps(report, ensure_ascii=False, indent=2) + "\n",
        "report.html": render_report(report),
    }


def write_result(
    result: SeatingResult, out_dir: Path, inputs: dict[str, dict[str, str]]
) -> list[Path]:
    """Write all files; each appears whole or not at all (written aside, then renamed)."""
    files = result_files(result, inputs)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name, text in files.items():
        target = out_dir / name
        partial = out_dir / f".{name}.partial"
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, target)
        written.append(target)
    return written
