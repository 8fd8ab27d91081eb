"""Recording the council's responses: entries are only added, the latest is the status, a
correction names what it corrects, and a stale form writes nothing."""

from __future__ import annotations

import datetime

import pytest

from borgersamling.followup import overview, services
from borgersamling.followup.models import CouncilResponse, ResponseIsFinal
from borgersamling.followup.statuses import AWAITING
from tests.followup.factories import make_setup, respond

Status = CouncilResponse.Status
pytestmark = pytest.mark.django_db


def test_without_an_entry_a_recommendation_is_awaiting_an_answer() -> None:
    setup = make_setup()
    items = overview.followed_recommendations(setup.assembly)
    assert [item.status for item in items] == [AWAITING, AWAITING, AWAITING]
    assert all(item.current is None and item.history == [] for item in items)


def test_each_response_is_a_new_entry_and_the_latest_wins() -> None:
    setup = make_setup()
    recommendation = setup.recommendation(0)
    first = respond(recommendation, Status.UNDER_CONSIDERATION, reasons="Sent to the committee.")
    second = respond(
        recommendation,
        Status.ADOPTED_IN_PART,
        reasons="Only the first half.",
        decided_on=datetime.date(2025, 11, 5),
        minutes_url="https://example.org/minutes",
    )
    assert (first.number, second.number) == (1, 2)
    first.refresh_from_db()
    assert first.status == Status.UNDER_CONSIDERATION  # the earlier entry is untouched
    item = overview.find(setup.assembly, recommendation.pk)
    assert item is not None
    assert item.status == Status.ADOPTED_IN_PART
    assert [entry.response for entry in item.history] == [first, second]
    assert [entry.is_current for entry in item.history] == [False, True]


def test_a_correction_names_the_entry_it_corrects_and_becomes_the_status() -> None:
    setup = make_setup()
    recommendation = setup.recommendation(0)
    wrong = respond(recommendation, Status.NOT_ADOPTED, reasons="Too expensive.")
    fixed = respond(
        recommendation, Status.ADOPTED, reasons="Adopted after all.", corrects_current=True
    )
    assert fixed.corrects == wrong
    item = overview.find(setup.assembly, recommendation.pk)
    assert item is not None and item.status == Status.ADOPTED
    old, new = item.history
    assert old.corrected_by == fixed and old.corrects is None
    assert new.corrects == wrong and new.corrected_by is None
    assert CouncilResponse.objects.count() == 2  # nothing was overwritten


def test_an_entry_cannot_be_edited_in_place() -> None:
    response = respond(make_setup().recommendation(0))
    response.status = Status.NOT_ADOPTED
    with pytest.raises(ResponseIsFinal):
        response.save()
    response.refresh_from_db()
    assert response.status == Status.ADOPTED


def test_a_stale_form_writes_nothing() -> None:
    recommendation = make_setup().recommendation(0)
    respond(recommendation, seen=0)
    with pytest.raises(services.FollowUpError) as refused:
        respond(recommendation, Status.NOT_ADOPTED, reasons="x", seen=0)
    assert refused.value.code == "stale"
    assert CouncilResponse.objects.count() == 1


def test_there_is_nothing_to_correct_before_the_first_entry() -> None:
    with pytest.raises(services.FollowUpError) as refused:
        respond(make_setup().recommendation(0), corrects_current=True)
    assert refused.value.code == "nothing-to-correct"
    assert not CouncilResponse.objects.exists()


def test_entries_are_numbered_per_recommendation() -> None:
    setup = make_setup()
    a, b = setup.recommendation(0, 0), setup.recommendation(0, 1)
    respond(a)
    assert respond(b).number == 1
    assert respond(a).number == 2


@pytest.mark.parametrize(
    ("status", "days_ahead", "refused"),
    [
        (Status.ADOPTED, 1, True),
        (Status.NOT_ADOPTED, 30, True),
        (Status.ADOPTED_IN_PART, 0, False),
        (Status.ADOPTED, -3, False),
        (Status.UNDER_CONSIDERATION, 30, False),  # the meeting that will treat it
    ],
)
def test_only_a_meeting_to_come_may_be_dated_in_the_future(
    status: str, days_ahead: int, refused: bool
) -> None:
    today = datetime.date(2025, 10, 1)
    day = today + datetime.timedelta(days=days_ahead)
    assert services.date_is_in_the_future(status, day, today) is refused


def test_text_is_stored_with_one_kind_of_line_end() -> None:
    response = respond(
        make_setup().recommendation(0), reasons="  One.\r\nTwo.\r\n", committee=" Udvalget "
    )
    assert response.reasons == "One.\nTwo."
    assert response.committee == "Udvalget"


def test_an_assembly_with_corrections_can_still_be_deleted() -> None:
    setup = make_setup()
    respond(setup.recommendation(0))
    respond(setup.recommendation(0), corrects_current=True)
    setup.assembly.delete()
    assert not CouncilResponse.objects.exists()
