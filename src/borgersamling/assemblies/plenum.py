"""Which program item the plenum screen shows: the secretariat's choice, otherwise the clock.

Plain decisions over plain values, so the rule can be read and tested without a request or a
database; the view fetches the items and the time and shows the answer.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from borgersamling.assemblies.models import ProgramItem


class Phase(Enum):
    BEFORE = "before"  # the session has not begun (another day, or earlier today)
    RUNNING = "running"  # an item is on
    ENDED = "ended"  # the last item is over, or the day has passed


@dataclass(frozen=True)
class PlenumState:
    phase: Phase
    current: ProgramItem | None
    next: ProgramItem | None
    chosen: bool  # the secretariat picked ``current`` with "show now"


def plenum_state(
    items: Sequence[ProgramItem],
    chosen: ProgramItem | None,
    date: datetime.date,
    now: datetime.datetime,
) -> PlenumState:
    """``items`` are one program's items in program order; ``now`` is local time."""
    items = list(items)
    if chosen is not None and chosen in items:
        index = items.index(chosen)
        following = items[index + 1] if index + 1 < len(items) else None
        return PlenumState(Phase.RUNNING, chosen, following, chosen=True)
    if not items:
        return PlenumState(Phase.BEFORE, None, None, chosen=False)
    today, time = now.date(), now.time()
    if today < date:
        return PlenumState(Phase.BEFORE, None, items[0], chosen=False)
    if today > date:
        return PlenumState(Phase.ENDED, None, None, chosen=False)
    started = [i for i, item in enumerate(items) if item.start <= time]
    if not started:
        return PlenumState(Phase.BEFORE, None, items[0], chosen=False)
    index = started[-1]
    current = items[index]
    following = items[index + 1] if index + 1 < len(items) else None
    if following is None and current.end is not None and current.end <= time:
        return PlenumState(Phase.ENDED, None, None, chosen=False)
    return PlenumState(Phase.RUNNING, current, following, chosen=False)
