"""Which sign-ups look like the same person."""

from __future__ import annotations

import pytest

from borgersamling.recruitment.duplicates import (
    find_duplicate,
    flag_duplicate,
    normalised_name,
    phone_digits,
)
from borgersamling.recruitment.models import Recruitment, SignUp
from tests.recruitment.factories import make_recruitment, make_signup

ANSWERS = {"køn": "Kvinde", "alder": "ung"}


@pytest.mark.parametrize(
    ("typed", "digits"),
    [
        ("+45 20 30 40 50", "20304050"),
        ("0045-20304050", "20304050"),
        ("20 30 40 50", "20304050"),
        ("(+45) 2030 4050", "20304050"),
        ("+46 70 123 45 67", "46701234567"),  # not Danish: kept whole
        ("", ""),
    ],
)
def test_phone_digits(typed: str, digits: str) -> None:
    assert phone_digits(typed) == digits


def test_names_compare_without_case_and_extra_spaces() -> None:
    assert normalised_name("  Mette   HANSEN ") == normalised_name("mette hansen")


def test_no_match_is_no_duplicate(recruitment: Recruitment) -> None:
    make_signup(recruitment, ANSWERS, email="a@example.dk", phone="20304050")
    new = make_signup(recruitment, ANSWERS, email="b@example.dk", phone="20304051")
    assert find_duplicate(new) is None


def test_the_earliest_match_is_chosen(recruitment: Recruitment) -> None:
    by_phone = make_signup(recruitment, ANSWERS, email="x@example.dk", phone="+45 20304050")
    make_signup(recruitment, ANSWERS, email="same@example.dk")
    new = make_signup(recruitment, ANSWERS, email="same@example.dk", phone="20 30 40 50")
    assert find_duplicate(new) == by_phone


def test_the_same_name_elsewhere_is_a_different_person(recruitment: Recruitment) -> None:
    make_signup(recruitment, ANSWERS, name="Mette Hansen", household_key="vej 1")
    new = make_signup(recruitment, ANSWERS, name="Mette Hansen", household_key="vej 2")
    assert find_duplicate(new) is None


def test_other_recruitments_and_anonymised_sign_ups_do_not_count(
    recruitment: Recruitment,
) -> None:
    from django.utils import timezone

    other = make_recruitment()
    make_signup(other, ANSWERS, email="same@example.dk")
    make_signup(recruitment, ANSWERS, email="same@example.dk", anonymised_at=timezone.now())
    new = make_signup(recruitment, ANSWERS, email="same@example.dk")
    assert find_duplicate(new) is None


def test_a_pair_the_secretariat_cleared_stays_as_it_is(recruitment: Recruitment) -> None:
    make_signup(recruitment, ANSWERS, email="same@example.dk")
    new = make_signup(recruitment, ANSWERS, email="same@example.dk", duplicate_cleared=True)
    assert flag_duplicate(new) is None
    assert SignUp.objects.get(pk=new.pk).duplicate_of is None
