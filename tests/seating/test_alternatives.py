"""Taking another mixing mode's seating from the trade-off table as the draft."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from borgersamling.seating import drafts, editing, imports, planning
from borgersamling.seating.models import Absence, SeatAssignment, SeatingPlan
from borgersamling.sortition.tables import read_table
from tests.seating.factories import Room
from tests.seating.test_pages import url
from tests.seating.test_previous_draft import first_draft_with_a_move


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def board(room: Room) -> list[list[object]]:
    seats = SeatAssignment.objects.filter(session=room.sessions[0])
    return sorted(
        [participant, table, role]
        for participant, table, role in seats.values_list(
            "participant_id", "theme_table_id", "role"
        )
    )


def row_of(plan: SeatingPlan, mixing: str) -> dict[str, Any]:
    row: dict[str, Any] = next(row for row in plan.tradeoff if row["mixing"] == mixing)
    return row


def test_every_row_keeps_its_seating(room: Room) -> None:
    plan = planning.generate(room.sessions[0], seed=3, mixing="strict")
    for mixing in ("strict", "balanced", "meet"):
        seats = row_of(plan, mixing)["seats"]
        assert sorted(p for p, _t, _r in seats) == sorted(m.pk for m in room.members)
    # The chosen row's seating is the draft as generated.
    assert sorted(row_of(plan, "strict")["seats"]) == board(room)


def test_take_a_mode_and_switch_back(room: Room) -> None:
    plan = planning.generate(room.sessions[0], seed=3, mixing="strict")
    generated = board(room)
    row = row_of(plan, "meet")
    taken = drafts.take_alternative(plan, "meet")
    assert board(room) == sorted(row["seats"])
    assert taken.mixing == "meet"
    # The figures are measured again from the seats, and agree with the row.
    assert taken.quality["repeated_pairs"]["total"] == row["repeated_pairs"]
    assert (
        taken.quality["mixing"]["table_features_rounded_ideal"]
        == (row["table_features_rounded_ideal"])
    )
    summary = drafts.summary(taken)
    assert summary is not None and summary["mixing"] == "strict"
    back = drafts.switch_to_previous(taken)
    assert board(room) == generated and back.mixing == "strict"


def test_members_placed_by_hand_stay_placed(room: Room) -> None:
    first_draft_with_a_move(room)  # moves the first member by hand
    member = room.members[0]
    other = SeatAssignment.objects.get(session=room.sessions[0], participant=member).theme_table
    plan = planning.generate(room.sessions[0], seed=4, mixing="strict")  # keeps the member
    drafts.take_alternative(plan, "balanced")
    kept = SeatAssignment.objects.get(session=room.sessions[0], participant=member)
    assert (kept.theme_table_id, kept.pinned) == (other.pk, True)
    assert SeatAssignment.objects.filter(session=room.sessions[0], pinned=True).count() == 1


def test_what_cannot_be_taken_is_refused(room: Room) -> None:
    plan = planning.generate(room.sessions[0], seed=3, mixing="strict")
    with pytest.raises(planning.SeatingError, match="under that mixing already"):
        drafts.take_alternative(plan, "strict")
    with pytest.raises(planning.SeatingError, match="no seating under that mixing"):
        drafts.take_alternative(plan, "chaos")
    Absence.objects.create(session=room.sessions[0], participant=room.members[0])
    before = board(room)
    with pytest.raises(planning.SeatingError, match="marked absent since that seating"):
        drafts.take_alternative(plan, "balanced")
    assert board(room) == before
    Absence.objects.all().delete()
    editing.lock(plan)
    with pytest.raises(planning.SeatingError, match="locked"):
        drafts.take_alternative(plan, "balanced")


def test_a_seating_read_from_a_file_has_no_rows_to_take(room: Room, tmp_path: Path) -> None:
    path = tmp_path / "borde.csv"
    path.write_text(
        "member_id,table\n" + "".join(f"{m.pk},{1 + k % 3}\n" for k, m in enumerate(room.members))
    )
    plan = imports.import_seating(room.sessions[0], read_table(path)).plan
    with pytest.raises(planning.SeatingError, match="no seating under that mixing"):
        drafts.take_alternative(plan, "balanced")


def test_the_trade_off_table_takes_a_seating(staff: Client, room: Room) -> None:
    plan = planning.generate(room.sessions[0], seed=3, mixing="strict")
    html = staff.get(url(room, "session")).content.decode()
    take = url(room, "take-alternative")
    assert html.count(f'action="{take}"') == 2  # the two modes not chosen
    assert 'name="mixing" value="strict"' not in html.split(take)[1]
    response = staff.post(take, {"mixing": "balanced"}, follow=True)
    page = response.content.decode()
    assert "The seating under “Balanced” is the draft now." in page
    assert board(room) == sorted(row_of(plan, "balanced")["seats"])
    chosen = page[page.index('class="chosen"') :]
    assert chosen.index("Balanced") < chosen.index("</tr>")
    assert page.count(f'action="{take}"') == 2  # strict can be taken back now
