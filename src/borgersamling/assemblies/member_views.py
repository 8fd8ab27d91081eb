"""The member's own page: my sessions (the members' program), my table today, my wishes at
the tables (sent to ``seating.member_views``), the materials.

Only the assembly's members and its secretariat may see it. A member sees their own seats;
the secretariat sees the page as a member would, without seats, to check what members see.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from borgersamling.accounts import rules
from borgersamling.accounts.models import Participant, Role
from borgersamling.assemblies.models import Assembly, Program, ProgramItem, Session, ThemeTable
from borgersamling.assemblies.views import get_assembly
from borgersamling.seating.forms import PreferenceForm
from borgersamling.seating.models import Absence, SeatAssignment, SeatingPlan, SeatingPreference
from borgersamling.seating.roster import introduction_order
from borgersamling.site import clock


def today() -> datetime.date:
    """The assembly's today (local time); the browser tests move it to a session day."""
    return clock.today()


@dataclass(frozen=True)
class MySession:
    session: Session
    items: list[ProgramItem]
    table: ThemeTable | None
    is_today: bool
    is_next: bool
    is_past: bool
    role: str = ""
    """The member's role at the table (host, scribe), if any."""


def member_of(user_pk: int | None, assembly: Assembly) -> Participant | None:
    """The user's active member participation in the assembly, if any."""
    if user_pk is None:
        return None
    return Participant.objects.filter(
        assembly=assembly, user_id=user_pk, role=Role.MEMBER, is_active=True
    ).first()


def my_sessions(
    assembly: Assembly, member: Participant | None, on: datetime.date
) -> list[MySession]:
    """Every session with its members' program and the member's table; the next session
    (today's, if there is one today) is marked."""
    sessions = list(
        assembly.sessions.prefetch_related(
            Prefetch(
                "program_items",
                queryset=ProgramItem.objects.filter(program=Program.MEMBERS).order_by(
                    "order", "start"
                ),
            )
        )
    )
    tables: dict[int, ThemeTable] = {}
    roles: dict[int, str] = {}
    if member is not None:
        # Only locked seatings: a draft the secretariat is still moving people in is not news.
        seats = (
            SeatAssignment.objects.visible_to_members()
            .filter(participant=member)
            .select_related("theme_table")
        )
        tables = {seat.session_id: seat.theme_table for seat in seats}
        roles = {seat.session_id: seat.get_role_display() for seat in seats if seat.role}
    upcoming = next((session for session in sessions if session.date >= on), None)
    return [
        MySession(
            session=session,
            items=list(session.program_items.all()),
            table=tables.get(session.pk),
            is_today=session.date == on,
            is_next=upcoming is not None and session.pk == upcoming.pk,
            is_past=session.date < on,
            role=roles.get(session.pk, ""),
        )
        for session in sessions
    ]


def tablemates(member: Participant, today_session: MySession | None) -> list[SeatAssignment]:
    """Who else sits at the member's table today, host and scribe first: the names the
    member will meet when they sit down (only a locked seating, like the table itself)."""
    if today_session is None or today_session.table is None:
        return []
    seats = list(
        SeatAssignment.objects.visible_to_members()
        .filter(session=today_session.session, theme_table=today_session.table)
        .exclude(participant=member)
        .select_related("participant")
    )
    seats.sort(key=introduction_order)
    return seats


@dataclass(frozen=True)
class WishSession:
    session: Session
    settled: bool
    """Its seating is locked: wishes changed now count only at later sessions."""


def wish_sessions(assembly: Assembly, on: datetime.date) -> list[WishSession]:
    """The coming sessions at which theme wishes count."""
    sessions = list(assembly.sessions.filter(theme_wishes=True, date__gte=on).order_by("number"))
    locked = set(
        SeatingPlan.objects.filter(
            session__in=sessions, status=SeatingPlan.Status.LOCKED
        ).values_list("session_id", flat=True)
    )
    return [WishSession(session, session.pk in locked) for session in sessions]


@never_cache
def me(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = get_assembly(slug)
    if not rules.can_view_member_pages(request.user, assembly):
        if not request.user.is_authenticated:
            # Members log in with their personal code, and come straight back here.
            return redirect_to_login(
                request.get_full_path(), login_url=reverse("accounts:login-code")
            )
        raise PermissionDenied
    return render_me(request, assembly)


def render_me(
    request: HttpRequest,
    assembly: Assembly,
    wishes_form: PreferenceForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The member's page; ``wishes_form``: the member's wishes as they sent them, with errors."""
    member = member_of(request.user.pk, assembly)
    on = today()
    sessions = my_sessions(assembly, member, on)
    today_session = next((s for s in sessions if s.is_today), None)
    tables = list(assembly.theme_tables.order_by("number"))
    if member is not None and tables and wishes_form is None:
        wishes_form = PreferenceForm(
            prefix="wishes",
            tables=tables,
            initial=PreferenceForm.initial_for(
                SeatingPreference.objects.filter(participant=member).first()
            ),
        )
    return render(
        request,
        "assemblies/member/me.html",
        {
            "assembly": assembly,
            "member": member,
            "today": on,
            "sessions": sessions,
            "today_session": today_session,
            "tablemates": tablemates(member, today_session) if member else [],
            # Reported absent today (their seat was freed): if they came after all, they
            # should say so at the door rather than wait for a table.
            "absent_today": member is not None
            and today_session is not None
            and Absence.objects.filter(session=today_session.session, participant=member).exists(),
            "next_session": next((s for s in sessions if s.is_next), None),
            "materials": assembly.materials.select_related("session"),
            "wishes_form": wishes_form,
            "wish_sessions": wish_sessions(assembly, on) if wishes_form else [],
        },
        status=status,
    )
