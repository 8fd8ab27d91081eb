"""The demo holds the Dragør seed's content, exactly once however often it is loaded."""

from __future__ import annotations

import datetime

import pytest

from borgersamling.assemblies.demo import load_demo
from borgersamling.assemblies.models import (
    Assembly,
    Challenge,
    Helper,
    Program,
    ProgramItem,
    Purpose,
    Session,
    Strength,
    ThemeTable,
    Value,
    WelfareTrend,
    WorkingQuestion,
)
from borgersamling.library.models import DataPoint, DataSeries, Material

pytestmark = pytest.mark.django_db


def _times(assembly: Assembly, program: str) -> list[str]:
    items = ProgramItem.objects.filter(session__assembly=assembly, program=program)
    return [f"{item.start:%H.%M}" for item in items.order_by("order")]


def test_assembly_task_questions_and_handover(demo: Assembly) -> None:
    assert demo.name == "Dragør Borgersamling 2025"
    assert demo.core_task.startswith("Vi har brug for din hjælp til at prioritere og balancere")
    assert demo.handover_date == datetime.date(2025, 8, 28)
    assert demo.status == Assembly.Status.DELIBERATING
    questions = [q.text for q in demo.working_questions.all()]
    assert len(questions) == 2
    assert questions[0].startswith("Hvordan tænker vi borgere, foreninger og virksomheder")
    assert questions[1].endswith("Også når det er svært?")
    assert (demo.invitations_sent, demo.sign_ups, demo.seats) == (11752, 240, 36)


def test_five_sessions_with_seed_dates_and_formats(demo: Assembly) -> None:
    sessions = list(demo.sessions.all())
    assert [(s.number, s.date, s.format) for s in sessions] == [
        (1, datetime.date(2025, 4, 9), "4 timers aftenmøde"),
        (2, datetime.date(2025, 4, 26), "Heldagsmøde lørdag"),
        (3, datetime.date(2025, 5, 13), "4 timers aftenmøde"),
        (4, datetime.date(2025, 5, 24), "Heldagsmøde lørdag"),
        (5, datetime.date(2025, 6, 17), "4 timers aftenmøde"),
    ]
    assert [s.title for s in sessions] == [
        "Første samling",
        "Anden samling",
        "Åben samling",
        "Tredje samling",
        "Fjerde samling",
    ]
    # The two Saturdays are Saturdays.
    assert {sessions[1].date.weekday(), sessions[3].date.weekday()} == {5}
    assert [s.number for s in sessions if s.is_open_session] == [3]
    # "Find et tema-bord" opens the open session's slides.
    assert [s.number for s in sessions if s.theme_wishes] == [3]
    assert "Oplæg om velfærd" in sessions[0].contents_list()
    assert sessions[4].contents_list()[-1] == "Fejring af arbejdet og planen fremadrettet"
    third = sessions[3]
    assert (third.start, third.end, third.venue, third.new_groups) == (
        datetime.time(10),
        datetime.time(16),
        "Rådhuset",
        True,
    )


def test_open_session_has_both_programs(demo: Assembly) -> None:
    open_session = demo.sessions.get(is_open_session=True)
    assert (open_session.start, open_session.end) == (datetime.time(17), datetime.time(21))
    assert _times(demo, Program.MEMBERS) == [
        "17.00",
        "17.50",
        "18.00",
        "18.20",
        "19.15",
        "19.30",
        "20.00",
        "20.30",
        "21.00",
    ]
    assert _times(demo, Program.GUESTS) == ["18.00", "18.20", "19.15", "19.30"]
    members = open_session.program_items.filter(program=Program.MEMBERS)
    intro = members.get(start=datetime.time(18))
    assert (intro.title, intro.led_by) == ("Introduktion til borgersamlingen", "Johan")
    tables = members.get(start=datetime.time(18, 20))
    assert "Vælg en bord-skriver" in tables.description
    assert "Metode: Fiskebowl" in members.get(start=datetime.time(20, 30)).description
    assert all(i.for_politicians for i in members.filter(start__gte=datetime.time(20)))
    guests = open_session.program_items.filter(program=Program.GUESTS)
    assert guests.get(start=datetime.time(18, 20)).description.startswith(
        "Medlemmer er værter for dialog."
    )
    assert [item.title for item in guests.order_by("order")][-1] == "Tak for i aften"
    purposes = Purpose.objects.filter(session=open_session)
    assert purposes.filter(program=Program.MEMBERS).count() == 5
    assert purposes.filter(program=Program.GUESTS).count() == 4
    assert "Følgeforskere" in open_session.who_is_in_the_room_list()


