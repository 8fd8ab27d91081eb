"""The votes' services: pinning revisions, opening and closing, anonymous ballots that a
member can change, who may vote, and the stored result."""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import OperationalError, connection, connections
from django.db import models as db_models

from borgersamling.accounts.models import Participant, Role
from borgersamling.assemblies.models import Assembly
from borgersamling.deliberation import voting
from borgersamling.deliberation.models import (
    Ballot,
    BallotAnswer,
    Draft,
    Recommendation,
    Vote,
)
from borgersamling.deliberation.voting import InvalidBallot, VotingError
from tests.accounts.factories import make_participant, make_user
from tests.assemblies.factories import make_assembly, make_theme_table
from tests.deliberation.factories import make_draft, make_revision, make_user_participant


@dataclass
class World:
    assembly: Assembly
    drafts: list[Draft]
    recommendations: list[Recommendation]  # table 1's two, then table 2's one
    members: list[Participant]


def build_world(n_members: int = 3) -> World:
    assembly = make_assembly()
    first = make_draft(
        make_theme_table(assembly, number=1, theme="Sundhed"),
        recommendations=[("Flere frivillige", "Støt foreningerne."), ("Sundhedshus", "Et hus.")],
    )
    second = make_draft(
        make_theme_table(assembly, number=2, theme="Ældre"),
        recommendations=[("Besøgsvenner", "Ingen skal være ensom.")],
    )
    recommendations = [*first.recommendations.order_by("number"), *second.recommendations.all()]
    members = [make_user_participant(assembly) for _ in range(n_members)]
    return World(assembly, [first, second], recommendations, members)


@pytest.fixture
def world(db: None) -> World:
    return build_world()


def make_vote(world: World, kind: str = Vote.Kind.AGREE, **fields: Any) -> Vote:
    vote = voting.create_vote(
        world.assembly,
        title="Støtter du anbefalingen?",
        kind=kind,
        recommendations=world.recommendations,
        **fields,
    )
    return voting.open_vote(vote)


def items(vote: Vote) -> list[int]:
    return list(vote.items.order_by("order").values_list("pk", flat=True))


# --- creating, opening, closing ---------------------------------------------------------------


def test_items_are_pinned_to_each_recommendations_current_revision(world: World) -> None:
    make_revision(world.drafts[0], recommendations=world.drafts[0].current.recommendations)  # type: ignore[union-attr]
    vote = make_vote(world)
    pinned = {item.recommendation_id: item.revision for item in vote.items.all()}
    assert pinned[world.recommendations[0].pk].number == 2
    assert pinned[world.recommendations[2].pk].number == 1
    assert [i.order for i in vote.items.order_by("order")] == [1, 2, 3]


def test_a_recommendation_removed_in_the_current_revision_is_refused(world: World) -> None:
    draft = world.drafts[0]
    keep = draft.current.recommendations[:1]  # type: ignore[union-attr]
    make_revision(draft, recommendations=keep)  # the second recommendation is removed
    with pytest.raises(VotingError) as refused:
        voting.create_vote(
            world.assembly, title="x", kind="agree", recommendations=world.recommendations[:2]
        )
    assert refused.value.code == "not-in-current-revision"
    assert not Vote.objects.exists()


def test_a_recommendation_of_another_assembly_is_refused(world: World) -> None:
    other = build_world(n_members=0)
    with pytest.raises(VotingError) as refused:
        voting.create_vote(
            world.assembly, title="x", kind="agree", recommendations=other.recommendations
        )
    assert refused.value.code == "wrong-assembly"


def test_a_ranking_needs_two_recommendations(world: World) -> None:
    with pytest.raises(VotingError):
        voting.create_vote(
            world.assembly, title="x", kind="ranking", recommendations=world.recommendations[:1]
        )


