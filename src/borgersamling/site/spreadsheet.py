"""Text for cells of the CSV files people open in a spreadsheet."""

from __future__ import annotations

# Spreadsheets run a cell that starts with one of these as a formula; names and free text are
# typed by people, so such cells are prefixed with an apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
