"""Forms for the draft's edit page, the scribe's screen and the dialogue notes."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from borgersamling.deliberation.drafts import DraftContent, RecommendationContent
from borgersamling.deliberation.models import (
    DialogueNote,
    Draft,
    InputCard,
    Recommendation,
    Section,
)


class DraftForm(forms.Form):
    """The three text sections, and the version the editor started from."""

    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    future = forms.CharField(
        label=Section.FUTURE.label, required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    priorities = forms.CharField(
        label=Section.PRIORITIES.label, required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    questions = forms.CharField(
        label=Section.QUESTIONS.label, required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    note = forms.CharField(
        label=_("What did you change? (optional)"), required=False, max_length=300
    )


class RecommendationForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Title"), required=False, max_length=300)
    text = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("text", "").strip() and not data.get("title", "").strip():
            self.add_error("title", _("Give the recommendation a title."))
        return data


class BaseRecommendationFormSet(forms.BaseFormSet[RecommendationForm]):
    def add_fields(self, form: RecommendationForm, index: int | None) -> None:
        super().add_fields(form, index)
        form.fields["ORDER"].label = _("Position")
        form.fields["DELETE"].label = _("Remove this recommendation")


RecommendationFormSet = formset_factory(
    RecommendationForm,
    formset=BaseRecommendationFormSet,
    extra=1,
    can_order=True,
    can_delete=True,
    max_num=50,
    validate_max=True,
)


def initial_for(content: DraftContent, base_version: int) -> tuple[dict[str, Any], list[Any]]:
    """Initial data for the draft form and the recommendations formset."""
    draft_initial = {
        "base_version": base_version,
        "future": content.future,
        "priorities": content.priorities,
        "questions": content.questions,
    }
    recommendations = [
        {"id": item.id, "title": item.title, "text": item.text, "ORDER": position}
        for position, item in enumerate(content.recommendations, 1)
    ]
    return draft_initial, recommendations


def content_from(form: DraftForm, formset: Any) -> DraftContent:
    """The editor's text from two valid forms, recommendations in the order they chose."""
    recommendations = []
    for item in formset.ordered_forms:
        data = item.cleaned_data
        if not data.get("title", "").strip() and not data.get("text", "").strip():
            continue
        recommendations.append(
            RecommendationContent(title=data["title"], text=data["text"], id=data.get("id"))
        )
    return DraftContent(
        future=form.cleaned_data["future"],
        priorities=form.cleaned_data["priorities"],
        questions=form.cleaned_data["questions"],
        recommendations=tuple(recommendations),
    )


class RecommendationChoiceField(forms.ModelChoiceField[Recommendation]):
    def label_from_instance(self, obj: Recommendation) -> str:
        return str(obj)


class ScribeForm(forms.Form):
    """A guest's spoken input, typed by the table's scribe."""

    text = forms.CharField(
        label=_("What the guest said"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6, "autofocus": True}),
    )
    section = forms.ChoiceField(label=_("Section"), choices=Section.choices)
    recommendation = RecommendationChoiceField(
        label=_("Recommendation (optional)"),
        queryset=Recommendation.objects.none(),
        required=False,
        empty_label=_("The section as a whole"),
    )
    tag = forms.ChoiceField(
        label=_("Tag"),
        choices=InputCard.Tag.choices,
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, draft: Draft, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["recommendation"]
        assert isinstance(field, RecommendationChoiceField)
        field.queryset = draft.recommendations.filter(removed_in__isnull=True).select_related(
            "draft__theme_table"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("recommendation") is not None:
            # Input on a recommendation lands under section 3, where the recommendation is.
            data["section"] = Section.RECOMMENDATIONS
        return data


class DialogueNoteForm(forms.ModelForm[DialogueNote]):
    class Meta:
        model = DialogueNote
        fields = ("kind", "politician", "text")
        widgets: ClassVar = {"text": forms.Textarea(attrs={"rows": 4})}
        help_texts: ClassVar = {"politician": _("Optional: the politician's name.")}
