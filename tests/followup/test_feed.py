"""The change feed: valid Atom, one entry per council response, newest first, each with its
own id, link, dates and an escaped summary; public, in the site's language."""

from __future__ import annotations

import datetime
import html as html_lib
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from borgersamling.followup.models import CouncilResponse
from tests.followup.factories import Setup, english, make_setup, respond

Status = CouncilResponse.Status
ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
pytestmark = pytest.mark.django_db


def at(day: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2025, 10, day, 10, 0))


def feed_url(setup: Setup) -> str:
    return reverse("followup:feed", kwargs={"slug": setup.assembly.slug})


def parse(client: Client, setup: Setup) -> ET.Element:
    response = client.get(feed_url(setup))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


@pytest.fixture
def setup() -> Setup:
    setup = make_setup()
    respond(
        setup.recommendation(0, 0),
        Status.UNDER_CONSIDERATION,
        committee="Økonomiudvalget",
        reasons="On the agenda.",
        recorded_at=at(1),
    )
    respond(setup.recommendation(1), Status.NOT_ADOPTED, reasons="Exists.", recorded_at=at(3))
    respond(
        setup.recommendation(0, 0),
        Status.ADOPTED_IN_PART,
        committee="Kommunalbestyrelsen",
        reasons="The yearly overview.",
        minutes_url="https://example.org/m",
        recorded_at=at(5),
    )
    return setup


def test_the_feed_is_atom_with_one_entry_per_response_newest_first(
    client: Client, setup: Setup
) -> None:
    feed = parse(english(client), setup)
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}id")
    updated_at = datetime.datetime.fromisoformat(feed.findtext(f"{ATOM}updated", ""))
    assert updated_at == at(5)  # the newest entry
    self_link = feed.find(f"{ATOM}link[@rel='self']")
    assert self_link is not None and self_link.get("href", "").endswith(feed_url(setup))
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == [
        "1.1 Opsøgende besøg: adopted in part",
        "2.1 En indgang: not adopted",
        "1.1 Opsøgende besøg: under consideration",
    ]
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert all(ids) and len(set(ids)) == 3
    updated = [
        datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}updated", "")) for entry in entries
    ]
    assert updated == [at(5), at(3), at(1)]
    assert all(entry.findtext(f"{ATOM}published") for entry in entries)


def test_each_entry_links_to_its_place_on_the_recommendations_page(
    client: Client, setup: Setup
) -> None:
    newest = parse(client, setup).findall(f"{ATOM}entry")[0]
    link = newest.find(f"{ATOM}link")
    assert link is not None
    response = CouncilResponse.objects.order_by("-recorded_at").first()
    assert response is not None
    page = reverse(
        "followup:recommendation",
        kwargs={"slug": setup.assembly.slug, "pk": response.recommendation_id},
    )
    assert link.get("href", "").endswith(f"{page}#response-{response.pk}")
    assert client.get(page).content.decode().count(f'id="response-{response.pk}"') == 1


def test_the_summary_holds_the_committee_and_the_reasons(client: Client, setup: Setup) -> None:
    newest = parse(english(client), setup).findall(f"{ATOM}entry")[0]
    summary = newest.find(f"{ATOM}summary")
    assert summary is not None and summary.get("type") == "html"
    text = summary.text or ""
    assert "Kommunalbestyrelsen" in text and "The yearly overview." in text
    assert 'href="https://example.org/m"' in text


def test_the_feed_is_danish_by_default(client: Client, setup: Setup) -> None:
    assert parse(client, setup).get(XML_LANG) == "da"
    assert parse(english(client), setup).get(XML_LANG) == "en"


def test_a_correction_says_so_in_the_title(client: Client) -> None:
    setup = make_setup()
    respond(setup.recommendation(0), Status.ADOPTED, recorded_at=at(1))
    respond(setup.recommendation(0), Status.ADOPTED, corrects_current=True, recorded_at=at(2))
    titles = [
        e.findtext(f"{ATOM}title") for e in parse(english(client), setup).findall(f"{ATOM}entry")
    ]
    assert titles == ["1.1 Opsøgende besøg: adopted (correction)", "1.1 Opsøgende besøg: adopted"]


def test_an_empty_feed_is_still_valid(client: Client) -> None:
    setup = make_setup()
    feed = parse(client, setup)
    assert feed.findall(f"{ATOM}entry") == [] and feed.findtext(f"{ATOM}updated")


def test_text_is_escaped_for_xml_and_for_html(client: Client) -> None:
    setup = make_setup(themes=(("Tema", (("<b>Fed</b> & co", "Tekst"),)),))
    respond(
        setup.recommendation(0),
        Status.NOT_ADOPTED,
        committee="<em>Udvalget</em>",
        reasons='<script>alert(1)</script>\nLinje "to"',
    )
    raw = client.get(feed_url(setup)).content.decode()
    assert "<script>" not in raw and "<b>Fed" not in raw
    entry = ET.fromstring(raw).findall(f"{ATOM}entry")[0]
    # The title is plain text: the reader shows it exactly as written.
    assert (entry.findtext(f"{ATOM}title") or "").startswith("1.1 <b>Fed</b> & co: ")
    # The summary is HTML: the secretariat's text is escaped inside it.
    summary = entry.findtext(f"{ATOM}summary") or ""
    assert "<script>" not in summary and "&lt;script&gt;alert(1)&lt;/script&gt;" in summary
    assert "<em>" not in summary and "&lt;em&gt;Udvalget&lt;/em&gt;" in summary
    assert "<br>" in summary  # line breaks kept
    assert html_lib.unescape(summary).count("<script>") == 1  # escaped exactly once


def test_another_assemblys_responses_are_not_in_the_feed(client: Client, setup: Setup) -> None:
    other = make_setup()
    respond(other.recommendation(0), Status.ADOPTED)
    assert len(parse(client, other).findall(f"{ATOM}entry")) == 1
    assert len(parse(client, setup).findall(f"{ATOM}entry")) == 3


def test_an_unknown_assembly_has_no_feed(client: Client) -> None:
    assert client.get("/assemblies/nowhere/follow-up/feed/").status_code == 404
