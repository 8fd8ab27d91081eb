"""The scribe's screen: typing guests' spoken input, tagging it, and undoing a mistake."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from borgersamling.assemblies.models import Assembly, ThemeTable
from borgersamling.deliberation.models import InputCard, ModerationEntry, Recommendation
from tests.accounts.factories import make_secretariat
from tests.assemblies.factories import make_assembly, make_session, make_theme_table
from tests.deliberation.factories import make_draft, make_table_member, today_session


@pytest.fixture
def table(db: None) -> ThemeTable:
    assembly: Assembly = make_assembly()
    return make_theme_table(assembly, number=3, theme="Forebyggelse")


def url(table: ThemeTable, name: str = "draft-scribe") -> str:
    return reverse(
        f"deliberation:{name}", kwargs={"slug": table.assembly.slug, "number": table.number}
    )


def client_for(user: User) -> Client:
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    client.force_login(user)
    return client


def test_the_screen_is_keyboard_first(table: ThemeTable) -> None:
    make_draft(table)
    user, _ = make_table_member(table)
    html = client_for(user).get(url(table)).content.decode()
    assert "autofocus" in html
    assert "<kbd>Alt</kbd>+<kbd>1</kbd>" in html and "<kbd>Ctrl</kbd>+<kbd>Enter</kbd>" in html
    assert 'type="radio" name="tag" value="idea"' in html
    assert "scribe.js" in html


def test_the_scribe_saves_input_from_a_guest_and_clears_for_the_next(table: ThemeTable) -> None:
    draft = make_draft(table, recommendations=[("Opsøgende besøg", "Mod ensomhed")])
    rec = Recommendation.objects.get(draft=draft)
    open_session = make_session(table.assembly, is_open_session=True)
    user, participant = make_table_member(table, session=today_session(table.assembly))
    client = client_for(user)
    response = client.post(
        url(table), {"text": "Husk de pårørende", "section": "priorities", "tag": "concern"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{url(table)}?section=priorities"
    card = InputCard.objects.get(text="Husk de pårørende")
    assert card.source == InputCard.Source.SCRIBE and card.is_from_guests
    assert (card.section, card.tag, card.author) == ("priorities", "concern", participant)
    assert card.revision == draft.current
    # Today's session is the one the input belongs to; the open session when none is today.
    assert card.session == today_session(table.assembly)
    assert card.session != open_session
    page = client.get(response["Location"]).content.decode()
    assert "Saved. Ready for the next one." in page
    assert '<option value="priorities" selected>' in page
    assert "Husk de pårørende" in page  # in the latest entries
    # Input on a recommendation lands in section 3 whatever section was chosen.
    client.post(url(table), {"text": "Godt forslag", "section": "future", "recommendation": rec.pk})
    on_rec = InputCard.objects.get(text="Godt forslag")
    assert (on_rec.section, on_rec.recommendation, on_rec.tag) == ("recommendations", rec, "")
    # It shows on the draft page, marked as from a guest.
    draft_page = client.get(url(table, "draft")).content.decode()
    assert "Godt forslag" in draft_page and "From a guest" in draft_page


def test_without_a_session_today_input_goes_to_the_open_session(table: ThemeTable) -> None:
    make_draft(table)
    open_session = make_session(
        table.assembly, is_open_session=True, date=datetime.date(2020, 5, 13)
    )
    user, _ = make_table_member(table, session=open_session)
    client_for(user).post(url(table), {"text": "Et input", "section": "future"})
    assert InputCard.objects.get(text="Et input").session == open_session


def test_empty_text_is_refused(table: ThemeTable) -> None:
    make_draft(table)
    user, _ = make_table_member(table)
    response = client_for(user).post(url(table), {"text": "  ", "section": "future"})
    assert response.status_code == 400
    assert not InputCard.objects.exists()


def test_a_scribe_undoes_their_own_entry_by_hiding_it(table: ThemeTable) -> None:
    make_draft(table)
    user, _ = make_table_member(table)
    client = client_for(user)
    client.post(url(table), {"text": "Forkert", "section": "future"})
    card = InputCard.objects.get()
    assert "Undo (hide)" in client.get(url(table)).content.decode()
    response = client.post(url(table, "draft-scribe-undo"), {"card": card.pk})
    assert response.status_code == 302
    card.refresh_from_db()
    assert card.hidden_at is not None and card.hidden_by == user
    entry = ModerationEntry.objects.get(card=card)
    assert entry.hidden and entry.by == user
    # Kept, not deleted; gone from the draft page.
    assert InputCard.objects.filter(pk=card.pk).exists()
    assert "Forkert" not in client.get(url(table, "draft")).content.decode()


def test_undo_is_only_for_your_own_recent_entries(table: ThemeTable) -> None:
    make_draft(table)
    first, _ = make_table_member(table)
    second, _ = make_table_member(table)
    client_for(first).post(url(table), {"text": "Mit input", "section": "future"})
    card = InputCard.objects.get()
    other = client_for(second)
    other.post(url(table, "draft-scribe-undo"), {"card": card.pk})
    card.refresh_from_db()
    assert card.hidden_at is None
    # Too late, even for the author.
    InputCard.objects.filter(pk=card.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=6)
    )
    client_for(first).post(url(table, "draft-scribe-undo"), {"card": card.pk})
    card.refresh_from_db()
    assert card.hidden_at is None
    assert not ModerationEntry.objects.exists()


def test_only_the_tables_members_and_the_secretariat_scribe(table: ThemeTable) -> None:
    make_draft(table)
    elsewhere = make_theme_table(table.assembly, number=4)
    outsider, _ = make_table_member(elsewhere)
    assert client_for(outsider).get(url(table)).status_code == 403
    assert (
        client_for(outsider).post(url(table), {"text": "x", "section": "future"}).status_code == 403
    )
    assert client_for(make_secretariat(table.assembly)).get(url(table)).status_code == 200
    anonymous = Client().get(url(table))
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("accounts:login-code"))
    assert not InputCard.objects.exists()


def test_scribed_text_is_escaped(table: ThemeTable) -> None:
    make_draft(table)
    user, _ = make_table_member(table)
    client = client_for(user)
    client.post(url(table), {"text": "<script>alert(1)</script>", "section": "future"})
    html = client.get(url(table)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
