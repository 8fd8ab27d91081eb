"""The demo's made-up council responses: recorded after the drafts, shown publicly, and
loaded only once however often the demo is loaded."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from borgersamling.assemblies.demo import load_demo
from borgersamling.followup import overview
from borgersamling.followup.demo import DEMO_RESPONSES, load_demo_followup
from borgersamling.followup.models import CouncilResponse
from borgersamling.followup.statuses import AWAITING
from tests.followup.factories import english

pytestmark = pytest.mark.django_db


def test_the_demo_records_its_responses_once() -> None:
    assembly = load_demo()
    recorded = load_demo_followup(assembly)
    assert len(recorded) == sum(len(entries) for entries in DEMO_RESPONSES.values())
    assert load_demo_followup(assembly) == []  # idempotent
    assert CouncilResponse.objects.count() == len(recorded)
    assert CouncilResponse.objects.filter(corrects__isnull=False).count() == 1
    statuses = {item.status for item in overview.followed_recommendations(assembly)}
    # Every kind of answer is shown, and some recommendations still await one.
    assert statuses == {*CouncilResponse.Status.values, AWAITING}


def test_the_demo_is_after_the_handover() -> None:
    assembly = load_demo()
    load_demo_followup(assembly)
    assert assembly.handover_date is not None
    for response in CouncilResponse.objects.all():
        assert response.decided_on > assembly.handover_date
        assert response.recorded_at.date() > response.decided_on


def test_the_demo_follow_up_page(client: Client) -> None:
    assembly = load_demo()
    load_demo_followup(assembly)
    html = english(client).get(reverse("followup:status", kwargs={"slug": assembly.slug}))
    text = html.content.decode()
    assert "Et åbent velfærdsbudget" in text and "Kommunalbestyrelsen" in text
    assert "4 of 7 recommendations have been answered." in text
