"""The report's content, built from the platform's data: nothing is typed twice.

``build_content`` returns one JSON-ready dict: the secretariat's texts, the assembly's task,
the sessions, the representation numbers, the ABX frame, every current recommendation with
its text from the draft's current revision, its closed vote results and minority statements,
counts of the guests' input, the experts and materials, and the evaluation summary. The same
dict renders the live draft and, frozen, is the snapshot a published version is hashed over.

Exactly once: every current recommendation sits under its theme, and every closed vote
result sits under the recommendation it was about. A closed vote on a recommendation the
table later withdrew is still reported, once, in its theme's list of votes on withdrawn
recommendations, so no result disappears from the record.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from borgersamling.assemblies.models import Assembly, Program, lines
from borgersamling.deliberation.models import (
    Draft,
    InputCard,
    Reaction,
    Recommendation,
    Section,
    Vote,
    VoteItem,
)
from borgersamling.deliberation.voting import words_in
from borgersamling.recruitment.models import Recruitment
from borgersamling.recruitment.representation import representation
from borgersamling.reports.models import MinorityStatement, Report
from borgersamling.reports.sections import BY_KEY, normalised_order, visible

SCHEMA = 1
GUEST_SOURCES = (InputCard.Source.GUEST, InputCard.Source.SCRIBE)


def _iso(value: datetime.date | datetime.time | datetime.datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()


def _percent(value: float | None) -> float | None:
    # Rounded so the snapshot (and its hash) does not depend on float printing.
    return None if value is None else round(value, 1)


def get_report(assembly: Assembly) -> Report:
    report, _created = Report.objects.get_or_create(assembly=assembly)
    return report


# --- the parts ----------------------------------------------------------------------------


def cover(assembly: Assembly) -> dict[str, Any]:
    return {
        "name": assembly.name,
        "slug": assembly.slug,
        "municipality": assembly.municipality,
        "tagline": assembly.tagline,
        "commissioning_body": assembly.commissioning_body,
        "handover_date": _iso(assembly.handover_date),
    }


def task(assembly: Assembly) -> dict[str, Any]:
    return {
        "core_task": assembly.core_task,
        "working_questions": [q.text for q in assembly.working_questions.all()],
    }


def process(assembly: Assembly, report: Report) -> dict[str, Any]:
    notes = report.session_texts or {}
    sessions = []
    for session in assembly.sessions.prefetch_related("purposes"):
        sessions.append(
            {
                "number": session.number,
                "title": session.title,
                "date": _iso(session.date),
                "start": _iso(session.start),
                "end": _iso(session.end),
                "venue": session.venue,
                "is_open_session": session.is_open_session,
                "purposes": [
                    p.text for p in session.purposes.all() if p.program == Program.MEMBERS
                ],
                "guest_purposes": [
                    p.text for p in session.purposes.all() if p.program == Program.GUESTS
                ],
                "contents": session.contents_list(),
                "text": str(notes.get(str(session.number), "")).strip(),
            }
        )
    return {"intro": report.process_intro, "sessions": sessions}


def members(assembly: Assembly, report: Report) -> dict[str, Any]:
    """Headline numbers and anonymous counts per criterion value (no row is about a person).
    Without a recruitment on the platform only the assembly's stored figures are known."""
    recruitment = Recruitment.objects.filter(assembly=assembly).first()
    result: dict[str, Any] = {
        "intro": report.members_intro,
        "headline": {
            "invited": assembly.invitations_sent,
            "signed_up": assembly.sign_ups,
            "drawn": assembly.seats,
        },
        "signups": None,
        "panel": None,
        "features": [],
    }
    if recruitment is None:
        return result
    data = representation(recruitment)
    result["headline"] = {
        "invited": data.headline.invited,
        "signed_up": data.headline.signed_up,
        "drawn": data.headline.drawn,
    }
    result["signups"] = data.signups
    result["panel"] = data.panel
    result["features"] = [
        {
            "key": feature.key,
            "label": feature.label,
            "values": [
                {
                    "value": value.value,
                    "label": value.label,
                    "municipality": _percent(value.municipality),
                    "signups": _percent(value.signups),
                    "assembly": _percent(value.assembly),
                    "signup_count": value.signup_count,
                    "assembly_count": value.assembly_count,
                }
                for value in feature.values
            ],
        }
        for feature in data.features
    ]
    return result


