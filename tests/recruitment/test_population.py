"""Importing the register's population extract: good files in Danish and English, bad files
with messages that name the file, row and column (and nothing stored), replacing an extract,
the counts, and the extract's shares as targets."""

from __future__ import annotations

import io
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from borgersamling.recruitment import population
from borgersamling.recruitment.invitations import create_batch
from borgersamling.recruitment.models import (
    FeatureValue,
    Invitation,
    PersonalDataAccess,
    Recruitment,
    Resident,
)
from borgersamling.recruitment.population import PopulationError
from tests.accounts.factories import make_member, make_secretariat

GOOD = (
    "Nr;Navn;Adresse;Postnr;By;Køn;Alder\n"
    "101;Anne Jensen;Kongevejen 1;2791;Dragør;Kvinde;ung\n"
    "102;Lars Jensen;kongevejen  1;2791;Dragør;MAND;gammel\n"
    "103;Mette Hansen;Strandgade 4, st.;2791;Dragør;kvinde;gammel\n"
)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Messages in English: the Danish ones come from the compiled translations."""
    with translation.override("en"):
        yield


def upload(text: str, name: str = "udtræk.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"))


def xlsx(rows: list[list[Any]], name: str = "extract.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def residents(recruitment: Recruitment) -> list[tuple[str, str, str, dict[str, str]]]:
    return [
        (r.person_id, r.name, r.household_key, r.features)
        for r in Resident.objects.filter(recruitment=recruitment).order_by("person_id")
    ]


def test_a_danish_extract_is_imported(recruitment: Recruitment) -> None:
    result = population.import_population(recruitment, upload(GOOD))
    assert (result.residents, result.households, result.created) == (3, 2, 3)
    assert result.features == ["alder", "køn"]
    assert residents(recruitment) == [
        ("101", "Anne Jensen", "kongevejen 1|2791", {"køn": "Kvinde", "alder": "ung"}),
        # Values are stored as the criterion spells them; the address is normalised.
        ("102", "Lars Jensen", "kongevejen 1|2791", {"køn": "Mand", "alder": "gammel"}),
        ("103", "Mette Hansen", "strandgade 4, st.|2791", {"køn": "Kvinde", "alder": "gammel"}),
    ]
    first = Resident.objects.get(recruitment=recruitment, person_id="101")
    assert (first.postcode, first.city, first.row) == ("2791", "Dragør", 2)


def test_an_english_xlsx_without_postcode_or_features_is_imported(
    recruitment: Recruitment,
) -> None:
    file = xlsx([["ID", "Name", "Address"], [1, "Anne", "Main St 1"], [2, "Bo", "Main St 2"]])
    result = population.import_population(recruitment, file)
    assert (result.residents, result.households, result.features) == (2, 2, [])
    assert residents(recruitment) == [
        ("1", "Anne", "main st 1|", {}),
        ("2", "Bo", "main st 2|", {}),
    ]


def import_error(recruitment: Recruitment, file: SimpleUploadedFile) -> str:
    population.import_population(recruitment, upload(GOOD, "first.csv"))
    before = residents(recruitment)
    with pytest.raises(PopulationError) as caught:
        population.import_population(recruitment, file)
    assert residents(recruitment) == before, "a bad file changed the stored extract"
    return str(caught.value)


def test_a_missing_column_names_the_file_and_lists_the_columns_found(
    recruitment: Recruitment,
) -> None:
    message = import_error(recruitment, upload("nr;navn;postnr\n1;Anne;2791\n"))
    assert message == (
        "udtræk.csv: row 1: missing column(s) address (address / adresse) (found: nr, navn, postnr)"
    )


def test_a_duplicate_person_names_both_rows(recruitment: Recruitment) -> None:
    text = "id;navn;adresse\n7;Anne;Vej 1\n8;Bo;Vej 2\n7;Carl;Vej 3\n"
    message = import_error(recruitment, upload(text))
    assert message == "udtræk.csv: row 4, column 'id': the person '7' is already in row 2"


def test_an_unknown_value_names_row_column_value_and_the_known_values(
    recruitment: Recruitment,
) -> None:
    text = "id;navn;adresse;køn\n1;Anne;Vej 1;Kvinde\n2;Bo;Vej 2;Ukendt\n"
    message = import_error(recruitment, upload(text))
    assert message == (
        "udtræk.csv: row 3, column 'køn': 'Ukendt' is not one of the values of this "
        "criterion (Kvinde, Mand)"
    )


@pytest.mark.parametrize(
    ("text", "row", "column"),
    [
        ("id;navn;adresse\n1;Anne;Vej 1\n;Bo;Vej 2\n", 3, "id"),
        ("id;navn;adresse\n1;;Vej 1\n", 2, "navn"),
        ("id;navn;adresse\n1;Anne;Vej 1\n2;Bo;Vej 2\n3;Carl; \n", 4, "adresse"),
        ("id;navn;adresse;alder\n1;Anne;Vej 1;\n", 2, "alder"),
    ],
)
def test_a_blank_cell_names_the_row_and_column(
    recruitment: Recruitment, text: str, row: int, column: str
) -> None:
    message = import_error(recruitment, upload(text))
    assert message.startswith(f"udtræk.csv: row {row}, column '{column}': ")


def test_an_unreadable_xlsx_names_the_file(recruitment: Recruitment) -> None:
    message = import_error(
        recruitment, SimpleUploadedFile("register.xlsx", b"PK\x03\x04 not really a workbook")
    )
    assert message.startswith("register.xlsx: cannot read the file as CSV or XLSX")


def test_an_unreadable_file_is_reported_in_danish_on_a_danish_page(
    recruitment: Recruitment,
) -> None:
    with translation.override("da"), pytest.raises(PopulationError) as caught:
        population.import_population(recruitment, SimpleUploadedFile("register.xlsx", b"junk"))
    assert str(caught.value).startswith("register.xlsx: filen kan ikke læses")


def test_a_file_with_only_a_header_is_refused(recruitment: Recruitment) -> None:
    message = import_error(recruitment, upload("id;navn;adresse\n"))
    assert message == "udtræk.csv: no residents below the header"


def test_two_columns_for_one_field_are_refused(recruitment: Recruitment) -> None:
    message = import_error(recruitment, upload("id;nr;navn;adresse\n1;1;Anne;Vej 1\n"))
    assert message.startswith("udtræk.csv: row 1: the columns 'id', 'nr' all look like")


def test_a_too_long_cell_is_refused_before_the_database(recruitment: Recruitment) -> None:
    message = import_error(recruitment, upload(f"id;navn;adresse\n1;{'x' * 201};Vej 1\n"))
    assert message == ("udtræk.csv: row 2, column 'navn': the text is longer than 200 characters")


def test_a_new_extract_replaces_the_old_and_keeps_invitations(recruitment: Recruitment) -> None:
    population.import_population(recruitment, upload(GOOD))
    create_batch(recruitment, method="everyone", one_per_household=False, seed="1")
    anne = Resident.objects.get(recruitment=recruitment, person_id="101")
    newer = "id;navn;adresse\n101;Anne Jensen-Berg;Kongevejen 1\n104;Ny Borger;Havnen 2\n"
    result = population.import_population(recruitment, upload(newer))
    assert (result.created, result.updated, result.removed) == (1, 1, 2)
    assert [r[:2] for r in residents(recruitment)] == [
        ("101", "Anne Jensen-Berg"),
        ("104", "Ny Borger"),
    ]
    # Anne is the same row, so her letter still points at her.
    assert Resident.objects.get(recruitment=recruitment, person_id="101").pk == anne.pk
    assert Invitation.objects.filter(resident=anne).count() == 1
    # The residents who left keep their invitations, now without an addressee.
    assert Invitation.objects.filter(recruitment=recruitment, resident=None).count() == 2


def test_a_failure_while_storing_changes_nothing(
    recruitment: Recruitment, monkeypatch: pytest.MonkeyPatch
) -> None:
    population.import_population(recruitment, upload(GOOD))
    before = residents(recruitment)

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(Resident.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        population.import_population(recruitment, upload("id;navn;adresse\n999;Ny;Vej\n"))
    # The old residents had been deleted inside the transaction; they are back.
    assert residents(recruitment) == before


def test_the_summary_counts_residents_households_and_values(recruitment: Recruitment) -> None:
    population.import_population(
        recruitment,
        upload(
            "id;navn;adresse;køn\n"
            + "".join(
                f"{n};P{n};Vej {n // 2};{'Kvinde' if n % 3 else 'Mand'}\n" for n in range(1, 11)
            )
        ),
    )
    summary = population.population_summary(recruitment)
    assert (summary.residents, summary.households) == (10, 6)
    assert [f.feature.key for f in summary.features] == ["køn"]
    assert [f.key for f in summary.not_held] == ["alder"]
    counts = {v.value.value: (v.count, v.share) for v in summary.features[0].values}
    assert counts == {"Kvinde": (7, Decimal("0.7")), "Mand": (3, Decimal("0.3"))}


def test_the_extracts_shares_become_targets_that_add_up_to_one(
    recruitment: Recruitment,
) -> None:
    rows = "".join(f"{n};P{n};Vej {n};{'Kvinde' if n % 3 else 'Mand'}\n" for n in range(1, 4))
    population.import_population(recruitment, upload("id;navn;adresse;køn\n" + rows))
    features = population.use_extract_shares(recruitment)
    assert [f.key for f in features] == ["køn"]
    shares = dict(
        FeatureValue.objects.filter(feature__recruitment=recruitment).values_list(
            "value", "population_share"
        )
    )
    # 2/3 and 1/3, rounded so the two add up to exactly 1; alder is not in the extract.
    assert shares == {
        "Kvinde": Decimal("0.666667"),
        "Mand": Decimal("0.333333"),
        "ung": Decimal("0.4"),
        "gammel": Decimal("0.6"),
    }


# --- the page -------------------------------------------------------------------------------


def english_client(user: Any = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def page_url(recruitment: Recruitment, name: str = "invitations-population") -> str:
    return reverse(f"recruitment:{name}", kwargs={"slug": recruitment.assembly.slug})


def test_the_secretariat_imports_an_extract_and_the_import_is_logged(
    recruitment: Recruitment,
) -> None:
    client = english_client(make_secretariat(recruitment.assembly))
    response = client.post(page_url(recruitment), {"file": upload(GOOD)}, follow=True)
    assert response.status_code == 200
    assert "Imported 3 residents in 2 households from udtræk.csv" in response.content.decode()
    assert Resident.objects.filter(recruitment=recruitment).count() == 3
    entry = PersonalDataAccess.objects.get(recruitment=recruitment)
    assert (entry.action, entry.people) == (PersonalDataAccess.Action.IMPORT, 3)


def test_a_bad_file_is_shown_at_the_field_and_nothing_is_stored(
    recruitment: Recruitment,
) -> None:
    client = english_client(make_secretariat(recruitment.assembly))
    bad = upload("id;navn;adresse;køn\n1;Anne;Vej 1;Ukendt\n")
    response = client.post(page_url(recruitment), {"file": bad})
    assert response.status_code == 400
    html = response.content.decode()
    assert "id_file_error" in html
    assert "row 2, column &#x27;køn&#x27;: &#x27;Ukendt&#x27; is not one of the values" in html
    assert not Resident.objects.filter(recruitment=recruitment).exists()
    assert not PersonalDataAccess.objects.exists()


def test_the_page_shows_counts_and_the_button_sets_targets(recruitment: Recruitment) -> None:
    client = english_client(make_secretariat(recruitment.assembly))
    population.import_population(recruitment, upload(GOOD))
    html = client.get(page_url(recruitment)).content.decode()
    assert "Use the extract's shares as targets" in html
    assert "66.7 %" in html or "66,7 %" in html  # Kvinde: 2 of 3
    response = client.post(page_url(recruitment, "invitations-targets"))
    assert response.status_code == 302
    assert FeatureValue.objects.get(
        feature__recruitment=recruitment, value="Kvinde"
    ).population_share == Decimal("0.666667")


@pytest.mark.parametrize("who", ["anonymous", "member", "other secretariat"])
def test_only_this_assemblys_secretariat_may_import(recruitment: Recruitment, who: str) -> None:
    from tests.accounts.factories import make_assembly

    user = {
        "anonymous": None,
        "member": make_member(recruitment.assembly),
        "other secretariat": make_secretariat(make_assembly()),
    }[who]
    client = english_client(user)
    response = client.post(page_url(recruitment), {"file": upload(GOOD)})
    assert response.status_code == (302 if user is None else 403)
    targets = client.post(page_url(recruitment, "invitations-targets"))
    assert targets.status_code == (302 if user is None else 403)
    assert not Resident.objects.exists()
    assert FeatureValue.objects.get(value="Kvinde").population_share == Decimal("0.5")
