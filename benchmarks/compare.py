"""Compare this engine's LEXIMIN with sortition-algorithms' maximin on the same instances.

Run it through ``benchmarks/run.sh``, which installs sortition-algorithms into benchmarks/.venv
only. It prints a Markdown table and writes it, with the machine it ran on, to
benchmarks/results.md.

Each engine runs on each instance in a subprocess of its own (this script with ``--worker``),
so a timeout or crash costs one cell of the table, not the run. The time is measured inside
that subprocess, wall clock from reading the input files to having every person's selection
probability; interpreter start-up and imports are left out for both engines alike.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import math
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import instances as synthetic

HERE = Path(__file__).resolve().parent
FLANIGAN = HERE.parent.parent / "shared" / "benchmarks" / "flanigan2021"
# Slack for "at least as high": LP rounding noise only. Their maximin stops up to 0.0005 short
# of the optimum, which can only put their minimum below an exact LEXIMIN's, never above it.
SAME_PROBABILITY = 1e-6
# The targets for our LEXIMIN, in seconds.
TIME_TARGETS = {"dragor": 2.0, "example_large_200": 30.0}
SPEED_TARGET = 10.0


@dataclass(frozen=True)
class Instance:
    name: str
    pool: Path
    quotas: Path
    seats: int
    id_column: str | None
    """None: the pool has no id column and row numbers serve (the Nature 2021 data)."""
    households: tuple[str, ...]
    tolerance: int
    """Seats of slack around quotas given as shares (the synthetic pools)."""


@dataclass(frozen=True)
class Outcome:
    seconds: float | None = None
    min_probability: float | None = None
    failure: str = ""
    """Empty when the run finished; otherwise what happened, for the table."""


def all_instances(data: Path) -> list[Instance]:
    def flanigan(name: str, seats: int) -> Instance:
        folder = FLANIGAN / name
        return Instance(
            name, folder / "respondents.csv", folder / "categories.csv", seats, None, (), 0
        )

    return [
        Instance(
            "dragor",
            data / "dragor-pool.csv",
            data / "dragor-targets.csv",
            36,
            "id",
            ("adresse",),
            1,
        ),
        flanigan("example_small_20", 20),
        flanigan("example_large_200", 200),
        Instance(
            "six_features",
            data / "six-features-pool.csv",
            data / "six-features-targets.csv",
            110,
            "id",
            ("adresse",),
            1,
        ),
    ]


def their_files(instance: Instance, data: Path) -> tuple[Path, Path]:
    return data / f"{instance.name}-sa-features.csv", data / f"{instance.name}-sa-people.csv"


# ---- worker side: one engine, one instance ------------------------------------------------


def run_ours(instance: Instance) -> Outcome:
    from borgersamling.sortition.committee_generation.leximin import find_distribution_leximin
    from borgersamling.sortition.panel_space import PanelSpace
    from borgersamling.sortition.pool import parse_pool
    from borgersamling.sortition.quotas import parse_quotas
    from borgersamling.sortition.tables import read_table

    start = time.perf_counter()
    quotas = parse_quotas(read_table(instance.quotas), instance.seats, instance.tolerance)
    pool = parse_pool(read_table(instance.pool), quotas, instance.id_column, instance.households)
    space = PanelSpace(pool, quotas)
    distribution = find_distribution_leximin(space)
    probabilities = space.person_probabilities(distribution.type_probabilities)
    return Outcome(time.perf_counter() - start, float(probabilities.min()))


def run_theirs(instance: Instance, data: Path) -> Outcome:
    from sortition_algorithms import CSVFileDataSource, SelectionData, Settings
    from sortition_algorithms.committee_generation import find_distribution_maximin

    features_file, people_file = their_files(instance, data)
    start = time.perf_counter()
    settings = Settings(
        id_column="id",
        columns_to_keep=[],
        check_same_address=bool(instance.households),
        check_same_address_columns=list(instance.households),
        # Explicit: asking for "leximin" without Gurobi silently runs maximin instead.
        selection_algorithm="maximin",
    )
    source = CSVFileDataSource(
        features_file=features_file,
        people_file=people_file,
        already_selected_file=None,
        selected_file=data / "unused",
        remaining_file=data / "unused",
    )
    selection = SelectionData(source)
    features, _ = selection.load_features(instance.seats)
    people, _ = selection.load_people(settings, features)
    # The function run_stratification routes "maximin" to; called directly because
    # run_stratification returns only the drawn panel, not the distribution's marginals.
    committees, weights, _ = find_distribution_maximin(
        features,
        people,
        instance.seats,
        settings.normalised_address_columns,
        settings.solver_backend,
    )
    marginals = dict.fromkeys(people, 0.0)
    for committee, weight in zip(committees, weights, strict=True):
        for person in committee:
            marginals[person] += weight
    return Outcome(time.perf_counter() - start, min(marginals.values()))


# ---- parent side ---------------------------------------------------------------------------


def prepare(data: Path) -> list[Instance]:
    """Write the synthetic pools, and every instance in sortition-algorithms' file format.

    Its quotas come from our parser, so both engines get the same bounds (it has no share
    column); its pool gets an explicit id column where the source has none.
    """
    from borgersamling.sortition.quotas import parse_quotas
    from borgersamling.sortition.tables import read_table

    synthetic.main(data)
    chosen = all_instances(data)
    for instance in chosen:
        features_file, people_file = their_files(instance, data)
        quotas = parse_quotas(read_table(instance.quotas), instance.seats, instance.tolerance)
        with features_file.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(["feature", "value", "min", "max"])
            writer.writerows([q.feature, q.value, q.min, q.max] for q in quotas.quotas)
        with instance.pool.open(encoding="utf-8", newline="") as source:
            rows = list(csv.reader(source))
        if instance.id_column is None:
            rows = [["id", *rows[0]]] + [[str(n), *row] for n, row in enumerate(rows[1:], 1)]
        with people_file.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)
    return chosen


def measure(engine: str, instance: Instance, data: Path, timeout: float) -> Outcome:
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--worker",
        engine,
        "--instance",
        instance.name,
        "--data",
        str(data),
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return Outcome(failure=f"timeout (> {timeout:.0f} s)")
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        # The exception line says most; a "|" would break the Markdown table.
        last = (done.stderr.strip().splitlines() or ["no output"])[-1].replace("|", "/")
        return Outcome(failure=f"failed: {last[:100]}")
    return Outcome(**json.loads(lines[-1]))


def seconds(outcome: Outcome) -> str:
    return outcome.failure if outcome.seconds is None else f"{outcome.seconds:.2f}"


def probability(outcome: Outcome) -> str:
    return "—" if outcome.min_probability is None else f"{outcome.min_probability:.5f}"


def ratio(ours: Outcome, theirs: Outcome, their_timeout: float) -> str:
    if ours.seconds is None:
        return "—"
    if theirs.seconds is None:
        # A timeout still bounds the ratio from below; a crash says nothing.
        return (
            f"> {their_timeout / ours.seconds:.0f}x"
            if theirs.failure.startswith("timeout")
            else "—"
        )
    # Rounded down, so that "10.0x" is shown only for a ratio that meets the 10x target.
    return f"{math.floor(10 * theirs.seconds / ours.seconds) / 10:.1f}x"


def table(rows: list[tuple[Instance, int, Outcome, Outcome]], their_timeout: float) -> str:
    lines = [
        "| instance | pool | seats | ours, LEXIMIN (s) | sortition-algorithms maximin (s) "
        "| ratio (their/our) | our min probability | their min probability |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for instance, size, ours, theirs in rows:
        lines.append(
            f"| {instance.name} | {size} | {instance.seats} | {seconds(ours)} | {seconds(theirs)} "
            f"| {ratio(ours, theirs, their_timeout)} | {probability(ours)} "
            f"| {probability(theirs)} |"
        )
    return "\n".join(lines)


def targets(rows: list[tuple[Instance, int, Outcome, Outcome]], their_timeout: float) -> str:
    """The issue's targets, each marked met or missed."""
    checks: list[tuple[str, bool]] = []
    for instance, _, ours, theirs in rows:
        limit = TIME_TARGETS.get(instance.name)
        if limit is not None:
            checks.append(
                (
                    f"LEXIMIN within {limit:.0f} s on {instance.name}",
                    ours.seconds is not None and ours.seconds <= limit,
                )
            )
        their_time = theirs.seconds
        if their_time is None and theirs.failure.startswith("timeout"):
            their_time = their_timeout
        checks.append(
            (
                f"at least {SPEED_TARGET:.0f}x faster on {instance.name}",
                ours.seconds is not None
                and their_time is not None
                and their_time >= SPEED_TARGET * ours.seconds,
            )
        )
        if theirs.min_probability is None:
            # Nothing to compare with; a finished run of ours counts, and the line says why.
            text = f"minimum probability on {instance.name} (sortition-algorithms gave none)"
            checks.append((text, ours.min_probability is not None))
        else:
            checks.append(
                (
                    f"minimum probability at least as high on {instance.name}",
                    ours.min_probability is not None
                    and ours.min_probability >= theirs.min_probability - SAME_PROBABILITY,
                )
            )
    return "\n".join(f"- [{'x' if met else ' '}] {text}" for text, met in checks)


