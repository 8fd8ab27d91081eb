"""Back office: seats by hand, and the history of seating runs (who generated what, when,
and why a run failed)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from borgersamling.seating.models import SeatAssignment, SeatingRun


@admin.register(SeatAssignment)
class SeatAssignmentAdmin(admin.ModelAdmin[SeatAssignment]):
    list_display = ("participant", "session", "theme_table")
    list_filter = ("session__assembly", "session", "theme_table")
    search_fields = ("participant__name",)
    list_select_related = ("participant", "session", "theme_table")


@admin.register(SeatingRun)
class SeatingRunAdmin(admin.ModelAdmin[SeatingRun]):
    """Read only: runs are made by the seating page and finished by the worker."""

    list_display = ("session", "status", "mixing", "search", "seed", "created_by", "created_at")
    list_filter = ("status", "session__assembly")
    list_select_related = ("session", "created_by")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: SeatingRun | None = None) -> bool:
        return False
