"""Forms of the pool: the list's filters, one sign-up's details, and a pool import."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from borgersamling.assemblies.models import Session
from borgersamling.recruitment.models import Feature, Recruitment, SignUp


def feature_field_name(feature: Feature) -> str:
    return f"feature_{feature.pk}"


class PoolFilterForm(forms.Form):
    """The list's filters, read from the query string; every one is optional."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        help_text=_("Name, e-mail or number."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    duplicates = forms.BooleanField(label=_("Possible duplicates to check only"), required=False)

    def __init__(self, *args: Any, features: list[Feature], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.features = features
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)
        status.choices = [("", _("All")), *SignUp.Status.choices]
        for feature in features:
            self.fields[feature_field_name(feature)] = forms.ChoiceField(
                label=feature.label,
                required=False,
                choices=[("", _("All")), *((v.value, v.display) for v in feature.values.all())],
            )

    def feature_filters(self) -> dict[str, str]:
        """Feature key -> the value asked for (after ``is_valid``)."""
        return {
            feature.key: self.cleaned_data[feature_field_name(feature)]
            for feature in self.features
            if self.cleaned_data.get(feature_field_name(feature))
        }


class SignUpForm(forms.ModelForm[SignUp]):
    """A sign-up's details as the secretariat corrects them; the answers to the criteria
    are chosen from the criteria's values, so they always match the targets."""

    class Meta:
        model = SignUp
        fields = (
            "name",
            "email",
            "phone",
            "address",
            "postcode",
            "birth_year",
            "available_sessions",
            "access_needs",
            "dietary_needs",
            "notes",
        )
        widgets: ClassVar[dict[str, Any]] = {
            "available_sessions": forms.CheckboxSelectMultiple,
            "access_needs": forms.Textarea(attrs={"rows": 2}),
            "dietary_needs": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(
        self, *args: Any, recruitment: Recruitment, features: list[Feature], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.recruitment = recruitment
        self.features = features
        self.fields["name"].required = True
        sessions = self.fields["available_sessions"]
        assert isinstance(sessions, forms.ModelMultipleChoiceField)
        sessions.queryset = Session.objects.filter(assembly=recruitment.assembly)
        self.feature_fields = []
        for feature in features:
            name = feature_field_name(feature)
            self.fields[name] = forms.ChoiceField(
                label=feature.label,
                help_text=feature.question,
                choices=[("", "–"), *((v.value, v.display) for v in feature.values.all())],
                initial=self.instance.features.get(feature.key, ""),
            )
            self.feature_fields.append(name)

    def save(self, commit: bool = True) -> SignUp:
        signup = super().save(commit=False)
        signup.features = {
            **signup.features,
            **{f.key: self.cleaned_data[feature_field_name(f)] for f in self.features},
        }
        if commit:
            signup.save()
            self.save_m2m()
        return signup


class NewSignUpForm(SignUpForm):
    """A sign-up taken by phone or on paper: the person must have agreed to the consent
    text, as on the public form."""

    consent = forms.BooleanField(
        label=_("The person has agreed to the consent text shown on this page."),
        required=True,
    )


class PoolImportForm(forms.Form):
    file = forms.FileField(
        label=_("Pool file (CSV or XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx,.xlsm"}),
    )
    id_column = forms.CharField(
        label=_("Id column"),
        initial="id",
        max_length=100,
        help_text=_("The column with each person's id in the file."),
    )
    address_column = forms.CharField(
        label=_("Address or household column"),
        required=False,
        max_length=100,
        help_text=_(
            "People with the same address are one household: at most one of them is drawn. "
            "Empty: a column named adresse, address, husstand or household is used if there "
            "is one."
        ),
    )
