"""The knowledge library (materialesamling) the members draw on while they deliberate."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Material(models.Model):
    class Kind(models.TextChoices):
        EXPERT_TALK = "talk", _("Expert talk")
        DOCUMENT = "document", _("Document")
        LINK = "link", _("Link")

    assembly = models.ForeignKey(
        "assemblies.Assembly",
        on_delete=models.CASCADE,
        related_name="materials",
        verbose_name=_("assembly"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    speaker = models.CharField(
        _("speaker or author"), max_length=300, blank=True, help_text=_("Name and title.")
    )
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("web address"), blank=True)
    file = models.FileField(_("file"), upload_to="library/", blank=True)
    session = models.ForeignKey(
        "assemblies.Session",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="materials",
        verbose_name=_("session"),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ("assembly", "order", "pk")

    def __str__(self) -> str:
        return self.title


class DataSeries(models.Model):
    """A chart's worth of numbers: one or more lines over the same x values (years)."""

    assembly = models.ForeignKey(
        "assemblies.Assembly",
        on_delete=models.CASCADE,
        related_name="data_series",
        verbose_name=_("assembly"),
    )
    slug = models.SlugField(_("slug"), max_length=100)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    y_label = models.CharField(_("y-axis label"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    is_illustrative = models.BooleanField(
        _("illustrative numbers"),
        default=False,
        help_text=_("The numbers only show the shape; they are not real data."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("data series")
        verbose_name_plural = _("data series")
        ordering = ("assembly", "order", "pk")
        constraints = (
            models.UniqueConstraint(
                fields=["assembly", "slug"], name="library_dataseries_unique_slug"
            ),
        )

    def __str__(self) -> str:
        return self.title


class DataPoint(models.Model):
    series = models.ForeignKey(
        DataSeries, on_delete=models.CASCADE, related_name="points", verbose_name=_("data series")
    )
    line = models.CharField(_("line"), max_length=100, help_text=_("For example an age group."))
    line_order = models.PositiveIntegerField(_("line order"), default=0)
    x = models.IntegerField(_("x (year)"))
    y = models.FloatField(_("y (value)"))

    class Meta:
        verbose_name = _("data point")
        verbose_name_plural = _("data points")
        ordering = ("series", "line_order", "line", "x")
        constraints = (
            models.UniqueConstraint(
                fields=["series", "line", "x"], name="library_datapoint_unique_line_x"
            ),
        )

    def __str__(self) -> str:
        return f"{self.line} {self.x}: {self.y:g}"
