"""Exports of a table's (or the whole assembly's) deliberation: the input cards, the smileys
counted per section and recommendation, the dialogue notes and the vote results, as CSV (one
row per record, a ``record`` column saying which kind) and as readable Markdown.

The secretariat's export includes hidden input, marked as hidden; the members' leaves it
out. Vote results are the tallies stored when a vote closed, with the revision voted on.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from borgersamling.assemblies.models import Assembly, ThemeTable
from borgersamling.deliberation.models import (
    DialogueNote,
    Draft,
    InputCard,
    Reaction,
    Recommendation,
    Section,
    Vote,
    VoteItem,
)

COLUMNS = (
    "record",
    "table",
    "theme",
    "section",
    "recommendation",
    "revision",
    "source",
    "tag",
    "text",
    "created",
    "hidden",
    "worked_on",
    "positive",
    "neutral",
    "negative",
    "kind",
    "politician",
    "vote",
    "vote_kind",
    "vote_status",
    "carried",
    "result",
)


@dataclass(frozen=True)
class Tally:
    section: str
    recommendation: Recommendation | None
    title: str
    positive: int
    neutral: int
    negative: int


@dataclass
class TableExport:
    theme_table: ThemeTable
    draft: Draft | None
    cards: list[InputCard] = field(default_factory=list)
    tallies: list[Tally] = field(default_factory=list)
    notes: list[DialogueNote] = field(default_factory=list)
    votes: list[VoteItem] = field(default_factory=list)


def _when(moment: datetime.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _titles(draft: Draft) -> dict[int, str]:
    current = draft.current
    if current is None:
        return {}
    return {int(item["id"]): str(item.get("title", "")) for item in current.recommendations}


def tallies_for(draft: Draft) -> list[Tally]:
    """Every section and every current recommendation with its smileys counted (zeros
    included, so a silent section shows as silent)."""
    counts: dict[tuple[str, int | None], Any] = {
        (row["section"], row["recommendation"]): row
        for row in Reaction.objects.filter(draft=draft)
        .values("section", "recommendation")
        .annotate(
            positive=Count("pk", filter=Q(smiley=Reaction.Smiley.POSITIVE)),
            neutral=Count("pk", filter=Q(smiley=Reaction.Smiley.NEUTRAL)),
            negative=Count("pk", filter=Q(smiley=Reaction.Smiley.NEGATIVE)),
        )
    }
    empty = {"positive": 0, "neutral": 0, "negative": 0}
    result = []
    for section in Section:
        row = counts.get((section.value, None), empty)
        result.append(
            Tally(
                section.value,
                None,
                str(section.label),
                row["positive"],
                row["neutral"],
                row["negative"],
            )
        )
        if section != Section.RECOMMENDATIONS:
            continue
        titles = _titles(draft)
        for rec in draft.recommendations.select_related("draft__theme_table"):
            if rec.pk not in titles:
                continue
            found = next((value for (sec, pk), value in counts.items() if pk == rec.pk), empty)
            result.append(
                Tally(
                    section.value,
                    rec,
                    titles[rec.pk],
                    found["positive"],
                    found["neutral"],
                    found["negative"],
                )
            )
    return result


def table_export(
    theme_table: ThemeTable, *, include_hidden: bool, closed_votes_only: bool
) -> TableExport:
    draft = Draft.objects.filter(theme_table=theme_table).select_related("current").first()
    export = TableExport(theme_table, draft)
    export.notes = list(
        DialogueNote.objects.filter(theme_table=theme_table).order_by("created_at", "pk")
    )
    if draft is None:
        return export
    cards = draft.input_cards.select_related(
        "revision", "recommendation__draft__theme_table"
    ).order_by("section", "created_at", "pk")
    if not include_hidden:
        cards = cards.filter(hidden_at__isnull=True)
    export.cards = list(cards)
    export.tallies = tallies_for(draft)
    items = VoteItem.objects.filter(recommendation__draft=draft).select_related(
        "vote", "revision", "recommendation__draft__theme_table"
    )
    if closed_votes_only:
        items = items.filter(vote__status=Vote.Status.CLOSED)
    export.votes = list(items.order_by("vote__created_at", "vote__pk", "order", "pk"))
    return export


def assembly_export(assembly: Assembly, *, include_hidden: bool) -> list[TableExport]:
    return [
        table_export(table, include_hidden=include_hidden, closed_votes_only=False)
        for table in assembly.theme_tables.order_by("number")
    ]


def _carried(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def _result(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else ""


def rows(exports: Iterable[TableExport]) -> Iterable[dict[str, Any]]:
    for export in exports:
        table = {"table": export.theme_table.number, "theme": export.theme_table.theme}
        for card in export.cards:
            yield table | {
                "record": "input",
                "section": card.section,
                "recommendation": str(card.recommendation) if card.recommendation else "",
                "revision": card.revision.number if card.revision else "",
                "source": card.source,
                "tag": card.tag,
                "text": card.text,
                "created": _when(card.created_at),
                "hidden": "yes" if card.hidden_at else "",
                "worked_on": "yes" if card.handled else "",
            }
        for tally in export.tallies:
            yield table | {
                "record": "reactions",
                "section": tally.section,
                "recommendation": str(tally.recommendation) if tally.recommendation else "",
                "text": tally.title,
                "positive": tally.positive,
                "neutral": tally.neutral,
                "negative": tally.negative,
            }
        for note in export.notes:
            yield table | {
                "record": "dialogue",
                "kind": note.kind,
                "politician": note.politician,
                "text": note.text,
                "created": _when(note.created_at),
            }
        for item in export.votes:
            yield table | {
                "record": "vote",
                "section": Section.RECOMMENDATIONS.value,
                "recommendation": str(item.recommendation),
                "revision": item.revision.number,
                "vote": item.vote.title,
                "vote_kind": item.vote.kind,
                "vote_status": item.vote.status,
                "carried": _carried(item.carried),
                "result": _result(item.result),
            }


def to_csv(exports: Sequence[TableExport]) -> str:
    """UTF-8 with a byte-order mark, so spreadsheet programs read Danish letters right."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, restval="", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows(exports))
    return buffer.getvalue()


