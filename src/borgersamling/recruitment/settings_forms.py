"""The secretariat's recruitment settings: sign-up dates, consent text, retention, tolerance
and the invitation letter."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from borgersamling.recruitment.models import Recruitment

DATETIME_INPUT = "%Y-%m-%dT%H:%M"


def _datetime_widget() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_INPUT)


class RecruitmentSettingsForm(forms.ModelForm[Recruitment]):
    class Meta:
        model = Recruitment
        fields = (
            "signup_opens_at",
            "signup_closes_at",
            "consent_text",
            "retention_days",
            "tolerance",
            "letter_sender",
            "letter_text",
        )
        widgets: ClassVar[dict[str, Any]] = {
            "signup_opens_at": _datetime_widget(),
            "signup_closes_at": _datetime_widget(),
            "consent_text": forms.Textarea(attrs={"rows": 8}),
            "letter_text": forms.Textarea(attrs={"rows": 10}),
        }
        help_texts: ClassVar[dict[str, Any]] = {
            "signup_opens_at": _("Date and time, Danish time. Empty: sign-up is closed."),
            "signup_closes_at": _("Empty: sign-up stays open until you close it."),
        }

    def clean_consent_text(self) -> str:
        text = str(self.cleaned_data["consent_text"]).strip()
        if not text:
            raise forms.ValidationError(
                _("Write the consent text: purpose, who sees the data and when it is deleted.")
            )
        return text

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        opens = cleaned.get("signup_opens_at")
        closes = cleaned.get("signup_closes_at")
        if closes is not None and opens is None and "signup_opens_at" not in self.errors:
            self.add_error(
                "signup_opens_at", _("Set when sign-up opens too, or empty the closing date.")
            )
        if opens is not None and closes is not None and closes <= opens:
            self.add_error("signup_closes_at", _("Sign-up must close after it opens."))
        return cleaned
