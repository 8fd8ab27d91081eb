"""Forms for criteria and targets: shares are typed in percent (the municipality's
statistics are), stored as fractions 0..1 in ``FeatureValue.population_share``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import get_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from borgersamling.recruitment import engine_inputs
from borgersamling.recruitment.models import Feature, FeatureValue, Recruitment
from borgersamling.sortition.quotas import SHARE_SUM_SLACK

HUNDRED = Decimal(100)
# FeatureValue.population_share keeps six decimals: four of them after the percent's point.
SHARE_PLACES = Decimal("0.000001")
PERCENT_PLACES = Decimal("0.0001")
# Column names the engine's pool file uses itself; a criterion may not take them.
RESERVED_KEYS = {engine_inputs.ID_COLUMN.casefold(), engine_inputs.HOUSEHOLD_COLUMN.casefold()}


def percent_to_share(percent: Decimal | None) -> Decimal | None:
    if percent is None:
        return None
    return (percent / HUNDRED).quantize(SHARE_PLACES)


def share_to_percent(share: Decimal | None) -> Decimal | None:
    if share is None:
        return None
    return (share * HUNDRED).normalize()


class PercentField(forms.DecimalField):
    """A percentage 0..100 that takes a decimal comma or point and an optional '%'."""

    widget = forms.TextInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", Decimal(0))
        kwargs.setdefault("max_value", HUNDRED)
        kwargs.setdefault("max_digits", 7)
        kwargs.setdefault("decimal_places", 4)
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.update({"inputmode": "decimal", "size": "7", "autocomplete": "off"})
        return attrs

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            value = value.replace("%", "").replace(",", ".").replace(" ", "").strip()
        number: Decimal | None = super().to_python(value)
        if number is not None and number.is_finite():
            # More decimals than a share keeps are rounded, not refused: 33.333333 is fine.
            number = number.quantize(PERCENT_PLACES)
        return number

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            text = f"{value.normalize():f}"
            if text.startswith("-") or "E" in text:
                return text
            return text.replace(".", str(get_format("DECIMAL_SEPARATOR")))
        return value


def _share_sum_error(label: str, total_percent: Decimal) -> str:
    return gettext("The shares of %(feature)s add up to %(total)s %%, not 100 %%.") % {
        "feature": label,
        "total": f"{total_percent.normalize():f}",
    }


def shares_off(total: Decimal) -> bool:
    """Outside the engine's accepted slack around 100 % (``sortition.quotas``)."""
    return abs(total - 1) > SHARE_SUM_SLACK


