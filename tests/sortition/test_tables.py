"""Reading CSV and XLSX tables: delimiters, encodings, row numbers and unreadable input."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from borgersamling.sortition.errors import InputError
from borgersamling.sortition.tables import read_table, sha256_of

WriteFile = Callable[[str, str | bytes], Path]
WriteXlsx = Callable[[str, Sequence[Sequence[object]]], Path]


def _values(path: Path) -> list[dict[str, str]]:
    return [row.values for row in read_table(path).rows]


# --- delimiters -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("delimiter", "text"),
    [
        (",", "id,age,gender\n1,18-29,Male\n2,30-44,Female\n"),
        (";", "id;age;gender\n1;18-29;Male\n2;30-44;Female\n"),
        ("\t", "id\tage\tgender\n1\t18-29\tMale\n2\t30-44\tFemale\n"),
    ],
    ids=["comma", "semicolon", "tab"],
)
def test_csv_delimiter_is_detected(write_file: WriteFile, delimiter: str, text: str) -> None:
    table = read_table(write_file("pool.csv", text))

    assert table.delimiter == delimiter
    assert table.header == ["id", "age", "gender"]
    assert [row.values for row in table.rows] == [
        {"id": "1", "age": "18-29", "gender": "Male"},
        {"id": "2", "age": "30-44", "gender": "Female"},
    ]
    assert [row.number for row in table.rows] == [2, 3]


def test_semicolon_file_keeps_decimal_commas_inside_cells(write_file: WriteFile) -> None:
    table = read_table(write_file("quotas.csv", "feature;value;share\nage;young;0,35\n"))

    assert table.delimiter == ";"
    assert table.rows[0].values == {"feature": "age", "value": "young", "share": "0,35"}


def test_quoted_cell_keeps_its_delimiter(write_file: WriteFile) -> None:
    table = read_table(write_file("pool.csv", 'id,address\n1,"Nørregade 1, 2. th"\n'))

    assert table.rows[0].values == {"id": "1", "address": "Nørregade 1, 2. th"}


def test_crlf_line_endings(write_file: WriteFile) -> None:
    table = read_table(write_file("pool.csv", b"id;age\r\n1;young\r\n2;old\r\n"))

    assert table.header == ["id", "age"]
    assert [row.values["age"] for row in table.rows] == ["young", "old"]


def test_table_name_is_the_file_name(write_file: WriteFile) -> None:
    table = read_table(write_file("tilmeldte.csv", "id\n1\n"))

    assert table.name == "tilmeldte.csv"


# --- encodings --------------------------------------------------------------------------

DANISH = "id;Køn;Område;Bemærkning\n1;Kvinde;Århus;Går på æblestien\n2;Mand;Ærø;ø\n"
DANISH_ROWS = [
    {"id": "1", "Køn": "Kvinde", "Område": "Århus", "Bemærkning": "Går på æblestien"},
    {"id": "2", "Køn": "Mand", "Område": "Ærø", "Bemærkning": "ø"},
]


def test_utf8_with_danish_letters(write_file: WriteFile) -> None:
    table = read_table(write_file("pool.csv", DANISH.encode("utf-8")))

    assert table.header == ["id", "Køn", "Område", "Bemærkning"]
    assert [row.values for row in table.rows] == DANISH_ROWS


def test_utf8_with_bom(write_file: WriteFile) -> None:
    table = read_table(write_file("pool.csv", b"\xef\xbb\xbf" + DANISH.encode("utf-8")))

    # The BOM must not stick to the first column name, or "id" would not be found.
    assert table.header[0] == "id"
    assert table.header == ["id", "Køn", "Område", "Bemærkning"]
    assert [row.values for row in table.rows] == DANISH_ROWS


def test_cp1252_danish_excel_export(write_file: WriteFile) -> None:
    data = DANISH.encode("cp1252")
    assert b"\xf8" in data  # ø as a single cp1252 byte, which is not valid UTF-8

    table = read_table(write_file("pool.csv", data))

    assert table.header == ["id", "Køn", "Område", "Bemærkning"]
    assert [row.values for row in table.rows] == DANISH_ROWS


# --- XLSX -------------------------------------------------------------------------------


def test_xlsx_reads_first_sheet_and_turns_whole_floats_into_integers(
    write_xlsx: WriteXlsx,
) -> None:
    path = write_xlsx(
        "pool.xlsx",
        [
            ["id", "Køn", "alder", "andel", "note"],
            [1.0, "Kvinde", 34, 0.35, None],
            [2, "Mand", 2.5, 1.0, "Ærø"],
        ],
    )

    table = read_table(path)

    assert table.header == ["id", "Køn", "alder", "andel", "note"]
    assert [row.values for row in table.rows] == [
        {"id": "1", "Køn": "Kvinde", "alder": "34", "andel": "0.35", "note": ""},
        {"id": "2", "Køn": "Mand", "alder": "2.5", "andel": "1", "note": "Ærø"},
    ]
    assert [row.number for row in table.rows] == [2, 3]


def test_xlsx_row_numbers_skip_blank_rows_but_keep_counting(write_xlsx: WriteXlsx) -> None:
    path = write_xlsx("pool.xlsx", [["id", "x"], [1, "a"], [None, None], [3, "c"]])

    table = read_table(path)

    assert [(row.number, row.values["id"]) for row in table.rows] == [(2, "1"), (4, "3")]


def test_xlsx_empty_trailing_header_cells_are_dropped(write_xlsx: WriteXlsx) -> None:
    path = write_xlsx("pool.xlsx", [["id", "x", None, None], [1, "a", None, None]])

    table = read_table(path)

    assert table.header == ["id", "x"]
    assert table.rows[0].values == {"id": "1", "x": "a"}


def test_xlsx_suffix_is_case_insensitive(write_xlsx: WriteXlsx) -> None:
    path = write_xlsx("POOL.XLSX", [["id"], [7]])

    assert _values(path) == [{"id": "7"}]


def test_empty_xlsx_is_reported_as_empty(write_xlsx: WriteXlsx) -> None:
    path = write_xlsx("pool.xlsx", [])

    with pytest.raises(InputError) as caught:
        read_table(path)

    assert caught.value.code == "file_empty"
    assert "pool.xlsx" in str(caught.value)


def test_csv_disguised_as_xlsx_is_unreadable(write_file: WriteFile) -> None:
    path = write_file("pool.xlsx", "id,age\n1,young\n")

    with pytest.raises(InputError) as caught:
        read_table(path)

    assert caught.value.code == "file_unreadable"
    assert caught.value.exit_code == 2
    assert str(path) in str(caught.value)


# --- blank lines, whitespace and row numbers --------------------------------------------


def test_blank_trailing_lines_are_skipped(write_file: WriteFile) -> None:
    table = read_table(write_file("pool.csv", "id,age\n1,young\n2,old\n\n\n,,\n , \n"))

    assert [row.values["id"] for row in table.rows] == ["1", "2"]


def test_row_numbers_match_the_spreadsheet_after_a_blank_line(write_file: WriteFile) -> None:
    table = read_table(write_file("pool.csv", "id,age\n1,young\n\n3,old\n"))

    assert [(row.number, row.values["id"]) for row in table.rows] == [(2, "1"), (4, "3")]


def test_row_numbers_count_a_multiline_cell_as_one_row(write_file: WriteFile) -> None:
    table = read_table(write_file("pool.csv", 'id,note\n1,"two\nlines"\n2,x\n'))

    assert [(row.number, row.values["note"]) for row in table.rows] == [
        (2, "two\nlines"),
        (3, "x"),
    ]


def test_cells_and_header_are_stripped_and_short_rows_padded(write_file: WriteFile) -> None:
    table = read_table(write_file("pool.csv", " id , age ,note\n 1 , young \n"))

    assert table.header == ["id", "age", "note"]
    assert table.rows[0].values == {"id": "1", "age": "young", "note": ""}


def test_trailing_empty_cells_beyond_the_header_are_allowed(write_file: WriteFile) -> None:
    table = read_table(write_file("pool.csv", "id;age;;\n1;young;;\n"))

    assert table.header == ["id", "age"]
    assert table.rows[0].values == {"id": "1", "age": "young"}


def test_header_only_gives_no_rows(write_file: WriteFile) -> None:
    table = read_table(write_file("pool.csv", "id,age\n"))

    assert table.header == ["id", "age"]
    assert table.rows == []


# --- errors -----------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.csv"

    with pytest.raises(InputError) as caught:
        read_table(path)

    assert caught.value.code == "file_missing"
    assert caught.value.params == {"file": str(path)}
    assert caught.value.exit_code == 2
    assert str(caught.value) == f"{path}: file not found"
    assert caught.value.message("da") == f"{path}: filen findes ikke"


def test_directory_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        read_table(tmp_path)

    assert caught.value.code == "file_missing"


def test_binary_file_is_unreadable(write_file: WriteFile) -> None:
    path = write_file("pool.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")

    with pytest.raises(InputError) as caught:
        read_table(path)

    assert caught.value.code == "file_unreadable"
    assert caught.value.params["reason"] == "binary content"
    assert str(path) in str(caught.value)
    assert "cannot read the file" in str(caught.value)


def test_garbage_that_is_neither_utf8_nor_cp1252_is_unreadable(write_file: WriteFile) -> None:
    # 0x81 and 0x8d are undefined in cp1252 and invalid as UTF-8 here.
    path = write_file("pool.csv", b"id,age\n\x81\x8d\xff,\x90\x9d\n")

    with pytest.raises(InputError) as caught:
        read_table(path)

    assert caught.value.code == "file_unreadable"
    assert str(path) in str(caught.value)
    assert "neither UTF-8 nor cp1252" in str(caught.value)


@pytest.mark.parametrize("content", [b"", b"\n\n", b"\xef\xbb\xbf", b" , ,\n"])
def test_empty_file(write_file: WriteFile, content: bytes) -> None:
    path = write_file("pool.csv", content)

    with pytest.raises(InputError) as caught:
        read_table(path)

    assert caught.value.code == "file_empty"
    assert str(caught.value) == f"{path}: the file is empty (no header row)"


def test_duplicate_header(write_file: WriteFile) -> None:
    path = write_file("pool.csv", "id,age,gender,age\n1,a,b,c\n")

    with pytest.raises(InputError) as caught:
        read_table(path)

    assert caught.value.code == "header_duplicate"
    assert caught.value.params["column"] == "age"
    message = str(caught.value)
    assert str(path) in message
    assert "row 1" in message
    assert "'age'" in message


def test_duplicate_header_after_stripping(write_file: WriteFile) -> None:
    path = write_file("pool.csv", "id,age, age \n1,a,b\n")

    with pytest.raises(InputError) as caught:
        read_table(path)

    assert caught.value.code == "header_duplicate"
    assert caught.value.params["column"] == "age"


def test_blank_header_in_the_middle(write_file: WriteFile) -> None:
    path = write_file("pool.csv", "id,,gender\n1,a,b\n")

    with pytest.raises(InputError) as caught:
        read_table(path)

    assert caught.value.code == "header_blank"
    assert caught.value.params["column_number"] == 2
    assert str(caught.value) == f"{path}: row 1, column 2: the column has no name"


def test_row_with_too_many_cells(write_file: WriteFile) -> None:
    path = write_file("pool.csv", "id,age\n1,young\n\n2,old,surplus\n")

    with pytest.raises(InputError) as caught:
        read_table(path)

    error = caught.value
    assert error.code == "row_too_long"
    assert error.params["row"] == 4  # the blank line still counts as row 3
    assert error.params["expected"] == 2
    assert error.params["found"] == 3
    assert str(error) == f"{path}: row 4: 3 cells, but the header has 2 columns"
    assert error.message("da") == f"{path}: række 4: 3 celler, men overskriften har 2 kolonner"


def test_xlsx_row_with_too_many_cells(write_xlsx: WriteXlsx) -> None:
    path = write_xlsx("pool.xlsx", [["id", "age"], [1, "young", "surplus"]])

    with pytest.raises(InputError) as caught:
        read_table(path)

    assert caught.value.code == "row_too_long"
    assert caught.value.params["row"] == 2
    assert str(path) in str(caught.value)


# --- sha256_of --------------------------------------------------------------------------


def test_sha256_of_matches_hashlib(write_file: WriteFile) -> None:
    data = "id;Køn\n1;Kvinde\n".encode("cp1252")
    path = write_file("pool.csv", data)

    assert sha256_of(path) == hashlib.sha256(data).hexdigest()


def test_sha256_of_empty_file(write_file: WriteFile) -> None:
    path = write_file("empty.csv", b"")

    assert sha256_of(path) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def test_sha256_of_file_larger_than_one_block(write_file: WriteFile) -> None:
    data = bytes(range(256)) * 1000  # 256 000 bytes, several 64 KiB blocks
    path = write_file("big.bin", data)

    assert sha256_of(path) == hashlib.sha256(data).hexdigest()


def test_sha256_of_changes_with_content(write_file: WriteFile) -> None:
    first = sha256_of(write_file("a.csv", "id\n1\n"))
    second = sha256_of(write_file("b.csv", "id\n2\n"))

    assert first != second
    assert len(first) == 64
