"""Criteria and targets: shares in percent beside the pool's counts, editing criteria and
values, importing targets, and the engine's feasibility check on saved and unsaved targets."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from borgersamling.accounts.models import Role
from borgersamling.recruitment.models import Feature, FeatureValue, Recruitment, SignUp
from tests.accounts.factories import make_member, make_secretariat
from tests.recruitment.factories import make_recruitment, make_signup

WOMAN_YOUNG = {"køn": "Kvinde", "alder": "ung"}
WOMAN_OLD = {"køn": "Kvinde", "alder": "gammel"}
MAN_YOUNG = {"køn": "Mand", "alder": "ung"}
MAN_OLD = {"køn": "Mand", "alder": "gammel"}


def client_for(recruitment: Recruitment, language: str = "en") -> Client:
    client = Client()
    response = client.post("/i18n/setlang/", {"language": language, "next": "/"})
    assert response.status_code == 302
    client.force_login(make_secretariat(recruitment.assembly))
    return client


def url(recruitment: Recruitment, name: str, **kwargs: object) -> str:
    return reverse(f"recruitment:{name}", kwargs={"slug": recruitment.assembly.slug, **kwargs})


def value(recruitment: Recruitment, key: str, spelling: str) -> FeatureValue:
    return FeatureValue.objects.get(
        feature__recruitment=recruitment, feature__key=key, value=spelling
    )


def shares(recruitment: Recruitment) -> dict[str, Decimal | None]:
    return {
        v.value: v.population_share
        for v in FeatureValue.objects.filter(feature__recruitment=recruitment)
    }


def targets_data(
    recruitment: Recruitment, tolerance: int | None = None, **percents: str
) -> dict[str, str]:
    """The targets form as the page would post it, with some shares (by value) changed."""
    data = {"tolerance": str(recruitment.tolerance if tolerance is None else tolerance)}
    for v in FeatureValue.objects.filter(feature__recruitment=recruitment):
        share = v.population_share
        data[f"share_{v.pk}"] = "" if share is None else str(share * 100)
    for spelling, percent in percents.items():
        data[
            f"share_{FeatureValue.objects.get(feature__recruitment=recruitment, value=spelling).pk}"
        ] = percent
    return data


def balanced_pool(recruitment: Recruitment) -> None:
    for answers in (WOMAN_YOUNG, WOMAN_OLD, WOMAN_OLD, MAN_YOUNG, MAN_OLD, MAN_OLD):
        make_signup(recruitment, answers)


# --- the page -----------------------------------------------------------------------------


def test_shares_in_percent_beside_the_pool_and_the_seat_ranges(recruitment: Recruitment) -> None:
    for answers in (WOMAN_YOUNG, WOMAN_OLD, WOMAN_OLD, MAN_OLD):
        make_signup(recruitment, answers)
    make_signup(recruitment, MAN_OLD, status=SignUp.Status.WITHDRAWN)  # not in the pool
    response = client_for(recruitment).get(url(recruitment, "targets"))
    assert response.status_code == 200
    assert response.context["pool_total"] == 4
    rows = {row.value.value: row for block in response.context["blocks"] for row in block.rows}
    assert rows["Kvinde"].field.value() == "50"
    assert rows["Kvinde"].pool_count == 3
    assert rows["Kvinde"].pool_share == Decimal("75.0")
    assert rows["Mand"].pool_count == 1
    # 4 seats, tolerance 1: 50 % is 2 seats, so 1 to 3; 40 % is 1.6, so 0 to 3.
    assert rows["Kvinde"].seat_range == (1, 3)
    assert rows["ung"].seat_range == (0, 3)
    assert rows["gammel"].seat_range == (1, 4)


def test_saving_shares_typed_with_a_decimal_comma(recruitment: Recruitment) -> None:
    data = targets_data(recruitment, tolerance=2, Kvinde="45,5", Mand="54.5 %")
    response = client_for(recruitment).post(url(recruitment, "targets"), data)
    assert response.status_code == 302
    assert shares(recruitment)["Kvinde"] == Decimal("0.455")
    assert shares(recruitment)["Mand"] == Decimal("0.545")
    recruitment.refresh_from_db()
    assert recruitment.tolerance == 2


def test_shares_that_do_not_add_up_are_refused_naming_the_criterion(
    recruitment: Recruitment,
) -> None:
    before = shares(recruitment)
    data = targets_data(recruitment, tolerance=3, Kvinde="60", Mand="30")
    response = client_for(recruitment).post(url(recruitment, "targets"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "The shares of Køn add up to 90 %, not 100 %." in page
    assert shares(recruitment) == before
    recruitment.refresh_from_db()
    assert recruitment.tolerance == 1


def test_shares_within_three_points_of_100_are_accepted(recruitment: Recruitment) -> None:
    data = targets_data(recruitment, Kvinde="51", Mand="51")
    response = client_for(recruitment).post(url(recruitment, "targets"), data)
    assert response.status_code == 302
    assert shares(recruitment)["Kvinde"] == Decimal("0.51")


def test_a_share_that_is_not_a_number_is_refused(recruitment: Recruitment) -> None:
    data = targets_data(recruitment, Kvinde="half")
    response = client_for(recruitment).post(url(recruitment, "targets"), data)
    assert response.status_code == 400
    assert shares(recruitment)["Kvinde"] == Decimal("0.5")


def test_the_suggested_tolerance_button_saves_it(recruitment: Recruitment) -> None:
    data = targets_data(recruitment, tolerance=0) | {"apply_tolerance": "3"}
    client_for(recruitment).post(url(recruitment, "targets"), data)
    recruitment.refresh_from_db()
    assert recruitment.tolerance == 3


# --- the feasibility check ----------------------------------------------------------------


def check(client: Client, recruitment: Recruitment, data: dict[str, str] | None = None) -> str:
    address = url(recruitment, "targets-check")
    response = client.get(address) if data is None else client.post(address, data)
    assert response.status_code == 200
    return response.content.decode()


def test_feasible_targets(recruitment: Recruitment) -> None:
    balanced_pool(recruitment)
    fragment = check(client_for(recruitment), recruitment)
    assert "A panel of 4 can be drawn." in fragment


def test_a_value_nobody_in_the_pool_has(recruitment: Recruitment) -> None:
    for answers in (MAN_YOUNG, MAN_OLD, MAN_OLD, MAN_OLD, MAN_YOUNG):
        make_signup(recruitment, answers)
    recruitment.tolerance = 0
    recruitment.save()
    response = client_for(recruitment).get(url(recruitment, "targets"))
    result = response.context["check"]
    assert not result.feasible
    assert any("Kvinde" in reason for reason in result.reasons)
    page = response.content.decode()
    assert "No panel of 4 meets all the targets." in page
    assert "Kvinde" in page
    # The smallest relaxation lowers the women's minimum.
    change = next(c for c in result.changes if c.value == "Kvinde")
    assert (change.old_min, change.new_min) == (2, 0)


def test_an_unsaved_zero_share_for_most_of_the_pool_is_checked_without_saving(
    recruitment: Recruitment,
) -> None:
    for answers in (WOMAN_YOUNG, WOMAN_OLD, WOMAN_OLD, WOMAN_YOUNG, MAN_OLD, MAN_YOUNG):
        make_signup(recruitment, answers)
    before = shares(recruitment)
    client = client_for(recruitment)
    assert "A panel of 4 can be drawn." in check(client, recruitment)
    fragment = check(
        client, recruitment, targets_data(recruitment, tolerance=0, Kvinde="0", Mand="100")
    )
    assert "No panel of 4 meets all the targets." in fragment
    assert "Mand" in fragment
    assert "not saved yet" in fragment
    # A larger tolerance cannot help either: only two men in the pool for four seats.
    assert shares(recruitment) == before
    recruitment.refresh_from_db()
    assert recruitment.tolerance == 1


def test_the_check_suggests_a_tolerance_when_one_helps(recruitment: Recruitment) -> None:
    for answers in (WOMAN_YOUNG, WOMAN_OLD, WOMAN_OLD, MAN_OLD, MAN_OLD, MAN_OLD):
        make_signup(recruitment, answers)
    # 4 seats, tolerance 0: ung needs 1 to 2 seats; only one young person is in the pool,
    # and gammel may have at most 3... feasible. Ask for 75 % young instead: 3 seats.
    data = targets_data(recruitment, tolerance=0, ung="75", gammel="25")
    response = client_for(recruitment).post(url(recruitment, "targets-check"), data)
    result = response.context["check"]
    assert not result.feasible
    assert result.tolerance_fix == 2
    assert 'name="apply_tolerance" value="2"' in response.content.decode()


def test_unsaved_input_errors_are_shown_in_the_check(recruitment: Recruitment) -> None:
    balanced_pool(recruitment)
    fragment = check(client_for(recruitment), recruitment, targets_data(recruitment, Kvinde="x"))
    assert "Køn: Kvinde" in fragment
    assert "cannot be checked" in fragment


def test_a_missing_share_is_said_plainly(recruitment: Recruitment) -> None:
    balanced_pool(recruitment)
    FeatureValue.objects.filter(value="Mand").update(population_share=None)
    fragment = check(client_for(recruitment), recruitment)
    assert "Køn Mand has no municipality share yet." in fragment


def test_no_seats_no_check(db: None) -> None:
    recruitment = make_recruitment()
    recruitment.assembly.seats = None
    recruitment.assembly.save()
    fragment = check(client_for(recruitment), recruitment)
    assert "no number of members" in fragment


def test_a_sign_up_whose_answer_has_no_target_is_named(recruitment: Recruitment) -> None:
    balanced_pool(recruitment)
    stray = make_signup(recruitment, {"køn": "Andet", "alder": "ung"})
    fragment = check(client_for(recruitment), recruitment)
    assert f"#{stray.number}" in fragment


def test_engine_messages_follow_the_page_language(recruitment: Recruitment) -> None:
    balanced_pool(recruitment)
    FeatureValue.objects.filter(value="Kvinde").update(population_share=Decimal("0.3"))
    danish = check(client_for(recruitment, "da"), recruitment)
    assert "andelene for køn giver 80.0% i alt" in danish
    english = check(client_for(recruitment, "en"), recruitment)
    assert "the shares of køn add up to 80.0%" in english
    assert "quotas.csv" not in english


def test_the_page_has_the_live_region_and_the_script(recruitment: Recruitment) -> None:
    page = client_for(recruitment).get(url(recruitment, "targets")).content.decode()
    assert 'id="targets-check"' in page and 'aria-live="polite"' in page
    assert "recruitment/targets.js" in page
    assert f'data-check-url="{url(recruitment, "targets-check")}"' in page


# --- criteria and values ------------------------------------------------------------------


def feature_data(feature: Feature, **changes: str) -> dict[str, str]:
    values = list(feature.values.all())
    data = {
        "key": feature.key,
        "label": feature.label,
        "question": feature.question,
        "order": str(feature.order),
        "values-TOTAL_FORMS": str(len(values) + 1),
        "values-INITIAL_FORMS": str(len(values)),
        "values-MIN_NUM_FORMS": "0",
        "values-MAX_NUM_FORMS": "1000",
    }
    for index, v in enumerate(values):
        share = "" if v.population_share is None else str(v.population_share * 100)
        data |= {
            f"values-{index}-id": str(v.pk),
            f"values-{index}-feature": str(feature.pk),
            f"values-{index}-value": v.value,
            f"values-{index}-label": v.label,
            f"values-{index}-order": str(v.order),
            f"values-{index}-share_percent": share,
        }
    return data | changes


def test_renaming_a_column_and_a_value_renames_the_answers(recruitment: Recruitment) -> None:
    signup = make_signup(recruitment, WOMAN_YOUNG)
    other = make_signup(recruitment, MAN_OLD)
    feature = recruitment.features.get(key="køn")
    data = feature_data(feature, key="kon", **{"values-0-value": "K"})
    response = client_for(recruitment).post(
        url(recruitment, "targets-feature", pk=feature.pk), data
    )
    assert response.status_code == 302
    signup.refresh_from_db()
    other.refresh_from_db()
    assert signup.features == {"kon": "K", "alder": "ung"}
    assert other.features == {"kon": "Mand", "alder": "gammel"}
    assert set(shares(recruitment)) == {"K", "Mand", "ung", "gammel"}


def test_a_value_in_use_cannot_be_deleted(recruitment: Recruitment) -> None:
    make_signup(recruitment, WOMAN_YOUNG)
    feature = recruitment.features.get(key="køn")
    data = feature_data(feature, **{"values-0-DELETE": "on"})
    response = client_for(recruitment).post(
        url(recruitment, "targets-feature", pk=feature.pk), data
    )
    assert response.status_code == 400
    assert "cannot be deleted" in response.content.decode()
    assert FeatureValue.objects.filter(feature=feature, value="Kvinde").exists()


def test_an_unused_value_is_deleted_and_a_new_one_added(recruitment: Recruitment) -> None:
    make_signup(recruitment, MAN_OLD)
    feature = recruitment.features.get(key="køn")
    data = feature_data(
        feature,
        **{
            "values-0-DELETE": "on",
            "values-1-share_percent": "98",
            "values-2-value": "Andet",
            "values-2-share_percent": "2",
        },
    )
    response = client_for(recruitment).post(
        url(recruitment, "targets-feature", pk=feature.pk), data
    )
    assert response.status_code == 302
    assert {v.value: v.population_share for v in feature.values.all()} == {
        "Mand": Decimal("0.98"),
        "Andet": Decimal("0.02"),
    }


def test_a_criterion_s_shares_must_add_up(recruitment: Recruitment) -> None:
    feature = recruitment.features.get(key="alder")
    data = feature_data(feature, **{"values-0-share_percent": "20"})
    response = client_for(recruitment).post(
        url(recruitment, "targets-feature", pk=feature.pk), data
    )
    assert response.status_code == 400
    assert "The shares of Alder add up to 80 %, not 100 %." in response.content.decode()
    assert value(recruitment, "alder", "ung").population_share == Decimal("0.4")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"key": "ALDER"}, "Another criterion already has the column name"),
        ({"key": "nummer"}, "used by the lottery"),
        ({"values-1-value": "KVINDE"}, "listed twice"),
    ],
)
def test_clashing_names_are_refused(
    recruitment: Recruitment, changes: dict[str, str], message: str
) -> None:
    feature = recruitment.features.get(key="køn")
    response = client_for(recruitment).post(
        url(recruitment, "targets-feature", pk=feature.pk), feature_data(feature, **changes)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    feature.refresh_from_db()
    assert feature.key == "køn"
    assert set(feature.values.values_list("value", flat=True)) == {"Kvinde", "Mand"}


def test_adding_a_criterion_with_its_values(recruitment: Recruitment) -> None:
    data = {
        "key": "bopæl",
        "label": "Bopæl",
        "question": "Hvor bor du?",
        "order": "",
        "values-TOTAL_FORMS": "3",
        "values-INITIAL_FORMS": "0",
        "values-MIN_NUM_FORMS": "0",
        "values-MAX_NUM_FORMS": "1000",
        "values-0-value": "Nord",
        "values-0-share_percent": "40",
        "values-1-value": "Syd",
        "values-1-share_percent": "60",
    }
    response = client_for(recruitment).post(url(recruitment, "targets-feature-new"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    feature = recruitment.features.get(key="bopæl")
    assert feature.order == 2  # after the two criteria already there
    assert {v.value: v.population_share for v in feature.values.all()} == {
        "Nord": Decimal("0.4"),
        "Syd": Decimal("0.6"),
    }


def test_deleting_a_criterion_asks_first(recruitment: Recruitment) -> None:
    make_signup(recruitment, WOMAN_YOUNG)
    feature = recruitment.features.get(key="alder")
    client = client_for(recruitment)
    page = client.get(url(recruitment, "targets-feature-delete", pk=feature.pk))
    assert "1 sign-up answered it." in page.content.decode()
    assert Feature.objects.filter(pk=feature.pk).exists()
    client.post(url(recruitment, "targets-feature-delete", pk=feature.pk))
    assert not Feature.objects.filter(pk=feature.pk).exists()
    assert not FeatureValue.objects.filter(value="ung").exists()


# --- importing targets --------------------------------------------------------------------


def import_targets(
    recruitment: Recruitment, content: str, name: str = "andele.csv"
) -> tuple[int, list[str]]:
    response = client_for(recruitment).post(
        url(recruitment, "targets-import"),
        {"file": SimpleUploadedFile(name, content.encode("utf-8"))},
    )
    return response.status_code, (response.context["errors"] if response.context else [])


def test_importing_danish_percentages_adds_a_missing_value(recruitment: Recruitment) -> None:
    content = (
        "kriterie;værdi;andel\n"
        "køn;kvinde;49,5\n"
        "køn;Mand;49,5\n"
        "køn;Andet;1\n"
        "alder;ung;30\n"
        "alder;gammel;70\n"
    )
    assert import_targets(recruitment, content) == (302, [])
    assert shares(recruitment) == {
        "Kvinde": Decimal("0.495"),
        "Mand": Decimal("0.495"),
        "Andet": Decimal("0.01"),
        "ung": Decimal("0.3"),
        "gammel": Decimal("0.7"),
    }
    assert value(recruitment, "køn", "Andet").order == 2


def test_importing_fractions_for_one_criterion_leaves_the_other(recruitment: Recruitment) -> None:
    assert (
        import_targets(recruitment, "feature,value,share\nalder,ung,0.25\nalder,gammel,0.75\n")[0]
        == 302
    )
    assert shares(recruitment)["ung"] == Decimal("0.25")
    assert shares(recruitment)["Kvinde"] == Decimal("0.5")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("feature,value\nkøn,Kvinde\n", ["andele.csv", "row 1", "share"]),
        ("feature,value,share\nbolig,Ejer,100\n", ["andele.csv", "row 2", "'feature'", "bolig"]),
        ("feature,value,share\nkøn,Kvinde,\nkøn,Mand,50\n", ["andele.csv", "row 2", "'share'"]),
        ("feature,value,share\nkøn,Kvinde,halv\nkøn,Mand,50\n", ["andele.csv", "row 2", "halv"]),
        ("feature,value,share\nkøn,Kvinde,50\nkøn,kvinde,50\n", ["andele.csv", "row 3", "row 2"]),
        ("feature,value,share\nkøn,Kvinde,60\nkøn,Mand,30\n", ["andele.csv", "køn", "90.0%"]),
        ("feature,value,share\nkøn,Kvinde,100\n", ["andele.csv", "køn", "'Mand'"]),
        ("feature,value,share\nkøn,Kvinde,150\nkøn,Mand,0\n", ["andele.csv", "row 2", "100"]),
    ],
)
def test_bad_target_files_change_nothing(
    recruitment: Recruitment, content: str, expected: list[str]
) -> None:
    before = shares(recruitment)
    status, errors = import_targets(recruitment, content)
    assert status == 400
    assert errors
    for part in expected:
        assert part in errors[0], (part, errors)
    assert shares(recruitment) == before


def test_a_good_criterion_is_not_stored_when_another_is_bad(recruitment: Recruitment) -> None:
    before = shares(recruitment)
    content = "feature,value,share\nalder,ung,30\nalder,gammel,70\nkøn,Kvinde,10\nkøn,Mand,10\n"
    assert import_targets(recruitment, content)[0] == 400
    assert shares(recruitment) == before


# --- who may -------------------------------------------------------------------------------


def target_urls(recruitment: Recruitment) -> list[str]:
    feature = recruitment.features.first()
    assert feature is not None
    return [
        url(recruitment, "targets"),
        url(recruitment, "targets-check"),
        url(recruitment, "targets-import"),
        url(recruitment, "targets-feature-new"),
        url(recruitment, "targets-feature", pk=feature.pk),
        url(recruitment, "targets-feature-delete", pk=feature.pk),
    ]


@pytest.mark.parametrize("who", ["anonymous", "member", "other secretariat"])
def test_only_the_secretariat_sees_or_changes_targets(recruitment: Recruitment, who: str) -> None:
    client = Client()
    if who == "member":
        client.force_login(make_member(recruitment.assembly, Role.MEMBER))
    elif who == "other secretariat":
        client.force_login(make_secretariat(make_recruitment().assembly))
    refused = 302 if who == "anonymous" else 403
    before = shares(recruitment)
    for address in target_urls(recruitment):
        assert client.get(address).status_code == refused, address
    data = targets_data(recruitment, tolerance=5, Kvinde="10", Mand="90")
    assert client.post(url(recruitment, "targets"), data).status_code == refused
    assert client.post(url(recruitment, "targets-check"), data).status_code == refused
    feature = recruitment.features.get(key="køn")
    assert (
        client.post(url(recruitment, "targets-feature-delete", pk=feature.pk)).status_code
        == refused
    )
    assert shares(recruitment) == before
    assert Feature.objects.filter(pk=feature.pk).exists()


def test_a_criterion_of_another_assembly_is_not_found(recruitment: Recruitment) -> None:
    theirs = make_recruitment().features.get(key="køn")
    client = client_for(recruitment)
    assert client.get(url(recruitment, "targets-feature", pk=theirs.pk)).status_code == 404
    assert client.post(url(recruitment, "targets-feature-delete", pk=theirs.pk)).status_code == 404
    assert Feature.objects.filter(pk=theirs.pk).exists()
