"""Fixtures shared by the CLI and engine tests: selections that are slow enough to run once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from borgersamling import cli
from tests.helpers import DRAGOR, Instance


@pytest.fixture(scope="session")
def dragor_runs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding ``inputs/`` (copies of the Dragør files) and one folder per selection
    beside it, so every selection records the inputs as ``../inputs/...`` and a selection
    copied together with ``inputs/`` still verifies. Tests must not edit anything here."""
    root = tmp_path_factory.mktemp("dragor-runs")
    (root / "inputs").mkdir()
    return root


@pytest.fixture(scope="session")
def dragor(dragor_runs: Path) -> Instance:
    """The Dragør sample (``scripts/run``), read from copies in ``dragor_runs/inputs``."""
    inputs = dragor_runs / "inputs"
    return DRAGOR.with_files(
        pool=Path(shutil.copy(DRAGOR.pool, inputs)), quotas=Path(shutil.copy(DRAGOR.quotas, inputs))
    )


@pytest.fixture(scope="session")
def dragor_out(dragor_runs: Path, dragor: Instance) -> Path:
    """The main job: the Dragør sample drawn with seed 2025 through ``cli.main``."""
    out = dragor_runs / "seed-2025"
    assert cli.main(dragor.select_argv(out, 2025)) == 0
    return out


DATABASE_FIXTURES = {"db", "transactional_db", "django_db_setup", "client", "admin_client"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that touches the database, so CI can re-run exactly those against
    PostgreSQL (``pytest -m database``)."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if item.get_closest_marker("django_db") or fixtures & DATABASE_FIXTURES:
            item.add_marker(pytest.mark.database)
