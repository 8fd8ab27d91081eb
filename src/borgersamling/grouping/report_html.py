"""The readable seating report: the lower bound, the trade-off, every table's mix, the roles.

One self-contained HTML file (inline CSS, no scripts, no external assets), like the
selection report, so it opens anywhere and prints.
"""

from __future__ import annotations

from html import escape
from typing import Any

from borgersamling.sortition.report_html import STYLE


def _tradeoff(rows: list[dict[str, Any]], chosen: str) -> str:
    if not rows:
        return "<p>The trade-off was not computed (run without <code>--no-tradeoff</code>).</p>"
    body = "".join(
        f'<tr><th scope="row">{escape(row["mixing"])}{" (used)" if row["mixing"] == chosen else ""}'
        f'</th><td class="n">{row["repeated_pairs"]}</td><td class="n">{row["max_deviation"]}</td>'
        f'<td class="n">{row["table_features_rounded_ideal"]} / {row["table_features"]}</td>'
        f'<td class="n">{row["theme_first_or_second"]}</td></tr>'
        for row in rows
    )
    return (
        '<div class="scroll"><table><thead><tr><th scope="col">Mixing</th>'
        '<th scope="col" class="n">Repeated pairs</th>'
        '<th scope="col" class="n">Largest deviation (people)</th>'
        '<th scope="col" class="n">Table-features perfectly mixed (rounded)</th>'
        '<th scope="col" class="n">1st/2nd theme choices</th></tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


def _tables(mixing: dict[str, Any], features: list[str]) -> str:
    parts: list[str] = []
    for session in mixing["sessions"]:
        head = "".join(f'<th scope="col">{escape(f)}</th>' for f in features)
        rows = []
        for table in session["tables"]:
            cells = []
            for feature in features:
                data = table["features"][feature]
                counts = ", ".join(
                    f"{escape(v)} {c} ({data['ideal'][v]})" for v, c in data["counts"].items()
                )
                mark = "" if data["rounded_ideal"] else ' class="warn"'
                cells.append(f"<td{mark}>{counts}<br>deviation {data['max_deviation']}</td>")
            rows.append(
                f'<tr><th scope="row">{escape(table["table"])} ({table["size"]})</th>'
                f"{''.join(cells)}</tr>"
            )
        parts.append(
            f'<h3>Session {session["session"]}</h3><div class="scroll"><table><thead><tr>'
            f'<th scope="col">Table</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody>'
            "</table></div>"
        )
    return "".join(parts)


def _roles(roles: dict[str, Any]) -> str:
    state = (
        "kept: nobody hosted or scribed twice while a willing member present waited"
        if roles["rotation_kept"]
        else f'<span class="warn">broken {len(roles["violations"])} time(s)</span>'
    )
    return (
        f"<p>Willing hosts {roles['willing']['host']}, willing scribes "
        f"{roles['willing']['scribe']}. Rotation {state}. Tables without a host: "
        f"{roles['tables_without_host']}; without a scribe: {roles['tables_without_scribe']}.</p>"
    )


def _apart(apart: dict[str, Any]) -> str:
    if not apart["pairs"]:
        return ""
    if apart["kept"]:
        return f"<h2>Pairs kept apart</h2><p>All {apart['pairs']} pairs sit at separate tables.</p>"
    rows = "".join(
        f"<li>{escape(t['members'][0])} and {escape(t['members'][1])}: session {t['session']}, "
        f"table {escape(t['table'])}</li>"
        for t in apart["together"]
    )
    return (
        f'<h2>Pairs kept apart</h2><p class="warn">Of {apart["pairs"]} pairs to keep apart, '
        "these share a table (the tables and fixed seats left no other way):</p>"
        f"<ul>{rows}</ul>"
    )


def render_report(report: dict[str, Any]) -> str:
    repeats = report["repeated_pairs"]
    bound = report["lower_bound"]
    mixing = report["mixing"]
    themes = report["themes"]
    met = repeats["people_met_per_member"]
    pairs = "".join(
        f"<li>{escape(p['members'][0])} and {escape(p['members'][1])}: sessions "
        f"{', '.join(map(str, p['sessions']))}</li>"
        for p in repeats["pairs"]
    )
    theme_text = (
        f"<p>{themes['first_or_second']} of {themes['seats_with_choices']} seats of members "
        f"with theme choices are at their first or second choice ({themes['first']} first, "
        f"{themes['second']} second, {themes['not_chosen']} at a table they did not list).</p>"
        if themes["members_with_choices"]
        else "<p>No theme choices were given.</p>"
    )
    sessions = ", ".join(map(str, report["sessions_seated"]))
    return f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Seating report: sessions {sessions}</title>
<style>{STYLE}</style></head>
<body>
<h1>Seating report</h1>
<p>{report["members"]} members at {len(report["tables"])} tables, sessions {sessions}
({escape(report["mixing_mode"])} mixing, seed {report["seed"]}). Mixed on:
{escape(", ".join(report["features"]) or "nothing")}.</p>
<h2>New people at every session</h2>
<p><strong>{repeats["total"]}</strong> repeated pairs over all sessions (a pair meeting
m times counts m&nbsp;&minus;&nbsp;1), {repeats["in_history"]} of them already in the history;
{repeats["pairs_meeting_more_than_once"]} pairs met more than once, at most
{repeats["most_meetings_of_one_pair"]} times. Lower bound: <strong>at least
{bound["value"]}</strong> ({escape(bound["kind"])}). {escape(bound["explanation"])}</p>
<p>Each member has met between {met["min"]} and {met["max"]} others (mean {met["mean"]}).</p>
{f"<details><summary>Repeated pairs</summary><ul>{pairs}</ul></details>" if pairs else ""}
<h2>Repeats against mixing: the trade-off</h2>
<p>Stricter mixing leaves fewer seatings to choose from, so more pairs meet again. Choose with
<code>--mixing strict|balanced|meet</code>.</p>
{_tradeoff(report["tradeoff"], report["mixing_mode"])}
<h2>Mixing at each table</h2>
<p>Largest deviation from a perfectly mixed table: {mixing["max_deviation"]} people;
{mixing["table_features_rounded_ideal"]} of {mixing["table_features"]} table-features hold
the ideal count rounded down or up, {mixing["table_features_within_one"]} are within one
person. Each cell: value, count (ideal).</p>
{_tables(mixing, report["features"])}
{_apart(report["apart"])}
<h2>Theme tables</h2>
{theme_text}
<h2>Hosts and scribes</h2>
{_roles(report["roles"])}
<p>Tool: {escape(report["tool"])}.</p>
</body></html>
"""
