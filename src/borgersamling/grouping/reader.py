"""Read the seating's input files into a ``SeatingProblem``; errors name file, row, column.

Members: a pool-style CSV or XLSX with an id column, feature columns, optional ``host`` /
``scribe`` willingness (also ``vært`` / ``referent``) and ranked theme columns (``theme1``,
``theme2`` ... or ``tema1`` ...). History, fixed seats and absences use the columns of our own
seating.csv: ``session``, ``table``, ``member_id``, ``role``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from borgersamling.grouping.model import ROLES, Member, MixingMode, Seat, SeatingProblem, TableSpec
from borgersamling.sortition.errors import InputError
from borgersamling.sortition.tables import Row, Table, read_table, sha256_of

HOST_COLUMNS = ("host", "vært", "vaert", "bordvært")
SCRIBE_COLUMNS = ("scribe", "referent", "skriver")
THEME_COLUMN = re.compile(r"^(?:theme|tema)\s*[_-]?\s*(\d+)$", re.IGNORECASE)
YES = {"yes", "ja", "y", "j", "1", "x", "true", "sand"}
NO = {"no", "nej", "n", "0", "", "false", "falsk"}
TABLE_NAME_COLUMNS = ("table", "bord", "name", "navn")
TABLE_SIZE_COLUMNS = ("size", "seats", "pladser", "capacity")


@dataclass(frozen=True)
class SeatingFiles:
    members: Path
    sessions: int
    tables: int | None = None
    tables_file: Path | None = None
    table_sizes: tuple[int, ...] | None = None
    history: Path | None = None
    absent: Path | None = None
    fixed: Path | None = None
    apart: Path | None = None
    """Rows of member_id,apart_from: pairs who must not share a table."""
    start: Path | None = None
    """A seating.csv of the sessions seated now, to search on from (never worse than it)."""
    id_column: str = "id"
    features: tuple[str, ...] = ()
    """Feature columns to mix; empty: every column that is not id, role or theme."""
    theme_sessions: tuple[int, ...] | None = None
    mixing: MixingMode = "strict"
    seed: int = 0
    effort: int = 100
    tradeoff: bool = True

    def inputs(self) -> dict[str, Path]:
        named = {
            "members": self.members,
            "tables": self.tables_file,
            "history": self.history,
            "absent": self.absent,
            "fixed": self.fixed,
            "apart": self.apart,
            "start": self.start,
        }
        return {name: path for name, path in named.items() if path is not None}


def input_hashes(files: SeatingFiles) -> dict[str, dict[str, str]]:
    return {
        name: {"path": str(path), "sha256": sha256_of(path)}
        for name, path in files.inputs().items()
    }


def _lookup(table: Table) -> dict[str, str]:
    return {column.casefold(): column for column in table.header}


def _require(table: Table, names: Iterable[str]) -> dict[str, str]:
    columns = _lookup(table)
    missing = [name for name in names if name.casefold() not in columns]
    if missing:
        raise InputError(
            "pool_columns_missing",
            file=table.name,
            columns=", ".join(missing),
            found=", ".join(table.header),
        )
    return {name: columns[name.casefold()] for name in names}


def _first(table: Table, names: Iterable[str]) -> str | None:
    columns = _lookup(table)
    return next((columns[name] for name in names if name in columns), None)


def _flag(table: Table, row: Row, column: str | None) -> bool:
    if column is None:
        return False
    value = row.values[column].strip().casefold()
    if value in YES:
        return True
    if value in NO:
        return False
    raise InputError(
        "seat_flag_invalid",
        file=table.name,
        row=row.number,
        column=column,
        value=row.values[column],
    )


def read_tables(files: SeatingFiles) -> tuple[TableSpec, ...]:
    if files.tables_file is not None:
        table = read_table(files.tables_file)
        name_column = _first(table, TABLE_NAME_COLUMNS)
        if name_column is None:
            _require(table, ["table"])
        assert name_column is not None
        size_column = _first(table, TABLE_SIZE_COLUMNS)
        specs: list[TableSpec] = []
        for row in table.rows:
            name = row.values[name_column]
            if not name:
                raise InputError("cell_blank", file=table.name, row=row.number, column=name_column)
            capacity = None
            if size_column is not None and row.values[size_column]:
                text = row.values[size_column]
                if not text.isdecimal() or int(text) < 1:
                    raise InputError(
                        "seat_table_size_invalid",
                        file=table.name,
                        row=row.number,
                        column=size_column,
                        value=text,
                    )
                capacity = int(text)
            specs.append(TableSpec(name, capacity))
        if not specs:
            raise InputError("seat_tables_invalid", tables=0)
        return tuple(specs)
    count = files.tables or 0
    if count < 1:
        raise InputError("seat_tables_invalid", tables=count)
    sizes = files.table_sizes
    if sizes is not None and (len(sizes) != count or any(size < 1 for size in sizes)):
        raise InputError("seat_table_sizes_invalid", sizes=",".join(map(str, sizes)), tables=count)
    return tuple(
        TableSpec(str(k), None if sizes is None else sizes[k - 1]) for k in range(1, count + 1)
    )


def _theme_table(value: str, tables: tuple[TableSpec, ...]) -> str | None:
    wanted = " ".join(value.casefold().split())
    for table in tables:
        if " ".join(table.name.casefold().split()) == wanted:
            return table.name
    # "Bord 3" or "3" names the third table when the tables are numbered.
    digits = re.fullmatch(r"(?:bord|table)?\s*(\d+)", wanted)
    if digits and 1 <= int(digits.group(1)) <= len(tables):
        return tables[int(digits.group(1)) - 1].name
    return None


def read_members(
    files: SeatingFiles, tables: tuple[TableSpec, ...]
) -> tuple[tuple[Member, ...], tuple[str, ...]]:
    table = read_table(files.members)
    id_column = _require(table, [files.id_column])[files.id_column]
    host = _first(table, HOST_COLUMNS)
    scribe = _first(table, SCRIBE_COLUMNS)
    themes = sorted(
        (int(match.group(1)), column)
        for column in table.header
        if (match := THEME_COLUMN.match(column))
    )
    theme_columns = [column for _rank, column in themes]
    special = {id_column, host, scribe, *theme_columns}
    if files.features:
        features = tuple(_require(table, files.features).values())
    else:
        features = tuple(column for column in table.header if column not in special)
    if not table.rows:
        raise InputError("seat_members_empty", file=table.name)
    known = ", ".join(spec.name for spec in tables)
    members: list[Member] = []
    first_row: dict[str, int] = {}
    for row in table.rows:
        member_id = row.values[id_column]
        if not member_id:
            raise InputError("cell_blank", file=table.name, row=row.number, column=id_column)
        if member_id in first_row:
            raise InputError(
                "pool_duplicate_id",
                file=table.name,
                row=row.number,
                column=id_column,
                value=member_id,
                first_row=first_row[member_id],
            )
        first_row[member_id] = row.number
        for feature in features:
            if not row.values[feature]:
                raise InputError("cell_blank", file=table.name, row=row.number, column=feature)
        choices: list[str] = []
        for column in theme_columns:
            value = row.values[column]
            if not value:
                continue
            name = _theme_table(value, tables)
            if name is None:
                raise InputError(
                    "seat_theme_unknown",
                    file=table.name,
                    row=row.number,
                    column=column,
                    value=value,
                    known=known,
                )
            if name not in choices:
                choices.append(name)
        members.append(
            Member(
                id=member_id,
                features={feature: row.values[feature] for feature in features},
                host=_flag(table, row, host),
                scribe=_flag(table, row, scribe),
                themes=tuple(choices),
                row=row.number,
            )
        )
    return tuple(members), features


def _session(table: Table, row: Row, column: str, allowed: list[int] | None) -> int:
    text = row.values[column]
    if text.isdecimal() and int(text) >= 1 and (allowed is None or int(text) in allowed):
        return int(text)
    described = "1 or more" if allowed is None else ", ".join(map(str, allowed))
    raise InputError(
        "seat_session_invalid",
        file=table.name,
        row=row.number,
        column=column,
        value=text,
        allowed=described,
    )


def _member(table: Table, row: Row, column: str, known: set[str]) -> str:
    value = row.values[column]
    if value not in known:
        raise InputError(
            "seat_member_unknown", file=table.name, row=row.number, column=column, value=value
        )
    return value


def _role(table: Table, row: Row, column: str | None) -> str:
    if column is None:
        return ""
    value = row.values[column].strip().casefold()
    aliases = {"": "", "host": "host", "vært": "host", "scribe": "scribe", "referent": "scribe"}
    if value not in aliases:
        raise InputError(
            "seat_role_invalid", file=table.name, row=row.number, column=column, value=value
        )
    return aliases[value]


def read_seats(
    path: Path,
    known: set[str],
    allowed: list[int] | None,
    tables: tuple[TableSpec, ...] | None,
) -> list[tuple[Row, Seat]]:
    """Rows of session,table,member_id[,role]; ``tables`` None accepts any table name (the
    history may use other tables than today's)."""
    table = read_table(path)
    columns = _require(table, ["session", "table", "member_id"])
    role_column = _first(table, ["role", "rolle"])
    names = None if tables is None else {spec.name: spec.name for spec in tables}
    seats: list[tuple[Row, Seat]] = []
    first: dict[tuple[int, str], int] = {}
    for row in table.rows:
        session = _session(table, row, columns["session"], allowed)
        member = _member(table, row, columns["member_id"], known)
        table_name = row.values[columns["table"]]
        if names is not None:
            assert tables is not None
            found = names.get(table_name) or _theme_table(table_name, tables)
            if found is None:
                raise InputError(
                    "seat_table_unknown",
                    file=table.name,
                    row=row.number,
                    column=columns["table"],
                    value=table_name,
                    known=", ".join(spec.name for spec in tables),
                )
            table_name = found
        if (session, member) in first:
            raise InputError(
                "seat_seated_twice",
                file=table.name,
                row=row.number,
                member=member,
                session=session,
                first_row=first[(session, member)],
            )
        first[(session, member)] = row.number
        seats.append((row, Seat(session, table_name, member, _role(table, row, role_column))))
    return seats


def read_absent(path: Path, known: set[str], allowed: list[int]) -> dict[int, frozenset[str]]:
    table = read_table(path)
    columns = _require(table, ["session", "member_id"])
    absent: dict[int, set[str]] = {}
    for row in table.rows:
        session = _session(table, row, columns["session"], allowed)
        absent.setdefault(session, set()).add(_member(table, row, columns["member_id"], known))
    return {session: frozenset(ids) for session, ids in sorted(absent.items())}


def read_apart(path: Path, known: set[str]) -> tuple[tuple[str, str], ...]:
    table = read_table(path)
    columns = _require(table, ["member_id", "apart_from"])
    pairs: dict[frozenset[str], tuple[str, str]] = {}
    for row in table.rows:
        first = _member(table, row, columns["member_id"], known)
        second = _member(table, row, columns["apart_from"], known)
        if first == second:
            raise InputError("seat_apart_self_row", file=table.name, row=row.number, member=first)
        pairs.setdefault(frozenset((first, second)), (first, second))
    return tuple(pairs.values())


def read_problem(files: SeatingFiles) -> SeatingProblem:
    if files.sessions < 1:
        raise InputError("seat_sessions_invalid", sessions=files.sessions)
    if files.effort < 1:
        raise InputError("seat_effort_invalid", effort=files.effort)
    tables = read_tables(files)
    members, features = read_members(files, tables)
    known = {member.id for member in members}
    history = (
        [seat for _row, seat in read_seats(files.history, known, None, None)]
        if files.history
        else []
    )
    last = max((seat.session for seat in history), default=0)
    sessions = list(range(last + 1, last + 1 + files.sessions))
    absent = read_absent(files.absent, known, sessions) if files.absent else {}
    fixed: list[Seat] = []
    if files.fixed:
        for row, seat in read_seats(files.fixed, known, sessions, tables):
            if seat.member_id in absent.get(seat.session, frozenset()):
                raise InputError(
                    "seat_fixed_absent_row",
                    file=files.fixed.name,
                    row=row.number,
                    member=seat.member_id,
                    session=seat.session,
                )
            fixed.append(seat)
    start = (
        tuple(seat for _row, seat in read_seats(files.start, known, sessions, tables))
        if files.start
        else ()
    )
    theme_sessions = None
    if files.theme_sessions is not None:
        if any(session not in sessions for session in files.theme_sessions):
            raise InputError(
                "seat_theme_sessions_invalid",
                value=",".join(map(str, files.theme_sessions)),
                allowed=", ".join(map(str, sessions)),
            )
        theme_sessions = frozenset(files.theme_sessions)
    assert all(role in ("", *ROLES) for role in (seat.role for seat in fixed))
    return SeatingProblem(
        members=members,
        features=features,
        tables=tables,
        sessions=tuple(sessions),
        history=tuple(history),
        absent=absent,
        fixed=tuple(fixed),
        theme_sessions=theme_sessions,
        apart=read_apart(files.apart, known) if files.apart else (),
        mixing=files.mixing,
        seed=files.seed,
        effort=files.effort,
        tradeoff=files.tradeoff,
        start=start,
    )
