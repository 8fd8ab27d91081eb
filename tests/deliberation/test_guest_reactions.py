"""Smileys and input cards from guests: one smiley per guest and target (changeable), cards
under the section they concern, many guests at once without anything lost or counted twice,
and the rate limits on every write."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.db import connections
from django.test import Client

from borgersamling.deliberation import guest_limits, guests
from borgersamling.deliberation.guest_limits import WriteLimit
from borgersamling.deliberation.guests import GuestError, Target
from borgersamling.deliberation.models import (
    Draft,
    Guest,
    InputCard,
    Reaction,
    Recommendation,
    Section,
)
from tests.assemblies.factories import make_theme_table
from tests.deliberation.factories import make_draft, make_guest, make_revision
from tests.deliberation.guest_helpers import (
    Room,
    join,
    join_url,
    open_room,
    recommendation_keys,
    table_url,
)


@pytest.fixture
def room(db: None) -> Room:
    return open_room()


def first_recommendation(draft: Draft) -> Recommendation:
    draft.refresh_from_db()
    return draft.recommendations.get(pk=guests.current_recommendation_ids(draft)[0])


# --- the service --------------------------------------------------------------------------------


def test_a_smiley_is_one_row_per_guest_and_target_and_the_latest_counts(room: Room) -> None:
    guest = make_guest(room.assembly, room.table)
    future = Target(Section.FUTURE)
    recommendation = Target(Section.RECOMMENDATIONS, first_recommendation(room.draft))
    guests.react(guest, room.draft, future, "negative")
    guests.react(guest, room.draft, future, "positive")
    guests.react(guest, room.draft, recommendation, "neutral")
    guests.react(guest, room.draft, recommendation, "neutral")
    assert Reaction.objects.count() == 2
    assert guests.guest_smileys(guest, room.draft) == {
        "future": "positive",
        recommendation.key: "neutral",
    }
    reaction = Reaction.objects.get(recommendation__isnull=True)
    assert reaction.revision == room.draft.current and reaction.section == Section.FUTURE


def test_a_smiley_records_the_revision_the_guest_read(room: Room) -> None:
    guest = make_guest(room.assembly, room.table)
    guests.react(guest, room.draft, Target(Section.FUTURE), "negative")
    first = room.draft.current
    make_revision(room.draft, future="Ny tekst", recommendations=[])
    room.draft.refresh_from_db()
    guests.react(guest, room.draft, Target(Section.FUTURE), "positive")
    reaction = Reaction.objects.get()
    assert reaction.revision == room.draft.current != first


def test_only_what_the_guest_can_see_can_be_targeted(room: Room) -> None:
    other_draft = make_draft(make_theme_table(room.assembly, number=3))
    foreign = f"rec-{guests.current_recommendation_ids(other_draft)[0]}"
    with pytest.raises(GuestError):
        guests.parse_target(room.draft, foreign, for_smiley=True)
    with pytest.raises(GuestError):
        guests.parse_target(room.draft, "rec-x", for_smiley=True)
    with pytest.raises(GuestError):
        guests.parse_target(room.draft, "nonsense", for_smiley=False)
    # Section 3 as a whole takes cards (a suggested recommendation), smileys go per item.
    with pytest.raises(GuestError):
        guests.parse_target(room.draft, "recommendations", for_smiley=True)
    assert guests.parse_target(room.draft, "recommendations", for_smiley=False).section == (
        Section.RECOMMENDATIONS
    )
    # A recommendation removed in a later revision is gone for guests.
    removed = recommendation_keys(room.draft)[0]
    make_revision(room.draft, recommendations=[])
    room.draft.refresh_from_db()
    with pytest.raises(GuestError):
        guests.parse_target(room.draft, removed, for_smiley=True)
    with pytest.raises(GuestError):
        guests.react(make_guest(room.assembly), room.draft, Target(Section.FUTURE), "happy")


# --- the pages: without and with JavaScript ----------------------------------------------------


def test_a_smiley_without_javascript_comes_back_to_its_place(room: Room, client: Client) -> None:
    guest = join(client, room.table)
    key = recommendation_keys(room.draft)[1]
    response = client.post(
        table_url(room.table, "guest-smiley"), {"target": key, "smiley": "neutral"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{table_url(room.table)}#t-{key}"
    assert guests.guest_smileys(guest, room.draft) == {key: "neutral"}


def test_a_smiley_from_the_script_gets_json(room: Room, client: Client) -> None:
    guest = join(client, room.table)
    url = table_url(room.table, "guest-smiley")
    json = {"Accept": "application/json"}
    response = client.post(url, {"target": "questions", "smiley": "negative"}, headers=json)
    assert response.status_code == 200
    assert response.json() == {"target": "questions", "smiley": "negative"}
    refused = client.post(url, {"target": "rec-999999", "smiley": "negative"}, headers=json)
    assert refused.status_code == 400 and "error" in refused.json()
    assert guests.guest_smileys(guest, room.draft) == {"questions": "negative"}


def test_a_stale_page_is_sent_back_to_the_current_draft(room: Room, client: Client) -> None:
    join(client, room.table)
    key = recommendation_keys(room.draft)[0]
    make_revision(room.draft, recommendations=[])
    response = client.post(
        table_url(room.table, "guest-smiley"), {"target": key, "smiley": "positive"}
    )
    assert response.status_code == 400
    assert table_url(room.table) in response.content.decode()
    assert not Reaction.objects.exists()


def test_an_input_card_lands_under_its_section_marked_as_from_a_guest(
    room: Room, client: Client
) -> None:
    guest = join(client, room.table)
    key = recommendation_keys(room.draft)[0]
    url = table_url(room.table, "guest-card")
    response = client.post(url, {"target": key, "text": "  Husk de ældre.\r\nOg de unge.  "})
    assert response["Location"] == f"{table_url(room.table)}?sent={key}#t-{key}"
    client.post(url, {"target": "recommendations", "text": "Et nyt forslag: cykelstier"})
    card = InputCard.objects.get(recommendation__isnull=False)
    assert card.text == "Husk de ældre.\nOg de unge."
    assert card.source == InputCard.Source.GUEST and card.is_from_guests
    assert card.guest == guest and card.author is None
    assert card.section == Section.RECOMMENDATIONS and f"rec-{card.recommendation_id}" == key
    assert card.revision == room.draft.current and card.session == room.session
    suggestion = InputCard.objects.get(recommendation__isnull=True)
    assert suggestion.section == Section.RECOMMENDATIONS
    page = client.get(response["Location"]).content.decode()
    assert "Husk de ældre.<br>Og de unge." in page
    assert 'class="guest-thanks"' in page


def test_an_empty_or_too_long_card_is_refused_at_its_form(room: Room, client: Client) -> None:
    join(client, room.table)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    url = table_url(room.table, "guest-card")
    empty = client.post(url, {"target": "priorities", "text": "   "})
    assert empty.status_code == 400
    html = empty.content.decode()
    assert 'id="text-priorities-error"' in html and 'aria-invalid="true"' in html
    too_long = client.post(url, {"target": "future", "text": "x" * 1001})
    assert too_long.status_code == 400
    assert "x" * 1001 in too_long.content.decode()  # the guest's words are kept in the form
    assert client.post(url, {"target": "future", "text": "x" * 1000}).status_code == 302
    assert InputCard.objects.count() == 1


# --- many guests at once ------------------------------------------------------------------------


def _run_at_once(jobs: list[tuple[object, ...]], work: object) -> list[BaseException]:
    """Run ``work(*job)`` for every job in its own thread, all released together."""
    barrier = threading.Barrier(len(jobs))
    failures: list[BaseException] = []

    def run(*job: object) -> None:
        try:
            barrier.wait(timeout=20)
            work(*job)  # type: ignore[operator]
        except BaseException as error:  # reported to the test's thread below
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return failures


@pytest.mark.django_db(transaction=True)
def test_twenty_guests_reacting_at_once_are_counted_exactly() -> None:
    """20 guests, each with its own connection, set smileys on all five targets at the same
    moment; every third changes their mind on two of them. Every guest counts once per
    target, with their latest smiley. On SQLite the service waits out "database is locked"
    (guests._retrying); on PostgreSQL the unique constraints and row locks decide."""
    room = open_room()
    draft = room.draft
    keys = ["future", "priorities", "questions", *recommendation_keys(draft)]
    targets = {key: guests.parse_target(draft, key, for_smiley=True) for key in keys}
    crowd = [guests.new_guest(room.assembly, room.table) for _ in range(20)]
    smileys = ("positive", "neutral", "negative")

    def plan(index: int) -> list[tuple[str, str]]:
        steps = [(key, smileys[(index + n) % 3]) for n, key in enumerate(keys)]
        if index % 3 == 0:  # changes their mind on the first and the last target
            steps += [(keys[0], "negative"), (keys[-1], "positive")]
        return steps

    expected: dict[str, Counter[str]] = {key: Counter() for key in keys}
    for index in range(len(crowd)):
        final = dict(plan(index))  # later steps overwrite earlier ones
        for key, smiley in final.items():
            expected[key][smiley] += 1

    def react_all(guest: Guest, index: int) -> None:
        fresh = Draft.objects.select_related("current").get(pk=draft.pk)
        for key, smiley in plan(index):
            guests.react(guest, fresh, targets[key], smiley)

    failures = _run_at_once([(guest, n) for n, guest in enumerate(crowd)], react_all)
    assert not failures, failures
    assert Reaction.objects.count() == len(crowd) * len(keys)
    assert guests.smiley_counts(draft) == expected
    for key in keys:
        assert sum(expected[key].values()) == len(crowd)


@pytest.mark.django_db(transaction=True)
def test_one_guest_posting_the_same_smiley_twice_at_once_makes_one_row() -> None:
    room = open_room()
    guest = guests.new_guest(room.assembly, room.table)
    recommendation = Target(Section.RECOMMENDATIONS, first_recommendation(room.draft))
    section = Target(Section.FUTURE)
    jobs: list[tuple[object, ...]] = [
        (target, smiley)
        for target in (recommendation, section)
        for smiley in ("positive", "negative", "positive", "neutral")
    ]

    def react(target: Target, smiley: str) -> None:
        guests.react(
            guest, Draft.objects.select_related("current").get(pk=room.draft.pk), target, smiley
        )

    failures = _run_at_once(jobs, react)
    assert not failures, failures
    assert Reaction.objects.filter(guest=guest, recommendation__isnull=False).count() == 1
    assert Reaction.objects.filter(guest=guest, recommendation__isnull=True).count() == 1


@pytest.mark.django_db(transaction=True)
def test_guests_posting_through_the_pages_at_once_are_all_counted() -> None:
    """The same through HTTP: each guest's phone is its own client and thread."""
    room = open_room()
    phones = [Client() for _ in range(8)]
    for phone in phones:
        join(phone, room.table)
    key = recommendation_keys(room.draft)[0]
    url = table_url(room.table, "guest-smiley")

    def tap(phone: Client, smiley: str) -> None:
        response = phone.post(
            url, {"target": key, "smiley": smiley}, HTTP_ACCEPT="application/json"
        )
        assert response.status_code == 200, response.content

    jobs: list[tuple[object, ...]] = [
        (phone, smiley) for phone in phones for smiley in ("negative", "positive")
    ]
    failures = _run_at_once(jobs, tap)
    assert not failures, failures
    assert Reaction.objects.count() == len(phones)
    assert sum(guests.smiley_counts(room.draft)[key].values()) == len(phones)


