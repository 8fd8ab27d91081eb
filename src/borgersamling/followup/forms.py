"""The secretariat's form for a council response, and the public page's filter."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from borgersamling.assemblies.models import ThemeTable
from borgersamling.followup import services
from borgersamling.followup.models import CouncilResponse
from borgersamling.followup.statuses import status_choices


class ResponseForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Choose a status")), *CouncilResponse.Status.choices],
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Required when the recommendation is adopted in part or not adopted."),
    )
    committee = forms.CharField(
        label=_("Committee responsible"),
        max_length=200,
        help_text=_("For example Social- og Sundhedsudvalget, or Kommunalbestyrelsen."),
        widget=forms.TextInput(attrs={"list": "committees", "autocomplete": "off"}),
    )
    decided_on = forms.DateField(
        label=_("Date of the decision or meeting"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_(
            "A decision cannot be dated in the future; a recommendation under consideration "
            "may carry the date of the meeting that will treat it."
        ),
    )
    minutes_url = forms.URLField(
        label=_("Link to the minutes"),
        required=False,
        max_length=500,
        assume_scheme="https",
    )
    corrects_current = forms.BooleanField(
        label=_("This entry corrects the current one"),
        required=False,
        help_text=_(
            "Tick this to correct a mistake in the current entry (a wrong date, status or "
            "committee) rather than record a new decision. The current entry stays visible, "
            "marked as corrected."
        ),
    )
    # The number of the latest entry the form was shown with, to catch a colleague's entry
    # recorded in between.
    seen = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, today: datetime.date, has_current: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.today = today
        if not has_current:
            # Nothing to correct yet.
            del self.fields["corrects_current"]

    def clean_minutes_url(self) -> str:
        url: str = self.cleaned_data.get("minutes_url") or ""
        # The form field accepts ftp:// too; the public page only links to web pages.
        if url and not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError(_("Enter a web address starting with https://."))
        return url

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        status = data.get("status")
        if status in services.NEEDS_REASONS and not (data.get("reasons") or "").strip():
            self.add_error(
                "reasons",
                _("Give the council's reasons when a recommendation is not adopted in full."),
            )
        decided_on = data.get("decided_on")
        if (
            status
            and decided_on is not None
            and services.date_is_in_the_future(status, decided_on, self.today)
        ):
            self.add_error(
                "decided_on",
                _("The date is in the future. Record a decision once it has been taken."),
            )
        return data


class FilterForm(forms.Form):
    """The public page's filter; an unknown value shows everything rather than an error."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    theme = forms.TypedChoiceField(label=_("Theme"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, theme_tables: Sequence[ThemeTable], **kwargs: Any):
        super().__init__(*args, **kwargs)
        status_field = self.fields["status"]
        assert isinstance(status_field, forms.ChoiceField)
        status_field.choices = [("", _("All statuses")), *status_choices()]
        theme_field = self.fields["theme"]
        assert isinstance(theme_field, forms.ChoiceField)
        theme_field.choices = [
            ("", _("All themes")),
            *((str(table.number), str(table)) for table in theme_tables),
        ]

    def chosen(self) -> tuple[str, int | None]:
        """The status and theme-table number asked for ("" and None for all); a value that
        is not valid (an old link, a typo) is ignored on its own."""
        if not self.is_bound:
            return "", None
        self.is_valid()
        return self.cleaned_data.get("status") or "", self.cleaned_data.get("theme")
