from __future__ import annotations

from django.contrib import admin

from borgersamling.recruitment import models


class FeatureValueInline(admin.TabularInline[models.FeatureValue, models.Feature]):
    model = models.FeatureValue
    extra = 0


@admin.register(models.Feature)
class FeatureAdmin(admin.ModelAdmin[models.Feature]):
    list_display = ("label", "key", "recruitment", "order")
    inlines = (FeatureValueInline,)


@admin.register(models.Recruitment)
class RecruitmentAdmin(admin.ModelAdmin[models.Recruitment]):
    list_display = ("assembly", "signup_opens_at", "signup_closes_at", "retention_days")


@admin.register(models.LotteryRun)
class LotteryRunAdmin(admin.ModelAdmin[models.LotteryRun]):
    list_display = ("recruitment", "status", "created_at", "seed", "panel_number")
    readonly_fields = ("pool_sha256", "quotas_sha256", "seed", "panel_number", "drawn_at")


@admin.register(models.Replacement)
class ReplacementAdmin(admin.ModelAdmin[models.Replacement]):
    list_display = ("recruitment", "leaving", "joining", "reason", "created_at")


@admin.register(models.PersonalDataAccess)
class PersonalDataAccessAdmin(admin.ModelAdmin[models.PersonalDataAccess]):
    list_display = ("at", "recruitment", "user", "action", "signup_number", "people")
    list_filter = ("action",)

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False  # the log is append-only
