"""Turning the report's content into HTML and a print PDF.

The body HTML is rendered in the document's language (Danish for Dragør), whatever language
the visitor uses: it is a document, and a frozen version stores exactly these bytes. The PDF
is made with WeasyPrint from the same body, with the print stylesheet inlined; it may load
nothing but ``data:`` URLs, so a report never reaches the network or the disk.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from borgersamling.site.pdf import render_pdf


def render_body(content: dict[str, Any]) -> str:
    with translation.override(str(content["language"])):
        return render_to_string("reports/document/_body.html", {"content": content})


def print_document(content: dict[str, Any], body: str) -> str:
    """The standalone HTML document WeasyPrint lays out."""
    with translation.override(str(content["language"])):
        safe_body: SafeString = mark_safe(body)  # rendered by our templates
        return render_to_string(
            "reports/document/print.html", {"content": content, "body": safe_body}
        )


def pdf_of(content: dict[str, Any], body: str | None = None) -> bytes:
    body = render_body(content) if body is None else body
    return render_pdf(print_document(content, body), data_urls=True)
