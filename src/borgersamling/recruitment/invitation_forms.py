"""Forms for the population extract, drawing invitations and the letter's text."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from borgersamling.recruitment.invitation_sample import Method
from borgersamling.recruitment.invitations import default_letter_text
from borgersamling.recruitment.models import InvitationBatch, Recruitment
from borgersamling.recruitment.uploads import within_size

# Criteria that name an area, offered first for stratifying.
AREA_KEYS = {"bopæl", "område", "omraade", "area", "district"}


class PopulationForm(forms.Form):
    file = forms.FileField(
        label=_("Population extract (CSV or XLSX)"),
        help_text=_(
            "One row per resident. Columns: id (or person, nr), name (navn), address "
            "(adresse), and optionally postcode (postnr) and city (by), plus a column for each "
            "criterion the register holds, named by its column name. A new file replaces the "
            "previous extract."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.xlsm,text/csv"}),
    )

    def clean_file(self) -> Any:
        return within_size(self.cleaned_data["file"])


class BatchForm(forms.Form):
    method = forms.ChoiceField(
        label=_("Who is invited"),
        choices=InvitationBatch.Method.choices,
        initial=Method.EVERYONE.value,
        widget=forms.RadioSelect,
    )
    size = forms.IntegerField(
        label=_("Number of letters"),
        min_value=1,
        required=False,
        help_text=_("For a random sample: how many letters to send."),
    )
    stratify_by = forms.ChoiceField(
        label=_("Stratify by"),
        required=False,
        help_text=_(
            "For a stratified sample: each area gets letters in proportion to its households."
        ),
    )
    one_per_household = forms.BooleanField(
        label=_("One letter per household"),
        required=False,
        initial=True,
        help_text=_("One adult of each drawn household is picked at random to get the letter."),
    )
    seed = forms.CharField(
        label=_("Random seed"),
        required=False,
        max_length=100,
        help_text=_("Leave empty for a random one. The same seed and extract give the same draw."),
    )

    def __init__(self, *args: Any, recruitment: Recruitment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["stratify_by"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—")] + [
            (feature.key, feature.label) for feature in recruitment.features.all()
        ]
        areas = [key for key, _label in field.choices if key in AREA_KEYS]
        if areas:
            field.initial = areas[0]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        method = cleaned.get("method")
        if method in {Method.SAMPLE, Method.STRATIFIED} and not cleaned.get("size"):
            self.add_error("size", _("Give the number of letters for a sample."))
        if method == Method.STRATIFIED and not cleaned.get("stratify_by"):
            self.add_error("stratify_by", _("Choose the criterion to stratify by."))
        return cleaned


class LetterForm(forms.ModelForm[Recruitment]):
    class Meta:
        model = Recruitment
        fields: ClassVar = ["letter_sender", "letter_text"]
        widgets: ClassVar = {"letter_text": forms.Textarea(attrs={"rows": 18})}
        help_texts: ClassVar = {
            "letter_sender": _(
                "Shown at the top of the letter and under it, e.g. the municipality."
            ),
            "letter_text": _(
                "The body of the letter, in Danish; a blank line starts a new paragraph. The "
                "greeting, the personal code, the link and the QR code are added around it."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.letter_text.strip():
            self.initial["letter_text"] = default_letter_text(self.instance)
