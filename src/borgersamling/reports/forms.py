"""The secretariat's forms for the report."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from borgersamling.assemblies.models import Assembly
from borgersamling.deliberation.models import InputCard, Recommendation
from borgersamling.reports.content import GUEST_SOURCES
from borgersamling.reports.models import MinorityStatement, Report

TEXTAREA = forms.Textarea(attrs={"rows": 6})
SHORT_TEXTAREA = forms.Textarea(attrs={"rows": 3})


class QuoteChoices(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        card: InputCard = obj
        return f"{card.draft.theme_table.number}. {card.draft.theme_table.theme}: {card.text}"


class ReportTextsForm(forms.ModelForm[Report]):
    """The report's texts, a short text per session, and the guests' input to quote."""

    class Meta:
        model = Report
        fields = (
            "preface",
            "process_intro",
            "members_intro",
            "values_intro",
            "recommendations_intro",
            "guest_input_intro",
            "experts_intro",
            "thanks",
            "quotes",
        )
        widgets: ClassVar[dict[str, Any]] = {
            "preface": TEXTAREA,
            "process_intro": SHORT_TEXTAREA,
            "members_intro": SHORT_TEXTAREA,
            "values_intro": SHORT_TEXTAREA,
            "recommendations_intro": SHORT_TEXTAREA,
            "guest_input_intro": SHORT_TEXTAREA,
            "experts_intro": SHORT_TEXTAREA,
            "thanks": TEXTAREA,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        assembly: Assembly = self.instance.assembly
        self.fields["quotes"] = QuoteChoices(
            queryset=InputCard.objects.filter(
                draft__theme_table__assembly=assembly,
                source__in=GUEST_SOURCES,
                hidden_at__isnull=True,
            )
            .select_related("draft__theme_table")
            .order_by("draft__theme_table__number", "created_at", "pk"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            label=_("Guests' input to quote"),
            help_text=_("Optional: a few examples. Hidden (moderated) input is not offered."),
        )
        texts = self.instance.session_texts or {}
        self.session_fields: list[str] = []
        for session in assembly.sessions.all():
            name = f"session_{session.number}"
            self.fields[name] = forms.CharField(
                label=gettext("What happened at session %(number)s: %(title)s")
                % {"number": session.number, "title": session.title},
                required=False,
                widget=SHORT_TEXTAREA,
                initial=texts.get(str(session.number), ""),
                help_text=_("Optional. The session's purposes and contents are shown anyway."),
            )
            self.session_fields.append(name)

    def save(self, commit: bool = True) -> Report:
        report = super().save(commit=False)
        report.session_texts = {
            name.removeprefix("session_"): self.cleaned_data[name].strip()
            for name in self.session_fields
            if self.cleaned_data[name].strip()
        }
        if commit:
            report.save()
            self.save_m2m()
        return report


class RecommendationChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def __init__(self, *args: Any, titles: dict[int, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.titles = titles

    def label_from_instance(self, obj: Any) -> str:
        return self.titles.get(obj.pk, str(obj))


def current_titles(assembly: Assembly) -> dict[int, str]:
    """Recommendation pk → "1.2 Title" for every recommendation in a current revision."""
    titles: dict[int, str] = {}
    for table in assembly.theme_tables.select_related("draft__current"):
        draft = getattr(table, "draft", None)
        current = draft.current if draft is not None else None
        if current is None:
            continue
        numbers = dict(
            Recommendation.objects.filter(draft=draft, removed_in__isnull=True).values_list(
                "pk", "number"
            )
        )
        for entry in current.recommendations:
            pk = int(entry["id"])
            if pk in numbers:
                titles[pk] = f"{table.number}.{numbers[pk]} {entry.get('title', '')}"
    return titles


class MinorityStatementForm(forms.ModelForm[MinorityStatement]):
    class Meta:
        model = MinorityStatement
        fields = ("recommendation", "text", "supported_by")
        widgets: ClassVar[dict[str, Any]] = {"text": TEXTAREA}

    def __init__(self, *args: Any, assembly: Assembly, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        titles = current_titles(assembly)
        self.fields["recommendation"] = RecommendationChoice(
            # A statement on a recommendation withdrawn since stays editable.
            queryset=Recommendation.objects.filter(
                pk__in={*titles, *([self.instance.recommendation_id] if self.instance.pk else [])}
            ).order_by("draft__theme_table__number", "number"),
            titles=titles,
            label=_("Recommendation"),
            empty_label=None,
        )
        self.fields["supported_by"].widget.attrs["min"] = 1

    def clean_supported_by(self) -> int | None:
        value: int | None = self.cleaned_data.get("supported_by")
        if value == 0:
            raise forms.ValidationError(_("Leave it empty, or give at least one member."))
        return value


class FreezeForm(forms.Form):
    note = forms.CharField(
        label=_("What changed since the last version"),
        required=False,
        max_length=500,
        widget=SHORT_TEXTAREA,
        help_text=_("Shown with the version. Needed from the second version on."),
    )
    confirm = forms.BooleanField(
        label=_("I have read the draft, and it is to be published as it is now."),
        required=True,
    )

    def __init__(self, *args: Any, needs_note: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.needs_note = needs_note

    def clean_note(self) -> str:
        note = str(self.cleaned_data.get("note", "")).strip()
        if self.needs_note and not note:
            raise forms.ValidationError(
                _("Say what changed: a new version replaces a published one in public.")
            )
        return note
