"""Lottery runs: frozen inputs with their hashes, the background task, progress, failures
that store nothing, the public seed, and the verification files."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from django.utils import translation
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from borgersamling.assemblies.demo import load_demo
from borgersamling.recruitment import engine_inputs, lottery_runs, lottery_tasks
from borgersamling.recruitment.demo import load_demo_recruitment
from borgersamling.recruitment.demo_lottery import DEMO_SEED, draw_demo_lottery
from borgersamling.recruitment.lottery_views import bundle_bytes
from borgersamling.recruitment.models import LotteryRun, Recruitment, SignUp
from borgersamling.sortition import selection
from borgersamling.sortition.errors import VerificationError
from borgersamling.sortition.lottery import Lottery
from borgersamling.sortition.progress import SilentReporter
from borgersamling.sortition.tables import sha256_of
from borgersamling.sortition.verify import verify_selection
from tests.recruitment.factories import make_recruitment, make_signup

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def pool(db: None) -> Recruitment:
    """Four seats, two criteria, twenty sign-ups (two of them in one household)."""
    recruitment = make_recruitment(seats=4)
    for n in range(20):
        make_signup(
            recruitment,
            {"køn": ("Kvinde", "Mand")[n % 2], "alder": ("ung", "gammel", "gammel")[n % 3]},
            household_key="fælles vej 1" if n in (3, 4) else f"vej {n}",
        )
    return recruitment


def computed(recruitment: Recruitment, **options: Any) -> LotteryRun:
    run = lottery_runs.create_run(recruitment, user=None, **options)
    assert lottery_runs.execute_run(run.pk) == LotteryRun.Status.DONE
    run.refresh_from_db()
    return run


def statuses(recruitment: Recruitment) -> dict[int, str]:
    return dict(SignUp.objects.filter(recruitment=recruitment).values_list("number", "status"))


def extract(data: bytes, folder: Path) -> Path:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        archive.extractall(folder)
    return folder


# --- starting ------------------------------------------------------------------------------


def test_a_run_freezes_the_inputs_with_the_hashes_of_the_files(
    pool: Recruitment, tmp_path: Path
) -> None:
    run = lottery_runs.create_run(pool, user=None, algorithm="legacy", lottery_size=50)
    files = engine_inputs.engine_files(pool)
    assert run.status == LotteryRun.Status.QUEUED
    assert (run.pool_csv, run.quotas_csv) == (files.pool_csv, files.quotas_csv)
    assert (run.seats, run.tolerance, run.algorithm, run.lottery_size) == (4, 1, "legacy", 50)
    pool_path, quotas_path = engine_inputs.write_files(files, tmp_path)
    assert run.pool_sha256 == sha256_of(pool_path)
    assert run.quotas_sha256 == sha256_of(quotas_path)
    # Later sign-ups do not change a frozen run.
    make_signup(pool, {"køn": "Kvinde", "alder": "ung"})
    run.refresh_from_db()
    assert run.pool_csv == files.pool_csv


def test_bad_inputs_are_refused_with_the_engines_message(db: None) -> None:
    recruitment = make_recruitment(seats=4, features=[("køn", [("Kvinde", "0.5"), ("Mand", "")])])
    for n in range(6):
        make_signup(recruitment, {"køn": ("Kvinde", "Mand")[n % 2]})
    with translation.override("en"), pytest.raises(lottery_runs.LotteryRefused) as refused:
        lottery_runs.create_run(recruitment, user=None)
    assert "quotas.csv" in refused.value.text
    assert not LotteryRun.objects.filter(recruitment=recruitment).exists()


def test_a_pool_smaller_than_the_panel_is_refused(db: None) -> None:
    recruitment = make_recruitment(seats=4)
    make_signup(recruitment, {"køn": "Kvinde", "alder": "ung"})
    with translation.override("en"), pytest.raises(lottery_runs.LotteryRefused) as refused:
        lottery_runs.create_run(recruitment, user=None)
    assert "4 seats" in refused.value.text


def test_a_second_run_is_refused_while_one_is_under_way(pool: Recruitment) -> None:
    first = lottery_runs.create_run(pool, user=None)
    with pytest.raises(lottery_runs.LotteryRefused):
        lottery_runs.create_run(pool, user=None)
    lottery_runs.cancel_run(first)
    assert lottery_runs.create_run(pool, user=None).pk != first.pk


def test_an_unknown_algorithm_and_a_bad_lottery_size_are_refused(pool: Recruitment) -> None:
    with pytest.raises(lottery_runs.LotteryRefused):
        lottery_runs.create_run(pool, user=None, algorithm="magic")
    with pytest.raises(lottery_runs.LotteryRefused):
        lottery_runs.create_run(pool, user=None, lottery_size=0)
    assert not LotteryRun.objects.exists()


# --- the background task -------------------------------------------------------------------


def test_starting_enqueues_a_task_that_the_worker_completes(
    transactional_db: None, pool: Recruitment
) -> None:
    # Transactional: the worker closes connections that are not in autocommit mode, as a
    # test's wrapping transaction would be (PostgreSQL then loses the test's connection).
    run = lottery_tasks.start_lottery_run(pool, user=None, lottery_size=100)
    task = DBTaskResult.objects.get(id=run.task_id)
    assert task.status == "READY"
    assert task.args_kwargs["args"] == [run.pk]
    assert LotteryRun.objects.get(pk=run.pk).status == LotteryRun.Status.QUEUED

    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    ).run()

    run.refresh_from_db()
    assert run.status == LotteryRun.Status.DONE
    assert DBTaskResult.objects.get(id=run.task_id).status == "SUCCESSFUL"
    numbers = {str(n) for n in SignUp.objects.values_list("number", flat=True)}
    assert set(run.results["probabilities"]) == numbers
    assert len(run.results["lottery"]) == 100
    assert all(len(panel) == 4 for panel in run.results["lottery"])
    assert 0 < run.results["lottery_summary"]["minimum"] <= run.results["summary"]["maximum"]
    assert run.results["unselectable"] == []
    assert run.started_at is not None and run.finished_at is not None


@override_settings(TASKS=IMMEDIATE)
def test_with_the_immediate_backend_the_run_is_done_at_once(pool: Recruitment) -> None:
    run = lottery_tasks.start_lottery_run(pool, user=None, lottery_size=20)
    assert run.status == LotteryRun.Status.DONE
    assert len(run.results["lottery"]) == 20


def test_progress_is_saved_on_the_run_while_it_computes(pool: Recruitment) -> None:
    run = lottery_runs.create_run(pool, user=None, lottery_size=50)
    seen: list[tuple[str, str, float]] = []

    class Watching(lottery_runs.RunReporter):
        def _save(self) -> None:
            super()._save()
            row = LotteryRun.objects.values_list("status", "stage", "progress").get(pk=run.pk)
            seen.append(row)

    lottery_runs.execute_run(run.pk, Watching(run.pk, interval=0))
    stages = {stage for status, stage, _progress in seen}
    assert {"LEXIMIN", "transparent lottery"} <= stages
    assert all(status == LotteryRun.Status.RUNNING for status, *_rest in seen)
    assert any(0 < progress < 1 for *_rest, progress in seen)


def test_progress_is_throttled_and_touches_nothing_else(pool: Recruitment) -> None:
    run = lottery_runs.create_run(pool, user=None)
    LotteryRun.objects.filter(pk=run.pk).update(status=LotteryRun.Status.RUNNING)
    now = [100.0]
    reporter = lottery_runs.RunReporter(run.pk, interval=0.5, clock=lambda: now[0])
    reporter.stage("LEXIMIN")
    # Another writer changes the run meanwhile: progress must not overwrite it.
    LotteryRun.objects.filter(pk=run.pk).update(error="kept")
    reporter.progress(0.3)
    assert LotteryRun.objects.get(pk=run.pk).progress == 0.0  # too soon after the stage
    now[0] += 0.6
    reporter.progress(0.4)
    row = LotteryRun.objects.get(pk=run.pk)
    assert (row.stage, row.progress, row.error) == ("LEXIMIN", 0.4, "kept")


def test_a_failure_half_way_stores_nothing(
    pool: Recruitment, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = statuses(pool)
    run = lottery_runs.create_run(pool, user=None)
    reported: list[str] = []

    class Noting(lottery_runs.RunReporter):
        def stage(self, name: str) -> None:
            reported.append(name)
            super().stage(name)

    def broken(*args: object, **kwargs: object) -> None:
        # Called after LEXIMIN has reported its progress.
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(selection, "transparent_lottery", broken)
    assert lottery_runs.execute_run(run.pk, Noting(run.pk, interval=0)) == "failed"

    run.refresh_from_db()
    assert reported and reported[0] == "LEXIMIN"
    assert run.stage.startswith("LEXIMIN")  # it got that far
    assert run.status == LotteryRun.Status.FAILED
    assert run.results == {}
    assert not run.is_drawn and run.files == {} and run.panel == []
    assert "the disk is full" in lottery_runs.run_error(run, "en")
    assert statuses(pool) == before


def test_infeasible_quotas_fail_with_reasons_in_both_languages(db: None) -> None:
    recruitment = make_recruitment(seats=4)
    for n in range(8):  # no men at all, but the quotas want one or more
        make_signup(recruitment, {"køn": "Kvinde", "alder": ("ung", "gammel")[n % 2]})
    run = lottery_runs.create_run(recruitment, user=None)
    assert lottery_runs.execute_run(run.pk) == LotteryRun.Status.FAILED
    run.refresh_from_db()
    assert run.results == {}
    assert "no panel of 4" in lottery_runs.run_error(run, "en")
    assert "intet panel med 4" in lottery_runs.run_error(run, "da")
    assert "Mand" in lottery_runs.run_error(run, "da")


def test_a_cancelled_run_stops_and_keeps_no_results(pool: Recruitment) -> None:
    run = lottery_runs.create_run(pool, user=None)

    class Cancelling(lottery_runs.RunReporter):
        def stage(self, name: str) -> None:
            lottery_runs.cancel_run(run)
            super().stage(name)

    assert lottery_runs.execute_run(run.pk, Cancelling(run.pk)) == "failed"
    run.refresh_from_db()
    assert run.results == {}
    with translation.override("en"):
        assert lottery_runs.run_error(run, "en") == "Stopped by the secretariat."
    # A finished or cancelled run is not computed again by a repeated task.
    assert lottery_runs.execute_run(run.pk) == "failed"


# --- the seed and the draw -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seed"),
    [("42", 42), ("4 2 6-1", 4261), (" 007 ", 7), ("9" * 18, int("9" * 18))],
)
def test_seeds_are_digits_grouped_as_on_the_command_line(text: str, seed: int) -> None:
    assert lottery_runs.parse_seed(text) == seed


@pytest.mark.parametrize("text", ["", " - ", "12a", "1.5", "-3x", "١٢", "²", "1" * 19])
def test_other_seeds_are_refused(text: str) -> None:
    with pytest.raises(lottery_runs.LotteryRefused):
        lottery_runs.parse_seed(text)


def test_the_draw_picks_the_seeds_row_and_selects_the_panel(pool: Recruitment) -> None:
    run = computed(pool, lottery_size=30)
    withdrawn = SignUp.objects.filter(recruitment=pool).order_by("number").first()
    assert withdrawn is not None
    withdrawn.status = SignUp.Status.WITHDRAWN
    withdrawn.save()

    drawn = lottery_runs.draw(run, "1 2 3 4", user=None)

    table = run.results["lottery"]
    assert drawn.panel_number == 1234 % 30
    assert drawn.panel == sorted(table[drawn.panel_number])
    assert drawn.reserves == Lottery([tuple(row) for row in table]).reserves(drawn.panel_number)
    assert drawn.seed == "1234" and drawn.drawn_at is not None
    after = statuses(pool)
    selected = {n for n, status in after.items() if status == SignUp.Status.SELECTED}
    assert selected == set(drawn.panel) - {withdrawn.number}
    assert after[withdrawn.number] == SignUp.Status.WITHDRAWN
    assert all(after[n] == SignUp.Status.POOL for n in after if n not in drawn.panel)


def test_a_second_seed_is_refused(pool: Recruitment) -> None:
    run = computed(pool, lottery_size=30)
    first = lottery_runs.draw(run, "17", user=None)
    with pytest.raises(lottery_runs.LotteryRefused):
        lottery_runs.draw(run, "18", user=None)
    run.refresh_from_db()
    assert (run.seed, run.panel_number, run.panel) == ("17", first.panel_number, first.panel)
    # Nor can a new run be started, or drawn, once the panel is drawn.
    with pytest.raises(lottery_runs.LotteryRefused):
        lottery_runs.create_run(pool, user=None)


def test_a_run_that_is_not_done_cannot_be_drawn(pool: Recruitment) -> None:
    run = lottery_runs.create_run(pool, user=None)
    with pytest.raises(lottery_runs.LotteryRefused):
        lottery_runs.draw(run, "5", user=None)
    assert statuses(pool) == dict.fromkeys(statuses(pool), SignUp.Status.POOL)


def test_a_table_that_cannot_be_reproduced_is_not_drawn(pool: Recruitment) -> None:
    run = computed(pool, lottery_size=30)
    results = dict(run.results)
    results["lottery"] = [list(reversed(row)) for row in results["lottery"]][::-1]
    LotteryRun.objects.filter(pk=run.pk).update(results=results)
    run.refresh_from_db()
    with pytest.raises(lottery_runs.LotteryNotReproduced):
        lottery_runs.draw(run, "5", user=None)
    run.refresh_from_db()
    assert not run.is_drawn
    assert SignUp.Status.SELECTED not in statuses(pool).values()


def test_the_bundle_verifies_and_catches_an_edited_pool(pool: Recruitment, tmp_path: Path) -> None:
    run = computed(pool, lottery_size=40)
    before_draw = lottery_runs.public_files(run)
    run = lottery_runs.draw(run, "2025", user=None)

    folder = extract(bundle_bytes(pool.assembly, run), tmp_path / "bundle")
    outcome = verify_selection(folder, SilentReporter())
    assert outcome.panel_number == run.panel_number
    assert sorted(map(int, outcome.panel)) == run.panel
    readme = (folder / "README.txt").read_text(encoding="utf-8")
    assert "borgersamling verify lodtraekning" in readme
    # The table published before the draw is the one verified after it.
    assert (folder / "lottery.csv").read_text(encoding="utf-8") == before_draw["lottery.csv"]
    assert sha256_of(folder / "pool.csv") == run.pool_sha256

    pool_file = folder / "pool.csv"
    pool_file.write_text(pool_file.read_text(encoding="utf-8") + "999,Mand,ung,H99\n")
    with pytest.raises(VerificationError):
        verify_selection(folder, SilentReporter())


def test_the_report_records_the_files_beside_it(pool: Recruitment) -> None:
    run = lottery_runs.draw(computed(pool, lottery_size=10), "3", user=None)
    report = json.loads(run.files["report.json"])
    assert report["inputs"]["pool"] == {"path": "pool.csv", "sha256": run.pool_sha256}
    assert report["seed"] == 3 and report["panel_number"] == run.panel_number


def test_the_lottery_is_the_drawn_run_or_else_the_latest_finished_one(
    pool: Recruitment,
) -> None:
    assert lottery_runs.the_lottery(pool) is None
    first = computed(pool, lottery_size=10)
    second = computed(pool, lottery_size=10)
    assert lottery_runs.the_lottery(pool) == second
    lottery_runs.draw(first, "1", user=None)
    assert lottery_runs.the_lottery(pool) == first


# --- the demo ------------------------------------------------------------------------------


def test_the_demo_lottery_draws_a_panel_of_36_once(db: None) -> None:
    assembly = load_demo()
    recruitment = load_demo_recruitment(assembly)
    run = draw_demo_lottery(recruitment)
    assert run.is_drawn and run.seed == DEMO_SEED.replace(" ", "")
    assert len(run.panel) == assembly.seats == 36
    selected = SignUp.objects.filter(recruitment=recruitment, status=SignUp.Status.SELECTED)
    assert sorted(selected.values_list("number", flat=True)) == run.panel
    assert draw_demo_lottery(recruitment) == run
    assert LotteryRun.objects.filter(recruitment=recruitment).count() == 1


def test_the_demo_lottery_is_drawn_even_if_a_stopped_demo_left_a_run(db: None) -> None:
    recruitment = load_demo_recruitment(load_demo())
    left = lottery_runs.create_run(recruitment, user=None)
    LotteryRun.objects.filter(pk=left.pk).update(status=LotteryRun.Status.RUNNING)
    run = draw_demo_lottery(recruitment)
    left.refresh_from_db()
    assert run.is_drawn and run.pk != left.pk
    assert left.status == LotteryRun.Status.FAILED and left.results == {}
