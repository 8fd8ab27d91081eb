"""The secretariat's page of hosts, scribes and theme wishes saves only the rows changed on
it, so a member's own answers given on their phone while the page was open are not lost."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from borgersamling.seating import preferences
from borgersamling.seating.models import SeatingPreference
from borgersamling.seating.preferences import Wishes
from tests.form_state import form_as_shown
from tests.seating.factories import Room


def shown(client: Client, page: str) -> dict[str, str]:
    return form_as_shown(client.get(page).content.decode())


def page_of(room: Room) -> str:
    return reverse("seating:preferences", kwargs={"slug": room.assembly.slug})


def on_the_phone(room: Room, k: int, wishes: Wishes) -> None:
    preferences.save(room.assembly, [(room.members[k], wishes)])


def stored(room: Room, k: int) -> Wishes:
    return Wishes.of(SeatingPreference.objects.get(participant=room.members[k]))


def test_a_members_own_answers_survive_saving_the_page(staff: Client, room: Room) -> None:
    page = page_of(room)
    data = shown(staff, page)
    first, second = room.tables[0].number, room.tables[1].number
    # While the page is open, member 0 answers on their phone ...
    on_the_phone(room, 0, Wishes(True, True, [second, first]))
    # ... and the secretariat changes member 1's row only.
    data[f"m{room.members[1].pk}-first"] = str(first)
    response = staff.post(page, data, follow=True)
    html = response.content.decode()
    assert stored(room, 0) == Wishes(True, True, [second, first])
    assert stored(room, 1).themes == [first]
    assert "1 member&#x27;s row changed" in html
    assert "replaced them" not in html


def test_a_row_changed_on_both_sides_keeps_the_pages_answers_and_says_so(
    staff: Client, room: Room
) -> None:
    page = page_of(room)
    data = shown(staff, page)
    first, second = room.tables[0].number, room.tables[1].number
    on_the_phone(room, 2, Wishes(False, False, [second]))
    data[f"m{room.members[2].pk}-first"] = str(first)
    html = staff.post(page, data, follow=True).content.decode()
    assert stored(room, 2).themes == [first]
    assert room.members[2].name in html.split("yours replaced them:")[1].split("</li>")[0]


def test_rows_left_as_they_were_are_not_written(staff: Client, room: Room) -> None:
    page = page_of(room)
    data = shown(staff, page)
    before = {k: stored(room, k) for k in range(len(room.members))}
    on_the_phone(room, 3, Wishes(True, False, [room.tables[2].number]))
    staff.post(page, data)
    after = {k: stored(room, k) for k in range(len(room.members))}
    assert after == {**before, 3: Wishes(True, False, [room.tables[2].number])}


def test_a_page_shown_again_with_errors_keeps_what_it_first_showed(
    staff: Client, room: Room
) -> None:
    page = page_of(room)
    data = shown(staff, page)
    first = room.tables[0].number
    on_the_phone(room, 4, Wishes(False, True, [first]))
    bad = {**data, f"m{room.members[5].pk}-second": str(first)}  # second without a first
    response = staff.post(page, bad)
    assert response.status_code == 400
    again = form_as_shown(response.content.decode())
    # The page still holds the answers it showed first, so the member's change is still seen
    # as theirs when the corrected page is saved.
    assert again[f"m{room.members[4].pk}-shown"] == data[f"m{room.members[4].pk}-shown"]
    staff.post(page, {**again, f"m{room.members[5].pk}-second": ""})
    assert stored(room, 4) == Wishes(False, True, [first])
