"""Writes to the library that the secretariat makes: a data series and its points, typed as
CSV (``line,x,y``), stored together in one transaction.

The parsing lives here too, so the form, the command line and the tests read a series the
same way. Errors name the line of the text they are on, counted as a person sees the text
(the first line is line 1, an optional ``line,x,y`` header included).
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from borgersamling.assemblies import services as assembly_services
from borgersamling.library.models import DataPoint, DataSeries

LINE_MAX_LENGTH = DataPoint._meta.get_field("line").max_length or 100
MAX_ERRORS = 10


@dataclass(frozen=True)
class Point:
    line: str
    x: int
    y: float


class PointsError(ValueError):
    """The text has mistakes; ``messages`` names each with its line number."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


def _number(text: str) -> float | None:
    """A decimal number with a point or (quoted, Danish style) a comma; ``None`` if not one."""
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _whole(text: str) -> int | None:
    try:
        return int(text.strip())
    except ValueError:
        return None


def _is_header(fields: list[str]) -> bool:
    return len(fields) == 3 and [f.strip().lower() for f in fields[1:]] == ["x", "y"]


def parse_points(text: str) -> list[Point]:
    """Read ``line,x,y`` rows. Blank lines are skipped, and so is a first row of headings
    (``line,x,y``). Raises ``PointsError`` naming every wrong line (up to ``MAX_ERRORS``)."""
    points: list[Point] = []
    errors: list[str] = []
    seen: dict[tuple[str, int], int] = {}
    first_row = True
    for number, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        fields = next(csv.reader(io.StringIO(raw), skipinitialspace=True))
        if first_row and _is_header(fields):
            first_row = False
            continue
        first_row = False
        problem = _check_row(number, fields, seen, points)
        if problem is not None:
            errors.append(problem)
            if len(errors) >= MAX_ERRORS:
                errors.append(_("… and perhaps more. Correct these lines first."))
                break
    if errors:
        raise PointsError(errors)
    if not points:
        raise PointsError([_("Give at least one data point, for example: 80+,2025,100")])
    return points


def _check_row(
    number: int,
    fields: list[str],
    seen: dict[tuple[str, int], int],
    points: list[Point],
) -> str | None:
    """Append the row's point, or return what is wrong with it."""
    if len(fields) == 4:
        return _(
            "Line %(line)d: four values where three were expected. Write decimals with a "
            'point (101.5) or put the number in quotes ("101,5").'
        ) % {"line": number}
    if len(fields) != 3:
        return _(
            "Line %(line)d: expected three values (line, x, y) separated by commas, "
            "found %(count)d."
        ) % {"line": number, "count": len(fields)}
    label, x_text, y_text = (field.strip() for field in fields)
    if not label:
        return _("Line %(line)d: the name of the line is missing.") % {"line": number}
    if len(label) > LINE_MAX_LENGTH:
        return _("Line %(line)d: the name of the line is longer than %(max)d characters.") % {
            "line": number,
            "max": LINE_MAX_LENGTH,
        }
    x = _whole(x_text)
    if x is None:
        return _("Line %(line)d: x must be a whole number such as a year, not “%(value)s”.") % {
            "line": number,
            "value": x_text,
        }
    y = _number(y_text)
    if y is None:
        return _("Line %(line)d: y must be a number, not “%(value)s”.") % {
            "line": number,
            "value": y_text,
        }
    earlier = seen.get((label, x))
    if earlier is not None:
        return _("Line %(line)d: %(name)s %(x)d is already given on line %(earlier)d.") % {
            "line": number,
            "name": label,
            "x": x,
            "earlier": earlier,
        }
    seen[label, x] = number
    points.append(Point(label, x, y))
    return None


def _format_number(value: float) -> str:
    return str(int(value)) if value.is_integer() else repr(value)


def points_as_text(series: DataSeries) -> str:
    """The series' points as the form shows them: a header row, then ``line,x,y`` rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["line", "x", "y"])
    for point in series.points.order_by("line_order", "line", "x"):
        writer.writerow([point.line, point.x, _format_number(point.y)])
    return out.getvalue()


@transaction.atomic
def save_series(
    series: DataSeries, points: Sequence[Point], siblings: QuerySet[DataSeries]
) -> None:
    """Store the series and replace its points, all or nothing. A new series goes after its
    siblings; lines keep the order in which they first appear in ``points``."""
    if series.pk is None:
        assembly_services.append(series, siblings)
    else:
        series.save()
    series.points.all().delete()
    line_order: dict[str, int] = {}
    for point in points:
        line_order.setdefault(point.line, len(line_order))
    DataPoint.objects.bulk_create(
        DataPoint(series=series, line=p.line, line_order=line_order[p.line], x=p.x, y=p.y)
        for p in points
    )
