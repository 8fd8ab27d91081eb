"""The secretariat's recruitment settings: who may change them, and what is refused."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings as SettingsWrapper

from borgersamling.accounts.models import Role
from borgersamling.recruitment.models import Recruitment
from tests.accounts.factories import make_assembly, make_member, make_secretariat
from tests.recruitment.signup_helpers import in_english


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: SettingsWrapper) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def settings_url(recruitment: Recruitment) -> str:
    return reverse("recruitment:settings", kwargs={"slug": recruitment.assembly.slug})


def valid(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "signup_opens_at": "2025-02-03T08:00",
        "signup_closes_at": "2025-03-10T12:00",
        "consent_text": "Formål: lodtrækning. Slettes efter {retention_days} dage.",
        "retention_days": "60",
        "tolerance": "2",
        "letter_sender": "Dragør Kommune",
        "letter_text": "Kære borger",
    }
    data.update(overrides)
    return data


@pytest.fixture
def facilitator_client(client: Client, recruitment: Recruitment) -> Client:
    client.force_login(make_secretariat(recruitment.assembly))
    return in_english(client)


def test_only_this_assemblys_secretariat_may_open_the_settings(
    client: Client, recruitment: Recruitment
) -> None:
    url = settings_url(recruitment)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    client.force_login(make_member(recruitment.assembly))
    assert client.get(url).status_code == 403
    client.force_login(make_member(recruitment.assembly, Role.POLITICIAN))
    assert client.get(url).status_code == 403
    client.force_login(make_secretariat(make_assembly()))
    assert client.get(url).status_code == 403
    assert client.post(url, valid()).status_code == 403
    recruitment.refresh_from_db()
    assert recruitment.letter_sender == ""
    client.force_login(make_secretariat(recruitment.assembly, Role.ADMINISTRATOR))
    assert client.get(url).status_code == 200


def test_the_page_shows_the_public_signup_link_and_the_consent_as_shown(
    facilitator_client: Client, recruitment: Recruitment
) -> None:
    html = facilitator_client.get(settings_url(recruitment)).content.decode()
    public = reverse("recruitment:signup", kwargs={"slug": recruitment.assembly.slug})
    assert f'href="http://testserver{public}"' in html
    assert recruitment.consent_text_rendered().splitlines()[0] in html


def test_saving_the_settings(facilitator_client: Client, recruitment: Recruitment) -> None:
    response = facilitator_client.post(settings_url(recruitment), valid())
    assert response.status_code == 302
    assert response["Location"] == settings_url(recruitment)
    recruitment.refresh_from_db()
    assert recruitment.signup_opens_at is not None and recruitment.signup_closes_at is not None
    # Typed in Danish time.
    assert recruitment.signup_opens_at.isoformat() == "2025-02-03T07:00:00+00:00"
    assert recruitment.retention_days == 60
    assert recruitment.tolerance == 2
    assert recruitment.consent_text_rendered().endswith("Slettes efter 60 dage.")
    assert (recruitment.letter_sender, recruitment.letter_text) == ("Dragør Kommune", "Kære borger")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"signup_closes_at": "2025-02-01T08:00"}, "signup_closes_at", "must close after it opens"),
        ({"signup_closes_at": "2025-02-03T08:00"}, "signup_closes_at", "must close after it opens"),
        ({"signup_opens_at": ""}, "signup_opens_at", "Set when sign-up opens too"),
        ({"signup_opens_at": "i morgen"}, "signup_opens_at", "Enter a valid date/time."),
        ({"consent_text": "   "}, "consent_text", "This field is required."),
        ({"retention_days": "-1"}, "retention_days", "greater than or equal to 0"),
        ({"tolerance": "en"}, "tolerance", "Enter a whole number."),
    ],
)
def test_bad_settings_are_refused_at_the_field(
    facilitator_client: Client,
    recruitment: Recruitment,
    overrides: dict[str, Any],
    field: str,
    message: str,
) -> None:
    before = Recruitment.objects.get(pk=recruitment.pk)
    response = facilitator_client.post(settings_url(recruitment), valid(**overrides))
    assert response.status_code == 400
    html = response.content.decode()
    errors = html.split(f'id="id_{field}_error">', 1)
    assert len(errors) == 2, f"no error at {field}"
    assert message in errors[1].split("</ul>", 1)[0]
    control = re.search(rf'<(?:input|textarea)[^>]*id="id_{field}"[^>]*>', html)
    assert control is not None and f"id_{field}_error" in control.group(0)
    after = Recruitment.objects.get(pk=recruitment.pk)
    assert (after.signup_opens_at, after.consent_text, after.letter_sender) == (
        before.signup_opens_at,
        before.consent_text,
        before.letter_sender,
    )


def test_both_dates_may_be_empty_which_closes_signup(
    facilitator_client: Client, recruitment: Recruitment
) -> None:
    response = facilitator_client.post(
        settings_url(recruitment), valid(signup_opens_at="", signup_closes_at="")
    )
    assert response.status_code == 302
    recruitment.refresh_from_db()
    assert recruitment.signup_opens_at is None and recruitment.signup_closes_at is None
