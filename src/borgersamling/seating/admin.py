"""Back office: until the seating engine arrives, the secretariat seats members here."""

from __future__ import annotations

from django.contrib import admin

from borgersamling.seating.models import SeatAssignment


@admin.register(SeatAssignment)
class SeatAssignmentAdmin(admin.ModelAdmin[SeatAssignment]):
    list_display = ("participant", "session", "theme_table")
    list_filter = ("session__assembly", "session", "theme_table")
    search_fields = ("participant__name",)
    list_select_related = ("participant", "session", "theme_table")
