"""Small factories that write input files into ``tmp_path`` for the sortition tests."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from openpyxl import Workbook


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    """Write ``content`` to ``tmp_path / name``; text is written as UTF-8 byte for byte."""

    def write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        data = content.encode("utf-8") if isinstance(content, str) else content
        path.write_bytes(data)
        return path

    return write


@pytest.fixture
def write_xlsx(tmp_path: Path) -> Callable[[str, Sequence[Sequence[object]]], Path]:
    """Write ``rows`` (first row is the header) to the first sheet of a new workbook."""

    def write(name: str, rows: Sequence[Sequence[object]]) -> Path:
        path = tmp_path / name
        workbook = Workbook()
        sheet = workbook.active
        for row in rows:
            sheet.append(list(row))
        workbook.save(path)
        return path

    return write
