"""A session's seating read from a file: the template, the export and hand-made files."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation
from openpyxl import Workbook, load_workbook

from borgersamling.assemblies.models import Session
from borgersamling.seating import drafts, editing, imports, planning, runs, template_file
from borgersamling.seating.export import seating_csv
from borgersamling.seating.models import Absence, SeatAssignment, SeatingPlan
from borgersamling.sortition.tables import Table, read_table
from tests.accounts.factories import make_participant
from tests.seating.factories import Room
from tests.seating.test_pages import url


@pytest.fixture(autouse=True)
def english() -> object:
    with translation.override("en"):
        yield


def seats_of(session: Session) -> set[tuple[int, int, str]]:
    return {
        (seat.participant_id, seat.theme_table.number, seat.role)
        for seat in SeatAssignment.objects.filter(session=session).select_related("theme_table")
    }


def as_table(tmp_path: Path, rows: list[list[object]], name: str = "seating.csv") -> Table:
    path = tmp_path / name
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return read_table(path)


def template_rows(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")  # spreadsheets read æ, ø, å right
    return list(csv.DictReader(io.StringIO(text[1:])))


def failure(session: Session, table: Table) -> list[str]:
    with pytest.raises(imports.SeatingFileError) as caught:
        imports.import_seating(session, table)
    return caught.value.errors


def test_the_template_read_back_gives_the_same_seating(room: Room, tmp_path: Path) -> None:
    session = room.sessions[0]
    generated = planning.generate(session, seed=4, mixing="strict")
    before = seats_of(session)
    text = template_file.template_csv(session)
    rows = template_rows(text)
    assert list(rows[0]) == template_file.COLUMNS
    assert len(rows) == len(room.members)
    path = tmp_path / "edited.csv"
    path.write_text(text, encoding="utf-8")
    done = imports.import_seating(session, read_table(path))
    plan = SeatingPlan.objects.get(session=session)
    assert seats_of(session) == before
    assert (done.seated, done.without_seat, done.other_sessions) == (len(room.members), [], 0)
    assert (plan.source, plan.source_file, plan.status) == ("file", "edited.csv", "draft")
    assert plan.seed == generated.seed and plan.tradeoff == []
    # The generated draft is kept as the previous one, with what made it.
    summary = drafts.summary(plan)
    assert summary is not None and summary["source"] == "engine"
    assert not SeatAssignment.objects.filter(session=session, pinned=True).exists()


def test_a_hand_made_file_by_name_theme_and_danish_roles(room: Room, tmp_path: Path) -> None:
    session = room.sessions[0]
    first, second, third = room.tables
    ways = [str(first.number), f"Bord {second.number}", third.theme.upper()]
    rows: list[list[object]] = [["Navn", "Bord", "Rolle"]]
    for k, member in enumerate(room.members):
        role = {0: "Vært", 1: "referent", 2: "Scribe"}.get(k, "")
        rows.append([f"  {member.name.lower()} ", ways[k % 3], role])
    imports.import_seating(session, as_table(tmp_path, rows))
    tables = [first.number, second.number, third.number]
    expected = {
        (member.pk, tables[k % 3], {0: "host", 1: "scribe", 2: "scribe"}.get(k, ""))
        for k, member in enumerate(room.members)
    }
    assert seats_of(session) == expected
    plan = SeatingPlan.objects.get(session=session)
    assert plan.previous == {}  # there was no draft before
    # The figures are measured from the seats read.
    assert plan.quality["repeated_pairs"]["total"] == 0
    assert plan.quality["mixing"]["sessions"][0]["tables"]


def test_the_repeats_count_the_earlier_sessions(room: Room, tmp_path: Path) -> None:
    first_session, second_session = room.sessions[:2]
    editing.lock(planning.generate(first_session, seed=2, mixing="strict"))
    # Everyone at the table they sat at last time: every pair there meets again.
    rows: list[list[object]] = [["member_id", "table"]]
    rows += [[member, table] for member, table, _role in seats_of(first_session)]
    imports.import_seating(second_session, as_table(tmp_path, rows))
    plan = SeatingPlan.objects.get(session=second_session)
    sizes = [len([1 for s in seats_of(first_session) if s[1] == t.number]) for t in room.tables]
    assert plan.quality["repeated_pairs"]["total"] == sum(n * (n - 1) // 2 for n in sizes) > 0


def test_the_export_of_every_session_is_read_for_this_one(room: Room, tmp_path: Path) -> None:
    editing.lock(planning.generate(room.sessions[0], seed=2, mixing="strict"))
    planning.generate(room.sessions[1], seed=3, mixing="strict")
    second = seats_of(room.sessions[1])
    path = tmp_path / "dragor-2025-seating.csv"
    path.write_text(seating_csv(room.assembly), encoding="utf-8")
    SeatAssignment.objects.filter(session=room.sessions[1]).delete()
    done = imports.import_seating(room.sessions[1], read_table(path))
    assert seats_of(room.sessions[1]) == second
    assert done.other_sessions == len(room.members)  # session 1's rows


def test_an_xlsx_file_reads_as_a_csv_does(room: Room, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["session", "table", "member_id", "role"])
    for k, member in enumerate(room.members):
        sheet.append([1, 1 + k % 3, member.pk, "host" if k < 3 else None])
    book.save(tmp_path / "borde.xlsx")
    imports.import_seating(room.sessions[0], read_table(tmp_path / "borde.xlsx"))
    found = seats_of(room.sessions[0])
    assert {(m, t) for m, t, _ in found} == {
        (member.pk, 1 + k % 3) for k, member in enumerate(room.members)
    }
    assert sorted(role for *_rest, role in found if role) == ["host"] * 3


def test_every_mistake_is_named_and_nothing_is_stored(room: Room, tmp_path: Path) -> None:
    session = room.sessions[0]
    planning.generate(session, seed=4, mixing="strict")
    before = seats_of(session)
    plan_before = SeatingPlan.objects.get(session=session)
    a, b, c, d = room.members[:4]
    Absence.objects.create(session=session, participant=d)
    stranger = make_participant(room.assembly)
    stranger.is_active = False
    stranger.save()
    rows: list[list[object]] = [
        ["session", "table", "member_id", "role", "name"],
        [1, 1, a.pk, "", ""],  # row 2: fine
        [1, 9, b.pk, "", ""],  # row 3: no table 9
        [1, 2, 999999, "", ""],  # row 4: no such member
        [1, 2, stranger.pk, "", ""],  # row 5: not an active member
        [1, 2, a.pk, "", ""],  # row 6: seated twice
        [1, 2, c.pk, "boss", ""],  # row 7: no such role
        ["en", 2, c.pk, "", ""],  # row 8: not a session number
        [1, 3, d.pk, "", ""],  # row 9: absent
        [1, 3, "", "", "Nobody Known"],  # row 10: no member by that name
        [1, 3, "", "", ""],  # row 11: no member at all
    ]
    errors = failure(session, as_table(tmp_path, rows, "bad.csv"))
    assert errors == [
        "bad.csv, row 3, column 'table': No table is called '9' (the tables are 1, 2, 3).",
        "bad.csv, row 4, column 'member_id': '999999' is not a member of this assembly "
        "(see the template for the ids).",
        f"bad.csv, row 5, column 'member_id': '{stranger.pk}' is not a member of this "
        "assembly (see the template for the ids).",
        f"bad.csv, row 6: {a.name} already has a seat in row 2.",
        "bad.csv, row 7, column 'role': 'boss' is not a role: write host, scribe or leave it "
        "empty.",
        "bad.csv, row 8, column 'session': 'en' is not a session number.",
        f"bad.csv, row 9: {d.name} is marked absent from this session: leave the row out, or "
        "take the absence back first.",
        "bad.csv, row 10, column 'name': No member is called 'Nobody Known'.",
        "bad.csv, row 11, column 'member_id': The member is missing.",
    ]
    assert seats_of(session) == before
    plan = SeatingPlan.objects.get(session=session)
    assert (plan.source, plan.created_at, plan.previous) == (
        "engine",
        plan_before.created_at,
        plan_before.previous,
    )


def test_two_members_of_one_name_need_their_ids(room: Room, tmp_path: Path) -> None:
    a, b = room.members[:2]
    b.name = a.name
    b.save()
    rows: list[list[object]] = [["name", "table"], [a.name, 1]]
    assert failure(room.sessions[0], as_table(tmp_path, rows)) == [
        f"seating.csv, row 2, column 'name': Two members are called '{a.name}': give their "
        "member_id (see the template) instead."
    ]


def test_many_mistakes_are_counted_not_all_listed(room: Room, tmp_path: Path) -> None:
    rows: list[list[object]] = [["member_id", "table"]]
    rows += [[900000 + k, 1] for k in range(imports.MOST_ERRORS + 5)]
    errors = failure(room.sessions[0], as_table(tmp_path, rows))
    assert len(errors) == imports.MOST_ERRORS + 1
    assert errors[-1] == "… and 5 more mistakes."


def test_a_file_without_the_columns_or_seats_says_so(room: Room, tmp_path: Path) -> None:
    rows: list[list[object]] = [["person", "gruppe"], ["x", "1"]]
    assert failure(room.sessions[0], as_table(tmp_path, rows, "forkert.csv")) == [
        "forkert.csv: the file needs a column 'table' (or 'bord') and a column 'member_id' "
        "or 'name' (or 'navn'); its columns are: person, gruppe."
    ]
    other: list[list[object]] = [["session", "table", "member_id"], [2, 1, room.members[0].pk]]
    assert failure(room.sessions[0], as_table(tmp_path, other, "anden.csv")) == [
        "anden.csv: no seats of session 1 (rows of other sessions: 1)."
    ]


def test_members_given_no_table_are_left_without_a_seat(room: Room, tmp_path: Path) -> None:
    left_out = room.members[-2:]
    rows: list[list[object]] = [["member_id", "table", "role"]]
    rows += [[m.pk, 1 + k % 3, ""] for k, m in enumerate(room.members[:-2])]
    rows.append([left_out[0].pk, "", ""])  # the template's empty table: not seated yet
    done = imports.import_seating(room.sessions[0], as_table(tmp_path, rows))
    assert done.without_seat == left_out
    assert {m for m, _t, _r in seats_of(room.sessions[0])} == {m.pk for m in room.members[:-2]}


def test_a_locked_seating_or_a_run_under_way_refuses_the_file(room: Room, tmp_path: Path) -> None:
    rows: list[list[object]] = [["member_id", "table"], [room.members[0].pk, 1]]
    plan = editing.lock(planning.generate(room.sessions[0], seed=2, mixing="strict"))
    with pytest.raises(planning.SeatingError, match="locked"):
        imports.import_seating(room.sessions[0], as_table(tmp_path, rows))
    editing.unlock(plan)
    runs.create_run(room.sessions[0], planning.Request(seed=1, mixing="strict"))
    before = seats_of(room.sessions[0])
    with pytest.raises(planning.SeatingError, match="being generated"):
        imports.import_seating(room.sessions[0], as_table(tmp_path, rows))
    assert seats_of(room.sessions[0]) == before


def test_switching_back_to_the_generated_draft(room: Room, tmp_path: Path) -> None:
    session = room.sessions[0]
    planning.generate(session, seed=4, mixing="strict")
    generated = seats_of(session)
    rows: list[list[object]] = [["member_id", "table"]]
    rows += [[m.pk, 1 + k % 3] for k, m in enumerate(room.members)]
    imports.import_seating(session, as_table(tmp_path, rows, "hand.csv"))
    plan = drafts.switch_to_previous(SeatingPlan.objects.get(session=session))
    assert seats_of(session) == generated
    assert (plan.source, plan.source_file) == ("engine", "")
    summary = drafts.summary(plan)
    assert summary is not None
    assert (summary["source"], summary["source_file"]) == ("file", "hand.csv")


def test_a_draft_kept_before_plans_had_a_source_switches_back(room: Room) -> None:
    session = room.sessions[0]
    planning.generate(session, seed=4, mixing="strict")
    plan = planning.generate(session, seed=5, mixing="strict")
    for name in ("source", "source_file"):
        plan.previous.pop(name)
    plan.source = "file"
    plan.save()
    assert drafts.switch_to_previous(plan).source == "engine"


# --- the page -------------------------------------------------------------------------------


def test_read_a_file_on_the_page(staff: Client, room: Room) -> None:
    session_url = url(room, "session")
    page = staff.get(session_url).content.decode()
    assert url(room, "read-file") in page and url(room, "template") in page
    template = staff.get(url(room, "template"))
    assert template["Content-Type"] == "text/csv; charset=utf-8"
    rows = template_rows(template.content.decode())
    assert {r["table"] for r in rows} == {""}  # not seated yet: fill in the tables
    body = "session,table,member_id\n" + "".join(
        f"1,{1 + k % 3},{m.pk}\n" for k, m in enumerate(room.members[:-1])
    )
    upload = io.BytesIO(body.encode())
    upload.name = "borde.csv"
    response = staff.post(url(room, "read-file"), {"file": upload}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0].endswith("#figures")
    assert f"{len(room.members) - 1} members are seated as the file says." in html
    assert f"1 member present has no table in the file, so no seat: {room.members[-1].name}" in html
    assert "Read from the file “borde.csv”" in html
    assert "1 member has no seat" in html  # the board offers to seat them


def test_a_bad_file_on_the_page_names_its_rows(staff: Client, room: Room) -> None:
    upload = io.BytesIO(b"table,member_id\n7,1\n")
    upload.name = "borde.csv"
    response = staff.post(url(room, "read-file"), {"file": upload})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="file-errors"' in html and "Nothing was read." in html
    assert "borde.csv, row 2, column &#x27;table&#x27;: No table is called &#x27;7&#x27;" in html
    assert not SeatAssignment.objects.exists()
    missing = staff.post(url(room, "read-file"), {})
    assert missing.status_code == 400
    assert 'id="read-file_error"' in missing.content.decode()
    binary = io.BytesIO(b"\x00\x01garbage")
    binary.name = "borde.csv"
    unreadable = staff.post(url(room, "read-file"), {"file": binary})
    assert unreadable.status_code == 400 and "borde.csv" in unreadable.content.decode()


def test_the_page_in_danish(staff: Client, room: Room) -> None:
    assert staff.post("/i18n/setlang/", {"language": "da", "next": "/"}).status_code == 302
    with translation.override("da"):
        html = staff.get(url(room, "session")).content.decode()
        assert "Indlæs bordplaceringen fra en fil" in html
        upload = io.BytesIO(b"bord,navn\n1,Ingen Kendt\n")
        upload.name = "borde.csv"
        bad = staff.post(url(room, "read-file"), {"file": upload}).content.decode()
    assert "borde.csv, række 2, kolonne &#x27;navn&#x27;: Intet medlem hedder" in bad


def test_the_excel_template_is_filled_in_and_read_back(
    staff: Client, room: Room, tmp_path: Path
) -> None:
    room.members[0].name = "=SUM(1)"
    room.members[0].save()
    response = staff.get(url(room, "template-xlsx"))
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    path = tmp_path / "skabelon.xlsx"
    path.write_bytes(response.content)
    book = load_workbook(path)
    sheet = book.active
    assert sheet is not None and sheet.title == "Session 1"
    assert [cell.value for cell in sheet[1]] == template_file.COLUMNS
    assert sheet.freeze_panes == "A2"
    choices = {str(check.sqref): check.formula1 for check in sheet.data_validations.dataValidation}
    assert choices == {"B2:B2000": '"1,2,3"', "D2:D2000": '"Host,Scribe"'}
    names = {row[4].value: row[4].data_type for row in sheet.iter_rows(min_row=2)}
    assert names["=SUM(1)"] == "s"  # a name, not a formula
    # Not seated yet: the secretariat fills in the tables, and a host at each.
    for k, row in enumerate(sheet.iter_rows(min_row=2)):
        assert row[1].value is None
        row[1].value = 1 + k % 3
        row[3].value = "Host" if k < 3 else None
    book.save(path)
    imports.import_seating(room.sessions[0], read_table(path))
    by_member = {m: (t, r) for m, t, r in seats_of(room.sessions[0])}
    for k, row in enumerate(sheet.iter_rows(min_row=2)):
        role = "host" if k < 3 else ""
        assert by_member[int(str(row[2].value))] == (1 + k % 3, role)
