"""Quotas: the accepted header variants, population shares and validation errors."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path

import pytest

from borgersamling.sortition.errors import InputError
from borgersamling.sortition.quotas import Quota, QuotaSet, parse_quotas, write_quotas
from borgersamling.sortition.tables import read_table

WriteFile = Callable[[str, str | bytes], Path]
WriteXlsx = Callable[[str, Sequence[Sequence[object]]], Path]


def _parse(
    write_file: WriteFile,
    text: str | bytes,
    seats: int,
    tolerance: int = 0,
    name: str = "quotas.csv",
) -> QuotaSet:
    return parse_quotas(read_table(write_file(name, text)), seats, tolerance)


def _error(
    write_file: WriteFile,
    text: str | bytes,
    seats: int,
    tolerance: int = 0,
    name: str = "quotas.csv",
) -> InputError:
    with pytest.raises(InputError) as caught:
        _parse(write_file, text, seats, tolerance, name)
    assert caught.value.exit_code == 2
    return caught.value


def _bounds(quota_set: QuotaSet) -> list[tuple[str, str, int, int]]:
    return [(q.feature, q.value, q.min, q.max) for q in quota_set.quotas]


GENDER_AGE = [
    ("gender", "Female", 4, 6),
    ("gender", "Male", 4, 6),
    ("age", "18-39", 3, 5),
    ("age", "40+", 5, 7),
]

# --- header variants --------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        "feature,value,min,max",  # ours
        "category,name,min,max",  # Sortition Foundation
        "category,feature,min,max",  # Panelot: "feature" is the value column
        "Feature,VALUE,Min,MAX",
        "CATEGORY,Name,MIN,Max",
        "Category,Feature,Minimum,Maximum",
        "kategori,værdi,min,max",
    ],
)
def test_header_variants_read_the_same_quotas(write_file: WriteFile, header: str) -> None:
    body = "gender,Female,4,6\ngender,Male,4,6\nage,18-39,3,5\nage,40+,5,7\n"

    quota_set = _parse(write_file, f"{header}\n{body}", seats=10)

    assert _bounds(quota_set) == GENDER_AGE
    assert quota_set.seats == 10
    assert quota_set.source == "quotas.csv"
    assert quota_set.features == ("gender", "age")
    assert [q.row for q in quota_set.quotas] == [2, 3, 4, 5]
    assert all(q.share is None for q in quota_set.quotas)


def test_column_order_and_extra_columns_do_not_matter(write_file: WriteFile) -> None:
    text = "max;note;min;value;feature\n6;from census;4;Female;gender\n6;;4;Male;gender\n"

    quota_set = _parse(write_file, text, seats=10)

    assert _bounds(quota_set) == [("gender", "Female", 4, 6), ("gender", "Male", 4, 6)]


def test_danish_quota_file_in_cp1252(write_file: WriteFile) -> None:
    text = "Kriterie;Værdi;min;max\nKøn;Kvinde;4;6\nKøn;Mand;4;6\nOmråde;Ærø;1;3\nOmråde;Fyn;7;9\n"

    quota_set = _parse(write_file, text.encode("cp1252"), seats=10)

    assert _bounds(quota_set) == [
        ("Køn", "Kvinde", 4, 6),
        ("Køn", "Mand", 4, 6),
        ("Område", "Ærø", 1, 3),
        ("Område", "Fyn", 7, 9),
    ]


def test_xlsx_quotas_with_numeric_cells(write_xlsx: WriteXlsx) -> None:
    path = write_xlsx(
        "quotas.xlsx",
        [
            ["category", "name", "min", "max"],
            ["gender", "Female", 4.0, 6],
            ["gender", "Male", 4, 6.0],
        ],
    )

    quota_set = parse_quotas(read_table(path), seats=10)

    assert _bounds(quota_set) == [("gender", "Female", 4, 6), ("gender", "Male", 4, 6)]
    assert quota_set.source == "quotas.xlsx"


def test_whole_number_written_with_decimals_is_accepted(write_file: WriteFile) -> None:
    text = "feature;value;min;max\ngender;Female;4,0;6.0\ngender;Male;4;6\n"

    quota_set = _parse(write_file, text, seats=10)

    assert quota_set.get("gender", "Female") == Quota("gender", "Female", 4, 6, row=2)


def test_quota_set_lookups(write_file: WriteFile) -> None:
    text = "feature,value,min,max\ngender,Female,4,6\ngender,Male,4,6\nage,18-39,3,5\nage,40+,5,7\n"
    quota_set = _parse(write_file, text, seats=10)

    assert [q.value for q in quota_set.for_feature("age")] == ["18-39", "40+"]
    assert quota_set.for_feature("income") == ()
    assert quota_set.get("age", "40+").label() == "age 40+"
    with pytest.raises(KeyError):
        quota_set.get("age", "65+")

    relaxed = quota_set.with_bounds({("age", "40+"): (4, 8)})
    assert relaxed.get("age", "40+").min == 4
    assert relaxed.get("age", "40+").max == 8
    assert relaxed.get("age", "40+").row == 5
    assert relaxed.get("gender", "Male") == quota_set.get("gender", "Male")
    assert quota_set.get("age", "40+").max == 7  # the original is unchanged


# --- population shares ------------------------------------------------------------------

SHARES = "feature,value,share\nage,young,0.11\nage,middle,0.5\nage,old,0.39\n"


def test_shares_become_floor_and_ceil_of_share_times_seats(write_file: WriteFile) -> None:
    quota_set = _parse(write_file, SHARES, seats=36)

    # 0.11 x 36 = 3.96, 0.5 x 36 = 18 exactly, 0.39 x 36 = 14.04
    assert _bounds(quota_set) == [
        ("age", "young", 3, 4),
        ("age", "middle", 18, 18),
        ("age", "old", 14, 15),
    ]
    assert [q.share for q in quota_set.quotas] == [
        Decimal("0.11"),
        Decimal("0.5"),
        Decimal("0.39"),
    ]


def test_shares_with_tolerance_widen_each_side(write_file: WriteFile) -> None:
    quota_set = _parse(write_file, SHARES, seats=36, tolerance=1)

    assert _bounds(quota_set) == [
        ("age", "young", 2, 5),
        ("age", "middle", 17, 19),
        ("age", "old", 13, 16),
    ]


def test_tolerance_is_clamped_to_zero_and_the_number_of_seats(write_file: WriteFile) -> None:
    text = "feature,value,share\nage,rare,0.01\nage,common,0.99\nall,everyone,1\n"

    quota_set = _parse(write_file, text, seats=36, tolerance=2)

    # 0.01 x 36 = 0.36 -> 0..1 -> 0..3; 0.99 x 36 = 35.64 -> 35..36 -> 33..36; 1 x 36 = 36.
    assert _bounds(quota_set) == [
        ("age", "rare", 0, 3),
        ("age", "common", 33, 36),
        ("all", "everyone", 34, 36),
    ]


@pytest.mark.parametrize(
    ("young", "old", "share", "bounds"),
    [
        # 0.35 x 20 = 7 exactly; 0.355 x 20 = 7.1
        ("0.35", "0.65", Decimal("0.35"), (7, 7)),
        ("35%", "65%", Decimal("0.35"), (7, 7)),
        ("35 %", "65 %", Decimal("0.35"), (7, 7)),
        ("0,35", "0,65", Decimal("0.35"), (7, 7)),
        ("35,5%", "64,5%", Decimal("0.355"), (7, 8)),
    ],
)
def test_share_spellings(
    write_file: WriteFile, young: str, old: str, share: Decimal, bounds: tuple[int, int]
) -> None:
    text = f"feature;value;share\nage;young;{young}\nage;old;{old}\n"

    quota_set = _parse(write_file, text, seats=20)

    young_quota = quota_set.get("age", "young")
    assert young_quota.share == share
    assert (young_quota.min, young_quota.max) == bounds


def test_danish_share_header(write_file: WriteFile) -> None:
    text = "kategori;værdi;andel\nKøn;Kvinde;51%\nKøn;Mand;49%\n"

    quota_set = _parse(write_file, text, seats=10)

    # 0.51 x 10 = 5.1, 0.49 x 10 = 4.9
    assert _bounds(quota_set) == [("Køn", "Kvinde", 5, 6), ("Køn", "Mand", 4, 5)]


def test_shares_within_rounding_slack_are_accepted(write_file: WriteFile) -> None:
    text = "feature,value,share\nregion,a,33%\nregion,b,33%\nregion,c,33%\n"

    quota_set = _parse(write_file, text, seats=30)

    assert _bounds(quota_set) == [
        ("region", "a", 9, 10),
        ("region", "b", 9, 10),
        ("region", "c", 9, 10),
    ]


def test_counts_for_one_feature_and_shares_for_another(write_file: WriteFile) -> None:
    text = (
        "feature,value,share,min,max\n"
        "gender,Female,,4,6\n"
        "gender,Male,0.9,4,6\n"  # min and max given: they win over the share
        "age,young,0.4,,\n"
        "age,old,0.6,,\n"
    )

    quota_set = _parse(write_file, text, seats=10)

    assert _bounds(quota_set) == [
        ("gender", "Female", 4, 6),
        ("gender", "Male", 4, 6),
        ("age", "young", 4, 4),
        ("age", "old", 6, 6),
    ]
    assert quota_set.get("gender", "Male").share is None
    assert quota_set.get("age", "old").share == Decimal("0.6")


@pytest.mark.parametrize(
    ("shares", "total"),
    [(("0.5", "0.4"), "90.0"), (("60%", "50%"), "110.0"), (("35", "65"), "10000.0")],
)
def test_shares_not_summing_to_100_percent(
    write_file: WriteFile, shares: tuple[str, str], total: str
) -> None:
    text = f"feature;value;share\nage;young;{shares[0]}\nage;old;{shares[1]}\n"

    error = _error(write_file, text, seats=10)

    assert error.code == "shares_do_not_sum"
    assert error.params["feature"] == "age"
    assert error.params["total"] == total
    assert str(error) == f"quotas.csv: the shares of age add up to {total}%, not 100%"


@pytest.mark.parametrize("bad", ["abc", "-0.1", "", "%", "nan", "inf"])
def test_invalid_share_names_row_column_and_value(write_file: WriteFile, bad: str) -> None:
    text = f"feature;value;Share\nage;young;0.5\nage;old;{bad}\n"

    error = _error(write_file, text, seats=10)

    assert error.code == "share_invalid"
    assert error.params == {"file": "quotas.csv", "row": 3, "column": "Share", "value": bad}
    message = str(error)
    assert message.startswith("quotas.csv: row 3, column 'Share': ")
    assert f"'{bad}' is not a share" in message


# --- validation errors ------------------------------------------------------------------


def test_min_above_max_names_the_row(write_file: WriteFile) -> None:
    text = "feature,value,min,max\ngender,Female,4,6\ngender,Male,7,5\n"

    error = _error(write_file, text, seats=10)

    assert error.code == "quota_min_above_max"
    assert error.params["row"] == 3
    assert str(error) == "quotas.csv: row 3: gender 'Male' has min 7 above max 5"
    assert error.message("da") == "quotas.csv: række 3: gender 'Male' har min 7 over max 5"


@pytest.mark.parametrize(
    ("min_text", "max_text", "column", "value"),
    [
        ("2.5", "6", "min", "2.5"),
        ("4", "six", "max", "six"),
        ("", "6", "min", ""),
        ("-1", "6", "min", "-1"),
        ("4", "6,5", "max", "6,5"),
        ("4", "nan", "max", "nan"),
    ],
)
def test_non_integer_count_names_row_column_and_value(
    write_file: WriteFile, min_text: str, max_text: str, column: str, value: str
) -> None:
    text = f"feature;value;min;max\ngender;Female;4;6\ngender;Male;{min_text};{max_text}\n"

    error = _error(write_file, text, seats=10)

    assert error.code == "quota_not_count"
    assert error.params == {"file": "quotas.csv", "row": 3, "column": column, "value": value}
    assert str(error) == (
        f"quotas.csv: row 3, column '{column}': '{value}' is not a whole number of seats"
    )


def test_non_integer_count_uses_the_header_spelling(write_file: WriteFile) -> None:
    text = "Category,Name,Min,Max\ngender,Female,x,6\n"

    error = _error(write_file, text, seats=10)

    assert error.code == "quota_not_count"
    assert error.params["column"] == "Min"
    assert "column 'Min'" in str(error)


def test_duplicate_quota_names_both_rows(write_file: WriteFile) -> None:
    text = "feature,value,min,max\ngender,Female,4,6\ngender,Male,4,6\nGender,female,1,2\n"

    error = _error(write_file, text, seats=10)

    assert error.code == "quota_duplicate"
    assert error.params["row"] == 4
    assert error.params["first_row"] == 2
    assert str(error) == "quotas.csv: row 4: Gender 'female' already has a quota in row 2"


@pytest.mark.parametrize(
    ("header", "missing"),
    [
        ("feature,value,min", "max"),
        ("feature,min,max", "value"),
        ("value,min,max", "feature"),
        ("feature,value", "min, max"),
        ("group,option,lower,upper", "feature, value, min, max"),
        ("feature,value,share,min", "max"),
        ("feature,value,share,max", "min"),
    ],
)
def test_missing_columns(write_file: WriteFile, header: str, missing: str) -> None:
    cells = ",".join(["x"] * len(header.split(",")))

    error = _error(write_file, f"{header}\n{cells}\n", seats=10)

    assert error.code == "quota_columns_missing"
    assert error.params["columns"] == missing
    assert error.params["found"] == header.replace(",", ", ")
    message = str(error)
    assert message.startswith(f"quotas.csv: row 1: missing column(s) {missing} ")
    assert "feature,value,min,max or feature,value,share" in message


def test_header_without_rows(write_file: WriteFile) -> None:
    error = _error(write_file, "feature,value,min,max\n\n", seats=10)

    assert error.code == "quotas_empty"
    assert str(error) == "quotas.csv: no quotas below the header"


@pytest.mark.parametrize(
    ("line", "row", "column"),
    [("gender,,4,6", 3, "value"), (",Male,4,6", 3, "feature")],
)
def test_blank_feature_or_value(write_file: WriteFile, line: str, row: int, column: str) -> None:
    error = _error(write_file, f"feature,value,min,max\ngender,Female,4,6\n{line}\n", seats=10)

    assert error.code == "cell_blank"
    assert error.params == {"file": "quotas.csv", "row": row, "column": column}
    assert str(error) == f"quotas.csv: row {row}, column '{column}': the cell is empty"


def test_seats_below_sum_of_minimums(write_file: WriteFile) -> None:
    text = "feature,value,min,max\ngender,Female,4,6\ngender,Male,4,6\nage,young,5,9\nage,old,5,9\n"

    error = _error(write_file, text, seats=9)

    assert error.code == "seats_outside_quotas"
    assert error.params == {
        "file": "quotas.csv",
        "feature": "age",
        "seats": 9,
        "low": 10,
        "high": 18,
    }
    assert str(error) == (
        "quotas.csv: 9 seats do not fit the quotas of age: their minimums add up to 10 "
        "and their maximums to 18"
    )


def test_seats_above_sum_of_maximums(write_file: WriteFile) -> None:
    text = "feature,value,min,max\ngender,Female,4,6\ngender,Male,4,6\n"

    error = _error(write_file, text, seats=13)

    assert error.code == "seats_outside_quotas"
    assert error.params["feature"] == "gender"
    assert (error.params["low"], error.params["high"]) == (8, 12)
    assert "13 seats" in str(error)


@pytest.mark.parametrize("seats", [8, 12])
def test_seats_on_the_edge_of_the_quotas_fit(write_file: WriteFile, seats: int) -> None:
    text = "feature,value,min,max\ngender,Female,4,6\ngender,Male,4,6\n"

    assert _parse(write_file, text, seats=seats).seats == seats


@pytest.mark.parametrize("seats", [0, -3])
def test_seats_must_be_positive(write_file: WriteFile, seats: int) -> None:
    error = _error(write_file, "feature,value,min,max\ngender,Female,0,6\n", seats=seats)

    assert error.code == "seats_not_positive"
    assert str(error) == f"the number of seats must be at least 1, not {seats}"


def test_tolerance_must_not_be_negative(write_file: WriteFile) -> None:
    error = _error(write_file, SHARES, seats=36, tolerance=-1)

    assert error.code == "tolerance_negative"
    assert str(error) == "the tolerance must be 0 or more, not -1"


# --- write_quotas -----------------------------------------------------------------------


def test_write_quotas_round_trip(write_file: WriteFile, tmp_path: Path) -> None:
    text = (
        "category;name;min;max\n"
        "Køn;Kvinde;4;6\n"
        "Køn;Mand;4;6\n"
        'Område;"Nørrebro, København";1;3\n'
        "Område;Ærø;7;9\n"
    )
    original = _parse(write_file, text.encode("cp1252"), seats=10)
    out = tmp_path / "written.csv"

    write_quotas(original, out)

    assert out.read_text(encoding="utf-8").splitlines()[0] == "feature,value,min,max"
    again = parse_quotas(read_table(out), seats=10)
    assert _bounds(again) == _bounds(original)
    assert [q.row for q in again.quotas] == [2, 3, 4, 5]


def test_write_quotas_fixes_rounded_shares_as_counts(write_file: WriteFile, tmp_path: Path) -> None:
    original = _parse(write_file, SHARES, seats=36, tolerance=1)
    out = tmp_path / "written.csv"

    write_quotas(original, out)

    assert out.read_text(encoding="utf-8") == (
        "feature,value,min,max\nage,young,2,5\nage,middle,17,19\nage,old,13,16\n"
    )
    again = parse_quotas(read_table(out), seats=36)
    assert _bounds(again) == _bounds(original)
    assert all(q.share is None for q in again.quotas)
