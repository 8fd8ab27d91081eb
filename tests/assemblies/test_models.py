from __future__ import annotations

import datetime

import pytest

from borgersamling.assemblies.models import (
    Assembly,
    Challenge,
    Helper,
    Purpose,
    Strength,
    WelfareTrend,
    WorkingQuestion,
    lines,
)
from tests.assemblies.factories import (
    make_program_item,
    make_series,
    make_session,
    make_theme_table,
    make_value,
)

pytestmark = pytest.mark.django_db


def test_str_names_each_thing_as_the_process_does(assembly: Assembly) -> None:
    session = make_session(assembly, number=3, title="Åben samling")
    assert str(assembly) == assembly.name
    assert str(session) == "3. Åben samling"
    assert str(make_program_item(session, start=datetime.time(17, 50), title="Dørene åbner")) == (
        "17.50 Dørene åbner"
    )
    assert str(make_theme_table(assembly, number=2, theme="Forebyggelse")) == "2. Forebyggelse"
    assert str(make_value(assembly, title="Tillid")) == "Tillid"
    assert str(Strength(assembly=assembly, title="Nærhed")) == "Nærhed"
    assert str(Challenge(assembly=assembly, title="Transport")) == "Transport"
    assert str(WelfareTrend(assembly=assembly, title="Flere ældre")) == "Flere ældre"
    assert str(WorkingQuestion(assembly=assembly, text="Hvordan?")) == "Hvordan?"
    assert str(Purpose(session=session, text="Være værter")) == "Være værter"
    assert str(Helper(assembly=assembly, name="We Do Democracy")) == "We Do Democracy"
    series = make_series(assembly, {"80+ år": {2025: 100.0}}, title="Befolkning")
    assert str(series) == "Befolkning"
    assert str(series.points.get()) == "80+ år 2025: 100"


def test_list_fields_split_into_lines(assembly: Assembly) -> None:
    assert lines("  a \n\n b\n") == ["a", "b"]
    session = make_session(assembly, contents="Intro\nOplæg om velfærd\n")
    assert session.contents_list() == ["Intro", "Oplæg om velfærd"]


def test_session_numbers_are_unique_per_assembly(assembly: Assembly) -> None:
    from django.db import IntegrityError, transaction

    make_session(assembly, number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_session(assembly, number=1)


def test_urls(assembly: Assembly) -> None:
    session = make_session(assembly, number=2)
    assert assembly.get_absolute_url() == f"/assemblies/{assembly.slug}/"
    assert session.get_absolute_url() == f"/assemblies/{assembly.slug}/sessions/2/"
