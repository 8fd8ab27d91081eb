"""Saving a table's draft: every save is a new revision, and no save overwrites one it did
not see.

An editor loads the draft at version N and sends N back with the new text. The save locks
the draft row; if someone else saved in between (the draft is now past N), nothing is
written and ``Conflict`` carries both the latest revision and the editor's unsaved text, so
the page can show both and the editor can merge them and save against the new version.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import transaction

from borgersamling.accounts.models import Participant
from borgersamling.assemblies.models import ThemeTable
from borgersamling.deliberation.models import Draft, DraftRevision, InputCard, Recommendation


@dataclass(frozen=True)
class RecommendationContent:
    """One recommendation as an editor sent it: ``id`` is the Recommendation's pk, or None
    for a new one."""

    title: str
    text: str
    id: int | None = None


@dataclass(frozen=True)
class DraftContent:
    """The words of a draft, in the template's four parts."""

    future: str = ""
    priorities: str = ""
    questions: str = ""
    recommendations: Sequence[RecommendationContent] = field(default_factory=tuple)

    @classmethod
    def of(cls, revision: DraftRevision | None) -> DraftContent:
        if revision is None:
            return cls()
        return cls(
            future=revision.future,
            priorities=revision.priorities,
            questions=revision.questions,
            recommendations=tuple(
                RecommendationContent(
                    title=str(item.get("title", "")),
                    text=str(item.get("text", "")),
                    id=item.get("id"),
                )
                for item in revision.recommendations
            ),
        )


class DraftError(Exception):
    """A save that was refused; ``message`` is for the page."""


class DraftIsFinal(DraftError):
    """The draft is marked final: only the secretariat can reopen it."""


class Conflict(DraftError):
    """Someone saved the draft after the editor loaded it. Nothing was written."""

    def __init__(self, current: DraftRevision | None, attempted: DraftContent, base: int):
        super().__init__(f"draft changed since version {base}")
        self.current = current
        self.attempted = attempted
        self.base_version = base


def get_draft(theme_table: ThemeTable) -> Draft:
    """The table's draft, made empty (version 0) the first time it is asked for."""
    draft, _created = Draft.objects.get_or_create(theme_table=theme_table)
    return draft


def _clean(text: str) -> str:
    # Browsers send CRLF from textareas; store one kind of line end so diffs stay honest.
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


@transaction.atomic
def save_revision(
    draft: Draft,
    base_version: int,
    content: DraftContent,
    author: Participant | None,
    user: AbstractBaseUser | AnonymousUser | None,
    note: str = "",
) -> DraftRevision:
    """Save ``content`` as the draft's next revision, if the draft is still at
    ``base_version``; raise ``Conflict`` (writing nothing) if it is not."""
    locked = Draft.objects.select_for_update().get(pk=draft.pk)
    if locked.is_final:
        raise DraftIsFinal("the draft is final")
    if locked.version != base_version:
        raise Conflict(locked.current, content, base_version)
    number = locked.version + 1
    existing = {rec.pk: rec for rec in locked.recommendations.all()}
    next_number = max((rec.number for rec in existing.values()), default=0) + 1
    snapshot: list[dict[str, Any]] = []
    kept: set[int] = set()
    for item in content.recommendations:
        title, text = _clean(item.title), _clean(item.text)
        if not title and not text:
            continue
        recommendation = existing.get(item.id) if item.id is not None else None
        if recommendation is None or recommendation.pk in kept:
            # New, or an id from elsewhere (a tampered form): a new recommendation, so
            # nothing the editor wrote is lost and no other draft is touched.
            recommendation = Recommendation.objects.create(draft=locked, number=next_number)
            next_number += 1
        elif recommendation.removed_in is not None:
            # Brought back, e.g. by an editor merging after a conflict.
            recommendation.removed_in = None
            recommendation.save(update_fields=["removed_in"])
        kept.add(recommendation.pk)
        snapshot.append({"id": recommendation.pk, "title": title, "text": text})
    locked.recommendations.filter(removed_in__isnull=True).exclude(pk__in=kept).update(
        removed_in=number
    )
    author_user = user if isinstance(user, User) else None
    revision = DraftRevision.objects.create(
        draft=locked,
        number=number,
        author=author,
        author_user=author_user,
        future=_clean(content.future),
        priorities=_clean(content.priorities),
        questions=_clean(content.questions),
        recommendations=snapshot,
        note=note.strip()[:300],
    )
    locked.version = number
    locked.current = revision
    locked.save(update_fields=["version", "current"])
    draft.version, draft.current = locked.version, revision
    return revision


@transaction.atomic
def set_final(draft: Draft, is_final: bool) -> None:
    """Mark the draft final (read-only) or reopen it; the secretariat's decision."""
    Draft.objects.select_for_update().filter(pk=draft.pk).update(is_final=is_final)
    draft.is_final = is_final


def set_worked_on(card: InputCard, handled: bool) -> None:
    """The table marks an input card as worked in (or not yet)."""
    InputCard.objects.filter(pk=card.pk).update(handled=handled)
    card.handled = handled


def active_recommendations(draft: Draft) -> list[Recommendation]:
    return list(draft.recommendations.filter(removed_in__isnull=True))
