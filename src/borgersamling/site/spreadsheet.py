"""Files people open in a spreadsheet: text for CSV cells, and Excel workbooks.

A CSV with commas opens in one column in Danish Excel (its list separator is the
semicolon), so what people fill in or read in Excel also comes as a workbook."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

# Spreadsheets run a cell that starts with one of these as a formula; names and free text are
# typed by people, so such cells are prefixed with an apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """UTF-8 with a byte-order mark, so spreadsheet programs read Danish letters right; text
    never runs as a formula, dates are ISO, an empty value an empty cell."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(
            [
                safe_cell(value)
                if isinstance(value, str)
                else value.isoformat()
                if isinstance(value, datetime.date)
                else ""
                if value is None
                else value
                for value in row
            ]
        )
    return buffer.getvalue()


def sheet_of(
    title: str,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    widths: Sequence[int] = (),
) -> tuple[Workbook, Worksheet]:
    """A workbook of one sheet: the header in bold and frozen, then the rows; every text
    stays text (a name starting with "=" is no formula)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]  # Excel's limit
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([None if isinstance(value, str) else value for value in row])
        for cell, value in zip(sheet[sheet.max_row], row, strict=False):
            if isinstance(value, str):
                cell.value = value
                cell.data_type = "s"
    for cell, width in zip(sheet[1], widths, strict=False):
        sheet.column_dimensions[cell.column_letter].width = width
    sheet.freeze_panes = "A2"
    return book, sheet


def workbook_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
