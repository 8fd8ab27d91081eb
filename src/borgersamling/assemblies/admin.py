"""Back office for the secretariat: every part of the process is editable from the assembly."""

from __future__ import annotations

from django.contrib import admin

from borgersamling.assemblies.models import (
    Assembly,
    Challenge,
    Helper,
    ProgramItem,
    Purpose,
    Session,
    Strength,
    ThemeTable,
    Value,
    WelfareTrend,
    WorkingQuestion,
)


class WorkingQuestionInline(admin.TabularInline[WorkingQuestion, Assembly]):
    model = WorkingQuestion
    extra = 0


class ThemeTableInline(admin.TabularInline[ThemeTable, Assembly]):
    model = ThemeTable
    extra = 0


class StrengthInline(admin.StackedInline[Strength, Assembly]):
    model = Strength
    extra = 0


class ChallengeInline(admin.StackedInline[Challenge, Assembly]):
    model = Challenge
    extra = 0


class ValueInline(admin.TabularInline[Value, Assembly]):
    model = Value
    extra = 0


class WelfareTrendInline(admin.StackedInline[WelfareTrend, Assembly]):
    model = WelfareTrend
    extra = 0


class HelperInline(admin.StackedInline[Helper, Assembly]):
    model = Helper
    extra = 0


@admin.register(Assembly)
class AssemblyAdmin(admin.ModelAdmin[Assembly]):
    list_display = ("name", "municipality", "status", "handover_date")
    list_filter = ("status",)
    prepopulated_fields = {"slug": ("name",)}  # noqa: RUF012
    inlines = (
        WorkingQuestionInline,
        ThemeTableInline,
        StrengthInline,
        ChallengeInline,
        ValueInline,
        WelfareTrendInline,
        HelperInline,
    )


class PurposeInline(admin.TabularInline[Purpose, Session]):
    model = Purpose
    extra = 0


class ProgramItemInline(admin.TabularInline[ProgramItem, Session]):
    model = ProgramItem
    extra = 0
    fields = (
        "program",
        "order",
        "start",
        "end",
        "title",
        "led_by",
        "for_members",
        "for_guests",
        "for_politicians",
    )


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin[Session]):
    list_display = ("number", "title", "date", "format", "is_open_session", "assembly")
    list_display_links = ("number", "title")
    list_filter = ("assembly", "is_open_session")
    inlines = (PurposeInline, ProgramItemInline)


@admin.register(ProgramItem)
class ProgramItemAdmin(admin.ModelAdmin[ProgramItem]):
    list_display = ("session", "program", "start", "end", "title", "led_by")
    list_filter = ("session__assembly", "session", "program")
    search_fields = ("title", "description")
