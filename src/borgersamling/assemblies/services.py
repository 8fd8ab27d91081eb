"""Writes to the process that the secretariat makes, each in one transaction.

The views call these after a form has validated, so a request either changes everything it
meant to or nothing: a new program item and the shifted positions of the items after it are
stored together, and two items swapped by "move up" never end up with the same position.
The same functions serve the web, the command line and the tests.
"""

from __future__ import annotations

from typing import Any, Literal, Protocol

from django.db import models, transaction
from django.db.models import Max, QuerySet

from borgersamling.assemblies.models import ProgramItem, Session

Direction = Literal["up", "down"]


class Ordered(Protocol):
    """A row kept in the secretariat's own order among its siblings."""

    pk: Any
    order: int

    def save(self, *args: Any, **kwargs: Any) -> None: ...


def _renumber(siblings: QuerySet[Any]) -> list[Any]:
    """Positions 1..n in the current order, locked for the rest of the transaction."""
    rows = list(siblings.select_for_update().order_by("order", "pk"))
    changed = []
    for position, row in enumerate(rows, 1):
        if row.order != position:
            row.order = position
            changed.append(row)
    if changed:
        type(rows[0]).objects.bulk_update(changed, ["order"])
    return rows


@transaction.atomic
def append(row: models.Model, siblings: QuerySet[Any]) -> None:
    """Store a new row after its siblings."""
    last = siblings.aggregate(last=Max("order"))["last"] or 0
    row.order = last + 1  # type: ignore[attr-defined]
    row.save()


@transaction.atomic
def save(row: models.Model) -> None:
    """Store an edited row (kept here so every write goes through one place)."""
    row.save()


@transaction.atomic
def move(row: Ordered, siblings: QuerySet[Any], direction: Direction) -> bool:
    """Swap the row with its neighbour above or below. ``False`` if it is already first or
    last, which changes nothing."""
    rows = _renumber(siblings)
    index = next(i for i, other in enumerate(rows) if other.pk == row.pk)
    neighbour = index - 1 if direction == "up" else index + 1
    if not 0 <= neighbour < len(rows):
        return False
    this, other = rows[index], rows[neighbour]
    this.order, other.order = other.order, this.order
    type(this).objects.bulk_update([this, other], ["order"])
    return True


@transaction.atomic
def delete(row: models.Model, siblings: QuerySet[Any]) -> None:
    """Delete the row and close the gap it leaves in the order."""
    row.delete()
    _renumber(siblings)


def program_siblings(item: ProgramItem) -> QuerySet[ProgramItem]:
    return ProgramItem.objects.filter(session_id=item.session_id, program=item.program)


@transaction.atomic
def add_program_item(item: ProgramItem) -> None:
    """Store a new item in its place by start time, shifting the later items down, so a
    program typed out of order still reads in time order."""
    rows = _renumber(program_siblings(item))
    position = len(rows) + 1
    for row in rows:
        if row.start > item.start:
            position = row.order
            break
    later = [row for row in rows if row.order >= position]
    for row in later:
        row.order += 1
    ProgramItem.objects.bulk_update(later, ["order"])
    item.order = position
    item.save()


@transaction.atomic
def update_program_item(item: ProgramItem, program_before: str) -> None:
    """Store an edited item; an item moved to the other program goes to that program's end."""
    if item.program != program_before:
        last = program_siblings(item).exclude(pk=item.pk).aggregate(last=Max("order"))["last"]
        item.order = (last or 0) + 1
    item.save()
    if item.program != program_before:
        _renumber(ProgramItem.objects.filter(session_id=item.session_id, program=program_before))


@transaction.atomic
def show_now(session: Session, item: ProgramItem | None) -> None:
    """Put the item on the plenum screen, or (``None``) let the screen follow the clock."""
    if item is not None and item.session_id != session.pk:
        raise ValueError("The item belongs to another session.")
    Session.objects.filter(pk=session.pk).update(current_item=item)
    session.current_item = item