def test_open_then_close_and_never_reopen(world: World) -> None:
    vote = voting.create_vote(
        world.assembly, title="x", kind="agree", recommendations=world.recommendations
    )
    assert vote.status == Vote.Status.DRAFT
    vote = voting.open_vote(vote)
    assert vote.status == Vote.Status.OPEN and vote.opened_at is not None
    with pytest.raises(VotingError):
        voting.open_vote(vote)
    vote = voting.close_vote(vote)
    assert vote.status == Vote.Status.CLOSED and vote.closed_at is not None
    for operation in (voting.open_vote, voting.close_vote):
        with pytest.raises(VotingError):
            operation(vote)
    vote.refresh_from_db()
    assert vote.status == Vote.Status.CLOSED


# --- ballots --------------------------------------------------------------------------------


def test_a_member_voting_twice_has_one_ballot_with_the_new_answers(world: World) -> None:
    vote = make_vote(world)
    member = world.members[0]
    a, b, c = items(vote)
    voting.cast_ballot(vote, member, {a: 1, b: 1, c: 1})
    voting.cast_ballot(vote, member, {a: -1, b: 0, c: 1})
    assert Ballot.objects.filter(vote=vote).count() == 1
    assert BallotAnswer.objects.filter(ballot__vote=vote).count() == 3
    assert voting.my_answers(vote, member) == {a: -1, b: 0, c: 1}
    assert voting.my_answers(vote, world.members[1]) is None


