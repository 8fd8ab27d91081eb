"""Shared factories for deliberation tests: drafts with revisions, members seated at a table,
input cards. They write rows directly (not through the services) so any part's tests can
use them without depending on another part's code."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from borgersamling.accounts import services
from borgersamling.accounts.models import LoginToken, Participant, Role
from borgersamling.assemblies.models import Assembly, Session, ThemeTable
from borgersamling.deliberation.models import (
    Draft,
    DraftRevision,
    Guest,
    InputCard,
    Recommendation,
    Section,
)
from borgersamling.seating.models import SeatAssignment

_numbers = itertools.count(1)

# A recommendation given to a factory: (title, text), or a dict with "title"/"text" and
# optionally "id" (an existing Recommendation pk, to keep its identity).
RecommendationSpec = tuple[str, str] | dict[str, Any]


def _as_dict(spec: RecommendationSpec) -> dict[str, Any]:
    if isinstance(spec, tuple):
        return {"title": spec[0], "text": spec[1]}
    return dict(spec)


@transaction.atomic
def make_revision(
    draft: Draft,
    *,
    future: str = "",
    priorities: str = "",
    questions: str = "",
    recommendations: Sequence[RecommendationSpec] = (),
    author: Participant | None = None,
    author_user: User | None = None,
    note: str = "",
) -> DraftRevision:
    """The draft's next revision. Recommendations without an ``id`` get a new
    ``Recommendation`` (the next number); ones left out are marked removed."""
    draft = Draft.objects.select_for_update().get(pk=draft.pk)
    number = draft.version + 1
    next_number = max(draft.recommendations.values_list("number", flat=True), default=0) + 1
    snapshot = []
    for spec in recommendations:
        item = _as_dict(spec)
        if item.get("id") is None:
            recommendation = Recommendation.objects.create(draft=draft, number=next_number)
            next_number += 1
            item["id"] = recommendation.pk
        snapshot.append({"id": item["id"], "title": item["title"], "text": item["text"]})
    kept = {item["id"] for item in snapshot}
    draft.recommendations.filter(removed_in__isnull=True).exclude(pk__in=kept).update(
        removed_in=number
    )
    revision = DraftRevision.objects.create(
        draft=draft,
        number=number,
        author=author,
        author_user=author_user or (author.user if author is not None else None),
        future=future,
        priorities=priorities,
        questions=questions,
        recommendations=snapshot,
        note=note,
    )
    draft.version = number
    draft.current = revision
    draft.save(update_fields=["version", "current"])
    return revision


def make_draft(
    theme_table: ThemeTable,
    *,
    future: str = "En fremtid hvor alle kan få hjælp.",
    priorities: str = "Forebyggelse før behandling.",
    questions: str = "Hvad koster det?",
    recommendations: Sequence[RecommendationSpec] = (
        ("Flere frivillige", "Kommunen støtter foreningerne."),
    ),
    author: Participant | None = None,
    revisions: int = 1,
) -> Draft:
    """A table's draft with ``revisions`` revisions (0 for an empty draft); the later ones
    repeat the content with the revision number added to the future section."""
    draft, _created = Draft.objects.get_or_create(theme_table=theme_table)
    for index in range(revisions):
        current = draft.current if index else None
        specs: Sequence[RecommendationSpec] = recommendations
        if current is not None:
            specs = [dict(item) for item in current.recommendations]
        make_revision(
            draft,
            future=future if index == 0 else f"{future} ({index + 1})",
            priorities=priorities,
            questions=questions,
            recommendations=specs,
            author=author,
        )
        draft.refresh_from_db()
    return draft


def make_user_participant(assembly: Assembly, role: str = Role.MEMBER) -> Participant:
    """A participant with a login user (as after their first login was issued)."""
    participant = Participant.objects.create(
        assembly=assembly, role=role, name=f"Deltager {next(_numbers)}", email="", phone=""
    )
    services.issue_login(participant, LoginToken.Kind.CODE)
    participant.refresh_from_db()
    return participant


def make_table_member(
    theme_table: ThemeTable, session: Session | None = None
) -> tuple[User, Participant]:
    """A member seated at the table in ``session`` (by default a session today, made if the
    assembly has none on today's date)."""
    assembly = theme_table.assembly
    if session is None:
        session = today_session(assembly)
    participant = make_user_participant(assembly)
    SeatAssignment.objects.create(session=session, participant=participant, theme_table=theme_table)
    assert participant.user is not None
    return participant.user, participant


def today_session(assembly: Assembly, **fields: Any) -> Session:
    """The assembly's session today, made if there is none."""
    from borgersamling.site import clock

    today = clock.today()
    existing = assembly.sessions.filter(date=today).first()
    if existing is not None:
        return existing
    number = max(assembly.sessions.values_list("number", flat=True), default=0) + 1
    defaults: dict[str, Any] = {"title": f"Samling {number}", "date": today}
    return Session.objects.create(assembly=assembly, number=number, **(defaults | fields))


def make_guest(assembly: Assembly, theme_table: ThemeTable | None = None) -> Guest:
    label = max(assembly.guests.values_list("label", flat=True), default=0) + 1
    return Guest.objects.create(
        assembly=assembly, key=f"guest-key-{next(_numbers)}", label=label, theme_table=theme_table
    )


def make_input_card(draft: Draft, **fields: Any) -> InputCard:
    defaults: dict[str, Any] = {
        "section": Section.FUTURE,
        "source": InputCard.Source.GUEST,
        "text": f"Input {next(_numbers)}",
        "revision": draft.current,
    }
    return InputCard.objects.create(draft=draft, **(defaults | fields))


def days_ago(days: int) -> datetime.date:
    from borgersamling.site import clock

    return clock.today() - datetime.timedelta(days=days)
