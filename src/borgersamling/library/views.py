"""The public library page: materials and data series, each series as an SVG chart with its
numbers in a table beside it."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from borgersamling.assemblies.views import get_assembly
from borgersamling.library.charts import Line, LineChart, line_chart
from borgersamling.library.models import DataSeries, Material


@dataclass(frozen=True)
class ChartedSeries:
    series: DataSeries
    chart: LineChart
    years: list[int]
    rows: list[tuple[str, list[float | None]]]


def chart_series(series: DataSeries) -> ChartedSeries:
    """Group a series' points into lines, lay them out, and tabulate them for the fallback."""
    by_line: dict[str, dict[int, float]] = {}
    for point in series.points.all():
        by_line.setdefault(point.line, {})[point.x] = point.y
    years = sorted({x for values in by_line.values() for x in values})
    chart = line_chart(
        [Line(label, sorted(values.items())) for label, values in by_line.items()],
    )
    rows = [(label, [values.get(year) for year in years]) for label, values in by_line.items()]
    return ChartedSeries(series, chart, years, rows)


def index(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = get_assembly(slug)
    materials = assembly.materials.select_related("session")
    return render(
        request,
        "library/index.html",
        {
            "assembly": assembly,
            "materials_by_kind": [
                (label, [m for m in materials if m.kind == kind])
                for kind, label in Material.Kind.choices
                if any(m.kind == kind for m in materials)
            ],
            "charts": [
                chart_series(series) for series in assembly.data_series.prefetch_related("points")
            ],
        },
    )
