"""The ``borgersamling`` command line: files written, their contents, exit codes, progress.

Most tests call ``cli.main(argv)`` in-process; two run the real console script and
``python -m borgersamling.cli`` in a subprocess. The Dragør selection (the main job,
``scripts/run``) is drawn once per session by the ``dragor_out`` fixture.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from borgersamling import cli
from tests.helpers import (
    DRAGOR,
    RESULT_FILES,
    SMALL_20,
    Instance,
    assert_valid_panel,
    gini,
    needs_small_20,
    pool_records,
    quota_bounds,
    read_csv,
)

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    """Call ``cli.main`` and return (exit code, stdout, stderr) of that call alone."""

    def call(*argv: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = cli.main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return call


def load_report(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return data


def lottery_rows(out: Path) -> dict[int, list[str]]:
    header, rows = read_csv(out / "lottery.csv")
    members = header[1:]
    return {int(row["panel"]): [row[column] for column in members] for row in rows}


def ids_of(path: Path) -> list[str]:
    return [row["id"] for row in read_csv(path)[1]]


# --- the Dragør selection: files and their contents -------------------------------------


def test_select_writes_exactly_the_result_files(dragor_out: Path) -> None:
    assert sorted(os.listdir(dragor_out)) == sorted(RESULT_FILES)


def test_panel_csv_is_the_selected_pool_rows_with_all_columns_in_pool_order(
    dragor_out: Path,
) -> None:
    pool_header, pool_rows = read_csv(DRAGOR.pool)
    header, panel = read_csv(dragor_out / "panel.csv")
    assert header == pool_header
    by_id = {row["id"]: row for row in pool_rows}
    assert all(row == by_id[row["id"]] for row in panel)
    position = {row["id"]: index for index, row in enumerate(pool_rows)}
    assert [row["id"] for row in panel] == sorted(
        (row["id"] for row in panel), key=position.__getitem__
    )


def test_panel_has_k_people_meets_every_quota_and_one_per_household(dragor_out: Path) -> None:
    _, panel = read_csv(dragor_out / "panel.csv")
    assert_valid_panel(panel, DRAGOR)


def test_panel_is_row_seed_mod_m_of_the_lottery(dragor_out: Path) -> None:
    report = load_report(dragor_out)
    size = report["lottery_size"]
    assert size == 1000
    assert report["panel_number"] == 2025 % size == 25
    rows = lottery_rows(dragor_out)
    assert sorted(rows) == list(range(size))
    assert sorted(ids_of(dragor_out / "panel.csv")) == sorted(rows[25])


def test_every_lottery_row_is_a_valid_panel(dragor_out: Path) -> None:
    by_id = {row["@id"]: row for row in pool_records(DRAGOR)}
    header, _ = read_csv(dragor_out / "lottery.csv")
    assert header == ["panel", *(f"member_{k}" for k in range(1, DRAGOR.seats + 1))]
    for members in lottery_rows(dragor_out).values():
        assert_valid_panel([by_id[member] for member in members], DRAGOR)


def test_reserves_are_ordered_alternates_outside_the_panel(dragor_out: Path) -> None:
    pool_header, pool_rows = read_csv(DRAGOR.pool)
    header, reserves = read_csv(dragor_out / "reserves.csv")
    assert header == ["reserve_rank", *pool_header]
    assert [row["reserve_rank"] for row in reserves] == [
        str(rank) for rank in range(1, len(reserves) + 1)
    ]
    by_id = {row["id"]: row for row in pool_rows}
    for row in reserves:
        rank = row.pop("reserve_rank")
        assert row == by_id[row["id"]], rank
    ids = [row["id"] for row in reserves]
    panel = set(ids_of(dragor_out / "panel.csv"))
    assert len(ids) == len(set(ids))
    assert not panel & set(ids)
    # The order: members of the rows after the drawn one, first appearance first.
    rows = lottery_rows(dragor_out)
    expected: list[str] = []
    seen = set(panel)
    for step in range(1, len(rows)):
        for member in rows[(25 + step) % len(rows)]:
            if member not in seen:
                seen.add(member)
                expected.append(member)
    assert ids == expected
    # Everyone who could be drawn but was not is a reserve.
    assert set(ids) | panel == {member for row in rows.values() for member in row}


def test_probabilities_sum_to_k_in_both_columns(dragor_out: Path) -> None:
    header, rows = read_csv(dragor_out / "probabilities.csv")
    assert header[:2] == ["id", "probability"]
    assert [row["id"] for row in rows] == [row["id"] for row in read_csv(DRAGOR.pool)[1]]
    for column in ("probability", "lottery_probability"):
        values = [float(row[column]) for row in rows]
        assert all(0.0 <= value <= 1.0 for value in values)
        assert sum(values) == pytest.approx(DRAGOR.seats, abs=1e-3)


def test_lottery_probability_is_the_share_of_lottery_rows(dragor_out: Path) -> None:
    rows = lottery_rows(dragor_out)
    on_rows = Counter(member for members in rows.values() for member in members)
    for row in read_csv(dragor_out / "probabilities.csv")[1]:
        assert float(row["lottery_probability"]) == pytest.approx(
            on_rows[row["id"]] / len(rows), abs=1e-6
        )


@pytest.mark.parametrize(
    ("summary", "column"), [("leximin", "probability"), ("lottery", "lottery_probability")]
)
def test_report_summary_agrees_with_probabilities_csv(
    dragor_out: Path, summary: str, column: str
) -> None:
    values = [float(row[column]) for row in read_csv(dragor_out / "probabilities.csv")[1]]
    figures = load_report(dragor_out)["probabilities"][summary]
    assert figures["minimum"] == pytest.approx(min(values), abs=2e-6)
    assert figures["maximum"] == pytest.approx(max(values), abs=2e-6)
    assert figures["mean"] == pytest.approx(DRAGOR.seats / len(values), abs=1e-6)
    assert figures["gini"] == pytest.approx(gini(values), abs=1e-4)
    assert figures["never_selected"] == sum(value == 0 for value in values)


def test_report_records_algorithm_seed_inputs_quotas_and_time(dragor_out: Path) -> None:
    report = load_report(dragor_out)
    assert report["algorithm"] == "leximin"
    assert report["seed"] == 2025
    assert report["seats"] == DRAGOR.seats
    assert report["pool_size"] == 240
    inputs = report["inputs"]
    for name, path in (("pool", DRAGOR.pool), ("quotas", DRAGOR.quotas)):
        assert inputs[name]["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
        # Recorded relative to the output folder (the session's copies sit beside it).
        assert inputs[name]["path"] == f"../inputs/{path.name}"
    assert inputs["household_columns"] == ["adresse"]
    assert inputs["id_column"] == "id"
    assert inputs["tolerance"] == 1

    bounds = quota_bounds(DRAGOR)
    features = dict.fromkeys(feature for feature, _ in bounds)
    pool_counts = Counter(
        (feature, row[feature]) for row in pool_records(DRAGOR) for feature in features
    )
    _, panel = read_csv(dragor_out / "panel.csv")
    panel_counts = Counter((feature, row[feature]) for row in panel for feature in features)
    assert [(q["feature"], q["value"]) for q in report["quotas"]] == list(bounds)
    for quota in report["quotas"]:
        key = (quota["feature"], quota["value"])
        assert (quota["min"], quota["max"]) == bounds[key]
        assert quota["pool"] == pool_counts[key]
        assert quota["panel"] == panel_counts[key]
        assert quota["min"] <= quota["panel"] <= quota["max"]

    assert set(report["probabilities"]) == {"leximin", "lottery"}
    assert report["unselectable"] == []
    assert sorted(report["panel"]) == sorted(ids_of(dragor_out / "panel.csv"))
    assert report["reserves"] == ids_of(dragor_out / "reserves.csv")
    assert isinstance(report["wall_time_seconds"], float | int)
    assert report["wall_time_seconds"] >= 0


def test_report_html_is_self_contained_and_states_the_draw(dragor_out: Path) -> None:
    html = (dragor_out / "report.html").read_text(encoding="utf-8")
    report = load_report(dragor_out)
    assert html.startswith("<!DOCTYPE html>")
    assert "<script" not in html
    assert "Seed 2025 picked panel number\n25 (2025 mod 1000)" in html
    assert report["inputs"]["pool"]["sha256"] in html
    assert "Gl. Dragør og Nordstranden" in html
    assert "<svg" in html


# --- reproducibility ------------------------------------------------------------------------


def test_same_inputs_and_seed_give_identical_files(
    dragor: Instance, dragor_out: Path, dragor_runs: Path
) -> None:
    again = dragor_runs / "seed-2025-again"  # same depth: same relative input paths
    assert cli.main(dragor.select_argv(again, 2025)) == 0
    assert sorted(os.listdir(again)) == sorted(RESULT_FILES)
    for name in RESULT_FILES:
        if name != "report.json":
            assert (again / name).read_bytes() == (dragor_out / name).read_bytes(), name
    first, second = load_report(dragor_out), load_report(again)
    first.pop("wall_time_seconds")
    second.pop("wall_time_seconds")
    assert first == second


def test_another_seed_draws_another_row_of_the_same_table(
    dragor: Instance, dragor_out: Path, dragor_runs: Path
) -> None:
    rows = lottery_rows(dragor_out)
    # The first row with other people than row 25, reached through a seed above M.
    number = next(m for m in range(len(rows)) if sorted(rows[m]) != sorted(rows[25]))
    seed = 3 * len(rows) + number
    other = dragor_runs / f"seed-{seed}"
    assert cli.main(dragor.select_argv(other, seed)) == 0
    assert (other / "lottery.csv").read_bytes() == (dragor_out / "lottery.csv").read_bytes()
    assert load_report(other)["panel_number"] == number
    assert sorted(ids_of(other / "panel.csv")) == sorted(rows[number])
    assert sorted(ids_of(other / "panel.csv")) != sorted(ids_of(dragor_out / "panel.csv"))


# --- other options --------------------------------------------------------------------------


@needs_small_20
def test_lottery_size_and_ids_from_row_numbers(tmp_path: Path, run: Run) -> None:
    out = tmp_path / "out"
    code, stdout, _ = run(*SMALL_20.select_argv(out, 123, "--lottery-size", "50"))
    assert code == 0
    assert "Drew panel 23 of 50 (seed 123)" in stdout
    rows = lottery_rows(out)
    assert sorted(rows) == list(range(50))
    panel_ids = ids_of(out / "panel.csv")
    assert sorted(panel_ids) == sorted(rows[23])
    by_id = {row["@id"]: row for row in pool_records(SMALL_20)}
    assert_valid_panel([by_id[i] for i in panel_ids], SMALL_20)
    # Ids are row numbers 1..200, in pool order.
    assert [row["id"] for row in read_csv(out / "probabilities.csv")[1]] == [
        str(n) for n in range(1, 201)
    ]
    assert load_report(out)["inputs"]["id_column"] is None


@needs_small_20
def test_panel_csv_identifies_people_when_ids_are_row_numbers(tmp_path: Path, run: Run) -> None:
    """The pool has 99 identical rows, so the panel must say which of them were drawn."""
    out = tmp_path / "out"
    assert run(*SMALL_20.select_argv(out, 7))[0] == 0
    header, panel = read_csv(out / "panel.csv")
    assert header == ["id", "gender", "leaning"]
    records = {row["@id"]: row for row in pool_records(SMALL_20)}
    for row in panel:
        assert {"gender": row["gender"], "leaning": row["leaning"]} == {
            "gender": records[row["id"]]["gender"],
            "leaning": records[row["id"]]["leaning"],
        }
    assert sorted(row["id"] for row in panel) == sorted(lottery_rows(out)[7])
    assert read_csv(out / "reserves.csv")[0] == ["reserve_rank", "id", "gender", "leaning"]


def test_legacy_algorithm_gives_a_valid_panel_and_all_files(tmp_path: Path, run: Run) -> None:
    out = tmp_path / "legacy"
    code, stdout, err = run(*DRAGOR.select_argv(out, 2025, "--algorithm", "legacy"))
    assert code == 0, err
    assert "Drew panel 25 of 1000 (seed 2025): 36 of 240 people." in stdout
    assert sorted(os.listdir(out)) == sorted(RESULT_FILES)
    assert "LEGACY" in err
    report = load_report(out)
    assert report["algorithm"] == "legacy"
    assert set(report["probabilities"]) == {"legacy", "lottery"}
    _, panel = read_csv(out / "panel.csv")
    assert_valid_panel(panel, DRAGOR)
    rows = lottery_rows(out)
    assert sorted(row["id"] for row in panel) == sorted(rows[25])
    by_id = {row["@id"]: row for row in pool_records(DRAGOR)}
    for members in rows.values():
        assert_valid_panel([by_id[member] for member in members], DRAGOR)
    _, probabilities = read_csv(out / "probabilities.csv")
    for column in ("probability", "lottery_probability"):
        assert sum(float(row[column]) for row in probabilities) == pytest.approx(36, abs=1e-3)
    # LEGACY's distribution is its lottery: the two columns agree.
    assert all(row["probability"] == row["lottery_probability"] for row in probabilities)
    reserves = ids_of(out / "reserves.csv")
    assert len(reserves) == len(set(reserves))
    assert not set(reserves) & {row["id"] for row in panel}


@needs_small_20
def test_legacy_table_does_not_depend_on_the_seed(tmp_path: Path, run: Run) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    args = ("--algorithm", "legacy", "--lottery-size", "200")
    assert run(*SMALL_20.select_argv(first, 5, *args))[0] == 0
    assert run(*SMALL_20.select_argv(second, 1006, *args))[0] == 0
    assert (first / "lottery.csv").read_bytes() == (second / "lottery.csv").read_bytes()
    assert load_report(second)["panel_number"] == 1006 % 200
    assert sorted(ids_of(second / "panel.csv")) == sorted(lottery_rows(second)[6])


# --- bad input: exit code 2, nothing written ------------------------------------------------

POOL = """id,gender,age,address
p1,F,young,A
p2,F,old,B
p3,F,young,C
p4,F,old,D
p5,M,young,E
p6,M,old,F
p7,M,young,G
p8,M,old,H
"""
TWO_HOUSEHOLDS = """id,gender,age,address
p1,F,young,A
p2,F,old,A
p3,F,young,A
p4,F,old,A
p5,M,young,B
p6,M,old,B
p7,M,young,B
p8,M,old,B
"""
QUOTAS = """feature,value,min,max
gender,F,2,2
gender,M,2,2
age,young,1,3
age,old,1,3
"""


def _tiny(tmp_path: Path, pool: str | bytes = POOL, quotas: str = QUOTAS) -> Instance:
    pool_path = tmp_path / "pool.csv"
    pool_path.write_bytes(pool.encode("utf-8") if isinstance(pool, str) else pool)
    quotas_path = tmp_path / "quotas.csv"
    quotas_path.write_text(quotas, encoding="utf-8")
    return Instance(pool_path, quotas_path, seats=4)


def _argv(instance: Instance, out: Path, *extra: str, seed: str = "1") -> list[str]:
    return instance.select_argv(out, seed, *extra)


BadCase = Callable[[Path, Path], list[str]]

BAD_INPUTS: dict[str, tuple[BadCase, list[str]]] = {
    "missing id column": (
        lambda tmp, out: _argv(_tiny(tmp), out, "--id-column", "pid"),
        ["pool.csv", "missing column(s) pid"],
    ),
    "missing household column": (
        lambda tmp, out: _argv(_tiny(tmp), out, "--household-columns", "flat"),
        ["pool.csv", "missing column(s) flat"],
    ),
    "quota feature not in pool": (
        lambda tmp, out: _argv(
            _tiny(tmp, quotas=QUOTAS + "region,north,0,4\nregion,south,0,4\n"), out
        ),
        ["pool.csv", "'region'", "no such column"],
    ),
    "duplicate ids": (
        lambda tmp, out: _argv(_tiny(tmp, pool=POOL.replace("p2,", "p1,")), out),
        ["pool.csv", "row 3", "id 'p1' already used in row 2"],
    ),
    "value without quota": (
        lambda tmp, out: _argv(_tiny(tmp, pool=POOL.replace("p8,M,", "p8,X,")), out),
        ["pool.csv", "row 9", "'X' has no quota in quotas.csv"],
    ),
    "min above max": (
        lambda tmp, out: _argv(
            _tiny(tmp, quotas=QUOTAS.replace("age,old,1,3", "age,old,3,1")), out
        ),
        ["quotas.csv", "row 5", "min 3 above max 1"],
    ),
    "quota not a number": (
        lambda tmp, out: _argv(_tiny(tmp, quotas=QUOTAS.replace("F,2,2", "F,two,2")), out),
        ["quotas.csv", "'two' is not a whole number"],
    ),
    "binary pool file": (
        lambda tmp, out: _argv(_tiny(tmp, pool=b"PK\x03\x04\x00\x00garbage"), out),
        ["pool.csv", "cannot read"],
    ),
    "xlsx that is not a workbook": (
        lambda tmp, out: _argv(
            _tiny(tmp).with_files(pool=_write(tmp / "pool.xlsx", "id,gender\n")), out
        ),
        ["pool.xlsx", "cannot read"],
    ),
    "missing pool file": (
        lambda tmp, out: _argv(_tiny(tmp).with_files(pool=tmp / "nowhere.csv"), out),
        ["nowhere.csv", "file not found"],
    ),
    "pool is a folder": (
        lambda tmp, out: _argv(_tiny(tmp).with_files(pool=tmp), out),
        ["file not found"],
    ),
    "seats outside quotas": (
        lambda tmp, out: [*_argv(_tiny(tmp), out), "--seats", "6"],
        ["quotas.csv", "6 seats do not fit the quotas of gender"],
    ),
    "seats zero": (
        lambda tmp, out: [*_argv(_tiny(tmp), out), "--seats", "0"],
        ["seats must be at least 1"],
    ),
    "seed with letters": (
        lambda tmp, out: _argv(_tiny(tmp), out, seed="12abc"),
        ["seed must be a whole number", "'12abc'"],
    ),
    "seed of dashes only": (
        lambda tmp, out: _argv(_tiny(tmp), out, seed=" - "),
        ["seed must be a whole number"],
    ),
    "seed with a decimal point": (
        lambda tmp, out: _argv(_tiny(tmp), out, seed="3.5"),
        ["seed must be a whole number"],
    ),
    "seed with a superscript digit": (
        lambda tmp, out: _argv(_tiny(tmp), out, seed="2²"),
        ["seed must be a whole number"],
    ),
    "lottery size zero": (
        lambda tmp, out: _argv(_tiny(tmp), out, "--lottery-size", "0"),
        ["lottery size must be at least 1"],
    ),
    "too few households": (
        lambda tmp, out: _argv(
            _tiny(tmp, pool=TWO_HOUSEHOLDS), out, "--household-columns", "address"
        ),
        ["pool.csv", "4 seats, but the pool has only 2 households"],
    ),
}


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_exits_2_and_writes_nothing(tmp_path: Path, run: Run, case: str) -> None:
    build, fragments = BAD_INPUTS[case]
    out = tmp_path / "out"
    code, stdout, err = run(*build(tmp_path, out))
    assert code == 2
    assert not out.exists() or not any(out.iterdir())
    assert stdout == ""
    assert err.startswith("borgersamling select: ")
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in err


def test_bad_input_leaves_an_existing_out_folder_empty(tmp_path: Path, run: Run) -> None:
    out = tmp_path / "out"
    out.mkdir()
    code, _, _ = run(*_argv(_tiny(tmp_path, pool=POOL.replace("p2,", "p1,")), out))
    assert code == 2
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("extra", [["--seats", "four"], ["--algorithm", "random"]])
def test_unparseable_options_exit_2(tmp_path: Path, extra: list[str]) -> None:
    out = tmp_path / "out"
    with pytest.raises(SystemExit) as exit_info:
        cli.main([*_argv(_tiny(tmp_path), out), *extra])
    assert exit_info.value.code == 2
    assert not out.exists()


def test_tiny_valid_input_succeeds(tmp_path: Path, run: Run) -> None:
    """The bad-input cases above are one change away from this valid selection."""
    instance = _tiny(tmp_path)
    out = tmp_path / "out"
    code, _, err = run(*_argv(instance, out))
    assert code == 0, err
    _, panel = read_csv(out / "panel.csv")
    assert_valid_panel(panel, instance)


# --- infeasible quotas: exit code 3, only the relaxed quotas written -----------------------


def _infeasible_small_20(tmp_path: Path) -> tuple[Instance, str]:
    quotas = _write(
        tmp_path / "categories.csv",
        "category,feature,min,max\ngender,female,9,20\ngender,male,9,20\n"
        "leaning,liberal,0,20\nleaning,conservative,15,20\n",
    )
    reason = "gender female at least 9 and leaning conservative at least 15 cannot be met"
    return SMALL_20.with_files(quotas=quotas), reason


def _infeasible_dragor(tmp_path: Path) -> tuple[Instance, str]:
    text = DRAGOR.quotas.read_text(encoding="utf-8")
    changed = text.replace("alder,15-24,0.11", "alder,15-24,0.20").replace(
        "alder,60+,0.39", "alder,60+,0.30"
    )
    assert changed != text
    quotas = _write(tmp_path / "targets.csv", changed)
    reason = "alder 15-24 needs at least 6 of 36 seats, but only 4 people in the pool are 15-24"
    return DRAGOR.with_files(quotas=quotas), reason


@pytest.mark.parametrize("make", [_infeasible_small_20, _infeasible_dragor])
def test_infeasible_quotas_exit_3_with_reason_and_usable_relaxation(
    tmp_path: Path, run: Run, make: Callable[[Path], tuple[Instance, str]]
) -> None:
    if make is _infeasible_small_20 and not SMALL_20.pool.is_file():
        pytest.skip("benchmark instance missing")
    instance, reason = make(tmp_path)
    out = tmp_path / "out"
    code, stdout, err = run(*instance.select_argv(out, 11))
    assert code == 3
    assert stdout == ""
    assert "no panel of" in err
    assert reason in err
    assert "relaxed-quotas.csv" in err
    assert os.listdir(out) == ["relaxed-quotas.csv"]

    relaxed = instance.with_files(quotas=out / "relaxed-quotas.csv")
    old, new = quota_bounds(instance), quota_bounds(relaxed)
    assert list(old) == list(new)
    assert all(new[key][0] <= old[key][0] and new[key][1] >= old[key][1] for key in old)
    assert new != old
    # Every changed bound is also said in plain words on the terminal.
    for key in old:
        if new[key][0] != old[key][0]:
            assert (
                f"lower the minimum of {key[0]} {key[1]} from {old[key][0]} to {new[key][0]}" in err
            )
        if new[key][1] != old[key][1]:
            assert (
                f"raise the maximum of {key[0]} {key[1]} from {old[key][1]} to {new[key][1]}" in err
            )

    again = tmp_path / "again"
    code, _, err = run(*relaxed.select_argv(again, 11))
    assert code == 0, err
    records = {row["@id"]: row for row in pool_records(instance)}
    panel_ids = ids_of(again / "panel.csv")
    assert_valid_panel([records[i] for i in panel_ids], relaxed)


# --- progress on stderr, results on stdout --------------------------------------------------


@needs_small_20
def test_progress_goes_to_stderr_and_results_to_stdout(tmp_path: Path, run: Run) -> None:
    code, stdout, err = run(*SMALL_20.select_argv(tmp_path / "out", 3))
    assert code == 0
    assert err.splitlines() == ["LEXIMIN ...", "transparent lottery ..."]
    assert "LEXIMIN" not in stdout
    assert "Drew panel 3 of 1000 (seed 3): 20 of 200 people." in stdout
    assert "Lowest selection probability 10.00%, highest 10.00%, Gini 0.000" in stdout


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_terminal_reporter_draws_a_bar_on_a_terminal() -> None:
    stream = FakeTerminal()
    reporter = cli.TerminalReporter(stream)
    reporter.stage("LEXIMIN")
    reporter.progress(0.5, "12 panels")
    reporter.progress(2.0)  # clamped
    reporter.stage("transparent lottery")
    reporter.done()
    text = stream.getvalue()
    assert text.startswith("LEXIMIN ...\rLEXIMIN [" + "#" * 15 + "-" * 15 + "]  50.0 % 12 panels")
    assert "[" + "#" * 30 + "]" in text
    assert text.endswith("\ntransparent lottery ...\n")


def test_terminal_reporter_writes_only_stage_lines_to_a_file() -> None:
    stream = io.StringIO()
    reporter = cli.TerminalReporter(stream)
    reporter.stage("LEXIMIN")
    reporter.progress(0.5, "half")
    reporter.stage("transparent lottery")
    reporter.done()
    assert stream.getvalue() == "LEXIMIN ...\ntransparent lottery ...\n"


def test_terminal_reporter_follows_a_redirected_stderr(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stream)
    cli.TerminalReporter().stage("LEXIMIN")
    assert stream.getvalue() == "LEXIMIN ...\n"


# --- the real console script and ``python -m`` ----------------------------------------------


def _console_script() -> Path:
    script = Path(sys.executable).parent / "borgersamling"
    if not script.is_file():
        pytest.skip(f"console script not installed beside {sys.executable}")
    return script


@needs_small_20
def test_console_script_selects_and_python_m_verifies(tmp_path: Path) -> None:
    out = tmp_path / "out"
    selected = subprocess.run(
        [str(_console_script()), *SMALL_20.select_argv(out, 42)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert selected.returncode == 0, selected.stderr
    assert "Drew panel 42 of 1000 (seed 42)" in selected.stdout
    assert "LEXIMIN ..." in selected.stderr
    assert "LEXIMIN" not in selected.stdout
    assert sorted(os.listdir(out)) == sorted(RESULT_FILES)

    verified = subprocess.run(
        [sys.executable, "-m", "borgersamling.cli", "verify", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert verified.returncode == 0, verified.stderr
    assert "the same panel as recorded" in verified.stdout


def test_python_m_bad_input_exits_2_without_traceback(tmp_path: Path) -> None:
    out = tmp_path / "out"
    argv = _argv(_tiny(tmp_path, pool=POOL.replace("p2,", "p1,")), out)
    result = subprocess.run(
        [sys.executable, "-m", "borgersamling.cli", *argv],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert "id 'p1' already used" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("algorithm", ["leximin", "legacy"])
def test_same_files_from_processes_with_different_hash_seeds(
    tmp_path: Path, algorithm: str
) -> None:
    # String hashing differs between processes; nothing in the output may depend on it.
    outputs = []
    for hash_seed in ("1", "2"):
        out = tmp_path / f"run-{hash_seed}"
        argv = [*DRAGOR.select_argv(out, 5), "--algorithm", algorithm]
        done = subprocess.run(
            [sys.executable, "-m", "borgersamling.cli", *argv],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
        )
        assert done.returncode == 0, done.stderr
        outputs.append(out)
    for name in RESULT_FILES:
        first = (outputs[0] / name).read_text(encoding="utf-8")
        second = (outputs[1] / name).read_text(encoding="utf-8")
        if name == "report.json":
            first, second = (json.loads(text) for text in (first, second))
            first.pop("wall_time_seconds")
            second.pop("wall_time_seconds")
        assert first == second, name
