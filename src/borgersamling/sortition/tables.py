"""Read a CSV or XLSX table into header and numbered rows.

Danish Excel exports arrive as cp1252 with semicolons, newer ones as UTF-8 with a BOM;
both must read without the user choosing anything.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from borgersamling.sortition.errors import InputError

XLSX_SUFFIXES = {".xlsx", ".xlsm"}
ENCODINGS = ("utf-8-sig", "cp1252")
DELIMITERS = (",", ";", "\t")


@dataclass(frozen=True)
class Row:
    """One data row; ``number`` is the line as a spreadsheet shows it (header is row 1)."""

    number: int
    values: dict[str, str]


@dataclass(frozen=True)
class Table:
    path: Path
    header: list[str]
    rows: list[Row]
    delimiter: str = ","

    @property
    def name(self) -> str:
        return self.path.name


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def read_table(path: Path) -> Table:
    if not path.is_file():
        raise InputError("file_missing", file=str(path))
    try:
        if path.suffix.lower() in XLSX_SUFFIXES:
            header, records = _read_xlsx(path)
            delimiter = ","
        else:
            header, records, delimiter = _read_csv(path)
    except InputError:
        raise
    except Exception as exc:  # any parser failure means the file is unreadable for us
        raise InputError("file_unreadable", file=str(path), reason=str(exc)) from exc
    return _build_table(path, header, records, delimiter)


def _decode(data: bytes, path: Path) -> str:
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError("file_unreadable", file=str(path), reason="neither UTF-8 nor cp1252 text")


def _read_csv(path: Path) -> tuple[list[str], list[list[str]], str]:
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        raise InputError("file_unreadable", file=str(path), reason="binary content")
    text = _decode(data, path)
    first_line = text.splitlines()[0] if text.strip() else ""
    delimiter = max(DELIMITERS, key=first_line.count)
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    if not records:
        raise InputError("file_empty", file=str(path))
    return records[0], records[1:], delimiter


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(path: Path) -> tuple[list[str], list[list[str]]]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        records = [[_cell_text(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    if not records:
        raise InputError("file_empty", file=str(path))
    return records[0], records[1:]


def _build_table(path: Path, header: list[str], records: list[list[str]], delimiter: str) -> Table:
    header = [cell.strip() for cell in header]
    while header and header[-1] == "":
        header.pop()  # spreadsheets often carry empty trailing columns
    if not header:
        raise InputError("file_empty", file=str(path))
    seen: set[str] = set()
    for position, column in enumerate(header, start=1):
        if column == "":
            raise InputError("header_blank", file=str(path), column_number=position)
        if column in seen:
            raise InputError("header_duplicate", file=str(path), column=column)
        seen.add(column)
    rows: list[Row] = []
    for offset, record in enumerate(records, start=2):
        cells = [cell.strip() for cell in record]
        if not any(cells):
            continue  # blank lines are common at the end of exports
        extra = cells[len(header) :]
        if any(extra):
            raise InputError(
                "row_too_long", file=str(path), row=offset, expected=len(header), found=len(cells)
            )
        cells += [""] * (len(header) - len(cells))
        rows.append(Row(offset, dict(zip(header, cells, strict=False))))
    return Table(path=path, header=header, rows=rows, delimiter=delimiter)
