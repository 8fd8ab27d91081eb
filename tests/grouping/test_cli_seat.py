"""``borgersamling seat``: files written, determinism, history, fixed seats, bad input."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import pytest

from borgersamling import cli
from borgersamling.grouping.bounds import repeat_lower_bound
from borgersamling.grouping.model import Member, SeatingProblem, TableSpec

FAST = ["--effort", "5", "--no-tradeoff"]


def write_members(path: Path, count: int = 24, themes: bool = False) -> Path:
    rng = random.Random(count)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "id",
                "køn",
                "alder",
                "bopæl",
                "host",
                "scribe",
                *(["tema1", "tema2"] if themes else []),
            ]
        )
        for i in range(count):
            writer.writerow(
                [
                    f"M{i + 1:02d}",
                    rng.choice(["Kvinde", "Mand"]),
                    rng.choice(["15-29", "30-59", "60+"]),
                    rng.choice(["Dragør", "St. Magleby"]),
                    rng.choice(["ja", "nej"]),
                    rng.choice(["x", ""]),
                    *([str(rng.randint(1, 4)), str(rng.randint(1, 4))] if themes else []),
                ]
            )
    return path


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def run(*argv: str) -> int:
    return cli.main(["seat", *argv])


def test_writes_seating_report_and_html(tmp_path: Path) -> None:
    members = write_members(tmp_path / "members.csv", themes=True)
    out = tmp_path / "out"
    argv = ["--members", str(members), "--tables", "4", "--sessions", "3", "--seed", "5"]
    assert run(*argv, "--effort", "5", "--out", str(out)) == 0
    rows = read_rows(out / "seating.csv")
    assert list(rows[0]) == ["session", "table", "member_id", "role"]
    assert len(rows) == 24 * 3
    assert {row["role"] for row in rows} <= {"", "host", "scribe"}
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["lower_bound"]["kind"] in {"counting", "officers_36"}
    assert [row["mixing"] for row in report["tradeoff"]] == ["strict", "balanced", "meet"]
    assert report["themes"]["members_with_choices"] == 24
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "Repeats against mixing" in html and "at least" in html


def test_same_seed_same_files(tmp_path: Path) -> None:
    members = write_members(tmp_path / "members.csv")
    outs = [tmp_path / "a", tmp_path / "b"]
    for out in outs:
        argv = ["--members", str(members), "--tables", "4", "--sessions", "2", "--seed", "9"]
        assert run(*argv, *FAST, "--out", str(out)) == 0
    assert (outs[0] / "seating.csv").read_bytes() == (outs[1] / "seating.csv").read_bytes()
    reports = [json.loads((out / "report.json").read_text()) for out in outs]
    for report in reports:
        report.pop("wall_time_seconds")
        report.pop("inputs")
    assert reports[0] == reports[1]


def test_history_continues_numbering_and_avoids_met_pairs(tmp_path: Path) -> None:
    members = write_members(tmp_path / "members.csv", count=16)
    first, second = tmp_path / "first", tmp_path / "second"
    base = ["--members", str(members), "--tables", "4", "--mixing", "meet", "--no-tradeoff"]
    assert run(*base, "--sessions", "1", "--out", str(first)) == 0
    history = first / "seating.csv"
    assert run(*base, "--sessions", "1", "--history", str(history), "--out", str(second)) == 0
    rows = read_rows(second / "seating.csv")
    assert {row["session"] for row in rows} == {"1", "2"}
    tables: dict[tuple[str, str], set[str]] = {}
    for row in rows:
        tables.setdefault((row["session"], row["table"]), set()).add(row["member_id"])
    met = {
        frozenset((a, b))
        for (session, _t), ids in tables.items()
        if session == "1"
        for a in ids
        for b in ids
        if a < b
    }
    again = [
        (a, b)
        for (session, _t), ids in tables.items()
        if session == "2"
        for a in ids
        for b in ids
        if a < b and frozenset((a, b)) in met
    ]
    assert again == []  # 16 at 4 tables of 4 can all meet new people in session 2


def test_a_longer_search_on_from_an_earlier_seating_is_never_worse(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    members = write_members(tmp_path / "members.csv")
    first, second = tmp_path / "first", tmp_path / "second"
    argv = ["--members", str(members), "--tables", "4", "--sessions", "4", "--no-tradeoff"]
    assert run(*argv, "--effort", "1", "--out", str(first)) == 0
    start = first / "seating.csv"
    assert run(*argv, "--effort", "100", "--start", str(start), "--out", str(second)) == 0
    reports = [json.loads((out / "report.json").read_text()) for out in (first, second)]
    totals = [report["repeated_pairs"]["total"] for report in reports]
    assert totals[1] <= totals[0]
    assert reports[1]["inputs"]["start"]["path"] == str(start)  # recorded with its hash
    # A start for other sessions than those seated now is refused by file and row.
    history = ["--history", str(start)]
    assert run(*argv, *history, *FAST, "--start", str(start), "--out", str(tmp_path / "x")) == 2
    err = capsys.readouterr().err
    assert "seating.csv: row 2" in err and "'1' is not a session number" in err


def test_fixed_seats_and_absences_are_kept(tmp_path: Path) -> None:
    members = write_members(tmp_path / "members.csv")
    fixed = tmp_path / "fixed.csv"
    fixed.write_text("session,table,member_id,role\n1,3,M01,host\n2,3,M01,\n", encoding="utf-8")
    absent = tmp_path / "absent.csv"
    absent.write_text("session,member_id\n2,M02\n", encoding="utf-8")
    out = tmp_path / "out"
    argv = ["--members", str(members), "--tables", "4", "--sessions", "2"]
    assert run(*argv, "--fixed", str(fixed), "--absent", str(absent), *FAST, "--out", str(out)) == 0
    rows = read_rows(out / "seating.csv")
    assert {"session": "1", "table": "3", "member_id": "M01", "role": "host"} in rows
    assert any(r["session"] == "2" and r["table"] == "3" and r["member_id"] == "M01" for r in rows)
    assert not any(r["session"] == "2" and r["member_id"] == "M02" for r in rows)


def test_pairs_to_keep_apart_sit_at_separate_tables(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    members = write_members(tmp_path / "members.csv")
    argv = ["--members", str(members), "--tables", "4", "--sessions", "3", "--seed", "7", *FAST]
    assert run(*argv, "--out", str(tmp_path / "plain")) == 0
    plain = read_rows(tmp_path / "plain" / "seating.csv")
    # Pairs the same search (same seed) seats together when nobody asks it not to.
    pairs = []
    for session in "123":
        first = [r["member_id"] for r in plain if r["session"] == session and r["table"] == "1"]
        pairs.append((first[0], first[1]))
    assert len({frozenset(pair) for pair in pairs}) == 3
    apart = tmp_path / "apart.csv"
    apart.write_text(
        "member_id,apart_from\n" + "".join(f"{a},{b}\n" for a, b in pairs), encoding="utf-8"
    )
    out = tmp_path / "out"
    capsys.readouterr()
    assert run(*argv, "--apart", str(apart), "--out", str(out)) == 0
    table = {(r["session"], r["member_id"]): r["table"] for r in read_rows(out / "seating.csv")}
    for session in "123":
        for a, b in pairs:
            assert table[(session, a)] != table[(session, b)]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["apart"] == {"pairs": 3, "kept": True, "together": []}
    assert report["inputs"]["apart"]["path"] == str(apart)
    assert "Pairs kept apart: all 3." in capsys.readouterr().out
    assert "All 3 pairs sit at separate tables" in (out / "report.html").read_text("utf-8")


@pytest.mark.parametrize(
    ("extra", "content", "message"),
    [
        ("--apart", "member_id,apart_from\nM01,M77\n", "member 'M77' is not in"),
        ("--apart", "member_id,apart_from\nM03,M03\n", "'M03' cannot be kept apart from"),
        ("--history", "session,table,member_id,role\n1,1,M99,\n", "member 'M99' is not in"),
        ("--fixed", "session,table,member_id\n1,1,NOPE,\n", "member 'NOPE' is not in"),
        ("--fixed", "session,table,member_id\n1,9,M01\n", "no table called '9'"),
        ("--absent", "session,member_id\n7,M01\n", "'7' is not a session number"),
        ("--history", "session,table,member_id,role\n1,1,M01,boss\n", "'boss' is not a role"),
    ],
)
def test_bad_side_files_name_file_row_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: str, content: str, message: str
) -> None:
    members = write_members(tmp_path / "members.csv")
    side = tmp_path / "side.csv"
    side.write_text(content, encoding="utf-8")
    out = tmp_path / "out"
    argv = ["--members", str(members), "--tables", "4", "--sessions", "1", extra, str(side)]
    assert run(*argv, *FAST, "--out", str(out)) == 2
    err = capsys.readouterr().err
    assert message in err and "side.csv: row 2" in err
    assert not out.exists()


def test_tables_too_small_and_unknown_theme(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    members = write_members(tmp_path / "members.csv", themes=True)
    argv = ["--members", str(members), "--sessions", "1", *FAST, "--out", str(tmp_path / "o")]
    assert run(*argv, "--tables", "4", "--table-sizes", "5,5,5,5") == 2
    assert "24 members come, but the tables seat only 20" in capsys.readouterr().err
    assert run(*argv, "--tables", "3") == 2
    err = capsys.readouterr().err
    assert "column 'tema" in err and "names no table" in err


def test_bad_flag_value(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    members = tmp_path / "members.csv"
    members.write_text("id;køn;host\n1;K;måske\n2;M;ja\n", encoding="cp1252")
    argv = ["--members", str(members), "--tables", "1", "--sessions", "1", *FAST]
    assert run(*argv, "--out", str(tmp_path / "o")) == 2
    assert "row 2, column 'host': 'måske' is not yes or no" in capsys.readouterr().err


def test_officers_bound_for_36_at_6_by_6() -> None:
    members = tuple(Member(id=str(i), features={}) for i in range(36))
    tables = tuple(TableSpec(str(t), 6) for t in range(6))
    problem = SeatingProblem(members=members, features=(), tables=tables, sessions=(1, 2, 3, 4, 5))
    bound = repeat_lower_bound(problem, [(6,) * 6] * 5)
    assert (bound["value"], bound["kind"], bound["counting_bound"]) == (2, "officers_36", 0)
    assert repeat_lower_bound(problem, [(6,) * 6] * 3)["value"] == 0
    # The report says what the bound does not know, beside a count far above it.
    assert "counts seats only: mixing, theme wishes and roles" in bound["explanation"]
