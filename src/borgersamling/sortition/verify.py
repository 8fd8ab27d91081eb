"""Re-run a recorded selection from its inputs and compare every output file."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from borgersamling.sortition.errors import InputError, VerificationError
from borgersamling.sortition.outputs import REPORT_FILE, read_report, result_files
from borgersamling.sortition.progress import Reporter
from borgersamling.sortition.selection import SelectionRequest, run_selection
from borgersamling.sortition.tables import sha256_of

# Fields that may differ between two honest runs: timing, and where the inputs were read
# from when an auditor points at copies kept elsewhere.
VOLATILE = ("wall_time_seconds", "inputs")


@dataclass(frozen=True)
class Verification:
    panel_number: int
    lottery_size: int
    seed: int
    panel: list[str]


def _request_from(
    report: dict[str, Any], out_dir: Path, pool: Path | None, quotas: Path | None
) -> SelectionRequest:
    inputs = report["inputs"]
    return SelectionRequest(
        pool_path=pool or out_dir / inputs["pool"]["path"],
        quotas_path=quotas or out_dir / inputs["quotas"]["path"],
        seats=int(report["seats"]),
        seed=int(report["seed"]),
        algorithm=str(report["algorithm"]),
        household_columns=tuple(inputs["household_columns"]),
        id_column=inputs["id_column"],
        lottery_size=int(report["lottery_size"]),
        tolerance=int(inputs["tolerance"]),
    )


def _stable(text: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(text)
    recorded = data.get("inputs", {})
    for key in VOLATILE:
        data.pop(key, None)
    data["input_hashes"] = [recorded.get(name, {}).get("sha256") for name in ("pool", "quotas")]
    return data


def verify_selection(
    out_dir: Path,
    reporter: Reporter,
    pool: Path | None = None,
    quotas: Path | None = None,
) -> Verification:
    report_path = out_dir / REPORT_FILE
    try:
        report = read_report(out_dir)
        request = _request_from(report, out_dir, pool, quotas)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError("report_unreadable", file=str(report_path), reason=str(exc)) from exc
    for path, name in ((request.pool_path, "pool"), (request.quotas_path, "quotas")):
        if not path.is_file():
            raise InputError("file_missing", file=str(path))
        recorded = report["inputs"][name]["sha256"]
        actual = sha256_of(path)
        if actual != recorded:
            raise VerificationError(
                "input_changed", file=str(path), recorded=recorded, actual=actual
            )

    result = run_selection(request, reporter)
    # The HTML report shows where the inputs were read from, so it can only be compared
    # byte for byte when they are read from where they were recorded.
    moved = pool is not None or quotas is not None
    differences: list[str] = []
    for name, text in result_files(result, out_dir).items():
        target = out_dir / name
        if not target.is_file():
            differences.append(f"{name}: missing from {out_dir}")
            continue
        on_disk = target.read_text(encoding="utf-8")
        if name == REPORT_FILE:
            same = _stable(on_disk) == _stable(text)
        else:
            same = (name == "report.html" and moved) or on_disk == text
        if not same:
            differences.append(f"{name}: differs from the recomputed file")
    drawn = result.lottery.panels[result.panel_number]
    people = result.inputs.pool.people
    panel_ids = [people[i].id for i in drawn]
    if sorted(panel_ids) != sorted(report.get("panel", [])):
        differences.append(
            f"report.json: the recorded panel is not row {result.panel_number} of the lottery"
        )
    if differences:
        raise VerificationError(
            "verification_failed", differences="\n".join(f"- {d}" for d in differences)
        )
    return Verification(result.panel_number, result.lottery.size, request.seed, panel_ids)
