"""The engine's messages in the page's language (it speaks Danish and English)."""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import get_language

from borgersamling.sortition.errors import SortitionError


def engine_language() -> str:
    """Danish pages get Danish engine messages; everything else reads English."""
    return "da" if (get_language() or "").startswith("da") else "en"


def error_text(exc: SortitionError) -> str:
    """``exc``'s message for the page. An upload is read from a temporary folder, whose
    path means nothing to the person who uploaded it: name the file alone."""
    params = dict(exc.params)
    if isinstance(params.get("file"), str):
        params["file"] = Path(params["file"]).name
    return type(exc)(exc.code, **params).message(engine_language())
