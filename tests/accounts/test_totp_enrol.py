"""Setting up and turning off the authenticator app."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from borgersamling.assemblies.models import Assembly
from tests.accounts.factories import PASSWORD, make_secretariat

ENROL = reverse("accounts:totp-enrol")


def token_for_key(hex_key: str) -> str:
    return f"{totp(bytes.fromhex(hex_key)):06d}"


def test_enrol_shows_an_inline_svg_qr_code_and_stores_nothing_yet(
    client: Client, assembly: Assembly
) -> None:
    user = make_secretariat(assembly)
    client.force_login(user)
    page = client.get(ENROL).content.decode()
    assert '<svg role="img"' in page
    assert "http" not in page.split('<svg role="img"')[1].split("</svg>")[0].replace(
        "http://www.w3.org/2000/svg", ""
    )
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_enrol_confirms_with_a_right_code_only(client: Client, assembly: Assembly) -> None:
    user = make_secretariat(assembly)
    client.force_login(user)
    client.get(ENROL)
    key = client.session["accounts.enrol_device"]

    response = client.post(ENROL, {"token": "000000" if token_for_key(key) != "000000" else "1"})
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user=user).exists()

    response = client.post(ENROL, {"token": token_for_key(key)})
    assert response["Location"] == reverse("accounts:account")
    device = TOTPDevice.objects.get(user=user)
    assert device.confirmed
    assert device.key == key


def test_after_enrolment_login_asks_for_the_code(client: Client, assembly: Assembly) -> None:
    user: User = make_secretariat(assembly)
    TOTPDevice.objects.create(user=user, confirmed=True)
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response["Location"] == reverse("accounts:login-totp")
    # Not logged in yet: the account page still sends the user to the login page.
    assert client.get(reverse("accounts:account")).status_code == 302


def test_turning_off_needs_a_right_code(client: Client, assembly: Assembly) -> None:
    user = make_secretariat(assembly)
    device = TOTPDevice.objects.create(user=user, confirmed=True)
    client.force_login(user)
    off = reverse("accounts:totp-disable")
    right = f"{totp(device.bin_key):06d}"
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    assert client.post(off, {"token": wrong}).status_code == 200
    assert TOTPDevice.objects.filter(user=user).exists()
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    assert client.post(off, {"token": right}).status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