def test_theme_tables_values_and_frame(demo: Assembly) -> None:
    assert [(t.number, t.theme) for t in demo.theme_tables.all()] == [
        (1, "Økonomisk prioritering"),
        (2, "Digitalisering og velfærdsteknologi"),
        (3, "Forebyggelse"),
        (4, "Frit valg og privatisering"),
        (5, "Samskabelse og frivillig indsats"),
        (6, "Partnerskaber og ressourcer"),
    ]
    assert [v.title for v in demo.values.all()] == [
        "Omsorgsfuld",
        "Tænk nyt!",
        "Overskuelig",
        "Frihed",
        "Tillid",
        "Virkelyst",
        "Medejerskab",
    ]
    assert all(v.text for v in demo.values.all())
    assert demo.strengths.values_list("title", flat=True)[0] == "Nærhed og lokalsamfund"
    assert demo.strengths.count() == 5
    assert demo.challenges.count() == 5
    assert "isolation" in demo.challenges.get(title="Transport og infrastruktur").text
    assert demo.welfare_trends.count() == 3


def test_helpers_materials_and_population_series(demo: Assembly) -> None:
    ulf = demo.helpers.get(name="Ulf Hjelmar")
    assert ulf.role == "Borgersamlingens ekspertrådgiver"
    assert ulf.organisation.startswith("VIVE")
    assert {h.name for h in demo.helpers.all()} >= {"We Do Democracy", "Dragør Kommune"}
    speakers = {m.speaker for m in demo.materials.filter(kind=Material.Kind.EXPERT_TALK)}
    assert speakers == {"Mads Leth-Petersen, kommunaldirektør", "Velfærdsforsker Jon Kvist, RUC"}
    series = demo.data_series.get()
    assert series.is_illustrative
    lines = list(dict.fromkeys(series.points.values_list("line", flat=True)))
    assert lines == ["0-5 år", "6-16 år", "17-24 år", "25-64 år", "65-79 år", "80+ år"]
    assert set(series.points.filter(x=2025).values_list("y", flat=True)) == {100.0}
    assert set(series.points.values_list("x", flat=True)) == set(range(2025, 2036))


COUNTED = [
    Assembly,
    WorkingQuestion,
    Session,
    Purpose,
    ProgramItem,
    ThemeTable,
    Strength,
    Challenge,
    Value,
    WelfareTrend,
    Helper,
    Material,
    DataSeries,
    DataPoint,
]


def test_load_demo_is_idempotent(demo: Assembly) -> None:
    before = {model.__name__: model._default_manager.count() for model in COUNTED}
    session_ids = list(Session.objects.values_list("pk", flat=True))
    again = load_demo()
    after = {model.__name__: model._default_manager.count() for model in COUNTED}
    assert again.pk == demo.pk
    assert after == before
    assert list(Session.objects.values_list("pk", flat=True)) == session_ids
    assert before["Session"] == 5
    assert before["ThemeTable"] == 6
    assert before["Value"] == 7


def test_load_demo_repairs_edited_content(demo: Assembly) -> None:
    Value.objects.filter(assembly=demo, title="Tillid").delete()
    demo.sessions.filter(number=1).update(title="Changed")
    load_demo()
    assert demo.values.count() == 7
    assert demo.sessions.get(number=1).title == "Første samling"