def values(assembly: Assembly, report: Report) -> dict[str, Any]:
    def entries(rows: Any) -> list[dict[str, str]]:
        return [{"title": row.title, "text": row.text} for row in rows]

    return {
        "intro": report.values_intro,
        "strengths": entries(assembly.strengths.all()),
        "challenges": entries(assembly.challenges.all()),
        "values": entries(assembly.values.all()),
        "vision": assembly.vision,
    }


def vote_result(item: VoteItem, current_words: dict[str, str] | None) -> dict[str, Any]:
    """One closed vote item, from the tally stored at closing. ``text_changed`` says the
    words in the report differ from the words the members voted on."""
    result = item.result or {}
    voted = words_in(item.revision, item.recommendation_id)
    return {
        "vote_id": item.vote_id,
        "vote_title": item.vote.title,
        "kind": item.vote.kind,
        "closed_at": _iso(item.vote.closed_at),
        "rule": item.vote.rule,
        "threshold_percent": item.vote.threshold_percent,
        "quorum": item.vote.quorum,
        "ballots": result.get("ballots"),
        "members": result.get("members"),
        "answers": result.get("answers"),
        "in_favour": result.get("in_favour"),
        "against": result.get("against"),
        "neutral": result.get("neutral"),
        "support_percent": result.get("support_percent"),
        "mean": result.get("mean"),
        "borda": result.get("borda"),
        "position": result.get("position"),
        "carried": item.carried,
        "revision_id": item.revision_id,
        "revision": item.revision.number,
        "title_voted": (voted or {}).get("title", str(result.get("title", ""))),
        "text_changed": current_words is not None and voted is not None and voted != current_words,
    }


def recommendations(assembly: Assembly, report: Report) -> dict[str, Any]:
    closed_items: dict[int, list[VoteItem]] = defaultdict(list)
    for item in (
        VoteItem.objects.filter(vote__assembly=assembly, vote__status=Vote.Status.CLOSED)
        .select_related("vote", "revision", "recommendation")
        .order_by("vote__closed_at", "vote__pk", "order", "pk")
    ):
        closed_items[item.recommendation_id].append(item)
    minority: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for statement in MinorityStatement.objects.filter(
        recommendation__draft__theme_table__assembly=assembly
    ):
        minority[statement.recommendation_id].append(
            {"text": statement.text, "supported_by": statement.supported_by}
        )

    themes = []
    for table in assembly.theme_tables.all():
        draft = Draft.objects.filter(theme_table=table).select_related("current").first()
        current = draft.current if draft is not None else None
        identities = {r.pk: r for r in Recommendation.objects.filter(draft=draft)} if draft else {}
        listed: list[dict[str, Any]] = []
        shown: set[int] = set()
        for entry in current.recommendations if current is not None else []:
            identity = identities.get(int(entry["id"]))
            if identity is None or identity.removed_in is not None or identity.pk in shown:
                continue
            shown.add(identity.pk)
            words = {"title": str(entry.get("title", "")), "text": str(entry.get("text", ""))}
            listed.append(
                {
                    "id": identity.pk,
                    "number": identity.number,
                    "code": f"{table.number}.{identity.number}",
                    "title": words["title"],
                    "text": words["text"],
                    "revision_id": current.pk if current else None,
                    "revision": current.number if current else None,
                    "votes": [vote_result(i, words) for i in closed_items.get(identity.pk, [])],
                    "minority": minority.get(identity.pk, []),
                }
            )
        withdrawn = [
            {
                "id": identity.pk,
                "code": f"{table.number}.{identity.number}",
                "votes": [vote_result(i, None) for i in closed_items[identity.pk]],
            }
            for identity in sorted(identities.values(), key=lambda r: r.number)
            if identity.pk not in shown and closed_items.get(identity.pk)
        ]
        themes.append(
            {
                "table": table.number,
                "theme": table.theme,
                "revision_id": current.pk if current else None,
                "revision": current.number if current else None,
                "is_final": bool(draft and draft.is_final),
                "future": current.future if current else "",
                "priorities": current.priorities if current else "",
                "questions": lines(current.questions) if current else [],
                "recommendations": listed,
                "withdrawn_votes": withdrawn,
            }
        )
    return {"intro": report.recommendations_intro, "themes": themes}


