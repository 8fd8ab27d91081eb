"""The secretariat records the council's responses; nobody else can, and a form with
mistakes says what is wrong at the field and saves nothing."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from borgersamling.accounts.models import Role
from borgersamling.followup.models import CouncilResponse
from borgersamling.site import clock
from tests.accounts.factories import make_member, make_secretariat
from tests.followup.factories import Setup, english, make_setup, respond

Status = CouncilResponse.Status
pytestmark = pytest.mark.django_db


def record_url(setup: Setup, table: int = 0, position: int = 0) -> str:
    pk = setup.recommendation(table, position).pk
    return reverse("followup:record", kwargs={"slug": setup.assembly.slug, "pk": pk})


def manage_url(setup: Setup) -> str:
    return reverse("followup:manage", kwargs={"slug": setup.assembly.slug})


def form(**fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "status": Status.ADOPTED_IN_PART,
        "reasons": "Only the first half.",
        "committee": "Social- og Sundhedsudvalget",
        "decided_on": "2025-10-09",
        "minutes_url": "https://example.org/minutes",
        "seen": "0",
    }
    return data | fields


@pytest.fixture
def setup() -> Setup:
    return make_setup()


@pytest.fixture
def secretariat(client: Client, setup: Setup) -> Client:
    client.force_login(make_secretariat(setup.assembly))
    return english(client)


def test_the_overview_lists_every_recommendation_with_its_status(
    secretariat: Client, setup: Setup
) -> None:
    respond(setup.recommendation(1), Status.NOT_ADOPTED, reasons="No.")
    html = secretariat.get(manage_url(setup)).content.decode()
    for label, title in (("1.1", "Opsøgende besøg"), ("1.2", "Sundhed"), ("2.1", "En indgang")):
        assert f"<td>{label}</td>" in html and title in html
    assert "1. Forebyggelse" in html and "2. Frivillighed" in html
    assert html.count("Awaiting an answer") >= 2 and "Not adopted" in html
    assert record_url(setup, 1) in html


def test_recording_a_response_publishes_it(secretariat: Client, setup: Setup) -> None:
    response = secretariat.post(record_url(setup), form())
    assert response.status_code == 302
    assert response["Location"].startswith(manage_url(setup))
    entry = CouncilResponse.objects.get()
    assert entry.recommendation == setup.recommendation(0)
    assert (entry.status, entry.committee, entry.decided_on) == (
        Status.ADOPTED_IN_PART,
        "Social- og Sundhedsudvalget",
        datetime.date(2025, 10, 9),
    )
    assert entry.recorded_by is not None and entry.number == 1
    public = secretariat.get(reverse("followup:status", kwargs={"slug": setup.assembly.slug}))
    assert "Only the first half." in public.content.decode()


def test_the_record_page_shows_the_history_and_keeps_it(secretariat: Client, setup: Setup) -> None:
    secretariat.post(record_url(setup), form(status=Status.UNDER_CONSIDERATION, reasons="Soon."))
    page = secretariat.get(record_url(setup)).content.decode()
    assert "Soon." in page and 'name="seen" value="1"' in page
    # The committee of the last entry is suggested for the next one.
    assert 'value="Social- og Sundhedsudvalget"' in page
    secretariat.post(record_url(setup), form(seen="1", reasons="Half of it."))
    page = secretariat.get(record_url(setup)).content.decode()
    assert "Soon." in page and "Half of it." in page
    assert list(CouncilResponse.objects.values_list("number", "status")) == [
        (1, Status.UNDER_CONSIDERATION),
        (2, Status.ADOPTED_IN_PART),
    ]


def test_a_correction_through_the_form(secretariat: Client, setup: Setup) -> None:
    first = secretariat.get(record_url(setup)).content.decode()
    assert 'name="corrects_current"' not in first  # nothing to correct yet
    secretariat.post(record_url(setup), form(status=Status.NOT_ADOPTED, reasons="No."))
    page = secretariat.get(record_url(setup)).content.decode()
    assert 'name="corrects_current"' in page
    secretariat.post(
        record_url(setup), form(status=Status.ADOPTED, seen="1", corrects_current="on")
    )
    wrong, fixed = CouncilResponse.objects.order_by("number")
    assert fixed.corrects == wrong


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"committee": ""}, "committee", "This field is required."),
        ({"status": ""}, "status", "This field is required."),
        ({"status": "maybe"}, "status", "Select a valid choice."),
        (
            {"status": Status.NOT_ADOPTED, "reasons": "  "},
            "reasons",
            "Give the council&#x27;s reasons",
        ),
        ({"decided_on": "9 October"}, "decided_on", "Enter a valid date."),
        ({"minutes_url": "javascript:alert(1)"}, "minutes_url", "Enter a valid URL."),
        ({"minutes_url": "ftp://example.org/x"}, "minutes_url", "starting with https://"),
    ],
)
def test_errors_are_shown_at_the_field_and_nothing_is_saved(
    secretariat: Client, setup: Setup, fields: dict[str, str], field: str, message: str
) -> None:
    response = secretariat.post(record_url(setup), form(**fields))
    assert response.status_code == 400
    html = response.content.decode()
    error_list = html.split(f'id="id_{field}_error"', 1)[1].split("</ul>", 1)[0]
    assert message in error_list
    assert f'aria-describedby="id_{field}_helptext id_{field}_error"' in html or (
        f'aria-describedby="id_{field}_error"' in html
    )
    assert not CouncilResponse.objects.exists()


def test_a_decision_cannot_be_dated_in_the_future(secretariat: Client, setup: Setup) -> None:
    tomorrow = (clock.today() + datetime.timedelta(days=1)).isoformat()
    response = secretariat.post(record_url(setup), form(decided_on=tomorrow))
    assert response.status_code == 400
    assert "The date is in the future." in response.content.decode()
    assert not CouncilResponse.objects.exists()
    # ... but the meeting that will treat it can be.
    later = secretariat.post(
        record_url(setup), form(status=Status.UNDER_CONSIDERATION, decided_on=tomorrow)
    )
    assert later.status_code == 302
    assert CouncilResponse.objects.get().decided_on.isoformat() == tomorrow


def test_a_colleagues_entry_in_the_meantime_is_not_overwritten(
    secretariat: Client, setup: Setup
) -> None:
    respond(setup.recommendation(0), Status.UNDER_CONSIDERATION, reasons="Colleague's entry.")
    response = secretariat.post(
        record_url(setup), form(seen="0", corrects_current="on", status=Status.ADOPTED)
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Someone recorded a response to this recommendation in the meantime." in html
    assert "Colleague&#x27;s entry." in html
    assert 'name="seen" value="1"' in html  # saving again saves against what is shown
    assert CouncilResponse.objects.count() == 1


@pytest.mark.parametrize("role", [Role.MEMBER, Role.POLITICIAN])
def test_only_the_secretariat_records(client: Client, setup: Setup, role: str) -> None:
    client.force_login(make_member(setup.assembly, role))
    assert client.get(manage_url(setup)).status_code == 403
    assert client.post(record_url(setup), form()).status_code == 403
    assert not CouncilResponse.objects.exists()


def test_the_secretariat_of_another_assembly_cannot_record(client: Client, setup: Setup) -> None:
    other = make_setup()
    client.force_login(make_secretariat(other.assembly))
    assert client.post(record_url(setup), form()).status_code == 403
    assert not CouncilResponse.objects.exists()


def test_visitors_are_sent_to_the_login(client: Client, setup: Setup) -> None:
    response = client.post(record_url(setup), form())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert not CouncilResponse.objects.exists()


def test_the_record_page_is_only_for_this_assemblys_recommendations(
    secretariat: Client, setup: Setup
) -> None:
    other = make_setup()
    url = reverse(
        "followup:record", kwargs={"slug": setup.assembly.slug, "pk": other.recommendation(0).pk}
    )
    assert secretariat.get(url).status_code == 404
    assert secretariat.post(url, form()).status_code == 404
