"""Saving drafts as revisions, the lost-update guard, the diffs, and who a table's members
are."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection, connections
from django.test import override_settings

from borgersamling.accounts.models import Role
from borgersamling.assemblies.models import Assembly, ThemeTable
from borgersamling.deliberation import drafts, rules
from borgersamling.deliberation.demo import DEMO_DRAFTS, load_demo_drafts
from borgersamling.deliberation.diffing import diff, diff_lines, diff_revisions
from borgersamling.deliberation.drafts import (
    Conflict,
    DraftContent,
    DraftIsFinal,
    RecommendationContent,
)
from borgersamling.deliberation.models import Draft, DraftRevision, Recommendation
from borgersamling.seating.models import SeatAssignment
from tests.accounts.factories import make_secretariat
from tests.assemblies.factories import make_assembly, make_session, make_theme_table
from tests.deliberation.factories import (
    make_draft,
    make_revision,
    make_table_member,
    make_user_participant,
)


@pytest.fixture
def assembly(db: None) -> Assembly:
    return make_assembly()


@pytest.fixture
def table(assembly: Assembly) -> ThemeTable:
    return make_theme_table(assembly, number=2, theme="Forebyggelse")


def content(future: str = "Fremtid", *recs: RecommendationContent) -> DraftContent:
    return DraftContent(future=future, priorities="P", questions="Q", recommendations=recs)


# --- saving -------------------------------------------------------------------------------


def test_the_first_save_is_revision_one(table: ThemeTable) -> None:
    draft = drafts.get_draft(table)
    assert draft.version == 0 and draft.current is None
    author = make_user_participant(table.assembly)
    revision = drafts.save_revision(
        draft,
        0,
        content("En god fremtid", RecommendationContent("Titel", "Tekst")),
        author,
        author.user,
        note="Første udkast",
    )
    fresh = Draft.objects.get(pk=draft.pk)
    assert (revision.number, fresh.version, fresh.current_id) == (1, 1, revision.pk)
    assert revision.author == author and revision.author_user == author.user
    assert revision.future == "En god fremtid" and revision.note == "Første udkast"
    rec = Recommendation.objects.get(draft=draft)
    assert rec.number == 1
    assert revision.recommendations == [{"id": rec.pk, "title": "Titel", "text": "Tekst"}]


def test_every_save_keeps_the_earlier_revisions(table: ThemeTable) -> None:
    draft = drafts.get_draft(table)
    drafts.save_revision(draft, 0, content("Et"), None, None)
    drafts.save_revision(draft, 1, content("To"), None, None)
    assert list(draft.revisions.values_list("number", "future")) == [(1, "Et"), (2, "To")]


def test_recommendations_keep_their_identity_and_number(table: ThemeTable) -> None:
    draft = drafts.get_draft(table)
    first = drafts.save_revision(
        draft,
        0,
        content("F", RecommendationContent("A", "a"), RecommendationContent("B", "b")),
        None,
        None,
    )
    a_id, b_id = (item["id"] for item in first.recommendations)
    # B is moved first and reworded, A is removed, C is new.
    second = drafts.save_revision(
        draft,
        1,
        content("F", RecommendationContent("B2", "b", id=b_id), RecommendationContent("C", "c")),
        None,
        None,
    )
    c_id = second.recommendations[1]["id"]
    assert [item["id"] for item in second.recommendations] == [b_id, c_id]
    numbers = dict(Recommendation.objects.filter(draft=draft).values_list("pk", "number"))
    assert numbers == {a_id: 1, b_id: 2, c_id: 3}
    assert Recommendation.objects.get(pk=a_id).removed_in == 2
    assert Recommendation.objects.get(pk=b_id).removed_in is None
    # The first revision still holds A's words.
    assert DraftRevision.objects.get(draft=draft, number=1).recommendations[0]["title"] == "A"


def test_a_removed_recommendation_can_come_back(table: ThemeTable) -> None:
    draft = drafts.get_draft(table)
    first = drafts.save_revision(
        draft, 0, content("F", RecommendationContent("A", "a")), None, None
    )
    a_id = first.recommendations[0]["id"]
    drafts.save_revision(draft, 1, content("F"), None, None)
    drafts.save_revision(
        draft, 2, content("F", RecommendationContent("A", "a", id=a_id)), None, None
    )
    assert Recommendation.objects.get(pk=a_id).removed_in is None
    assert Recommendation.objects.filter(draft=draft).count() == 1


def test_an_id_from_another_draft_makes_a_new_recommendation(
    table: ThemeTable, assembly: Assembly
) -> None:
    other = make_draft(make_theme_table(assembly, number=9))
    foreign = Recommendation.objects.get(draft=other)
    draft = drafts.get_draft(table)
    revision = drafts.save_revision(
        draft, 0, content("F", RecommendationContent("X", "x", id=foreign.pk)), None, None
    )
    assert revision.recommendations[0]["id"] != foreign.pk
    assert Recommendation.objects.get(pk=foreign.pk).draft == other


def test_empty_recommendations_are_left_out_and_line_ends_normalised(table: ThemeTable) -> None:
    draft = drafts.get_draft(table)
    revision = drafts.save_revision(
        draft,
        0,
        DraftContent(future="a\r\nb\r\n", recommendations=(RecommendationContent(" ", ""),)),
        None,
        None,
    )
    assert revision.future == "a\nb"
    assert revision.recommendations == []


def test_a_stale_base_version_is_a_conflict_that_writes_nothing(table: ThemeTable) -> None:
    draft = make_draft(table, revisions=2)
    attempted = content("Mit forslag")
    with pytest.raises(Conflict) as raised:
        drafts.save_revision(draft, 1, attempted, None, None)
    conflict = raised.value
    assert conflict.current is not None and conflict.current.number == 2
    assert conflict.attempted is attempted and conflict.base_version == 1
    draft.refresh_from_db()
    assert draft.version == 2 and draft.revisions.count() == 2


def test_two_editors_who_loaded_the_same_version(table: ThemeTable) -> None:
    draft = make_draft(table)
    first, second = Draft.objects.get(pk=draft.pk), Draft.objects.get(pk=draft.pk)
    base = first.version
    drafts.save_revision(first, base, content("Første redaktør"), None, None)
    with pytest.raises(Conflict) as raised:
        drafts.save_revision(second, base, content("Anden redaktør"), None, None)
    # Both versions are there to show: the saved one and the unsaved attempt.
    assert raised.value.current is not None
    assert raised.value.current.future == "Første redaktør"
    assert raised.value.attempted.future == "Anden redaktør"
    # Saving again against the new version works and keeps both revisions.
    drafts.save_revision(second, raised.value.current.number, content("Samlet"), None, None)
    assert list(draft.revisions.values_list("future", flat=True))[-2:] == [
        "Første redaktør",
        "Samlet",
    ]


def test_a_final_draft_cannot_be_saved_until_reopened(table: ThemeTable) -> None:
    draft = make_draft(table)
    drafts.set_final(draft, True)
    with pytest.raises(DraftIsFinal):
        drafts.save_revision(draft, draft.version, content("Nyt"), None, None)
    drafts.set_final(draft, False)
    drafts.save_revision(draft, draft.version, content("Nyt"), None, None)
    draft.refresh_from_db()
    assert draft.version == 2


@pytest.mark.django_db(transaction=True)
def test_two_editors_saving_at_the_same_moment_one_wins_one_is_told() -> None:
    """Real threads with their own connections. On PostgreSQL ``select_for_update`` makes the
    second wait for the first; SQLite has no row locks but serialises writers on the whole
    database, so the outcome must be the same: exactly one revision, one Conflict."""
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(
        "file:memorydb"
    ):
        pytest.skip("in-memory SQLite is not shared between threads")
    assembly = make_assembly()
    table = make_theme_table(assembly)
    draft = make_draft(table)
    base = draft.version
    barrier = threading.Barrier(2)
    outcomes: list[str] = []
    lock = threading.Lock()

    def save(text: str) -> None:
        try:
            barrier.wait(timeout=10)
            drafts.save_revision(Draft.objects.get(pk=draft.pk), base, content(text), None, None)
            result = "saved"
        except Conflict:
            result = "conflict"
        except Exception as error:  # SQLite may refuse a write while the other holds the lock
            result = f"error: {type(error).__name__}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=save, args=(name,)) for name in ("A", "B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    draft.refresh_from_db()
    assert draft.version == base + 1
    assert draft.revisions.count() == base + 1
    assert outcomes.count("saved") == 1
    # The loser is told (Conflict), or on SQLite may see "database is locked": never a
    # second revision, never a silent overwrite.
    assert outcomes.count("conflict") == 1 or connection.vendor == "sqlite"


# --- diffs ----------------------------------------------------------------------------------


def test_diff_lines_marks_added_and_removed_lines() -> None:
    lines = diff_lines("a\nb\nc", "a\nB\nc\nd")
    assert [(line.kind, line.text) for line in lines] == [
        ("same", "a"),
        ("removed", "b"),
        ("added", "B"),
        ("same", "c"),
        ("added", "d"),
    ]


def test_diff_between_revisions_per_section_and_recommendation(table: ThemeTable) -> None:
    draft = drafts.get_draft(table)
    one = drafts.save_revision(
        draft,
        0,
        content("Fremtid", RecommendationContent("A", "a"), RecommendationContent("B", "b")),
        None,
        None,
    )
    a_id, b_id = (item["id"] for item in one.recommendations)
    two = drafts.save_revision(
        draft,
        1,
        content(
            "Fremtid\nmed mere",
            RecommendationContent("A", "a ændret", id=a_id),
            RecommendationContent("C", "c"),
        ),
        None,
        None,
    )
    blocks = diff_revisions(one, two)
    by_label = {(block.section, block.label): block for block in blocks}
    assert by_label[("future", str(blocks[0].label))].status == "changed"
    assert by_label[("priorities", str(blocks[1].label))].status == "same"
    statuses = {block.label: block.status for block in blocks if block.section == "recommendations"}
    assert statuses == {"A": "changed", "C": "added", "B": "removed"}
    a_block = next(block for block in blocks if block.recommendation_id == a_id)
    assert ("removed", "a") in [(line.kind, line.text) for line in a_block.lines]
    assert ("added", "a ændret") in [(line.kind, line.text) for line in a_block.lines]
    assert next(b for b in blocks if b.recommendation_id == b_id).status == "removed"


def test_diff_from_the_empty_draft() -> None:
    blocks = diff(DraftContent(), content("Ny", RecommendationContent("A", "")))
    assert blocks[0].lines[0].kind == "added"
    # The template's order: 1, 2, the recommendations, 4.
    assert [block.section for block in blocks] == [
        "future",
        "priorities",
        "recommendations",
        "questions",
    ]
    assert blocks[2].status == "added"


# --- whose table ----------------------------------------------------------------------------


def test_a_members_table_is_where_they_sit_today(table: ThemeTable) -> None:
    assembly = table.assembly
    other_table = make_theme_table(assembly, number=5)
    user, _participant = make_table_member(table)
    assert rules.member_table(user, assembly) == table
    assert rules.can_edit_draft(user, table)
    assert not rules.can_edit_draft(user, other_table)


def test_without_a_session_today_the_latest_past_session_counts(assembly: Assembly) -> None:
    early, late = make_theme_table(assembly, number=1), make_theme_table(assembly, number=2)
    past = make_session(assembly, number=1, date=datetime.date(2025, 4, 9))
    later = make_session(assembly, number=2, date=datetime.date(2025, 4, 26))
    upcoming = make_session(assembly, number=3, date=datetime.date(2025, 5, 13))
    member = make_user_participant(assembly)
    SeatAssignment.objects.create(session=past, participant=member, theme_table=late)
    SeatAssignment.objects.create(session=later, participant=member, theme_table=early)
    SeatAssignment.objects.create(session=upcoming, participant=member, theme_table=late)
    with override_settings(DEMO_DATE=datetime.date(2025, 5, 1)):
        assert rules.current_session(assembly) == later
        assert rules.member_table(member.user, assembly) == early  # type: ignore[arg-type]
    with override_settings(DEMO_DATE=datetime.date(2025, 5, 13)):
        assert rules.current_session(assembly) == upcoming
    with override_settings(DEMO_DATE=datetime.date(2025, 1, 1)):
        assert rules.current_session(assembly) == past  # the first upcoming


def test_the_secretariat_edits_every_table_but_not_a_final_draft(table: ThemeTable) -> None:
    user = make_secretariat(table.assembly)
    draft = make_draft(table)
    assert rules.can_edit_draft(user, table, draft)
    draft.is_final = True
    assert not rules.can_edit_draft(user, table, draft)
    assert rules.can_finalize_draft(user, table)


def test_a_politician_or_a_member_elsewhere_cannot_edit(table: ThemeTable) -> None:
    politician = make_user_participant(table.assembly, Role.POLITICIAN)
    SeatAssignment.objects.create(
        session=make_session(table.assembly), participant=politician, theme_table=table
    )
    assert not rules.can_edit_draft(politician.user, table)  # type: ignore[arg-type]


# --- the demo -------------------------------------------------------------------------------


def test_demo_drafts_are_idempotent(db: None) -> None:
    from borgersamling.assemblies.demo import load_demo

    assembly = load_demo()
    first = load_demo_drafts(assembly)
    assert len(first) == 6
    assert all(draft.version == 1 for draft in first)
    load_demo_drafts(assembly)
    assert DraftRevision.objects.filter(draft__theme_table__assembly=assembly).count() == 6
    themes = set(assembly.theme_tables.values_list("theme", flat=True))
    assert themes == set(DEMO_DRAFTS)


def test_factories_build_revisions(table: ThemeTable) -> None:
    draft = make_draft(table, revisions=3)
    assert draft.version == 3
    revision = make_revision(draft, future="x", recommendations=[("Ny", "tekst")])
    assert revision.number == 4
    assert Recommendation.objects.filter(draft=draft, removed_in__isnull=True).count() == 1
