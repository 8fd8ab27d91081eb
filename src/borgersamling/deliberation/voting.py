"""The ongoing votes: the secretariat creates, opens and closes them; members cast ballots.

A vote's items are recommendations pinned to the revision that was current when the vote was
created, so the members vote on exactly the words they read and the stored result names that
revision even after the table edits the draft again.

Ballots are anonymous in the database: a ballot carries only ``voter_hash``, an HMAC of
(vote, participant) keyed with the site's secret key. The same member always gets the same
hash, so they can change their answers while the vote is open (and see them again), but a
ballot row does not say whose it is, and the hash cannot be reversed without the key.

Every write locks the vote's row first (``select_for_update``): a ballot cannot slip in
after the tally was taken at closing, and two submits from one member run one after the
other. The unique constraint on (vote, voter_hash) is the last guard; a submit that still
loses the race to insert is retried as an update, so a member never has two ballots.
"""

from __future__ import annotations

import hashlib
import hmac
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from borgersamling.accounts.models import Participant, Role
from borgersamling.assemblies.models import Assembly, Session
from borgersamling.deliberation import tally as counting
from borgersamling.deliberation.models import (
    Ballot,
    BallotAnswer,
    Draft,
    DraftRevision,
    Recommendation,
    Vote,
    VoteItem,
)

# A submit that loses the race to insert the member's ballot is retried this many times.
BALLOT_ATTEMPTS = 3


class VotingError(Exception):
    """A refused operation. ``code`` names the reason (the views show a sentence for it)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


class InvalidBallot(VotingError):
    """Answers that do not fit the vote's kind; ``errors`` maps item pk → error code."""

    def __init__(self, errors: Mapping[int, str]) -> None:
        super().__init__("invalid-ballot", ", ".join(f"{k}={v}" for k, v in errors.items()))
        self.errors = dict(errors)


# --- who votes ------------------------------------------------------------------------------


def voter_hash(vote_pk: int, participant_pk: int) -> str:
    """The ballot's only link to its member: keyed, so it cannot be guessed from the ids."""
    message = f"ballot:{vote_pk}:{participant_pk}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def voting_member(user: AbstractBaseUser | AnonymousUser, assembly: Assembly) -> Participant | None:
    """The user's active member participation: only members vote (not the secretariat, not
    politicians, not guests)."""
    if not user.is_authenticated:
        return None
    return Participant.objects.filter(
        assembly=assembly, user_id=user.pk, role=Role.MEMBER, is_active=True
    ).first()


def member_count(assembly: Assembly) -> int:
    return Participant.objects.filter(assembly=assembly, role=Role.MEMBER, is_active=True).count()


# --- what can be voted on -------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    """A recommendation as its draft's current revision words it."""

    recommendation: Recommendation
    revision: DraftRevision
    title: str
    text: str

    @property
    def label(self) -> str:
        return f"{self.recommendation} {self.title}"


@dataclass(frozen=True)
class TableChoices:
    draft: Draft
    revision: DraftRevision
    choices: list[Choice]


def choosable(assembly: Assembly) -> list[TableChoices]:
    """Every table's recommendations in its current revision, grouped by table."""
    drafts = (
        Draft.objects.filter(theme_table__assembly=assembly, current__isnull=False)
        .select_related("theme_table", "current")
        .order_by("theme_table__number")
    )
    groups = []
    for draft in drafts:
        revision = draft.current
        assert revision is not None
        by_pk = {r.pk: r for r in draft.recommendations.all()}
        choices = [
            Choice(by_pk[entry["id"]], revision, entry.get("title", ""), entry.get("text", ""))
            for entry in revision.recommendations
            if entry.get("id") in by_pk
        ]
        if choices:
            groups.append(TableChoices(draft, revision, choices))
    return groups


def words_in(revision: DraftRevision, recommendation_pk: int) -> dict[str, str] | None:
    """The recommendation's title and text in that revision (None: not in it)."""
    for entry in revision.recommendations:
        if entry.get("id") == recommendation_pk:
            return {"title": str(entry.get("title", "")), "text": str(entry.get("text", ""))}
    return None


# --- the secretariat's operations -----------------------------------------------------------


