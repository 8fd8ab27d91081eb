"""The report's sections: their keys, headings, and which ones the secretariat may hide.

The cover and the table of contents always come first and are not sections here. The
council's task and the recommendations cannot be hidden: a report without them is not the
assembly's report (and every recommendation must appear in it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class SectionKind:
    key: str
    title: str | Promise
    optional: bool


SECTIONS: tuple[SectionKind, ...] = (
    SectionKind("preface", _("Preface"), True),
    SectionKind("task", _("The council's task"), False),
    SectionKind("process", _("The process"), True),
    SectionKind("members", _("The members and how they were drawn"), True),
    SectionKind("values", _("Values and vision"), True),
    SectionKind("recommendations", _("The recommendations"), False),
    SectionKind("guest_input", _("The guests' input"), True),
    SectionKind("experts", _("Experts and materials"), True),
    SectionKind("thanks", _("Thanks"), True),
    SectionKind("appendix", _("Appendix: the members' evaluation"), True),
)
BY_KEY = {section.key: section for section in SECTIONS}
DEFAULT_ORDER = tuple(section.key for section in SECTIONS)


def normalised_order(stored: Sequence[str]) -> list[str]:
    """The stored order without unknown keys or repeats, with sections added since the order
    was saved appended in their default place at the end."""
    order: list[str] = []
    for key in stored:
        if key in BY_KEY and key not in order:
            order.append(key)
    order.extend(key for key in DEFAULT_ORDER if key not in order)
    return order


def visible(order: Sequence[str], hidden: Sequence[str]) -> list[str]:
    """The sections the report shows, in order; required sections are never hidden."""
    return [key for key in order if key not in hidden or not BY_KEY[key].optional]
