"""The public follow-up pages: every recommendation with its status (as a word and an icon,
not only a colour), the counts, the filters, each recommendation's history, and escaping."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from borgersamling.followup.models import CouncilResponse
from tests.followup.factories import Setup, english, make_setup, respond

Status = CouncilResponse.Status
pytestmark = pytest.mark.django_db


def status_url(setup: Setup, **query: str) -> str:
    url = reverse("followup:status", kwargs={"slug": setup.assembly.slug})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def item_html(html: str, pk: int) -> str:
    """The part of the status page about one recommendation."""
    marker = f'id="recommendation-{pk}">'
    assert marker in html, f"recommendation {pk} is not on the page"
    after = html.split(marker, 1)[1]
    return re.split(r'<li class="fu-item|</ol>', after, maxsplit=1)[0]


def shown(html: str) -> set[int]:
    """The recommendations (pks) listed on the status page."""
    return {int(pk) for pk in re.findall(r'class="fu-item[^"]*" id="recommendation-(\d+)"', html)}


def pks(setup: Setup, *positions: tuple[int, int]) -> set[int]:
    return {setup.recommendation(table, position).pk for table, position in positions}


@pytest.fixture
def answered() -> Setup:
    setup = make_setup()
    respond(
        setup.recommendation(0, 0),
        Status.UNDER_CONSIDERATION,
        committee="Økonomiudvalget",
        decided_on=datetime.date(2025, 9, 16),
        reasons="Taken up in the budget.",
    )
    respond(
        setup.recommendation(0, 0),
        Status.ADOPTED_IN_PART,
        committee="Kommunalbestyrelsen",
        decided_on=datetime.date(2025, 10, 9),
        reasons="The yearly overview, not the running one.",
        minutes_url="https://example.org/minutes/2025-10-09",
    )
    respond(setup.recommendation(1), Status.NOT_ADOPTED, reasons="Already exists.")
    return setup


def test_the_status_page_shows_every_recommendation_with_its_status_and_history(
    client: Client, answered: Setup
) -> None:
    html = english(client).get(status_url(answered)).content.decode()
    for title in ("Opsøgende besøg", "Sundhed", "En indgang"):
        assert title in html
    first = item_html(html, answered.recommendation(0, 0).pk)
    # The current status in words and with an icon, and the whole history.
    assert "fu-status-adopted-in-part" in first and "Adopted in part" in first
    assert '<span class="fu-icon" aria-hidden="true">◐</span>' in first
    assert "Under consideration" in first
    assert "Økonomiudvalget" in first and "Kommunalbestyrelsen" in first
    assert "Taken up in the budget." in first
    assert 'href="https://example.org/minutes/2025-10-09"' in first
    assert 'datetime="2025-09-16"' in first and 'datetime="2025-10-09"' in first
    assert first.index("Taken up in the budget.") < first.index("The yearly overview")
    second = item_html(html, answered.recommendation(0, 1).pk)
    assert "Awaiting an answer" in second and "The council has not answered yet." in second
    assert "Not adopted" in item_html(html, answered.recommendation(1).pk)


def test_the_counts_at_the_top(client: Client, answered: Setup) -> None:
    html = english(client).get(status_url(answered)).content.decode()
    assert "2 of 3 recommendations have been answered." in html
    for sentence in (
        "0 of 3 adopted",
        "1 of 3 adopted in part",
        "0 of 3 under consideration",
        "1 of 3 not adopted",
        "1 of 3 awaiting an answer",
    ):
        assert sentence in html


def test_the_page_links_its_atom_feed(client: Client, answered: Setup) -> None:
    html = client.get(status_url(answered)).content.decode()
    feed = reverse("followup:feed", kwargs={"slug": answered.assembly.slug})
    head = html.split("</head>")[0]
    # In <head>, where browsers and feed readers look for it.
    assert f'<link rel="alternate" type="application/atom+xml" href="{feed}"' in head


def test_filter_by_status(client: Client, answered: Setup) -> None:
    html = english(client).get(status_url(answered, status="not_adopted")).content.decode()
    assert shown(html) == pks(answered, (1, 0))
    assert "Showing 1 of 3 recommendations." in html
    # The counts stay those of all recommendations.
    assert "1 of 3 adopted in part" in html
    awaiting = client.get(status_url(answered, status="awaiting")).content.decode()
    assert shown(awaiting) == pks(answered, (0, 1))


def test_filter_by_theme_and_status_together(client: Client, answered: Setup) -> None:
    html = client.get(status_url(answered, theme="1")).content.decode()
    assert shown(html) == pks(answered, (0, 0), (0, 1))
    none = english(client).get(status_url(answered, theme="2", status="adopted")).content.decode()
    assert shown(none) == set()
    assert "No recommendations match the filter." in none


def test_an_unknown_filter_value_is_ignored(client: Client, answered: Setup) -> None:
    response = client.get(status_url(answered, status="<b>x</b>", theme="99"))
    assert response.status_code == 200
    html = response.content.decode()
    assert shown(html) == pks(answered, (0, 0), (0, 1), (1, 0))
    assert "<b>x</b>" not in html


def test_the_recommendation_page_shows_its_text_and_history(
    client: Client, answered: Setup
) -> None:
    recommendation = answered.recommendation(0, 0)
    url = reverse(
        "followup:recommendation",
        kwargs={"slug": answered.assembly.slug, "pk": recommendation.pk},
    )
    html = english(client).get(url).content.decode()
    assert "1.1" in html and "Opsøgende besøg" in html and "Besøg hos ældre." in html
    assert "Adopted in part" in html and "Under consideration" in html
    assert "The yearly overview, not the running one." in html


def test_the_recommendation_page_is_only_for_this_assemblys_recommendations(
    client: Client, answered: Setup
) -> None:
    other = make_setup()
    url = reverse(
        "followup:recommendation",
        kwargs={"slug": answered.assembly.slug, "pk": other.recommendation(0).pk},
    )
    assert client.get(url).status_code == 404


def test_a_correction_is_shown_beside_the_entry_it_corrects(client: Client) -> None:
    setup = make_setup()
    recommendation = setup.recommendation(0)
    respond(recommendation, Status.ADOPTED, decided_on=datetime.date(2025, 11, 14))
    respond(
        recommendation,
        Status.ADOPTED,
        decided_on=datetime.date(2025, 11, 4),
        reasons="The meeting was on the 4th.",
        corrects_current=True,
    )
    html = item_html(english(client).get(status_url(setup)).content.decode(), recommendation.pk)
    assert "Corrected by a later entry." in html
    assert "Correction of the entry “Adopted” of" in html


def test_the_secretariats_text_is_escaped(client: Client) -> None:
    setup = make_setup(
        themes=(("Tema <i>1</i>", (("<script>alert(1)</script>", "Tekst <b>fed</b>"),)),)
    )
    recommendation = setup.recommendation(0)
    respond(
        recommendation,
        Status.NOT_ADOPTED,
        committee="<em>Udvalget</em>",
        reasons='<img src=x onerror="alert(2)">',
    )
    for url in (
        status_url(setup),
        reverse(
            "followup:recommendation",
            kwargs={"slug": setup.assembly.slug, "pk": recommendation.pk},
        ),
    ):
        html = client.get(url).content.decode()
        assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
        assert "<img src=x" not in html and "&lt;img src=x" in html
        assert "<em>Udvalget" not in html and "<i>1</i>" not in html


def test_the_page_speaks_danish_by_default(client: Client, answered: Setup) -> None:
    html = client.get(status_url(answered)).content.decode()
    assert '<html lang="da">' in html
