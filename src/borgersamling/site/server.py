"""Start the web application: the demo (SQLite, demo data) and a deployment (``serve``)."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
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
    from borgersamling.accounts.demo import create_demo_accounts
    from borgersamling.assemblies.demo import load_demo
    from borgersamling.recruitment.demo import load_demo_recruitment
    from borgersamling.seating.demo import seat_demo_members

    migrate()
    assembly = load_demo()
    load_demo_recruitment(assembly)
    base = f"http://127.0.0.1:{port}"
    accounts = [account.describe(base) for account in create_demo_accounts(assembly)]
    # Seats need the members, so they come after the accounts.
    seat_demo_members(assembly)
    return Printed(url=base + "/", accounts=accounts)


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
    out.write(f"Dragør Borgersamling 2025 is running on {printed.url}\n")
    out.write(
        f"The demo behaves as on {os.environ['BORGERSAMLING_DEMO_DATE']}, the open session "
        "(set BORGERSAMLING_DEMO_DATE to choose another day).\n"
    )
    out.write("Demo accounts:\n" + "".join(f"  {line}\n" for line in printed.accounts))
    out.write("Stop with Ctrl+C.\n")
    out.flush()
    serve("127.0.0.1", port)
