from __future__ import annotations

from django.contrib import admin

from borgersamling.accounts.models import LoginToken, Participant


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin[Participant]):
    list_display = ("name", "role", "assembly", "is_active")
    list_filter = ("assembly", "role", "is_active")
    search_fields = ("name", "email")
    raw_id_fields = ("user",)


@admin.register(LoginToken)
class LoginTokenAdmin(admin.ModelAdmin[LoginToken]):
    # Hashes only: a token cannot be read back, only issued anew (services.issue_login).
    list_display = ("participant", "kind", "created_at", "expires_at", "used_at")
    list_filter = ("kind",)
    readonly_fields = ("participant", "kind", "created_at", "expires_at", "used_at", "issued_by")
    exclude = ("token_hash",)

    def has_add_permission(self, request: object) -> bool:
        return False
