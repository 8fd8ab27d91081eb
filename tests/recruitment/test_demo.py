"""The demo's recruitment: criteria, 240 sign-ups, a drawn lottery and letters to try."""

from __future__ import annotations

import pytest
from django.test import Client

from borgersamling.assemblies.demo import load_demo
from borgersamling.recruitment.demo import (
    DEMO_CODES,
    FIRST_NAMES,
    confirm_demo_panel,
    create_demo_invitations,
    load_demo_recruitment,
)
from borgersamling.recruitment.demo_lottery import draw_demo_lottery
from borgersamling.recruitment.models import Invitation, SignUp

pytestmark = pytest.mark.django_db


def test_the_demo_letters_lead_to_an_unused_form_a_pool_sign_up_and_a_drawn_person() -> None:
    assembly = load_demo()
    recruitment = load_demo_recruitment(assembly)
    draw_demo_lottery(recruitment)
    lines = create_demo_invitations(recruitment)
    assert len(lines) == len(DEMO_CODES) == 3
    unused, pool, drawn = (Invitation.objects.get(code=code) for code, _what in DEMO_CODES)
    assert not SignUp.objects.filter(invitation=unused).exists()
    assert SignUp.objects.get(invitation=pool).status == SignUp.Status.POOL
    assert SignUp.objects.get(invitation=drawn).status == SignUp.Status.SELECTED
    # A second start changes nothing.
    create_demo_invitations(recruitment)
    assert Invitation.objects.filter(recruitment=recruitment).count() == 3
    assert SignUp.objects.filter(invitation__isnull=False).count() == 2


def test_the_demo_draw_is_dated_before_the_demo_day() -> None:
    recruitment = load_demo_recruitment(load_demo())
    run = draw_demo_lottery(recruitment)
    assert run.drawn_at is not None and run.drawn_at.date().isoformat() == "2025-03-20"
    assert SignUp.objects.filter(status=SignUp.Status.SELECTED).count() == 36


def test_a_drawn_demo_person_can_open_their_own_page(client: Client) -> None:
    assembly = load_demo()
    recruitment = load_demo_recruitment(assembly)
    draw_demo_lottery(recruitment)
    create_demo_invitations(recruitment)
    code = DEMO_CODES[2][0]
    response = client.get(f"/assemblies/{assembly.slug}/tilmelding/{code}/mine-data/")
    assert response.status_code == 200
    signup = SignUp.objects.get(invitation__code=code)
    assert signup.name in response.content.decode()


def test_no_two_demo_sign_ups_share_a_name() -> None:
    # The door list and the projector screen find people by name.
    recruitment = load_demo_recruitment(load_demo())
    signups = list(SignUp.objects.filter(recruitment=recruitment))
    names = [signup.name for signup in signups]
    assert len(names) == 240
    assert len(set(names)) == len(names)
    # and a first name that goes with the gender the sign-up gave (the two demo members'
    # names, given to drawn sign-ups only when the panel is confirmed, are not here yet)
    for signup in signups:
        assert signup.name.split()[0] in FIRST_NAMES[signup.features["køn"]], signup.name


def test_a_restart_keeps_the_members_names_on_their_sign_ups() -> None:
    assembly = load_demo()
    recruitment = load_demo_recruitment(assembly)
    draw_demo_lottery(recruitment)
    create_demo_invitations(recruitment)
    confirm_demo_panel(recruitment)
    before = dict(
        SignUp.objects.filter(participant__isnull=False).values_list("external_id", "name")
    )
    assert {"Mette Medlem", "Jonas Medlem"} <= set(before.values())
    load_demo_recruitment(assembly)  # the next start of the demo
    after = dict(
        SignUp.objects.filter(participant__isnull=False).values_list("external_id", "name")
    )
    assert after == before
    for signup in SignUp.objects.filter(participant__isnull=False).select_related("participant"):
        assert signup.participant is not None and signup.name == signup.participant.name


def test_the_demo_members_names_go_with_their_gender() -> None:
    recruitment = load_demo_recruitment(load_demo())
    draw_demo_lottery(recruitment)
    create_demo_invitations(recruitment)
    # The first two drawn are men: Mette is not given to either.
    drawn = SignUp.objects.filter(recruitment=recruitment, status=SignUp.Status.SELECTED)
    for signup in drawn.exclude(invitation__isnull=False).order_by("number")[:2]:
        signup.features = {**signup.features, "køn": "Mand"}
        signup.save(update_fields=["features"])
    confirm_demo_panel(recruitment)
    mette = SignUp.objects.get(recruitment=recruitment, name="Mette Medlem")
    jonas = SignUp.objects.get(recruitment=recruitment, name="Jonas Medlem")
    assert (mette.features["køn"], jonas.features["køn"]) == ("Kvinde", "Mand")
