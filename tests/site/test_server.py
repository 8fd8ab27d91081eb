"""``borgersamling serve`` refuses unsafe settings; the demo command wires up the server."""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from django.db import connection
from pytest_django.fixtures import Settings as SettingsWrapper
from tests.assemblies.factories import make_assembly
from tests.recruitment.factories import make_recruitment, make_signup
from tests.seating.factories import make_room

from borgersamling import cli
from borgersamling.recruitment import lottery_tasks
from borgersamling.recruitment.models import LotteryRun
from borgersamling.seating import planning
from borgersamling.seating import tasks as seating_tasks
from borgersamling.seating.models import SeatingPlan, SeatingRun
from borgersamling.site import server
from borgersamling.site.settings import INSECURE_DEV_KEY

# The worker thread beside the test's own connection needs a database that waits for locks.
NOT_IN_MEMORY = pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason=(
        "the test database is in-memory SQLite, whose shared cache reports a locked table at "
        "once instead of waiting as the demo's file database does; CI runs this on PostgreSQL"
    ),
)


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


def test_the_demo_starts_the_task_worker_before_serving(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # demo() sets the demo date; monkeypatch puts the environment back afterwards.
    monkeypatch.setenv("BORGERSAMLING_DEMO_DATE", server.DEMO_DATE)
    steps: list[str] = []
    monkeypatch.setattr(server, "setup_django", lambda data_dir=None: steps.append("setup"))

    def prepare(port: int) -> server.Printed:
        steps.append("prepare")
        return server.Printed("http://127.0.0.1:8000/", [], ["TEST-2345: an unused letter"])

    monkeypatch.setattr(server, "prepare_demo", prepare)
    monkeypatch.setattr(server, "start_task_worker", lambda: steps.append("worker"))
    server.demo(8000, Path("unused"), io.StringIO(), lambda host, port: steps.append("serve"))
    assert steps == ["setup", "prepare", "worker", "serve"]


Run = TypeVar("Run", LotteryRun, SeatingRun)


def computed_by_the_demos_worker(start: Callable[[], Run]) -> Run:
    """Queue a run (as a request thread does) with the demo's worker thread running; wait
    until the worker has finished it (at most a minute), then stop the worker."""
    worker = server.start_task_worker(poll_seconds=30)
    assert worker is not None and worker.thread.is_alive()
    try:
        run = start()
        deadline = time.monotonic() + 60
        while run.status in {"queued", "running"} and time.monotonic() < deadline:
            time.sleep(0.2)
            run.refresh_from_db()
    finally:
        worker.stop()
        worker.thread.join(timeout=30)
    assert not worker.thread.is_alive()
    return run


@NOT_IN_MEMORY
def test_the_demos_worker_thread_computes_a_queued_lottery_run(transactional_db: None) -> None:
    """The run is queued by a request thread; the worker thread wakes up and computes it."""
    recruitment = make_recruitment(seats=2)
    for n in range(8):
        make_signup(
            recruitment, {"køn": ("Kvinde", "Mand")[n % 2], "alder": ["ung", "gammel"][n % 2]}
        )
    run = computed_by_the_demos_worker(
        lambda: lottery_tasks.start_lottery_run(recruitment, user=None, lottery_size=10)
    )
    assert run.status == LotteryRun.Status.DONE
    assert len(run.results["lottery"]) == 10


@NOT_IN_MEMORY
def test_the_demos_worker_thread_computes_a_queued_seating_run(
    transactional_db: None, settings: SettingsWrapper
) -> None:
    """The seating page queues a run; the worker thread computes it and stores the draft."""
    settings.BORGERSAMLING_SEATING_EFFORT = 3
    room = make_room(make_assembly(), members=12, tables=3, sessions=1)
    run = computed_by_the_demos_worker(
        lambda: seating_tasks.start_seating_run(
            room.sessions[0], planning.Request(seed=4, mixing="strict"), thorough=True
        )
    )
    assert run.status == SeatingRun.Status.DONE
    assert SeatingPlan.objects.get(session=room.sessions[0]).seed == 4


def test_no_worker_thread_when_tasks_do_not_use_the_database(settings: SettingsWrapper) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert server.start_task_worker() is None
