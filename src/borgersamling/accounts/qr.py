"""QR codes as inline SVG, drawn on the server: no image service sees the secret."""

from __future__ import annotations

import re

import qrcode
import qrcode.image.svg
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def qr_svg(data: str, label: str) -> SafeString:
    """An accessible inline SVG of ``data`` (sized by CSS, white background for dark mode)."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathFillImage, border=2)
    svg = image.to_string(encoding="unicode")
    svg = re.sub(r"^<\?xml[^>]*>\s*", "", svg)
    # The library sizes the image in mm; let the stylesheet size it instead.
    svg = re.sub(r'\swidth="[^"]*"\s+height="[^"]*"', "", svg, count=1)
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" class="qr" ', 1)
    # The library names its path id="qr-path": a page of several codes would repeat the id.
    svg = svg.replace(' id="qr-path"', "", 1)
    return mark_safe(svg)