# --- Markdown -----------------------------------------------------------------------------

_MARKDOWN_SPECIAL = set("\\`*_[]<>#|")


def md(text: str) -> str:
    """User text as literal Markdown: special characters escaped (so ``<script>`` stays
    text in any renderer), lines kept inside the list item they belong to."""
    escaped = "".join(f"\\{char}" if char in _MARKDOWN_SPECIAL else char for char in text)
    return "  \n  ".join(line.strip() for line in escaped.splitlines() if line.strip())


def _card_line(card: InputCard) -> str:
    parts = [f"**{md(card.get_source_display())}**"]
    if card.tag:
        parts.append(md(card.get_tag_display()))
    parts.append(_when(card.created_at))
    if card.revision is not None:
        parts.append(_("revision %(number)s") % {"number": card.revision.number})
    if card.handled:
        parts.append(_("worked on"))
    line = f"- {' · '.join(parts)}: {md(card.text)}"
    if card.hidden_at:
        reason = f" – {md(card.hidden_reason)}" if card.hidden_reason else ""
        line += f"  \n  _{_('Hidden')}{reason}_"
    return line


def _table_markdown(export: TableExport) -> list[str]:
    table = export.theme_table
    out = [f"## {_('Table')} {table.number}. {md(table.theme)}", ""]
    draft = export.draft
    if draft is not None and draft.current is not None:
        out += [
            _("Draft revision %(number)s, saved %(when)s.")
            % {"number": draft.current.number, "when": _when(draft.current.created_at)},
            "",
        ]
    out += [f"### {_('Input')}", ""]
    titles = _titles(draft) if draft is not None else {}
    for section in Section:
        cards = [card for card in export.cards if card.section == section.value]
        out += [f"#### {md(str(section.label))}", ""]
        if not cards:
            out += [f"_{_('No input.')}_", ""]
            continue
        for card in cards:
            if card.recommendation is not None:
                title = titles.get(card.recommendation.pk, "")
                prefix = f"{card.recommendation} {md(title)}".strip()
                out.append(_card_line(card).replace("- ", f"- [{prefix}] ", 1))
            else:
                out.append(_card_line(card))
        out.append("")
    out += [f"### {_('Smileys')}", ""]
    out += [
        f"| {_('Part')} | {_('Positive')} | {_('Neutral')} | {_('Negative')} |",
        "| --- | ---: | ---: | ---: |",
    ]
    for tally in export.tallies:
        name = (
            f"{tally.recommendation} {md(tally.title)}" if tally.recommendation else md(tally.title)
        )
        out.append(f"| {name} | {tally.positive} | {tally.neutral} | {tally.negative} |")
    out += ["", f"### {_('Dialogue with the politicians')}", ""]
    if not export.notes:
        out += [f"_{_('No notes.')}_", ""]
    for note in export.notes:
        who = f" ({md(note.politician)})" if note.politician else ""
        out.append(f"- **{md(note.get_kind_display())}**{who}: {md(note.text)}")
    if export.notes:
        out.append("")
    out += [f"### {_('Votes')}", ""]
    if not export.votes:
        out += [f"_{_('No vote results.')}_", ""]
    for item in export.votes:
        carried = {True: _("carried"), False: _("not carried"), None: _("no result yet")}[
            item.carried
        ]
        out.append(
            f"- {md(item.vote.title)}: {item.recommendation} "
            f"({_('revision %(number)s') % {'number': item.revision.number}}) – **{carried}**"
            + (f" – `{_result(item.result)}`" if item.result else "")
        )
    if export.votes:
        out.append("")
    return out


def to_markdown(assembly: Assembly, exports: Sequence[TableExport]) -> str:
    out = [
        f"# {md(assembly.name)}: {_('input, smileys and votes')}",
        "",
        _("Exported %(when)s.") % {"when": _when(timezone.now())},
        "",
    ]
    for export in exports:
        out += _table_markdown(export)
    return "\n".join(out).rstrip() + "\n"
