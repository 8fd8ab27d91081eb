"""The secretariat's login: password, then a TOTP code when a device is confirmed."""

from __future__ import annotations

import pytest
from django.conf import global_settings
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.fixtures import Settings as SettingsWrapper

from borgersamling.assemblies.models import Assembly
from tests.accounts.factories import PASSWORD, make_secretariat

LOGIN = reverse("accounts:login")
TOTP_STEP = reverse("accounts:login-totp")
ACCOUNT = reverse("accounts:account")


def current_token(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def wrong_token(device: TOTPDevice) -> str:
    return f"{(int(current_token(device)) + 1) % 1_000_000:06d}"


@pytest.fixture
def facilitator(assembly: Assembly) -> User:
    return make_secretariat(assembly)


@pytest.fixture
def device(facilitator: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=facilitator, name="phone", confirmed=True)


def logged_in_user(client: Client) -> object:
    return client.get(ACCOUNT).wsgi_request.user


def test_login_page_has_labelled_fields(client: Client) -> None:
    page = client.get(LOGIN).content.decode()
    assert '<label for="id_username">' in page
    assert '<label for="id_password">' in page
    assert 'name="csrfmiddlewaretoken"' in page


def test_password_login_works(client: Client, facilitator: User) -> None:
    response = client.post(LOGIN, {"username": facilitator.username, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == ACCOUNT
    assert logged_in_user(client) == facilitator


def test_wrong_password_is_refused_with_a_message(client: Client, facilitator: User) -> None:
    response = client.post(LOGIN, {"username": facilitator.username, "password": "nope"})
    assert response.status_code == 200
    assert "alert" in response.content.decode()
    assert not logged_in_user(client).is_authenticated  # type: ignore[attr-defined]


def test_passwords_are_hashed_with_pbkdf2(assembly: Assembly, settings: SettingsWrapper) -> None:
    from borgersamling.site import settings as project_settings

    assert not hasattr(project_settings, "PASSWORD_HASHERS")  # Django's default: PBKDF2 first
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    assert make_secretariat(assembly).password.startswith("pbkdf2_sha256$")


def test_login_follows_a_safe_next_and_ignores_another_host(
    client: Client, facilitator: User
) -> None:
    data = {"username": facilitator.username, "password": PASSWORD}
    response = client.post(LOGIN, data | {"next": "/admin/"})
    assert response["Location"] == "/admin/"
    client.logout()
    response = client.post(LOGIN, data | {"next": "https://evil.example/"})
    assert response["Location"] == ACCOUNT


def test_with_a_device_the_totp_step_is_required(
    client: Client, facilitator: User, device: TOTPDevice
) -> None:
    response = client.post(LOGIN, {"username": facilitator.username, "password": PASSWORD})
    assert response["Location"] == TOTP_STEP
    # The password alone does not log in.
    assert not logged_in_user(client).is_authenticated  # type: ignore[attr-defined]
    assert client.get(ACCOUNT)["Location"].startswith(LOGIN)


def test_wrong_totp_token_is_refused_and_right_one_accepted(
    client: Client, facilitator: User, device: TOTPDevice
) -> None:
    client.post(LOGIN, {"username": facilitator.username, "password": PASSWORD, "next": "/x/"})
    response = client.post(TOTP_STEP, {"token": wrong_token(device)})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert not logged_in_user(client).is_authenticated  # type: ignore[attr-defined]

    # django-otp slows down after a failure; a real person simply waits a moment.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    response = client.post(TOTP_STEP, {"token": current_token(device)})
    assert response.status_code == 302
    assert response["Location"] == "/x/"
    user = logged_in_user(client)
    assert user == facilitator
    assert user.is_verified()  # type: ignore[attr-defined]


def test_totp_step_without_a_password_first_goes_back_to_login(client: Client) -> None:
    response = client.get(TOTP_STEP)
    assert response["Location"] == LOGIN


def test_admin_login_goes_through_our_login(client: Client) -> None:
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/admin/"


def test_repeated_wrong_passwords_are_slowed_down(client: Client, facilitator: User) -> None:
    for _ in range(10):
        client.post(LOGIN, {"username": facilitator.username, "password": "wrong"})
    response = client.post(LOGIN, {"username": facilitator.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode() or "For mange" in (
        response.content.decode()
    )
    assert not logged_in_user(client).is_authenticated  # type: ignore[attr-defined]


def test_logout_needs_a_post(client: Client, facilitator: User) -> None:
    client.force_login(facilitator)
    assert client.get(reverse("accounts:logout")).status_code == 200
    assert logged_in_user(client) == facilitator
    response = client.post(reverse("accounts:logout"))
    assert response["Location"] == LOGIN
    assert not logged_in_user(client).is_authenticated  # type: ignore[attr-defined]
