"""The secretariat's seating pages: who may open them, and what each form does."""

from __future__ import annotations

from collections import Counter

import pytest
from django.test import Client
from django.urls import reverse

from borgersamling.accounts.models import Role
from borgersamling.assemblies.models import Assembly
from borgersamling.seating import editing, planning, views
from borgersamling.seating.models import SeatAssignment, SeatingPlan, SeatingPreference
from tests.accounts.factories import make_assembly, make_member, make_secretariat
from tests.assemblies.factories import make_session
from tests.form_state import form_as_shown
from tests.seating.factories import Room, make_room


def url(room: Room, name: str, number: int | None = 1) -> str:
    kwargs: dict[str, object] = {"slug": room.assembly.slug}
    if number is not None:
        kwargs["number"] = number
    return reverse(f"seating:{name}", kwargs=kwargs)


def generate(client: Client, room: Room, **data: object) -> object:
    return client.post(
        url(room, "generate"), {"seed": 9, "mixing": "strict", "keep_pinned": "on", **data}
    )


def test_overview_lists_the_sessions(staff: Client, room: Room) -> None:
    html = staff.get(url(room, "overview", None)).content.decode()
    for session in room.sessions:
        assert session.title in html
        assert url(room, "session", session.number) in html


def test_generate_then_see_tables_and_figures(staff: Client, room: Room) -> None:
    response = generate(staff, room)
    assert response.status_code == 302  # type: ignore[attr-defined]
    assert SeatAssignment.objects.filter(session=room.sessions[0]).count() == 12
    html = staff.get(url(room, "session")).content.decode()
    assert "Draft" in html and "Repeated pairs" in html and "What mixing costs" in html
    assert "The bound counts seats only" in html  # what "at least" does not know
    for member in room.members:
        assert member.name in html
    assert "Kvinde" in html  # the members' features


def test_generate_errors_show_at_the_form(staff: Client, room: Room) -> None:
    response = generate(staff, room, capacity=3)
    assert response.status_code == 400  # type: ignore[attr-defined]
    html = response.content.decode()  # type: ignore[attr-defined]
    assert "Most members at a table" in html and "seat only 9" in html
    assert not SeatingPlan.objects.exists()
    bad_seed = generate(staff, room, seed="abc")
    assert bad_seed.status_code == 400  # type: ignore[attr-defined]


def test_no_theme_tables_is_said_at_the_form(client: Client, db: None) -> None:
    assembly = make_assembly()
    session = make_session(assembly)
    client.force_login(make_secretariat(assembly))
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.post(
        reverse("seating:generate", kwargs={"slug": assembly.slug, "number": session.number}),
        {"seed": 1, "mixing": "strict"},
    )
    assert response.status_code == 400
    assert "no theme tables" in response.content.decode()


def test_move_swap_and_role_by_post(staff: Client, room: Room) -> None:
    generate(staff, room)
    seats = list(SeatAssignment.objects.filter(session=room.sessions[0]).order_by("theme_table"))
    a, z = seats[0], seats[-1]
    staff.post(
        url(room, "move"), {"member": a.participant_id, "target": f"table:{z.theme_table_id}"}
    )
    a.refresh_from_db()
    assert a.theme_table_id == z.theme_table_id
    plan = SeatingPlan.objects.get()
    assert sorted(t["size"] for t in plan.quality["mixing"]["sessions"][0]["tables"]) == [3, 4, 5]
    b = seats[1]
    b_table, z_table = b.theme_table_id, z.theme_table_id
    staff.post(
        url(room, "move"), {"member": b.participant_id, "target": f"member:{z.participant_id}"}
    )
    b.refresh_from_db()
    z.refresh_from_db()
    assert (b.theme_table_id, z.theme_table_id) == (z_table, b_table)
    role = "host" if b.role == "scribe" else "scribe"  # one b does not hold yet
    staff.post(url(room, "role"), {"member": b.participant_id, "role": role})
    b.refresh_from_db()
    assert b.role == role
    html = staff.get(url(room, "session")).content.decode()
    assert "Moved by hand" in html and "Swapped by hand" in html and "Role changed" in html


