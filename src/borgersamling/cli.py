"""The ``borgersamling`` command line.

Exit codes: 0 done, 1 verification failed, 2 bad input (nothing written),
3 quotas cannot be met (only the suggested relaxed quotas file is written).
"""

from __future__ import annotations

import argparse
import secrets
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from borgersamling.grouping.model import MIXING_MODES
from borgersamling.sortition.errors import InfeasibleQuotasError, InputError, SortitionError
from borgersamling.sortition.quotas import write_quotas
from borgersamling.sortition.selection import (
    ALGORITHMS,
    DEFAULT_LOTTERY_SIZE,
    SelectionRequest,
    SelectionResult,
)

RELAXED_QUOTAS_FILE = "relaxed-quotas.csv"


class TerminalReporter:
    """Progress on stderr: a rewritten line on a terminal, stage names otherwise."""

    def __init__(self, stream: TextIO | None = None) -> None:
        # Looked up at call time, not import time, so a redirected sys.stderr is honoured.
        self.stream = sys.stderr if stream is None else stream
        self.live = self.stream.isatty()
        self.current = ""

    def stage(self, name: str) -> None:
        if self.live and self.current:
            self.stream.write("\n")
        self.current = name
        self.stream.write(f"{name} ...\n" if not self.live else f"{name} ...")
        self.stream.flush()

    def progress(self, fraction: float, note: str = "") -> None:
        if not self.live:
            return
        width = 30
        filled = int(width * max(0.0, min(1.0, fraction)))
        bar = "#" * filled + "-" * (width - filled)
        self.stream.write(f"\r{self.current} [{bar}] {fraction * 100:5.1f} % {note[:30]:<30}")
        self.stream.flush()

    def done(self) -> None:
        if self.live and self.current:
            self.stream.write("\n")
            self.stream.flush()


def _seed(text: str | None) -> int:
    if text is None:
        return secrets.randbelow(10**9)
    digits = text.replace(" ", "").replace("-", "")
    # isdecimal, not isdigit: isdigit accepts superscripts such as "²", which int() rejects.
    if not digits.isdecimal():
        raise InputError("seed_invalid", seed=text)
    return int(digits)


def _columns(text: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip()) if text else ()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="borgersamling", description="Run a citizens' assembly: fair, verifiable sortition."
    )
    verbs = parser.add_subparsers(dest="verb", required=True)
    select = verbs.add_parser("select", help="draw a panel from a pool with quotas")
    select.add_argument("--pool", required=True, type=Path, help="pool CSV or XLSX")
    select.add_argument("--quotas", required=True, type=Path, help="quotas CSV or XLSX")
    select.add_argument("--seats", required=True, type=int, help="panel size")
    select.add_argument("--out", required=True, type=Path, help="folder for the results")
    select.add_argument("--algorithm", choices=ALGORITHMS, default="leximin")
    select.add_argument(
        "--seed", help="whole number, e.g. drawn in public; the panel is seed mod lottery size"
    )
    select.add_argument("--household-columns", help="columns that identify a household")
    select.add_argument("--id-column", default="id", help="column with respondent ids")
    select.add_argument(
        "--ids-from-row-numbers", action="store_true", help="the pool has no id column"
    )
    select.add_argument("--lottery-size", type=int, default=DEFAULT_LOTTERY_SIZE)
    select.add_argument(
        "--tolerance", type=int, default=0, help="extra seats either side of share quotas"
    )
    verify = verbs.add_parser("verify", help="re-run a recorded selection and compare")
    verify.add_argument("dir", type=Path)
    verify.add_argument("--pool", type=Path, help="the pool file, if not where recorded")
    verify.add_argument("--quotas", type=Path, help="the quotas file, if not where recorded")
    _add_seat(verbs)
    demo = verbs.add_parser("demo", help="serve the Dragør Borgersamling 2025 demo (SQLite)")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument(
        "--data-dir", type=Path, default=Path("var/demo"), help="where the demo database lives"
    )
    serve = verbs.add_parser("serve", help="serve the web application (settings from env)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--threads", type=int, default=8)
    manage = verbs.add_parser("manage", help="run a Django management command")
    manage.add_argument("arguments", nargs=argparse.REMAINDER)
    return parser


