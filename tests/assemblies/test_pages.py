"""Every public page answers in Danish (the default) and in English (by the switch), shows its
key content, and shows nothing about the people in the assembly."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from borgersamling.accounts.models import Participant, Role
from borgersamling.assemblies.models import Assembly, Program
from tests.assemblies.factories import make_program_item, make_session, make_theme_table

pytestmark = pytest.mark.django_db


def _page(client: Client, url: str, **headers: str) -> str:
    response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    return response.content.decode()


def public_urls(assembly: Assembly) -> dict[str, str]:
    slug = assembly.slug
    return {
        "root": reverse("assemblies:root"),
        "home": reverse("assemblies:home", args=[slug]),
        "session": reverse("assemblies:session", args=[slug, 3]),
        "values": reverse("assemblies:values", args=[slug]),
        "abx": reverse("assemblies:abx", args=[slug]),
        "library": reverse("library:index", args=[slug]),
    }


# (page, Danish words from the interface, English words for the same places)
INTERFACE = [
    ("home", ["Kerneopgave og arbejdsspørgsmål", "Åbne", "Lukke", "Hvad sker der herefter"],
     ["Core task and working questions", "Open", "Close", "What happens next"]),
    ("session", ["Medlemmernes program", "Gæsternes program", "Formål"],
     ["Members&#x27; program", "Guests&#x27; program", "Purpose"]),
    ("values", ["Borgersamlingens værdier"], ["The assembly's values"]),
    ("abx", ["Fordele", "Ulemper", "Velfærdstendenser"],
     ["Strengths", "Challenges", "Welfare trends"]),
    ("library", ["Materialesamling", "Illustrative tal", "Vis tallene som tabel"],
     ["Knowledge library", "Illustrative numbers", "Show the numbers as a table"]),
]  # fmt: skip


@pytest.mark.parametrize(("page", "danish", "english"), INTERFACE)
def test_page_in_danish_by_default(
    client: Client, demo: Assembly, page: str, danish: list[str], english: list[str]
) -> None:
    html = _page(client, public_urls(demo)[page])
    assert '<html lang="da">' in html
    for text in danish:
        assert text in html


@pytest.mark.parametrize(("page", "danish", "english"), INTERFACE)
def test_page_in_english_by_the_switch(
    english_client: Client, demo: Assembly, page: str, danish: list[str], english: list[str]
) -> None:
    html = _page(english_client, public_urls(demo)[page])
    assert '<html lang="en">' in html
    for text in english:
        assert text in html


def test_browser_language_does_not_override_danish(client: Client, demo: Assembly) -> None:
    # Danish first: an English browser still gets Danish until the visitor uses the switch.
    html = _page(client, public_urls(demo)["home"], accept_language="en")
    assert "onsdag 9. april 2025" in html
    assert "The sessions" not in html


def test_english_dates_after_the_switch(english_client: Client, demo: Assembly) -> None:
    html = _page(english_client, public_urls(demo)["home"])
    assert "The sessions" in html
    assert "Wednesday 9 April 2025" in html or "Wednesday April 9, 2025" in html


def test_times_are_written_the_danish_way(client: Client, demo: Assembly) -> None:
    html = _page(client, f"/assemblies/{demo.slug}/sessions/3/")
    assert ">17.00" in html
    assert ">17:00" not in html


def test_home_shows_task_questions_timeline_and_handover(client: Client, demo: Assembly) -> None:
    html = _page(client, "/")
    assert "Vi har brug for din hjælp til at prioritere og balancere fremtidens velfærd" in html
    assert "bevarer vores stærke lokalsamfund?" in html
    for date in ["9. april 2025", "26. april 2025", "13. maj 2025", "24. maj 2025", "17. juni"]:
        assert date in html
    assert "lørdag 26. april 2025" in html
    assert html.count('class="timeline-item') == 5
    assert "Partnerskaber og ressourcer" in html
    assert "overleveres til Dragør Kommunalbestyrelse den 28. august 2025" in html
    assert "11.752" in html
    assert "Ulf Hjelmar" in html


def test_root_is_the_first_assemblys_home(client: Client, demo: Assembly) -> None:
    def main(html: str) -> str:
        return html[html.index("<main") :]

    assert main(_page(client, "/")) == main(_page(client, demo.get_absolute_url()))


def test_root_without_an_assembly(client: Client, db: None) -> None:
    html = _page(client, "/")
    assert "Ingen borgersamling endnu" in html


def test_open_session_page_shows_both_programs(client: Client, demo: Assembly) -> None:
    html = _page(client, public_urls(demo)["session"])
    members = html.index('id="program-members"')
    guests = html.index('id="program-guests"')
    assert "17.00–21.00" in html[members:guests]
    assert "18.00–19.30" in html[guests:]
    assert "Fiskebowl" in html[members:guests]
    assert "Sig hej ved bordene – og giv input til temaer" in html[guests:]
    assert "Ved: Johan" in html
    assert "Hvem er i rummet?" in html
    assert "tirsdag 13. maj 2025" in html


def test_session_page_without_program(client: Client, demo: Assembly) -> None:
    html = _page(client, reverse("assemblies:session", args=[demo.slug, 4]))
    assert "Rådhuset" in html
    assert "10.00–16.00" in html
    assert "nye grupper" in html
    assert "Programmet for denne samling er endnu ikke offentliggjort." in html


def test_unknown_session_and_assembly_are_404(client: Client, demo: Assembly) -> None:
    assert client.get(reverse("assemblies:session", args=[demo.slug, 99])).status_code == 404
    assert client.get(reverse("assemblies:home", args=["nowhere"])).status_code == 404


def test_values_and_abx_show_the_frame(client: Client, demo: Assembly) -> None:
    values = _page(client, public_urls(demo)["values"])
    for title in ["Omsorgsfuld", "Tænk nyt!", "Medejerskab"]:
        assert title in values
    abx = _page(client, public_urls(demo)["abx"])
    assert "Nærhed og lokalsamfund" in abx
    assert "Mangel på personale skaber pres på velfærden" in abx
    assert "kommer senere" in abx
    assert "Den danske velfærdsmodel er under forandring" in abx


def test_a_built_program_is_shown_in_order(client: Client, assembly: Assembly) -> None:
    session = make_session(assembly, number=1, title="Kickoff")
    make_program_item(session, start=datetime.time(19), title="Second", order=2)
    make_program_item(session, start=datetime.time(18), title="First", order=1, led_by="Ada")
    make_program_item(
        session, program=Program.GUESTS, start=datetime.time(18, 30), title="Guests arrive"
    )
    make_theme_table(assembly, theme="Mobility")
    html = _page(client, session.get_absolute_url())
    assert html.index("First") < html.index("Second") < html.index("Guests arrive")
    assert "Mobility" in _page(client, assembly.get_absolute_url())


def test_no_personal_data_on_public_pages(client: Client, demo: Assembly) -> None:
    """Members, guests and their contact details exist, but no public page shows them."""
    people = [
        Participant.objects.create(
            assembly=demo,
            role=role,
            name=f"Karen Testesen {role}",
            email=f"karen.{role}@example.org",
            phone="+45 12 34 56 78",
        )
        for role in (Role.MEMBER, Role.GUEST)
    ]
    for url in public_urls(demo).values():
        html = _page(client, url)
        for person in people:
            assert person.name not in html, url
            assert person.email not in html, url
        assert "+45 12 34 56 78" not in html
        assert "@" not in html.replace("@media", ""), url


def test_every_page_offers_the_way_to_log_in(client: Client, demo: Assembly) -> None:
    html = _page(client, public_urls(demo)["home"])
    assert 'href="/login/">Log ind</a>' in html


def test_navigation_offers_only_the_pages_the_visitor_may_open(
    client: Client, demo: Assembly
) -> None:
    from tests.accounts.factories import make_member, make_secretariat

    home = public_urls(demo)["home"]
    anonymous = _page(client, home)
    assert "Min side" not in anonymous and "Sekretariat</a>" not in anonymous

    client.force_login(make_member(demo))
    member = _page(client, home)
    assert f'href="/assemblies/{demo.slug}/me/">Min side</a>' in member
    assert "Sekretariat</a>" not in member

    client.force_login(make_secretariat(demo))
    secretariat = _page(client, home)
    assert f'href="/assemblies/{demo.slug}/secretariat/">Sekretariat</a>' in secretariat
