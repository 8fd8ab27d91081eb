"""What a browser would send for a page's form as it was shown: every named input, checked
box and selected option, for tests that post a page back with a few changes."""

from __future__ import annotations

from html.parser import HTMLParser


class _FormState(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, str] = {}
        self.select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        name = found.get("name")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            if found.get("type") == "checkbox":
                if "checked" in found:
                    self.data[name] = "on"
            else:
                self.data[name] = found.get("value") or ""
        elif tag == "select" and name:
            self.select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self.select and "selected" in found:
            self.data[self.select] = found.get("value") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self.select = None


def form_as_shown(html: str) -> dict[str, str]:
    state = _FormState()
    state.feed(html)
    return state.data
