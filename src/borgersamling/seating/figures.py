"""The plan page's content: tables with their members, and the quality figures with names
instead of engine ids. Reads only; the view shows what this returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from borgersamling.accounts.models import Participant
from borgersamling.assemblies.models import ThemeTable
from borgersamling.grouping.quality import kept_apart, pair_meetings
from borgersamling.seating import problem as problems
from borgersamling.seating.models import SeatAssignment, SeatingPlan


@dataclass
class SeatRow:
    seat: SeatAssignment
    features: list[tuple[str, str]]
    """(feature label, value); empty for a member without a sign-up."""
    has_signup: bool
    met_before: list[str] = field(default_factory=list)
    """Names of members at this table this member has sat with before."""
    kept_apart_from: list[str] = field(default_factory=list)
    """Names of members at this table this member is to be kept apart from."""


@dataclass
class TableBlock:
    table: ThemeTable
    rows: list[SeatRow]
    mixing: list[dict[str, Any]]
    """Per feature: label, counts, ideal, max deviation, whether it is within the rounded ideal."""


@dataclass
class Board:
    inputs: problems.SessionInputs
    tables: list[TableBlock]
    unseated: list[Participant]
    absent: list[Participant]
    figures: dict[str, Any] | None


def _name(inputs: problems.SessionInputs, member_id: str) -> str:
    member = inputs.members.get(member_id)
    return member.name if member else member_id


def _mixing_by_table(plan: SeatingPlan | None) -> dict[str, dict[str, Any]]:
    if plan is None:
        return {}
    sessions = plan.quality.get("mixing", {}).get("sessions", [])
    tables = sessions[0]["tables"] if sessions else []
    return {entry["table"]: entry["features"] for entry in tables}


def board(plan: SeatingPlan | None, inputs: problems.SessionInputs) -> Board:
    seats = list(
        SeatAssignment.objects.filter(session=inputs.session).select_related(
            "participant", "theme_table"
        )
    )
    engine_members = {member.id: member for member in inputs.problem.members}
    earlier = pair_meetings(inputs.problem.history)
    apart = {frozenset(pair) for pair in inputs.problem.apart}
    labels = {column.key: column.label for column in inputs.features}
    mixing = _mixing_by_table(plan)
    by_table: dict[int, list[SeatRow]] = {}
    at_table: dict[int, list[str]] = {}
    for seat in seats:
        at_table.setdefault(seat.theme_table_id, []).append(str(seat.participant_id))
    # Host first, then scribe, then the others by name: how the table is introduced.
    rank = {"host": 0, "scribe": 1}
    for seat in sorted(seats, key=lambda s: (rank.get(s.role, 2), s.participant.name)):
        member_id = str(seat.participant_id)
        member = engine_members.get(member_id)
        features = [
            (labels[key], value or "–")
            for key, value in (member.features.items() if member else [])
        ]
        others = [m for m in at_table[seat.theme_table_id] if m != member_id]
        met = [_name(inputs, o) for o in others if tuple(sorted((member_id, o))) in earlier]
        avoid = [_name(inputs, o) for o in others if frozenset((member_id, o)) in apart]
        by_table.setdefault(seat.theme_table_id, []).append(
            SeatRow(
                seat,
                features,
                has_signup=seat.participant not in inputs.without_signup,
                met_before=sorted(met),
                kept_apart_from=sorted(avoid),
            )
        )
    blocks = []
    for key, table in inputs.tables.items():
        rows = by_table.get(table.pk, [])
        cells = [
            {"label": labels.get(feature, feature), **figures}
            for feature, figures in mixing.get(key, {}).items()
        ]
        blocks.append(TableBlock(table, rows, cells))
    seated = {str(seat.participant_id) for seat in seats}
    unseated = [
        member
        for key, member in inputs.members.items()
        if key not in seated and key not in inputs.absent
    ]
    absent = [inputs.members[key] for key in inputs.members if key in inputs.absent]
    # Measured now, not read from the stored figures: a pair may be added after seating.
    apart_now = kept_apart(inputs.problem, [inputs.seat_of(seat) for seat in seats])
    headline = summary(plan, inputs, apart_now) if plan else None
    return Board(inputs, blocks, unseated, absent, headline)


def summary(
    plan: SeatingPlan, inputs: problems.SessionInputs, apart: dict[str, Any]
) -> dict[str, Any]:
    """The headline figures: repeated pairs against the bound, mixing, themes, roles."""
    quality = plan.quality
    pairs = quality.get("repeated_pairs", {})
    mix = quality.get("mixing", {})
    roles = quality.get("roles", {})
    sessions = roles.get("sessions", [])
    this = sessions[0] if sessions else {}
    total = pairs.get("total", 0)
    in_history = pairs.get("in_history", 0)
    repeats = [
        {
            "names": [_name(inputs, m) for m in entry["members"]],
            "sessions": entry["sessions"],
        }
        for entry in pairs.get("pairs", [])
        if inputs.session.number in entry["sessions"]
    ]
    at_tables = [
        this.get(key, [])
        for key in (
            "tables_without_host",
            "tables_without_scribe",
            "tables_with_two_hosts",
            "tables_with_two_scribes",
        )
    ]
    rotation_kept = roles.get("rotation_kept", True)
    return {
        "repeats_total": total,
        "repeats_in_history": in_history,
        "repeats_now": total - in_history,
        "lower_bound": plan.lower_bound.get("value"),
        "bound_explanation": plan.lower_bound.get("explanation", ""),
        "repeats": repeats,
        "most_meetings": pairs.get("most_meetings_of_one_pair", 0),
        "met_per_member": pairs.get("people_met_per_member", {}),
        "max_deviation": mix.get("max_deviation", 0),
        "cells": mix.get("table_features", 0),
        "cells_in_band": mix.get("table_features_rounded_ideal", 0),
        "cells_within_one": mix.get("table_features_within_one", 0),
        "themes": quality.get("themes", {}),
        "themed": inputs.session.theme_wishes,
        "rotation_kept": rotation_kept,
        "roles_off": not rotation_kept or any(at_tables),
        "violations": [
            {
                "name": _name(inputs, v["member"]),
                "role": v["role"],
                "times_before": v["times_before"],
                "waiting": [_name(inputs, w) for w in v["waiting"]],
            }
            for v in roles.get("violations", [])
        ],
        "willing": roles.get("willing", {}),
        "without_host": at_tables[0],
        "without_scribe": at_tables[1],
        "two_hosts": at_tables[2],
        "two_scribes": at_tables[3],
        "tradeoff": plan.tradeoff,
        "apart_pairs": apart["pairs"],
        "apart_together": [
            {
                "names": [_name(inputs, m) for m in entry["members"]],
                "table": entry["table"],
            }
            for entry in apart["together"]
        ],
    }