def swap_a_host_away(staff: Client, room: Room, *, others_willing: bool) -> None:
    """Swap a host with a member holding no role at another table (the role goes with its
    member); ``others_willing``: whether someone else at the host's table is willing to host."""
    seats = list(
        SeatAssignment.objects.filter(session=room.sessions[0]).select_related(
            "participant__seating_preference"
        )
    )
    willing = Counter(
        s.theme_table_id for s in seats if s.participant.seating_preference.willing_host
    )
    host = next(
        s for s in seats if s.role == "host" and (willing[s.theme_table_id] > 1) == others_willing
    )
    other = next(s for s in seats if s.theme_table_id != host.theme_table_id and not s.role)
    staff.post(
        url(room, "move"),
        {"member": host.participant_id, "target": f"member:{other.participant_id}"},
    )


def test_roles_chosen_again_after_a_swap_by_hand(staff: Client, room: Room) -> None:
    generate(staff, room)
    html = staff.get(url(room, "session")).content.decode()
    assert "Choose hosts and scribes again" not in html  # nothing to put right yet
    swap_a_host_away(staff, room, others_willing=True)
    html = staff.get(url(room, "session")).content.decode()
    assert "Tables with two hosts" in html and "Choose hosts and scribes again" in html
    response = staff.post(url(room, "choose-roles"), follow=True)
    html = response.content.decode()
    assert "Hosts and scribes chosen again" in html
    assert "Tables with two hosts" not in html and "Tables without a host" not in html
    assert "Choose hosts and scribes again" not in html


def test_choosing_roles_again_says_which_table_has_no_one_willing(
    staff: Client, room: Room
) -> None:
    generate(staff, room)
    swap_a_host_away(staff, room, others_willing=False)
    html = staff.post(url(room, "choose-roles"), follow=True).content.decode()
    assert "Hosts and scribes chosen again" in html
    assert "Still no host at table" in html


def test_a_bad_move_target_is_refused_with_a_message(staff: Client, room: Room) -> None:
    generate(staff, room)
    seat = SeatAssignment.objects.filter(session=room.sessions[0]).first()
    assert seat is not None
    response = staff.post(
        url(room, "move"), {"member": seat.participant_id, "target": "table:999999"}, follow=True
    )
    assert "Choose a table to move to" in response.content.decode()


def test_lock_shows_members_and_refuses_moves(staff: Client, room: Room) -> None:
    generate(staff, room)
    seat = SeatAssignment.objects.filter(session=room.sessions[0]).first()
    assert seat is not None
    assert SeatAssignment.objects.visible_to_members().filter(pk=seat.pk).count() == 0
    staff.post(url(room, "lock"))
    assert SeatingPlan.objects.get().is_locked
    assert SeatAssignment.objects.visible_to_members().filter(pk=seat.pk).count() == 1
    other = next(t for t in room.tables if t.pk != seat.theme_table_id)
    response = staff.post(
        url(room, "move"),
        {"member": seat.participant_id, "target": f"table:{other.pk}"},
        follow=True,
    )
    assert "The seating is locked" in response.content.decode()
    seat.refresh_from_db()
    assert seat.theme_table_id != other.pk
    html = staff.get(url(room, "session")).content.decode()
    assert 'name="target"' not in html  # no move controls on a locked plan
    staff.post(url(room, "unlock"))
    assert not SeatingPlan.objects.get().is_locked


def test_absence_after_lock_reseats_and_reports(staff: Client, room: Room) -> None:
    generate(staff, room)
    staff.post(url(room, "lock"))
    member = room.members[0]
    response = staff.post(url(room, "absence"), {"member": member.pk, "absent": "1"}, follow=True)
    html = response.content.decode()
    assert f"{member.name} is marked absent" in html
    assert "Reseated: 0 member(s) got a new seat" in html
    assert not SeatAssignment.objects.filter(participant=member).exists()


