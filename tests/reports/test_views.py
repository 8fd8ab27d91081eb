"""The report's pages: the public sees only frozen versions, members and the secretariat see
the draft, and the secretariat edits, orders and freezes."""

from __future__ import annotations

import io
import json
import zipfile

from django.test import Client
from django.urls import reverse

from borgersamling.accounts.models import Role
from borgersamling.reports import services
from borgersamling.reports.models import MinorityStatement, ReportVersion
from tests.accounts.factories import make_member, make_secretariat
from tests.reports.conftest import World


def url(name: str, world: World, **kwargs: object) -> str:
    return reverse(f"reports:{name}", kwargs={"slug": world.assembly.slug, **kwargs})


def test_before_the_first_freeze_the_public_sees_not_published(
    world: World, english_client: Client
) -> None:
    response = english_client.get(url("report", world))
    assert response.status_code == 200
    assert "has not been published yet" in response.content.decode()
    assert world.assembly.report.preface[:40] not in response.content.decode()
    for name in ("pdf", "data-json", "data-csv"):
        assert english_client.get(url(name, world)).status_code == 404


def test_members_and_the_secretariat_see_the_draft_the_public_does_not(
    world: World, client: Client
) -> None:
    response = client.get(url("draft", world))
    assert response.status_code == 302 and "/login" in response["Location"]
    client.force_login(make_member(world.assembly, Role.POLITICIAN))
    assert client.get(url("draft", world)).status_code == 403
    for user in (make_member(world.assembly), make_secretariat(world.assembly)):
        member = Client()
        member.post("/i18n/setlang/", {"language": "en", "next": "/"})
        member.force_login(user)
        html = member.get(url("draft", world)).content.decode()
        assert "DRAFT" in html
        assert world.assembly.report.preface[:40] in html
    pdf = member.get(url("draft-pdf", world))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_the_published_page_serves_the_frozen_version_with_its_hash(
    world: World, english_client: Client
) -> None:
    first = services.freeze(world.assembly, None)
    report = world.assembly.report
    report.preface = "Et nyt forord, skrevet efter frysningen."
    report.save()
    html = english_client.get(url("report", world)).content.decode()
    assert first.sha256 in html
    assert "Et nyt forord" not in html  # the public sees the frozen words, not today's
    assert world.assembly.report.thanks[:30] in html

    second = services.freeze(world.assembly, None, "Nyt forord.")
    html = english_client.get(url("report", world)).content.decode()
    assert "Et nyt forord" in html and "replaces version 1" in html
    versions = english_client.get(url("versions", world)).content.decode()
    assert first.sha256 in versions and second.sha256 in versions
    old = english_client.get(url("version", world, number=1)).content.decode()
    assert "has been replaced by version 2" in old and "Et nyt forord" not in old
    assert english_client.get(url("version", world, number=3)).status_code == 404

    pdf = english_client.get(url("pdf", world) + "?version=1")
    assert pdf.content == ReportVersion.objects.get(number=1).pdf_bytes
    assert english_client.get(url("pdf", world)).content == second.pdf_bytes


def test_open_data_holds_recommendations_votes_and_counts_but_no_people(
    world: World, client: Client
) -> None:
    version = services.freeze(world.assembly, None)
    data = json.loads(client.get(url("data-json", world)).content)
    assert data["report"]["sha256"] == version.sha256
    assert len(data["recommendations"]) == 7
    assert len(data["votes"]) == 6
    assert {row["criterion"] for row in data["representation"]["rows"]} >= {"køn"}
    archive = zipfile.ZipFile(io.BytesIO(client.get(url("data-csv", world)).content))
    assert set(archive.namelist()) == {
        "README.txt",
        "recommendations.csv",
        "votes.csv",
        "representation.csv",
    }
    votes = archive.read("votes.csv").decode()
    assert len(votes.strip().splitlines()) == 1 + 6
    everything = json.dumps(data, ensure_ascii=False) + "".join(
        archive.read(name).decode() for name in archive.namelist()
    )
    for participant in world.assembly.participants.all():
        assert participant.name not in everything


def test_the_secretariat_edits_orders_and_freezes(world: World, english_client: Client) -> None:
    english_client.force_login(make_secretariat(world.assembly))
    assert english_client.get(url("secretariat", world)).status_code == 200

    form = english_client.get(url("texts", world))
    assert form.status_code == 200
    response = english_client.post(
        url("texts", world),
        {"preface": "Forord.", "thanks": "Tak.", "session_2": "Vi arbejdede med scenarier."},
    )
    assert response.status_code == 302
    report = world.assembly.report
    report.refresh_from_db()
    assert report.preface == "Forord." and report.session_texts == {
        "2": "Vi arbejdede med scenarier."
    }

    english_client.post(url("sections", world), {"section": "thanks", "action": "up"})
    english_client.post(url("sections", world), {"section": "preface", "action": "hide"})
    response = english_client.post(
        url("sections", world), {"section": "recommendations", "action": "hide"}, follow=True
    )
    assert "cannot be hidden" in response.content.decode()
    report.refresh_from_db()
    assert report.section_order.index("thanks") < report.section_order.index("experts")
    assert report.hidden_sections == ["preface"]

    recommendation = world.statement.recommendation
    response = english_client.post(
        url("minority-new", world),
        {"recommendation": recommendation.pk, "text": "Et andet mindretal.", "supported_by": ""},
    )
    assert response.status_code == 302
    statement = MinorityStatement.objects.get(text="Et andet mindretal.")
    english_client.post(
        url("minority-edit", world, pk=statement.pk),
        {"recommendation": recommendation.pk, "text": "Rettet.", "supported_by": 2},
    )
    statement.refresh_from_db()
    assert (statement.text, statement.supported_by) == ("Rettet.", 2)
    english_client.post(url("minority-delete", world, pk=statement.pk))
    assert not MinorityStatement.objects.filter(pk=statement.pk).exists()

    confirm = english_client.get(url("freeze", world)).content.decode()
    assert "7 recommendations" in confirm and "6 closed vote results" in confirm
    # Without the confirmation nothing is frozen.
    response = english_client.post(url("freeze", world), {"note": ""})
    assert response.status_code == 200 and not ReportVersion.objects.exists()
    response = english_client.post(url("freeze", world), {"note": "", "confirm": "on"})
    assert response.status_code == 302
    assert ReportVersion.objects.get().number == 1
    # The second version must say what changed.
    response = english_client.post(url("freeze", world), {"note": "", "confirm": "on"})
    assert response.status_code == 200 and ReportVersion.objects.count() == 1


def test_another_assemblys_secretariat_cannot_touch_the_report(
    world: World, client: Client
) -> None:
    from tests.accounts.factories import make_assembly

    client.force_login(make_secretariat(make_assembly(slug="elsewhere")))
    assert client.get(url("secretariat", world)).status_code == 403
    assert client.post(url("freeze", world), {"confirm": "on"}).status_code == 403
    assert client.get(url("minority-edit", world, pk=world.statement.pk)).status_code == 403
    assert not ReportVersion.objects.exists()
