"""The lottery's pages: the secretariat starts and follows runs; the public ceremony page
shows the table's fingerprints before the seed and the panel by numbers after it."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from borgersamling.assemblies.demo import load_demo
from borgersamling.recruitment import engine_inputs, lottery_runs
from borgersamling.recruitment.demo import load_demo_recruitment
from borgersamling.recruitment.demo_lottery import draw_demo_lottery
from borgersamling.recruitment.models import LotteryRun, Recruitment, SignUp
from tests.accounts.factories import make_member, make_secretariat
from tests.recruitment.factories import make_recruitment, make_signup

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def pool(db: None) -> Recruitment:
    recruitment = make_recruitment(seats=4)
    for n in range(12):
        make_signup(
            recruitment,
            {"køn": ("Kvinde", "Mand")[n % 2], "alder": ("ung", "gammel", "gammel")[n % 3]},
        )
    return recruitment


def english(client: Client) -> Client:
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    return client


@pytest.fixture
def secretariat(pool: Recruitment, client: Client) -> Client:
    client.force_login(make_secretariat(pool.assembly))
    return english(client)


def url(name: str, recruitment: Recruitment, **kwargs: object) -> str:
    return reverse(name, kwargs={"slug": recruitment.assembly.slug, **kwargs})


def computed(recruitment: Recruitment, size: int = 20) -> LotteryRun:
    run = lottery_runs.create_run(recruitment, user=None, lottery_size=size)
    lottery_runs.execute_run(run.pk)
    run.refresh_from_db()
    return run


# --- the secretariat's runs ----------------------------------------------------------------


def test_the_runs_page_shows_todays_inputs_and_their_hashes(
    pool: Recruitment, secretariat: Client
) -> None:
    html = secretariat.get(url("recruitment:lottery-runs", pool)).content.decode()
    pool_csv = engine_inputs.engine_files(pool).pool_csv
    assert hashlib.sha256(pool_csv.encode()).hexdigest() in html
    assert "Start the run" in html
    assert re.search(r"Sign-ups in the pool</dt><dd>12<", html)


@override_settings(TASKS=IMMEDIATE)
def test_the_secretariat_starts_a_run_and_sees_its_results(
    pool: Recruitment, secretariat: Client
) -> None:
    response = secretariat.post(
        url("recruitment:lottery-runs", pool), {"algorithm": "leximin", "lottery_size": "50"}
    )
    run = LotteryRun.objects.get(recruitment=pool)
    assert response.status_code == 302
    assert response["Location"] == url("recruitment:lottery-run", pool, pk=run.pk)
    assert run.status == LotteryRun.Status.DONE and run.created_by is not None
    html = secretariat.get(response["Location"]).content.decode()
    assert "Lowest chance" in html and "Enter the public seed" in html


def test_a_start_with_bad_inputs_shows_the_reason_and_stores_nothing(
    db: None, client: Client
) -> None:
    recruitment = make_recruitment(seats=4, features=[("køn", [("Kvinde", "0.5"), ("Mand", "")])])
    for n in range(6):
        make_signup(recruitment, {"køn": ("Kvinde", "Mand")[n % 2]})
    client.force_login(make_secretariat(recruitment.assembly))
    english(client)
    response = client.post(
        url("recruitment:lottery-runs", recruitment), {"algorithm": "leximin", "lottery_size": "10"}
    )
    assert response.status_code == 400
    assert "quotas.csv" in response.content.decode()
    assert not LotteryRun.objects.exists()


def test_a_bad_lottery_size_is_shown_at_the_field(pool: Recruitment, secretariat: Client) -> None:
    response = secretariat.post(
        url("recruitment:lottery-runs", pool), {"algorithm": "leximin", "lottery_size": "0"}
    )
    assert response.status_code == 400
    assert 'id="id_lottery_size_error"' in response.content.decode()
    assert not LotteryRun.objects.exists()


def test_progress_is_polled_as_json_and_a_run_can_be_stopped(
    pool: Recruitment, secretariat: Client
) -> None:
    run = lottery_runs.create_run(pool, user=None)
    LotteryRun.objects.filter(pk=run.pk).update(
        status=LotteryRun.Status.RUNNING, stage="LEXIMIN", progress=0.42
    )
    data = secretariat.get(url("recruitment:lottery-progress", pool, pk=run.pk)).json()
    assert data["percent"] == 42 and data["finished"] is False
    assert data["stage"] == "Finding the fairest chances (LEXIMIN)"
    page = secretariat.get(url("recruitment:lottery-run", pool, pk=run.pk)).content.decode()
    assert "data-progress-url" in page and 'value="42"' in page

    stop = secretariat.post(url("recruitment:lottery-run-cancel", pool, pk=run.pk))
    assert stop.status_code == 302
    data = secretariat.get(url("recruitment:lottery-progress", pool, pk=run.pk)).json()
    assert data["finished"] is True and data["error"] == "Stopped by the secretariat."


def test_the_seed_is_entered_on_the_runs_page(pool: Recruitment, secretariat: Client) -> None:
    run = computed(pool)
    bad = secretariat.post(url("recruitment:lottery-run", pool, pk=run.pk), {"seed": "12 ab"})
    assert bad.status_code == 400
    assert 'id="id_seed_error"' in bad.content.decode()
    run.refresh_from_db()
    assert not run.is_drawn

    good = secretariat.post(url("recruitment:lottery-run", pool, pk=run.pk), {"seed": "12-34"})
    assert good.status_code == 302
    run.refresh_from_db()
    assert run.seed == "1234" and run.panel_number == 1234 % 20

    again = secretariat.post(url("recruitment:lottery-run", pool, pk=run.pk), {"seed": "99"})
    run.refresh_from_db()
    assert again.status_code == 302 and run.seed == "1234"


def test_runs_of_another_assembly_are_not_found(pool: Recruitment, db: None) -> None:
    other = make_recruitment()
    for n in range(12):
        make_signup(other, {"køn": ("Kvinde", "Mand")[n % 2], "alder": ("ung", "gammel")[n % 2]})
    foreign = computed(other)
    client = Client()
    client.force_login(make_secretariat(pool.assembly))
    assert client.get(url("recruitment:lottery-run", pool, pk=foreign.pk)).status_code == 404
    response = client.post(url("recruitment:lottery-run", pool, pk=foreign.pk), {"seed": "1"})
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert not foreign.is_drawn


# --- the public ceremony page --------------------------------------------------------------


def test_before_the_draw_the_page_publishes_the_table_and_its_fingerprints(
    pool: Recruitment, client: Client
) -> None:
    run = computed(pool)
    html = english(client).get(url("recruitment:lottery", pool)).content.decode()
    assert "The table of 20 panels is fixed before the seed is known" in html
    assert run.pool_sha256 in html and run.quotas_sha256 in html
    assert "Enter the public seed" not in html  # the public cannot draw
    assert "data-state-url" in html
    lottery = client.get(url("recruitment:lottery-file", pool, file_name="lottery.csv"))
    assert lottery.status_code == 200
    assert lottery.content.decode().splitlines()[0] == "panel,member_1,member_2,member_3,member_4"
    pool_file = client.get(url("recruitment:lottery-file", pool, file_name="pool.csv"))
    assert hashlib.sha256(pool_file.content).hexdigest() == run.pool_sha256
    # The result files do not exist before the draw.
    missing = client.get(url("recruitment:lottery-file", pool, file_name="report.json"))
    assert missing.status_code == 404
    unknown = client.get(url("recruitment:lottery-file", pool, file_name="settings.py"))
    assert unknown.status_code == 404


def test_without_a_run_the_page_says_so_and_there_are_no_files(
    pool: Recruitment, client: Client
) -> None:
    response = english(client).get(url("recruitment:lottery", pool))
    assert response.status_code == 200
    assert "The lottery has not been prepared yet" in response.content.decode()
    assert client.get(url("recruitment:lottery-bundle", pool)).status_code == 404
    files = client.get(url("recruitment:lottery-file", pool, file_name="pool.csv"))
    assert files.status_code == 404


def test_the_secretariat_draws_on_the_ceremony_page_and_the_projector_sees_it(
    pool: Recruitment, secretariat: Client
) -> None:
    run = computed(pool)
    projector = Client()
    state = projector.get(url("recruitment:lottery-state", pool)).json()
    assert state["drawn"] is False

    page = secretariat.get(url("recruitment:lottery", pool)).content.decode()
    assert "Enter the public seed" in page
    response = secretariat.post(url("recruitment:lottery", pool), {"seed": "4 6 6 2"})
    assert response.status_code == 302

    changed = projector.get(url("recruitment:lottery-state", pool)).json()
    assert changed["drawn"] is True and changed["version"] != state["version"]
    run.refresh_from_db()
    html = english(projector).get(url("recruitment:lottery", pool)).content.decode()
    assert "The drawn panel" in html
    grid = re.search(r'<ol class="panel-grid".*?</ol>', html, re.S)
    assert grid is not None
    assert re.findall(r"<li>(\d+)</li>", grid.group(0)) == [str(n) for n in run.panel]
    assert "data-state-url" not in html  # nothing left to wait for


@pytest.mark.parametrize("role", ["anonymous", "member"])
def test_only_the_secretariat_may_enter_the_seed(pool: Recruitment, role: str) -> None:
    run = computed(pool)
    client = Client()
    if role == "member":
        client.force_login(make_member(pool.assembly))
    response = client.post(url("recruitment:lottery", pool), {"seed": "7"})
    assert response.status_code == (302 if role == "anonymous" else 403)
    if role == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))
    run.refresh_from_db()
    assert not run.is_drawn
    assert not SignUp.objects.filter(status=SignUp.Status.SELECTED).exists()


def test_the_bundle_before_the_draw_holds_the_inputs_and_the_table(
    pool: Recruitment, client: Client
) -> None:
    computed(pool)
    response = client.get(url("recruitment:lottery-bundle", pool))
    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        names = set(archive.namelist())
    assert names == {"README.txt", "pool.csv", "quotas.csv", "lottery.csv"}


# --- no names in public --------------------------------------------------------------------


def test_the_public_lottery_never_shows_names_or_addresses(db: None) -> None:
    assembly = load_demo()
    recruitment = load_demo_recruitment(assembly)
    run = draw_demo_lottery(recruitment)
    personal = {
        value
        for name, address in SignUp.objects.filter(recruitment=recruitment).values_list(
            "name", "address"
        )
        for value in (name, address, address.split(",")[0])
        if value
    }
    assert len(personal) > 50
    client = Client()
    slug = assembly.slug
    texts = [
        client.get(reverse(name, kwargs={"slug": slug})).content.decode()
        for name in (
            "recruitment:lottery",
            "recruitment:lottery-state",
            "recruitment:representation",
        )
    ]
    texts += [
        client.get(
            reverse("recruitment:lottery-file", kwargs={"slug": slug, "file_name": file_name})
        ).content.decode()
        for file_name in run.files
    ]
    bundle = client.get(reverse("recruitment:lottery-bundle", kwargs={"slug": slug})).content
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        texts += [archive.read(name).decode() for name in archive.namelist()]
    for text in texts:
        for value in personal:
            assert value not in text
    # The check can fail: the numbers are there.
    assert all(str(number) in texts[0] for number in run.panel)
