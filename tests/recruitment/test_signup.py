"""The public sign-up: the code, the dates, the form and what it stores."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.fixtures import Settings as SettingsWrapper

from borgersamling.recruitment import services, signup_services
from borgersamling.recruitment.models import Recruitment, SignUp
from borgersamling.recruitment.signup_views import SESSION_CODES
from tests.accounts.factories import make_assembly
from tests.recruitment.factories import make_recruitment, make_signup
from tests.recruitment.signup_helpers import (
    form_data,
    in_english,
    make_invitation,
    make_resident,
    make_sessions,
)


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """The rate limit on codes lives in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def open_recruitment(db: None) -> Recruitment:
    recruitment = make_recruitment(seats=24)
    make_sessions(recruitment)
    return recruitment


@pytest.fixture
def english(client: Client) -> Client:
    return in_english(client)


def start_url(recruitment: Recruitment) -> str:
    return reverse("recruitment:signup", kwargs={"slug": recruitment.assembly.slug})


def url(name: str, recruitment: Recruitment, code: str = "ABCDEFGH") -> str:
    return reverse(f"recruitment:{name}", kwargs={"slug": recruitment.assembly.slug, "code": code})


def field_error(html: str, field_id: str) -> str:
    """The error list rendered at a field (``<ul class="errors" id="<field>_error">``)."""
    match = re.search(rf'<ul class="errors" id="{field_id}_error">(.*?)</ul>', html, re.S)
    assert match is not None, f"no error at {field_id}"
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


# --- the front door ---------------------------------------------------------------------


def test_start_page_shows_the_assembly_dates_seats_and_that_signup_is_open(
    english: Client, open_recruitment: Recruitment
) -> None:
    html = english.get(start_url(open_recruitment)).content.decode()
    assert "Sign-up is open." in html
    assert "24 residents are drawn by lot" in html
    for session in open_recruitment.assembly.sessions.all():
        assert session.title in html
        assert f'datetime="{session.date:%Y-%m-%d}"' in html
    assert 'name="code"' in html


def test_a_typed_code_with_dash_and_lower_case_leads_to_the_form_and_is_remembered(
    client: Client, open_recruitment: Recruitment
) -> None:
    make_invitation(open_recruitment, "ABCDEFGH")
    response = client.post(start_url(open_recruitment), {"code": " abcd-efgh "})
    assert response.status_code == 302
    assert response["Location"] == url("signup-form", open_recruitment)
    assert client.session[SESSION_CODES] == {open_recruitment.assembly.slug: "ABCDEFGH"}
    # Back on the front door, the browser is not asked again.
    html = client.get(start_url(open_recruitment)).content.decode()
    assert f'href="{url("signup-form", open_recruitment)}"' in html


def test_a_used_code_typed_at_the_front_door_leads_to_the_persons_own_page(
    client: Client, open_recruitment: Recruitment
) -> None:
    invitation = make_invitation(open_recruitment)
    make_signup(open_recruitment, {"køn": "Kvinde", "alder": "ung"}, invitation=invitation)
    response = client.post(start_url(open_recruitment), {"code": "ABCD-EFGH"})
    assert response["Location"] == url("my-signup", open_recruitment)


