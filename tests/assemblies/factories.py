"""Small factories for the process: each makes a valid row with defaults a test can override."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from borgersamling.assemblies.models import (
    Assembly,
    Program,
    ProgramItem,
    Session,
    ThemeTable,
    Value,
)
from borgersamling.library.models import DataPoint, DataSeries, Material

_numbers = itertools.count(1)


def make_assembly(**fields: Any) -> Assembly:
    number = next(_numbers)
    defaults: dict[str, Any] = {
        "name": f"Test Assembly {number}",
        "slug": f"test-assembly-{number}",
        "municipality": "Testby Kommune",
        "core_task": "How do we keep welfare good?",
        "commissioning_body": "Byrådet",
    }
    return Assembly.objects.create(**(defaults | fields))


def make_session(assembly: Assembly, **fields: Any) -> Session:
    number = fields.pop("number", assembly.sessions.count() + 1)
    defaults: dict[str, Any] = {
        "title": f"Session {number}",
        "date": datetime.date(2025, 4, 1) + datetime.timedelta(weeks=number),
        "format": "4 timers aftenmøde",
    }
    return Session.objects.create(assembly=assembly, number=number, **(defaults | fields))


def make_program_item(session: Session, **fields: Any) -> ProgramItem:
    defaults: dict[str, Any] = {
        "program": Program.MEMBERS,
        "start": datetime.time(17, 0),
        "title": f"Item {next(_numbers)}",
        "order": session.program_items.count() + 1,
    }
    return ProgramItem.objects.create(session=session, **(defaults | fields))


def make_theme_table(assembly: Assembly, **fields: Any) -> ThemeTable:
    defaults: dict[str, Any] = {
        "number": assembly.theme_tables.count() + 1,
        "theme": f"Theme {next(_numbers)}",
    }
    return ThemeTable.objects.create(assembly=assembly, **(defaults | fields))


def make_value(assembly: Assembly, **fields: Any) -> Value:
    defaults: dict[str, Any] = {"title": f"Value {next(_numbers)}", "text": "We care."}
    return Value.objects.create(assembly=assembly, **(defaults | fields))


def make_material(assembly: Assembly, **fields: Any) -> Material:
    defaults: dict[str, Any] = {"kind": Material.Kind.DOCUMENT, "title": "A report"}
    return Material.objects.create(assembly=assembly, **(defaults | fields))


def make_series(
    assembly: Assembly, lines: dict[str, dict[int, float]], **fields: Any
) -> DataSeries:
    number = next(_numbers)
    defaults: dict[str, Any] = {"slug": f"series-{number}", "title": f"Series {number}"}
    series = DataSeries.objects.create(assembly=assembly, **(defaults | fields))
    DataPoint.objects.bulk_create(
        DataPoint(series=series, line=label, line_order=order, x=x, y=y)
        for order, (label, values) in enumerate(lines.items())
        for x, y in values.items()
    )
    return series