@transaction.atomic
def create_vote(
    assembly: Assembly,
    *,
    title: str,
    kind: str,
    recommendations: Sequence[Recommendation],
    rule: str = Vote.Rule.SUPPORT_SHARE,
    threshold_percent: int = 80,
    quorum: int = 0,
    session: Session | None = None,
    created_by: AbstractBaseUser | None = None,
) -> Vote:
    """A vote (not yet open) on the recommendations as their drafts' current revisions word
    them. Refuses a recommendation of another assembly or one the current revision removed."""
    if kind not in Vote.Kind.values:
        raise VotingError("unknown-kind", kind)
    if rule not in Vote.Rule.values:
        raise VotingError("unknown-rule", rule)
    if not recommendations:
        raise VotingError("no-items")
    if kind == Vote.Kind.RANKING and len(recommendations) < 2:
        raise VotingError("ranking-needs-two")
    if session is not None and session.assembly_id != assembly.pk:
        raise VotingError("wrong-assembly", "session")
    pinned: list[tuple[Recommendation, DraftRevision]] = []
    for recommendation in recommendations:
        draft = Draft.objects.select_related("theme_table", "current").get(
            pk=recommendation.draft_id
        )
        if draft.theme_table.assembly_id != assembly.pk:
            raise VotingError("wrong-assembly", str(recommendation.pk))
        if draft.current is None or words_in(draft.current, recommendation.pk) is None:
            raise VotingError("not-in-current-revision", str(recommendation))
        pinned.append((recommendation, draft.current))
    vote = Vote.objects.create(
        assembly=assembly,
        session=session,
        title=title,
        kind=kind,
        rule=rule,
        threshold_percent=threshold_percent,
        quorum=quorum,
        created_by=created_by if isinstance(created_by, User) else None,
    )
    VoteItem.objects.bulk_create(
        VoteItem(vote=vote, recommendation=recommendation, revision=revision, order=order)
        for order, (recommendation, revision) in enumerate(pinned, start=1)
    )
    return vote


@transaction.atomic
def open_vote(vote: Vote) -> Vote:
    locked = Vote.objects.select_for_update().get(pk=vote.pk)
    if locked.status != Vote.Status.DRAFT:
        raise VotingError("not-draft", locked.status)
    locked.status = Vote.Status.OPEN
    locked.opened_at = timezone.now()
    locked.save(update_fields=["status", "opened_at"])
    return locked


@transaction.atomic
def close_vote(vote: Vote) -> Vote:
    """Close for good and store each item's tally with the revision it was about, in the
    same transaction, under the vote's lock: no ballot lands after the count."""
    locked = Vote.objects.select_for_update().get(pk=vote.pk)
    if locked.status != Vote.Status.OPEN:
        raise VotingError("not-open", locked.status)
    locked.status = Vote.Status.CLOSED
    locked.closed_at = timezone.now()
    locked.save(update_fields=["status", "closed_at"])
    count = count_vote(locked)
    for row in count.rows:
        row.item.result = row.stored_result(count, locked.closed_at)
        row.item.carried = row.tally.carried
        row.item.save(update_fields=["result", "carried"])
    return locked


# --- members' ballots -----------------------------------------------------------------------


def cast_ballot(vote: Vote, participant: Participant, answers: Mapping[int, int | None]) -> Ballot:
    """Store the member's answers (item pk → value): their one ballot, created the first
    time and updated after. Raises ``VotingError`` (not a member, vote not open) or
    ``InvalidBallot``."""
    if (
        participant.assembly_id != vote.assembly_id
        or participant.role != Role.MEMBER
        or not participant.is_active
    ):
        raise VotingError("not-a-voter")
    for attempt in range(BALLOT_ATTEMPTS):
        try:
            return _store_ballot(vote.pk, participant.pk, answers)
        except IntegrityError:
            # Another submit from the same member inserted the ballot between our look-up
            # and our insert: the next attempt finds it and updates it.
            if attempt == BALLOT_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def _existing_ballot(vote: Vote, hashed: str) -> Ballot | None:
    return Ballot.objects.filter(vote=vote, voter_hash=hashed).first()


@transaction.atomic
def _store_ballot(vote_pk: int, participant_pk: int, answers: Mapping[int, int | None]) -> Ballot:
    vote = Vote.objects.select_for_update().get(pk=vote_pk)
    if vote.status != Vote.Status.OPEN:
        raise VotingError("not-open", vote.status)
    items = list(vote.items.order_by("order", "pk").values_list("pk", flat=True))
    errors = counting.answer_errors(vote.kind, answers, items)
    errors.update({int(key): "unknown-item" for key in answers if key not in items})
    if errors:
        raise InvalidBallot(errors)
    hashed = voter_hash(vote.pk, participant_pk)
    ballot = _existing_ballot(vote, hashed)
    if ballot is None:
        ballot = Ballot.objects.create(vote=vote, voter_hash=hashed)
    else:
        ballot.save(update_fields=["updated_at"])
        ballot.answers.all().delete()
    BallotAnswer.objects.bulk_create(
        BallotAnswer(ballot=ballot, item_id=item, value=int(answers[item] or 0)) for item in items
    )
    return ballot


