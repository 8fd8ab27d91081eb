"""The draft pages: reading, editing, the conflict page, history, changes, the secretariat's
overview, and who may do what."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from borgersamling.accounts.models import Participant, Role
from borgersamling.assemblies.models import Assembly, ThemeTable
from borgersamling.deliberation.models import Draft, InputCard, Reaction, Recommendation
from tests.accounts.factories import make_member, make_secretariat
from tests.assemblies.factories import make_assembly, make_theme_table
from tests.deliberation.factories import (
    make_draft,
    make_guest,
    make_input_card,
    make_table_member,
    make_user_participant,
    today_session,
)


@pytest.fixture
def assembly(db: None) -> Assembly:
    return make_assembly()


@pytest.fixture
def tables(assembly: Assembly) -> dict[int, ThemeTable]:
    return {n: make_theme_table(assembly, number=n, theme=f"Tema {n}") for n in (2, 5)}


def url(table: ThemeTable, name: str = "draft") -> str:
    return reverse(
        f"deliberation:{name}", kwargs={"slug": table.assembly.slug, "number": table.number}
    )


def client_for(user: User | None) -> Client:
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    if user is not None:
        client.force_login(user)
    return client


def edit_data(
    base_version: int,
    future: str = "",
    recommendations: list[dict[str, Any]] | None = None,
    **fields: str,
) -> dict[str, Any]:
    """The edit form's POST: the sections, and the recommendations as a formset."""
    recs = recommendations or []
    data: dict[str, Any] = {
        "base_version": base_version,
        "future": future,
        "priorities": fields.get("priorities", ""),
        "questions": fields.get("questions", ""),
        "note": fields.get("note", ""),
        "rec-TOTAL_FORMS": len(recs),
        "rec-INITIAL_FORMS": 0,
        "rec-MIN_NUM_FORMS": 0,
        "rec-MAX_NUM_FORMS": 1000,
    }
    for index, rec in enumerate(recs):
        data[f"rec-{index}-id"] = rec.get("id") or ""
        data[f"rec-{index}-title"] = rec.get("title", "")
        data[f"rec-{index}-text"] = rec.get("text", "")
        data[f"rec-{index}-ORDER"] = rec.get("order", index + 1)
        if rec.get("delete"):
            data[f"rec-{index}-DELETE"] = "on"
    return data


# --- reading --------------------------------------------------------------------------------


def test_the_draft_page_shows_sections_numbered_recommendations_and_input(
    tables: dict[int, ThemeTable],
) -> None:
    table = tables[2]
    draft = make_draft(
        table,
        future="Et trygt Dragør",
        recommendations=[("Flere frivillige", "Støt foreningerne"), ("Bedre busser", "Flere")],
    )
    _first, second = Recommendation.objects.filter(draft=draft).order_by("number")
    make_input_card(draft, text="Husk de unge", tag=InputCard.Tag.IDEA)
    make_input_card(
        draft,
        section="recommendations",
        recommendation=second,
        text="Busserne skal køre om aftenen",
        source=InputCard.Source.SCRIBE,
    )
    make_input_card(draft, text="Skjult grimt input", hidden_at=timezone.now())
    make_input_card(draft, text="En medlemsnote", source=InputCard.Source.MEMBER)
    user, _participant = make_table_member(table)
    html = client_for(user).get(url(table)).content.decode()
    assert "Et trygt Dragør" in html
    assert "2.1" in html and "2.2" in html and "Bedre busser" in html
    assert "Husk de unge" in html and "Busserne skal køre om aftenen" in html
    assert html.count("From a guest") == 2
    assert "From a member" in html
    assert "Skjult grimt input" not in html
    # Input on a recommendation sits under that recommendation, after its title.
    assert html.index("Bedre busser") < html.index("Busserne skal køre om aftenen")
    assert "Worked on" in html  # the toggle, for the table's members
    assert url(table, "draft-edit") in html


def test_any_member_reads_but_only_the_tables_members_edit(tables: dict[int, ThemeTable]) -> None:
    make_draft(tables[5], future="Tema fem")
    member_of_2, _ = make_table_member(tables[2])
    client = client_for(member_of_2)
    page = client.get(url(tables[5]))
    assert page.status_code == 200 and "Tema fem" in page.content.decode()
    assert url(tables[5], "draft-edit") not in page.content.decode()
    assert "Worked on" not in page.content.decode()


