"""The human-readable selection report: quotas against pool and panel, and the chances.

A single self-contained HTML file (inline CSS and SVG, no scripts, no external assets), so
it opens anywhere, prints, and can be published beside the lottery table.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

CHART_WIDTH = 640
CHART_HEIGHT = 240
MARGIN = 60

STYLE = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
color:#1a1a1a;line-height:1.45}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}
table{border-collapse:collapse;width:100%}th,td{padding:.3rem .6rem;text-align:left;
border-bottom:1px solid #ccc}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.warn{color:#8a1c1c;font-weight:600}dl{display:grid;grid-template-columns:max-content auto;
gap:.2rem 1rem}dt{font-weight:600}code{font-size:.85rem;word-break:break-all}
svg text{font-size:11px;fill:#1a1a1a}svg{max-width:100%;height:auto}
.scroll{overflow-x:auto}
"""


def _percent(value: float) -> str:
    return f"{value * 100:.2f} %"


def _chart(probabilities: Sequence[float], mean: float) -> str:
    """Sorted selection probabilities, one bar per person, with the mean as a line."""
    ordered = sorted(probabilities)
    top = max(max(ordered, default=0.0), mean, 1e-9)
    inner_w = CHART_WIDTH - 2 * MARGIN
    inner_h = CHART_HEIGHT - 2 * MARGIN
    step = inner_w / max(len(ordered), 1)
    bars = "".join(
        f'<rect x="{MARGIN + i * step:.2f}" y="{MARGIN + inner_h * (1 - p / top):.2f}" '
        f'width="{max(step, 0.5):.2f}" height="{inner_h * p / top:.2f}" fill="#1f5fa8"/>'
        for i, p in enumerate(ordered)
    )
    mean_y = MARGIN + inner_h * (1 - mean / top)
    return (
        f'<svg role="img" aria-labelledby="chart-title chart-desc" width="{CHART_WIDTH}" '
        f'height="{CHART_HEIGHT}" viewBox="0 0 {CHART_WIDTH} {CHART_HEIGHT}">'
        '<title id="chart-title">Selection probability of every respondent</title>'
        f'<desc id="chart-desc">Respondents sorted from lowest to highest probability; '
        f"lowest {_percent(ordered[0] if ordered else 0)}, highest {_percent(top)}; "
        f"the line is the average, seats divided by pool size.</desc>"
        f"{bars}"
        f'<line x1="{MARGIN}" x2="{CHART_WIDTH - MARGIN}" y1="{mean_y:.2f}" y2="{mean_y:.2f}" '
        'stroke="#c0392b" stroke-dasharray="4 3"/>'
        f'<text x="{MARGIN}" y="{MARGIN - 12}">dashed line: average {_percent(mean)}</text>'
        f'<text x="{MARGIN - 4}" y="{MARGIN + 4}" text-anchor="end">{_percent(top)}</text>'
        f'<text x="{MARGIN - 4}" y="{MARGIN + inner_h}" text-anchor="end">0</text>'
        f'<text x="{MARGIN}" y="{CHART_HEIGHT - 12}">respondents, sorted by probability</text>'
        "</svg>"
    )


def _summary_rows(name: str, summary: dict[str, Any]) -> str:
    return (
        f'<tr><th scope="row">{escape(name)}</th>'
        f'<td class="n">{_percent(summary["minimum"])}</td>'
        f'<td class="n">{_percent(summary["maximum"])}</td>'
        f'<td class="n">{summary["gini"]:.3f}</td>'
        f'<td class="n">{_percent(summary["share_at_minimum"])}</td>'
        f'<td class="n">{summary["never_selected"]}</td></tr>'
    )


def render_report(report: dict[str, Any], probabilities: Sequence[float]) -> str:
    inputs = report["inputs"]
    quota_rows = "".join(
        f"<tr><td>{escape(q['feature'])}</td><td>{escape(q['value'])}</td>"
        f'<td class="n">{q["min"]}&ndash;{q["max"]}</td><td class="n">{q["pool"]}</td>'
        f'<td class="n">{q["panel"]}</td></tr>'
        for q in report["quotas"]
    )
    summaries = "".join(
        _summary_rows(name, summary) for name, summary in report["probabilities"].items()
    )
    unselectable = "".join(
        f"<li><strong>{escape(item['id'])}</strong>: {escape(item['reason'])}</li>"
        for item in report["unselectable"]
    )
    unselectable_block = (
        f'<p class="warn">These respondents can never be selected:</p><ul>{unselectable}</ul>'
        if unselectable
        else "<p>Every respondent can be selected.</p>"
    )
    mean = report["seats"] / report["pool_size"]
    return f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Selection report: {report["seats"]} of {report["pool_size"]}</title>
<style>{STYLE}</style></head>
<body>
<h1>Selection report</h1>
<p>{report["seats"]} seats drawn from a pool of {report["pool_size"]} by the
<strong>{escape(report["algorithm"].upper())}</strong> algorithm, through a transparent lottery
of {report["lottery_size"]} panels. Seed {report["seed"]} picked panel number
{report["panel_number"]} ({report["seed"]} mod {report["lottery_size"]}).</p>
<dl>
<dt>Pool file</dt><dd><code>{escape(inputs["pool"]["path"])}</code><br>
SHA-256 <code>{escape(inputs["pool"]["sha256"])}</code></dd>
<dt>Quotas file</dt><dd><code>{escape(inputs["quotas"]["path"])}</code><br>
SHA-256 <code>{escape(inputs["quotas"]["sha256"])}</code></dd>
<dt>Households</dt><dd>{report["households"]} shared households
(columns: {escape(", ".join(inputs["household_columns"]) or "none")})</dd>
<dt>Tool</dt><dd>{escape(report["tool"])}</dd>
</dl>
<h2>Quotas: target, pool and panel</h2>
<div class="scroll"><table><thead><tr><th scope="col">Feature</th><th scope="col">Value</th>
<th scope="col" class="n">Target seats</th><th scope="col" class="n">In pool</th>
<th scope="col" class="n">On panel</th></tr></thead><tbody>{quota_rows}</tbody></table></div>
<h2>Selection probabilities</h2>
<div class="scroll"><table><thead><tr><th scope="col">Distribution</th>
<th scope="col" class="n">Lowest</th>
<th scope="col" class="n">Highest</th><th scope="col" class="n">Gini</th>
<th scope="col" class="n">Share at lowest</th><th scope="col" class="n">Never selected</th>
</tr></thead><tbody>{summaries}</tbody></table></div>
<p>Rounding the distribution to {report["lottery_size"]} equally likely panels changed no one's
chance by more than {_percent(report["lottery_rounding_gap"])}.</p>
{_chart(probabilities, mean)}
{unselectable_block}
<h2>Check it yourself</h2>
<p>Run <code>borgersamling verify DIR</code> on this folder with the two input files beside
it: it recomputes everything from the inputs and says whether the same panel results.</p>
</body></html>
"""
