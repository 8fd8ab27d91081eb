"""The previous draft: when a draft is replaced (generated again, or the tables of the last
session kept), it is kept on the plan, so the secretariat can compare the two and switch
back, and forth again: switching keeps the draft it leaves as the previous one. Drafts of
later sessions seated in the same run switch with it.

Kept as data on the plan (``SeatingPlan.previous``): the seats with their roles and
placed-by-hand marks, the plan's choices and figures, and the log of changes. One level:
the draft before the previous one is gone.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from borgersamling.accounts.models import Participant
from borgersamling.assemblies.models import ThemeTable
from borgersamling.seating import planning
from borgersamling.seating import problem as problems
from borgersamling.seating.models import SeatAssignment, SeatingPlan, SeatMove


def summary(plan: SeatingPlan) -> dict[str, Any] | None:
    """What the page says about the previous draft, or None when there is none."""
    previous = plan.previous
    if not previous:
        return None
    quality = previous.get("quality", {})
    mixing = quality.get("mixing", {})
    return {
        "created_at": datetime.datetime.fromisoformat(previous["created_at"]),
        "seed": previous.get("seed"),
        "source": previous.get("source", SeatingPlan.Source.ENGINE),
        "source_file": previous.get("source_file", ""),
        "mixing": previous.get("mixing", ""),
        "repeats_total": quality.get("repeated_pairs", {}).get("total", 0),
        "cells": mixing.get("table_features", 0),
        "cells_in_band": mixing.get("table_features_rounded_ideal", 0),
        "changes": sum(1 for move in previous.get("moves", []) if not move.get("undone")),
    }


def _check(plan: SeatingPlan, previous: dict[str, Any]) -> None:
    """A seating to go back to (the previous draft, another mode's) must seat exactly
    today's members, at the assembly's tables."""
    inputs = problems.build(plan.session)
    present = {int(key) for key in inputs.members if key not in inputs.absent}
    seated = {int(row[0]) for row in previous.get("seats", [])}
    if seated != present:
        raise planning.SeatingError(
            _(
                "Members have come or been marked absent since that seating was made, so it "
                "would seat the wrong people. Generate the seating again instead."
            )
        )
    tables = {row[1] for row in previous["seats"]}
    known = set(
        ThemeTable.objects.filter(assembly_id=plan.session.assembly_id, pk__in=tables).values_list(
            "pk", flat=True
        )
    )
    if tables - known:
        raise planning.SeatingError(
            _("A table of that seating no longer exists. Generate the seating again.")
        )


def _existing(model: type[models.Model], ids: list[Any]) -> dict[Any, Any]:
    """id -> id for the ids that still exist (a row may have been deleted since)."""
    found = model._default_manager.filter(pk__in=[pk for pk in ids if pk is not None])
    return {pk: pk for pk in found.values_list("pk", flat=True)}


def _moves(plan: SeatingPlan, rows: list[dict[str, Any]]) -> list[SeatMove]:
    """The log of the previous draft, without what refers to people deleted since; a table
    or user deleted since is left empty, as the log's own foreign keys do."""
    members = _existing(Participant, [row["participant_id"] for row in rows])
    tables = _existing(
        ThemeTable, [row[key] for row in rows for key in ("from_table_id", "to_table_id")]
    )
    users = _existing(User, [row["created_by_id"] for row in rows])
    return [
        SeatMove(
            plan=plan,
            **{name: row[name] for name in planning.MOVE_FIELDS},
            created_at=datetime.datetime.fromisoformat(row["created_at"]),
        )
        for row in (
            {
                **row,
                "from_table_id": tables.get(row["from_table_id"]),
                "to_table_id": tables.get(row["to_table_id"]),
                "created_by_id": users.get(row["created_by_id"]),
            }
            for row in rows
            if row["participant_id"] in members
        )
    ]


def together(plan: SeatingPlan) -> list[SeatingPlan]:
    """The other sessions' drafts seated in the same run as this draft, or as its previous
    one: they go back (and forth) with it, as the later sessions were seated around it.
    Locked seatings are left as they are: the members may have seen them."""
    generations = Q()
    if plan.generation:
        generations |= Q(generation=plan.generation)
    if plan.previous.get("generation"):
        generations |= Q(previous__generation=plan.previous["generation"])
    if not generations:
        return []
    return list(
        SeatingPlan.objects.filter(generations)
        .filter(session__assembly_id=plan.session.assembly_id, status=SeatingPlan.Status.DRAFT)
        .exclude(pk=plan.pk)
        .exclude(previous={})
        .select_related("session")
        .order_by("session__number")
    )


@transaction.atomic
def switch_to_previous(plan: SeatingPlan, user: planning.AnyUser | None = None) -> SeatingPlan:
    """Make the previous draft the current one again, and the current one the previous;
    the drafts seated together with it (``together``) switch too, all or none."""
    plan = SeatingPlan.objects.select_for_update().select_related("session").get(pk=plan.pk)
    planning.require_draft(plan)
    if not plan.previous:
        raise planning.SeatingError(_("There is no previous draft to go back to."))
    _check(plan, plan.previous)
    others = list(
        SeatingPlan.objects.select_for_update()
        .select_related("session")
        .filter(pk__in=[other.pk for other in together(plan)])
        .order_by("session__number")
    )
    for other in others:
        planning.require_no_run(other.session)
        try:
            _check(other, other.previous)
        except planning.SeatingError as error:
            raise planning.SeatingError(
                _(
                    "Session %(number)s was seated together with this one and would go back "
                    "too, but cannot: %(reason)s"
                )
                % {"number": other.session.number, "reason": error.message}
            ) from error
    switched = [_switch(each) for each in (plan, *others)]
    # Earlier sessions may have changed since: measure the seats as they are now.
    for each in switched:
        planning.refresh_quality(each)
    return switched[0]


def _put_seats(plan: SeatingPlan, seats: list[list[Any]]) -> None:
    """The session's seats replaced by these (participant, table, role, placed by hand)."""
    plan.session.seats.all().delete()
    SeatAssignment.objects.bulk_create(
        SeatAssignment(
            session=plan.session,
            participant_id=participant,
            theme_table_id=table,
            role=role,
            pinned=pinned,
        )
        for participant, table, role, pinned in seats
    )


def _switch(plan: SeatingPlan) -> SeatingPlan:
    previous = plan.previous
    leaving = planning.snapshot(plan)
    _put_seats(plan, previous["seats"])
    plan.moves.all().delete()
    SeatMove.objects.bulk_create(_moves(plan, previous.get("moves", [])))
    for name in planning.PLAN_FIELDS:
        # A draft kept before a field existed has the field's default.
        field = SeatingPlan._meta.get_field(name)
        assert isinstance(field, models.Field)
        setattr(plan, name, previous.get(name, field.get_default()))
    plan.created_at = datetime.datetime.fromisoformat(previous["created_at"])
    plan.created_by_id = _existing(User, [previous.get("created_by_id")]).get(
        previous.get("created_by_id")
    )
    plan.previous = leaving
    plan.save()
    return plan


@transaction.atomic
def take_alternative(
    plan: SeatingPlan, mixing: str, user: planning.AnyUser | None = None
) -> SeatingPlan:
    """Make the seating a trade-off row describes (another mixing mode, seated in the same
    run) the draft; the draft it replaces becomes the previous one, to switch back to."""
    plan = SeatingPlan.objects.select_for_update().select_related("session").get(pk=plan.pk)
    planning.require_draft(plan)
    if mixing == plan.mixing:
        raise planning.SeatingError(_("The draft is seated under that mixing already."))
    row = next((r for r in plan.tradeoff if r.get("mixing") == mixing and r.get("seats")), None)
    if row is None:
        raise planning.SeatingError(
            _("There is no seating under that mixing to take. Generate again with it.")
        )
    # Members placed by hand were fixed in every mode's search, so they sit where they did.
    pinned = set(
        plan.session.seats.filter(pinned=True).values_list("participant_id", "theme_table_id")
    )
    seats = [[p, t, role, (p, t) in pinned] for p, t, role in row["seats"]]
    _check(plan, {"seats": seats})
    plan.previous = planning.snapshot(plan)
    _put_seats(plan, seats)
    plan.moves.all().delete()
    plan.mixing = mixing
    plan.save()
    planning.refresh_quality(plan)
    return plan
