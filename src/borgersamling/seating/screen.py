"""The "Find your table" projector screen: every table with its theme and the names seated
there, sized so that all tables fit one 16:9 screen without scrolling."""

from __future__ import annotations

import math
from dataclasses import dataclass

from borgersamling.seating.roster import TableRoster

# A table's card holds its heading and up to two lines of theme besides the names.
CARD_LINES = 3
# Room on a name's line for its role ("Referent") in the smaller type beside it.
ROLE_CHARS = 8
# A card is never narrower than this many characters (the heading, a short theme).
MIN_CHARS = 14


@dataclass(frozen=True)
class ScreenGrid:
    columns: int
    rows: int
    lines: int  # the tallest card's lines
    chars: int  # the widest name line's characters
    # The font follows both, so no card overflows; screen.js shrinks it further if the
    # screen's fonts are wider than the estimate.


def screen_grid(tables: list[TableRoster]) -> ScreenGrid:
    """Roughly as many columns as rows times the screen's width over a card's: 6 tables
    make 3 x 2, 8 make 4 x 2, 20 make 5 x 4."""
    count = max(1, len(tables))
    columns = min(count, math.ceil(math.sqrt(count * 1.25)))
    rows = math.ceil(count / columns)
    names = max((len(table.seats) for table in tables), default=0)
    chars = max(
        (
            len(seat.participant.name) + (ROLE_CHARS if seat.role else 0)
            for table in tables
            for seat in table.seats
        ),
        default=0,
    )
    return ScreenGrid(columns, rows, names + CARD_LINES, max(chars, MIN_CHARS))
