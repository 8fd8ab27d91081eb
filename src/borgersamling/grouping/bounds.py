"""A proven lower bound on repeated pairs, so the report can say how close the seating is.

A repeated pair is counted as (meetings - 1) for every pair of members who meet more than
once; the bound is on that total over all sessions, the earlier ones included. Two
arguments, and the larger one is reported ("at least"; it is not always reachable):

Counting. The sessions seated now create sum over tables of C(size, 2) meetings of a pair.
At most C(n, 2) - (pairs already met) of them can be first meetings; every other one is a
repeat, on top of the repeats already in the history.

36 officers. When 36 members sit at 6 tables of 6 in every session, any 4 sessions without a
repeated pair would be a 4-net of order 6, i.e. two orthogonal Latin squares of order 6, and
those do not exist (Tarry 1900, Euler's 36 officers problem). So among any 4 sessions two
share a repeated pair. Join two sessions when some pair meets in both: with S sessions and
every 4 sessions holding such a link, there are at most 3 groups of linked sessions, and a
pair meeting in m sessions links m of them at the price of m - 1 repeats, so at least S - 3
repeats are needed.
"""

from __future__ import annotations

from collections.abc import Sequence
from math import comb
from typing import Any

from borgersamling.grouping.model import SeatingProblem

OFFICERS_SIDE = 6


def _history_tables(problem: SeatingProblem) -> dict[tuple[int, str], list[str]]:
    tables: dict[tuple[int, str], list[str]] = {}
    for seat in problem.history:
        tables.setdefault((seat.session, seat.table), []).append(seat.member_id)
    return tables


def _history_meetings(problem: SeatingProblem) -> tuple[int, int]:
    """(repeats, distinct pairs met) in the history alone."""
    met: dict[tuple[str, str], int] = {}
    for group in _history_tables(problem).values():
        ordered = sorted(group)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                met[(a, b)] = met.get((a, b), 0) + 1
    return sum(c - 1 for c in met.values()), len(met)


def _all_full_six_by_six(problem: SeatingProblem, planned: Sequence[Sequence[int]]) -> bool:
    if len(problem.members) != OFFICERS_SIDE**2:
        return False
    if any(sorted(sizes) != [OFFICERS_SIDE] * OFFICERS_SIDE for sizes in planned):
        return False
    by_session: dict[int, list[int]] = {}
    for (session, _table), group in _history_tables(problem).items():
        by_session.setdefault(session, []).append(len(group))
    return all(sorted(s) == [OFFICERS_SIDE] * OFFICERS_SIDE for s in by_session.values())


def repeat_lower_bound(problem: SeatingProblem, planned: Sequence[Sequence[int]]) -> dict[str, Any]:
    """``planned``: the table sizes of each session seated now."""
    n = len(problem.members)
    history_repeats, history_pairs = _history_meetings(problem)
    meetings = sum(comb(size, 2) for sizes in planned for size in sizes)
    counting = history_repeats + max(0, meetings - (comb(n, 2) - history_pairs))
    sessions = len({seat.session for seat in problem.history}) + len(planned)
    officers = None
    if _all_full_six_by_six(problem, planned):
        officers = max(0, sessions - 3)
    value = max(counting, officers or 0)
    kind = "officers_36" if officers is not None and officers > counting else "counting"
    return {
        "value": value,
        "kind": kind,
        "counting_bound": counting,
        "officers_36_bound": officers,
        "repeats_in_history": history_repeats,
        "exact": False,
        "meaning": "the seating cannot have fewer repeated pairs than this (sum over pairs of "
        "meetings - 1, all sessions including the history); the optimum may be higher",
        "explanation": _explain(kind, counting, officers, sessions),
    }


def _explain(kind: str, counting: int, officers: int | None, sessions: int) -> str:
    text = (
        f"Counting bound {counting}: the seats of the new sessions create more pair meetings "
        "than there are pairs who have not met yet, or repeats already happened."
        if counting
        else "Counting bound 0: there are enough pairs who have not met yet."
    )
    if officers is not None:
        text += (
            f" 36 members at 6 tables of 6 over {sessions} sessions: at least {officers} "
            "repeated pairs, because 4 sessions without one would need two orthogonal Latin "
            "squares of order 6, which do not exist (Euler's 36 officers; Tarry 1900)."
        )
    # The secretariat saw "at least 0" beside a real count and read it as a failure.
    return text + (
        " The bound counts seats only: mixing, theme wishes and roles can make more repeats "
        "necessary."
    )
