"""Deliberation at the theme tables: drafts and their revisions, guests' input and smileys,
the scribe's notes, the dialogue with politicians, and the ongoing votes.

Each theme table owns one ``Draft`` on the seed's four-part template. A save never edits in
place: it adds a ``DraftRevision`` (a full snapshot: the three text sections and every
recommendation's title and text), so any two revisions can be compared and every reaction,
input card and vote names the exact revision it was about. A ``Recommendation`` is the
stable identity of one recommendation across revisions.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from borgersamling.accounts.models import Participant
from borgersamling.assemblies.models import Assembly, Session, ThemeTable


class Section(models.TextChoices):
    """The seed's template for a table's recommendations."""

    FUTURE = "future", _("1. Desired future for the municipality's welfare")
    PRIORITIES = "priorities", _("2. Priorities and balances")
    RECOMMENDATIONS = "recommendations", _("3. Initiatives and recommendations")
    QUESTIONS = "questions", _("4. Questions")


class Draft(models.Model):
    theme_table = models.OneToOneField(
        ThemeTable, on_delete=models.CASCADE, related_name="draft", verbose_name=_("theme table")
    )
    version = models.PositiveIntegerField(
        _("version"), default=0, help_text=_("The number of the latest revision.")
    )
    current = models.ForeignKey(
        "DraftRevision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current revision"),
    )
    is_final = models.BooleanField(_("final"), default=False)

    class Meta:
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")
        ordering = ("theme_table",)

    def __str__(self) -> str:
        return str(self.theme_table)


class Recommendation(models.Model):
    """One recommendation's identity; its words live in the revisions."""

    draft = models.ForeignKey(
        Draft, on_delete=models.CASCADE, related_name="recommendations", verbose_name=_("draft")
    )
    number = models.PositiveIntegerField(_("number"), help_text=_("Stable within the draft."))
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    removed_in = models.PositiveIntegerField(_("removed in revision"), null=True, blank=True)

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ("draft", "number")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["draft", "number"], name="deliberation_recommendation_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.draft.theme_table.number}.{self.number}"


