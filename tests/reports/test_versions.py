"""Freezing: a frozen version never changes, a new freeze makes a new version that says what
it replaces, and a failed rendering stores nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from borgersamling.reports import rendering, services
from borgersamling.reports.models import FrozenVersionError, ReportVersion, content_hash
from tests.accounts.factories import make_secretariat
from tests.reports.conftest import World


def test_a_frozen_version_cannot_change(world: World) -> None:
    user = User.objects.get(pk=make_secretariat(world.assembly).pk)
    version = services.freeze(world.assembly, user)
    assert version.number == 1
    assert version.pdf_bytes.startswith(b"%PDF")
    assert version.content["version"]["number"] == 1
    assert version.content["version"]["replaces"] is None

    version.html = "<p>changed</p>"
    with pytest.raises(FrozenVersionError):
        version.save()
    with pytest.raises(FrozenVersionError):
        version.delete()
    with pytest.raises(FrozenVersionError):
        ReportVersion.objects.filter(pk=version.pk).update(html="changed")
    with pytest.raises(FrozenVersionError):
        ReportVersion.objects.filter(pk=version.pk).delete()

    stored = ReportVersion.objects.get(pk=version.pk)
    assert stored.html != "<p>changed</p>"
    # The published hash recomputes from the stored content (after the database round trip).
    assert stored.recomputed_hash() == stored.sha256 == content_hash(stored.content)


def test_a_version_whose_hash_does_not_match_is_refused(world: World) -> None:
    with pytest.raises(FrozenVersionError):
        ReportVersion.objects.create(
            assembly=world.assembly,
            number=1,
            frozen_at="2025-08-28T10:00:00+02:00",
            content={"a": 1},
            html="",
            sha256="0" * 64,
            pdf=b"",
            pdf_sha256="",
        )


def test_editing_after_the_handover_makes_version_2_and_keeps_version_1(world: World) -> None:
    first = services.freeze(world.assembly, None)
    report = world.assembly.report
    report.thanks = "En ny tak efter overdragelsen."
    report.save()
    second = services.freeze(world.assembly, None, "Takken er skrevet om.")
    assert second.number == 2
    assert second.content["version"]["replaces"] == {
        "number": 1,
        "frozen_at": first.content["version"]["frozen_at"],
        "sha256": first.sha256,
    }
    assert second.sha256 != first.sha256
    assert "En ny tak efter overdragelsen." in second.html
    assert "En ny tak efter overdragelsen." not in ReportVersion.objects.get(pk=first.pk).html
    assert list(
        ReportVersion.objects.filter(assembly=world.assembly).values_list("number", flat=True)
    ) == [2, 1]


def test_a_failed_rendering_stores_nothing(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(html: str, **options: object) -> bytes:
        raise RuntimeError("no fonts")

    monkeypatch.setattr(rendering, "render_pdf", broken)
    with pytest.raises(RuntimeError):
        services.freeze(world.assembly, None)
    assert not ReportVersion.objects.exists()


def test_a_freeze_that_lost_the_race_is_refused(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another freeze stored version 1 while this one was rendering it."""
    real_prepare = services.prepare

    def prepare_and_lose(*args: object, **kwargs: object) -> services.Prepared:
        prepared = real_prepare(*args, **kwargs)  # type: ignore[arg-type]
        monkeypatch.setattr(services, "prepare", real_prepare)
        services.freeze(world.assembly, None)
        return prepared

    monkeypatch.setattr(services, "prepare", prepare_and_lose)
    with pytest.raises(services.ReportError):
        services.freeze(world.assembly, None)
    assert ReportVersion.objects.count() == 1
