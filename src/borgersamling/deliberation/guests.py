"""Guests at the open session: the tables' short codes, joining and moving between tables,
smileys and input cards.

A guest has no account. Joining makes a ``Guest`` with a random key (kept in a cookie by the
views) and the next guest number in the assembly. A smiley is one row per guest and target,
changed in place, so a guest who taps twice, or two phones racing, never count twice. Every
smiley and card records the revision the guest read and the session it was given in.
"""

from __future__ import annotations

import secrets
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.db import IntegrityError, OperationalError, connection, transaction

from borgersamling.accounts.tokens import CODE_ALPHABET
from borgersamling.assemblies.models import Assembly, Session, ThemeTable
from borgersamling.deliberation.models import (
    Draft,
    Guest,
    InputCard,
    Reaction,
    Recommendation,
    Section,
    TableCode,
)
from borgersamling.site import clock

TABLE_CODE_LENGTH = 6
CARD_MAX_LENGTH = 1000
# The sections a guest reacts to as a whole; section 3 is reacted to per recommendation.
SMILEY_SECTIONS = (Section.FUTURE, Section.PRIORITIES, Section.QUESTIONS)

T = TypeVar("T")


class GuestError(Exception):
    """A guest's request that cannot be carried out, e.g. a recommendation since removed."""


# --- table codes -------------------------------------------------------------------------


def normalize_table_code(typed: str) -> str:
    """As stored: upper case, without spaces and dashes (people type ``ab3 k7p``)."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())


def _new_table_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(TABLE_CODE_LENGTH))


def table_code(theme_table: ThemeTable) -> TableCode:
    """The table's code, made the first time it is asked for. 31^6 ≈ 900 million codes, so a
    collision is rare; the unique constraint decides and we draw again."""
    existing = TableCode.objects.filter(theme_table=theme_table).first()
    if existing is not None:
        return existing
    for _attempt in range(10):
        try:
            with transaction.atomic():
                return TableCode.objects.create(theme_table=theme_table, code=_new_table_code())
        except IntegrityError:
            # Either the code is taken, or another request made this table's code just now.
            existing = TableCode.objects.filter(theme_table=theme_table).first()
            if existing is not None:
                return existing
    raise RuntimeError("could not draw a free table code")


def table_codes(assembly: Assembly) -> list[tuple[ThemeTable, TableCode]]:
    return [(table, table_code(table)) for table in assembly.theme_tables.order_by("number")]


def table_for_code(typed: str) -> ThemeTable | None:
    code = normalize_table_code(typed)
    if not code:
        return None
    found = TableCode.objects.select_related("theme_table__assembly").filter(code=code).first()
    return found.theme_table if found is not None else None


# --- when guests may take part -------------------------------------------------------------


def open_session_today(assembly: Assembly) -> Session | None:
    """Guests take part on the day of the open session, and only then."""
    return (
        assembly.sessions.filter(is_open_session=True, date=clock.today())
        .order_by("number")
        .first()
    )


def next_open_session(assembly: Assembly) -> Session | None:
    """For the closed page: when guests are welcome next."""
    return (
        assembly.sessions.filter(is_open_session=True, date__gt=clock.today())
        .order_by("date", "number")
        .first()
    )


# --- guests ----------------------------------------------------------------------------------


def _retrying(write: Callable[[], T], attempts: int = 20) -> T:
    """Run ``write`` (its own transaction) again when a concurrent request got there first.

    IntegrityError: another request inserted the same unique row (the first smiley of a
    guest on a target, the next guest number) between our read and our insert; the next try
    sees it. OperationalError "locked" happens only on SQLite, which locks the whole database
    and may refuse a writer instead of letting it wait; there a short pause is enough."""
    for attempt in range(attempts):
        try:
            return write()
        except IntegrityError:
            if attempt == attempts - 1:
                raise
        except OperationalError as error:
            if connection.vendor != "sqlite" or "locked" not in str(error):
                raise
            if attempt == attempts - 1:
                raise
            time.sleep(0.01 * (attempt + 1))
    raise AssertionError("unreachable")


def new_guest(assembly: Assembly, theme_table: ThemeTable | None) -> Guest:
    """A new guest with a fresh key and the assembly's next guest number."""
    key = secrets.token_urlsafe(32)

    def create() -> Guest:
        with transaction.atomic():
            label = max(assembly.guests.values_list("label", flat=True), default=0) + 1
            # Two guests joining at once may read the same highest number; the unique
            # constraint refuses the second, which tries again with the next number.
            return Guest.objects.create(
                assembly=assembly, key=key, label=label, theme_table=theme_table
            )

    return _retrying(create)


