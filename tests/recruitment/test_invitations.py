"""Batches of invitation letters: the draw stored with unique codes, never inviting anyone
twice, the mail-merge file, the PDF letters, the pages and who may open them."""

from __future__ import annotations

import csv
import datetime
import io
import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from borgersamling.accounts.tokens import CODE_ALPHABET
from borgersamling.assemblies.models import Session
from borgersamling.recruitment import invitations
from borgersamling.recruitment.invitations import InvitationError, Part, create_batch, parts
from borgersamling.recruitment.models import (
    Feature,
    Invitation,
    InvitationBatch,
    PersonalDataAccess,
    Recruitment,
    Resident,
)
from borgersamling.recruitment.services import recruitment_of
from tests.accounts.factories import make_assembly, make_member, make_secretariat
from tests.pdf_checks import is_tagged
from tests.recruitment.factories import make_recruitment, make_signup

AREAS = [("Nord", "0.5"), ("Syd", "0.3"), ("Øst", "0.2")]
HOST = "https://borgersamling.example.dk"


def absolute(path: str) -> str:
    return HOST + path


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def add_residents(recruitment: Recruitment, households: dict[str, int]) -> None:
    """``households`` {area: number of households}; household n of an area has n % 3 + 1
    residents."""
    rows: list[Resident] = []
    for area, count in households.items():
        for house in range(count):
            for member in range(house % 3 + 1):
                rows.append(
                    Resident(
                        recruitment=recruitment,
                        person_id=f"{area}-{house}-{member}",
                        name=f"Beboer {area} {house}.{member}",
                        address=f"{area}vej {house}",
                        postcode="2791",
                        city="Dragør",
                        household_key=f"{area.lower()}vej {house}|2791",
                        features={"bopæl": area},
                        row=len(rows) + 2,
                    )
                )
    Resident.objects.bulk_create(rows)


@pytest.fixture
def area_recruitment(db: None) -> Recruitment:
    """50 / 30 / 20 households in three areas (100 households, 198 residents)."""
    recruitment = make_recruitment(features=[("bopæl", AREAS)], seats=10)
    add_residents(recruitment, {"Nord": 50, "Syd": 30, "Øst": 20})
    return recruitment


def invited(recruitment: Recruitment) -> list[Resident]:
    return [
        inv.resident
        for inv in Invitation.objects.filter(recruitment=recruitment).select_related("resident")
        if inv.resident is not None
    ]


# --- drawing a batch ------------------------------------------------------------------------


def test_everyone_gets_one_letter_per_household(area_recruitment: Recruitment) -> None:
    result = create_batch(area_recruitment, method="everyone", seed="x")
    assert result.letters == 100
    people = invited(area_recruitment)
    assert len({p.household_key for p in people}) == len(people) == 100
    assert result.batch.method == InvitationBatch.Method.EVERYONE
    assert result.batch.size is None


def test_everyone_without_the_household_rule_gets_a_letter_each(
    area_recruitment: Recruitment,
) -> None:
    result = create_batch(area_recruitment, method="everyone", one_per_household=False)
    assert result.letters == Resident.objects.count() == 198


def test_codes_are_unique_stored_normalised_and_printed_with_a_dash(
    area_recruitment: Recruitment,
) -> None:
    create_batch(area_recruitment, method="everyone", one_per_household=False)
    codes = list(Invitation.objects.values_list("code", flat=True))
    assert len(set(codes)) == len(codes) == 198
    assert all(len(code) == 8 and set(code) <= set(CODE_ALPHABET) for code in codes)
    batch = InvitationBatch.objects.get()
    printed = {letter.code for letter in invitations.letters(batch, absolute)}
    assert printed == {f"{code[:4]}-{code[4:]}" for code in codes}


