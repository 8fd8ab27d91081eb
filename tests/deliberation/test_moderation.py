"""Moderation of input from the room: the secretariat hides abusive input with a reason and
may show it again; nothing is deleted and every decision is logged. And what guests cannot
do: edit a draft or vote."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from borgersamling.accounts.models import Role
from borgersamling.deliberation import exports, moderation, voting
from borgersamling.deliberation.models import (
    Ballot,
    DraftRevision,
    InputCard,
    ModerationEntry,
    Vote,
)
from tests.accounts.factories import make_assembly, make_member, make_secretariat
from tests.deliberation.factories import make_input_card, make_table_member
from tests.deliberation.guest_helpers import Room, join, open_room, table_url


@pytest.fixture
def room(db: None) -> Room:
    return open_room()


def moderation_url(room: Room) -> str:
    return reverse("deliberation:guest-moderation", args=[room.assembly.slug])


def moderate_url(room: Room, card: InputCard) -> str:
    return reverse("deliberation:guest-moderate", args=[room.assembly.slug, card.pk])


def guest_card(room: Room, client: Client, text: str) -> InputCard:
    response = client.post(table_url(room.table, "guest-card"), {"target": "future", "text": text})
    assert response.status_code == 302
    return InputCard.objects.get(text=text)


@pytest.fixture
def secretariat(room: Room) -> Client:
    client = Client()
    client.force_login(make_secretariat(room.assembly))
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def test_hidden_input_leaves_the_guest_page_but_stays_in_the_database_and_the_log(
    room: Room, client: Client, secretariat: Client
) -> None:
    join(client, room.table)
    card = guest_card(room, client, "Et groft og krænkende kort")
    kept = guest_card(room, client, "Et godt forslag")
    assert "Et groft og krænkende kort" in client.get(table_url(room.table)).content.decode()

    response = secretariat.post(
        moderate_url(room, card), {"action": "hide", "reason": "Krænkende sprog"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#card-{card.pk}")

    card.refresh_from_db()
    assert card.hidden_at is not None and card.hidden_reason == "Krænkende sprog"
    assert card.hidden_by is not None and card.text == "Et groft og krænkende kort"
    entry = ModerationEntry.objects.get()
    assert entry.card == card and entry.hidden and entry.reason == "Krænkende sprog"
    assert entry.by == card.hidden_by

    guest_page = client.get(table_url(room.table)).content.decode()
    assert "Et groft og krænkende kort" not in guest_page
    assert kept.text in guest_page

    page = secretariat.get(moderation_url(room)).content.decode()
    assert "Et groft og krænkende kort" in page  # the secretariat still sees it, marked
    assert "Krænkende sprog" in page
    assert "Moderation log" in page


def test_hidden_input_is_left_out_of_the_members_page_and_public_exports(
    room: Room, client: Client, secretariat: Client
) -> None:
    join(client, room.table)
    card = guest_card(room, client, "Skjul mig")
    secretariat.post(moderate_url(room, card), {"action": "hide", "reason": "Spam"})
    member, _participant = make_table_member(room.table, room.session)
    reader = Client()
    reader.force_login(member)
    draft_page = reader.get(table_url(room.table, "draft"))
    assert draft_page.status_code == 200
    assert "Skjul mig" not in draft_page.content.decode()
    public = exports.table_export(room.table, include_hidden=False, closed_votes_only=True)
    assert "Skjul mig" not in exports.to_csv([public])


def test_shown_again_is_back_and_logged(room: Room, client: Client, secretariat: Client) -> None:
    join(client, room.table)
    card = guest_card(room, client, "Misforstået kort")
    secretariat.post(moderate_url(room, card), {"action": "hide", "reason": "Usikker"})
    secretariat.post(moderate_url(room, card), {"action": "show", "reason": "Var fint nok"})
    card.refresh_from_db()
    assert card.hidden_at is None and card.hidden_by is None and card.hidden_reason == ""
    assert [(e.hidden, e.reason) for e in ModerationEntry.objects.order_by("pk")] == [
        (True, "Usikker"),
        (False, "Var fint nok"),
    ]
    assert "Misforstået kort" in client.get(table_url(room.table)).content.decode()


def test_hiding_needs_a_reason_and_twice_is_once(room: Room, secretariat: Client) -> None:
    card = make_input_card(room.draft, text="Kort")
    response = secretariat.post(moderate_url(room, card), {"action": "hide", "reason": "  "})
    assert response.status_code == 302
    card.refresh_from_db()
    assert card.hidden_at is None and not ModerationEntry.objects.exists()
    message = secretariat.get(response["Location"]).content.decode()
    assert "Say why the input is hidden" in message
    secretariat.post(moderate_url(room, card), {"action": "hide", "reason": "Spam"})
    secretariat.post(moderate_url(room, card), {"action": "hide", "reason": "Spam igen"})
    assert ModerationEntry.objects.count() == 1
    # Showing what is not hidden changes nothing and logs nothing.
    assert not moderation.show(make_input_card(room.draft), make_secretariat(room.assembly))
    assert ModerationEntry.objects.count() == 1


def test_the_list_filters_by_table_and_state(room: Room, secretariat: Client) -> None:
    from tests.deliberation.factories import make_draft

    other_draft = make_draft(room.other)
    first = make_input_card(room.draft, text="Bord et")
    make_input_card(other_draft, text="Bord to", source=InputCard.Source.SCRIBE)
    make_input_card(room.draft, text="Medlemmets egen note", source=InputCard.Source.MEMBER)
    moderation.hide(first, make_secretariat(room.assembly), "Spam")

    def listed(**query: str | int) -> str:
        html = secretariat.get(moderation_url(room), query).content.decode()
        return html.split("Moderation log")[0]  # the list, not the log below it

    everything = listed()
    assert "Bord et" in everything and "Bord to" in everything
    assert "Medlemmets egen note" not in everything  # members' notes are not input from the room
    assert everything.index("Bord to") < everything.index("Bord et")  # newest first
    table_two = listed(table=2)
    assert "Bord to" in table_two and "Bord et" not in table_two
    hidden = listed(state="hidden")
    assert "Bord et" in hidden and "Bord to" not in hidden
    visible = listed(state="visible")
    assert "Bord to" in visible and "Bord et" not in visible


def test_input_is_escaped_on_the_moderation_page(room: Room, secretariat: Client) -> None:
    make_input_card(room.draft, text="<script>alert('x')</script>")
    html = secretariat.get(moderation_url(room)).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert(&#x27;x&#x27;)" in html


def test_only_the_secretariat_of_the_assembly_moderates(room: Room, client: Client) -> None:
    join(client, room.table)
    card = guest_card(room, client, "Mit kort")
    # A guest (with the cookie) is not logged in: sent to the login page, nothing hidden.
    for url in (moderation_url(room), moderate_url(room, card)):
        response = client.post(url, {"action": "hide", "reason": "x"})
        assert response["Location"].startswith(reverse("accounts:login"))
    for user in (
        make_member(room.assembly, Role.MEMBER),
        make_secretariat(make_assembly()),
    ):
        other = Client()
        other.force_login(user)
        assert other.get(moderation_url(room)).status_code == 403
        response = other.post(moderate_url(room, card), {"action": "hide", "reason": "x"})
        assert response.status_code == 403
    card.refresh_from_db()
    assert card.hidden_at is None and not ModerationEntry.objects.exists()


def test_a_card_of_another_assembly_cannot_be_moderated_here(
    room: Room, secretariat: Client
) -> None:
    elsewhere = open_room()
    card = make_input_card(elsewhere.draft)
    url = reverse("deliberation:guest-moderate", args=[room.assembly.slug, card.pk])
    assert secretariat.post(url, {"action": "hide", "reason": "x"}).status_code == 404


# --- what a guest cannot do -----------------------------------------------------------------------


def test_a_guest_cannot_edit_a_draft(room: Room, client: Client) -> None:
    join(client, room.table)
    edit = table_url(room.table, "draft-edit")
    revisions = DraftRevision.objects.count()
    assert client.get(edit)["Location"].startswith(reverse("accounts:login-code"))
    response = client.post(edit, {"base_version": room.draft.version, "future": "Kapret"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login-code"))
    assert DraftRevision.objects.count() == revisions
    for name in ("draft-scribe", "draft-dialogue"):
        assert client.get(table_url(room.table, name)).status_code == 302


def test_a_guest_cannot_vote(room: Room, client: Client) -> None:
    vote = voting.open_vote(
        voting.create_vote(
            room.assembly,
            title="Løbende afstemning",
            kind=Vote.Kind.AGREE,
            recommendations=list(room.draft.recommendations.all()),
        )
    )
    join(client, room.table)
    ballot = reverse("deliberation:vote-ballot", args=[room.assembly.slug, vote.pk])
    assert client.get(ballot)["Location"].startswith(reverse("accounts:login-code"))
    answers = {f"item-{item.pk}": "1" for item in vote.items.all()}
    response = client.post(ballot, answers)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login-code"))
    assert not Ballot.objects.exists()
