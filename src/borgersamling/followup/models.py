"""The council's answers to the assembly's recommendations.

A ``CouncilResponse`` is one entry in a recommendation's public record: what the council (or
one of its committees) decided, why, and when. Entries are never edited: a new decision is a
new entry, and so is a correction, which names the entry it corrects. The latest entry is
the recommendation's current status; a recommendation without entries is awaiting an answer.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from borgersamling.deliberation.models import Recommendation


class ResponseIsFinal(Exception):
    """An entry was about to be changed in place; record a new one instead."""


class CouncilResponse(models.Model):
    class Status(models.TextChoices):
        ADOPTED = "adopted", _("Adopted")
        ADOPTED_IN_PART = "adopted_in_part", _("Adopted in part")
        UNDER_CONSIDERATION = "under_consideration", _("Under consideration")
        NOT_ADOPTED = "not_adopted", _("Not adopted")

    # The recommendation's identity, not its words: responses stay attached when the
    # recommendation's text is revised. Recommendations are never deleted in normal use
    # (a removed one is marked ``removed_in``), so CASCADE only matters when a whole assembly
    # is deleted.
    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.CASCADE,
        related_name="council_responses",
        verbose_name=_("recommendation"),
    )
    number = models.PositiveIntegerField(
        _("entry"), help_text=_("1 for the first entry on the recommendation, then 2, 3 ...")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    reasons = models.TextField(_("reasons"), max_length=4000, blank=True)
    committee = models.CharField(
        _("committee responsible"),
        max_length=200,
        help_text=_("For example Social- og Sundhedsudvalget, or the municipal council itself."),
    )
    decided_on = models.DateField(_("date of the decision or meeting"))
    minutes_url = models.URLField(
        _("link to the minutes"),
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
    )
    # RESTRICT: an entry that a correction names cannot be deleted on its own, but both go
    # when the whole assembly is deleted.
    corrects = models.ForeignKey(
        "self",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects"),
        help_text=_("The earlier entry this one corrects (a mistake, not a new decision)."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("council response")
        verbose_name_plural = _("council responses")
        ordering = ("recommendation", "number")
        constraints: ClassVar = [
            # Two secretaries saving at once cannot both become entry n.
            models.UniqueConstraint(
                fields=["recommendation", "number"], name="followup_response_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.recommendation}: {self.get_status_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The record is public and append-only: a saved entry never changes.
        if not self._state.adding:
            raise ResponseIsFinal("council responses are never edited; record a new entry")
        super().save(*args, **kwargs)
