"""What poppler's pdfinfo says about a PDF (scripts/setup installs poppler-utils)."""

from __future__ import annotations

import re
import subprocess


def pdf_info(pdf: bytes) -> dict[str, str]:
    assert pdf.startswith(b"%PDF")
    out = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)
    return dict(re.findall(r"^([^:\n]+):\s*(.*)$", out.stdout.decode(), re.MULTILINE))


def is_tagged(pdf: bytes) -> bool:
    """Tagged: the PDF carries its structure (headings, lists, tables), for screen readers."""
    return pdf_info(pdf).get("Tagged") == "yes"
