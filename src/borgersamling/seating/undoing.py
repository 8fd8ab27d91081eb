"""Undo the last change made by hand to a draft seating: a move, a swap, a role, or hosts and
scribes chosen again. Changes are undone newest first, one action (batch) at a time, and each
undo is logged as a change of its own. Reseating for absences and late members is not undone
here: it follows the absences, which are changed where they are registered."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from borgersamling.assemblies.models import ThemeTable
from borgersamling.seating import editing, planning
from borgersamling.seating.models import SeatAssignment, SeatingPlan, SeatMove
from borgersamling.seating.planning import AnyUser

BY_HAND = {SeatMove.Reason.MOVED, SeatMove.Reason.SWAPPED, SeatMove.Reason.ROLE}


def last_change(plan: SeatingPlan) -> list[SeatMove]:
    """The newest action not yet undone, if it can be undone; else nothing."""
    pending = plan.moves.filter(undone=False).exclude(reason=SeatMove.Reason.UNDONE)
    batch = pending.aggregate(top=Max("batch"))["top"]
    if batch is None:
        return []
    moves = list(
        pending.filter(batch=batch).select_related("participant", "from_table", "to_table")
    )
    if all(m.reason in BY_HAND and m.previous_role is not None for m in moves):
        return moves
    return []


def describe(moves: list[SeatMove]) -> str:
    """The action in a few words, for the undo button and the message after."""
    first = moves[0]
    if first.reason == SeatMove.Reason.MOVED:
        return _("%(name)s moved to table %(number)s") % {
            "name": first.participant.name,
            "number": first.to_table.number if first.to_table else "–",
        }
    if first.reason == SeatMove.Reason.SWAPPED and len(moves) == 2:
        return _("%(first)s and %(second)s swapped tables") % {
            "first": first.participant.name,
            "second": moves[1].participant.name,
        }
    if len(moves) == 1:
        return _("%(name)s's role changed") % {"name": first.participant.name}
    return ngettext(
        "%(count)s member's role changed", "%(count)s members' roles changed", len(moves)
    ) % {"count": len(moves)}


@transaction.atomic
def undo(plan: SeatingPlan, user: AnyUser | None = None) -> list[SeatMove]:
    """Put the members of the last change back where they were, with their role and their
    placed-by-hand mark; returns the change undone."""
    plan = SeatingPlan.objects.select_for_update().select_related("session").get(pk=plan.pk)
    planning.require_draft(plan)
    moves = last_change(plan)
    if not moves:
        raise planning.SeatingError(_("There is no change by hand to undo."))
    seats = {
        seat.participant_id: seat
        for seat in SeatAssignment.objects.select_for_update().filter(
            session=plan.session, participant__in=[m.participant_id for m in moves]
        )
    }
    back: list[tuple[SeatMove, SeatAssignment, ThemeTable]] = []
    for move in moves:
        seat = seats.get(move.participant_id)
        now = (seat.theme_table_id, seat.role) if seat else None
        if seat is None or now != (move.to_table_id, move.role) or move.from_table is None:
            # Only an edit outside these pages (or a table deleted) gets here.
            raise planning.SeatingError(
                _("%(name)s no longer sits as that change left them, so it cannot be undone.")
                % {"name": move.participant.name}
            )
        back.append((move, seat, move.from_table))
    batch = editing.next_batch(plan)
    for move, seat, table in back:
        SeatMove.objects.create(
            plan=plan,
            participant=move.participant,
            from_table=seat.theme_table,
            to_table=table,
            role=move.previous_role or "",
            previous_role=seat.role,
            was_pinned=seat.pinned,
            reason=SeatMove.Reason.UNDONE,
            batch=batch,
            created_by=planning.user_or_none(user),
        )
        seat.theme_table = table
        seat.role = move.previous_role or ""
        seat.pinned = bool(move.was_pinned)
        seat.save(update_fields=["theme_table", "role", "pinned"])
    plan.moves.filter(pk__in=[m.pk for m in moves]).update(undone=True)
    planning.refresh_quality(plan)
    return moves
