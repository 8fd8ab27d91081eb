"""The votes' pages: the secretariat creates, opens and closes a vote; members vote on their
phones and can change their vote; the projector and its JSON tally; who may do what."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from borgersamling.accounts.models import Role
from borgersamling.deliberation import voting
from borgersamling.deliberation.models import Ballot, Vote
from tests.accounts.factories import make_member, make_secretariat
from tests.assemblies.factories import make_assembly
from tests.deliberation.factories import make_revision
from tests.deliberation.test_voting import World, build_world, items, make_vote


@pytest.fixture
def world(db: None) -> World:
    return build_world()


def english(user: User | None = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def member_client(world: World, index: int = 0) -> Client:
    user = world.members[index].user
    assert user is not None
    return english(user)


def url(name: str, world: World, vote: Vote | None = None) -> str:
    kwargs: dict[str, object] = {"slug": world.assembly.slug}
    if vote is not None:
        kwargs["pk"] = vote.pk
    return reverse(f"deliberation:{name}", kwargs=kwargs)


def text(response: object) -> str:
    html = response.content.decode()  # type: ignore[attr-defined]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- the secretariat --------------------------------------------------------------------------


def test_the_secretariat_creates_opens_and_closes_a_vote(world: World) -> None:
    client = english(make_secretariat(world.assembly))
    page = client.get(url("vote-new", world))
    assert page.status_code == 200
    shown = text(page)
    assert "Table 1: Sundhed (revision 1)" in shown
    assert "1.2 Sundhedshus" in shown
    chosen = [str(world.recommendations[0].pk), str(world.recommendations[2].pk)]
    response = client.post(
        url("vote-new", world),
        {
            "title": "Første afstemning",
            "kind": "agree",
            "recommendations": chosen,
            "rule": "support_share",
            "threshold_percent": "80",
            "quorum": "2",
            "session": "",
        },
    )
    vote = Vote.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("vote-results", world, vote)
    assert vote.status == Vote.Status.DRAFT
    assert [i.recommendation_id for i in vote.items.order_by("order")] == [
        world.recommendations[0].pk,
        world.recommendations[2].pk,
    ]
    assert client.post(url("vote-open", world, vote)).status_code == 302
    vote.refresh_from_db()
    assert vote.status == Vote.Status.OPEN
    a, c = items(vote)
    for member in world.members[:2]:
        voting.cast_ballot(vote, member, {a: 1, c: -1})
    results = text(client.get(url("vote-results", world, vote)))
    assert "2 of 3 members have voted." in results
    client.post(url("vote-close", world, vote))
    vote.refresh_from_db()
    assert vote.status == Vote.Status.CLOSED
    results = text(client.get(url("vote-results", world, vote)))
    assert "The stored result" in results
    assert "Not carried" in results and "Carried" in results
    # A closed vote is not opened again.
    response = client.post(url("vote-open", world, vote), follow=True)
    assert "The vote has been opened already." in text(response)
    vote.refresh_from_db()
    assert vote.status == Vote.Status.CLOSED
    assert "Første afstemning" in text(client.get(url("vote-manage", world)))


def test_the_form_says_a_ranking_needs_two_recommendations(world: World) -> None:
    client = english(make_secretariat(world.assembly))
    response = client.post(
        url("vote-new", world),
        {
            "title": "Prioritering",
            "kind": "ranking",
            "recommendations": [str(world.recommendations[0].pk)],
            "rule": "support_share",
            "threshold_percent": "80",
            "quorum": "0",
        },
    )
    assert response.status_code == 200
    assert "A ranking needs at least two recommendations." in text(response)
    assert not Vote.objects.exists()


def test_opening_and_closing_are_posts_for_the_secretariat_only(world: World) -> None:
    vote = voting.create_vote(
        world.assembly, title="x", kind="agree", recommendations=world.recommendations
    )
    assert (
        english(make_secretariat(world.assembly)).get(url("vote-open", world, vote)).status_code
        == 405
    )
    assert member_client(world).post(url("vote-open", world, vote)).status_code == 403
    assert (
        english(make_secretariat(make_assembly())).post(url("vote-open", world, vote)).status_code
        == 403
    )
    vote.refresh_from_db()
    assert vote.status == Vote.Status.DRAFT


# --- members --------------------------------------------------------------------------------


def test_a_member_votes_sees_their_answers_and_changes_them(world: World) -> None:
    vote = make_vote(world, Vote.Kind.SCALE)
    a, b, c = items(vote)
    client = member_client(world)
    listing = text(client.get(url("vote-list", world)))
    assert "Støtter du anbefalingen?" in listing and "Vote now" in listing
    page = client.get(url("vote-ballot", world, vote))
    shown = text(page)
    assert "1.1 Flere frivillige" in shown and "Støt foreningerne." in shown
    assert "As worded in revision 1." in shown
    assert "Your vote is registered" not in shown
    response = client.post(
        url("vote-ballot", world, vote),
        {f"item-{a}": "5", f"item-{b}": "4", f"item-{c}": "1"},
        follow=True,
    )
    shown = text(response)
    assert "Your vote is registered" in shown
    assert "You can change it until the vote closes." in shown
    assert "Flere frivillige: 5 – full support" in shown
    assert "Besøgsvenner: 1 – no support" in shown
    # The form shows the answers again, to change them.
    assert re.search(rf'name="item-{a}" value="5"[^>]*checked', response.content.decode())
    client.post(
        url("vote-ballot", world, vote), {f"item-{a}": "3", f"item-{b}": "4", f"item-{c}": "2"}
    )
    assert Ballot.objects.filter(vote=vote).count() == 1
    assert voting.my_answers(vote, world.members[0]) == {a: 3, b: 4, c: 2}
    assert "You have voted" in text(client.get(url("vote-list", world)))


def test_a_missing_answer_is_shown_at_its_field_and_nothing_is_stored(world: World) -> None:
    vote = make_vote(world, Vote.Kind.AGREE)
    a, b, _c = items(vote)
    response = member_client(world).post(
        url("vote-ballot", world, vote), {f"item-{a}": "1", f"item-{b}": "7"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your vote has not been registered yet." in text(response)
    assert "Please answer this one." in html
    assert "Choose one of the answers." in html
    assert not Ballot.objects.exists()


def test_a_ranking_must_use_each_number_once(world: World) -> None:
    vote = make_vote(world, Vote.Kind.RANKING)
    a, b, c = items(vote)
    client = member_client(world)
    response = client.post(
        url("vote-ballot", world, vote), {f"item-{a}": "1", f"item-{b}": "1", f"item-{c}": "2"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    # The error sits in the fieldsets of the two clashing items, not the third.
    fieldsets = dict(
        re.findall(r'<fieldset class="vote-item[^"]*" id="item-(\d+)"(.*?)</fieldset>', html, re.S)
    )
    assert "Each priority number" not in fieldsets[str(c)]
    for pk in (a, b):
        assert "Each priority number can be used once" in fieldsets[str(pk)]
    assert not Ballot.objects.exists()
    client.post(
        url("vote-ballot", world, vote), {f"item-{a}": "2", f"item-{b}": "3", f"item-{c}": "1"}
    )
    assert voting.my_answers(vote, world.members[0]) == {a: 2, b: 3, c: 1}


def test_the_ballot_shows_the_pinned_revision_after_the_draft_changes(world: World) -> None:
    vote = make_vote(world)
    draft = world.drafts[0]
    assert draft.current is not None
    make_revision(
        draft,
        recommendations=[
            {"id": world.recommendations[0].pk, "title": "Omskrevet", "text": "Ny tekst"},
            dict(draft.current.recommendations[1]),
        ],
    )
    shown = text(member_client(world).get(url("vote-ballot", world, vote)))
    assert "Flere frivillige" in shown and "Støt foreningerne." in shown
    assert "Omskrevet" not in shown


def test_a_closed_vote_shows_results_only_and_refuses_ballots(world: World) -> None:
    vote = make_vote(world)
    a, b, c = items(vote)
    voting.cast_ballot(vote, world.members[1], {a: 1, b: -1, c: 0})
    voting.close_vote(vote)
    client = member_client(world)
    page = client.get(url("vote-ballot", world, vote))
    assert 'name="item-' not in page.content.decode()
    assert "The result" in text(page) and "Not carried" in text(page)
    response = client.post(
        url("vote-ballot", world, vote),
        {f"item-{a}": "1", f"item-{b}": "1", f"item-{c}": "1"},
        follow=True,
    )
    assert "The vote is not open." in text(response)
    assert Ballot.objects.filter(vote=vote).count() == 1


def test_who_may_open_the_ballot_and_who_may_vote(world: World) -> None:
    vote = make_vote(world)
    answers = {f"item-{pk}": "1" for pk in items(vote)}
    ballot_url = url("vote-ballot", world, vote)
    anonymous = Client()
    response = anonymous.get(ballot_url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login-code"))
    assert anonymous.post(ballot_url, answers).status_code == 302
    politician = english(make_member(world.assembly, Role.POLITICIAN))
    assert politician.get(ballot_url).status_code == 403
    assert politician.post(ballot_url, answers).status_code == 403
    stranger = english(make_member(make_assembly()))
    assert stranger.get(ballot_url).status_code == 403
    assert stranger.post(ballot_url, answers).status_code == 403
    # The secretariat sees what members read, but cannot vote.
    secretariat = english(make_secretariat(world.assembly))
    page = secretariat.get(ballot_url)
    assert page.status_code == 200
    assert "Only the assembly's members vote." in text(page)
    assert 'name="item-' not in page.content.decode()
    assert secretariat.post(ballot_url, answers).status_code == 403
    assert not Ballot.objects.exists()


# --- the projector ----------------------------------------------------------------------------


def test_the_projector_and_tally_are_public_and_not_cached(world: World) -> None:
    vote = make_vote(world)
    a, b, c = items(vote)
    voting.cast_ballot(vote, world.members[0], {a: 1, b: -1, c: 0})
    client = english()
    page = client.get(url("vote-projector", world, vote))
    assert page.status_code == 200
    shown = text(page)
    assert "1 of 3 members have voted." in shown
    assert "100 %" in shown
    assert 'aria-live="polite"' in page.content.decode()
    assert "tally.js" in page.content.decode()
    response = client.get(url("vote-tally", world, vote))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    count = json.loads(response.content)
    assert (count["status"], count["ballots"], count["members"]) == ("open", 1, 3)
    assert [item["item"] for item in count["items"]] == [a, b, c]
    assert count["items"][0]["bar"] == 100 and count["items"][1]["bar"] == 0
    assert count["items"][2]["figure"] == "–"  # only an abstention: no support share
    assert all(item["carried"] is None for item in count["items"])
    assert count["threshold"] == 80
    voting.cast_ballot(vote, world.members[1], {a: 1, b: 1, c: 1})
    assert json.loads(client.get(url("vote-tally", world, vote)).content)["ballots"] == 2


def test_the_projector_shows_the_verdicts_after_closing(world: World) -> None:
    vote = make_vote(world, rule=Vote.Rule.SIMPLE_MAJORITY)
    a, b, c = items(vote)
    voting.cast_ballot(vote, world.members[0], {a: 1, b: -1, c: 0})
    voting.close_vote(vote)
    count = json.loads(Client().get(url("vote-tally", world, vote)).content)
    assert [item["carried"] for item in count["items"]] == [True, False, False]
    assert count["status"] == "closed"
    page = text(english().get(url("vote-projector", world, vote)))
    assert "The vote is closed." in page and "Not carried" in page


def test_a_vote_of_another_assembly_is_not_found(world: World) -> None:
    vote = make_vote(world)
    other = make_assembly()
    response = Client().get(
        reverse("deliberation:vote-projector", kwargs={"slug": other.slug, "pk": vote.pk})
    )
    assert response.status_code == 404


def test_text_is_escaped(world: World) -> None:
    draft = world.drafts[1]
    assert draft.current is not None
    make_revision(
        draft,
        recommendations=[
            {
                "id": world.recommendations[2].pk,
                "title": "<script>alert(1)</script>",
                "text": "<b>x</b>",
            }
        ],
    )
    vote = make_vote(world)
    for page in (
        member_client(world).get(url("vote-ballot", world, vote)),
        Client().get(url("vote-projector", world, vote)),
    ):
        html = page.content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
