"""Moderation of input: the secretariat hides abusive input and may show it again.

Nothing is deleted. Hiding sets ``hidden_at``/``hidden_by``/``hidden_reason`` on the card, so
every page and public export leaves it out; each decision is also written to the
``ModerationEntry`` log, so it is never silent.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from borgersamling.assemblies.models import Assembly
from borgersamling.deliberation.models import InputCard, ModerationEntry

REASON_MAX_LENGTH = 300
# What the moderation page lists: input from the room (guests' own and the scribe's).
MODERATED_SOURCES = (InputCard.Source.GUEST, InputCard.Source.SCRIBE)


def _account(user: AbstractBaseUser | AnonymousUser) -> User | None:
    return user if isinstance(user, User) else None


@transaction.atomic
def hide(card: InputCard, user: AbstractBaseUser | AnonymousUser, reason: str) -> bool:
    """Hide the card; ``False`` (and no log entry) if it was hidden already."""
    locked = InputCard.objects.select_for_update().get(pk=card.pk)
    if locked.hidden_at is not None:
        return False
    reason = reason.strip()[:REASON_MAX_LENGTH]
    at = timezone.now()
    account = _account(user)
    InputCard.objects.filter(pk=card.pk).update(
        hidden_at=at, hidden_by=account, hidden_reason=reason
    )
    ModerationEntry.objects.create(card=locked, hidden=True, reason=reason, by=account, at=at)
    card.hidden_at, card.hidden_by, card.hidden_reason = at, account, reason
    return True


@transaction.atomic
def show(card: InputCard, user: AbstractBaseUser | AnonymousUser, reason: str = "") -> bool:
    """Show a hidden card again; ``False`` (and no log entry) if it was not hidden."""
    locked = InputCard.objects.select_for_update().get(pk=card.pk)
    if locked.hidden_at is None:
        return False
    reason = reason.strip()[:REASON_MAX_LENGTH]
    InputCard.objects.filter(pk=card.pk).update(hidden_at=None, hidden_by=None, hidden_reason="")
    ModerationEntry.objects.create(card=locked, hidden=False, reason=reason, by=_account(user))
    card.hidden_at, card.hidden_by, card.hidden_reason = None, None, ""
    return True


def moderated_cards(assembly: Assembly) -> QuerySet[InputCard]:
    """All guest and scribe input in the assembly, newest first."""
    return (
        InputCard.objects.filter(
            draft__theme_table__assembly=assembly, source__in=MODERATED_SOURCES
        )
        .select_related("draft__theme_table", "recommendation", "guest", "author", "hidden_by")
        .order_by("-created_at", "-pk")
    )


def moderation_log(assembly: Assembly) -> QuerySet[ModerationEntry]:
    return (
        ModerationEntry.objects.filter(card__draft__theme_table__assembly=assembly)
        .select_related("card__draft__theme_table", "by")
        .order_by("-at", "-pk")
    )