def guest_by_key(assembly: Assembly, key: str) -> Guest | None:
    if not key:
        return None
    return Guest.objects.filter(assembly=assembly, key=key).first()


def move_guest(guest: Guest, theme_table: ThemeTable) -> None:
    """The guest sits down at another table; their smileys and cards stay where they were."""
    if theme_table.assembly_id != guest.assembly_id:
        raise GuestError("the table belongs to another assembly")
    Guest.objects.filter(pk=guest.pk).update(theme_table=theme_table)
    guest.theme_table = theme_table


# --- what a smiley or a card is about ---------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A section of the draft, or one recommendation (in section 3)."""

    section: Section
    recommendation: Recommendation | None = None

    @property
    def key(self) -> str:
        """As in forms and anchors: ``future`` … or ``rec-<pk>``."""
        if self.recommendation is not None:
            return f"rec-{self.recommendation.pk}"
        return self.section.value


def current_recommendation_ids(draft: Draft) -> list[int]:
    """The recommendations in the current revision, in their order."""
    if draft.current is None:
        return []
    return [int(item["id"]) for item in draft.current.recommendations if item.get("id")]


def parse_target(draft: Draft, key: str, *, for_smiley: bool) -> Target:
    """The target a form names; only what the guest can see on the current revision."""
    if key.startswith("rec-"):
        try:
            pk = int(key.removeprefix("rec-"))
        except ValueError as error:
            raise GuestError("no such recommendation") from error
        if pk not in current_recommendation_ids(draft):
            raise GuestError("the recommendation is not in the current draft")
        recommendation = draft.recommendations.get(pk=pk)
        return Target(Section.RECOMMENDATIONS, recommendation)
    if key not in Section.values:
        raise GuestError("no such section")
    section = Section(key)
    if for_smiley and section not in SMILEY_SECTIONS:
        raise GuestError("smileys go on each recommendation, not on the whole section")
    return Target(section)


# --- smileys and cards ------------------------------------------------------------------------


def react(guest: Guest, draft: Draft, target: Target, smiley: str) -> Reaction:
    """Set the guest's smiley on the target: the first one makes the row, a later one changes
    it. Never two rows for one guest and target, also when two requests race."""
    if smiley not in Reaction.Smiley.values:
        raise GuestError("no such smiley")
    if draft.current is None:
        raise GuestError("the draft has no text yet")

    def upsert() -> Reaction:
        with transaction.atomic():
            reaction, _created = Reaction.objects.update_or_create(
                guest=guest,
                draft=draft,
                section=target.section,
                recommendation=target.recommendation,
                defaults={"smiley": smiley, "revision": draft.current},
            )
            return reaction

    return _retrying(upsert)


def add_card(
    guest: Guest, draft: Draft, target: Target, text: str, session: Session | None
) -> InputCard:
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise GuestError("the card is empty")
    if len(text) > CARD_MAX_LENGTH:
        raise GuestError("the card is too long")
    return InputCard.objects.create(
        draft=draft,
        section=target.section,
        recommendation=target.recommendation,
        revision=draft.current,
        session=session,
        source=InputCard.Source.GUEST,
        text=text,
        guest=guest,
    )


def guest_smileys(guest: Guest, draft: Draft) -> dict[str, str]:
    """The guest's current smiley per target key, to show which button is pressed."""
    chosen: dict[str, str] = {}
    for reaction in Reaction.objects.filter(guest=guest, draft=draft):
        if reaction.recommendation_id is not None:
            chosen[f"rec-{reaction.recommendation_id}"] = reaction.smiley
        else:
            chosen[reaction.section] = reaction.smiley
    return chosen


def guest_cards(guest: Guest, draft: Draft) -> list[InputCard]:
    """The guest's own visible cards on this draft (hidden ones are the secretariat's)."""
    return list(
        InputCard.objects.filter(guest=guest, draft=draft, hidden_at__isnull=True).order_by(
            "created_at", "pk"
        )
    )


def smiley_counts(draft: Draft) -> dict[str, Counter[str]]:
    """How many guests chose each smiley, per target key (``future`` … ``rec-<pk>``)."""
    counts: dict[str, Counter[str]] = {}
    rows = Reaction.objects.filter(draft=draft).values_list(
        "section", "recommendation_id", "smiley"
    )
    for section, recommendation_id, smiley in rows:
        key = f"rec-{recommendation_id}" if recommendation_id is not None else section
        counts.setdefault(key, Counter())[smiley] += 1
    return counts
