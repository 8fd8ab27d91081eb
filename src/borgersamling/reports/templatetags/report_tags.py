"""Filters for the report's templates, which render from the JSON content snapshot (dates
are ISO strings there, charts are numbers)."""

from __future__ import annotations

import datetime
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from borgersamling.recruitment.representation import FeatureShares, ValueShares
from borgersamling.recruitment.representation_views import feature_chart

register = template.Library()


@register.filter
def isodate(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


@register.filter
def isotime(value: str | None) -> datetime.time | None:
    return datetime.time.fromisoformat(value) if value else None


@register.filter
def isodatetime(value: str | None) -> datetime.datetime | None:
    return datetime.datetime.fromisoformat(value) if value else None


@register.filter
def representation_chart(feature: dict[str, Any], index: int) -> SafeString:
    """The recruitment app's chart for one criterion of the content snapshot, as inline
    SVG (vector in the PDF too). The chart module escapes every text it is given."""
    shares = FeatureShares(
        key=str(feature["key"]),
        label=str(feature["label"]),
        values=tuple(
            ValueShares(
                value=str(v["value"]),
                label=str(v["label"]),
                municipality=v["municipality"],
                signups=v["signups"],
                assembly=v["assembly"],
                signup_count=int(v["signup_count"]),
                assembly_count=int(v["assembly_count"]),
            )
            for v in feature["values"]
        ),
    )
    return mark_safe(feature_chart(shares, int(index)))  # escaped by the chart module


@register.filter
def any_changed(votes: list[dict[str, Any]]) -> bool:
    return any(vote.get("text_changed") for vote in votes)