def test_a_stratified_sample_splits_letters_by_area(area_recruitment: Recruitment) -> None:
    result = create_batch(
        area_recruitment, method="stratified", size=10, stratify_by="bopæl", seed="2025"
    )
    assert result.allocation == {"Nord": 5, "Syd": 3, "Øst": 2}
    got = Counter(p.features["bopæl"] for p in invited(area_recruitment))
    assert got == {"Nord": 5, "Syd": 3, "Øst": 2}
    assert (result.batch.stratify_by, result.batch.size, result.batch.seed) == (
        "bopæl",
        10,
        "2025",
    )


def test_the_same_seed_and_extract_give_the_same_letters(db: None) -> None:
    drawn = []
    for _attempt in range(2):
        recruitment = make_recruitment(features=[("bopæl", AREAS)])
        add_residents(recruitment, {"Nord": 12, "Syd": 8})
        create_batch(recruitment, method="sample", size=5, seed="dragør")
        drawn.append(sorted(p.person_id for p in invited(recruitment)))
    assert drawn[0] == drawn[1]


def test_a_blank_seed_is_made_up_and_kept(area_recruitment: Recruitment) -> None:
    result = create_batch(area_recruitment, method="sample", size=3, seed="  ")
    assert re.fullmatch(r"[0-9a-f]{8}", result.batch.seed)


def test_a_second_batch_never_invites_anyone_again(area_recruitment: Recruitment) -> None:
    first = create_batch(area_recruitment, method="sample", size=40, seed="1")
    second = create_batch(area_recruitment, method="everyone", seed="2")
    assert second.letters == 60  # the households not drawn the first time
    # Everyone in the 40 households drawn first is left out, not only the addressee.
    households = {p.household_key for p in invited(area_recruitment)}
    assert len(households) == 100
    first_households = set(
        first.batch.invitations.values_list("resident__household_key", flat=True)
    )
    assert (
        second.already_invited
        == Resident.objects.filter(household_key__in=first_households).count()
    )
    people = invited(area_recruitment)
    assert len({p.pk for p in people}) == len(people)


def test_without_the_household_rule_only_the_invited_are_left_out(
    area_recruitment: Recruitment,
) -> None:
    create_batch(area_recruitment, method="sample", size=40, seed="1")
    second = create_batch(area_recruitment, method="everyone", one_per_household=False)
    assert (second.letters, second.already_invited) == (158, 40)


def refused(recruitment: Recruitment, **options: Any) -> str:
    batches = InvitationBatch.objects.count()
    letters = Invitation.objects.count()
    with pytest.raises(InvitationError) as caught:
        create_batch(recruitment, **options)
    assert (InvitationBatch.objects.count(), Invitation.objects.count()) == (batches, letters)
    return str(caught.value)


def test_more_letters_than_households_is_refused(area_recruitment: Recruitment) -> None:
    message = refused(area_recruitment, method="sample", size=101)
    assert message == "101 letters are asked for, but only 100 households can still be invited."


def test_nobody_left_is_refused(area_recruitment: Recruitment) -> None:
    create_batch(area_recruitment, method="everyone")
    message = refused(area_recruitment, method="everyone")
    assert message == (
        "Nobody is left to invite: each of the 198 residents, or their household, already "
        "has a letter."
    )


def test_stratifying_by_an_unknown_criterion_is_refused(area_recruitment: Recruitment) -> None:
    message = refused(area_recruitment, method="stratified", size=5, stratify_by="sogn")
    assert message == "There is no criterion 'sogn' to stratify by."


def test_stratifying_by_a_criterion_the_extract_lacks_is_refused(
    area_recruitment: Recruitment,
) -> None:
    Feature.objects.create(recruitment=area_recruitment, key="køn", label="Køn")
    message = refused(area_recruitment, method="stratified", size=5, stratify_by="køn")
    assert message == "The population extract has no column 'køn' to stratify by."


def test_no_extract_is_refused(recruitment: Recruitment) -> None:
    message = refused(recruitment, method="everyone")
    assert message == "There is no population extract yet: import one first."


