"""A grouped bar chart as an SVG string, from plain numbers: no Django, no browser.

Drawn on the server so the same chart works on the web page, in print and in a PDF made
with WeasyPrint. Styles are attributes, not CSS classes, for the same reason. The series
differ by colour *and* by fill (solid, hatched, dark), so the chart stays readable in grey
scale, on a washed-out projector and for colour-blind readers. Every text passed in is
escaped here.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

# Municipality, sign-ups, assembly: at least 3:1 against white (WCAG 1.4.11 for graphics).
COLOURS = ("#6b7785", "#8a6100", "#1f5f8b")
FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
INK = "#1c2430"
MUTED = "#4a5565"
GRID = "#d9d6cf"


@dataclass(frozen=True)
class BarGroup:
    """One value of a criterion (e.g. "Kvinde") and its bar per series, in percent."""

    label: str
    values: Sequence[float | None]


def percent_label(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}%"


def _wrap(label: str, width_px: float, lines: int = 3) -> list[str]:
    per_line = max(6, int(width_px / 7.4))
    wrapped = textwrap.wrap(label, per_line, break_long_words=False) or [""]
    if len(wrapped) > lines:
        wrapped = [
            *wrapped[: lines - 1],
            textwrap.shorten(" ".join(wrapped[lines - 1 :]), per_line, placeholder="…"),
        ]
    return wrapped


def _axis_top(groups: Sequence[BarGroup]) -> int:
    highest = max((v for g in groups for v in g.values if v is not None), default=0.0)
    return min(100, max(10, math.ceil(highest / 10) * 10))


def _element(tag: str, content: str | None = None, **attributes: object) -> str:
    """One SVG element; ``font_size`` becomes ``font-size``, ``content`` is already escaped."""
    attrs = " ".join(
        f'{key.replace("_", "-")}="{escape(str(value))}"' for key, value in attributes.items()
    )
    return f"<{tag} {attrs}/>" if content is None else f"<{tag} {attrs}>{content}</{tag}>"


def grouped_bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    series: Sequence[str],
    groups: Sequence[BarGroup],
    width: int = 720,
    height: int = 380,
) -> str:
    """``groups`` of bars, one bar per ``series`` name, on a 0-100 % axis (cut at the highest
    ten above the data). ``chart_id`` keeps ids unique when several charts share a page."""
    top, left, right = 44, 44, 8
    label_lines = max(
        (len(_wrap(g.label, (width - left - right) / max(len(groups), 1))) for g in groups),
        default=1,
    )
    bottom = 14 + 16 * label_lines
    plot_w = width - left - right
    plot_h = height - top - bottom
    axis_top = _axis_top(groups)
    step = 10 if axis_top <= 50 else 20

    def y(value: float) -> float:
        return round(top + plot_h * (1 - value / axis_top), 1)

    chart_id = escape(chart_id)
    hatch = f"{chart_id}-hatch"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        'role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" class="chart-svg" '
        f'style="width: 100%; max-width: {width}px" font-family="{FONT}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        f'<defs><pattern id="{hatch}" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        f'<rect width="3.2" height="6" fill="{COLOURS[1]}"/></pattern></defs>',
    ]
    fills = [COLOURS[0], f"url(#{hatch})", COLOURS[2]]

    # Legend, left to right, above the plot.
    x = float(left)
    for index, name in enumerate(series):
        colour = COLOURS[index % len(COLOURS)]
        fill = fills[index % len(fills)]
        parts.append(
            _element(
                "rect", x=x, y=10, width=16, height=16, fill=fill, stroke=colour, stroke_width=1.5
            )
        )
        parts.append(_element("text", escape(name), x=x + 22, y=23, font_size=14, fill=INK))
        x += 22 + 8.2 * len(name) + 24

    # Grid and axis.
    for tick in range(0, axis_top + 1, step):
        ty = y(tick)
        parts.append(_element("line", x1=left, x2=width - right, y1=ty, y2=ty, stroke=GRID))
        parts.append(
            _element(
                "text",
                f"{tick}%",
                x=left - 6,
                y=ty + 4,
                font_size=12,
                fill=MUTED,
                text_anchor="end",
            )
        )
    base = y(0)
    parts.append(
        _element("line", x1=left, x2=width - right, y1=base, y2=base, stroke=INK, stroke_width=1.5)
    )

    # Bars, value labels and group labels.
    group_w = plot_w / max(len(groups), 1)
    inner = group_w * 0.8
    bar_w = inner / max(len(series), 1)
    for g_index, group in enumerate(groups):
        start = left + g_index * group_w + (group_w - inner) / 2
        for s_index, value in enumerate(group.values):
            bx = round(start + s_index * bar_w + bar_w * 0.06, 1)
            bw = round(bar_w * 0.88, 1)
            label = percent_label(value)
            if value is not None:
                by = y(value)
                parts.append(
                    _element(
                        "rect",
                        f"<title>{escape(series[s_index])}: {label}</title>",
                        x=bx,
                        y=by,
                        width=bw,
                        height=round(base - by, 1),
                        fill=fills[s_index % len(fills)],
                        stroke=COLOURS[s_index % len(COLOURS)],
                        stroke_width=1.5,
                    )
                )
                label_y = by - 5
            else:
                label_y = base - 5
            parts.append(
                _element(
                    "text",
                    label,
                    x=round(bx + bw / 2, 1),
                    y=label_y,
                    font_size=12,
                    font_weight=700,
                    fill=INK,
                    text_anchor="middle",
                )
            )
        centre = round(left + (g_index + 0.5) * group_w, 1)
        lines = _wrap(group.label, group_w)
        tspans = "".join(
            f'<tspan x="{centre}" dy="{0 if i == 0 else 16}">{escape(line)}</tspan>'
            for i, line in enumerate(lines)
        )
        parts.append(
            _element(
                "text",
                tspans,
                x=centre,
                y=base + 20,
                font_size=12.5,
                fill=INK,
                text_anchor="middle",
            )
        )
    parts.append("</svg>")
    return "\n".join(parts)