class TargetsForm(forms.Form):
    """Every value's municipality share, and the tolerance, on one page."""

    tolerance = forms.IntegerField(
        label=_("Tolerance (seats)"),
        min_value=0,
        max_value=1000,
        help_text=_("How many seats each group may be above or below its share of the panel."),
    )

    def __init__(
        self, *args: Any, recruitment: Recruitment, values: list[FeatureValue], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.recruitment = recruitment
        self.values = values
        self.fields["tolerance"].initial = recruitment.tolerance
        self.feature_errors: dict[int, list[str]] = {}
        for value in values:
            self.fields[self.share_name(value)] = PercentField(
                label=_("%(feature)s: %(value)s, municipality share (%%)")
                % {"feature": value.feature.label, "value": value.display},
                initial=share_to_percent(value.population_share),
            )

    @staticmethod
    def share_name(value: FeatureValue) -> str:
        return f"share_{value.pk}"

    def shares(self) -> dict[int, Decimal | None]:
        """Value pk -> share 0..1 (after ``is_valid``)."""
        return {
            value.pk: percent_to_share(self.cleaned_data.get(self.share_name(value)))
            for value in self.values
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        by_feature: dict[int, list[FeatureValue]] = {}
        for value in self.values:
            by_feature.setdefault(value.feature_id, []).append(value)
        for group in by_feature.values():
            names = [self.share_name(v) for v in group]
            if any(name in self.errors for name in names):
                continue
            percents = [cleaned.get(name) for name in names]
            if any(p is None for p in percents):
                continue  # not all known yet: the check says what is missing
            total = sum((p for p in percents if p is not None), Decimal(0))
            if shares_off(total / HUNDRED):
                message = _share_sum_error(group[0].feature.label, total)
                self.feature_errors.setdefault(group[0].feature_id, []).append(message)
                self.add_error(None, message)
        return cleaned


class FeatureForm(forms.ModelForm[Feature]):
    class Meta:
        model = Feature
        fields = ("key", "label", "question", "order")

    def __init__(self, *args: Any, recruitment: Recruitment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.recruitment = recruitment
        self.fields["order"].required = False
        self.fields["order"].help_text = _("Empty: after the other criteria.")
        if self.instance.pk is None:
            self.fields["order"].initial = None

    def clean_key(self) -> str:
        key: str = self.cleaned_data["key"].strip()
        if key.casefold() in RESERVED_KEYS:
            raise ValidationError(
                gettext("'%(key)s' is used by the lottery's own files; choose another name.")
                % {"key": key}
            )
        others = Feature.objects.filter(recruitment=self.recruitment).exclude(pk=self.instance.pk)
        # The engine matches column names without regard to case.
        if any(other.key.casefold() == key.casefold() for other in others):
            raise ValidationError(
                gettext("Another criterion already has the column name '%(key)s'.") % {"key": key}
            )
        return key


class FeatureValueForm(forms.ModelForm[FeatureValue]):
    share_percent = PercentField(label=_("Municipality share (%)"))

    class Meta:
        model = FeatureValue
        fields = ("value", "label", "order")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["share_percent"].initial = share_to_percent(self.instance.population_share)
        self.fields["order"].required = False
        if self.instance.pk is None:
            # An empty extra row must stay unchanged, so it is not taken for a new value.
            self.fields["order"].initial = None

    def clean_value(self) -> str:
        value: str = self.cleaned_data["value"].strip()
        return value

    def save(self, commit: bool = True) -> FeatureValue:
        self.instance.population_share = percent_to_share(self.cleaned_data.get("share_percent"))
        if self.cleaned_data.get("order") is None:
            siblings = FeatureValue.objects.filter(feature=self.instance.feature_id)
            last = siblings.exclude(pk=self.instance.pk).order_by("-order").first()
            self.instance.order = last.order + 1 if last is not None else 0
        return super().save(commit)


class BaseFeatureValueFormSet(forms.BaseInlineFormSet):  # type: ignore[type-arg]
    """Values of one criterion: spelled differently (the engine ignores case), and adding
    up to 100 % once every share is known."""

    def __init__(self, *args: Any, usage: dict[str, int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Sign-ups per stored value spelling: a value in use cannot be deleted.
        self.usage = usage or {}
        for form in self.forms:
            # Shown beside the value: how many answers a rename changes or block deleting it.
            form.used = self.usage.get(str(form.initial.get("value", "")), 0)  # type: ignore[attr-defined]

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        seen: dict[str, str] = {}
        percents: list[Decimal | None] = []
        for form in self.forms:
            if not form.has_changed() and form.instance.pk is None:
                continue
            if self.can_delete and form.cleaned_data.get("DELETE"):
                stored = str(form.initial.get("value", ""))
                used = self.usage.get(stored, 0) if form.instance.pk else 0
                if used:
                    raise ValidationError(
                        gettext(
                            "'%(value)s' cannot be deleted: %(count)d sign-up(s) gave it as "
                            "their answer. Correct their answers in the pool first."
                        )
                        % {"value": stored, "count": used}
                    )
                continue
            value = form.cleaned_data.get("value", "")
            if value.casefold() in seen:
                raise ValidationError(
                    gettext("The value '%(value)s' is listed twice.") % {"value": value}
                )
            seen[value.casefold()] = value
            percents.append(form.cleaned_data.get("share_percent"))
        if percents and all(p is not None for p in percents):
            total = sum((p for p in percents if p is not None), Decimal(0))
            if shares_off(total / HUNDRED):
                raise ValidationError(_share_sum_error(self.instance.label, total))


FeatureValueFormSet = forms.inlineformset_factory(
    Feature,
    FeatureValue,
    form=FeatureValueForm,
    formset=BaseFeatureValueFormSet,
    extra=2,
    can_delete=True,
)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx,.xlsm"}),
    )
