"""A session's seating read from a file (CSV or XLSX): a seating made by hand or with another
tool (an assembly that starts using the platform after its first sessions, so the engine
knows who has met), or the platform's own export edited in a spreadsheet.

The file has a row per member: the table (its number, "Bord 3" or its theme) and the member
(``member_id`` as in the template and the export, or the name), and may have a role (host or
scribe) and a session column; rows of other sessions are left out, so the export of every
session can be read as it is. Every row is checked before anything is stored, and every
mistake is named by row and column. The seating becomes the session's draft (the draft it
replaces is kept as the previous one); members present whom the file gives no table (not
in it, or with the table left empty as in the template) are left without a seat, for the
page's "seat the members without a seat".
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from borgersamling.accounts.models import Participant
from borgersamling.assemblies.models import Session, ThemeTable
from borgersamling.grouping.model import Seat
from borgersamling.seating import planning
from borgersamling.seating import problem as problems
from borgersamling.seating.models import SeatingPlan, SeatRole
from borgersamling.site.spreadsheet import FORMULA_STARTS
from borgersamling.sortition.tables import Row, Table

SESSION_COLUMNS = ("session", "samling")
TABLE_COLUMNS = ("table", "bord")
MEMBER_COLUMNS = ("member_id", "medlem_id", "id")
NAME_COLUMNS = ("name", "navn")
ROLE_COLUMNS = ("role", "rolle")
MOST_ERRORS = 20
"""More mistakes than this are counted, not listed: the file is probably the wrong one."""


class SeatingFileError(Exception):
    """The file cannot be read as this session's seating; ``errors`` say why, each naming
    the file and, where there is one, the row and column."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass(frozen=True)
class Imported:
    plan: SeatingPlan
    seated: int
    without_seat: list[Participant]
    """Members present whom the file gives no table."""
    other_sessions: int
    """Rows of other sessions, left out."""


def _normal(text: str) -> str:
    return " ".join(text.casefold().split())


def _column(table: Table, names: tuple[str, ...]) -> str | None:
    columns = {_normal(column): column for column in table.header}
    return next((columns[name] for name in names if name in columns), None)


def _table_names(session: Session) -> dict[str, ThemeTable]:
    """Every way the file may name a table: "3", "Bord 3", "Table 3" and its theme."""
    names: dict[str, ThemeTable] = {}
    for table in ThemeTable.objects.filter(assembly_id=session.assembly_id).order_by("number"):
        for name in (str(table.number), f"bord {table.number}", f"table {table.number}"):
            names[name] = table
        names.setdefault(_normal(table.theme), table)
    return names


def _member_names(members: list[Participant]) -> dict[str, Participant | None]:
    """Name -> member; None where two members share the name (the id must tell them apart)."""
    names: dict[str, Participant | None] = {}
    for member in members:
        key = _normal(member.name)
        names[key] = None if key in names else member
    return names


def _roles() -> dict[str, str]:
    roles = {"": "", "host": "host", "vært": "host", "scribe": "scribe", "referent": "scribe"}
    for value, label in SeatRole.choices:
        roles.setdefault(_normal(str(label)), value)
    return roles


@dataclass
class _Reader:
    session: Session
    table: Table
    errors: list[str]
    roles: dict[str, str]

    def error(self, row: Row | None, column: str | None, text: str) -> None:
        where = self.table.name
        if row is not None:
            where += ", " + _("row %(row)s") % {"row": row.number}
        if column:
            where += ", " + _("column '%(column)s'") % {"column": column}
        self.errors.append(f"{where}: {text}")


def _session_of(reader: _Reader, row: Row, column: str | None) -> int | None:
    if column is None:
        return reader.session.number
    text = row.values[column]
    if not text:
        return reader.session.number  # a row without a session belongs to this one
    if not text.isdecimal():
        reader.error(row, column, _("'%(value)s' is not a session number.") % {"value": text})
        return None
    return int(text)


def _member_of(
    reader: _Reader,
    row: Row,
    columns: tuple[str | None, str | None],
    by_id: dict[str, Participant],
    by_name: dict[str, Participant | None],
) -> Participant | None:
    id_column, name_column = columns
    if id_column is not None and row.values[id_column]:
        value = row.values[id_column]
        if value not in by_id:
            reader.error(
                row,
                id_column,
                _("'%(value)s' is not a member of this assembly (see the template for the ids).")
                % {"value": value},
            )
        return by_id.get(value)
    if name_column is not None and row.values[name_column]:
        value = row.values[name_column]
        # The template's names are kept from running as formulas by a leading apostrophe.
        quoted = value.startswith("'") and value[1:].startswith(FORMULA_STARTS)
        key = _normal(value[1:] if quoted else value)
        if key not in by_name:
            reader.error(row, name_column, _("No member is called '%(value)s'.") % {"value": value})
        elif by_name[key] is None:
            reader.error(
                row,
                name_column,
                _(
                    "Two members are called '%(value)s': give their member_id (see the "
                    "template) instead."
                )
                % {"value": value},
            )
        return by_name.get(key)
    reader.error(row, id_column or name_column, _("The member is missing."))
    return None


