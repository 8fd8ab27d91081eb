"""Members kept apart: the secretariat's page, the seating it generates, moves by hand and
reseating for a late member."""

from __future__ import annotations

from collections import Counter

import pytest
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse

from borgersamling.accounts.models import Participant, Role
from borgersamling.grouping.model import Seat
from borgersamling.seating import apart, reseating
from borgersamling.seating import problem as problems
from borgersamling.seating.models import ApartPair, SeatAssignment
from borgersamling.seating.planning import SeatingError
from tests.accounts.factories import make_assembly, make_participant
from tests.seating.factories import Room
from tests.seating.test_pages import generate, url


def page(room: Room) -> str:
    return reverse("seating:apart", kwargs={"slug": room.assembly.slug})


def table_of(room: Room, member: Participant, number: int = 1) -> int:
    return SeatAssignment.objects.get(
        session=room.sessions[number - 1], participant=member
    ).theme_table_id


def test_a_pair_is_registered_once_lower_pk_first_and_listed(staff: Client, room: Room) -> None:
    a, b = room.members[4], room.members[1]
    response = staff.post(page(room), {"first": a.pk, "second": b.pk}, follow=True)
    html = response.content.decode()
    assert "will be kept apart" in html and a.name in html and b.name in html
    pair = ApartPair.objects.get()
    assert (pair.first, pair.second) == (b, a)
    again = staff.post(page(room), {"first": b.pk, "second": a.pk}, follow=True)
    assert "were already kept apart" in again.content.decode()
    assert ApartPair.objects.count() == 1
    overview = staff.get(url(room, "overview", None)).content.decode()
    assert "1 pair is kept apart." in overview and page(room) in overview


def test_the_same_member_twice_is_refused_at_the_second_field(staff: Client, room: Room) -> None:
    a = room.members[0]
    response = staff.post(page(room), {"first": a.pk, "second": a.pk})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing was saved." in html
    assert 'href="#id_second">Not at the same table as: Choose two different members.' in html
    assert not ApartPair.objects.exists()


def test_someone_of_another_assembly_is_not_offered(staff: Client, room: Room) -> None:
    stranger = make_participant(make_assembly(), Role.MEMBER)
    response = staff.post(page(room), {"first": room.members[0].pk, "second": stranger.pk})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not ApartPair.objects.exists()


def test_the_service_refuses_someone_who_is_not_a_member_here(room: Room) -> None:
    stranger = make_participant(make_assembly(), Role.MEMBER)
    guest = make_participant(room.assembly, Role.GUEST)
    for other in (stranger, guest):
        with pytest.raises(SeatingError) as refused:
            apart.keep_apart(room.assembly, room.members[0], other)
        assert refused.value.field == "second"
    assert not ApartPair.objects.exists()


def test_a_pair_is_stored_in_one_order_only(room: Room) -> None:
    a, b = sorted(room.members[:2], key=lambda m: m.pk)
    with pytest.raises(IntegrityError):
        ApartPair.objects.create(assembly=room.assembly, first=b, second=a)


def test_a_pair_is_removed(staff: Client, room: Room) -> None:
    a, b = room.members[:2]
    staff.post(page(room), {"first": a.pk, "second": b.pk})
    pair = ApartPair.objects.get()
    remove = reverse("seating:apart-remove", kwargs={"slug": room.assembly.slug, "pk": pair.pk})
    html = staff.post(remove, follow=True).content.decode()
    assert "may sit at the same table again" in html
    assert not ApartPair.objects.exists()
    assert "No pairs: anyone may sit with anyone." in html


def pairs_seated_together(room: Room) -> list[tuple[Participant, Participant]]:
    """Two pairs the engine seats at one table when nobody is kept apart."""
    seats = SeatAssignment.objects.filter(session=room.sessions[0]).select_related("participant")
    by_table: dict[int, list[Participant]] = {}
    for seat in seats.order_by("pk"):
        by_table.setdefault(seat.theme_table_id, []).append(seat.participant)
    first, second = list(by_table.values())[:2]
    return [(first[0], first[1]), (second[0], second[1])]


def test_generating_keeps_the_pairs_apart_and_says_so(staff: Client, room: Room) -> None:
    generate(staff, room)
    pairs = pairs_seated_together(room)
    for a, b in pairs:
        staff.post(page(room), {"first": a.pk, "second": b.pk})
    generate(staff, room)
    for a, b in pairs:
        assert table_of(room, a) != table_of(room, b)
    html = staff.get(url(room, "session")).content.decode()
    assert "All 2 pairs to keep apart sit at separate tables." in html
    assert "At one table in:" not in staff.get(page(room)).content.decode()
    assert "To be kept apart from:" not in html