def test_late_member_is_seated_with_the_reseat_button(staff: Client, room: Room) -> None:
    from tests.accounts.factories import make_participant

    generate(staff, room)
    staff.post(url(room, "lock"))
    late = make_participant(room.assembly, name="Sen Ankomst")
    html = staff.get(url(room, "session")).content.decode()
    assert "1 member has no seat" in html and "Sen Ankomst" in html
    response = staff.post(url(room, "reseat"), follow=True)
    assert "Reseated: 1 member(s)" in response.content.decode()
    assert SeatAssignment.objects.filter(participant=late).exists()


def test_preferences_are_saved(staff: Client, room: Room) -> None:
    page = url(room, "preferences", None)
    response = staff.get(page)
    assert response.status_code == 200
    data: dict[str, object] = {**form_as_shown(response.content.decode())}
    first, second = room.tables[0].number, room.tables[1].number
    for member in room.members:
        data[f"m{member.pk}-first"] = str(first)
        data[f"m{member.pk}-second"] = str(second)
    data[f"m{room.members[0].pk}-willing_host"] = "on"
    assert staff.post(page, data).status_code == 302
    preference = SeatingPreference.objects.get(participant=room.members[0])
    assert preference.willing_host and not preference.willing_scribe
    assert preference.themes == [first, second]
    data[f"m{room.members[1].pk}-second"] = str(first)  # the same table twice
    response = staff.post(page, data)
    assert response.status_code == 400
    assert "The second wish must be another table." in response.content.decode()


@pytest.mark.parametrize("role", [None, Role.MEMBER, Role.POLITICIAN, "other-assembly"])
def test_only_the_secretariat(client: Client, room: Room, role: str | None) -> None:
    if role == "other-assembly":
        client.force_login(make_secretariat(make_assembly()))
    elif role is not None:
        client.force_login(make_member(room.assembly, role))
    for name in ("overview", "preferences"):
        response = client.get(url(room, name, None))
        assert response.status_code == (302 if role is None else 403)
    for name in ("session", "tables-pdf", "cards-pdf"):
        assert client.get(url(room, name)).status_code == (302 if role is None else 403)
    for name in ("generate", "move", "role", "lock", "unlock", "absence", "reseat"):
        response = client.post(url(room, name), {"seed": 1, "mixing": "strict"})
        assert response.status_code == (302 if role is None else 403)
    assert not SeatingPlan.objects.exists()


def test_an_unknown_session_is_404(staff: Client, room: Room) -> None:
    assert staff.get(url(room, "session", 99)).status_code == 404


def test_members_do_not_see_a_draft(room: Room, assembly: Assembly) -> None:
    """The seats members may see: a draft's are hidden, a locked plan's and hand-entered
    seats are shown (the member page should read ``visible_to_members()``)."""
    plan = planning.generate(room.sessions[0], seed=1, mixing="strict")
    visible = SeatAssignment.objects.visible_to_members()
    assert not visible.filter(session=room.sessions[0]).exists()
    editing.lock(plan)
    assert visible.filter(session=room.sessions[0]).count() == 12
    SeatAssignment.objects.create(
        session=room.sessions[1], participant=room.members[0], theme_table=room.tables[0]
    )
    assert SeatAssignment.objects.visible_to_members().filter(session=room.sessions[1]).count() == 1