def _table_of(
    reader: _Reader, row: Row, column: str, names: dict[str, ThemeTable]
) -> ThemeTable | None:
    value = row.values[column]
    table = names.get(_normal(value))
    if table is None:
        known = sorted({table.number for table in names.values()})
        reader.error(
            row,
            column,
            _("No table is called '%(value)s' (the tables are %(known)s).")
            % {"value": value, "known": ", ".join(map(str, known))},
        )
    return table


def _role_of(reader: _Reader, row: Row, column: str | None) -> str:
    if column is None:
        return ""
    value = row.values[column]
    role = reader.roles.get(_normal(value))
    if role is None:
        reader.error(
            row,
            column,
            _("'%(value)s' is not a role: write host, scribe or leave it empty.")
            % {"value": value},
        )
        return ""
    return role


@dataclass(frozen=True)
class _Parsed:
    seats: list[Seat]
    other_sessions: int


def read_seating(session: Session, table: Table) -> _Parsed:
    """The file's seats of this session, as the engine's seats; raises ``SeatingFileError``
    with every mistake found."""
    reader = _Reader(session, table, [], _roles())
    table_column = _column(table, TABLE_COLUMNS)
    id_column = _column(table, MEMBER_COLUMNS)
    name_column = _column(table, NAME_COLUMNS)
    if table_column is None or (id_column is None and name_column is None):
        raise SeatingFileError(
            [
                _(
                    "%(file)s: the file needs a column 'table' (or 'bord') and a column "
                    "'member_id' or 'name' (or 'navn'); its columns are: %(found)s."
                )
                % {"file": table.name, "found": ", ".join(table.header)}
            ]
        )
    session_column = _column(table, SESSION_COLUMNS)
    role_column = _column(table, ROLE_COLUMNS)
    members = problems.active_members(session)
    by_id = {problems.member_key(member): member for member in members}
    by_name = _member_names(members)
    tables = _table_names(session)
    if not tables:
        raise SeatingFileError(
            [_("The assembly has no theme tables yet. Add them under the secretariat's content.")]
        )
    absent = set(session.absences.values_list("participant_id", flat=True))
    first_row: dict[int, int] = {}
    seats: list[Seat] = []
    others = 0
    for row in table.rows:
        number = _session_of(reader, row, session_column)
        if number is not None and number != session.number:
            others += 1
            continue
        member = _member_of(reader, row, (id_column, name_column), by_id, by_name)
        if not row.values[table_column]:
            continue  # left without a table, as in the template: no seat yet
        theme_table = _table_of(reader, row, table_column, tables)
        role = _role_of(reader, row, role_column)
        if member is None or theme_table is None or number is None:
            continue
        if member.pk in first_row:
            reader.error(
                row,
                None,
                _("%(name)s already has a seat in row %(first)s.")
                % {"name": member.name, "first": first_row[member.pk]},
            )
            continue
        first_row[member.pk] = row.number
        if member.pk in absent:
            reader.error(
                row,
                None,
                _(
                    "%(name)s is marked absent from this session: leave the row out, or take "
                    "the absence back first."
                )
                % {"name": member.name},
            )
            continue
        seats.append(
            Seat(
                session.number,
                problems.table_key(theme_table),
                problems.member_key(member),
                role,
            )
        )
    if not reader.errors and not seats:
        reader.error(
            None,
            None,
            _("no seats of session %(number)s (rows of other sessions: %(others)s).")
            % {"number": session.number, "others": others},
        )
    if reader.errors:
        raise SeatingFileError(_shortened(reader.errors))
    return _Parsed(seats, others)


def _shortened(errors: list[str]) -> list[str]:
    if len(errors) <= MOST_ERRORS:
        return errors
    more = len(errors) - MOST_ERRORS
    return [
        *errors[:MOST_ERRORS],
        ngettext("… and %(count)s more mistake.", "… and %(count)s more mistakes.", more)
        % {"count": more},
    ]


@transaction.atomic
def import_seating(
    session: Session, table: Table, user: planning.AnyUser | None = None
) -> Imported:
    """Make the file's seating the session's draft, all or nothing; raises
    ``SeatingFileError`` for mistakes in the file and ``planning.SeatingError`` when the
    session cannot take a new draft now (locked, or a run will replace it)."""
    planning.require_no_run(session)
    plan = SeatingPlan.objects.select_for_update().filter(session=session).first()
    if plan is not None and plan.is_locked:
        raise planning.SeatingError(
            _("The seating of this session is locked. Unlock it before reading a file.")
        )
    parsed = read_seating(session, table)
    capacity = plan.capacity if plan is not None else None
    mixing = planning.mode_of(plan.mixing if plan is not None else "strict")
    inputs = problems.build(session, mixing=mixing, capacity=capacity)
    stored = planning.store_draft(
        session,
        inputs,
        parsed.seats,
        set(),
        figures=planning.figures_of(inputs.problem, parsed.seats),
        tradeoff=[],
        seed=plan.seed if plan is not None else 0,
        mixing=mixing,
        capacity=capacity,
        wall_time=0.0,
        user=user,
        source=SeatingPlan.Source.FILE,
        source_file=table.name[:255],
    )
    seated = {seat.member_id for seat in parsed.seats}
    without = [
        member
        for key, member in inputs.members.items()
        if key not in seated and key not in inputs.absent
    ]
    return Imported(stored, len(seated), without, parsed.other_sessions)
