"""What the follow-up pages show: every recommendation of an assembly with its words, its
current status and its history of council responses.

The recommendations and their words come from each table's current draft revision, in the
table's own order. A recommendation removed from its draft is left out, unless the council
has already answered it: a public record never disappears silently, so such a one is kept
(with the words of the last revision that held it) and marked as removed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from borgersamling.assemblies.models import Assembly, ThemeTable
from borgersamling.deliberation.models import Draft, DraftRevision, Recommendation
from borgersamling.followup.models import CouncilResponse
from borgersamling.followup.statuses import AWAITING, LOOKS, ORDER, StatusLook


@dataclass(frozen=True)
class HistoryEntry:
    response: CouncilResponse
    look: StatusLook
    is_current: bool
    corrects: CouncilResponse | None
    corrected_by: CouncilResponse | None


@dataclass
class FollowedRecommendation:
    recommendation: Recommendation
    theme_table: ThemeTable
    title: str
    text: str
    removed: bool = False
    # Oldest first, as the story happened.
    responses: list[CouncilResponse] = field(default_factory=list)

    @property
    def label(self) -> str:
        """ "3.2": the table's number and the recommendation's stable number."""
        return f"{self.theme_table.number}.{self.recommendation.number}"

    @property
    def current(self) -> CouncilResponse | None:
        return self.responses[-1] if self.responses else None

    @property
    def status(self) -> str:
        current = self.current
        return current.status if current is not None else AWAITING

    @property
    def look(self) -> StatusLook:
        return LOOKS[self.status]

    @property
    def history(self) -> list[HistoryEntry]:
        by_pk = {r.pk: r for r in self.responses}
        corrections = {r.corrects_id: r for r in self.responses if r.corrects_id is not None}
        last = self.current
        return [
            HistoryEntry(
                response=r,
                look=LOOKS[r.status],
                is_current=r is last,
                corrects=by_pk.get(r.corrects_id) if r.corrects_id is not None else None,
                corrected_by=corrections.get(r.pk),
            )
            for r in self.responses
        ]


@dataclass(frozen=True)
class StatusCount:
    look: StatusLook
    count: int
    total: int

    @property
    def sentence(self) -> str:
        return str(self.look.share) % {"count": self.count, "total": self.total}


@dataclass
class ThemeGroup:
    theme_table: ThemeTable
    recommendations: list[FollowedRecommendation]


def _items(revision: DraftRevision | None) -> list[dict[str, Any]]:
    return list(revision.recommendations) if revision is not None else []


def _last_words(draft: Draft, recommendation_pk: int) -> tuple[str, str]:
    """The title and text of a recommendation in the last revision that held it."""
    for revision in draft.revisions.order_by("-number"):
        for item in _items(revision):
            if item.get("id") == recommendation_pk:
                return str(item.get("title", "")), str(item.get("text", ""))
    return "", ""


def followed_recommendations(
    assembly: Assembly, recommendation_pk: int | None = None
) -> list[FollowedRecommendation]:
    """The assembly's recommendations by table, in each table's order (or only the one with
    ``recommendation_pk``), with their council responses."""
    recommendations = Recommendation.objects.filter(draft__theme_table__assembly=assembly)
    responses = CouncilResponse.objects.filter(
        recommendation__draft__theme_table__assembly=assembly
    )
    if recommendation_pk is not None:
        recommendations = recommendations.filter(pk=recommendation_pk)
        responses = responses.filter(recommendation_id=recommendation_pk)
    by_pk = {r.pk: r for r in recommendations.select_related("draft__theme_table")}
    answered: dict[int, list[CouncilResponse]] = defaultdict(list)
    for response in responses.select_related("recorded_by").order_by("recommendation", "number"):
        answered[response.recommendation_id].append(response)

    drafts = (
        Draft.objects.filter(theme_table__assembly=assembly)
        .select_related("theme_table", "current")
        .order_by("theme_table__number")
    )
    result: list[FollowedRecommendation] = []
    for draft in drafts:
        shown: set[int] = set()
        for item in _items(draft.current):
            recommendation = by_pk.get(item.get("id") or 0)
            if recommendation is None or recommendation.draft_id != draft.pk:
                continue
            shown.add(recommendation.pk)
            result.append(
                FollowedRecommendation(
                    recommendation,
                    draft.theme_table,
                    str(item.get("title", "")),
                    str(item.get("text", "")),
                    responses=answered.get(recommendation.pk, []),
                )
            )
        removed = sorted(
            (r for r in by_pk.values() if r.draft_id == draft.pk and r.pk not in shown),
            key=lambda r: r.number,
        )
        for recommendation in removed:
            if not answered.get(recommendation.pk):
                continue
            title, text = _last_words(draft, recommendation.pk)
            result.append(
                FollowedRecommendation(
                    recommendation,
                    draft.theme_table,
                    title,
                    text,
                    removed=True,
                    responses=answered[recommendation.pk],
                )
            )
    return result


def find(assembly: Assembly, recommendation_pk: int) -> FollowedRecommendation | None:
    found = followed_recommendations(assembly, recommendation_pk)
    return found[0] if found else None


def status_counts(items: Sequence[FollowedRecommendation]) -> list[StatusCount]:
    """How many recommendations are in each status, out of all of them."""
    counts = dict.fromkeys(ORDER, 0)
    for item in items:
        counts[item.status] += 1
    return [StatusCount(LOOKS[key], counts[key], len(items)) for key in ORDER]


def by_theme(items: Iterable[FollowedRecommendation]) -> list[ThemeGroup]:
    groups: dict[int, ThemeGroup] = {}
    for item in items:
        group = groups.setdefault(item.theme_table.pk, ThemeGroup(item.theme_table, []))
        group.recommendations.append(item)
    return list(groups.values())
