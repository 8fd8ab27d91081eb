"""Changes to a draft or locked seating from the plan page: moves and roles by hand, undo, the
previous draft, another mixing mode's seating, lock and unlock, last session's tables, and
absences with the reseating they cause. Each is a POST that redirects back to the plan page."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from borgersamling.accounts.models import Participant
from borgersamling.accounts.permissions import rule_required
from borgersamling.accounts.rules import is_secretariat
from borgersamling.assemblies.models import Session, ThemeTable
from borgersamling.seating import drafts, editing, reseating, undoing
from borgersamling.seating.forms import AbsenceForm, MoveForm, RoleForm
from borgersamling.seating.models import MixingMode, SeatingPlan, SeatMove
from borgersamling.seating.planning import SeatingError
from borgersamling.seating.views import (
    assembly_of,
    members_of,
    plan_or_refuse,
    plan_url,
    refuse,
    session_of,
)


def _act_on_plan(
    request: HttpRequest, session: Session, act: Callable[[SeatingPlan], str]
) -> SeatingPlan | None:
    """Run ``act`` on the session's plan and say what it did, or why it could not; returns
    the plan when it went through."""
    plan = plan_or_refuse(request, session)
    if plan is None:
        return None
    try:
        messages.success(request, act(plan))
    except SeatingError as error:
        messages.error(request, error.message)
        return None
    return plan


@rule_required(is_secretariat, get_object=assembly_of)
@require_POST
def move(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    session = session_of(slug, number)
    plan = plan_or_refuse(request, session)
    if plan is None:
        return redirect(plan_url(session))
    form = MoveForm(
        request.POST,
        members=members_of(session),
        tables=ThemeTable.objects.filter(assembly=session.assembly),
    )
    if not form.is_valid():
        refuse(request, form)
        return redirect(plan_url(session, "tables"))
    member: Participant = form.cleaned_data["member"]
    target = form.cleaned_data["target"]
    try:
        if isinstance(target, ThemeTable):
            editing.move(plan, member, target, request.user)
            messages.success(
                request,
                _("%(name)s moved to table %(number)s.")
                % {"name": member.name, "number": target.number},
            )
        else:
            editing.swap(plan, member, target, request.user)
            messages.success(
                request,
                _("%(first)s and %(second)s swapped tables.")
                % {"first": member.name, "second": target.name},
            )
    except SeatingError as error:
        messages.error(request, error.message)
    return redirect(plan_url(session, f"seat-{member.pk}"))


@rule_required(is_secretariat, get_object=assembly_of)
@require_POST
def role(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    session = session_of(slug, number)
    plan = plan_or_refuse(request, session)
    if plan is None:
        return redirect(plan_url(session))
    form = RoleForm(request.POST, members=members_of(session))
    if not form.is_valid():
        refuse(request, form)
        return redirect(plan_url(session, "tables"))
    member: Participant = form.cleaned_data["member"]
    try:
        editing.set_role(plan, member, form.cleaned_data["role"] or "", request.user)
        messages.success(request, _("%(name)s's role is changed.") % {"name": member.name})
    except SeatingError as error:
        messages.error(request, error.message)
    return redirect(plan_url(session, f"seat-{member.pk}"))


@rule_required(is_secretariat, get_object=assembly_of)
@require_POST
def choose_roles(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """After moves by hand: every table's host and scribe chosen again, rotation kept."""
    session = session_of(slug, number)

    def choose(plan: SeatingPlan) -> str:
        moves = reseating.choose_roles(plan, request.user)
        return ngettext(
            "Hosts and scribes chosen again: %(count)s member's role changed.",
            "Hosts and scribes chosen again: %(count)s members' roles changed.",
            len(moves),
        ) % {"count": len(moves)}

    plan = _act_on_plan(request, session, choose)
    if plan is not None:
        _say_tables_left_without(request, plan)
    return redirect(plan_url(session, "figures"))