def test_a_submit_that_loses_the_race_to_insert_is_retried_as_an_update(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another submit from the same member inserted the ballot after our look-up: the
    unique constraint refuses our insert, and the retry updates the existing ballot."""
    vote = make_vote(world)
    member = world.members[0]
    a, b, c = items(vote)
    voting.cast_ballot(vote, member, {a: 1, b: 1, c: 1})
    real = voting._existing_ballot
    calls = []

    def blind_first_time(vote: Vote, hashed: str) -> Ballot | None:
        calls.append(hashed)
        return None if len(calls) == 1 else real(vote, hashed)

    monkeypatch.setattr(voting, "_existing_ballot", blind_first_time)
    voting.cast_ballot(vote, member, {a: -1, b: -1, c: -1})
    assert len(calls) == 2
    assert Ballot.objects.filter(vote=vote).count() == 1
    monkeypatch.undo()
    assert voting.my_answers(vote, member) == {a: -1, b: -1, c: -1}


def test_answers_are_checked_per_kind(world: World) -> None:
    scale = make_vote(world, Vote.Kind.SCALE)
    a, b, c = items(scale)
    with pytest.raises(InvalidBallot) as bad:
        voting.cast_ballot(scale, world.members[0], {a: 6, b: 0, c: None})
    assert bad.value.errors == {a: "invalid", b: "invalid", c: "missing"}
    ranking = make_vote(world, Vote.Kind.RANKING)
    a, b, c = items(ranking)
    with pytest.raises(InvalidBallot) as bad:
        voting.cast_ballot(ranking, world.members[0], {a: 1, b: 1, c: 2})
    assert set(bad.value.errors) == {a, b}
    with pytest.raises(InvalidBallot) as bad:
        voting.cast_ballot(ranking, world.members[0], {a: 1, b: 2, c: 3, 99999: 1})
    assert bad.value.errors == {99999: "unknown-item"}
    voting.cast_ballot(ranking, world.members[0], {a: 3, b: 1, c: 2})
    assert not Ballot.objects.filter(vote=scale).exists()


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.ADMINISTRATOR, Role.POLITICIAN])
def test_only_members_vote(world: World, role: str) -> None:
    vote = make_vote(world)
    someone = (
        make_user_participant(world.assembly, role)
        if role == Role.POLITICIAN
        else make_participant(world.assembly, role, user=make_user())
    )
    with pytest.raises(VotingError) as refused:
        voting.cast_ballot(vote, someone, dict.fromkeys(items(vote), 1))
    assert refused.value.code == "not-a-voter"
    assert not Ballot.objects.exists()


def test_a_guest_an_inactive_member_and_another_assemblys_member_cannot_vote(
    world: World,
) -> None:
    vote = make_vote(world)
    answers = dict.fromkeys(items(vote), 1)
    guest = Participant.objects.create(assembly=world.assembly, role=Role.GUEST, name="Gæst")
    inactive = world.members[2]
    inactive.is_active = False
    inactive.save()
    stranger = make_user_participant(make_assembly())
    for person in (guest, inactive, stranger):
        with pytest.raises(VotingError):
            voting.cast_ballot(vote, person, answers)
    assert not Ballot.objects.exists()
    # …and the views' look-up finds no voter for them either.
    assert stranger.user is not None
    assert voting.voting_member(stranger.user, world.assembly) is None


def test_a_vote_that_is_not_open_refuses_ballots(world: World) -> None:
    draft_vote = voting.create_vote(
        world.assembly, title="x", kind="agree", recommendations=world.recommendations
    )
    answers = dict.fromkeys(items(draft_vote), 1)
    with pytest.raises(VotingError):
        voting.cast_ballot(draft_vote, world.members[0], answers)
    voting.open_vote(draft_vote)
    voting.cast_ballot(draft_vote, world.members[0], answers)
    voting.close_vote(draft_vote)
    with pytest.raises(VotingError) as refused:
        voting.cast_ballot(draft_vote, world.members[1], answers)
    assert refused.value.code == "not-open"
    with pytest.raises(VotingError):  # not even a change to an existing ballot
        voting.cast_ballot(draft_vote, world.members[0], dict.fromkeys(answers, -1))
    assert voting.my_answers(draft_vote, world.members[0]) == answers
    assert Ballot.objects.count() == 1


# --- anonymity --------------------------------------------------------------------------------


def test_ballots_do_not_store_the_participant(world: World) -> None:
    vote = make_vote(world)
    member = world.members[0]
    voting.cast_ballot(vote, member, dict.fromkeys(items(vote), 1))
    # No column of a ballot or an answer points at a person …
    for model in (Ballot, BallotAnswer):
        for field in model._meta.concrete_fields:
            if isinstance(field, db_models.ForeignKey):
                assert field.related_model not in {Participant, member.user.__class__}, field
    # … the only link is the keyed hash: no stored value is an unkeyed hash of the ids.
    ballot = Ballot.objects.get()
    unkeyed = hashlib.sha256(f"ballot:{vote.pk}:{member.pk}".encode()).hexdigest()
    stored = {
        str(value)
        for row in Ballot.objects.values_list(*[f.attname for f in Ballot._meta.concrete_fields])
        for value in row
    }
    assert unkeyed not in stored
    assert ballot.voter_hash == voting.voter_hash(vote.pk, member.pk)
    assert ballot.voter_hash != voting.voter_hash(vote.pk, world.members[1].pk)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {Ballot._meta.db_table}")
        columns = [c[0] for c in cursor.description]
    assert set(columns) == {"id", "vote_id", "voter_hash", "updated_at"}


def test_the_hash_is_keyed_with_the_secret_key(world: World, settings: Any) -> None:
    before = voting.voter_hash(1, 2)
    settings.SECRET_KEY = "another secret key for this test only"
    assert voting.voter_hash(1, 2) != before


# --- closing stores the result with the revision ----------------------------------------------


def test_closing_stores_each_items_tally_rule_and_exact_revision(world: World) -> None:
    vote = make_vote(world, rule=Vote.Rule.SUPPORT_SHARE, threshold_percent=60, quorum=3)
    a, b, c = items(vote)
    voting.cast_ballot(vote, world.members[0], {a: 1, b: 1, c: -1})
    voting.cast_ballot(vote, world.members[1], {a: 1, b: -1, c: -1})
    voting.cast_ballot(vote, world.members[2], {a: 0, b: -1, c: 1})
    first_revision = world.drafts[0].current
    assert first_revision is not None
    voting.close_vote(vote)
    # The table edits its draft after the vote: the stored result keeps the old revision.
    make_revision(
        world.drafts[0],
        recommendations=[
            {"id": world.recommendations[0].pk, "title": "Nyt navn", "text": "Ny tekst"},
            dict(first_revision.recommendations[1]),
        ],
    )
    stored = {item.pk: item for item in vote.items.all()}
    assert stored[a].carried is True  # 2 agree, 0 disagree, 1 abstains: 100 %
    assert stored[b].carried is False  # 1 of 3 = 33 %
    assert stored[c].carried is False
    result = stored[a].result
    assert result["revision"] == first_revision.number == 1
    assert result["revision_id"] == first_revision.pk
    assert result["title"] == "Flere frivillige"
    assert (result["in_favour"], result["against"], result["neutral"]) == (2, 0, 1)
    assert result["support_percent"] == 100
    assert result["ballots"] == 3
    assert result["members"] == 3
    assert (result["rule"], result["threshold_percent"], result["quorum"]) == (
        "support_share",
        60,
        3,
    )
    assert stored[a].revision_id == first_revision.pk
    # The closed count shown later is the stored one, with the words as voted on.
    count = voting.count_vote(vote)
    assert count.rows[0].title == "Flere frivillige"
    assert count.rows[0].text == "Støt foreningerne."
    assert count.rows[0].tally.carried is True


def test_below_quorum_nothing_is_carried(world: World) -> None:
    vote = make_vote(world, rule=Vote.Rule.SIMPLE_MAJORITY, quorum=3)
    a, b, c = items(vote)
    voting.cast_ballot(vote, world.members[0], {a: 1, b: 1, c: 1})
    voting.cast_ballot(vote, world.members[1], {a: 1, b: 1, c: 1})
    voting.close_vote(vote)
    assert list(vote.items.values_list("carried", flat=True)) == [False, False, False]


def test_a_ranking_stores_an_order_and_no_verdict(world: World) -> None:
    vote = make_vote(world, Vote.Kind.RANKING)
    a, b, c = items(vote)
    voting.cast_ballot(vote, world.members[0], {a: 3, b: 1, c: 2})
    voting.cast_ballot(vote, world.members[1], {a: 3, b: 2, c: 1})
    voting.close_vote(vote)
    stored = {item.pk: item for item in vote.items.all()}
    assert {pk: item.carried for pk, item in stored.items()} == {a: None, b: None, c: None}
    assert stored[b].result["position"] == 1 and stored[c].result["position"] == 1
    assert stored[a].result["position"] == 3
    assert stored[b].result["borda"] == 3 + 2


# --- two submits at once -----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_concurrent_submits_from_one_member_make_one_ballot() -> None:
    """Several threads submit the same member's ballot at once (different answers): exactly
    one ballot, holding one complete set of answers. On PostgreSQL the vote's row lock and
    the unique constraint decide; SQLite's in-memory test database locks whole tables and
    may answer "locked" instead of waiting, so there a thread tries again (the service's
    outcome is the same either way)."""
    world = build_world(n_members=1)
    vote = make_vote(world, Vote.Kind.SCALE)
    member = world.members[0]
    item_pks = items(vote)
    submissions = [dict.fromkeys(item_pks, value) for value in (1, 2, 3, 4, 5)]
    barrier = threading.Barrier(len(submissions))
    failures: list[BaseException] = []

    def submit(answers: dict[int, int]) -> None:
        try:
            barrier.wait(timeout=10)
            for _attempt in range(50):
                try:
                    voting.cast_ballot(vote, member, answers)
                    return
                except OperationalError:
                    if connection.vendor != "sqlite":
                        raise
                    threading.Event().wait(0.02)
            raise AssertionError("the database stayed locked")
        except BaseException as error:  # reported to the test's thread below
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(answers,)) for answers in submissions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not failures, failures
    assert Ballot.objects.filter(vote=vote).count() == 1
    stored = voting.my_answers(vote, member)
    assert stored is not None
    assert stored in submissions  # one whole submission, never a mix
    assert BallotAnswer.objects.filter(ballot__vote=vote).count() == len(item_pks)
