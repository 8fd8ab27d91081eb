"""The secretariat's pages and the plenum screen: every view for every role, edits that reach
the public pages, refused input that changes nothing, order, deletion, and "show now"."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from borgersamling.accounts.models import Role
from borgersamling.assemblies import services
from borgersamling.assemblies.models import (
    Assembly,
    Program,
    ProgramItem,
    Purpose,
    Session,
    Value,
)
from borgersamling.assemblies.plenum import Phase, plenum_state
from borgersamling.assemblies.secretariat_views import COLLECTIONS
from tests.accounts.factories import make_participant, make_user
from tests.assemblies.factories import (
    make_material,
    make_program_item,
    make_series,
    make_session,
    make_theme_table,
    make_value,
)

LOGIN = reverse("accounts:login")

# guest: a visitor who joined by QR code has no account, so the client is not logged in;
# guest-account: should anyone ever give a guest a user, the role still grants nothing.
VISITORS = [
    "anonymous",
    "guest",
    "guest-account",
    "member",
    "politician",
    "other-facilitator",
    "facilitator",
    "administrator",
]
ALLOWED = {"facilitator", "administrator"}


@pytest.fixture
def world(assembly: Assembly) -> dict[str, object]:
    """One session with a program item and a purpose, and one row in every collection."""
    session = make_session(assembly, start=datetime.time(17), end=datetime.time(21))
    item = make_program_item(session, start=datetime.time(17), end=datetime.time(17, 30))
    purpose = Purpose.objects.create(session=session, text="Mærke fremtiden", order=1)
    make_value(assembly)
    make_theme_table(assembly)
    make_material(assembly)
    assembly.working_questions.create(text="Hvordan?", order=1)
    assembly.strengths.create(title="Godt", order=1)
    assembly.challenges.create(title="Svært", order=1)
    assembly.welfare_trends.create(title="Flere ældre", order=1)
    assembly.helpers.create(name="Hjælper Hansen", order=1)
    make_series(assembly, {"80+": {2025: 100, 2035: 150}})
    return {"session": session, "item": item, "purpose": purpose}


def client_for(assembly: Assembly, visitor: str) -> Client:
    client = Client()
    if visitor in {"anonymous", "guest"}:
        return client
    user = make_user()
    if visitor == "other-facilitator":
        other = Assembly.objects.create(
            name="Other", slug="other", municipality="X", core_task="?", commissioning_body="Y"
        )
        make_participant(other, Role.FACILITATOR, user=user)
    else:
        role = {"guest-account": Role.GUEST}.get(visitor, visitor)
        make_participant(assembly, role, user=user)
    client.force_login(user)
    return client


def secretariat_urls(assembly: Assembly, world: dict[str, object]) -> list[tuple[str, str]]:
    """(method, url) for every secretariat view; POSTs are sent with an empty body."""
    session = world["session"]
    item = world["item"]
    purpose = world["purpose"]
    assert isinstance(session, Session)
    assert isinstance(item, ProgramItem)
    assert isinstance(purpose, Purpose)

    def url(name: str, **kwargs: object) -> str:
        return reverse(f"assemblies:secretariat:{name}", kwargs={"slug": assembly.slug, **kwargs})

    n = session.number
    urls = [
        ("get", url("dashboard")),
        ("get", url("assembly")),
        ("post", url("assembly")),
        ("get", url("session-new")),
        ("post", url("session-new")),
        ("get", url("program", number=n)),
        ("get", url("session-edit", number=n)),
        ("post", url("session-edit", number=n)),
        ("get", url("session-delete", number=n)),
        ("get", url("item-new", number=n)),
        ("post", url("item-new", number=n)),
        ("get", url("item-edit", number=n, pk=item.pk)),
        ("post", url("item-edit", number=n, pk=item.pk)),
        ("get", url("item-delete", number=n, pk=item.pk)),
        ("post", url("item-move", number=n, pk=item.pk)),
        ("post", url("item-show", number=n, pk=item.pk)),
        ("post", url("follow-clock", number=n)),
        ("get", url("purpose-new", number=n)),
        ("post", url("purpose-new", number=n)),
        ("get", url("purpose-edit", number=n, pk=purpose.pk)),
        ("post", url("purpose-edit", number=n, pk=purpose.pk)),
        ("get", url("purpose-delete", number=n, pk=purpose.pk)),
        ("post", url("purpose-move", number=n, pk=purpose.pk)),
    ]
    for key, collection in COLLECTIONS.items():
        row = collection.rows(assembly).get()
        urls += [
            ("get", url("collection", kind=key)),
            ("get", url("row-new", kind=key)),
            ("post", url("row-new", kind=key)),
            ("get", url("row-edit", kind=key, pk=row.pk)),
            ("post", url("row-edit", kind=key, pk=row.pk)),
            ("get", url("row-delete", kind=key, pk=row.pk)),
        ]
        if collection.ordered:
            urls.append(("post", url("row-move", kind=key, pk=row.pk)))
    return urls


@pytest.mark.parametrize("visitor", VISITORS)
def test_every_secretariat_view_for_every_role(
    assembly: Assembly, world: dict[str, object], visitor: str
) -> None:
    client = client_for(assembly, visitor)
    for method, url in secretariat_urls(assembly, world):
        response = client.get(url) if method == "get" else client.post(url, {})
        where = f"{visitor} {method.upper()} {url}"
        if visitor in ALLOWED:
            # An empty POST is refused input (400) or a move without a direction (404);
            # both mean the view ran for this visitor.
            expected = {200} if method == "get" else {302, 400, 404}
            assert response.status_code in expected, where
        elif visitor in {"anonymous", "guest"}:
            assert response.status_code == 302, where
            assert response["Location"].startswith(f"{LOGIN}?next="), where
        else:
            assert response.status_code == 403, where


@pytest.mark.parametrize("visitor", VISITORS)
def test_deletes_are_refused_to_everyone_outside_the_secretariat(
    assembly: Assembly, world: dict[str, object], visitor: str
) -> None:
    if visitor in ALLOWED:
        return
    client = client_for(assembly, visitor)
    item = world["item"]
    assert isinstance(item, ProgramItem)
    url = reverse(
        "assemblies:secretariat:item-delete",
        kwargs={"slug": assembly.slug, "number": item.session.number, "pk": item.pk},
    )
    assert client.post(url).status_code in {302, 403}
    assert ProgramItem.objects.filter(pk=item.pk).exists()


# --- editing the program -------------------------------------------------------------------


@pytest.fixture
def facilitator(assembly: Assembly) -> Client:
    return client_for(assembly, "facilitator")


def item_url(name: str, item: ProgramItem) -> str:
    return reverse(
        f"assemblies:secretariat:{name}",
        kwargs={"slug": item.session.assembly.slug, "number": item.session.number, "pk": item.pk},
    )


def item_data(item: ProgramItem, **changes: str) -> dict[str, str]:
    data = {
        "program": item.program,
        "start": f"{item.start:%H:%M}",
        "end": f"{item.end:%H:%M}" if item.end else "",
        "title": item.title,
        "led_by": item.led_by,
        "description": item.description,
        "for_members": "on",
    }
    return data | changes


def test_editing_a_program_item_changes_the_public_session_page(
    demo: Assembly, client: Client
) -> None:
    facilitator = client_for(demo, "facilitator")
    session = demo.sessions.get(is_open_session=True)
    item = session.program_items.filter(program=Program.MEMBERS).order_by("order")[1]
    response = facilitator.post(
        item_url("item-edit", item),
        item_data(item, title="Velkomst med kaffe og kage", led_by="Borgmesteren"),
    )
    assert response.status_code == 302
    page = client.get(session.get_absolute_url()).content.decode()
    assert "Velkomst med kaffe og kage" in page
    assert "Borgmesteren" in page


@pytest.mark.parametrize(
    ("start", "end", "field", "message"),
    [
        ("18:00", "17:30", "end", "The item must end after it starts."),
        ("16:00", "", "start", "The session starts at 17.00"),
        ("20:30", "21:30", "end", "The session ends at 21.00"),
        ("nonsense", "", "start", "Enter a valid time."),
    ],
)
def test_invalid_time_gives_a_field_error_and_changes_nothing(
    assembly: Assembly,
    world: dict[str, object],
    facilitator: Client,
    start: str,
    end: str,
    field: str,
    message: str,
) -> None:
    item = world["item"]
    assert isinstance(item, ProgramItem)
    before = ProgramItem.objects.values().get(pk=item.pk)
    english = facilitator.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert english.status_code == 302
    response = facilitator.post(
        item_url("item-edit", item), item_data(item, start=start, end=end, title="Changed")
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    html = response.content.decode()
    # The message sits at the control and the control points to it.
    assert f'id="id_{field}_error"' in html
    assert 'aria-invalid="true"' in html
    control = re.search(rf'<input[^>]*id="id_{field}"[^>]*>', html)
    assert control is not None
    assert f"id_{field}_error" in control.group(0)
    assert ProgramItem.objects.values().get(pk=item.pk) == before


def test_danish_error_messages_by_default(
    assembly: Assembly, world: dict[str, object], facilitator: Client
) -> None:
    item = world["item"]
    assert isinstance(item, ProgramItem)
    response = facilitator.post(
        item_url("item-edit", item), item_data(item, start="18:00", end="17:00")
    )
    assert "Punktet skal slutte, efter det begynder." in response.content.decode()


def test_a_new_item_is_placed_by_its_start_time(
    assembly: Assembly, world: dict[str, object], facilitator: Client
) -> None:
    session = world["session"]
    assert isinstance(session, Session)
    make_program_item(session, start=datetime.time(19), title="Later")
    url = reverse(
        "assemblies:secretariat:item-new",
        kwargs={"slug": assembly.slug, "number": session.number},
    )
    response = facilitator.post(
        url, {"program": "members", "start": "18.00", "title": "Middle", "for_members": "on"}
    )
    assert response.status_code == 302
    titles = list(
        session.program_items.filter(program=Program.MEMBERS)
        .order_by("order")
        .values_list("title", flat=True)
    )
    assert titles[1:] == ["Middle", "Later"]


def test_reorder_moves_an_item_up_and_down(
    assembly: Assembly, world: dict[str, object], facilitator: Client
) -> None:
    session = world["session"]
    assert isinstance(session, Session)
    first = world["item"]
    assert isinstance(first, ProgramItem)
    second = make_program_item(session, start=datetime.time(18), title="Second")
    third = make_program_item(session, start=datetime.time(19), title="Third")

    def order() -> list[int]:
        return list(
            session.program_items.filter(program=Program.MEMBERS)
            .order_by("order")
            .values_list("pk", flat=True)
        )

    assert facilitator.post(item_url("item-move", third), {"direction": "up"}).status_code == 302
    assert order() == [first.pk, third.pk, second.pk]
    facilitator.post(item_url("item-move", first), {"direction": "down"})
    assert order() == [third.pk, first.pk, second.pk]
    # Already last: nothing changes.
    facilitator.post(item_url("item-move", second), {"direction": "down"})
    assert order() == [third.pk, first.pk, second.pk]
    page = Client().get(session.get_absolute_url()).content.decode()
    assert page.index(third.title) < page.index(first.title) < page.index(second.title)


def test_reorder_a_collection(assembly: Assembly, facilitator: Client) -> None:
    values = [make_value(assembly, title=f"V{i}", order=i) for i in range(3)]
    url = reverse(
        "assemblies:secretariat:row-move",
        kwargs={"slug": assembly.slug, "kind": "values", "pk": values[2].pk},
    )
    facilitator.post(url, {"direction": "up"})
    titles = list(Value.objects.filter(assembly=assembly).values_list("title", flat=True))
    assert titles == ["V0", "V2", "V1"]


def test_delete_asks_for_confirmation_first(
    assembly: Assembly, world: dict[str, object], facilitator: Client
) -> None:
    item = world["item"]
    assert isinstance(item, ProgramItem)
    url = item_url("item-delete", item)
    response = facilitator.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert item.title in html
    assert 'method="post"' in html
    assert ProgramItem.objects.filter(pk=item.pk).exists()
    response = facilitator.post(url)
    assert response.status_code == 302
    assert not ProgramItem.objects.filter(pk=item.pk).exists()


def test_rows_of_another_assembly_are_out_of_reach(
    assembly: Assembly, world: dict[str, object], facilitator: Client
) -> None:
    other = Assembly.objects.create(
        name="Other", slug="other", municipality="X", core_task="?", commissioning_body="Y"
    )
    other_value = make_value(other)
    url = reverse(
        "assemblies:secretariat:row-delete",
        kwargs={"slug": assembly.slug, "kind": "values", "pk": other_value.pk},
    )
    assert facilitator.post(url).status_code == 404
    assert Value.objects.filter(pk=other_value.pk).exists()


def test_session_numbers_stay_unique(
    assembly: Assembly, world: dict[str, object], facilitator: Client
) -> None:
    url = reverse("assemblies:secretariat:session-new", kwargs={"slug": assembly.slug})
    response = facilitator.post(url, {"number": "1", "title": "Twice", "date": "2025-05-01"})
    assert response.status_code == 400
    assert "number" in response.context["form"].errors
    assert assembly.sessions.count() == 1


def test_a_session_can_let_theme_wishes_count(
    assembly: Assembly, world: dict[str, object], facilitator: Client
) -> None:
    session = world["session"]
    assert isinstance(session, Session)
    url = reverse(
        "assemblies:secretariat:session-edit",
        kwargs={"slug": assembly.slug, "number": session.number},
    )
    form = facilitator.get(url).content.decode()
    assert 'name="theme_wishes"' in form
    data = {"number": session.number, "title": session.title, "date": "2025-05-13"}
    assert facilitator.post(url, {**data, "theme_wishes": "on"}).status_code == 302
    session.refresh_from_db()
    assert session.theme_wishes
    assert facilitator.post(url, data).status_code == 302
    session.refresh_from_db()
    assert not session.theme_wishes


def test_editing_the_assembly(assembly: Assembly, facilitator: Client) -> None:
    url = reverse("assemblies:secretariat:assembly", kwargs={"slug": assembly.slug})
    data = {
        "name": "Dragør Borgersamling",
        "municipality": "Dragør",
        "core_task": "Velfærd i fremtiden",
        "commissioning_body": "Byrådet",
        "handover_date": "2025-08-28",
        "status": Assembly.Status.DELIBERATING,
        "next_steps": "Overdragelse\nByrådet svarer",
    }
    assert facilitator.post(url, data).status_code == 302
    assembly.refresh_from_db()
    assert assembly.handover_date == datetime.date(2025, 8, 28)
    assert assembly.next_steps_list() == ["Overdragelse", "Byrådet svarer"]


def test_a_failing_write_leaves_nothing_half_written(
    assembly: Assembly, world: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    session = world["session"]
    assert isinstance(session, Session)
    later = make_program_item(session, start=datetime.time(19))
    order_before = later.order
    new = ProgramItem(session=session, program=Program.MEMBERS, start=datetime.time(18))
    # The title is missing, so the insert fails after the later items were shifted.
    new.title = None  # type: ignore[assignment]
    with pytest.raises(Exception):  # noqa: B017 - the database's own integrity error
        services.add_program_item(new)
    later.refresh_from_db()
    assert later.order == order_before


# --- the plenum screen -------------------------------------------------------------------


def plenum_url(session: Session, **query: str) -> str:
    url = reverse(
        "assemblies:plenum", kwargs={"slug": session.assembly.slug, "number": session.number}
    )
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_plenum_shows_the_item_the_secretariat_chose(demo: Assembly, client: Client) -> None:
    facilitator = client_for(demo, "facilitator")
    session = demo.sessions.get(is_open_session=True)
    items = list(session.program_items.filter(program=Program.MEMBERS).order_by("order"))
    chosen, following = items[3], items[4]
    response = facilitator.post(item_url("item-show", chosen))
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.current_item == chosen

    page = client.get(plenum_url(session))
    assert page.status_code == 200
    html = page.content.decode()
    assert session.title in html
    assert f'data-item="{chosen.pk}"' in html
    assert following.title in html.split('class="plenum-next"')[1]
    fragment = client.get(plenum_url(session, fragment="1")).content.decode()
    assert "<html" not in fragment
    assert f'data-item="{chosen.pk}"' in fragment

    facilitator.post(
        reverse(
            "assemblies:secretariat:follow-clock",
            kwargs={"slug": demo.slug, "number": session.number},
        )
    )
    session.refresh_from_db()
    assert session.current_item is None


def test_plenum_refreshes_itself(demo: Assembly, client: Client) -> None:
    session = demo.sessions.get(is_open_session=True)
    html = client.get(plenum_url(session)).content.decode()
    assert "plenum.js" in html
    assert 'http-equiv="refresh"' in html  # without script


def test_plenum_follows_the_clock() -> None:
    session = Session(date=datetime.date(2025, 5, 13))
    items = [
        ProgramItem(pk=1, session=session, start=datetime.time(17), title="A"),
        ProgramItem(pk=2, session=session, start=datetime.time(18), title="B"),
        ProgramItem(
            pk=3, session=session, start=datetime.time(20), end=datetime.time(21), title="C"
        ),
    ]
    day = session.date

    def at(date: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
        return datetime.datetime.combine(date, datetime.time(hour, minute))

    before = plenum_state(items, None, day, at(day, 16))
    assert (before.phase, before.current, before.next) == (Phase.BEFORE, None, items[0])
    running = plenum_state(items, None, day, at(day, 18, 30))
    assert (running.current, running.next) == (items[1], items[2])
    assert plenum_state(items, None, day, at(day, 21, 5)).phase is Phase.ENDED
    assert plenum_state(items, None, day, at(day + datetime.timedelta(days=1), 12)).phase is (
        Phase.ENDED
    )
    assert plenum_state(items, None, day, at(day - datetime.timedelta(days=1), 18)) == before
    chosen = plenum_state(items, items[0], day, at(day, 20, 30))
    assert (chosen.current, chosen.next, chosen.chosen) == (items[0], items[1], True)


def test_a_member_cannot_choose_the_plenum_item(
    assembly: Assembly, world: dict[str, object]
) -> None:
    item = world["item"]
    assert isinstance(item, ProgramItem)
    client_for(assembly, "member").post(item_url("item-show", item))
    item.session.refresh_from_db()
    assert item.session.current_item is None


def test_dashboard_links_every_part(demo: Assembly) -> None:
    facilitator = client_for(demo, "facilitator")
    html = facilitator.get(
        reverse("assemblies:secretariat:dashboard", kwargs={"slug": demo.slug})
    ).content.decode()
    for key in COLLECTIONS:
        assert f"/secretariat/{key}/" in html
    for session in demo.sessions.all():
        assert f"/secretariat/sessions/{session.number}/" in html


def test_the_program_page_opens_both_screens(demo: Assembly) -> None:
    facilitator = client_for(demo, "facilitator")
    session = demo.sessions.get(is_open_session=True)
    html = facilitator.get(
        reverse(
            "assemblies:secretariat:program", kwargs={"slug": demo.slug, "number": session.number}
        )
    ).content.decode()
    assert plenum_url(session) in html
    screen = reverse("seating:screen", kwargs={"slug": demo.slug, "number": session.number})
    assert f'href="{screen}"' in html
