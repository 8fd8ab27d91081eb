"""Which recommendations the follow-up shows, with which words, and the counts."""

from __future__ import annotations

import pytest

from borgersamling.followup import overview
from borgersamling.followup.models import CouncilResponse
from tests.deliberation.factories import make_revision
from tests.followup.factories import make_setup, respond

Status = CouncilResponse.Status
pytestmark = pytest.mark.django_db


def test_recommendations_come_from_the_current_revisions_in_the_tables_order() -> None:
    setup = make_setup()
    draft = setup.drafts[0]
    assert draft.current is not None
    first, second = draft.current.recommendations
    # The table swaps the order and rewords the first.
    make_revision(
        draft,
        recommendations=[second, {**first, "title": "Opsøgende besøg hos alle over 75"}],
    )
    items = overview.followed_recommendations(setup.assembly)
    assert [(item.label, item.title) for item in items] == [
        ("1.2", "Sundhed"),
        ("1.1", "Opsøgende besøg hos alle over 75"),
        ("2.1", "En indgang"),
    ]
    assert items[0].text == "Tæt på."


def test_a_removed_recommendation_is_left_out_unless_the_council_answered_it() -> None:
    setup = make_setup()
    draft = setup.drafts[0]
    assert draft.current is not None
    first, second = draft.current.recommendations
    answered = setup.recommendation(0, 1)
    respond(answered, Status.NOT_ADOPTED, reasons="No.")
    # Both are removed from the draft after the council answered the second one.
    make_revision(draft, recommendations=[])
    items = overview.followed_recommendations(setup.assembly)
    assert [item.label for item in items] == ["1.2", "2.1"]
    kept = items[0]
    assert kept.removed and kept.title == second["title"] and kept.status == Status.NOT_ADOPTED
    assert first["id"] not in {item.recommendation.pk for item in items}


def test_counts_per_status_out_of_all() -> None:
    setup = make_setup()
    respond(setup.recommendation(0, 0), Status.ADOPTED)
    respond(setup.recommendation(0, 1), Status.UNDER_CONSIDERATION)
    respond(setup.recommendation(0, 1), Status.ADOPTED)
    counts = {
        c.look.key: (c.count, c.total)
        for c in overview.status_counts(overview.followed_recommendations(setup.assembly))
    }
    assert counts == {
        "adopted": (2, 3),
        "adopted_in_part": (0, 3),
        "under_consideration": (0, 3),
        "not_adopted": (0, 3),
        "awaiting": (1, 3),
    }


def test_another_assemblys_recommendation_is_not_found() -> None:
    mine, theirs = make_setup(), make_setup()
    assert overview.find(mine.assembly, theirs.recommendation(0).pk) is None
    assert overview.find(theirs.assembly, theirs.recommendation(0).pk) is not None
