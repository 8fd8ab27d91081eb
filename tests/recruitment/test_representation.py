"""The representation report: the shares per criterion (municipality, sign-ups, assembly),
the headline numbers, and the chart drawn on the server for the web and for PDF."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from borgersamling.recruitment.models import Invitation, InvitationBatch, Recruitment, SignUp
from borgersamling.recruitment.representation import Headline, headline, representation
from borgersamling.recruitment.representation_chart import BarGroup, grouped_bar_chart
from tests.recruitment.factories import make_recruitment, make_signup


@pytest.fixture
def hand_made(db: None) -> Recruitment:
    """Køn 50/50 and alder 40/60 in the municipality; five sign-ups count (one more has
    withdrawn), two of them in the panel."""
    recruitment = make_recruitment(seats=2)
    Status = SignUp.Status
    for features, status in [
        ({"køn": "Kvinde", "alder": "ung"}, Status.CONFIRMED),
        ({"køn": "Kvinde", "alder": "gammel"}, Status.SELECTED),
        ({"køn": "Kvinde", "alder": "gammel"}, Status.POOL),
        ({"køn": "Mand", "alder": "gammel"}, Status.DECLINED),
        ({"køn": "Mand", "alder": "ung"}, Status.WITHDRAWN),
    ]:
        make_signup(recruitment, features, status=status)
    # Anonymised after the draw: no name, but its answers still count.
    make_signup(
        recruitment, {"køn": "Mand", "alder": "gammel"}, name="", anonymised_at=timezone.now()
    )
    return recruitment


def shares(recruitment: Recruitment) -> dict[tuple[str, str], tuple[object, ...]]:
    return {
        (feature.key, value.value): (value.municipality, value.signups, value.assembly)
        for feature in representation(recruitment).features
        for value in feature.values
    }


def test_the_shares_of_a_small_hand_made_case(hand_made: Recruitment) -> None:
    report = representation(hand_made)
    assert (report.signups, report.panel) == (5, 2)
    assert shares(hand_made) == {
        ("køn", "Kvinde"): (50.0, 60.0, 100.0),
        ("køn", "Mand"): (50.0, 40.0, 0.0),
        ("alder", "ung"): (40.0, 20.0, 50.0),
        ("alder", "gammel"): (60.0, 80.0, 50.0),
    }
    kvinde = report.features[0].values[0]
    assert (kvinde.signup_count, kvinde.assembly_count) == (3, 2)


def test_before_the_draw_the_assembly_has_no_shares(db: None) -> None:
    recruitment = make_recruitment(features=[("køn", [("Kvinde", "0.5"), ("Mand", "")])])
    make_signup(recruitment, {"køn": "Kvinde"})
    assert shares(recruitment) == {
        ("køn", "Kvinde"): (50.0, 100.0, None),
        ("køn", "Mand"): (None, 0.0, None),
    }


def test_the_headline_counts_rows_and_falls_back_to_the_stored_figures(
    hand_made: Recruitment,
) -> None:
    assembly = hand_made.assembly
    assembly.invitations_sent, assembly.sign_ups, assembly.seats = 11752, 240, 36
    assembly.save()
    assert headline(hand_made) == Headline(11752, 5, 2)
    batch = InvitationBatch.objects.create(recruitment=hand_made, method="everyone")
    for code in ("A1", "A2", "A3"):
        Invitation.objects.create(batch=batch, recruitment=hand_made, code=code)
    SignUp.objects.filter(recruitment=hand_made).delete()
    assert headline(hand_made) == Headline(3, 240, 36)


def test_the_public_page_has_an_accessible_chart_and_a_table_per_criterion(
    hand_made: Recruitment, client: Client
) -> None:
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get(
        reverse("recruitment:representation", kwargs={"slug": hand_made.assembly.slug})
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('role="img"') == 2
    assert html.count("<table>") == 2
    assert '<title id="representation-1-title">' in html
    assert re.search(r"<th scope=\"row\">Kvinde</th><td>50 %</td><td>60 %", html)
    for name in ("Municipality", "Sign-ups", "Assembly"):
        assert name in html
    assert "Borger 1" not in html  # names never


def test_the_chart_escapes_its_texts_and_labels_every_bar() -> None:
    svg = grouped_bar_chart(
        chart_id="c<1>",
        title="Køn & <b>alder</b>",
        description="d",
        series=["Kommune", "Tilmeldte", "Borgersamling"],
        groups=[BarGroup("Mand", (50.0, 46.0, 48.0)), BarGroup("<script>", (0.0, 0.4, None))],
    )
    assert "<b>" not in svg and "<script>" not in svg
    assert "&lt;script&gt;" in svg and "Køn &amp; &lt;b&gt;alder&lt;/b&gt;" in svg
    labels = re.findall(r'font-weight="700"[^>]*>(\d+%|–)</text>', svg)
    assert labels == ["50%", "46%", "48%", "0%", "0%", "–"]
    # A bar for every known value, each with a tooltip; no bar where the value is unknown.
    bars = re.findall(r"<title>([^<]*)</title></rect>", svg)
    assert bars == [
        "Kommune: 50%",
        "Tilmeldte: 46%",
        "Borgersamling: 48%",
        "Kommune: 0%",
        "Tilmeldte: 0%",
    ]
    assert svg.startswith("<svg") and svg.endswith("</svg>")


def test_the_chart_renders_in_a_pdf(tmp_path: Path) -> None:
    weasyprint = pytest.importorskip("weasyprint")
    series = ["Kommune", "Tilmeldte", "Borgersamling"]
    charts = [
        grouped_bar_chart(
            chart_id="koen",
            title="Lodtrækning – køn",
            description="Søjlediagram",
            series=series,
            groups=[
                BarGroup("Mand", (50.0, 46.0, 48.0)),
                BarGroup("Kvinde", (50.0, 54.0, 52.0)),
                BarGroup("Andet/ønsker ikke at oplyse", (0.0, 0.0, 0.0)),
            ],
        ),
        grouped_bar_chart(
            chart_id="alder",
            title="Lodtrækning – alder",
            description="Søjlediagram",
            series=series,
            groups=[
                BarGroup("15-24", (11.0, 1.0, 8.0)),
                BarGroup("25-39", (15.0, 9.0, 17.0)),
                BarGroup("40-59", (35.0, 32.0, 33.0)),
                BarGroup("60+", (39.0, 58.0, 42.0)),
            ],
        ),
    ]
    html = "<html><body><h1>Repræsentation</h1>" + "".join(charts) + "</body></html>"
    pdf = tmp_path / "representation.pdf"
    document = weasyprint.HTML(string=html).render()
    assert len(document.pages) >= 1
    document.write_pdf(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        for label in ("Kommune", "Tilmeldte", "50%", "58%", "60+"):
            assert label in text
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")],
            check=True,
        )
        assert (tmp_path / "p-1.png").stat().st_size > 5000
