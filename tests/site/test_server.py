"""``borgersamling serve`` refuses unsafe settings; the demo command wires up the server."""

from __future__ import annotations

import pytest
from pytest_django.fixtures import Settings as SettingsWrapper

from borgersamling import cli
from borgersamling.site import server
from borgersamling.site.settings import INSECURE_DEV_KEY


def test_deployment_refuses_debug(settings: SettingsWrapper) -> None:
    settings.DEBUG = True
    settings.SECRET_KEY = "a-long-random-secret-for-the-test-only"
    with pytest.raises(server.ServeRefused, match="debug"):
        server.check_deployment()


def test_deployment_refuses_the_development_key(settings: SettingsWrapper) -> None:
    settings.DEBUG = False
    settings.SECRET_KEY = INSECURE_DEV_KEY
    with pytest.raises(server.ServeRefused, match="BORGERSAMLING_SECRET_KEY"):
        server.check_deployment()


def test_deployment_accepts_a_configured_site(settings: SettingsWrapper) -> None:
    settings.DEBUG = False
    settings.SECRET_KEY = "a-long-random-secret-for-the-test-only"
    server.check_deployment()


def test_serve_exits_2_without_starting(
    settings: SettingsWrapper, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.DEBUG = False
    settings.SECRET_KEY = INSECURE_DEV_KEY
    started: list[tuple[str, int]] = []
    monkeypatch.setattr(
        server, "run_wsgi", lambda host, port, threads=8: started.append((host, port))
    )
    assert cli.main(["serve", "--port", "8765"]) == 2
    assert started == []
    assert "refusing to start" in capsys.readouterr().err
