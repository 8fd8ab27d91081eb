"""Open data of a frozen version: the recommendations, the vote results and the anonymous
representation counts, as JSON and as a zip of CSV files (one file per kind of row, so each
file is a plain table a spreadsheet opens). No personal data: the snapshot has none to give.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterable, Sequence
from typing import Any

from borgersamling.reports.models import ReportVersion

RECOMMENDATION_COLUMNS = (
    "table",
    "theme",
    "code",
    "number",
    "title",
    "text",
    "revision_id",
    "revision",
    "votes",
    "minority_statements",
)
VOTE_COLUMNS = (
    "code",
    "withdrawn",
    "vote_id",
    "vote_title",
    "kind",
    "closed_at",
    "revision_id",
    "revision",
    "text_changed_after_vote",
    "ballots",
    "members",
    "answers",
    "in_favour",
    "against",
    "neutral",
    "support_percent",
    "mean",
    "borda",
    "position",
    "carried",
    "rule",
    "threshold_percent",
    "quorum",
)
REPRESENTATION_COLUMNS = (
    "criterion",
    "criterion_label",
    "value",
    "value_label",
    "municipality_percent",
    "signups_percent",
    "assembly_percent",
    "signups",
    "assembly",
)


def recommendations(version: ReportVersion) -> list[dict[str, Any]]:
    rows = []
    for theme in version.content["recommendations"]["themes"]:
        for r in theme["recommendations"]:
            rows.append(
                {
                    "table": theme["table"],
                    "theme": theme["theme"],
                    "code": r["code"],
                    "number": r["number"],
                    "title": r["title"],
                    "text": r["text"],
                    "revision_id": r["revision_id"],
                    "revision": r["revision"],
                    "votes": len(r["votes"]),
                    "minority_statements": [m["text"] for m in r["minority"]],
                }
            )
    return rows


def votes(version: ReportVersion) -> list[dict[str, Any]]:
    rows = []
    for theme in version.content["recommendations"]["themes"]:
        groups = [(r["code"], False, r["votes"]) for r in theme["recommendations"]]
        groups += [(w["code"], True, w["votes"]) for w in theme["withdrawn_votes"]]
        for code, withdrawn, results in groups:
            for v in results:
                row = {key: v.get(key) for key in VOTE_COLUMNS}
                row.update(
                    code=code, withdrawn=withdrawn, text_changed_after_vote=v["text_changed"]
                )
                rows.append(row)
    return rows


def representation(version: ReportVersion) -> dict[str, Any]:
    members = version.content["members"]
    return {
        "headline": members["headline"],
        "signups": members["signups"],
        "panel": members["panel"],
        "rows": [
            {
                "criterion": feature["key"],
                "criterion_label": feature["label"],
                "value": value["value"],
                "value_label": value["label"],
                "municipality_percent": value["municipality"],
                "signups_percent": value["signups"],
                "assembly_percent": value["assembly"],
                "signups": value["signup_count"],
                "assembly": value["assembly_count"],
            }
            for feature in members["features"]
            for value in feature["values"]
        ],
    }


def about(version: ReportVersion) -> dict[str, Any]:
    cover = version.content["cover"]
    return {
        "assembly": cover["name"],
        "municipality": cover["municipality"],
        "version": version.number,
        "frozen_at": version.content["version"]["frozen_at"],
        "sha256": version.sha256,
        "pdf_sha256": version.pdf_sha256,
    }


def as_json(version: ReportVersion) -> bytes:
    data = {
        "report": about(version),
        "recommendations": recommendations(version),
        "votes": votes(version),
        "representation": representation(version),
    }
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


def _csv(columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                k: " | ".join(v) if isinstance(v, list) else ("" if v is None else v)
                for k, v in row.items()
            }
        )
    return buffer.getvalue()


README = """{assembly}, report version {version} ({frozen_at})
SHA-256 of the report's content: {sha256}

recommendations.csv  one row per recommendation (text from the draft's revision revision_id)
votes.csv            one row per closed vote result (revision = the revision voted on)
representation.csv   per criterion value: share of the municipality, of the sign-ups and of
                     the assembly (percent), and the counts of sign-ups and members
Anonymous counts only; no personal data. UTF-8, comma-separated, with a header row.
"""


def as_zip(version: ReportVersion) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", README.format(**about(version)))
        archive.writestr(
            "recommendations.csv", _csv(RECOMMENDATION_COLUMNS, recommendations(version))
        )
        archive.writestr("votes.csv", _csv(VOTE_COLUMNS, votes(version)))
        archive.writestr(
            "representation.csv",
            _csv(REPRESENTATION_COLUMNS, representation(version)["rows"]),
        )
    return buffer.getvalue()
