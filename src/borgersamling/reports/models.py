"""The recommendations report: its editable texts and section order, the members' minority
statements, and the frozen versions published at the handover.

Everything else in the report comes from the platform's data when it is built
(``reports.content``). A ``ReportVersion`` is a frozen publication: the content snapshot, the
HTML and the PDF exactly as published, and the SHA-256 of the snapshot that the public page
shows. A frozen version is never changed or deleted; editing after the handover leads to a
new version on the next freeze.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from borgersamling.assemblies.models import Assembly
from borgersamling.deliberation.models import InputCard, Recommendation
from borgersamling.reports.sections import DEFAULT_ORDER


def _default_order() -> list[str]:
    return list(DEFAULT_ORDER)


class Report(models.Model):
    """The secretariat's texts and choices for an assembly's report (one per assembly)."""

    assembly = models.OneToOneField(
        Assembly, on_delete=models.CASCADE, related_name="report", verbose_name=_("assembly")
    )
    preface = models.TextField(_("preface"), blank=True)
    process_intro = models.TextField(_("introduction to the process"), blank=True)
    session_texts: models.JSONField[Any] = models.JSONField(
        _("what happened at each session"),
        default=dict,
        blank=True,
        help_text=_("Session number → a short description; optional per session."),
    )
    members_intro = models.TextField(_("introduction to the members"), blank=True)
    values_intro = models.TextField(_("introduction to values and vision"), blank=True)
    recommendations_intro = models.TextField(_("introduction to the recommendations"), blank=True)
    guest_input_intro = models.TextField(_("introduction to the guests' input"), blank=True)
    experts_intro = models.TextField(_("introduction to experts and materials"), blank=True)
    thanks = models.TextField(_("thanks"), blank=True)
    section_order: models.JSONField[Any] = models.JSONField(
        _("order of the sections"), default=_default_order, blank=True
    )
    hidden_sections: models.JSONField[Any] = models.JSONField(
        _("hidden sections"), default=list, blank=True
    )
    quotes = models.ManyToManyField(
        InputCard,
        blank=True,
        related_name="+",
        verbose_name=_("quoted guest input"),
        help_text=_("A few examples of the guests' input to quote in the report."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self) -> str:
        return str(self.assembly)


class MinorityStatement(models.Model):
    """A minority's view on one recommendation, printed with it in the report."""

    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.CASCADE,
        related_name="minority_statements",
        verbose_name=_("recommendation"),
    )
    text = models.TextField(_("text"), max_length=4000)
    supported_by = models.PositiveIntegerField(
        _("supported by (members)"),
        null=True,
        blank=True,
        help_text=_("How many members stand behind the statement; optional."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("minority statement")
        verbose_name_plural = _("minority statements")
        ordering = ("recommendation", "order", "pk")

    def __str__(self) -> str:
        return self.text[:60]


class FrozenVersionError(Exception):
    """Raised on any attempt to change or delete a frozen report version."""


class FrozenQuerySet(models.QuerySet["ReportVersion"]):
    """Bulk writes would bypass ``save()``; refuse them too. (Deleting the whole assembly
    still removes its versions: Django's cascade does not go through this queryset.)"""

    def update(self, **kwargs: Any) -> int:
        raise FrozenVersionError("a frozen report version cannot be changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise FrozenVersionError("a frozen report version cannot be deleted")


def canonical_json(content: Any) -> bytes:
    """The one serialisation the published hash is computed over."""
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8")


def content_hash(content: Any) -> str:
    return hashlib.sha256(canonical_json(content)).hexdigest()


class ReportVersion(models.Model):
    """One frozen publication of the report. Immutable once stored."""

    assembly = models.ForeignKey(
        Assembly,
        on_delete=models.CASCADE,
        related_name="report_versions",
        verbose_name=_("assembly"),
    )
    number = models.PositiveIntegerField(_("version"))
    frozen_at = models.DateTimeField(_("frozen"))
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("frozen by"),
    )
    note = models.CharField(_("what changed"), max_length=500, blank=True)
    content: models.JSONField[Any] = models.JSONField(_("content"))
    html = models.TextField(_("HTML"))
    sha256 = models.CharField(_("SHA-256 of the content"), max_length=64)
    pdf = models.BinaryField(_("PDF"))
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64)

    objects: ClassVar[models.Manager[ReportVersion]] = FrozenQuerySet.as_manager()

    class Meta:
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")
        ordering = ("assembly", "-number")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["assembly", "number"], name="reports_version_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assembly} v{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise FrozenVersionError("a frozen report version cannot be changed")
        if self.sha256 != content_hash(self.content):
            raise FrozenVersionError("the stored hash does not match the content")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise FrozenVersionError("a frozen report version cannot be deleted")

    def recomputed_hash(self) -> str:
        return content_hash(self.content)

    @property
    def pdf_bytes(self) -> bytes:
        return bytes(self.pdf)
