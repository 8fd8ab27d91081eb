"""Every printout goes through one PDF renderer, which tags the PDF for screen readers."""

from __future__ import annotations

from tests.pdf_checks import is_tagged, pdf_info

from borgersamling.site.pdf import render_pdf

PAGE = """<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>Bordlister</title>
</head><body><h1>Bord 1</h1><ul><li>Ærø Åse</li></ul>
<table><tr><th>Navn</th></tr><tr><td>Søren</td></tr></table></body></html>"""


def test_the_pdf_is_tagged_and_titled() -> None:
    pdf = render_pdf(PAGE)
    assert is_tagged(pdf)
    assert pdf_info(pdf)["Title"] == "Bordlister"


def test_without_tags_pdfinfo_says_so() -> None:
    # The check itself can fail: WeasyPrint's default PDF is untagged.
    import weasyprint

    assert not is_tagged(weasyprint.HTML(string=PAGE).write_pdf())