def test_members_who_said_at_sign_up_they_cannot_come_are_offered_as_absent(
    staff: Client, room: Room
) -> None:
    first, second, third = room.members[:3]
    first.signup.available_sessions.set(room.sessions[1:])  # not session 1
    second.signup.available_sessions.set(room.sessions)  # every session
    third.signup.available_sessions.clear()  # ticked nothing: says nothing
    html = staff.get(url(room, "session")).content.decode()
    said = html.split("said they could not come to this session")[1].split("</ul>")[0]
    assert first.name in said
    assert second.name not in said and third.name not in said
    staff.post(url(room, "absence"), {"member": first.pk, "absent": "1"})
    html = staff.get(url(room, "session")).content.decode()
    assert "said they could not come to this session" not in html
    plan = planning.generate(room.sessions[0], seed=1, mixing="strict")
    assert not plan.session.seats.filter(participant=first).exists()


def test_keep_the_tables_of_the_last_locked_session(staff: Client, room: Room) -> None:
    html = staff.get(url(room, "session", 2)).content.decode()
    assert "Keep the tables from session" not in html  # nothing locked yet
    editing.lock(planning.generate(room.sessions[0], seed=2, mixing="strict"))
    html = staff.get(url(room, "session", 2)).content.decode()
    assert "This session has no new groups." in html
    assert "Keep the tables from session 1" in html
    response = staff.post(url(room, "keep", 2), follow=True)
    assert "Everyone present sits at their table from session 1" in response.content.decode()
    first = dict(room.sessions[0].seats.values_list("participant_id", "theme_table_id"))
    second = dict(room.sessions[1].seats.values_list("participant_id", "theme_table_id"))
    assert first == second
    room.sessions[1].new_groups = True
    room.sessions[1].save()
    html = staff.get(url(room, "session", 2)).content.decode()
    assert "This session has no new groups." not in html
    assert "Keep the tables from session 1" in html


def test_generate_can_seat_the_later_sessions_too(staff: Client, room: Room) -> None:
    html = staff.get(url(room, "session")).content.decode()
    assert "Also seat the later sessions now" in html
    generate(staff, room, ahead="on")
    assert SeatingPlan.objects.filter(session__assembly=room.assembly).count() == 3
    assert all(s.seats.count() == len(room.members) for s in room.sessions)


def test_the_session_page_says_whether_theme_wishes_count(staff: Client, room: Room) -> None:
    for member in room.members[:3]:
        SeatingPreference.objects.update_or_create(
            participant=member, defaults={"themes": [room.tables[0].number]}
        )
    generate(staff, room)
    html = staff.get(url(room, "session")).content.decode()
    assert "3 members have theme wishes; wishes do not count at this session." in html
    assert "Wishes do not count at this session." in html  # the figures card
    edit = reverse(
        "assemblies:secretariat:session-edit",
        kwargs={"slug": room.assembly.slug, "number": 1},
    )
    assert edit in html
    room.sessions[0].theme_wishes = True
    room.sessions[0].save()
    generate(staff, room)
    html = staff.get(url(room, "session")).content.decode()
    assert "Theme wishes count at this session: 3 members have wished" in html
    assert "got their first or second wish (3 first, 0 second)" in html
    overview = staff.get(url(room, "overview", None)).content.decode()
    assert overview.count(">theme wishes count</span>") == 1


def test_a_small_board_lists_the_members_to_swap_with(staff: Client, room: Room) -> None:
    generate(staff, room)
    html = staff.get(url(room, "session")).content.decode()
    tables = SeatAssignment.objects.filter(session=room.sessions[0])
    sizes = Counter(tables.values_list("theme_table_id", flat=True)).values()
    # Every member's control offers every member at another table.
    assert html.count('value="member:') == sum(size * (len(room.members) - size) for size in sizes)
    assert "data-swaps" not in html and "data-swap-label" not in html


def test_a_large_board_leaves_them_to_the_page_script(staff: Client, assembly: Assembly) -> None:
    room = make_room(assembly, members=views.SWAPS_INLINE + 1, tables=6, sessions=1)
    generate(staff, room)
    html = staff.get(url(room, "session")).content.decode()
    assert 'value="member:' not in html
    assert html.count('data-swaps="lazy"') == len(room.members)
    assert html.count('data-swap-label="Swap with, table ') == len(room.tables)
