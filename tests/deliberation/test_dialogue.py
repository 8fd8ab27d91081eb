"""Notes from the fishbowl dialogue with the politicians."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from borgersamling.accounts.models import Role
from borgersamling.assemblies.models import ThemeTable
from borgersamling.deliberation.models import DialogueNote
from tests.accounts.factories import make_member, make_secretariat
from tests.assemblies.factories import make_assembly, make_theme_table
from tests.deliberation.factories import make_draft, make_table_member


@pytest.fixture
def table(db: None) -> ThemeTable:
    return make_theme_table(make_assembly(), number=1, theme="Økonomisk prioritering")


def url(table: ThemeTable, name: str = "draft-dialogue") -> str:
    return reverse(
        f"deliberation:{name}", kwargs={"slug": table.assembly.slug, "number": table.number}
    )


def client_for(user: User | None) -> Client:
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    if user is not None:
        client.force_login(user)
    return client


def test_members_note_questions_answers_and_what_politicians_want(table: ThemeTable) -> None:
    make_draft(table)
    user, participant = make_table_member(table)
    client = client_for(user)
    for kind, text, politician in (
        ("question", "Hvad koster flere hænder i ældreplejen?", ""),
        ("answer", "Det afhænger af uddannelsespladserne.", "Borgmesteren"),
        ("help_wanted", "Hjælp os med at prioritere mellem børn og ældre.", ""),
    ):
        response = client.post(url(table), {"kind": kind, "text": text, "politician": politician})
        assert response.status_code == 302
    notes = list(DialogueNote.objects.filter(theme_table=table))
    assert [note.kind for note in notes] == ["question", "answer", "help_wanted"]
    assert notes[1].politician == "Borgmesteren" and notes[0].author == participant
    # Listed on the draft page, which every member reads.
    reader = client_for(make_member(table.assembly))
    html = reader.get(url(table, "draft")).content.decode()
    assert "Borgmesteren" in html and "Hjælp os med at prioritere" in html
    assert "What the politicians want help with" in html


def test_a_note_needs_a_kind_and_text(table: ThemeTable) -> None:
    user, _ = make_table_member(table)
    response = client_for(user).post(url(table), {"kind": "question", "text": ""})
    assert response.status_code == 400
    assert not DialogueNote.objects.exists()


def test_who_may_take_notes(table: ThemeTable) -> None:
    assert client_for(make_secretariat(table.assembly)).get(url(table)).status_code == 200
    for user in (make_member(table.assembly), make_member(table.assembly, Role.POLITICIAN)):
        client = client_for(user)
        assert client.get(url(table)).status_code == 403
        assert client.post(url(table), {"kind": "question", "text": "x"}).status_code == 403
    anonymous = client_for(None).get(url(table))
    assert anonymous["Location"].startswith(reverse("accounts:login-code"))
    assert not DialogueNote.objects.exists()


def test_notes_are_escaped(table: ThemeTable) -> None:
    user, _ = make_table_member(table)
    client = client_for(user)
    client.post(url(table), {"kind": "answer", "text": "<b>x</b>", "politician": "<i>y</i>"})
    html = client.get(url(table)).content.decode()
    assert "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html
    assert "<i>y</i>" not in html
