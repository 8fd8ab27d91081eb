"""Writes to the report: the section order, and freezing a version for publication.

Freezing renders first and stores after: the content, its HTML and the PDF are made outside
the transaction (rendering takes seconds, and a write lock should not wait on it), then one
short transaction takes the next number under a row lock and stores the version. If the
rendering fails, nothing is stored; if another freeze got there first, this one is refused
rather than published under a number its PDF does not carry.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from borgersamling.assemblies.models import Assembly
from borgersamling.reports import rendering
from borgersamling.reports.content import build_content, get_report
from borgersamling.reports.models import Report, ReportVersion, content_hash
from borgersamling.reports.sections import BY_KEY, normalised_order


class ReportError(Exception):
    """A refused operation; ``code`` names the reason for the views."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


# --- sections -------------------------------------------------------------------------------


@transaction.atomic
def move_section(report: Report, key: str, direction: str) -> None:
    if key not in BY_KEY or direction not in {"up", "down"}:
        raise ReportError("unknown-section")
    locked = Report.objects.select_for_update().get(pk=report.pk)
    order = normalised_order(locked.section_order)
    index = order.index(key)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(order):
        order[index], order[other] = order[other], order[index]
    locked.section_order = order
    locked.save(update_fields=["section_order", "updated_at"])


@transaction.atomic
def set_hidden(report: Report, key: str, hidden: bool) -> None:
    section = BY_KEY.get(key)
    if section is None:
        raise ReportError("unknown-section")
    if hidden and not section.optional:
        raise ReportError("required-section")
    locked = Report.objects.select_for_update().get(pk=report.pk)
    keys = [k for k in (locked.hidden_sections or []) if k in BY_KEY and k != key]
    if hidden:
        keys.append(key)
    locked.hidden_sections = keys
    locked.save(update_fields=["hidden_sections", "updated_at"])


# --- freezing -------------------------------------------------------------------------------


def latest_version(assembly: Assembly) -> ReportVersion | None:
    return ReportVersion.objects.filter(assembly=assembly).order_by("-number").first()


def next_number(assembly: Assembly) -> int:
    highest = ReportVersion.objects.filter(assembly=assembly).aggregate(top=Max("number"))["top"]
    return int(highest or 0) + 1


def version_meta(
    number: int, previous: ReportVersion | None, note: str, when: datetime.datetime
) -> dict[str, Any]:
    return {
        "number": number,
        "frozen_at": timezone.localtime(when).isoformat(timespec="seconds"),
        "note": note,
        "replaces": None
        if previous is None
        else {
            "number": previous.number,
            "frozen_at": timezone.localtime(previous.frozen_at).isoformat(timespec="seconds"),
            "sha256": previous.sha256,
        },
    }


@dataclass(frozen=True)
class Prepared:
    content: dict[str, Any]
    html: str
    pdf: bytes


def prepare(assembly: Assembly, number: int, note: str, when: datetime.datetime) -> Prepared:
    """The content, HTML and PDF of version ``number``, not stored."""
    previous = latest_version(assembly)
    content = build_content(assembly, get_report(assembly))
    content["version"] = version_meta(number, previous, note, when)
    html = rendering.render_body(content)
    pdf = rendering.pdf_of(content, html)
    return Prepared(content, html, pdf)


def freeze(
    assembly: Assembly, user: AbstractBaseUser | AnonymousUser | None, note: str = ""
) -> ReportVersion:
    """Freeze the report as it is now into the next version and store its PDF."""
    number = next_number(assembly)
    # Whole seconds: the snapshot says when, and the stored time must say the same.
    when = timezone.now().replace(microsecond=0)
    prepared = prepare(assembly, number, note.strip(), when)
    with transaction.atomic():
        # The report's row is the lock two concurrent freezes queue on.
        Report.objects.select_for_update().get(pk=get_report(assembly).pk)
        if next_number(assembly) != number:
            raise ReportError("conflict")
        return ReportVersion.objects.create(
            assembly=assembly,
            number=number,
            frozen_at=when,
            frozen_by=user if isinstance(user, User) else None,
            note=note.strip(),
            content=prepared.content,
            html=prepared.html,
            sha256=content_hash(prepared.content),
            pdf=prepared.pdf,
            pdf_sha256=hashlib.sha256(prepared.pdf).hexdigest(),
        )