def test_an_unknown_code_is_refused_at_the_field(
    english: Client, open_recruitment: Recruitment
) -> None:
    make_invitation(open_recruitment, "ABCDEFGH")
    response = english.post(start_url(open_recruitment), {"code": "ABCD-EFGX"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "We do not know this code" in field_error(html, "id_code")
    assert 'aria-describedby="id_code_helptext id_code_error"' in html
    assert 'aria-invalid="true"' in html


def test_a_code_of_another_assembly_is_unknown_here(
    client: Client, open_recruitment: Recruitment
) -> None:
    other = make_recruitment(make_assembly())
    make_invitation(other, "ABCDEFGH")
    assert client.post(start_url(open_recruitment), {"code": "ABCDEFGH"}).status_code == 400
    assert client.get(url("signup-form", open_recruitment)).status_code == 404


def test_wrong_codes_are_rate_limited_even_before_a_right_one(
    english: Client, open_recruitment: Recruitment
) -> None:
    make_invitation(open_recruitment, "ABCDEFGH")
    for n in range(5):
        assert english.post(start_url(open_recruitment), {"code": f"WRONG{n}XY"}).status_code == 400
    blocked = english.post(start_url(open_recruitment), {"code": "ABCDEFGH"})
    assert blocked.status_code == 429
    assert "Too many wrong codes" in blocked.content.decode()
    # The code in a URL is refused too while blocked, so links cannot be guessed instead.
    assert english.get(url("signup-form", open_recruitment)).status_code == 429
    assert english.get(url("my-signup", open_recruitment)).status_code == 429


def test_wrong_codes_in_links_count_towards_the_limit(
    client: Client, open_recruitment: Recruitment
) -> None:
    make_invitation(open_recruitment, "ABCDEFGH")
    for n in range(5):
        response = client.get(url("my-signup", open_recruitment, f"GUESS{n}AB"))
        assert response.status_code == 404
    assert client.get(url("signup-form", open_recruitment)).status_code == 429


def test_an_unknown_code_in_a_link_gets_a_friendly_page(
    english: Client, open_recruitment: Recruitment
) -> None:
    response = english.get(url("signup-form", open_recruitment, "NOSUCHCD"))
    assert response.status_code == 404
    html = response.content.decode()
    assert "We do not know this code" in html
    assert f'href="{start_url(open_recruitment)}"' in html


# --- open and closed --------------------------------------------------------------------


@pytest.mark.parametrize("when", ["before", "after", "unset"])
def test_closed_signup_shows_the_dates_and_no_form(
    english: Client, open_recruitment: Recruitment, when: str
) -> None:
    now = timezone.now()
    if when == "before":
        open_recruitment.signup_opens_at = now + datetime.timedelta(days=2)
        open_recruitment.signup_closes_at = now + datetime.timedelta(days=20)
    elif when == "after":
        open_recruitment.signup_opens_at = now - datetime.timedelta(days=20)
        open_recruitment.signup_closes_at = now - datetime.timedelta(days=2)
    else:
        open_recruitment.signup_opens_at = open_recruitment.signup_closes_at = None
    open_recruitment.save()
    make_invitation(open_recruitment)
    response = english.get(url("signup-form", open_recruitment))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="consent"' not in html
    expected = {
        "before": "Sign-up has not opened yet",
        "after": "Sign-up is closed",
        "unset": "No opening date has been set yet",
    }[when]
    assert expected in html
    if when == "before":
        assert "Opens:" in html
    if when == "after":
        assert "Closed:" in html
    # Posting anyway stores nothing.
    english.post(url("signup-form", open_recruitment), form_data(open_recruitment))
    assert not SignUp.objects.exists()


def test_the_demo_date_decides_whether_signup_is_open(
    client: Client, open_recruitment: Recruitment, settings: SettingsWrapper
) -> None:
    """The demo pins the day (BORGERSAMLING_DEMO_DATE); the sign-up follows that clock."""
    open_recruitment.signup_opens_at = timezone.make_aware(datetime.datetime(2025, 2, 3, 8))
    open_recruitment.signup_closes_at = timezone.make_aware(datetime.datetime(2025, 3, 10, 8))
    open_recruitment.save()
    make_invitation(open_recruitment)
    settings.DEMO_DATE = datetime.date(2025, 2, 20)
    assert 'name="consent"' in client.get(url("signup-form", open_recruitment)).content.decode()
    settings.DEMO_DATE = datetime.date(2025, 5, 13)
    assert 'name="consent"' not in client.get(url("signup-form", open_recruitment)).content.decode()


# --- the form ---------------------------------------------------------------------------


def test_the_form_asks_every_feature_prefills_the_register_and_shows_the_consent_text(
    english: Client, open_recruitment: Recruitment
) -> None:
    make_invitation(open_recruitment, resident=make_resident(open_recruitment))
    open_recruitment.consent_text = (
        "Vi gemmer dine data i {retention_days} dage. Kun sekretariatet."
    )
    open_recruitment.retention_days = 45
    open_recruitment.save()
    html = english.get(url("signup-form", open_recruitment)).content.decode()
    for feature in open_recruitment.features.all():
        assert f'name="feature_{feature.pk}"' in html
        assert f"<legend>{feature.label}" in html
        for value in feature.values.all():
            assert f'value="{value.value}"' in html
    assert 'value="Karen Registreret"' in html
    assert 'value="Kongevejen 12"' in html
    assert "Vi gemmer dine data i 45 dage. Kun sekretariatet." in html
    for session in open_recruitment.assembly.sessions.all():
        assert f'name="sessions" value="{session.pk}"' in html
    assert "17:00" in html or "5 p.m." in html


def test_signing_up_stores_everything_with_consent_verbatim(
    client: Client, open_recruitment: Recruitment
) -> None:
    resident = make_resident(open_recruitment)
    invitation = make_invitation(open_recruitment, resident=resident)
    make_signup(open_recruitment, {"køn": "Mand", "alder": "ung"})  # number 1 is taken
    sessions = list(open_recruitment.assembly.sessions.all())
    data = form_data(open_recruitment, sessions=[str(sessions[0].pk), str(sessions[2].pk)])
    data["feature_" + str(open_recruitment.features.get(key="alder").pk)] = "gammel"
    before = timezone.now()
    response = client.post(url("signup-form", open_recruitment), data)
    assert response.status_code == 302
    assert response["Location"] == url("signup-done", open_recruitment)
    signup = SignUp.objects.get(invitation=invitation)
    assert signup.number == 2
    assert signup.source == SignUp.Source.FORM
    assert signup.status == SignUp.Status.POOL
    assert signup.features == {"køn": "Kvinde", "alder": "gammel"}
    assert (signup.name, signup.email, signup.phone) == (
        "Mette Hansen",
        "mette@example.dk",
        "+45 20 30 40 50",
    )
    assert (signup.address, signup.postcode, signup.birth_year) == ("Strandvej 3", "2791", 1975)
    assert (signup.access_needs, signup.dietary_needs) == ("Kørestol", "Vegetar")
    assert set(signup.available_sessions.all()) == {sessions[0], sessions[2]}
    assert signup.consent_text == open_recruitment.consent_text_rendered()
    assert signup.consent_given_at is not None and signup.consent_given_at >= before
    # The register's household, not the typed address, keeps one seat per household.
    assert signup.household_key == resident.household_key
    assert signup.duplicate_of is None


def test_without_a_register_row_the_household_is_the_typed_address(
    client: Client, open_recruitment: Recruitment
) -> None:
    make_invitation(open_recruitment)
    client.post(
        url("signup-form", open_recruitment),
        form_data(open_recruitment, address="  Strandvej   3 ", postcode="2791"),
    )
    assert SignUp.objects.get().household_key == "strandvej 3|2791"


def test_the_thanks_page_gives_the_number_and_the_way_to_ones_own_data(
    english: Client, open_recruitment: Recruitment
) -> None:
    make_invitation(open_recruitment)
    english.post(url("signup-form", open_recruitment), form_data(open_recruitment))
    html = english.get(url("signup-done", open_recruitment)).content.decode()
    assert "You are in the lottery as number 1." in html
    assert f'href="{url("my-signup", open_recruitment)}"' in html
    assert "ABCD-EFGH" in html


def test_the_thanks_page_before_signing_up_leads_to_the_form(
    client: Client, open_recruitment: Recruitment
) -> None:
    make_invitation(open_recruitment)
    response = client.get(url("signup-done", open_recruitment))
    assert response["Location"] == url("signup-form", open_recruitment)


def test_a_code_signs_up_once(english: Client, open_recruitment: Recruitment) -> None:
    make_invitation(open_recruitment)
    assert (
        english.post(url("signup-form", open_recruitment), form_data(open_recruitment)).status_code
        == 302
    )
    again = english.get(url("signup-form", open_recruitment))
    html = again.content.decode()
    assert "You have already signed up" in html
    assert 'name="consent"' not in html
    assert f'href="{url("my-signup", open_recruitment)}"' in html
    english.post(
        url("signup-form", open_recruitment), form_data(open_recruitment, name="Someone Else")
    )
    assert SignUp.objects.count() == 1
    assert SignUp.objects.get().name == "Mette Hansen"


def test_a_concurrent_number_is_retried_once(
    client: Client, open_recruitment: Recruitment, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another sign-up took the number between reading and saving: try the next one."""
    make_signup(open_recruitment, {"køn": "Mand", "alder": "ung"})
    real = services.next_signup_number
    calls: list[int] = []

    def stale(recruitment: Recruitment) -> int:
        calls.append(1)
        return 1 if len(calls) == 1 else real(recruitment)

    monkeypatch.setattr(services, "next_signup_number", stale)
    make_invitation(open_recruitment)
    response = client.post(url("signup-form", open_recruitment), form_data(open_recruitment))
    assert response.status_code == 302
    assert len(calls) == 2
    assert SignUp.objects.get(invitation__code="ABCDEFGH").number == 2


def test_a_second_failure_is_not_swallowed(
    open_recruitment: Recruitment, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import IntegrityError

    from borgersamling.recruitment.signup_forms import SignUpForm

    make_signup(open_recruitment, {"køn": "Mand", "alder": "ung"})
    monkeypatch.setattr(services, "next_signup_number", lambda recruitment: 1)
    invitation = make_invitation(open_recruitment)
    form = SignUpForm(
        form_data(open_recruitment),
        features=list(open_recruitment.features.all()),
        sessions=open_recruitment.assembly.sessions.all(),
        consent_text=open_recruitment.consent_text_rendered(),
    )
    assert form.is_valid(), form.errors
    with pytest.raises(IntegrityError):
        signup_services.create_signup(
            open_recruitment, invitation, form, open_recruitment.consent_text_rendered()
        )
    assert SignUp.objects.count() == 1


# --- validation errors, each at its field -------------------------------------------------


def post_invalid(client: Client, recruitment: Recruitment, **overrides: object) -> str:
    make_invitation(recruitment)
    response = client.post(url("signup-form", recruitment), form_data(recruitment, **overrides))
    assert response.status_code == 400
    assert not SignUp.objects.exists()
    html = response.content.decode()
    assert "Nothing has been saved yet." in html
    return html


def test_a_missing_feature_answer_is_shown_at_its_question(
    english: Client, open_recruitment: Recruitment
) -> None:
    feature = open_recruitment.features.get(key="køn")
    name = f"feature_{feature.pk}"
    html = post_invalid(english, open_recruitment, **{name: None})
    assert field_error(html, f"id_{name}") == "Choose one answer."
    # The fieldset and its radios point at the error for screen readers.
    assert re.search(rf'<fieldset[^>]*aria-describedby="\s*id_{name}_error"', html)
    assert f'aria-invalid="true" aria-describedby="id_{name}_error"' in html
    # The error summary links to the question.
    assert f'href="#id_{name}"' in html
    # What was typed is kept.
    assert 'value="Mette Hansen"' in html


def test_an_answer_that_is_not_an_option_is_refused(
    english: Client, open_recruitment: Recruitment
) -> None:
    feature = open_recruitment.features.get(key="alder")
    html = post_invalid(english, open_recruitment, **{f"feature_{feature.pk}": "Hacker"})
    assert field_error(html, f"id_feature_{feature.pk}") == "Choose one of the answers shown."


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": "  "}, "name", "Write your name."),
        ({"address": ""}, "address", "Write your address."),
        ({"email": "mette@"}, "email", "Write a whole e-mail address"),
        ({"phone": "20 30"}, "phone", "Write the phone number with digits only"),
        ({"phone": "ring mig"}, "phone", "Write the phone number with digits only"),
        ({"birth_year": "1850"}, "birth_year", "Write a year between 1900 and"),
        ({"birth_year": "halvfjerds"}, "birth_year", "Write the year with four digits"),
        ({"consent": None}, "consent", "Tick the box to agree"),
    ],
)
def test_each_field_error_is_shown_at_its_field(
    english: Client,
    open_recruitment: Recruitment,
    overrides: dict[str, object],
    field: str,
    message: str,
) -> None:
    html = post_invalid(english, open_recruitment, **overrides)
    assert message in field_error(html, f"id_{field}")
    if field != "consent":
        assert re.search(rf'id="id_{field}"[^>]*aria-invalid="true"', html) or re.search(
            rf'aria-invalid="true"[^>]*id="id_{field}"', html
        )
    assert f"id_{field}_error" in re.search(rf'<input[^>]*id="id_{field}"[^>]*>', html).group(0)  # type: ignore[union-attr]


def test_email_or_phone_is_required(english: Client, open_recruitment: Recruitment) -> None:
    html = post_invalid(english, open_recruitment, email="", phone="")
    for field in ("email", "phone"):
        assert "Give an e-mail address or a phone number" in field_error(html, f"id_{field}")


def test_phone_alone_is_enough(client: Client, open_recruitment: Recruitment) -> None:
    make_invitation(open_recruitment)
    client.post(url("signup-form", open_recruitment), form_data(open_recruitment, email=""))
    assert SignUp.objects.get().phone == "+45 20 30 40 50"


def test_a_session_of_another_assembly_cannot_be_chosen(
    english: Client, open_recruitment: Recruitment
) -> None:
    other = make_recruitment(make_assembly(), open_now=False)
    (foreign, *_rest) = make_sessions(other, 1)
    html = post_invalid(english, open_recruitment, sessions=[str(foreign.pk)])
    assert "Select a valid choice" in field_error(html, "id_sessions")


def test_consent_to_a_text_that_has_since_changed_is_asked_again(
    english: Client, open_recruitment: Recruitment
) -> None:
    make_invitation(open_recruitment)
    data = form_data(open_recruitment)  # fingerprint of the text as shown
    open_recruitment.consent_text = "En ny tekst om dine data."
    open_recruitment.save()
    response = english.post(url("signup-form", open_recruitment), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "has changed since the page was opened" in field_error(html, "id_consent")
    assert "En ny tekst om dine data." in html
    assert not re.search(r'<input[^>]*name="consent"[^>]*checked', html)
    assert not SignUp.objects.exists()


# --- duplicates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("earlier", "typed"),
    [
        ({"email": "METTE@example.dk"}, {}),
        ({"email": "", "phone": "20304050"}, {"email": "ny@example.dk"}),
        (
            {"email": "", "name": "mette  hansen", "household_key": "strandvej 3|2791"},
            {"email": "ny@example.dk", "phone": ""},
        ),
    ],
    ids=["email", "phone", "name-and-household"],
)
def test_a_likely_duplicate_is_flagged_not_blocked(
    client: Client,
    open_recruitment: Recruitment,
    earlier: dict[str, str],
    typed: dict[str, str],
) -> None:
    first = make_signup(open_recruitment, {"køn": "Mand", "alder": "ung"}, **earlier)
    make_signup(open_recruitment, {"køn": "Mand", "alder": "ung"}, **earlier)  # a later one
    make_invitation(open_recruitment)
    response = client.post(
        url("signup-form", open_recruitment), form_data(open_recruitment, **typed)
    )
    assert response.status_code == 302
    new = SignUp.objects.get(invitation__code="ABCDEFGH")
    assert new.duplicate_of == first


def test_a_withdrawn_sign_up_is_no_duplicate(client: Client, open_recruitment: Recruitment) -> None:
    make_signup(
        open_recruitment,
        {"køn": "Mand", "alder": "ung"},
        email="mette@example.dk",
        status=SignUp.Status.WITHDRAWN,
    )
    make_invitation(open_recruitment)
    client.post(url("signup-form", open_recruitment), form_data(open_recruitment))
    assert SignUp.objects.get(invitation__code="ABCDEFGH").duplicate_of is None


def test_the_error_summary_lists_the_errors_in_the_order_of_the_page(
    english: Client, open_recruitment: Recruitment
) -> None:
    features = list(open_recruitment.features.all())
    html = post_invalid(
        english,
        open_recruitment,
        email="",
        phone="",
        consent=None,
        **{f"feature_{feature.pk}": None for feature in features},
    )
    summary = html.split('class="error-links">', 1)[1].split("</ul>", 1)[0]
    targets = re.findall(r'href="#([^"]+)"', summary)
    assert targets == [
        *(f"id_feature_{feature.pk}" for feature in features),
        "id_email",
        "id_phone",
        "id_consent",
    ]