def test_a_failure_while_storing_leaves_no_batch(
    area_recruitment: Recruitment, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("database gone")

    monkeypatch.setattr(Invitation.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        create_batch(area_recruitment, method="everyone")
    assert not InvitationBatch.objects.exists()


def test_new_codes_skip_codes_already_in_use(
    area_recruitment: Recruitment, monkeypatch: pytest.MonkeyPatch
) -> None:
    create_batch(area_recruitment, method="sample", size=1, seed="1")
    taken = Invitation.objects.get().code
    offered = iter([taken, "ZZZZ2222", "ZZZZ3333"])
    monkeypatch.setattr(invitations, "new_code", lambda: next(offered))
    assert sorted(invitations._new_codes(2)) == ["ZZZZ2222", "ZZZZ3333"]


# --- the outputs ----------------------------------------------------------------------------


def test_parts_hold_at_most_200_letters() -> None:
    assert invitations.PART_SIZE == 200
    assert parts(0) == []
    assert parts(200) == [Part(1, 1, 200)]
    assert parts(401) == [Part(1, 1, 200), Part(2, 201, 400), Part(3, 401, 401)]
    assert parts(1001, size=500) == [Part(1, 1, 500), Part(2, 501, 1000), Part(3, 1001, 1001)]


def test_the_mail_merge_file_opens_in_danish_excel(area_recruitment: Recruitment) -> None:
    result = create_batch(area_recruitment, method="sample", size=3, seed="csv")
    content = invitations.mail_merge_csv(result.batch, absolute)
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["navn", "adresse", "postnr", "by", "kode", "link"]
    assert len(rows) == 4
    by_code = {code.replace("-", ""): code for *_rest, code, _link in rows[1:]}
    for invitation in result.batch.invitations.select_related("resident"):
        resident = invitation.resident
        assert resident is not None
        code = by_code[invitation.code]
        assert [resident.name, resident.address, "2791", "Dragør", code] in [r[:5] for r in rows]
        link = next(r[5] for r in rows if r[4] == code)
        assert (
            link
            == f"{HOST}/assemblies/{area_recruitment.assembly.slug}/tilmelding/{invitation.code}/"
        )


def test_the_signup_link_is_the_signup_forms_url(db: None) -> None:
    assembly = make_assembly(slug="dragor-test")
    assert invitations.signup_path(assembly, "ABCDEFGH") == (
        "/assemblies/dragor-test/tilmelding/ABCDEFGH/"
    )


def test_the_default_letter_tells_what_when_and_how(db: None) -> None:
    recruitment = make_recruitment(
        features=[("køn", [("Kvinde", "0.5"), ("Mand", "0.5")]), ("bopæl", AREAS)],
        seats=36,
    )
    assembly = recruitment.assembly
    Session.objects.create(
        assembly=assembly,
        number=1,
        title="Første samling",
        date=datetime.date(2025, 4, 9),
        start=datetime.time(17, 0),
        end=datetime.time(21, 0),
        venue="Rådhuset",
    )
    text = invitations.default_letter_text(recruitment)
    assert assembly.core_task in text
    assert "36 borgere" in text
    assert "onsdag den 9.\u00a0april 2025, kl. 17.00–21.00, Rådhuset" in text
    assert "køn og bopæl" in text
    assert "personlige kode" in text


def pdf_page_count(content: bytes) -> int | None:
    if shutil.which("pdfinfo") is None:
        return None
    info = subprocess.run(
        ["pdfinfo", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    match = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    assert match is not None
    return int(match.group(1))


def test_the_letters_render_as_a_pdf_one_page_per_letter(
    area_recruitment: Recruitment, tmp_path: Path
) -> None:
    import weasyprint

    assembly = area_recruitment.assembly
    assembly.name = "Dragør Borgersamling 2025"
    assembly.save()
    area_recruitment.letter_sender = "Dragør Kommune"
    area_recruitment.save()
    result = create_batch(area_recruitment, method="sample", size=3, seed="pdf")
    batch = result.batch
    content = invitations.letters_pdf(batch, Part(1, 1, 3), absolute)
    assert content.startswith(b"%PDF")
    assert is_tagged(content)
    # Each letter fits on its page: the rendered document has exactly one page per letter.
    chosen = invitations.letters(batch, absolute, Part(1, 1, 3), qr=True)
    html = invitations.letters_html(area_recruitment, chosen)
    assert len(weasyprint.HTML(string=html).render().pages) == 3
    for letter in chosen:
        assert letter.name in html and letter.code in html and letter.url in html
    assert html.count('src="data:image/png;base64,') == 3
    assert "Din personlige kode" in html and "Kære " in html
    pages = pdf_page_count(content)
    if pages is None:
        pytest.skip("pdfinfo/pdftoppm (poppler-utils) is not installed: PDF bytes not inspected")
    assert pages == 3
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed: page 1 not converted to PNG")
    pdf = tmp_path / "letters.pdf"
    pdf.write_bytes(content)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")],
        check=True,
    )
    png = next(tmp_path.glob("p*.png"))
    assert png.read_bytes().startswith(b"\x89PNG")
    assert png.stat().st_size > 5000  # a page with text and a QR code, not a blank one


def test_a_long_batch_is_printed_in_parts(area_recruitment: Recruitment) -> None:
    result = create_batch(area_recruitment, method="everyone", one_per_household=False)
    second = invitations.letters(result.batch, absolute, Part(2, 101, 198))
    everything = invitations.letters(result.batch, absolute)
    assert second == everything[100:]
    assert len(second) == 98


# --- the pages ------------------------------------------------------------------------------


def english_client(user: Any = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def url(recruitment: Recruitment, name: str, **kwargs: Any) -> str:
    return reverse(f"recruitment:{name}", kwargs={"slug": recruitment.assembly.slug, **kwargs})


def test_the_secretariat_draws_a_batch_and_downloads_it(area_recruitment: Recruitment) -> None:
    client = english_client(make_secretariat(area_recruitment.assembly))
    response = client.post(
        url(area_recruitment, "invitations"),
        {"method": "stratified", "size": "10", "stratify_by": "bopæl", "one_per_household": "on"},
    )
    batch = InvitationBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url(area_recruitment, "invitations-batch", pk=batch.pk)
    page = client.get(response["Location"]).content.decode()
    assert "10 letters are ready." in page
    assert url(area_recruitment, "invitations-letters", pk=batch.pk, part=1) in page
    assert "Letters 1–10 (PDF)" in page
    assert not PersonalDataAccess.objects.exists()  # the pages show no one's data

    download = client.get(url(area_recruitment, "invitations-csv", pk=batch.pk))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download.content.count(b"\r\n") == 11
    pdf = client.get(url(area_recruitment, "invitations-letters", pk=batch.pk, part=1))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    log = list(PersonalDataAccess.objects.order_by("pk").values_list("action", "people"))
    assert log == [("export", 10), ("export", 10)]


def test_the_list_counts_letters_and_sign_ups(area_recruitment: Recruitment) -> None:
    result = create_batch(area_recruitment, method="sample", size=4, seed="s")
    invitation = result.batch.invitations.first()
    make_signup(area_recruitment, {"bopæl": "Nord"}, invitation=invitation)
    client = english_client(make_secretariat(area_recruitment.assembly))
    response = client.get(url(area_recruitment, "invitations"))
    batch = response.context["batches"][0]
    assert (batch.letters, batch.signed_up) == (4, 1)


def test_a_part_beyond_the_batch_is_not_found(area_recruitment: Recruitment) -> None:
    result = create_batch(area_recruitment, method="sample", size=4, seed="s")
    client = english_client(make_secretariat(area_recruitment.assembly))
    response = client.get(url(area_recruitment, "invitations-letters", pk=result.batch.pk, part=2))
    assert response.status_code == 404
    assert not PersonalDataAccess.objects.exists()


def test_a_sample_without_a_size_is_shown_at_the_field(area_recruitment: Recruitment) -> None:
    client = english_client(make_secretariat(area_recruitment.assembly))
    response = client.post(url(area_recruitment, "invitations"), {"method": "sample"})
    assert response.status_code == 400
    assert "Give the number of letters for a sample." in response.content.decode()
    assert 'id="id_size_error"' in response.content.decode()
    assert not InvitationBatch.objects.exists()


def test_an_impossible_draw_is_explained_on_the_page(area_recruitment: Recruitment) -> None:
    client = english_client(make_secretariat(area_recruitment.assembly))
    response = client.post(
        url(area_recruitment, "invitations"),
        {"method": "sample", "size": "500", "one_per_household": "on"},
    )
    assert response.status_code == 400
    assert "only 100 households can still be invited" in response.content.decode()
    assert not InvitationBatch.objects.exists()


def test_the_letter_text_is_saved_and_previewed(area_recruitment: Recruitment) -> None:
    client = english_client(make_secretariat(area_recruitment.assembly))
    form = client.get(url(area_recruitment, "invitations-letter"))
    assert "Du er inviteret til at være med i" in form.content.decode()  # the default
    response = client.post(
        url(area_recruitment, "invitations-letter"),
        {"letter_sender": "Dragør Kommune", "letter_text": "Kom og vær med.\n\nHilsen os."},
    )
    assert response.status_code == 302
    area_recruitment.refresh_from_db()
    assert area_recruitment.letter_text == "Kom og vær med.\n\nHilsen os."
    assert invitations.letter_sender(area_recruitment) == "Dragør Kommune"
    assert invitations.letter_text(area_recruitment) == "Kom og vær med.\n\nHilsen os."
    preview = client.get(url(area_recruitment, "invitations-letter-preview"))
    assert preview.content.startswith(b"%PDF")


def test_a_batch_of_another_assembly_is_not_found(area_recruitment: Recruitment) -> None:
    result = create_batch(area_recruitment, method="sample", size=2, seed="s")
    other = make_recruitment()
    client = english_client(make_secretariat(other.assembly))
    for name, extra in (
        ("invitations-batch", {}),
        ("invitations-csv", {}),
        ("invitations-letters", {"part": 1}),
    ):
        response = client.get(url(other, name, pk=result.batch.pk, **extra))
        assert response.status_code == 404, name
    assert not PersonalDataAccess.objects.exists()


@pytest.mark.parametrize("who", ["anonymous", "member", "other secretariat"])
def test_only_this_assemblys_secretariat_gets_the_letters(
    area_recruitment: Recruitment, who: str
) -> None:
    result = create_batch(area_recruitment, method="sample", size=2, seed="s")
    user = {
        "anonymous": None,
        "member": make_member(area_recruitment.assembly),
        "other secretariat": make_secretariat(recruitment_of(make_assembly()).assembly),
    }[who]
    client = english_client(user)
    pk = result.batch.pk
    for name, extra in (
        ("invitations", {}),
        ("invitations-batch", {"pk": pk}),
        ("invitations-csv", {"pk": pk}),
        ("invitations-letters", {"pk": pk, "part": 1}),
        ("invitations-letter", {}),
        ("invitations-letter-preview", {}),
    ):
        response = client.get(url(area_recruitment, name, **extra))
        assert response.status_code == (302 if user is None else 403), name
    drawn = client.post(url(area_recruitment, "invitations"), {"method": "everyone"})
    assert drawn.status_code == (302 if user is None else 403)
    assert InvitationBatch.objects.count() == 1
    assert not PersonalDataAccess.objects.exists()
