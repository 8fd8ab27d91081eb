"""Who may read and edit a table's draft, scribe for it and take its notes.

A member's table is where they sit in the assembly's current session: today's session, else
the latest past one (the table keeps working on what it started), else the first upcoming
one. The secretariat may do everything at every table; only it marks a draft final or
reopens it. Guests read drafts through the guest pages, which have their own checks.
"""

from __future__ import annotations

from borgersamling.accounts import rules
from borgersamling.accounts.models import Participant, Role
from borgersamling.accounts.rules import AnyUser
from borgersamling.assemblies.models import Assembly, Session, ThemeTable
from borgersamling.deliberation.models import Draft
from borgersamling.seating.models import SeatAssignment
from borgersamling.site import clock


def current_session(assembly: Assembly) -> Session | None:
    """Today's session, else the latest past one, else the first upcoming one."""
    today = clock.today()
    sessions = assembly.sessions.all()
    return (
        sessions.filter(date=today).order_by("number").first()
        or sessions.filter(date__lt=today).order_by("-date", "-number").first()
        or sessions.filter(date__gt=today).order_by("date", "number").first()
    )


def input_session(assembly: Assembly) -> Session | None:
    """The session guests' input belongs to: today's, else the open session."""
    today = clock.today()
    sessions = assembly.sessions.all()
    return (
        sessions.filter(date=today).order_by("number").first()
        or sessions.filter(is_open_session=True).order_by("number").first()
    )


def participant_of(user: AnyUser, assembly: Assembly) -> Participant | None:
    """The user's active participation in the assembly (any role), e.g. to sign a save."""
    if not user.is_authenticated:
        return None
    found = Participant.objects.filter(assembly=assembly, user_id=user.pk, is_active=True)
    return found.order_by("role", "pk").first()


def member_table(user: AnyUser, assembly: Assembly) -> ThemeTable | None:
    """The theme table the user sits at as a member in the current session."""
    if not user.is_authenticated:
        return None
    session = current_session(assembly)
    if session is None:
        return None
    seat = (
        SeatAssignment.objects.visible_to_members()
        .filter(
            session=session,
            participant__user_id=user.pk,
            participant__role=Role.MEMBER,
            participant__is_active=True,
        )
        .select_related("theme_table")
        .first()
    )
    return seat.theme_table if seat is not None else None


def is_table_member(user: AnyUser, theme_table: ThemeTable) -> bool:
    table = member_table(user, theme_table.assembly)
    return table is not None and table.pk == theme_table.pk


def can_read_draft(user: AnyUser, theme_table: ThemeTable) -> bool:
    """Every member of the assembly and the secretariat."""
    return rules.can_view_member_pages(user, theme_table.assembly)


def can_work_at_table(user: AnyUser, theme_table: ThemeTable) -> bool:
    """Members seated at the table, and the secretariat: scribe, take dialogue notes, mark
    input as worked on, export the table's input."""
    return rules.is_secretariat(user, theme_table.assembly) or is_table_member(user, theme_table)


def can_edit_draft(user: AnyUser, theme_table: ThemeTable, draft: Draft | None = None) -> bool:
    """The table's members and the secretariat, while the draft is not final."""
    if draft is not None and draft.is_final:
        return False
    return can_work_at_table(user, theme_table)


def can_finalize_draft(user: AnyUser, theme_table: ThemeTable) -> bool:
    return rules.is_secretariat(user, theme_table.assembly)