def machine() -> str:
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    models = [line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")]
    model = models[0] if models else platform.processor() or "unknown"
    cpu = f"{model}, {len(models)} logical cores"
    return "\n".join(
        [
            f"- date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
            f"- CPU: {cpu}",
            f"- Python {platform.python_version()}, highspy {version('highspy')}, "
            f"numpy {version('numpy')}, sortition-algorithms {version('sortition-algorithms')}, "
            f"borgersamling {version('borgersamling')}",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--our-timeout", type=float, default=600.0, help="seconds per instance")
    parser.add_argument("--their-timeout", type=float, default=900.0, help="seconds per instance")
    parser.add_argument("--only", nargs="*", help="instance names to run (default: all)")
    parser.add_argument("--output", type=Path, default=HERE / "results.md")
    parser.add_argument("--worker", choices=["ours", "theirs"], help=argparse.SUPPRESS)
    parser.add_argument("--instance", help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.worker:
        instance = next(i for i in all_instances(args.data) if i.name == args.instance)
        outcome = run_ours(instance) if args.worker == "ours" else run_theirs(instance, args.data)
        print(json.dumps({"seconds": outcome.seconds, "min_probability": outcome.min_probability}))
        return

    rows: list[tuple[Instance, int, Outcome, Outcome]] = []
    with tempfile.TemporaryDirectory(prefix="borgersamling-bench-") as folder:
        data = Path(folder)
        for instance in prepare(data):
            if args.only and instance.name not in args.only:
                continue
            with instance.pool.open(encoding="utf-8") as handle:
                size = sum(1 for _ in handle) - 1
            print(f"{instance.name}: ours ...", file=sys.stderr, flush=True)
            ours = measure("ours", instance, data, args.our_timeout)
            print(f"{instance.name}: sortition-algorithms ...", file=sys.stderr, flush=True)
            theirs = measure("theirs", instance, data, args.their_timeout)
            rows.append((instance, size, ours, theirs))

    report = table(rows, args.their_timeout)
    print(report)
    args.output.write_text(
        "# borgersamling LEXIMIN vs sortition-algorithms maximin\n\n"
        "Written by `benchmarks/run.sh` (benchmarks/compare.py); one run of each engine per "
        "instance, wall clock from reading the input files to every person's selection "
        "probability. sortition-algorithms runs its maximin with its default backend "
        "(highspy), with its same-address check on the `adresse` column where the pool has "
        "households; it seeds HiGHS and its starting weights at random on every run, so its "
        "times vary from run to run.\n\n"
        f"{report}\n\n## Targets\n\n{targets(rows, args.their_timeout)}\n\n"
        f"## Machine\n\n{machine()}\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
