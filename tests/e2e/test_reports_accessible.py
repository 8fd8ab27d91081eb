"""The command line's readable reports pass axe-core's WCAG 2.1 A and AA rules as a browser
opens them from disk: the seating report of ``borgersamling seat`` and the lottery report of
``borgersamling select``."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from borgersamling import cli
from tests.e2e.accessibility import assert_accessible
from tests.grouping.test_cli_seat import write_members

pytestmark = pytest.mark.accessibility


def test_the_seating_report(tmp_path: Path, laptop: Page) -> None:
    members = write_members(tmp_path / "members.csv", themes=True)
    out = tmp_path / "out"
    argv = ["seat", "--members", str(members), "--tables", "4", "--sessions", "3"]
    assert cli.main([*argv, "--effort", "5", "--out", str(out)]) == 0
    laptop.goto((out / "report.html").as_uri())
    assert_accessible(laptop)


def test_the_lottery_report(dragor_out: Path, laptop: Page) -> None:
    laptop.goto((dragor_out / "report.html").as_uri())
    assert_accessible(laptop)
