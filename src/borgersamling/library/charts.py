"""Geometry of a server-side line chart: plain numbers in, SVG coordinates out.

The template draws the SVG; this module only decides where things go, so it can be tested
without rendering. Lines differ by colour *and* by dash pattern and marker, so the chart stays
readable in grey scale, on a washed-out projector and for colour-blind readers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

# Colours with at least 3:1 contrast against white (WCAG 1.4.11 for graphics).
PALETTE = ("#1f5f8b", "#b3412f", "#2f7d3a", "#6b4c9a", "#8a6100", "#333333")
DASHES = ("", "8 4", "2 4", "12 4 2 4", "4 4", "14 3 3 3 3 3")


@dataclass(frozen=True)
class Line:
    label: str
    points: Sequence[tuple[float, float]]


@dataclass(frozen=True)
class Tick:
    value: float
    position: float
    label: str


@dataclass
class DrawnLine:
    label: str
    colour: str
    dash: str
    path: str
    markers: list[tuple[float, float]]
    end_x: float
    end_y: float
    label_y: float


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    lines: list[DrawnLine]

    @property
    def plot_right(self) -> int:
        return self.width - self.right

    @property
    def plot_bottom(self) -> int:
        return self.height - self.bottom


def _nice_step(span: float, target_ticks: int) -> float:
    raw = span / max(target_ticks, 1)
    magnitude = float(10 ** math.floor(math.log10(raw)))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def _number(value: float) -> str:
    return f"{value:g}"


def line_chart(
    lines: Sequence[Line],
    *,
    width: int = 720,
    height: int = 400,
    left: int = 48,
    right: int = 96,
    top: int = 16,
    bottom: int = 36,
) -> LineChart:
    """Lay out ``lines`` (x, y pairs) in a ``width`` x ``height`` box. The right margin holds a
    label at the end of every line, so the reader needs no legend lookup."""
    xs = [x for line in lines for x, _ in line.points]
    ys = [y for line in lines for _, y in line.points]
    if not xs:
        return LineChart(width, height, left, right, top, bottom, [], [], [])
    x_min, x_max = min(xs), max(xs)
    y_step = _nice_step(max(ys) - min(ys) or 1.0, 6)
    y_min = math.floor(min(ys) / y_step) * y_step
    y_max = math.ceil(max(ys) / y_step) * y_step
    if y_max == y_min:
        y_max = y_min + y_step
    plot_w = width - left - right
    plot_h = height - top - bottom

    def sx(x: float) -> float:
        return round(left + (x - x_min) / ((x_max - x_min) or 1) * plot_w, 1)

    def sy(y: float) -> float:
        return round(top + (y_max - y) / (y_max - y_min) * plot_h, 1)

    y_ticks = []
    steps = round((y_max - y_min) / y_step)
    for i in range(steps + 1):
        value = y_min + i * y_step
        y_ticks.append(Tick(value, sy(value), _number(value)))
    x_ticks = [Tick(x, sx(x), _number(x)) for x in sorted(set(xs))]

    drawn = []
    for index, line in enumerate(lines):
        points = sorted(line.points)
        coords = [(sx(x), sy(y)) for x, y in points]
        path = " ".join(
            f"{'M' if i == 0 else 'L'}{cx:g},{cy:g}" for i, (cx, cy) in enumerate(coords)
        )
        end_x, end_y = coords[-1] if coords else (left, top)
        drawn.append(
            DrawnLine(
                label=line.label,
                colour=PALETTE[index % len(PALETTE)],
                dash=DASHES[index % len(DASHES)],
                path=path,
                markers=coords,
                end_x=end_x,
                end_y=end_y,
                label_y=end_y,
            )
        )
    _spread_labels(drawn, min_gap=14)
    return LineChart(width, height, left, right, top, bottom, x_ticks, y_ticks, drawn)


def _spread_labels(lines: list[DrawnLine], *, min_gap: float) -> None:
    """Move end labels apart vertically so lines ending close together stay legible."""
    order = sorted(range(len(lines)), key=lambda i: lines[i].end_y)
    previous = -math.inf
    for i in order:
        line = lines[i]
        line.label_y = max(line.end_y, previous + min_gap)
        previous = line.label_y
