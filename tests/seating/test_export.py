"""Every session's seating as CSV: for a spreadsheet, and as the command line's --history."""

from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from borgersamling.grouping.reader import read_seats
from borgersamling.seating import editing, planning
from borgersamling.seating.export import COLUMNS, seating_csv
from tests.seating.factories import Room


def rows(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")  # spreadsheets read æ, ø, å right
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_every_seat_of_every_session_with_its_status(room: Room) -> None:
    first = editing.lock(planning.generate(room.sessions[0], seed=2, mixing="strict"))
    second = planning.generate(room.sessions[1], seed=3, mixing="strict")
    room.members[0].name = '=HYPERLINK("http://x")'
    room.members[0].save()
    text = seating_csv(room.assembly)
    assert text[1:].splitlines()[0] == ",".join(COLUMNS)
    found = rows(text)
    assert len(found) == 2 * len(room.members)  # the third session has no seating yet
    expected = {
        (
            str(plan.session.number),
            str(seat.theme_table.number),
            str(seat.participant.pk),
            seat.role,
        )
        for plan in (first, second)
        for seat in plan.session.seats.select_related("theme_table", "participant")
    }
    assert {(r["session"], r["table"], r["member_id"], r["role"]) for r in found} == expected
    assert {r["status"] for r in found if r["session"] == "1"} == {"locked"}
    assert {r["status"] for r in found if r["session"] == "2"} == {"draft"}
    names = {r["name"] for r in found}
    assert '\'=HYPERLINK("http://x")' in names  # not run as a formula
    assert {m.name for m in room.members[1:]} <= names
    themes = {r["table"]: r["theme"] for r in found}
    assert themes == {str(t.number): t.theme for t in room.tables}


def test_the_command_line_reads_it_as_history(room: Room, tmp_path: Path) -> None:
    editing.lock(planning.generate(room.sessions[0], seed=2, mixing="strict"))
    path = tmp_path / "seating.csv"
    path.write_text(seating_csv(room.assembly), encoding="utf-8")
    known = {str(member.pk) for member in room.members}
    seats = [seat for _row, seat in read_seats(path, known, None, None)]
    assert len(seats) == len(room.members)
    assert {seat.session for seat in seats} == {room.sessions[0].number}
    assert sum(seat.role == "host" for seat in seats) == len(room.tables)


def test_download(client: Client, room: Room, secretariat: User) -> None:
    planning.generate(room.sessions[0], seed=2, mixing="strict")
    client.force_login(secretariat)
    overview = client.get(reverse("seating:overview", kwargs={"slug": room.assembly.slug}))
    url = reverse("seating:export", kwargs={"slug": room.assembly.slug})
    assert url in overview.content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="{room.assembly.slug}-seating.csv"' in response["Content-Disposition"]
    assert len(rows(response.content.decode("utf-8"))) == len(room.members)


def test_the_excel_workbook_has_the_same_rows(
    room: Room, secretariat: User, client: Client, tmp_path: Path
) -> None:
    editing.lock(planning.generate(room.sessions[0], seed=2, mixing="strict"))
    room.members[0].name = "=1+1"
    room.members[0].save()
    client.force_login(secretariat)
    slug = room.assembly.slug
    url = reverse("seating:export-xlsx", kwargs={"slug": slug})
    overview = client.get(reverse("seating:overview", kwargs={"slug": slug}))
    assert url in overview.content.decode()
    response = client.get(url)
    assert response["Content-Disposition"] == f'attachment; filename="{slug}-seating.xlsx"'
    path = tmp_path / "seating.xlsx"
    path.write_bytes(response.content)
    sheet = load_workbook(path).active
    assert sheet is not None
    found = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert found[0] == COLUMNS
    in_csv = rows(seating_csv(room.assembly))
    assert len(found) - 1 == len(in_csv) == len(room.members)
    for cells, line in zip(found[1:], in_csv, strict=True):
        session, table, member, role, day, status, theme, name = cells
        assert (session, table, member) == (1, int(line["table"]), int(line["member_id"]))
        assert (role or "", status, theme) == (line["role"], line["status"], line["theme"])
        assert isinstance(day, datetime.datetime) and day.date().isoformat() == line["date"]
        assert name == line["name"].removeprefix("'")  # a name, never run as a formula
    assert "=1+1" in [row[7] for row in found]
    # The command line reads the workbook as history too.
    known = {str(member.pk) for member in room.members}
    assert len(read_seats(path, known, None, None)) == len(room.members)
