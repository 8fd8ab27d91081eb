"""The print PDF: it renders, has a table of contents with page numbers, vector charts, and
a page turns into an image (which we looked at, too)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from borgersamling.reports import rendering
from borgersamling.reports.content import build_content
from tests.pdf_checks import is_tagged
from tests.reports.conftest import World


@pytest.fixture
def pdf(world: World, tmp_path: Path) -> Path:
    path = tmp_path / "report.pdf"
    path.write_bytes(rendering.pdf_of(build_content(world.assembly)))
    return path


def test_the_pdf_renders_and_a_page_becomes_an_image(pdf: Path, tmp_path: Path) -> None:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))  # type: ignore[union-attr]
    assert pages >= 2
    assert is_tagged(pdf.read_bytes())  # readable with a screen reader
    page = tmp_path / "page"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(pdf), str(page)], check=True
    )
    [image] = list(tmp_path.glob("page*.png"))
    data = image.read_bytes()
    assert data.startswith(b"\x89PNG")
    assert len(data) > 2000  # not a blank page


def test_the_table_of_contents_lists_the_sections_with_page_numbers(
    world: World, pdf: Path
) -> None:
    text = subprocess.run(
        ["pdftotext", "-layout", "-f", "2", "-l", "2", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    content = build_content(world.assembly)
    for section in content["sections"]:
        assert re.search(re.escape(section["title"]) + r"[ .]+\d+\s*$", text, re.MULTILINE), (
            section["title"]
        )
    for theme in content["recommendations"]["themes"]:
        assert f"{theme['table']}. {theme['theme']}" in text


def test_the_charts_are_inline_vector_graphics(world: World) -> None:
    html = rendering.print_document(build_content(world.assembly), "")
    body = rendering.render_body(build_content(world.assembly))
    assert body.count("<svg") == len(build_content(world.assembly)["members"]["features"]) >= 5
    assert "<img" not in body
    assert "http://" not in html + body.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "hyphens: auto" in html
    assert 'lang="da"' in body