def _add_seat(verbs: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    seat = verbs.add_parser("seat", help="seat the members at new tables for each session")
    seat.add_argument("--members", required=True, type=Path, help="members CSV or XLSX")
    seat.add_argument(
        "--tables", required=True, help="number of tables, or a CSV/XLSX with table[,size]"
    )
    seat.add_argument("--sessions", required=True, type=int, help="sessions to seat now")
    seat.add_argument("--out", required=True, type=Path, help="folder for the results")
    seat.add_argument("--history", type=Path, help="an earlier seating.csv")
    seat.add_argument("--absent", type=Path, help="CSV with session,member_id")
    seat.add_argument("--fixed", type=Path, help="CSV with session,table,member_id[,role]")
    seat.add_argument(
        "--apart", type=Path, help="CSV with member_id,apart_from: pairs never at one table"
    )
    seat.add_argument(
        "--start",
        type=Path,
        help="a seating.csv of the sessions seated now to search on from (never worse than it)",
    )
    seat.add_argument("--table-sizes", help="seats per table, e.g. 6,6,6,6,6,6")
    seat.add_argument("--seed", help="whole number; the same seed gives the same seating")
    seat.add_argument("--id-column", default="id", help="column with member ids")
    seat.add_argument("--features", help="columns to mix (default: all but id, roles, themes)")
    seat.add_argument("--theme-sessions", help="sessions with theme tables (default: all)")
    seat.add_argument("--mixing", choices=MIXING_MODES, default="strict")
    seat.add_argument(
        "--effort", type=int, default=100, help="search length in percent of the default"
    )
    seat.add_argument(
        "--no-tradeoff", action="store_true", help="skip seating under the other mixing modes"
    )


def _numbers(text: str | None, code: str, **params: object) -> tuple[int, ...] | None:
    if text is None:
        return None
    parts = [part.strip() for part in text.split(",")]
    if not parts or not all(part.isdecimal() for part in parts):
        raise InputError(code, value=text, sizes=text, **params)
    return tuple(int(part) for part in parts)


def _seat(args: argparse.Namespace, out: TextIO) -> int:
    from borgersamling.grouping.engine import seat
    from borgersamling.grouping.outputs import write_result
    from borgersamling.grouping.reader import SeatingFiles, input_hashes, read_problem

    tables_text = str(args.tables).strip()
    count = int(tables_text) if tables_text.lstrip("-").isdecimal() else None
    files = SeatingFiles(
        members=args.members,
        sessions=args.sessions,
        tables=count,
        tables_file=None if count is not None else Path(tables_text),
        table_sizes=_numbers(args.table_sizes, "seat_table_sizes_invalid", tables=count),
        history=args.history,
        absent=args.absent,
        fixed=args.fixed,
        apart=args.apart,
        start=args.start,
        id_column=args.id_column,
        features=_columns(args.features),
        theme_sessions=_numbers(args.theme_sessions, "seat_theme_sessions_invalid", allowed="?"),
        mixing=args.mixing,
        seed=_seed(args.seed),
        effort=args.effort,
        tradeoff=not args.no_tradeoff,
    )
    problem = read_problem(files)
    reporter = TerminalReporter()
    result = seat(problem, reporter)
    reporter.done()
    write_result(result, args.out, input_hashes(files))
    repeats = result.quality["repeated_pairs"]
    bound = result.lower_bound
    out.write(
        f"Seated {len(problem.members)} members at {len(problem.tables)} tables for sessions "
        f"{', '.join(map(str, problem.sessions))} (seed {problem.seed}, {problem.mixing} "
        f"mixing).\n"
        f"Repeated pairs: {repeats['total']} (lower bound: at least {bound['value']}, "
        f"{bound['kind']}); largest mixing deviation "
        f"{result.quality['mixing']['max_deviation']} people.\n"
    )
    for row in result.tradeoff:
        out.write(
            f"  {row['mixing']:>8} mixing: {row['repeated_pairs']} repeated pairs, largest "
            f"deviation {row['max_deviation']}\n"
        )
    apart = result.quality["apart"]
    if apart["pairs"]:
        out.write(
            f"Pairs kept apart: all {apart['pairs']}.\n"
            if apart["kept"]
            else "Pairs to keep apart who share a table after all: "
            + "; ".join(
                f"{' and '.join(t['members'])} (session {t['session']}, table {t['table']})"
                for t in apart["together"]
            )
            + ".\n"
        )
    out.write(
        f"Results in {args.out}/ (seating.csv, report.json, report.html) after "
        f"{result.wall_time:.2f} s.\n"
    )
    return 0


def _select(args: argparse.Namespace, out: TextIO) -> int:
    from borgersamling.sortition.outputs import write_result
    from borgersamling.sortition.selection import run_selection

    request = SelectionRequest(
        pool_path=args.pool,
        quotas_path=args.quotas,
        seats=args.seats,
        seed=_seed(args.seed),
        algorithm=args.algorithm,
        household_columns=_columns(args.household_columns),
        id_column=None if args.ids_from_row_numbers else args.id_column,
        lottery_size=args.lottery_size,
        tolerance=args.tolerance,
    )
    reporter = TerminalReporter()
    try:
        result = run_selection(request, reporter)
    except InfeasibleQuotasError as error:
        reporter.done()
        diagnosis = error.diagnosis
        if diagnosis is not None and diagnosis.relaxable:
            args.out.mkdir(parents=True, exist_ok=True)
            relaxed = args.out / RELAXED_QUOTAS_FILE
            write_quotas(diagnosis.relaxed, relaxed)
            steps = [
                reason.text("en") for change in diagnosis.changes for reason in change.reasons()
            ]
            error.add_note("The smallest change that makes a panel possible:")
            error.add_note("\n".join(f"- {step}" for step in steps))
            error.add_note(f"Those quotas are written to {relaxed}, ready to use.")
        raise
    reporter.done()
    write_result(result, args.out)
    summary = result.summary
    out.write(
        f"Drew panel {result.panel_number} of {result.lottery.size} (seed {request.seed}): "
        f"{request.seats} of {len(result.inputs.pool)} people.\n"
        f"Lowest selection probability {summary.minimum:.2%}{_among_selectable(result)}, "
        f"highest {summary.maximum:.2%}, Gini {summary.gini:.3f}; "
        f"{len(result.unselectable)} can never be selected (see report.html).\n"
        f"Results in {args.out}/ (panel.csv, reserves.csv, probabilities.csv, lottery.csv, "
        f"report.json, report.html) after {result.wall_time:.2f} s.\n"
    )
    return 0


def _among_selectable(result: SelectionResult) -> str:
    """The lowest chance among those who have one: the figure LEXIMIN maximises."""
    chances = [p for p in result.probabilities.tolist() if p > 1e-9]
    if not result.unselectable or not chances:
        return ""
    return f" ({min(chances):.2%} among the {len(chances)} who can be selected)"


def _verify(args: argparse.Namespace, out: TextIO) -> int:
    from borgersamling.sortition.verify import verify_selection

    reporter = TerminalReporter()
    outcome = verify_selection(args.dir, reporter, args.pool, args.quotas)
    reporter.done()
    out.write(
        f"Verified: the inputs are unchanged and seed {outcome.seed} gives panel "
        f"{outcome.panel_number} of {outcome.lottery_size}, the same panel as recorded.\n"
    )
    return 0


def _demo(args: argparse.Namespace, out: TextIO) -> int:
    from borgersamling.site import server

    server.demo(args.port, args.data_dir, out, server.run_wsgi)
    return 0


def _serve(args: argparse.Namespace, out: TextIO) -> int:
    from borgersamling.site import server

    server.setup_django()
    try:
        server.check_deployment()
    except server.ServeRefused as refusal:
        sys.stderr.write(f"borgersamling serve: refusing to start: {refusal}\n")
        return 2
    server.migrate()
    out.write(f"Serving on http://{args.host}:{args.port}/\n")
    out.flush()
    server.run_wsgi(args.host, args.port, args.threads)
    return 0


def _manage(args: argparse.Namespace, out: TextIO) -> int:
    from django.core.management import execute_from_command_line

    from borgersamling.site import server

    server.setup_django()
    execute_from_command_line(["borgersamling manage", *args.arguments])
    return 0


VERBS = {
    "select": _select,
    "seat": _seat,
    "verify": _verify,
    "demo": _demo,
    "serve": _serve,
    "manage": _manage,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return VERBS[args.verb](args, sys.stdout)
    except SortitionError as error:
        sys.stderr.write(f"borgersamling {args.verb}: {error.message('en')}\n")
        for note in getattr(error, "__notes__", []):
            sys.stderr.write(f"{note}\n")
        return error.exit_code


if __name__ == "__main__":
    raise SystemExit(main())
