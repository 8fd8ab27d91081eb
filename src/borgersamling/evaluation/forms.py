"""Forms: the members' questionnaire, and the secretariat's schedule and questions."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from borgersamling.evaluation.models import Question, Questionnaire
from borgersamling.evaluation.services import Reply
from borgersamling.evaluation.summary import SCALE

# Long enough for a thoughtful paragraph, short enough to keep the CSV readable.
MAX_TEXT = 4000


def field_name(question: Question) -> str:
    return f"question_{question.pk}"


class AnswerForm(forms.Form):
    """One field per question: radio buttons for the scale, a text area for free text."""

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for number, question in enumerate(questions, start=1):
            field: forms.Field
            if question.is_scale:
                field = forms.TypedChoiceField(
                    choices=[(value, label) for value, label in SCALE],
                    coerce=int,
                    widget=forms.RadioSelect,
                    required=question.required,
                    error_messages={
                        "required": _("Choose an answer – “don't know” is an answer too.")
                    },
                )
            else:
                field = forms.CharField(
                    widget=forms.Textarea(attrs={"rows": 4}),
                    max_length=MAX_TEXT,
                    required=question.required,
                    strip=True,
                    error_messages={"required": _("Please write an answer.")},
                )
            field.label = f"{number}. {question.display_text()}"
            self.fields[field_name(question)] = field

    def replies(self) -> dict[int, Reply]:
        """The cleaned answers, by question pk."""
        replies: dict[int, Reply] = {}
        for question in self.questions:
            value = self.cleaned_data.get(field_name(question))
            if question.is_scale:
                replies[question.pk] = Reply(value=value if value not in (None, "") else None)
            else:
                replies[question.pk] = Reply(text=value or "")
        return replies


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class ScheduleForm(forms.ModelForm[Questionnaire]):
    class Meta:
        model = Questionnaire
        fields = ("opens_at", "closes_at", "intro")
        widgets: ClassVar[dict[str, Any]] = {
            "opens_at": DateTimeInput(),
            "closes_at": DateTimeInput(),
            "intro": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        opens_at, closes_at = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error("closes_at", _("The questionnaire must close after it opens."))
        return cleaned


class QuestionForm(forms.ModelForm[Question]):
    class Meta:
        model = Question
        fields = ("order", "kind", "text", "text_en", "required")
        widgets: ClassVar[dict[str, Any]] = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "text_en": forms.Textarea(attrs={"rows": 2}),
            "order": forms.NumberInput(attrs={"min": 0, "class": "narrow"}),
        }


QuestionFormSet = forms.modelformset_factory(Question, form=QuestionForm, extra=1, can_delete=True)
