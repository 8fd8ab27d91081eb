"""Turn the database into the seating engine's plain input, and the engine's seats back.

The engine knows members and tables by strings: a member is the participant's pk, a table is
its number. Members come from the assembly's active members; their backgrounds from their
sign-up (recruitment), their willingness and wishes from ``SeatingPreference``. A member
without a sign-up has no known background: every feature is "" for them, which the engine
treats as one more value to spread, so they are still seated.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from django.db.models import QuerySet

from borgersamling.accounts.models import Participant, Role
from borgersamling.assemblies.models import Session, ThemeTable
from borgersamling.grouping.model import Member, MixingMode, Seat, SeatingProblem, TableSpec
from borgersamling.recruitment.models import Feature, SignUp
from borgersamling.seating.models import Absence, ApartPair, SeatAssignment, SeatingPreference

UNKNOWN = ""
"""The value of every feature of a member without a sign-up."""


@dataclass(frozen=True)
class FeatureColumn:
    key: str
    label: str


@dataclass(frozen=True)
class SessionInputs:
    """One session's seating problem, with the rows its ids stand for."""

    session: Session
    problem: SeatingProblem
    members: dict[str, Participant]
    """Engine id -> member (the assembly's active members, absent ones too)."""
    tables: dict[str, ThemeTable]
    """Engine table name -> theme table, in table order."""
    features: tuple[FeatureColumn, ...]
    without_signup: tuple[Participant, ...]
    absent: frozenset[str]

    @property
    def wishing(self) -> int:
        """Members with at least one theme wish."""
        return sum(1 for member in self.problem.members if member.themes)

    def seat_of(self, seat: SeatAssignment) -> Seat:
        return Seat(self.session.number, table_key(seat.theme_table), member_key(seat.participant))


def member_key(participant: Participant) -> str:
    return str(participant.pk)


def table_key(table: ThemeTable) -> str:
    return str(table.number)


def active_member_rows(assembly_id: int) -> QuerySet[Participant]:
    """The assembly's active members, the people the seating is for."""
    return Participant.objects.filter(assembly_id=assembly_id, role=Role.MEMBER, is_active=True)


def active_members(session: Session) -> list[Participant]:
    return list(
        active_member_rows(session.assembly_id)
        .select_related("signup", "seating_preference")
        .order_by("pk")
    )


def _signup_features(participant: Participant) -> dict[str, object] | None:
    try:
        signup = participant.signup
    except SignUp.DoesNotExist:
        return None
    features = signup.features
    return features if isinstance(features, dict) else {}


def _preference(participant: Participant) -> SeatingPreference | None:
    try:
        return participant.seating_preference
    except SeatingPreference.DoesNotExist:
        return None


def _columns(session: Session, known: Iterable[dict[str, object] | None]) -> list[FeatureColumn]:
    """The recruitment's features that at least one member has a value for; a feature
    nobody has tells the engine nothing."""
    answers = [features for features in known if features]
    columns = []
    for feature in Feature.objects.filter(recruitment__assembly_id=session.assembly_id):
        if any(str(features.get(feature.key, "")).strip() for features in answers):
            columns.append(FeatureColumn(feature.key, feature.label))
    return columns


def _member(
    participant: Participant,
    signup: dict[str, object] | None,
    columns: list[FeatureColumn],
    tables: dict[int, str],
) -> Member:
    values = {
        column.key: str((signup or {}).get(column.key, UNKNOWN)).strip() for column in columns
    }
    preference = _preference(participant)
    themes: tuple[str, ...] = ()
    if preference is not None:
        themes = tuple(dict.fromkeys(tables[n] for n in preference.theme_numbers() if n in tables))
    return Member(
        id=member_key(participant),
        features=values,
        host=bool(preference and preference.willing_host),
        scribe=bool(preference and preference.willing_scribe),
        themes=themes,
    )


def history(session: Session, known: set[str]) -> tuple[Seat, ...]:
    """The seats members have sat in before this session: those they were shown (a draft of
    an earlier session never happened). Seats of people no longer members are left out:
    who they met no longer matters."""
    seats = (
        SeatAssignment.objects.visible_to_members()
        .filter(session__assembly_id=session.assembly_id, session__number__lt=session.number)
        .select_related("session", "theme_table")
        .order_by("session__number", "pk")
    )
    return tuple(
        Seat(seat.session.number, table_key(seat.theme_table), str(seat.participant_id), seat.role)
        for seat in seats
        if str(seat.participant_id) in known
    )


