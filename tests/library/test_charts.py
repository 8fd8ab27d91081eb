"""The chart geometry (pure) and the library page that draws it."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from borgersamling.assemblies.models import Assembly
from borgersamling.library.charts import Line, line_chart
from tests.assemblies.factories import make_material, make_series, make_session


def test_line_chart_maps_values_into_the_plot() -> None:
    chart = line_chart(
        [Line("up", [(2025, 100.0), (2035, 140.0)]), Line("down", [(2025, 100.0), (2035, 60.0)])],
        width=600,
        height=300,
        left=50,
        right=100,
        top=10,
        bottom=40,
    )
    up, down = chart.lines
    assert up.path == "M50,135 L500,10"
    assert down.path == "M50,135 L500,260"
    assert [t.label for t in chart.x_ticks] == ["2025", "2035"]
    assert chart.y_ticks[0].label == "60" and chart.y_ticks[-1].label == "140"
    assert up.colour != down.colour and up.dash != down.dash


def test_line_chart_keeps_end_labels_apart() -> None:
    chart = line_chart([Line("a", [(0, 1.0), (1, 5.0)]), Line("b", [(0, 1.0), (1, 5.01)])])
    first, second = sorted(line.label_y for line in chart.lines)
    assert second - first >= 14


def test_empty_chart() -> None:
    assert line_chart([]).lines == []


@pytest.mark.django_db
def test_library_page_draws_the_series_as_svg(client: Client, assembly: Assembly) -> None:
    make_series(
        assembly,
        {"0-5 år": {2025: 100.0, 2030: 95.5}, "80+ år": {2025: 100.0, 2030: 120.0}},
        title="Befolkningen",
        y_label="Indeks",
    )
    session = make_session(assembly, title="Første samling")
    make_material(
        assembly, title="Velfærden i Dragør", speaker="Kommunaldirektøren", session=session
    )
    response = client.get(reverse("library:index", args=[assembly.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    svg = re.search(r"<svg.*?</svg>", html, re.S)
    assert svg is not None
    assert 'role="img"' in svg.group()
    assert "<title" in svg.group() and "<desc" in svg.group()
    assert svg.group().count("<path") == 2
    assert "80+ år" in svg.group()
    # The table fallback carries every number, localised (Danish decimal comma).
    table = html[html.index("<table") : html.index("</table>")]
    assert "95,5" in table and "120" in table and "2030" in table
    assert "Velfærden i Dragør" in html and "Første samling" in html
    assert "Illustrative tal" not in html


@pytest.mark.django_db
def test_demo_chart_is_marked_illustrative(english_client: Client, demo: Assembly) -> None:
    html = english_client.get(reverse("library:index", args=[demo.slug])).content.decode()
    assert html.count("<path") == 6
    assert "Illustrative numbers." in html
    assert "Population" not in html  # content stays in the seed's language
    assert "Befolkningsudviklingen i aldersgrupper, 2025-2035" in html
