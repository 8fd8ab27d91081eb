"""Forms of the lottery: start a run, and enter the public seed at the ceremony."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from borgersamling.recruitment import lottery_runs
from borgersamling.sortition.selection import DEFAULT_LOTTERY_SIZE

ALGORITHM_CHOICES = [
    ("leximin", _("LEXIMIN: the fairest chances for everyone (recommended)")),
    ("legacy", _("Legacy: panels drawn one by one, as older tools do")),
]


class StartRunForm(forms.Form):
    algorithm = forms.ChoiceField(
        label=_("Algorithm"), choices=ALGORITHM_CHOICES, initial="leximin"
    )
    lottery_size = forms.IntegerField(
        label=_("Panels in the lottery table"),
        min_value=1,
        max_value=lottery_runs.MAX_LOTTERY_SIZE,
        initial=DEFAULT_LOTTERY_SIZE,
        help_text=_(
            "The public seed picks one of these panels. 1000 keeps everyone's chance within a "
            "fraction of a percent of the fair one."
        ),
    )


class SeedForm(forms.Form):
    seed = forms.CharField(
        label=_("Public seed"),
        max_length=60,
        help_text=_(
            "The digits drawn in public, e.g. with dice. Spaces and dashes are ignored; at most "
            "18 digits."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_seed(self) -> str:
        text: str = self.cleaned_data["seed"]
        try:
            lottery_runs.parse_seed(text)
        except lottery_runs.LotteryRefused as refusal:
            raise forms.ValidationError(refusal.text, code="invalid") from refusal
        return text