def my_answers(vote: Vote, participant: Participant) -> dict[int, int] | None:
    """The member's current answers (item pk → value), found by their hash; None: no ballot."""
    ballot = _existing_ballot(vote, voter_hash(vote.pk, participant.pk))
    if ballot is None:
        return None
    return dict(ballot.answers.values_list("item_id", "value"))


# --- counting -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    item: VoteItem
    title: str
    text: str
    tally: counting.ItemTally

    @property
    def number(self) -> str:
        return str(self.item.recommendation)

    def stored_result(self, count: VoteCount, closed_at: Any) -> dict[str, Any]:
        return {
            **self.tally.as_json(),
            "recommendation": self.item.recommendation_id,
            "number": self.number,
            "title": self.title,
            "revision": self.item.revision.number,
            "revision_id": self.item.revision_id,
            "kind": count.vote.kind,
            "ballots": count.ballots,
            "members": count.members,
            **count.rule.describe(),
            "closed_at": closed_at.isoformat() if closed_at else None,
        }


@dataclass(frozen=True)
class VoteCount:
    """A vote's count: live while it is open, the stored one once it is closed."""

    vote: Vote
    ballots: int
    members: int
    rule: counting.Rule
    rows: list[Row]

    @property
    def ranked(self) -> list[Row]:
        """Rows in the order the ranking puts them (the items' order for other kinds)."""
        if self.vote.kind != Vote.Kind.RANKING:
            return self.rows
        return sorted(self.rows, key=lambda row: (row.tally.position or 0, row.item.order))

    def summary(self) -> dict[str, Any]:
        """For the projector's JSON endpoint."""
        return {
            "vote": self.vote.pk,
            "status": self.vote.status,
            "kind": self.vote.kind,
            "ballots": self.ballots,
            "members": self.members,
            "items": [
                {
                    "item": row.item.pk,
                    "number": row.number,
                    "revision": row.item.revision.number,
                    **{key: value for key, value in row.tally.as_json().items() if key != "item"},
                }
                for row in self.rows
            ],
        }


def rule_of(vote: Vote) -> counting.Rule:
    return counting.Rule(vote.rule, vote.threshold_percent, vote.quorum)


def vote_items(vote: Vote) -> list[VoteItem]:
    return list(
        vote.items.select_related("recommendation__draft__theme_table", "revision").order_by(
            "order", "pk"
        )
    )


def count_vote(vote: Vote, items: list[VoteItem] | None = None) -> VoteCount:
    """Count the ballots now (three small queries besides the items); a closed vote's
    count is the one stored at closing."""
    items = vote_items(vote) if items is None else items
    if vote.status == Vote.Status.CLOSED and items and all(item.result for item in items):
        return stored_count(vote, items)
    values: dict[int, list[int]] = defaultdict(list)
    grouped = (
        BallotAnswer.objects.filter(item__vote=vote)
        .values_list("item_id", "value")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for item_pk, value, n in grouped:
        values[item_pk].extend([value] * n)
    ballots = vote.ballots.count()
    rule = rule_of(vote)
    tallies = counting.tally(vote.kind, values, [item.pk for item in items], ballots, rule)
    rows = []
    for item, item_tally in zip(items, tallies, strict=True):
        words = words_in(item.revision, item.recommendation_id) or {"title": "", "text": ""}
        rows.append(Row(item, words["title"], words["text"], item_tally))
    return VoteCount(vote, ballots, member_count(vote.assembly), rule, rows)


_TALLY_FIELDS = tuple(field.name for field in fields(counting.ItemTally))


def stored_count(vote: Vote, items: list[VoteItem]) -> VoteCount:
    """The count stored in the items at closing (with the words of the pinned revision)."""
    rows = [
        Row(
            item,
            str(item.result.get("title", "")),
            (words_in(item.revision, item.recommendation_id) or {"text": ""})["text"],
            counting.ItemTally(**{name: item.result.get(name) for name in _TALLY_FIELDS}),
        )
        for item in items
    ]
    first = items[0].result
    return VoteCount(
        vote, int(first.get("ballots", 0)), int(first.get("members", 0)), rule_of(vote), rows
    )