@rule_required(is_secretariat, get_object=assembly_of)
@require_POST
def undo(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """The last move, swap or role change by hand taken back."""
    session = session_of(slug, number)
    _act_on_plan(
        request,
        session,
        lambda plan: (
            _("Undone: %(change)s.")
            % {"change": undoing.describe(undoing.undo(plan, request.user))}
        ),
    )
    return redirect(plan_url(session, "tables"))


@rule_required(is_secretariat, get_object=assembly_of)
@require_POST
def previous_draft(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Back to the draft the current one replaced; the one left becomes the previous."""
    session = session_of(slug, number)

    def switch(plan: SeatingPlan) -> str:
        left = localtime(plan.created_at)
        others = [other.session.number for other in drafts.together(plan)]
        drafts.switch_to_previous(plan, request.user)
        text = _(
            "This is the previous draft again. The one generated %(when)s can be switched back "
            "to the same way."
        ) % {"when": date_format(left, "SHORT_DATETIME_FORMAT")}
        if others:
            text += " " + _together(others)
        return text

    _act_on_plan(request, session, switch)
    return redirect(plan_url(session, "figures"))


@rule_required(is_secretariat, get_object=assembly_of)
@require_POST
def take_alternative(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Another mixing mode's seating from the trade-off table as the draft."""
    session = session_of(slug, number)
    mixing = request.POST.get("mixing", "")

    def take(plan: SeatingPlan) -> str:
        drafts.take_alternative(plan, mixing, request.user)
        return _(
            "The seating under “%(mode)s” is the draft now. The one it replaced is the previous "
            "draft, to switch back to."
        ) % {"mode": MixingMode(mixing).label}

    _act_on_plan(request, session, take)
    return redirect(plan_url(session, "figures"))


def _together(numbers: list[int]) -> str:
    return ngettext(
        "Session %(numbers)s, seated in the same run, switched with it.",
        "Sessions %(numbers)s, seated in the same run, switched with it.",
        len(numbers),
    ) % {"numbers": ", ".join(map(str, numbers))}


def _say_tables_left_without(request: HttpRequest, plan: SeatingPlan) -> None:
    """A table still without a host or scribe has no one free and willing to take it."""
    plan.refresh_from_db(fields=["quality"])
    sessions = plan.quality.get("roles", {}).get("sessions", [])
    this = sessions[0] if sessions else {}
    for key, text in (
        (
            "tables_without_host",
            _(
                "Still no host at table %(tables)s: no one there is willing and free to host. "
                "Move a willing member there, or set a role by hand."
            ),
        ),
        (
            "tables_without_scribe",
            _(
                "Still no scribe at table %(tables)s: no one there is willing and free to "
                "scribe. Move a willing member there, or set a role by hand."
            ),
        ),
    ):
        if this.get(key):
            messages.warning(request, text % {"tables": ", ".join(this[key])})


@rule_required(is_secretariat, get_object=assembly_of)
@require_POST
def lock(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    session = session_of(slug, number)

    def lock_plan(plan: SeatingPlan) -> str:
        editing.lock(plan, request.user)
        return _("The seating is locked. The members now see their table.")

    _act_on_plan(request, session, lock_plan)
    return redirect(plan_url(session))


@rule_required(is_secretariat, get_object=assembly_of)
@require_POST
def keep(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """No new groups: everyone keeps their table from the last locked seating."""
    session = session_of(slug, number)
    try:
        _plan, previous = reseating.keep_tables(session, request.user)
    except SeatingError as error:
        messages.error(request, error.message)
        return redirect(plan_url(session))
    messages.success(
        request,
        _(
            "Everyone present sits at their table from session %(number)s; only absences and "
            "late members moved anyone. Check the figures, then lock the seating."
        )
        % {"number": previous.number},
    )
    return redirect(plan_url(session, "tables"))


@rule_required(is_secretariat, get_object=assembly_of)
@require_POST
def unlock(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    session = session_of(slug, number)

    def unlock_plan(plan: SeatingPlan) -> str:
        editing.unlock(plan, request.user)
        return _("The seating is a draft again. The members no longer see it.")

    _act_on_plan(request, session, unlock_plan)
    return redirect(plan_url(session))


def _reseated(moves: list[SeatMove]) -> str:
    return _("Reseated: %(moved)s member(s) got a new seat, everyone else stays.") % {
        "moved": reseating.moved_members(moves)
    }


@rule_required(is_secretariat, get_object=assembly_of)
@require_POST
def absence(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    session = session_of(slug, number)
    form = AbsenceForm(request.POST, members=members_of(session))
    if not form.is_valid():
        refuse(request, form)
        return redirect(plan_url(session, "absences"))
    member: Participant = form.cleaned_data["member"]
    try:
        moves = reseating.mark_absent(session, member, form.cleaned_data["absent"], request.user)
    except SeatingError as error:
        messages.error(request, error.message)
        return redirect(plan_url(session, "absences"))
    if form.cleaned_data["absent"]:
        messages.success(request, _("%(name)s is marked absent.") % {"name": member.name})
    else:
        messages.success(request, _("%(name)s comes after all.") % {"name": member.name})
    if moves:
        messages.success(request, _reseated(moves))
    return redirect(plan_url(session, "absences"))


@rule_required(is_secretariat, get_object=assembly_of)
@require_POST
def reseat(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Seat late members (replacements) and even out the tables, moving no one else."""
    session = session_of(slug, number)
    _act_on_plan(request, session, lambda plan: _reseated(reseating.reseat(plan, request.user)))
    return redirect(plan_url(session, "tables"))
