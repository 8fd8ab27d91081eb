"""The pool: ids, households, matching values to quotas, passthrough and validation errors."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from borgersamling.sortition.errors import InputError
from borgersamling.sortition.pool import Pool, parse_pool
from borgersamling.sortition.quotas import Quota, QuotaSet, parse_quotas
from borgersamling.sortition.tables import read_table

WriteFile = Callable[[str, str | bytes], Path]
WriteXlsx = Callable[[str, Sequence[Sequence[object]]], Path]

QUOTAS = QuotaSet(
    source="quotas.csv",
    seats=2,
    quotas=(
        Quota("gender", "Female", 0, 2, row=2),
        Quota("gender", "Male", 0, 2, row=3),
        Quota("age", "18-39", 0, 2, row=4),
        Quota("age", "40+", 0, 2, row=5),
    ),
)


def _pool(
    write_file: WriteFile,
    text: str | bytes,
    quotas: QuotaSet = QUOTAS,
    id_column: str | None = "id",
    household_columns: Sequence[str] = (),
    name: str = "pool.csv",
) -> Pool:
    table = read_table(write_file(name, text))
    return parse_pool(table, quotas, id_column=id_column, household_columns=household_columns)


def _error(
    write_file: WriteFile,
    text: str | bytes,
    quotas: QuotaSet = QUOTAS,
    id_column: str | None = "id",
    household_columns: Sequence[str] = (),
) -> InputError:
    with pytest.raises(InputError) as caught:
        _pool(write_file, text, quotas, id_column, household_columns)
    assert caught.value.exit_code == 2
    return caught.value


# --- ids --------------------------------------------------------------------------------


def test_default_id_column(write_file: WriteFile) -> None:
    pool = _pool(write_file, "id,gender,age\nA7,Female,18-39\nB2,Male,40+\n")

    assert len(pool) == 2
    assert pool.id_column == "id"
    assert [person.id for person in pool.people] == ["A7", "B2"]
    assert [person.row for person in pool.people] == [2, 3]
    assert [dict(person.features) for person in pool.people] == [
        {"gender": "Female", "age": "18-39"},
        {"gender": "Male", "age": "40+"},
    ]
    assert pool.header == ["id", "gender", "age"]
    assert pool.household_columns == ()


def test_custom_id_column_is_found_case_insensitively(write_file: WriteFile) -> None:
    text = "RespondentID;gender;age;id\nr-1;Female;18-39;x\nr-2;Male;40+;x\n"

    pool = _pool(write_file, text, id_column="respondentid")

    # The header's spelling is kept; the other column called "id" is just passed through.
    assert pool.id_column == "RespondentID"
    assert [person.id for person in pool.people] == ["r-1", "r-2"]
    assert [person.record["id"] for person in pool.people] == ["x", "x"]


def test_without_id_column_rows_are_numbered(write_file: WriteFile) -> None:
    text = "gender,age\nFemale,18-39\n\nMale,40+\nFemale,40+\n"

    pool = _pool(write_file, text, id_column=None)

    assert pool.id_column == "row"
    assert [person.id for person in pool.people] == ["1", "2", "3"]
    # The spreadsheet row stays the real one, counting the blank line.
    assert [person.row for person in pool.people] == [2, 4, 5]


def test_without_id_column_an_id_column_is_not_required(write_file: WriteFile) -> None:
    pool = _pool(write_file, "gender,age\nFemale,18-39\n", id_column=None)

    assert [person.id for person in pool.people] == ["1"]


def test_ids_from_xlsx_numbers(write_xlsx: WriteXlsx) -> None:
    path = write_xlsx(
        "pool.xlsx",
        [["id", "gender", "age"], [101.0, "Female", "18-39"], [102, "Male", "40+"]],
    )

    pool = parse_pool(read_table(path), QUOTAS)

    assert [person.id for person in pool.people] == ["101", "102"]


# --- households -------------------------------------------------------------------------

HOUSEHOLDS = (
    "id,gender,age,Address,postcode\n"
    "1,Female,18-39,Nørregade 1,1165\n"
    "2,Male,40+,  NØRREGADE   1 ,1165\n"
    "3,Female,40+,Vestergade 2,1456\n"
    "4,Male,18-39,,\n"
    "5,Female,18-39,,\n"
    "6,Male,40+,vestergade 2,1456\n"
    "7,Male,40+,nørregade 1, 1165 \n"
    "8,Female,40+,Nørregade 1,8000\n"
)


def test_household_keys_are_normalised(write_file: WriteFile) -> None:
    pool = _pool(write_file, HOUSEHOLDS, household_columns=("address", "Postcode"))

    keys = [person.household for person in pool.people]
    assert keys == [
        "nørregade 1|1165",
        "nørregade 1|1165",
        "vestergade 2|1456",
        None,
        None,
        "vestergade 2|1456",
        "nørregade 1|1165",
        "nørregade 1|8000",
    ]
    assert pool.household_columns == ("Address", "postcode")


def test_households_lists_only_groups_of_two_or_more(write_file: WriteFile) -> None:
    pool = _pool(write_file, HOUSEHOLDS, household_columns=("address", "postcode"))

    households = pool.households()

    # People 4 and 5 give no address: they are not one household. Person 8 lives alone.
    assert households == {
        "nørregade 1|1165": [0, 1, 6],
        "vestergade 2|1456": [2, 5],
    }


def test_without_household_columns_nobody_shares_a_household(write_file: WriteFile) -> None:
    pool = _pool(write_file, HOUSEHOLDS)

    assert all(person.household is None for person in pool.people)
    assert pool.households() == {}


# --- values and passthrough -------------------------------------------------------------


def test_values_match_quotas_case_insensitively_and_take_the_quota_spelling(
    write_file: WriteFile,
) -> None:
    text = "id,Gender,AGE\n1,female,18-39\n2,MALE,40+\n3,Female,40+\n"

    pool = _pool(write_file, text)

    assert [dict(person.features) for person in pool.people] == [
        {"gender": "Female", "age": "18-39"},
        {"gender": "Male", "age": "40+"},
        {"gender": "Female", "age": "40+"},
    ]
    # The record keeps what the respondent wrote.
    assert [person.record["Gender"] for person in pool.people] == ["female", "MALE", "Female"]


def test_danish_pool_in_cp1252_against_quota_file(write_file: WriteFile) -> None:
    quotas = parse_quotas(
        read_table(
            write_file("kvoter.csv", "kategori;værdi;min;max\nKøn;Kvinde;1;1\nKøn;Mand;1;1\n")
        ),
        seats=2,
    )
    text = "id;KØN;Område\n1;kvinde;Ærø\n2;MAND;Århus\n"

    pool = _pool(write_file, text.encode("cp1252"), quotas=quotas)

    assert [dict(person.features) for person in pool.people] == [{"Køn": "Kvinde"}, {"Køn": "Mand"}]
    assert [person.record["Område"] for person in pool.people] == ["Ærø", "Århus"]


def test_other_columns_pass_through_untouched(write_file: WriteFile) -> None:
    text = (
        "Navn;id;gender;E-mail;age;Bemærkning\n"
        'Åse Ørsted;1;Female;aase@example.dk;18-39;"vil gerne; men kun weekender"\n'
        "Bo;2;Male;;40+;\n"
    )

    pool = _pool(write_file, text)

    assert [dict(person.record) for person in pool.people] == [
        {
            "Navn": "Åse Ørsted",
            "id": "1",
            "gender": "Female",
            "E-mail": "aase@example.dk",
            "age": "18-39",
            "Bemærkning": "vil gerne; men kun weekender",
        },
        {
            "Navn": "Bo",
            "id": "2",
            "gender": "Male",
            "E-mail": "",
            "age": "40+",
            "Bemærkning": "",
        },
    ]
    assert list(pool.people[0].record) == pool.header  # column order is kept


def test_pool_features_columns_not_in_quotas_are_not_features(write_file: WriteFile) -> None:
    quotas = QuotaSet(
        "quotas.csv", 1, (Quota("gender", "Female", 0, 1), Quota("gender", "Male", 0, 1))
    )

    pool = _pool(write_file, "id,gender,age\n1,Female,anything\n", quotas=quotas)

    assert dict(pool.people[0].features) == {"gender": "Female"}
    assert pool.people[0].record["age"] == "anything"


# --- errors -----------------------------------------------------------------------------


def test_missing_id_column(write_file: WriteFile) -> None:
    error = _error(write_file, "nr,gender,age\n1,Female,18-39\n")

    assert error.code == "pool_columns_missing"
    assert error.params["columns"] == "id"
    assert str(error) == "pool.csv: row 1: missing column(s) id (found: nr, gender, age)"
    assert error.message("da") == (
        "pool.csv: række 1: mangler kolonne(r) id (fundet: nr, gender, age)"
    )


def test_missing_custom_id_column(write_file: WriteFile) -> None:
    error = _error(write_file, "id,gender,age\n1,Female,18-39\n", id_column="cpr")

    assert error.code == "pool_columns_missing"
    assert error.params["columns"] == "cpr"
    assert "pool.csv: row 1:" in str(error)


def test_missing_household_columns(write_file: WriteFile) -> None:
    error = _error(
        write_file,
        "id,gender,age,address\n1,Female,18-39,Nørregade 1\n",
        household_columns=("address", "postcode", "city"),
    )

    assert error.code == "pool_columns_missing"
    assert error.params["columns"] == "postcode, city"
    assert str(error) == (
        "pool.csv: row 1: missing column(s) postcode, city (found: id, gender, age, address)"
    )


def test_quota_feature_not_in_pool(write_file: WriteFile) -> None:
    error = _error(write_file, "id,gender,alder\n1,Female,18-39\n")

    assert error.code == "quota_feature_not_in_pool"
    assert error.params["feature"] == "age"
    assert error.params["quotas_file"] == "quotas.csv"
    assert str(error) == (
        "pool.csv: row 1: the quotas in quotas.csv are about 'age', but the pool has no such "
        "column (found: id, gender, alder)"
    )


def test_empty_pool(write_file: WriteFile) -> None:
    error = _error(write_file, "id,gender,age\n\n\n")

    assert error.code == "pool_empty"
    assert str(error) == "pool.csv: the pool has no respondents"


def test_missing_columns_are_reported_before_an_empty_pool(write_file: WriteFile) -> None:
    error = _error(write_file, "id,gender\n")

    assert error.code == "quota_feature_not_in_pool"


def test_duplicate_ids_name_both_rows(write_file: WriteFile) -> None:
    text = "id,gender,age\nA1,Female,18-39\nB2,Male,40+\n\nA1,Male,18-39\n"

    error = _error(write_file, text)

    assert error.code == "pool_duplicate_id"
    assert error.params["row"] == 5
    assert error.params["first_row"] == 2
    assert error.params["value"] == "A1"
    assert str(error) == "pool.csv: row 5, column 'id': id 'A1' already used in row 2"
    assert error.message("da") == (
        "pool.csv: række 5, kolonne 'id': id 'A1' er allerede brugt i række 2"
    )


def test_duplicate_id_names_the_column_as_the_header_spells_it(write_file: WriteFile) -> None:
    text = "Løbenr,gender,age\n7,Female,18-39\n7,Male,40+\n"

    error = _error(write_file, text, id_column="LØBENR")

    assert error.code == "pool_duplicate_id"
    assert error.params["column"] == "Løbenr"
    assert "row 3, column 'Løbenr'" in str(error)


def test_ids_differing_only_in_case_are_distinct(write_file: WriteFile) -> None:
    pool = _pool(write_file, "id,gender,age\na1,Female,18-39\nA1,Male,40+\n")

    assert [person.id for person in pool.people] == ["a1", "A1"]


def test_value_without_quota(write_file: WriteFile) -> None:
    text = "id,gender,Age\n1,Female,18-39\n2,Male,65+\n"

    error = _error(write_file, text)

    assert error.code == "pool_value_without_quota"
    assert error.params["file"] == "pool.csv"
    assert error.params["row"] == 3
    assert error.params["column"] == "Age"
    assert error.params["value"] == "65+"
    assert error.params["quotas_file"] == "quotas.csv"
    assert str(error) == (
        "pool.csv: row 3, column 'Age': '65+' has no quota in quotas.csv (known values: 18-39, 40+)"
    )


def test_blank_feature_value_has_no_quota(write_file: WriteFile) -> None:
    error = _error(write_file, "id,gender,age\n1,,18-39\n")

    assert error.code == "pool_value_without_quota"
    assert error.params["row"] == 2
    assert error.params["column"] == "gender"
    assert error.params["value"] == ""
    assert "row 2, column 'gender'" in str(error)


def test_blank_id(write_file: WriteFile) -> None:
    text = "id,gender,age\n1,Female,18-39\n  ,Male,40+\n"

    error = _error(write_file, text)

    assert error.code == "cell_blank"
    assert error.params == {"file": "pool.csv", "row": 3, "column": "id"}
    assert str(error) == "pool.csv: row 3, column 'id': the cell is empty"
