"""Exports of input, smileys, dialogue notes and vote results as CSV and Markdown."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from borgersamling.assemblies.models import Assembly, ThemeTable
from borgersamling.deliberation import exports
from borgersamling.deliberation.models import (
    DialogueNote,
    Draft,
    InputCard,
    Reaction,
    Recommendation,
    Vote,
    VoteItem,
)
from tests.accounts.factories import make_secretariat
from tests.assemblies.factories import make_assembly, make_theme_table
from tests.deliberation.factories import make_draft, make_guest, make_input_card, make_table_member


@pytest.fixture
def assembly(db: None) -> Assembly:
    return make_assembly(name="Dragør <Borgersamling>")


@pytest.fixture
def table(assembly: Assembly) -> ThemeTable:
    return make_theme_table(assembly, number=2, theme="Forebyggelse")


@pytest.fixture
def filled(table: ThemeTable) -> Draft:
    """A draft with input (one hidden), smileys from three guests, a note and a closed vote."""
    draft = make_draft(table, recommendations=[("Opsøgende besøg", "Mod ensomhed")])
    rec = Recommendation.objects.get(draft=draft)
    make_input_card(draft, text="Husk de unge, æøå", tag=InputCard.Tag.IDEA)
    make_input_card(
        draft,
        section="recommendations",
        recommendation=rec,
        text="<script>alert(1)</script>",
        source=InputCard.Source.SCRIBE,
        handled=True,
    )
    make_input_card(
        draft, text="Grimt", hidden_at=timezone.now(), hidden_reason="Krænkende", tag=""
    )
    guests = [make_guest(table.assembly, table) for _ in range(3)]
    for guest, smiley in zip(guests, ("positive", "positive", "negative"), strict=True):
        Reaction.objects.create(guest=guest, draft=draft, section="future", smiley=smiley)
    Reaction.objects.create(
        guest=guests[0],
        draft=draft,
        section="recommendations",
        recommendation=rec,
        smiley="neutral",
    )
    DialogueNote.objects.create(
        theme_table=table,
        kind=DialogueNote.Kind.QUESTION,
        text="Hvad koster det?",
        politician="Anna",
    )
    vote = Vote.objects.create(
        assembly=table.assembly, title="Løbende afstemning", kind=Vote.Kind.AGREE, status="closed"
    )
    assert draft.current is not None
    VoteItem.objects.create(
        vote=vote, recommendation=rec, revision=draft.current, carried=True, result={"agree": 9}
    )
    open_vote = Vote.objects.create(
        assembly=table.assembly, title="Åben afstemning", kind=Vote.Kind.SCALE, status="open"
    )
    VoteItem.objects.create(vote=open_vote, recommendation=rec, revision=draft.current)
    return draft


def parse(body: bytes) -> list[dict[str, str]]:
    text = body.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def url(table: ThemeTable, name: str) -> str:
    return reverse(
        f"deliberation:{name}", kwargs={"slug": table.assembly.slug, "number": table.number}
    )


def client_for(user: User | None) -> Client:
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    if user is not None:
        client.force_login(user)
    return client


def test_the_secretariats_csv_has_everything_hidden_input_marked(
    filled: Draft, table: ThemeTable
) -> None:
    response = client_for(make_secretariat(table.assembly)).get(
        reverse("deliberation:draft-export-csv", kwargs={"slug": table.assembly.slug})
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = parse(response.content)
    assert list(rows[0].keys()) == list(exports.COLUMNS)
    inputs = [row for row in rows if row["record"] == "input"]
    assert {row["text"] for row in inputs} == {
        "Husk de unge, æøå",
        "<script>alert(1)</script>",
        "Grimt",
    }
    hidden = next(row for row in inputs if row["text"] == "Grimt")
    assert hidden["hidden"] == "yes"
    scribed = next(row for row in inputs if row["source"] == "scribe")
    assert (scribed["section"], scribed["recommendation"], scribed["worked_on"]) == (
        "recommendations",
        "2.1",
        "yes",
    )
    assert scribed["revision"] == "1" and scribed["table"] == "2"
    tallies = {
        (row["section"], row["recommendation"]): (row["positive"], row["neutral"], row["negative"])
        for row in rows
        if row["record"] == "reactions"
    }
    assert tallies[("future", "")] == ("2", "0", "1")
    assert tallies[("priorities", "")] == ("0", "0", "0")
    assert tallies[("recommendations", "2.1")] == ("0", "1", "0")
    notes = [row for row in rows if row["record"] == "dialogue"]
    assert [(n["kind"], n["politician"], n["text"]) for n in notes] == [
        ("question", "Anna", "Hvad koster det?")
    ]
    votes = {row["vote"]: row for row in rows if row["record"] == "vote"}
    assert votes["Løbende afstemning"]["carried"] == "yes"
    assert votes["Løbende afstemning"]["revision"] == "1"
    assert votes["Løbende afstemning"]["result"] == '{"agree": 9}'
    assert votes["Åben afstemning"]["vote_status"] == "open"


def test_the_members_csv_leaves_out_hidden_input_and_open_votes(
    filled: Draft, table: ThemeTable
) -> None:
    user, _ = make_table_member(table)
    response = client_for(user).get(url(table, "draft-table-export-csv"))
    assert response.status_code == 200
    rows = parse(response.content)
    texts = [row["text"] for row in rows if row["record"] == "input"]
    assert "Grimt" not in texts and len(texts) == 2
    assert [row["vote"] for row in rows if row["record"] == "vote"] == ["Løbende afstemning"]


def test_the_markdown_is_readable_and_escapes_user_text(filled: Draft, table: ThemeTable) -> None:
    response = client_for(make_secretariat(table.assembly)).get(url(table, "draft-table-export-md"))
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("# Dragør \\<Borgersamling\\>: input, smileys and votes")
    assert "## Table 2. Forebyggelse" in text
    assert "#### 1. Desired future for the municipality's welfare" in text
    assert "Husk de unge, æøå" in text
    assert "<script>" not in text and "\\<script\\>alert(1)\\</script\\>" in text
    assert "[2.1 Opsøgende besøg]" in text
    assert "_Hidden – Krænkende_" in text
    assert "| 1. Desired future for the municipality's welfare | 2 | 0 | 1 |" in text
    assert "- **Question asked** (Anna): Hvad koster det?" in text
    assert "Løbende afstemning: 2.1 (revision 1) – **carried**" in text


def test_members_markdown_leaves_out_hidden_input(filled: Draft, table: ThemeTable) -> None:
    user, _ = make_table_member(table)
    text = client_for(user).get(url(table, "draft-table-export-md")).content.decode()
    assert "Grimt" not in text and "Husk de unge" in text


def test_who_may_export(filled: Draft, table: ThemeTable) -> None:
    other = make_theme_table(table.assembly, number=5)
    outsider, _ = make_table_member(other)
    client = client_for(outsider)
    assert client.get(url(table, "draft-table-export-csv")).status_code == 403
    assembly_csv = reverse("deliberation:draft-export-csv", kwargs={"slug": table.assembly.slug})
    assert client.get(assembly_csv).status_code == 403
    assert client_for(None).get(assembly_csv)["Location"].startswith(reverse("accounts:login"))


def test_an_assembly_export_covers_tables_without_drafts(assembly: Assembly) -> None:
    make_theme_table(assembly, number=1, theme="Tom")
    with translation.override("en"):
        text = exports.to_markdown(assembly, exports.assembly_export(assembly, include_hidden=True))
    assert "## Table 1. Tom" in text and "No input." in text
    body = exports.to_csv(exports.assembly_export(assembly, include_hidden=True))
    assert parse(body.encode("utf-8")) == []
