"""The pool: listing, filtering, correcting, adding and withdrawing sign-ups, the duplicate
review, the access log and who may do any of it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from borgersamling.accounts.models import Role
from borgersamling.recruitment.models import PersonalDataAccess, Recruitment, SignUp
from tests.accounts.factories import make_member, make_secretariat
from tests.recruitment.factories import make_recruitment, make_signup

WOMAN_YOUNG = {"køn": "Kvinde", "alder": "ung"}
MAN_OLD = {"køn": "Mand", "alder": "gammel"}
Action = PersonalDataAccess.Action


def secretariat_client(recruitment: Recruitment) -> Client:
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    client.force_login(make_secretariat(recruitment.assembly))
    return client


def url(recruitment: Recruitment, name: str, **kwargs: object) -> str:
    return reverse(f"recruitment:{name}", kwargs={"slug": recruitment.assembly.slug, **kwargs})


def logged(recruitment: Recruitment, action: str) -> list[PersonalDataAccess]:
    return list(PersonalDataAccess.objects.filter(recruitment=recruitment, action=action))


def edit_data(signup: SignUp, **changes: str) -> dict[str, str]:
    data = {
        "name": signup.name,
        "email": signup.email,
        "phone": signup.phone,
        "address": signup.address,
        "postcode": signup.postcode,
        "birth_year": "",
        "access_needs": "",
        "dietary_needs": "",
        "notes": "",
    }
    for feature in signup.recruitment.features.all():
        data[f"feature_{feature.pk}"] = signup.features.get(feature.key, "")
    return data | changes


def feature_field(recruitment: Recruitment, key: str) -> str:
    return f"feature_{recruitment.features.get(key=key).pk}"


# --- the list -----------------------------------------------------------------------------


def test_the_list_shows_sign_ups_and_logs_how_many_were_shown(recruitment: Recruitment) -> None:
    anne = make_signup(recruitment, WOMAN_YOUNG, name="Anne Jensen")
    make_signup(recruitment, MAN_OLD, name="Lars Hansen")
    client = secretariat_client(recruitment)
    response = client.get(url(recruitment, "pool"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Anne Jensen" in page and "Lars Hansen" in page
    assert f"#{anne.number}" in page
    [entry] = logged(recruitment, Action.LIST)
    assert entry.people == 2
    assert entry.user is not None


def test_counts_per_status(recruitment: Recruitment) -> None:
    make_signup(recruitment, WOMAN_YOUNG)
    make_signup(recruitment, WOMAN_YOUNG, status=SignUp.Status.WITHDRAWN)
    make_signup(recruitment, MAN_OLD, status=SignUp.Status.WITHDRAWN)
    response = secretariat_client(recruitment).get(url(recruitment, "pool"))
    counts = {value: count for value, _label, count in response.context["statuses"]}
    assert counts[SignUp.Status.POOL] == 1
    assert counts[SignUp.Status.WITHDRAWN] == 2
    assert response.context["total"] == 3


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "withdrawn"}, {"Gone Person"}),
        ({"duplicates": "on"}, {"Second Anne"}),
        ({"q": "jensen"}, {"Anne Jensen", "Second Anne"}),
        ({"q": "lars@"}, {"Lars Hansen"}),
        ({"q": "#3"}, {"Gone Person"}),
        ({"q": "3"}, {"Gone Person"}),
    ],
)
def test_filters(recruitment: Recruitment, query: dict[str, str], expected: set[str]) -> None:
    first = make_signup(recruitment, WOMAN_YOUNG, name="Anne Jensen", email="a@x.dk")
    make_signup(recruitment, MAN_OLD, name="Lars Hansen", email="lars@example.dk")
    make_signup(
        recruitment, MAN_OLD, name="Gone Person", email="g@x.dk", status=SignUp.Status.WITHDRAWN
    )
    make_signup(
        recruitment, WOMAN_YOUNG, name="Second Anne", email="jensen@x.dk", duplicate_of=first
    )
    make_signup(
        recruitment,
        WOMAN_YOUNG,
        name="Cleared Twin",
        email="c@x.dk",
        duplicate_of=first,
        duplicate_cleared=True,
    )
    response = secretariat_client(recruitment).get(url(recruitment, "pool"), query)
    shown = {signup.name for signup, _answers in response.context["rows"]}
    assert shown == expected


def test_filter_by_each_feature_value(recruitment: Recruitment) -> None:
    make_signup(recruitment, WOMAN_YOUNG, name="Young Woman")
    make_signup(recruitment, {"køn": "Kvinde", "alder": "gammel"}, name="Old Woman")
    make_signup(recruitment, MAN_OLD, name="Old Man")
    client = secretariat_client(recruitment)
    women = client.get(url(recruitment, "pool"), {feature_field(recruitment, "køn"): "Kvinde"})
    assert {s.name for s, _ in women.context["rows"]} == {"Young Woman", "Old Woman"}
    old_women = client.get(
        url(recruitment, "pool"),
        {
            feature_field(recruitment, "køn"): "Kvinde",
            feature_field(recruitment, "alder"): "gammel",
        },
    )
    assert {s.name for s, _ in old_women.context["rows"]} == {"Old Woman"}


def test_an_unknown_filter_value_is_ignored_not_an_error(recruitment: Recruitment) -> None:
    make_signup(recruitment, WOMAN_YOUNG)
    response = secretariat_client(recruitment).get(url(recruitment, "pool"), {"status": "nope"})
    assert response.status_code == 200
    assert len(response.context["rows"]) == 1


def test_fifty_per_page(recruitment: Recruitment) -> None:
    for _ in range(51):
        make_signup(recruitment, WOMAN_YOUNG)
    client = secretariat_client(recruitment)
    first = client.get(url(recruitment, "pool"))
    assert len(first.context["rows"]) == 50
    second = client.get(url(recruitment, "pool"), {"page": "2"})
    assert len(second.context["rows"]) == 1
    assert [entry.people for entry in logged(recruitment, Action.LIST)] == [1, 50]


def test_anonymised_sign_ups_show_no_name(recruitment: Recruitment) -> None:
    make_signup(recruitment, WOMAN_YOUNG, name="", anonymised_at=timezone.now())
    page = secretariat_client(recruitment).get(url(recruitment, "pool")).content.decode()
    assert "anonymised" in page


# --- one sign-up --------------------------------------------------------------------------


def test_the_sign_up_page_logs_the_view(recruitment: Recruitment) -> None:
    signup = make_signup(recruitment, WOMAN_YOUNG, name="Anne Jensen")
    response = secretariat_client(recruitment).get(url(recruitment, "pool-edit", pk=signup.pk))
    assert response.status_code == 200
    assert "Anne Jensen" in response.content.decode()
    [entry] = logged(recruitment, Action.VIEW)
    assert entry.signup_number == signup.number


def test_correcting_contact_and_answers(recruitment: Recruitment) -> None:
    signup = make_signup(recruitment, WOMAN_YOUNG, name="Anne Jensen", address="Vej 1")
    data = edit_data(
        signup, name="Anne Marie Jensen", address="Kirkevej 3", postcode="2791", notes="Ringet op"
    )
    data[feature_field(recruitment, "alder")] = "gammel"
    response = secretariat_client(recruitment).post(
        url(recruitment, "pool-edit", pk=signup.pk), data
    )
    assert response.status_code == 302
    signup.refresh_from_db()
    assert signup.name == "Anne Marie Jensen"
    assert signup.features == {"køn": "Kvinde", "alder": "gammel"}
    assert signup.notes == "Ringet op"
    assert signup.household_key == "kirkevej 3|2791"  # the new address is the new household
    [entry] = logged(recruitment, Action.EDIT)
    assert entry.signup_number == signup.number
    assert "name" in entry.detail


def test_an_answer_must_be_one_of_the_values(recruitment: Recruitment) -> None:
    signup = make_signup(recruitment, WOMAN_YOUNG, name="Anne Jensen")
    data = edit_data(signup, name="Someone Else")
    data[feature_field(recruitment, "køn")] = "Robot"
    response = secretariat_client(recruitment).post(
        url(recruitment, "pool-edit", pk=signup.pk), data
    )
    assert response.status_code == 400
    assert response.context["form"].errors[feature_field(recruitment, "køn")]
    signup.refresh_from_db()
    assert signup.name == "Anne Jensen"
    assert signup.features == WOMAN_YOUNG
    assert not logged(recruitment, Action.EDIT)


def test_an_anonymised_sign_up_cannot_be_edited(recruitment: Recruitment) -> None:
    signup = make_signup(recruitment, WOMAN_YOUNG, name="", email="", anonymised_at=timezone.now())
    client = secretariat_client(recruitment)
    page = client.get(url(recruitment, "pool-edit", pk=signup.pk))
    assert page.context["form"] is None
    assert "anonymised" in page.content.decode()
    client.post(url(recruitment, "pool-edit", pk=signup.pk), edit_data(signup, name="Back"))
    signup.refresh_from_db()
    assert signup.name == ""
    assert not logged(recruitment, Action.EDIT)


def test_adding_a_sign_up_by_hand(recruitment: Recruitment) -> None:
    existing = make_signup(recruitment, WOMAN_YOUNG)
    data = {
        "name": "Per Telefon",
        "phone": "20 30 40 50",
        "email": "",
        "address": "Strandvej 2",
        "postcode": "2791",
        feature_field(recruitment, "køn"): "Mand",
        feature_field(recruitment, "alder"): "ung",
        "consent": "on",
    }
    response = secretariat_client(recruitment).post(url(recruitment, "pool-new"), data)
    assert response.status_code == 302
    signup = SignUp.objects.get(name="Per Telefon")
    assert signup.source == SignUp.Source.SECRETARIAT
    assert signup.status == SignUp.Status.POOL
    assert signup.number == existing.number + 1
    assert signup.features == {"køn": "Mand", "alder": "ung"}
    assert signup.consent_given_at is not None
    assert signup.consent_text == recruitment.consent_text_rendered()
    assert logged(recruitment, Action.EDIT)[0].signup_number == signup.number


def test_adding_by_hand_needs_the_consent(recruitment: Recruitment) -> None:
    data = {
        "name": "Per Telefon",
        feature_field(recruitment, "køn"): "Mand",
        feature_field(recruitment, "alder"): "ung",
    }
    response = secretariat_client(recruitment).post(url(recruitment, "pool-new"), data)
    assert response.status_code == 400
    assert response.context["form"].errors["consent"]
    assert not SignUp.objects.filter(recruitment=recruitment).exists()


# --- withdraw and put back ----------------------------------------------------------------


def test_withdraw_and_put_back(recruitment: Recruitment) -> None:
    signup = make_signup(recruitment, WOMAN_YOUNG)
    client = secretariat_client(recruitment)
    client.post(url(recruitment, "pool-withdraw", pk=signup.pk))
    signup.refresh_from_db()
    assert signup.status == SignUp.Status.WITHDRAWN
    client.post(url(recruitment, "pool-put-back", pk=signup.pk))
    signup.refresh_from_db()
    assert signup.status == SignUp.Status.POOL
    details = [entry.detail for entry in logged(recruitment, Action.EDIT)]
    assert sorted(details) == ["put back into the pool", "withdrawn by the secretariat"]


@pytest.mark.parametrize(
    "status", [SignUp.Status.SELECTED, SignUp.Status.CONFIRMED, SignUp.Status.DECLINED]
)
def test_a_drawn_person_is_not_withdrawn_here(recruitment: Recruitment, status: str) -> None:
    signup = make_signup(recruitment, WOMAN_YOUNG, status=status)
    client = secretariat_client(recruitment)
    client.post(url(recruitment, "pool-withdraw", pk=signup.pk))
    client.post(url(recruitment, "pool-put-back", pk=signup.pk))
    signup.refresh_from_db()
    assert signup.status == status
    assert not logged(recruitment, Action.EDIT)


def test_withdraw_takes_only_post(recruitment: Recruitment) -> None:
    signup = make_signup(recruitment, WOMAN_YOUNG)
    response = secretariat_client(recruitment).get(url(recruitment, "pool-withdraw", pk=signup.pk))
    assert response.status_code == 405
    signup.refresh_from_db()
    assert signup.status == SignUp.Status.POOL


# --- duplicates ---------------------------------------------------------------------------


def test_duplicate_review_shows_both_and_logs_both(recruitment: Recruitment) -> None:
    original = make_signup(recruitment, WOMAN_YOUNG, name="Anne Jensen", email="anne@x.dk")
    twin = make_signup(
        recruitment, WOMAN_YOUNG, name="Anne Jensen", email="anne@x.dk", duplicate_of=original
    )
    response = secretariat_client(recruitment).get(url(recruitment, "pool-edit", pk=twin.pk))
    assert response.context["review"] is True
    page = response.content.decode()
    assert f"#{original.number}" in page and f"#{twin.number}" in page
    viewed = {entry.signup_number for entry in logged(recruitment, Action.VIEW)}
    assert viewed == {original.number, twin.number}


def test_not_a_duplicate_keeps_both(recruitment: Recruitment) -> None:
    original = make_signup(recruitment, WOMAN_YOUNG, email="same@x.dk")
    twin = make_signup(recruitment, MAN_OLD, email="same@x.dk", duplicate_of=original)
    client = secretariat_client(recruitment)
    client.post(url(recruitment, "pool-not-duplicate", pk=twin.pk))
    twin.refresh_from_db()
    assert twin.duplicate_cleared is True
    assert twin.status == SignUp.Status.POOL
    page = client.get(url(recruitment, "pool-edit", pk=twin.pk))
    assert page.context["review"] is False
    flagged = client.get(url(recruitment, "pool"), {"duplicates": "on"})
    assert flagged.context["rows"] == []


def test_withdrawing_the_second_sign_up_of_a_duplicate(recruitment: Recruitment) -> None:
    original = make_signup(recruitment, WOMAN_YOUNG, email="same@x.dk")
    twin = make_signup(recruitment, WOMAN_YOUNG, email="same@x.dk", duplicate_of=original)
    secretariat_client(recruitment).post(url(recruitment, "pool-withdraw", pk=twin.pk))
    twin.refresh_from_db()
    original.refresh_from_db()
    assert twin.status == SignUp.Status.WITHDRAWN
    assert original.status == SignUp.Status.POOL


def test_a_sign_up_added_by_hand_is_checked_for_duplicates(recruitment: Recruitment) -> None:
    original = make_signup(recruitment, WOMAN_YOUNG, email="anne@x.dk")
    data = {
        "name": "Anne igen",
        "email": "ANNE@x.dk",
        feature_field(recruitment, "køn"): "Kvinde",
        feature_field(recruitment, "alder"): "ung",
        "consent": "on",
    }
    secretariat_client(recruitment).post(url(recruitment, "pool-new"), data)
    assert SignUp.objects.get(name="Anne igen").duplicate_of == original


# --- who may -------------------------------------------------------------------------------


def pool_urls(recruitment: Recruitment, signup: SignUp) -> list[str]:
    return [
        url(recruitment, "pool"),
        url(recruitment, "pool-new"),
        url(recruitment, "pool-import"),
        url(recruitment, "pool-edit", pk=signup.pk),
    ]


def test_visitors_are_sent_to_log_in(recruitment: Recruitment) -> None:
    signup = make_signup(recruitment, WOMAN_YOUNG)
    for address in pool_urls(recruitment, signup):
        response = Client().get(address)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    assert not PersonalDataAccess.objects.exists()


@pytest.mark.parametrize("who", ["member", "other secretariat"])
def test_others_are_refused(recruitment: Recruitment, who: str) -> None:
    signup = make_signup(recruitment, WOMAN_YOUNG, name="Anne Jensen")
    other = make_recruitment()
    user = (
        make_member(recruitment.assembly, Role.MEMBER)
        if who == "member"
        else make_secretariat(other.assembly)
    )
    client = Client()
    client.force_login(user)
    for address in pool_urls(recruitment, signup):
        assert client.get(address).status_code == 403
    for name in ("pool-withdraw", "pool-put-back", "pool-not-duplicate"):
        assert client.post(url(recruitment, name, pk=signup.pk)).status_code == 403
    response = client.post(url(recruitment, "pool-edit", pk=signup.pk), edit_data(signup, name="X"))
    assert response.status_code == 403
    signup.refresh_from_db()
    assert signup.name == "Anne Jensen"
    assert signup.status == SignUp.Status.POOL
    assert not PersonalDataAccess.objects.exists()


def test_a_sign_up_of_another_assembly_is_not_found(recruitment: Recruitment) -> None:
    other = make_recruitment()
    theirs = make_signup(other, WOMAN_YOUNG)
    client = secretariat_client(recruitment)
    assert client.get(url(recruitment, "pool-edit", pk=theirs.pk)).status_code == 404
    assert client.post(url(recruitment, "pool-withdraw", pk=theirs.pk)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == SignUp.Status.POOL
