"""Back office for the knowledge library."""

from __future__ import annotations

from django.contrib import admin

from borgersamling.library.models import DataPoint, DataSeries, Material


@admin.register(Material)
class MaterialAdmin(admin.ModelAdmin[Material]):
    list_display = ("title", "kind", "speaker", "session", "assembly")
    list_filter = ("assembly", "kind")
    search_fields = ("title", "speaker", "description")


class DataPointInline(admin.TabularInline[DataPoint, DataSeries]):
    model = DataPoint
    extra = 0


@admin.register(DataSeries)
class DataSeriesAdmin(admin.ModelAdmin[DataSeries]):
    list_display = ("title", "assembly", "is_illustrative")
    list_filter = ("assembly",)
    prepopulated_fields = {"slug": ("title",)}  # noqa: RUF012
    inlines = (DataPointInline,)