class DraftRevision(models.Model):
    """A full snapshot of a draft after one save."""

    draft = models.ForeignKey(
        Draft, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("draft")
    )
    number = models.PositiveIntegerField(_("revision"))
    author = models.ForeignKey(
        Participant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    author_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author (account)"),
    )
    created_at = models.DateTimeField(_("saved"), default=timezone.now, editable=False)
    future = models.TextField(Section.FUTURE.label, blank=True)
    priorities = models.TextField(Section.PRIORITIES.label, blank=True)
    questions = models.TextField(Section.QUESTIONS.label, blank=True)
    recommendations: models.JSONField[Any] = models.JSONField(
        _("recommendations"),
        default=list,
        blank=True,
        help_text=_('In order: [{"id": Recommendation pk, "title": ..., "text": ...}].'),
    )
    note = models.CharField(_("what changed"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("draft revision")
        verbose_name_plural = _("draft revisions")
        ordering = ("draft", "number")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["draft", "number"], name="deliberation_revision_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.draft} r{self.number}"


class Guest(models.Model):
    """A guest at the open session, known only by a random key in a cookie: no account, no
    name. It lets one guest's smiley count once and be changed, and carries the rate limit."""

    assembly = models.ForeignKey(
        Assembly, on_delete=models.CASCADE, related_name="guests", verbose_name=_("assembly")
    )
    key = models.CharField(_("key"), max_length=64, unique=True)
    label = models.PositiveIntegerField(_("guest number"))
    theme_table = models.ForeignKey(
        ThemeTable,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current table"),
    )
    created_at = models.DateTimeField(_("joined"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("guest")
        verbose_name_plural = _("guests")
        ordering = ("assembly", "label")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["assembly", "label"], name="deliberation_guest_unique_label"
            )
        ]

    def __str__(self) -> str:
        return f"#{self.label}"


class Reaction(models.Model):
    """A smiley on one section or one recommendation of a draft; one per guest and target,
    changeable (the latest counts)."""

    class Smiley(models.TextChoices):
        POSITIVE = "positive", _("Positive")
        NEUTRAL = "neutral", _("Neutral")
        NEGATIVE = "negative", _("Negative")

    guest = models.ForeignKey(
        Guest, on_delete=models.CASCADE, related_name="reactions", verbose_name=_("guest")
    )
    draft = models.ForeignKey(
        Draft, on_delete=models.CASCADE, related_name="reactions", verbose_name=_("draft")
    )
    section = models.CharField(_("section"), max_length=20, choices=Section.choices)
    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reactions",
        verbose_name=_("recommendation"),
    )
    revision = models.ForeignKey(
        DraftRevision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revision"),
    )
    smiley = models.CharField(_("smiley"), max_length=10, choices=Smiley.choices)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        constraints: ClassVar = [
            # NULL is distinct in unique constraints, so sections and recommendations need
            # one constraint each.
            models.UniqueConstraint(
                fields=["guest", "draft", "section"],
                condition=Q(recommendation__isnull=True),
                name="deliberation_reaction_one_per_section",
            ),
            models.UniqueConstraint(
                fields=["guest", "recommendation"],
                condition=Q(recommendation__isnull=False),
                name="deliberation_reaction_one_per_recommendation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.guest} {self.smiley}"


class InputCard(models.Model):
    """Input on a draft: written by a guest, typed by the scribe, or noted by a member."""

    class Source(models.TextChoices):
        GUEST = "guest", _("Guest")
        SCRIBE = "scribe", _("Scribe (guest's spoken input)")
        MEMBER = "member", _("Member")

    class Tag(models.TextChoices):
        NONE = "", _("No tag")
        IDEA = "idea", _("Idea")
        CONCERN = "concern", _("Concern")
        QUESTION = "question", _("Question")

    draft = models.ForeignKey(
        Draft, on_delete=models.CASCADE, related_name="input_cards", verbose_name=_("draft")
    )
    section = models.CharField(_("section"), max_length=20, choices=Section.choices)
    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="input_cards",
        verbose_name=_("recommendation"),
    )
    revision = models.ForeignKey(
        DraftRevision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revision"),
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("session"),
    )
    source = models.CharField(_("from"), max_length=10, choices=Source.choices)
    tag = models.CharField(_("tag"), max_length=10, choices=Tag.choices, blank=True, default="")
    text = models.TextField(_("text"), max_length=2000)
    guest = models.ForeignKey(
        Guest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="input_cards",
        verbose_name=_("guest"),
    )
    author = models.ForeignKey(
        Participant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("typed by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    handled = models.BooleanField(
        _("worked on"), default=False, help_text=_("The table has worked the input in.")
    )
    # Moderation: hidden input is kept and logged, never deleted.
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hidden by"),
    )
    hidden_reason = models.CharField(_("why hidden"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("input card")
        verbose_name_plural = _("input cards")
        ordering = ("draft", "section", "created_at", "pk")

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def is_from_guests(self) -> bool:
        return self.source in {self.Source.GUEST, self.Source.SCRIBE}


class ModerationEntry(models.Model):
    """The log of hiding and showing input again."""

    card = models.ForeignKey(
        InputCard, on_delete=models.CASCADE, related_name="moderation", verbose_name=_("input")
    )
    hidden = models.BooleanField(_("hidden"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("moderation entry")
        verbose_name_plural = _("moderation entries")
        ordering = ("-at", "-pk")


class DialogueNote(models.Model):
    """Notes from the fishbowl with the politicians, per table."""

    class Kind(models.TextChoices):
        QUESTION = "question", _("Question asked")
        ANSWER = "answer", _("Answer")
        HELP_WANTED = "help_wanted", _("What the politicians want help with")

    theme_table = models.ForeignKey(
        ThemeTable,
        on_delete=models.CASCADE,
        related_name="dialogue_notes",
        verbose_name=_("theme table"),
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("session"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("text"), max_length=4000)
    politician = models.CharField(_("politician"), max_length=200, blank=True)
    author = models.ForeignKey(
        Participant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("noted by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("dialogue note")
        verbose_name_plural = _("dialogue notes")
        ordering = ("theme_table", "created_at", "pk")

    def __str__(self) -> str:
        return self.text[:60]


class Vote(models.Model):
    """An ongoing vote on one or more recommendations, opened and closed by the secretariat."""

    class Kind(models.TextChoices):
        SCALE = "scale", _("Support on a scale (1–5)")
        AGREE = "agree", _("Agree, disagree or abstain")
        RANKING = "ranking", _("Ranking of priorities")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Not opened yet")
        OPEN = "open", _("Open for voting")
        CLOSED = "closed", _("Closed")

    class Rule(models.TextChoices):
        SUPPORT_SHARE = "support_share", _("At least a share in support")
        SIMPLE_MAJORITY = "simple_majority", _("Simple majority")

    assembly = models.ForeignKey(
        Assembly, on_delete=models.CASCADE, related_name="votes", verbose_name=_("assembly")
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("session"),
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    rule = models.CharField(
        _("rule"), max_length=20, choices=Rule.choices, default=Rule.SUPPORT_SHARE
    )
    threshold_percent = models.PositiveIntegerField(
        _("support needed (%)"), default=80, help_text=_("For the support-share rule.")
    )
    quorum = models.PositiveIntegerField(
        _("quorum"), default=0, help_text=_("The fewest votes for a result to count.")
    )
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ("assembly", "-created_at", "-pk")

    def __str__(self) -> str:
        return self.title


class VoteItem(models.Model):
    """One recommendation in a vote, pinned to the revision the members saw."""

    vote = models.ForeignKey(
        Vote, on_delete=models.CASCADE, related_name="items", verbose_name=_("vote")
    )
    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.PROTECT,
        related_name="vote_items",
        verbose_name=_("recommendation"),
    )
    revision = models.ForeignKey(
        DraftRevision, on_delete=models.PROTECT, related_name="+", verbose_name=_("revision")
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    carried = models.BooleanField(_("carried"), null=True, blank=True)
    result: models.JSONField[Any] = models.JSONField(
        _("result"), default=dict, blank=True, help_text=_("The tally stored at closing.")
    )

    class Meta:
        verbose_name = _("vote item")
        verbose_name_plural = _("vote items")
        ordering = ("vote", "order", "pk")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["vote", "recommendation"], name="deliberation_voteitem_unique"
            )
        ]


class Ballot(models.Model):
    """One member's ballot in one vote. The member is stored only as a keyed hash of
    (vote, participant), so they can change their answers but the database does not say
    who voted what."""

    vote = models.ForeignKey(
        Vote, on_delete=models.CASCADE, related_name="ballots", verbose_name=_("vote")
    )
    voter_hash = models.CharField(_("voter"), max_length=64)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["vote", "voter_hash"], name="deliberation_ballot_one_per_voter"
            )
        ]


class BallotAnswer(models.Model):
    """The answer on one item: scale 1–5; agree 1 / disagree -1 / abstain 0; rank 1..n."""

    ballot = models.ForeignKey(
        Ballot, on_delete=models.CASCADE, related_name="answers", verbose_name=_("ballot")
    )
    item = models.ForeignKey(
        VoteItem, on_delete=models.CASCADE, related_name="answers", verbose_name=_("item")
    )
    value = models.IntegerField(_("value"))

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["ballot", "item"], name="deliberation_answer_one_per_item"
            )
        ]


class TableCode(models.Model):
    """The short code on a table's QR card that lets guests join it without an account."""

    theme_table = models.OneToOneField(
        ThemeTable,
        on_delete=models.CASCADE,
        related_name="guest_code",
        verbose_name=_("theme table"),
    )
    code = models.CharField(_("code"), max_length=12, unique=True)

    class Meta:
        verbose_name = _("table code")
        verbose_name_plural = _("table codes")

    def __str__(self) -> str:
        return self.code