def test_a_move_by_hand_that_joins_a_pair_is_shown(staff: Client, room: Room) -> None:
    a, b = room.members[:2]
    staff.post(page(room), {"first": a.pk, "second": b.pk})
    generate(staff, room)
    assert table_of(room, a) != table_of(room, b)
    staff.post(url(room, "move"), {"member": a.pk, "target": f"table:{table_of(room, b)}"})
    html = staff.get(url(room, "session")).content.decode()
    number = SeatAssignment.objects.get(session=room.sessions[0], participant=b).theme_table.number
    assert "Members to keep apart who share a table:" in html
    named = {f"{x.name} &amp; {y.name} (Table {number})" for x, y in ((a, b), (b, a))}
    assert any(text in html for text in named)
    assert f"To be kept apart from: {b.name}" in html and f"To be kept apart from: {a.name}" in html
    # The list of pairs says where they sit together, with a link to the session.
    listed = staff.get(page(room)).content.decode()
    assert "At one table in:" in listed
    assert f'{url(room, "session")}">session 1</a>' in listed


def test_a_late_member_is_not_seated_beside_the_one_to_keep_apart(room: Room) -> None:
    """Eleven members seated 4, 4, 3: the late twelfth can only join the table of three.
    Kept apart from someone there, they change places with a member at another table."""
    late = room.members[0]
    session = room.sessions[0]
    inputs = problems.build(session)
    tables = list(inputs.tables)
    others = [m.id for m in inputs.problem.members if m.id != str(late.pk)]
    seats = [Seat(session.number, tables[k % len(tables)], m) for k, m in enumerate(others)]
    seated, _changes = reseating.repair(inputs.problem, list(seats), None)
    only_room = next(s.table for s in seated if s.member_id == str(late.pk))
    mate = Participant.objects.get(pk=int(next(s.member_id for s in seats if s.table == only_room)))
    first, second = sorted((late, mate), key=lambda m: m.pk)
    ApartPair.objects.create(assembly=room.assembly, first=first, second=second)

    inputs = problems.build(session)
    seated, changes = reseating.repair(inputs.problem, list(seats), None)

    table = {s.member_id: s.table for s in seated}
    assert table[str(late.pk)] != table[str(mate.pk)]
    assert sorted(Counter(table.values()).values()) == [4, 4, 4]
    # Besides the late member, exactly one member moved: the one they changed places with.
    moved = {s.member_id for s in seats if table[s.member_id] != s.table}
    assert len(moved) == 1 and table[moved.pop()] == only_room
    assert {member for member, _old, _new in changes} == {str(late.pk)} | {
        s.member_id for s in seats if table[s.member_id] != s.table
    }


def test_a_pair_placed_by_hand_at_one_table_is_named_before_generating(
    staff: Client, room: Room
) -> None:
    generate(staff, room)
    a, b = room.members[:2]
    target = table_of(room, room.members[2])
    for member in (a, b):
        if table_of(room, member) != target:
            staff.post(url(room, "move"), {"member": member.pk, "target": f"table:{target}"})
        SeatAssignment.objects.filter(session=room.sessions[0], participant=member).update(
            pinned=True
        )
    staff.post(page(room), {"first": a.pk, "second": b.pk})
    response = generate(staff, room)
    assert response.status_code == 400  # type: ignore[attr-defined]
    html = response.content.decode()  # type: ignore[attr-defined]
    assert f"{a.name} &amp; {b.name} were placed by hand at one table but are to be kept" in html
    assert table_of(room, a) == table_of(room, b) == target  # nothing was generated
    # Without keeping the members placed by hand, the engine parts them.
    assert generate(staff, room, keep_pinned="").status_code == 302  # type: ignore[attr-defined]
    assert table_of(room, a) != table_of(room, b)


def test_a_pair_added_after_seating_is_shown_on_the_draft_at_once(
    staff: Client, room: Room
) -> None:
    generate(staff, room)
    a, b = pairs_seated_together(room)[0]
    staff.post(page(room), {"first": a.pk, "second": b.pk})
    html = staff.get(url(room, "session")).content.decode()
    assert "Members to keep apart who share a table:" in html
    assert "To be kept apart from:" in html
