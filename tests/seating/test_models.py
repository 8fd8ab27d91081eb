"""The seat model: one seat per member per session, all within one assembly."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from borgersamling.accounts.models import Role
from borgersamling.assemblies.models import Assembly
from borgersamling.seating.models import SeatAssignment
from tests.accounts.factories import make_participant
from tests.assemblies.factories import make_assembly, make_session, make_theme_table
from tests.seating.factories import make_seat


def test_a_member_has_one_seat_per_session(assembly: Assembly) -> None:
    seat = make_seat(assembly)
    other_table = make_theme_table(assembly)
    with pytest.raises(IntegrityError), transaction.atomic():
        SeatAssignment.objects.create(
            session=seat.session, participant=seat.participant, theme_table=other_table
        )


def test_a_member_sits_somewhere_new_in_each_session(assembly: Assembly) -> None:
    seat = make_seat(assembly)
    later = make_seat(assembly, participant=seat.participant)
    assert seat.participant.seats.count() == 2
    assert later.session != seat.session


def test_many_members_share_a_table(assembly: Assembly) -> None:
    seat = make_seat(assembly)
    make_seat(assembly, session=seat.session, theme_table=seat.theme_table)
    assert seat.theme_table.seats.filter(session=seat.session).count() == 2


def test_a_valid_seat_is_clean(assembly: Assembly) -> None:
    make_seat(assembly).full_clean()


def test_only_members_are_seated(assembly: Assembly) -> None:
    seat = make_seat(assembly, participant=make_participant(assembly, Role.POLITICIAN))
    with pytest.raises(ValidationError) as raised:
        seat.full_clean()
    assert set(raised.value.message_dict) == {"participant"}


def test_person_and_table_must_belong_to_the_sessions_assembly(assembly: Assembly) -> None:
    other = make_assembly()
    seat = SeatAssignment(
        session=make_session(assembly),
        participant=make_participant(other, Role.MEMBER),
        theme_table=make_theme_table(other),
    )
    with pytest.raises(ValidationError) as raised:
        seat.full_clean()
    assert set(raised.value.message_dict) == {"participant", "theme_table"}


def test_seats_go_with_their_session(assembly: Assembly) -> None:
    seat = make_seat(assembly)
    seat.session.delete()
    assert not SeatAssignment.objects.exists()


def test_str_names_the_member_and_the_table(assembly: Assembly) -> None:
    seat = make_seat(assembly)
    assert seat.participant.name in str(seat)
    assert seat.theme_table.theme in str(seat)