def apart_pairs(session: Session, known: set[str]) -> tuple[tuple[str, str], ...]:
    """The pairs kept apart among the active members; a pair whose other member has left is
    kept in the database (they may come back) but means nothing to the engine."""
    pairs = ApartPair.objects.filter(assembly_id=session.assembly_id).order_by("pk")
    return tuple(
        (str(a), str(b))
        for a, b in pairs.values_list("first_id", "second_id")
        if str(a) in known and str(b) in known
    )


def build(
    session: Session,
    *,
    mixing: MixingMode = "strict",
    seed: int = 0,
    capacity: int | None = None,
    fixed: Iterable[SeatAssignment] = (),
    effort: int = 100,
    tradeoff: bool = True,
) -> SessionInputs:
    members = active_members(session)
    signups = {member.pk: _signup_features(member) for member in members}
    columns = _columns(session, signups.values())
    theme_tables = list(
        ThemeTable.objects.filter(assembly_id=session.assembly_id).order_by("number")
    )
    names = {table.number: table_key(table) for table in theme_tables}
    engine_members = tuple(
        _member(member, signups[member.pk], columns, names) for member in members
    )
    known = {member.id for member in engine_members}
    absent_ids = frozenset(
        str(pk)
        for pk in Absence.objects.filter(session=session).values_list("participant_id", flat=True)
        if str(pk) in known
    )
    # A seat placed by hand keeps its role too (the role moved with the member, or was given
    # by hand).
    fixed_seats = tuple(
        Seat(session.number, table_key(seat.theme_table), str(seat.participant_id), seat.role)
        for seat in fixed
        if str(seat.participant_id) in known and str(seat.participant_id) not in absent_ids
    )
    problem = SeatingProblem(
        members=engine_members,
        features=tuple(column.key for column in columns),
        tables=tuple(TableSpec(table_key(table), capacity) for table in theme_tables),
        sessions=(session.number,),
        history=history(session, known),
        absent={session.number: absent_ids} if absent_ids else {},
        fixed=fixed_seats,
        # Wishes count only where the session lets members find a theme table.
        theme_sessions=frozenset({session.number} if session.theme_wishes else ()),
        apart=apart_pairs(session, known),
        mixing=mixing,
        seed=seed,
        effort=effort,
        tradeoff=tradeoff,
    )
    return SessionInputs(
        session=session,
        problem=problem,
        members={member_key(member): member for member in members},
        tables={table_key(table): table for table in theme_tables},
        features=tuple(columns),
        without_signup=tuple(member for member in members if signups[member.pk] is None),
        absent=absent_ids,
    )


def with_later_sessions(
    inputs: SessionInputs, later: Sequence[Session], pinned: Iterable[SeatAssignment]
) -> SeatingProblem:
    """The session's problem extended to later sessions seated in the same run, with their
    absences and, as fixed seats, their members placed by hand."""
    problem = inputs.problem
    absent = dict(problem.absent)
    for other in later:
        away = frozenset(
            str(pk)
            for pk in Absence.objects.filter(session=other).values_list("participant_id", flat=True)
            if str(pk) in inputs.members
        )
        if away:
            absent[other.number] = away
    fixed = list(problem.fixed)
    for seat in pinned:
        member, number = str(seat.participant_id), seat.session.number
        if seat.session_id == inputs.session.pk or member not in inputs.members:
            continue
        if member not in absent.get(number, frozenset()):
            fixed.append(Seat(number, table_key(seat.theme_table), member, seat.role))
    return replace(
        problem,
        sessions=(inputs.session.number, *(other.number for other in later)),
        absent=absent,
        fixed=tuple(fixed),
        theme_sessions=(problem.theme_sessions or frozenset())
        | {other.number for other in later if other.theme_wishes},
    )


def current_seats(inputs: SessionInputs) -> list[Seat]:
    """The session's seats as the engine sees them (people no longer members left out)."""
    seats = SeatAssignment.objects.filter(session=inputs.session).select_related("theme_table")
    return [
        Seat(
            inputs.session.number, table_key(seat.theme_table), str(seat.participant_id), seat.role
        )
        for seat in seats.order_by("pk")
        if str(seat.participant_id) in inputs.members
    ]
