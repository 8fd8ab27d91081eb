"""Start the web application: the demo (SQLite, demo data) and a deployment (``serve``)."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

SETTINGS_MODULE = "borgersamling.site.settings"


class ServeRefused(RuntimeError):
    """The settings are unsafe for a deployment; the message says what to set."""


@dataclass(frozen=True)
class Printed:
    """What the demo prints on start: where it runs and how to log in."""

    url: str
    accounts: list[str]
    signup_codes: list[str]
    table_codes: list[str] = field(default_factory=list)


def setup_django(data_dir: Path | None = None) -> None:
    if data_dir is not None:
        os.environ["BORGERSAMLING_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
    import django

    django.setup()


def migrate() -> None:
    from django.conf import settings
    from django.core.management import call_command

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        Path(str(database["NAME"])).parent.mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)


def prepare_demo(port: int) -> Printed:
    """Migrate the demo database and (re)load the Dragør Borgersamling 2025 into it."""
    migrate()
    return load_full_demo(f"http://127.0.0.1:{port}")


def load_full_demo(base: str) -> Printed:
    """Everything the demo shows, into a migrated database: the assembly, its recruitment
    and drawn panel, drafts, report, follow-up, evaluation, accounts and seats. ``base``:
    the address the printed links start with."""
    from borgersamling.accounts.demo import create_demo_accounts
    from borgersamling.assemblies.demo import load_demo
    from borgersamling.deliberation.demo import load_demo_drafts
    from borgersamling.deliberation.guests import table_codes
    from borgersamling.evaluation.demo import load_demo_evaluation
    from borgersamling.followup.demo import load_demo_followup
    from borgersamling.recruitment.demo import (
        confirm_demo_panel,
        create_demo_invitations,
        load_demo_recruitment,
    )
    from borgersamling.recruitment.demo_lottery import draw_demo_lottery
    from borgersamling.reports.demo import load_demo_report
    from borgersamling.seating.demo import seat_demo_members

    assembly = load_demo()
    recruitment = load_demo_recruitment(assembly)
    # The demo day (13 May 2025) is after the draw: the ceremony page shows a drawn panel.
    draw_demo_lottery(recruitment)
    codes = create_demo_invitations(recruitment)
    # The panel has said yes by the demo day: they are the members who are seated.
    confirm_demo_panel(recruitment)
    load_demo_drafts(assembly)
    tables = [
        f"table {table.number} ({table.theme}): {code.code}"
        for table, code in table_codes(assembly)
    ]
    load_demo_report(assembly)
    # Made up, and dated after the demo day: what the follow-up and the evaluation will show.
    load_demo_followup(assembly)
    load_demo_evaluation(assembly)
    accounts = [account.describe(base) for account in create_demo_accounts(assembly)]
    # Seats need the members, so they come after the accounts.
    seat_demo_members(assembly)
    return Printed(url=base + "/", accounts=accounts, signup_codes=codes, table_codes=tables)


class TaskWorker:
    """The database task worker (lottery runs) in a daemon thread of the demo's process.

    It wakes when a task is enqueued in this process (and every ``poll_seconds`` for tasks
    enqueued elsewhere) and runs the worker's batch pass: everything ready, then sleep. Not
    polling the database every second keeps SQLite's write lock free for the web. The worker
    object is used directly because its command installs signal handlers, which only the
    main thread may do."""

    def __init__(self, poll_seconds: float = 10.0) -> None:
        self.poll_seconds = poll_seconds
        self.wake = threading.Event()
        self.running = True
        self.thread = threading.Thread(target=self.loop, name="borgersamling-tasks", daemon=True)

    def enqueued(self, **kwargs: object) -> None:
        self.wake.set()

    def loop(self) -> None:
        from django.db import close_old_connections, connections
        from django.utils.crypto import get_random_string
        from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME
        from django_tasks_db.management.commands.db_worker import Worker

        worker_id = f"demo-{get_random_string(12)}"
        while self.running:
            try:
                Worker(
                    queue_names=[DEFAULT_TASK_QUEUE_NAME],
                    interval=0,
                    batch=True,
                    backend_name=DEFAULT_TASK_BACKEND_ALIAS,
                    startup_delay=False,
                    max_tasks=None,
                    worker_id=worker_id,
                    excluded_queue_names=[],
                ).run()
            except Exception:
                # E.g. a busy SQLite file: log it and try again at the next wake-up.
                logging.getLogger(__name__).exception("the task worker failed; will retry")
            finally:
                close_old_connections()
            self.wake.wait(self.poll_seconds)
            self.wake.clear()
        # This thread's connections are its own: close them when it stops, or the database
        # counts them as in use until the process ends.
        connections.close_all()

    def start(self) -> TaskWorker:
        from django_tasks.signals import task_enqueued

        task_enqueued.connect(self.enqueued, weak=False, dispatch_uid=id(self))
        self.thread.start()
        return self

    def stop(self) -> None:
        from django_tasks.signals import task_enqueued

        task_enqueued.disconnect(dispatch_uid=id(self))
        self.running = False
        self.wake.set()


def start_task_worker(poll_seconds: float = 10.0) -> TaskWorker | None:
    """Run background tasks inside this process (the demo). Deployments run
    ``borgersamling manage db_worker`` instead. None when tasks do not go through the
    database (another task backend is configured)."""
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
    from django_tasks_db.backend import DatabaseBackend

    if not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
        return None
    return TaskWorker(poll_seconds).start()


def check_deployment() -> None:
    from django.conf import settings

    from borgersamling.site.settings import INSECURE_DEV_KEY

    if settings.DEBUG:
        raise ServeRefused("BORGERSAMLING_DEBUG is on; a deployment must not run in debug mode")
    if settings.SECRET_KEY == INSECURE_DEV_KEY:
        raise ServeRefused("set BORGERSAMLING_SECRET_KEY to a long random secret")


def run_wsgi(host: str, port: int, threads: int = 8) -> None:
    import waitress

    from borgersamling.site.wsgi import application

    waitress.serve(application, host=host, port=port, threads=threads)


# The open session of the Dragør Borgersamling: the demo behaves as on that day.
DEMO_DATE = "2025-05-13"


def demo(port: int, data_dir: Path, out: TextIO, serve: Callable[[str, int], None]) -> None:
    os.environ.setdefault("BORGERSAMLING_DEMO_DATE", DEMO_DATE)
    setup_django(data_dir)
    printed = prepare_demo(port)
    start_task_worker()
    out.write(f"Dragør Borgersamling 2025 is running on {printed.url}\n")
    out.write(
        f"The demo behaves as on {os.environ['BORGERSAMLING_DEMO_DATE']}, the open session "
        "(set BORGERSAMLING_DEMO_DATE to choose another day).\n"
    )
    out.write("Demo accounts:\n" + "".join(f"  {line}\n" for line in printed.accounts))
    signup = f"{printed.url}assemblies/dragor-2025/tilmelding/"
    out.write(
        f"Sign-up codes to try at {signup}:\n"
        + "".join(f"  {line}\n" for line in printed.signup_codes)
    )
    out.write(
        f"Guests join a theme table at {printed.url}g/ with its code:\n"
        + "".join(f"  {line}\n" for line in printed.table_codes)
    )
    out.write("Stop with Ctrl+C.\n")
    out.flush()
    serve("127.0.0.1", port)
