"""A member's seat at a theme table for one session."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from borgersamling.accounts.models import Participant, Role
from borgersamling.assemblies.models import Session, ThemeTable


class SeatAssignment(models.Model):
    """One member at one theme table in one session. A member has at most one seat per
    session; the session, the member and the table all belong to the same assembly."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="seats", verbose_name=_("session")
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="seats", verbose_name=_("member")
    )
    theme_table = models.ForeignKey(
        ThemeTable, on_delete=models.CASCADE, related_name="seats", verbose_name=_("theme table")
    )

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        ordering = ("session", "theme_table", "participant__name")
        constraints = (
            models.UniqueConstraint(
                fields=["session", "participant"], name="seating_seat_one_per_session"
            ),
        )

    def __str__(self) -> str:
        return f"{self.participant.name} → {self.theme_table} ({self.session})"

    def clean(self) -> None:
        """Checked by the admin's forms (the database cannot see across the three rows)."""
        errors: dict[str, StrOrPromise] = {}
        if self.session_id is None or self.participant_id is None or self.theme_table_id is None:
            return
        assembly_id = self.session.assembly_id
        if self.participant.assembly_id != assembly_id:
            errors["participant"] = _("This person is not in the session's assembly.")
        elif self.participant.role != Role.MEMBER:
            errors["participant"] = _("Only members are seated at the theme tables.")
        if self.theme_table.assembly_id != assembly_id:
            errors["theme_table"] = _("This table belongs to another assembly.")
        if errors:
            raise ValidationError(errors)