def guest_input(assembly: Assembly, report: Report) -> dict[str, Any]:
    """Counts only: the report summarises the guests' input; hidden (moderated) input is
    left out, and no guest is named."""
    cards = InputCard.objects.filter(
        draft__theme_table__assembly=assembly, source__in=GUEST_SOURCES, hidden_at__isnull=True
    )
    per_section = Counter(cards.values_list("draft__theme_table_id", "section"))
    per_tag = Counter(cards.values_list("draft__theme_table_id", "tag"))
    smileys = Counter(
        Reaction.objects.filter(draft__theme_table__assembly=assembly).values_list(
            "draft__theme_table_id", "smiley"
        )
    )
    tables: list[dict[str, Any]] = []
    for table in assembly.theme_tables.all():
        sections = {s.value: per_section.get((table.pk, s.value), 0) for s in Section}
        tables.append(
            {
                "table": table.number,
                "theme": table.theme,
                "sections": sections,
                "total": sum(sections.values()),
                "tags": {
                    t.value or "none": per_tag.get((table.pk, t.value), 0) for t in InputCard.Tag
                },
                "reactions": {
                    s.value: smileys.get((table.pk, s.value), 0) for s in Reaction.Smiley
                },
            }
        )
    quotes = [
        {
            "text": card.text,
            "table": card.draft.theme_table.number,
            "theme": card.draft.theme_table.theme,
        }
        for card in report.quotes.filter(
            draft__theme_table__assembly=assembly, hidden_at__isnull=True
        )
        .select_related("draft__theme_table")
        .order_by("draft__theme_table__number", "pk")
    ]
    return {
        "intro": report.guest_input_intro,
        "tables": tables,
        "total": sum(t["total"] for t in tables),
        "reactions": sum(sum(t["reactions"].values()) for t in tables),
        "quotes": quotes,
    }


def experts(assembly: Assembly, report: Report) -> dict[str, Any]:
    return {
        "intro": report.experts_intro,
        "helpers": [
            {
                "name": h.name,
                "title": h.title,
                "role": h.role,
                "organisation": h.organisation,
            }
            for h in assembly.helpers.all()
        ],
        "materials": [
            {
                "kind": m.kind,
                "title": m.title,
                "speaker": m.speaker,
                "url": m.url,
                "session": m.session.number if m.session else None,
            }
            for m in assembly.materials.select_related("session")
        ],
    }


def evaluation(assembly: Assembly) -> dict[str, Any]:
    """The evaluation app's summary, rendered by its own template. The app is optional to
    this module: without it the appendix says there is no evaluation yet."""
    try:
        from borgersamling.evaluation.summary import summarize  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return {"available": False, "html": ""}
    summary = summarize(assembly)
    html = render_to_string("evaluation/_summary.html", {"evaluation": summary})
    return {"available": True, "html": html}


# --- the whole ------------------------------------------------------------------------------


def document_language() -> str:
    return str(settings.LANGUAGE_CODE)


def build_content(assembly: Assembly, report: Report | None = None) -> dict[str, Any]:
    """Everything the report shows, JSON-ready. Texts the platform words itself (the
    section headings) are rendered in the document's language, so the snapshot holds
    exactly what was published."""
    report = report if report is not None else get_report(assembly)
    order = visible(normalised_order(report.section_order), report.hidden_sections or [])
    with translation.override(document_language()):
        sections = [{"key": key, "title": str(BY_KEY[key].title)} for key in order]
        return {
            "schema": SCHEMA,
            "language": document_language(),
            "built_at": _iso(timezone.now()),
            "cover": cover(assembly),
            "sections": sections,
            "preface": report.preface,
            "task": task(assembly),
            "process": process(assembly, report),
            "members": members(assembly, report),
            "values": values(assembly, report),
            "recommendations": recommendations(assembly, report),
            "guest_input": guest_input(assembly, report),
            "experts": experts(assembly, report),
            "thanks": report.thanks,
            "appendix": {"evaluation": evaluation(assembly)},
            # Set when a version is frozen (``services.freeze``); None marks the draft.
            "version": None,
        }


def all_recommendations(content: dict[str, Any]) -> list[dict[str, Any]]:
    return [r for theme in content["recommendations"]["themes"] for r in theme["recommendations"]]


def all_vote_results(content: dict[str, Any]) -> list[dict[str, Any]]:
    """Every closed vote result in the content, withdrawn recommendations' included."""
    results = []
    for theme in content["recommendations"]["themes"]:
        for recommendation in theme["recommendations"]:
            results.extend(recommendation["votes"])
        for withdrawn in theme["withdrawn_votes"]:
            results.extend(withdrawn["votes"])
    return results
