"""The guests' forms: the table code, a smiley, an input card."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from borgersamling.accounts.forms import code_input
from borgersamling.deliberation.guests import CARD_MAX_LENGTH, TABLE_CODE_LENGTH
from borgersamling.deliberation.models import Reaction


class TableCodeForm(forms.Form):
    code = forms.CharField(
        label=_("The table's code"),
        help_text=_("Six letters and digits, on the card on the table."),
        max_length=20,
        widget=code_input(TABLE_CODE_LENGTH + 2),
    )


class SmileyForm(forms.Form):
    target = forms.CharField(max_length=40)
    smiley = forms.ChoiceField(choices=Reaction.Smiley.choices)


class CardForm(forms.Form):
    target = forms.CharField(max_length=40, widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Your input"),
        max_length=CARD_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": CARD_MAX_LENGTH}),
    )

    def clean_text(self) -> str:
        text = str(self.cleaned_data["text"]).strip()
        if not text:
            raise forms.ValidationError(_("Write something first."))
        return text