def test_a_member_of_table_2_cannot_edit_table_5s_draft(tables: dict[int, ThemeTable]) -> None:
    draft = make_draft(tables[5])
    member_of_2, _ = make_table_member(tables[2])
    client = client_for(member_of_2)
    assert client.get(url(tables[5], "draft-edit")).status_code == 403
    response = client.post(url(tables[5], "draft-edit"), edit_data(draft.version, "Overtaget"))
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.version == 1
    assert client.get(url(tables[2], "draft-edit")).status_code == 200


@pytest.mark.parametrize("who", ["anonymous", "politician", "unseated-member", "elsewhere"])
def test_others_cannot_edit(tables: dict[int, ThemeTable], who: str) -> None:
    table = tables[2]
    draft = make_draft(table)
    user: User | None = None
    if who == "politician":
        user = make_member(table.assembly, Role.POLITICIAN)
    elif who == "unseated-member":
        user = make_member(table.assembly)
    elif who == "elsewhere":
        user = make_secretariat(make_assembly())
    client = client_for(user)
    response = client.post(url(table, "draft-edit"), edit_data(draft.version, "Nej"))
    if who == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login-code"))
    else:
        assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.version == 1


def test_guests_and_anonymous_cannot_read_the_member_pages(tables: dict[int, ThemeTable]) -> None:
    make_draft(tables[2])
    response = client_for(None).get(url(tables[2]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login-code"))


# --- editing --------------------------------------------------------------------------------


def test_editing_saves_a_revision_with_author(tables: dict[int, ThemeTable]) -> None:
    table = tables[2]
    draft = make_draft(table, recommendations=[("A", "a"), ("B", "b")])
    a, b = Recommendation.objects.filter(draft=draft).order_by("number")
    user, participant = make_table_member(table)
    client = client_for(user)
    form = client.get(url(table, "draft-edit")).content.decode()
    assert 'name="base_version"' in form and 'value="1"' in form
    assert "Recommendation 2.1" in form
    response = client.post(
        url(table, "draft-edit"),
        edit_data(
            1,
            "Ny fremtid",
            [
                {"id": a.pk, "title": "A", "text": "a", "order": 2},
                {"id": b.pk, "title": "B", "text": "b", "delete": True},
                {"title": "C", "text": "c", "order": 1},
            ],
            note="Omskrevet",
        ),
    )
    assert response.status_code == 302 and response["Location"] == url(table)
    draft.refresh_from_db()
    assert draft.current is not None and draft.version == 2
    assert draft.current.author == participant and draft.current.note == "Omskrevet"
    assert [item["title"] for item in draft.current.recommendations] == ["C", "A"]
    assert Recommendation.objects.get(pk=b.pk).removed_in == 2
    page = client.get(url(table)).content.decode()
    assert "Saved as revision 2." in page and "2.3" in page


def test_a_recommendation_text_without_a_title_is_refused(tables: dict[int, ThemeTable]) -> None:
    table = tables[2]
    make_draft(table)
    user, _ = make_table_member(table)
    response = client_for(user).post(
        url(table, "draft-edit"), edit_data(1, "F", [{"title": "", "text": "uden titel"}])
    )
    assert response.status_code == 400
    assert "Give the recommendation a title." in response.content.decode()
    assert Draft.objects.get(theme_table=table).version == 1


def test_two_editors_the_second_sees_both_versions_and_loses_nothing(
    tables: dict[int, ThemeTable],
) -> None:
    table = tables[2]
    draft = make_draft(table, future="Start", recommendations=[("A", "a")])
    rec = Recommendation.objects.get(draft=draft)
    first_user, _ = make_table_member(table)
    second_user, _ = make_table_member(table)
    first, second = client_for(first_user), client_for(second_user)
    # Both open the form at version 1.
    assert 'value="1"' in first.get(url(table, "draft-edit")).content.decode()
    assert 'value="1"' in second.get(url(table, "draft-edit")).content.decode()
    saved = first.post(
        url(table, "draft-edit"),
        edit_data(1, "Første version", [{"id": rec.pk, "title": "A", "text": "a fra første"}]),
    )
    assert saved.status_code == 302
    conflict = second.post(
        url(table, "draft-edit"),
        edit_data(
            1,
            "Anden version",
            [{"id": rec.pk, "title": "A", "text": "a fra anden"}, {"title": "Ny", "text": "n"}],
        ),
    )
    assert conflict.status_code == 409
    html = conflict.content.decode()
    assert "Someone saved the draft while you were editing" in html
    # Their saved text and the second editor's unsaved text are both on the page.
    assert "Første version" in html and "a fra første" in html
    assert "Anden version" in html and "a fra anden" in html and "Ny" in html
    assert "<ins" in html and "<del" in html
    # The form is now against version 2, with the second editor's text in it.
    assert 'name="base_version" value="2"' in html
    draft.refresh_from_db()
    assert draft.version == 2  # nothing written by the refused save
    merged = second.post(
        url(table, "draft-edit"),
        edit_data(
            2,
            "Første version\nAnden version",
            [{"id": rec.pk, "title": "A", "text": "a fra begge"}, {"title": "Ny", "text": "n"}],
        ),
    )
    assert merged.status_code == 302
    draft.refresh_from_db()
    assert draft.version == 3 and draft.current is not None
    assert draft.current.future == "Første version\nAnden version"
    assert next(item["id"] for item in draft.current.recommendations) == rec.pk


def test_a_final_draft_is_read_only_until_the_secretariat_reopens_it(
    tables: dict[int, ThemeTable],
) -> None:
    table = tables[2]
    draft = make_draft(table)
    member, _ = make_table_member(table)
    secretariat = make_secretariat(table.assembly)
    staff = client_for(secretariat)
    members = client_for(member)
    # Members cannot mark it final.
    assert members.post(url(table, "draft-final"), {"final": "1"}).status_code == 403
    assert staff.post(url(table, "draft-final"), {"final": "1"}).status_code == 302
    draft.refresh_from_db()
    assert draft.is_final
    page = members.get(url(table)).content.decode()
    assert "Final" in page and url(table, "draft-edit") not in page
    for client in (members, staff):
        response = client.get(url(table, "draft-edit"))
        assert response.status_code == 302 and response["Location"] == url(table)
        response = client.post(url(table, "draft-edit"), edit_data(1, "Efter"), follow=True)
        assert "This draft is final." in response.content.decode()
    draft.refresh_from_db()
    assert draft.version == 1
    assert staff.post(url(table, "draft-final"), {"final": "0"}).status_code == 302
    assert members.post(url(table, "draft-edit"), edit_data(1, "Efter")).status_code == 302
    draft.refresh_from_db()
    assert draft.version == 2 and not draft.is_final


# --- history and changes --------------------------------------------------------------------


def test_history_lists_revisions_with_author_and_the_diff_page_compares(
    tables: dict[int, ThemeTable],
) -> None:
    table = tables[2]
    user, participant = make_table_member(table)
    draft = make_draft(table, future="Linje et", author=participant, revisions=2)
    client = client_for(user)
    history = client.get(url(table, "draft-history")).content.decode()
    assert participant.name in history
    assert "?a=1&amp;b=2" in history
    diff = client.get(url(table, "draft-diff"), {"a": 1, "b": 2}).content.decode()
    assert "<del" in diff and "Linje et</del>" in diff
    assert "<ins" in diff and "Linje et (2)</ins>" in diff
    assert "added:" in diff and "removed:" in diff  # not colour alone
    assert '<option value="1" selected>' in diff
    # Nonsense falls back to the latest change; an unknown revision is not found.
    assert client.get(url(table, "draft-diff"), {"a": "x"}).status_code == 200
    assert draft.version == 2


def test_text_is_escaped_everywhere(tables: dict[int, ThemeTable]) -> None:
    table = tables[2]
    evil = "<script>alert('x')</script>"
    draft = make_draft(table, future=evil, recommendations=[(evil, evil)], revisions=2)
    make_input_card(draft, text=evil)
    user, _ = make_table_member(table)
    client = client_for(user)
    for name in ("draft", "draft-edit", "draft-diff", "draft-history"):
        html = client.get(url(table, name), {"a": 0, "b": 2}).content.decode()
        assert "<script>alert" not in html, name
    assert "&lt;script&gt;" in client.get(url(table)).content.decode()


# --- the table's work on input ----------------------------------------------------------------


def test_members_mark_input_as_worked_on(tables: dict[int, ThemeTable]) -> None:
    table = tables[2]
    draft = make_draft(table)
    card = make_input_card(draft)
    user, _ = make_table_member(table)
    client = client_for(user)
    response = client.post(url(table, "draft-worked-on"), {"card": card.pk, "handled": "1"})
    assert response.status_code == 302
    card.refresh_from_db()
    assert card.handled
    client.post(url(table, "draft-worked-on"), {"card": card.pk, "handled": "0"})
    card.refresh_from_db()
    assert not card.handled
    # A card of another table's draft is not found here.
    other = make_input_card(make_draft(tables[5]))
    assert (
        client.post(url(table, "draft-worked-on"), {"card": other.pk, "handled": "1"}).status_code
        == 404
    )
    outsider, _ = make_table_member(tables[5])
    assert (
        client_for(outsider)
        .post(url(table, "draft-worked-on"), {"card": card.pk, "handled": "1"})
        .status_code
        == 403
    )


# --- the secretariat's overview -----------------------------------------------------------------


def test_the_overview_lists_every_table_with_its_latest_revision(
    assembly: Assembly, tables: dict[int, ThemeTable]
) -> None:
    draft = make_draft(tables[2], revisions=3)
    make_input_card(draft)
    secretariat = make_secretariat(assembly)
    overview = reverse("deliberation:draft-overview", kwargs={"slug": assembly.slug})
    html = client_for(secretariat).get(overview).content.decode()
    assert "Tema 2" in html and "Tema 5" in html
    assert "Nothing saved yet" in html  # table 5
    assert draft.current is not None
    assert f'datetime="{timezone.localtime(draft.current.created_at).isoformat()[:16]}' in html
    assert "Mark final" in html
    member, _ = make_table_member(tables[2])
    assert client_for(member).get(overview).status_code == 403
    assert client_for(None).get(overview)["Location"].startswith(reverse("accounts:login"))
    response = client_for(secretariat).post(
        url(tables[5], "draft-final"), {"final": "1", "back": "overview"}
    )
    assert response["Location"] == overview
    assert Draft.objects.get(theme_table=tables[5]).is_final


def test_seating_decides_membership_not_the_role_alone(assembly: Assembly) -> None:
    table = make_theme_table(assembly, number=1)
    today_session(assembly)
    participant = make_user_participant(assembly)
    assert isinstance(participant, Participant) and participant.user is not None
    make_draft(table)
    # Not seated: reads, may not edit.
    client = client_for(participant.user)
    assert client.get(url(table)).status_code == 200
    assert client.get(url(table, "draft-edit")).status_code == 403


def test_the_table_sees_the_guests_smileys_per_section_and_recommendation(
    tables: dict[int, ThemeTable],
) -> None:
    table = tables[5]
    draft = make_draft(table, recommendations=[("Flere frivillige", "Støt foreningerne")])
    (recommendation,) = Recommendation.objects.filter(draft=draft)
    for smiley in ("positive", "positive", "negative"):
        Reaction.objects.create(
            guest=make_guest(table.assembly, table), draft=draft, section="future", smiley=smiley
        )
    Reaction.objects.create(
        guest=make_guest(table.assembly, table),
        draft=draft,
        section="recommendations",
        recommendation=recommendation,
        smiley="neutral",
    )
    user, _participant = make_table_member(table)
    page = client_for(user).get(url(table)).content.decode()
    future = page[page.index('id="section-future"') : page.index('id="section-priorities"')]
    assert "2 positive" in future and "0 neutral" in future and "1 negative" in future
    recommendations = page[page.index('id="section-recommendations"') :]
    assert "0 positive" in recommendations and "1 neutral" in recommendations
    priorities = page[page.index('id="section-priorities"') : page.index('id="section-recomm')]
    assert "Guests' smileys" not in priorities  # no reactions there yet