# --- rate limits --------------------------------------------------------------------------------


def test_a_guest_gets_429_after_too_many_smileys(room: Room, client: Client) -> None:
    join(client, room.table)
    url = table_url(room.table, "guest-smiley")
    smileys = ("positive", "neutral", "negative")
    for n in range(guest_limits.REACTIONS.per_guest):
        response = client.post(url, {"target": "future", "smiley": smileys[n % 3]})
        assert response.status_code == 302, n
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    limited = client.post(url, {"target": "future", "smiley": "negative"})
    assert limited.status_code == 429
    assert "Too many smileys just now." in limited.content.decode()
    as_json = client.post(
        url, {"target": "future", "smiley": "negative"}, HTTP_ACCEPT="application/json"
    )
    assert as_json.status_code == 429 and as_json.json()["error"]
    # The last accepted smiley stands; the refused ones changed nothing.
    assert Reaction.objects.get().smiley == smileys[(guest_limits.REACTIONS.per_guest - 1) % 3]
    # Another guest in the same room is not limited by this one.
    neighbour = Client()
    join(neighbour, room.table)
    assert neighbour.post(url, {"target": "future", "smiley": "positive"}).status_code == 302


def test_a_guest_gets_429_after_too_many_cards(room: Room, client: Client) -> None:
    join(client, room.table)
    url = table_url(room.table, "guest-card")
    for n in range(guest_limits.CARDS.per_guest):
        assert client.post(url, {"target": "future", "text": f"Kort {n}"}).status_code == 302
    assert client.post(url, {"target": "future", "text": "Et kort for meget"}).status_code == 429
    assert InputCard.objects.count() == guest_limits.CARDS.per_guest


