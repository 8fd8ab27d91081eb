"""Importing a pool made elsewhere: the engine's formats and checks, all or nothing."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from borgersamling.recruitment.models import PersonalDataAccess, Recruitment, SignUp
from tests.accounts.factories import make_secretariat
from tests.recruitment.factories import make_recruitment, make_signup

GOOD_CSV = (
    "id,køn,alder,navn,e-mail,telefon,adresse,postnr\n"
    "A1,Kvinde,ung,Anne Jensen,anne@example.dk,20304050,Kirkevej 1,2791\n"
    "A2,mand,GAMMEL,Lars Hansen,,,Kirkevej  1,2791\n"
    "A3,Mand,ung,Mads Nielsen,mads@example.dk,,Strandvej 9,2791\n"
)


def secretariat_client(recruitment: Recruitment) -> Client:
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    client.force_login(make_secretariat(recruitment.assembly))
    return client


def import_url(recruitment: Recruitment) -> str:
    return reverse("recruitment:pool-import", kwargs={"slug": recruitment.assembly.slug})


def upload(
    client: Client,
    recruitment: Recruitment,
    name: str,
    content: bytes,
    **fields: str,
) -> tuple[int, list[str]]:
    data = {"file": SimpleUploadedFile(name, content), "id_column": "id", "address_column": ""}
    response = client.post(import_url(recruitment), data | fields)
    errors = response.context["errors"] if response.context else []
    return response.status_code, errors


def test_a_good_csv_file_adds_everyone(recruitment: Recruitment) -> None:
    before = make_signup(recruitment, {"køn": "Kvinde", "alder": "ung"})
    client = secretariat_client(recruitment)
    status, errors = upload(client, recruitment, "pulje.csv", GOOD_CSV.encode())
    assert (status, errors) == (302, [])
    imported = list(SignUp.objects.filter(source=SignUp.Source.IMPORT).order_by("number"))
    assert [s.external_id for s in imported] == ["A1", "A2", "A3"]
    assert [s.number for s in imported] == [before.number + 1, before.number + 2, before.number + 3]
    anne, lars, mads = imported
    assert anne.name == "Anne Jensen"
    assert anne.email == "anne@example.dk"
    assert anne.phone == "20304050"
    assert anne.address == "Kirkevej 1"
    assert anne.postcode == "2791"
    # Spelled as the criteria spell them, whatever the file's case.
    assert lars.features == {"køn": "Mand", "alder": "gammel"}
    # The same address (spacing aside) is one household; another address another.
    assert anne.household_key == lars.household_key != ""
    assert mads.household_key != anne.household_key
    for signup in imported:
        assert signup.status == SignUp.Status.POOL
        assert signup.consent_given_at is None
    [entry] = PersonalDataAccess.objects.filter(action=PersonalDataAccess.Action.IMPORT)
    assert entry.people == 3
    assert "pulje.csv" in entry.detail


def test_a_good_xlsx_file(recruitment: Recruitment) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["nummer", "køn", "alder", "husstand"])
    sheet.append([101, "Kvinde", "ung", "H1"])
    sheet.append([102, "Mand", "gammel", "H1"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    client = secretariat_client(recruitment)
    status, errors = upload(
        client, recruitment, "pulje.xlsx", buffer.getvalue(), id_column="nummer"
    )
    assert (status, errors) == (302, [])
    imported = SignUp.objects.filter(source=SignUp.Source.IMPORT).order_by("number")
    assert [s.external_id for s in imported] == ["101", "102"]
    assert imported[0].household_key == imported[1].household_key == "h1"


def test_a_danish_excel_csv_with_semicolons(recruitment: Recruitment) -> None:
    content = "id;køn;alder\nB1;Kvinde;ung\nB2;Mand;gammel\n".encode("cp1252")
    client = secretariat_client(recruitment)
    status, errors = upload(client, recruitment, "pulje.csv", content)
    assert (status, errors) == (302, [])
    assert SignUp.objects.filter(source=SignUp.Source.IMPORT).count() == 2


def test_a_named_address_column(recruitment: Recruitment) -> None:
    content = "id,køn,alder,bolig\nC1,Kvinde,ung,Vej 1\nC2,Mand,ung,Vej 1\n".encode()
    client = secretariat_client(recruitment)
    status, _errors = upload(client, recruitment, "pulje.csv", content, address_column="bolig")
    assert status == 302
    households = set(SignUp.objects.values_list("household_key", flat=True))
    assert households == {"vej 1"}


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        # A criterion's column is missing.
        ("id,køn\nA1,Kvinde\n", ["pulje.csv", "'alder'"]),
        # The id column is missing.
        ("nr,køn,alder\nA1,Kvinde,ung\n", ["pulje.csv", "row 1", "id"]),
        # A value the criteria do not know.
        ("id,køn,alder\nA1,Kvinde,ung\nA2,Robot,ung\n", ["pulje.csv", "row 3", "'køn'", "Robot"]),
        # The same id twice.
        ("id,køn,alder\nA1,Kvinde,ung\nA1,Mand,ung\n", ["pulje.csv", "row 3", "'id'", "row 2"]),
        # An empty answer.
        ("id,køn,alder\nA1,Kvinde,\n", ["pulje.csv", "row 2", "'alder'", "empty"]),
        # An empty id.
        ("id,køn,alder\n,Kvinde,ung\n", ["pulje.csv", "row 2", "'id'", "empty"]),
        # A bad e-mail address.
        ("id,køn,alder,email\nA1,Kvinde,ung,not-an-address\n", ["pulje.csv", "row 2", "'email'"]),
        # No one in it.
        ("id,køn,alder\n", ["pulje.csv"]),
        # A row longer than the header.
        ("id,køn,alder\nA1,Kvinde,ung,extra\n", ["pulje.csv", "row 2"]),
    ],
)
def test_bad_files_are_refused_naming_file_row_and_column(
    recruitment: Recruitment, content: str, expected: list[str]
) -> None:
    client = secretariat_client(recruitment)
    status, errors = upload(client, recruitment, "pulje.csv", content.encode())
    assert status == 400
    assert errors
    for part in expected:
        assert part in errors[0], (part, errors)
    assert not SignUp.objects.exists()
    assert not PersonalDataAccess.objects.filter(action=PersonalDataAccess.Action.IMPORT).exists()


def test_an_unreadable_file_is_named_without_the_temporary_folder(
    recruitment: Recruitment,
) -> None:
    client = secretariat_client(recruitment)
    status, errors = upload(client, recruitment, "pulje.xlsx", b"not a workbook")
    assert status == 400
    assert errors[0].startswith("pulje.xlsx:")


def test_an_id_already_in_the_pool_is_refused_with_its_row(recruitment: Recruitment) -> None:
    earlier = make_signup(recruitment, {"køn": "Kvinde", "alder": "ung"}, external_id="A2")
    client = secretariat_client(recruitment)
    status, errors = upload(client, recruitment, "pulje.csv", GOOD_CSV.encode())
    assert status == 400
    assert "row 3" in errors[0] and "'A2'" in errors[0] and f"#{earlier.number}" in errors[0]
    assert SignUp.objects.count() == 1


def test_importing_the_same_file_twice_is_refused(recruitment: Recruitment) -> None:
    client = secretariat_client(recruitment)
    assert upload(client, recruitment, "pulje.csv", GOOD_CSV.encode())[0] == 302
    status, errors = upload(client, recruitment, "pulje.csv", GOOD_CSV.encode())
    assert status == 400
    assert len(errors) == 3  # every row named
    assert SignUp.objects.count() == 3


def test_one_bad_row_at_the_end_stores_nothing(recruitment: Recruitment) -> None:
    content = GOOD_CSV + "A4,Kvinde,ung,Eva,eva@@example,,,\n"
    client = secretariat_client(recruitment)
    status, errors = upload(client, recruitment, "pulje.csv", content.encode())
    assert status == 400
    assert "row 5" in errors[0]
    assert not SignUp.objects.exists()


def test_no_criteria_no_import(db: None) -> None:
    recruitment = make_recruitment(features=[])
    client = secretariat_client(recruitment)
    status, errors = upload(client, recruitment, "pulje.csv", b"id\nA1\n")
    assert status == 400
    assert "criteria" in errors[0]
    assert not SignUp.objects.exists()


def test_only_the_secretariat_may_import(recruitment: Recruitment) -> None:
    other = make_recruitment()
    client = Client()
    client.force_login(make_secretariat(other.assembly))
    data = {"file": SimpleUploadedFile("p.csv", GOOD_CSV.encode()), "id_column": "id"}
    assert client.post(import_url(recruitment), data).status_code == 403
    anonymous = Client().post(import_url(recruitment), data)
    assert anonymous.status_code == 302
    assert not SignUp.objects.exists()
