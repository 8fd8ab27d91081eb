"""Changes to a seating after it is made: moves, swaps and roles by hand, and locking it for
the members (and back). Each change is one transaction on the plan locked against concurrent
changes, is logged as a ``SeatMove`` (so it can be undone, see ``undoing``) and is followed by
new quality figures.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from borgersamling.accounts.models import Participant
from borgersamling.assemblies.models import ThemeTable
from borgersamling.seating.models import (
    SeatAssignment,
    SeatingPlan,
    SeatMove,
    SeatRole,
)
from borgersamling.seating.planning import (
    AnyUser,
    SeatingError,
    refresh_quality,
    require_draft,
    require_no_run,
    user_or_none,
)


def next_batch(plan: SeatingPlan) -> int:
    return (plan.moves.aggregate(top=Max("batch"))["top"] or 0) + 1


def _seat(plan: SeatingPlan, participant: Participant) -> SeatAssignment:
    seat = (
        SeatAssignment.objects.select_for_update()
        .filter(session=plan.session, participant=participant)
        .select_related("theme_table")
        .first()
    )
    if seat is None:
        raise SeatingError(
            _("%(name)s has no seat in this session.") % {"name": participant.name},
            field="member",
        )
    return seat


def _locked_plan(plan: SeatingPlan) -> SeatingPlan:
    """The plan again, locked against concurrent changes, so two people moving members at
    once do not both pass the draft check."""
    return SeatingPlan.objects.select_for_update().select_related("session").get(pk=plan.pk)


@transaction.atomic
def move(
    plan: SeatingPlan, participant: Participant, table: ThemeTable, user: AnyUser | None = None
) -> SeatMove:
    """Move one member to another table; their role goes with them."""
    plan = _locked_plan(plan)
    require_draft(plan)
    if table.assembly_id != plan.session.assembly_id:
        raise SeatingError(_("This table belongs to another assembly."), field="target")
    seat = _seat(plan, participant)
    if seat.theme_table_id == table.pk:
        raise SeatingError(
            _("%(name)s already sits at table %(number)s.")
            % {"name": participant.name, "number": table.number},
            field="target",
        )
    logged = SeatMove.objects.create(
        plan=plan,
        participant=participant,
        from_table=seat.theme_table,
        to_table=table,
        role=seat.role,
        previous_role=seat.role,
        was_pinned=seat.pinned,
        reason=SeatMove.Reason.MOVED,
        batch=next_batch(plan),
        created_by=user_or_none(user),
    )
    seat.theme_table = table
    seat.pinned = True
    seat.save(update_fields=["theme_table", "pinned"])
    refresh_quality(plan)
    return logged


@transaction.atomic
def swap(
    plan: SeatingPlan, first: Participant, second: Participant, user: AnyUser | None = None
) -> list[SeatMove]:
    """Swap two members' tables; each keeps their own role."""
    plan = _locked_plan(plan)
    require_draft(plan)
    a, b = _seat(plan, first), _seat(plan, second)
    if a.theme_table_id == b.theme_table_id:
        raise SeatingError(
            _("%(first)s and %(second)s already sit at the same table.")
            % {"first": first.name, "second": second.name},
            field="target",
        )
    batch = next_batch(plan)
    moves = [
        SeatMove.objects.create(
            plan=plan,
            participant=seat.participant,
            from_table=seat.theme_table,
            to_table=other.theme_table,
            role=seat.role,
            previous_role=seat.role,
            was_pinned=seat.pinned,
            reason=SeatMove.Reason.SWAPPED,
            batch=batch,
            created_by=user_or_none(user),
        )
        for seat, other in ((a, b), (b, a))
    ]
    a_table, b_table = a.theme_table, b.theme_table
    a.theme_table, b.theme_table = b_table, a_table
    a.pinned = b.pinned = True
    a.save(update_fields=["theme_table", "pinned"])
    b.save(update_fields=["theme_table", "pinned"])
    refresh_quality(plan)
    return moves


@transaction.atomic
def set_role(
    plan: SeatingPlan, participant: Participant, role: str, user: AnyUser | None = None
) -> SeatMove:
    """Make a member their table's host or scribe (or neither). Two hosts at one table are
    allowed here; the figures show it, so the secretariat can decide. A role given by hand
    pins the member at their table, so generating again keeps both; taking a role away
    does not pin them."""
    plan = _locked_plan(plan)
    require_draft(plan)
    if role not in SeatRole.values:
        raise SeatingError(_("Choose host, scribe or no role."), field="role")
    seat = _seat(plan, participant)
    if seat.role == role:
        raise SeatingError(_("%(name)s has that role already.") % {"name": participant.name})
    logged = SeatMove.objects.create(
        plan=plan,
        participant=participant,
        from_table=seat.theme_table,
        to_table=seat.theme_table,
        role=role,
        previous_role=seat.role,
        was_pinned=seat.pinned,
        reason=SeatMove.Reason.ROLE,
        batch=next_batch(plan),
        created_by=user_or_none(user),
    )
    seat.role = role
    seat.pinned = seat.pinned or bool(role)
    seat.save(update_fields=["role", "pinned"])
    refresh_quality(plan)
    return logged


@transaction.atomic
def lock(plan: SeatingPlan, user: AnyUser | None = None) -> SeatingPlan:
    """Publish the seating to the members; from now on only reseating moves anyone."""
    plan = _locked_plan(plan)
    require_no_run(plan.session)
    if plan.is_locked:
        raise SeatingError(_("The seating is locked already."))
    plan.status = SeatingPlan.Status.LOCKED
    plan.locked_by = user_or_none(user)
    plan.locked_at = timezone.now()
    plan.save(update_fields=["status", "locked_by", "locked_at"])
    return plan


@transaction.atomic
def unlock(plan: SeatingPlan, user: AnyUser | None = None) -> SeatingPlan:
    """Back to a draft: the members no longer see it until it is locked again."""
    plan = _locked_plan(plan)
    if not plan.is_locked:
        raise SeatingError(_("The seating is not locked."))
    plan.status = SeatingPlan.Status.DRAFT
    plan.locked_by = None
    plan.locked_at = None
    plan.save(update_fields=["status", "locked_by", "locked_at"])
    return plan
