"""The seating problem and its answer, as plain frozen data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

MixingMode = Literal["strict", "balanced", "meet"]
MIXING_MODES: tuple[MixingMode, ...] = ("strict", "balanced", "meet")


def stage_name(mode: MixingMode) -> str:
    """The reporter's stage while a mode's seating is searched (seating.runs reads the mode
    back from it)."""
    return f"seating ({mode} mixing)"


ROLES = ("host", "scribe")


@dataclass(frozen=True)
class Member:
    id: str
    features: Mapping[str, str]
    """Feature -> value (gender, age, education, area ...); mixed across the tables."""
    host: bool = False
    """Willing to host a table (lead the conversation)."""
    scribe: bool = False
    """Willing to be the table's scribe (write down what the table says)."""
    themes: tuple[str, ...] = ()
    """Table names in order of preference, first choice first; empty: no preference."""
    row: int = 0
    """Row in the members file, for messages; 0 when built in code."""


@dataclass(frozen=True)
class TableSpec:
    name: str
    capacity: int | None = None
    """Most members the table seats; None: the members present share the tables evenly."""


@dataclass(frozen=True)
class Seat:
    session: int
    table: str
    member_id: str
    role: str = ""
    """"host", "scribe" or ""."""


@dataclass(frozen=True)
class SeatingProblem:
    members: tuple[Member, ...]
    features: tuple[str, ...]
    tables: tuple[TableSpec, ...]
    sessions: tuple[int, ...]
    """Numbers of the sessions to seat now, ascending, all after the history's sessions."""
    history: tuple[Seat, ...] = ()
    """Seats of earlier sessions: their pairs have met and their roles have been held."""
    absent: Mapping[int, frozenset[str]] = field(default_factory=dict)
    """Session -> ids of members who will not come."""
    fixed: tuple[Seat, ...] = ()
    """Seats decided beforehand (e.g. hosts who stay at their theme table); role may be set."""
    theme_sessions: frozenset[int] | None = None
    """Sessions at which the tables are theme tables; None: every session seated now."""
    mixing: MixingMode = "strict"
    seed: int = 0
    effort: int = 100
    """Search length in percent of the default; the result depends on it, not on the clock."""
    tradeoff: bool = True
    """Also seat under the other mixing modes, to show what mixing costs in repeated pairs."""
    apart: tuple[tuple[str, str], ...] = ()
    """Pairs of members who must not share a table in the sessions seated now (relatives, a
    conflict the secretariat knows of). As hard as strict mixing; the report names any pair
    the search could not part."""
    start: tuple[Seat, ...] = ()
    """A seating of the sessions seated now to search on from (e.g. a draft) instead of a
    fresh one: the result is never worse by the search's own measure. It must seat every
    member who comes once, fixed seats at their tables, at the table sizes the tables take."""

    def member_ids(self) -> list[str]:
        return [member.id for member in self.members]

    def themed(self, session: int) -> bool:
        return self.theme_sessions is None or session in self.theme_sessions


@dataclass(frozen=True)
class Plan:
    """The seats of the sessions seated now (history not included)."""

    seats: tuple[Seat, ...]
    mixing: MixingMode
