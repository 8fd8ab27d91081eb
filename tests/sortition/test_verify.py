"""``borgersamling verify``: a recorded selection is re-run from its inputs and compared.

Tampering tests work on a fresh, fast selection from copies of the Flanigan example (its
files may be edited freely); the Dragør selection of the session is verified as recorded.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from tests.helpers import SMALL_20, Instance, needs_small_20, read_csv

from borgersamling import cli
from borgersamling.sortition.errors import InputError, VerificationError
from borgersamling.sortition.progress import SilentReporter
from borgersamling.sortition.verify import verify_selection


@dataclass(frozen=True)
class Recorded:
    instance: Instance
    out: Path


def _select(tmp_path: Path, source: Instance, seed: int, *extra: str) -> Recorded:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    instance = source.with_files(
        pool=Path(shutil.copy(source.pool, inputs)), quotas=Path(shutil.copy(source.quotas, inputs))
    )
    out = tmp_path / "out"
    assert cli.main(instance.select_argv(out, seed, *extra)) == 0
    return Recorded(instance, out)


@pytest.fixture
def small(tmp_path: Path) -> Recorded:
    if not SMALL_20.pool.is_file():
        pytest.skip("benchmark instance missing")
    return _select(tmp_path, SMALL_20, 1234, "--lottery-size", "100")


def _verify(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli.main(["verify", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_verify_the_dragor_selection(dragor_out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _verify(capsys, str(dragor_out))
    assert code == 0
    assert out == (
        "Verified: the inputs are unchanged and seed 2025 gives panel 25 of 1000, "
        "the same panel as recorded.\n"
    )


def test_verify_selection_returns_the_recorded_draw(small: Recorded) -> None:
    outcome = verify_selection(small.out, SilentReporter())
    assert (outcome.seed, outcome.panel_number, outcome.lottery_size) == (1234, 34, 100)
    _, panel = read_csv(small.out / "panel.csv")
    assert sorted(outcome.panel) == sorted(row["id"] for row in panel)


def test_verify_a_legacy_selection(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if not SMALL_20.pool.is_file():
        pytest.skip("benchmark instance missing")
    recorded = _select(tmp_path, SMALL_20, 77, "--algorithm", "legacy", "--lottery-size", "50")
    code, out, err = _verify(capsys, str(recorded.out))
    assert code == 0, err
    assert "seed 77 gives panel 27 of 50" in out


def _change_one_byte(path: Path, old: bytes, new: bytes) -> None:
    assert len(old) == len(new)
    data = path.read_bytes()
    assert old in data
    path.write_bytes(data.replace(old, new, 1))


def test_one_changed_byte_in_the_dragor_pool_fails_loudly(
    dragor_out: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Copy the recorded selection together with its inputs: the report's relative paths
    # still lead to them.
    out = Path(shutil.copytree(dragor_out, tmp_path / "out"))
    inputs = Path(shutil.copytree(dragor_out.parent / "inputs", tmp_path / "inputs"))
    # "mand" still parses as "Mand": only the hash can tell the file changed.
    _change_one_byte(inputs / "pool.csv", b"P0001,Mand,", b"P0001,mand,")
    code, out_text, err = _verify(capsys, str(out))
    assert code != 0
    assert out_text == ""
    assert "pool.csv" in err
    assert "the input file changed since the selection" in err


@pytest.mark.parametrize("which", ["pool", "quotas"])
def test_a_changed_input_fails_naming_the_file(small: Recorded, which: str) -> None:
    path = small.instance.pool if which == "pool" else small.instance.quotas
    # "liberaL" still parses as "liberal": only the hash can tell the file changed.
    if which == "pool":
        _change_one_byte(path, b"liberal\n", b"liberaL\n")
    else:
        _change_one_byte(path, b"9,20", b"8,20")
    with pytest.raises(VerificationError) as error:
        verify_selection(small.out, SilentReporter())
    assert error.value.code == "input_changed"
    assert error.value.exit_code == 1
    message = error.value.message()
    assert path.name in message
    assert "changed" in message


def _edit_csv_cell(path: Path) -> None:
    """Swap the last cell of the first data row for another valid-looking value."""
    lines = path.read_text(encoding="utf-8").split("\n")
    head, _, last = lines[1].rpartition(",")
    lines[1] = f"{head},{'1' if last != '1' else '2'}"
    path.write_text("\n".join(lines), encoding="utf-8")


@pytest.mark.parametrize(
    "name", ["panel.csv", "lottery.csv", "reserves.csv", "probabilities.csv", "report.html"]
)
def test_an_edited_output_file_fails_naming_it(
    small: Recorded, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    target = small.out / name
    if name == "report.html":
        html = target.read_text(encoding="utf-8")
        target.write_text(html.replace("Seed 1234", "Seed 1235"), encoding="utf-8")
    else:
        _edit_csv_cell(target)
    code, out, err = _verify(capsys, str(small.out))
    assert code == 1
    assert out == ""
    assert "could not be reproduced" in err
    assert f"- {name}: differs from the recomputed file" in err
    # Only the edited file is named.
    assert err.count("differs") == 1


def test_an_edited_recorded_panel_in_the_report_fails(small: Recorded) -> None:
    report = small.out / "report.json"
    text = report.read_text(encoding="utf-8")
    report.write_text(text.replace('"panel": [\n    "', '"panel": [\n    "9'), encoding="utf-8")
    with pytest.raises(VerificationError) as error:
        verify_selection(small.out, SilentReporter())
    assert "report.json" in error.value.message()


def test_a_deleted_output_file_fails_naming_it(small: Recorded) -> None:
    (small.out / "lottery.csv").unlink()
    with pytest.raises(VerificationError) as error:
        verify_selection(small.out, SilentReporter())
    assert "lottery.csv: missing from" in error.value.message()


def test_inputs_kept_elsewhere_can_be_named(
    small: Recorded, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    pool = Path(shutil.move(small.instance.pool, archive))
    quotas = Path(shutil.move(small.instance.quotas, archive))
    code, _, err = _verify(capsys, str(small.out))
    assert code == 2
    assert "respondents.csv: file not found" in err
    code, out, err = _verify(capsys, str(small.out), "--pool", str(pool), "--quotas", str(quotas))
    assert code == 0, err
    assert "the same panel as recorded" in out


def test_a_folder_without_a_report_is_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _verify(capsys, str(tmp_path))
    assert code == 2
    assert out == ""
    assert "report.json: not a selection report" in err


def test_a_report_missing_fields_is_bad_input(small: Recorded) -> None:
    (small.out / "report.json").write_text('{"seats": 20}\n', encoding="utf-8")
    with pytest.raises(InputError) as error:
        verify_selection(small.out, SilentReporter())
    assert error.value.code == "report_unreadable"


def test_verify_reports_progress(small: Recorded) -> None:
    stages: list[str] = []

    class Recorder(SilentReporter):
        def stage(self, name: str) -> None:
            stages.append(name)

    verify_selection(small.out, Recorder())
    assert stages == ["LEXIMIN", "transparent lottery"]


@needs_small_20
def test_verifying_twice_changes_nothing(small: Recorded) -> None:
    before = {path.name: path.read_bytes() for path in small.out.iterdir()}
    verify_selection(small.out, SilentReporter())
    verify_selection(small.out, SilentReporter())
    assert {path.name: path.read_bytes() for path in small.out.iterdir()} == before