def test_one_address_is_limited_too(
    room: Room, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many guests share the venue's address, so its limit is far higher than a guest's; a
    small one here shows that it holds across guests."""
    monkeypatch.setattr(guest_limits, "REACTIONS", WriteLimit("reaction-test", 60, per_ip=5))
    url = table_url(room.table, "guest-smiley")
    statuses = []
    for _phone in range(3):
        phone = Client()
        join(phone, room.table)
        for smiley in ("positive", "negative"):
            statuses.append(phone.post(url, {"target": "future", "smiley": smiley}).status_code)
    assert statuses == [302] * 5 + [429]


def test_joining_is_limited_per_address(room: Room, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(guest_limits, "JOINS", WriteLimit("join-test", 0, per_ip=3))
    statuses = [Client().get(join_url(room.table)).status_code for _ in range(4)]
    assert statuses == [302, 302, 302, 429]
    assert Guest.objects.count() == 3


def test_a_limit_counts_over_its_window_only(room: Room, monkeypatch: pytest.MonkeyPatch) -> None:
    """The window is the cache entry's lifetime: when it expires the count starts again."""
    from django.core.cache import cache
    from django.test import RequestFactory

    limit = WriteLimit("window-test", per_guest=2, per_ip=100, window=600)
    request = RequestFactory().post("/")
    assert [limit.allow(request, "k") for _ in range(3)] == [True, True, False]
    for key in [key for key, _limit in limit._keys(request, "k")]:
        cache.delete(key)  # as if the ten minutes had passed
    assert limit.allow(request, "k")
