"""HTML to PDF with WeasyPrint, the same way for every printout: nothing is fetched from the
network or the disk (only data: URLs, where a page embeds its QR codes or charts), and the PDF
is tagged (headings, paragraphs, lists, tables, language) so a screen reader can read it."""

from __future__ import annotations


def render_pdf(html: str, *, data_urls: bool = False) -> bytes:
    import weasyprint  # imported here: it loads Pango and fonts, which only printing needs
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"} if data_urls else set())
    document = weasyprint.HTML(string=html, base_url=None, url_fetcher=fetcher)
    pdf: bytes = document.write_pdf(pdf_tags=True)
    return pdf
