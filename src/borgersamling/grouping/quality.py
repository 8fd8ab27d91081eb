"""Measure a seating: repeated pairs, mixing, theme choices, role rotation.

Works from the seats alone (and the members' data), never from the search's own counters, so
the report checks the engine rather than repeating it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from math import ceil, floor
from statistics import mean
from typing import Any

from borgersamling.grouping.model import ROLES, Seat, SeatingProblem


def _groups(seats: Sequence[Seat]) -> dict[tuple[int, str], list[str]]:
    groups: dict[tuple[int, str], list[str]] = {}
    for seat in seats:
        groups.setdefault((seat.session, seat.table), []).append(seat.member_id)
    return groups


def pair_meetings(seats: Sequence[Seat]) -> dict[tuple[str, str], list[int]]:
    """Each pair of members who shared a table -> the sessions in which they did."""
    met: dict[tuple[str, str], list[int]] = {}
    for (session, _table), group in sorted(_groups(seats).items()):
        ordered = sorted(group)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                met.setdefault((a, b), []).append(session)
    return met


def repeated_pairs(seats: Sequence[Seat]) -> int:
    return sum(len(sessions) - 1 for sessions in pair_meetings(seats).values())


def _meetings(problem: SeatingProblem, seats: Sequence[Seat]) -> dict[str, Any]:
    everything = [*problem.history, *seats]
    met = pair_meetings(everything)
    repeats = [(pair, sessions) for pair, sessions in sorted(met.items()) if len(sessions) > 1]
    people: dict[str, set[str]] = {member.id: set() for member in problem.members}
    for a, b in met:
        people[a].add(b)
        people[b].add(a)
    counts = [len(others) for others in people.values()]
    return {
        "total": sum(len(sessions) - 1 for _pair, sessions in repeats),
        "in_history": repeated_pairs(problem.history),
        "pairs_meeting_more_than_once": len(repeats),
        "most_meetings_of_one_pair": max((len(s) for s in met.values()), default=0),
        "distinct_pairs_met": len(met),
        "people_met_per_member": {
            "min": min(counts, default=0),
            "mean": round(mean(counts), 2) if counts else 0,
            "max": max(counts, default=0),
        },
        "pairs": [{"members": list(pair), "sessions": sessions} for pair, sessions in repeats],
    }


def _mixing(problem: SeatingProblem, seats: Sequence[Seat]) -> dict[str, Any]:
    features = {member.id: member.features for member in problem.members}
    order = {table.name: k for k, table in enumerate(problem.tables)}
    sessions: list[dict[str, Any]] = []
    worst = 0.0
    cells = in_band = within_one = 0
    for session in problem.sessions:
        groups = {table: ids for (s, table), ids in _groups(seats).items() if s == session}
        present = [member_id for ids in groups.values() for member_id in ids]
        totals = {f: Counter(features[m][f] for m in present) for f in problem.features}
        tables: list[dict[str, Any]] = []
        for table in sorted(groups, key=lambda name: order.get(name, len(order))):
            ids = groups[table]
            rows: dict[str, Any] = {}
            for feature in problem.features:
                counts = Counter(features[m][feature] for m in ids)
                ideal = {v: total * len(ids) / len(present) for v, total in totals[feature].items()}
                deviation = max(abs(counts[v] - x) for v, x in ideal.items())
                banded = all(
                    floor(x + 1e-9) <= counts[v] <= ceil(x - 1e-9) for v, x in ideal.items()
                )
                worst = max(worst, deviation)
                cells += 1
                in_band += banded
                within_one += deviation <= 1 + 1e-9
                rows[feature] = {
                    "counts": {v: counts[v] for v in sorted(ideal)},
                    "ideal": {v: round(x, 3) for v, x in sorted(ideal.items())},
                    "max_deviation": round(deviation, 3),
                    "rounded_ideal": banded,
                }
            tables.append({"table": table, "size": len(ids), "features": rows})
        sessions.append({"session": session, "tables": tables})
    return {
        "max_deviation": round(worst, 3),
        "table_features": cells,
        "table_features_rounded_ideal": in_band,
        "table_features_within_one": within_one,
        "sessions": sessions,
    }


def _themes(problem: SeatingProblem, seats: Sequence[Seat]) -> dict[str, Any]:
    themes = {member.id: member.themes for member in problem.members if member.themes}
    got: Counter[str] = Counter()
    for seat in seats:
        choices = themes.get(seat.member_id)
        if not choices or not problem.themed(seat.session):
            continue
        if seat.table in choices:
            rank = choices.index(seat.table) + 1
            got["first" if rank == 1 else "second" if rank == 2 else "later"] += 1
        else:
            got["unlisted"] += 1
    seats_with_choices = sum(got.values())
    return {
        "members_with_choices": len(themes),
        "seats_with_choices": seats_with_choices,
        "first": got["first"],
        "second": got["second"],
        "first_or_second": got["first"] + got["second"],
        "later_choice": got["later"],
        "not_chosen": got["unlisted"],
    }


def _roles(problem: SeatingProblem, seats: Sequence[Seat]) -> dict[str, Any]:
    """Rotation: a member who takes a role for the (c+1)-th time while a willing member
    present has held it fewer than c times and holds no role that session breaks it."""
    willing = {
        "host": {m.id for m in problem.members if m.host},
        "scribe": {m.id for m in problem.members if m.scribe},
    }
    counts = {role: Counter[str]() for role in ROLES}
    planned = set(problem.sessions)
    everything = sorted([*problem.history, *seats], key=lambda seat: seat.session)
    by_session: dict[int, list[Seat]] = {}
    for seat in everything:
        by_session.setdefault(seat.session, []).append(seat)
    violations: list[dict[str, Any]] = []
    sessions: list[dict[str, Any]] = []
    missing = {role: 0 for role in ROLES}
    for session, session_seats in sorted(by_session.items()):
        holding = {seat.member_id for seat in session_seats if seat.role}
        present = {seat.member_id for seat in session_seats}
        tables = sorted({seat.table for seat in session_seats})
        summary: dict[str, Any] = {"session": session}
        for role in ROLES:
            holders = [seat for seat in session_seats if seat.role == role]
            per_table = Counter(seat.table for seat in holders)
            without = [t for t in tables if per_table[t] == 0]
            summary[f"tables_without_{role}"] = without
            summary[f"tables_with_two_{role}s"] = [t for t in tables if per_table[t] > 1]
            if session in planned:
                missing[role] += len(without)
                for seat in holders:
                    before = counts[role][seat.member_id]
                    waiting = sorted(
                        m
                        for m in willing[role] & present
                        if counts[role][m] < before and m not in holding
                    )
                    if before >= 1 and waiting:
                        violations.append(
                            {
                                "session": session,
                                "role": role,
                                "member": seat.member_id,
                                "times_before": before,
                                "waiting": waiting,
                            }
                        )
            for seat in holders:
                counts[role][seat.member_id] += 1
        if session in planned:
            sessions.append(summary)
    return {
        "willing": {role: len(willing[role]) for role in ROLES},
        "rotation_kept": not violations,
        "violations": violations,
        "tables_without_host": missing["host"],
        "tables_without_scribe": missing["scribe"],
        "times_held": {
            role: {m.id: counts[role][m.id] for m in problem.members if m.id in willing[role]}
            for role in ROLES
        },
        "sessions": sessions,
    }


def kept_apart(problem: SeatingProblem, seats: Sequence[Seat]) -> dict[str, Any]:
    """The pairs to keep apart, and where any of them share a table after all."""
    table_of = {(seat.session, seat.member_id): seat.table for seat in seats}
    # Each pair once, as first given (a pair may be listed twice, either way round).
    first_given: dict[frozenset[str], tuple[str, str]] = {}
    for pair in problem.apart:
        first_given.setdefault(frozenset(pair), pair)
    pairs = list(first_given.values())
    together = [
        {"session": session, "table": table_of[(session, first)], "members": [first, second]}
        for session in problem.sessions
        for first, second in pairs
        if (session, first) in table_of
        and table_of[(session, first)] == table_of.get((session, second))
    ]
    return {"pairs": len(pairs), "kept": not together, "together": together}


def measure(problem: SeatingProblem, seats: Sequence[Seat]) -> dict[str, Any]:
    """The quality figures of the seats of the sessions seated now."""
    return {
        "repeated_pairs": _meetings(problem, seats),
        "mixing": _mixing(problem, seats),
        "themes": _themes(problem, seats),
        "roles": _roles(problem, seats),
        "apart": kept_apart(problem, seats),
    }


def tradeoff_row(mixing: str, quality: dict[str, Any]) -> dict[str, Any]:
    mix = quality["mixing"]
    return {
        "mixing": mixing,
        "repeated_pairs": quality["repeated_pairs"]["total"],
        "max_deviation": mix["max_deviation"],
        "table_features_rounded_ideal": mix["table_features_rounded_ideal"],
        "table_features_within_one": mix["table_features_within_one"],
        "table_features": mix["table_features"],
        "theme_first_or_second": quality["themes"]["first_or_second"],
    }
