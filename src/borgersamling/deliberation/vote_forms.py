"""Forms for the votes: the secretariat's new vote, and a member's ballot."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from borgersamling.assemblies.models import Assembly, Session
from borgersamling.deliberation import tally as counting
from borgersamling.deliberation.models import Recommendation, Vote
from borgersamling.deliberation.voting import Row, TableChoices

SCALE_LABELS = {
    1: gettext_lazy("1 – no support"),
    2: gettext_lazy("2 – little support"),
    3: gettext_lazy("3 – neither"),
    4: gettext_lazy("4 – much support"),
    5: gettext_lazy("5 – full support"),
}
AGREE_LABELS = {
    1: gettext_lazy("Agree"),
    0: gettext_lazy("Abstain"),
    -1: gettext_lazy("Disagree"),
}


def answer_label(kind: str, value: int) -> str:
    """How a stored answer reads to the member who gave it."""
    if kind == Vote.Kind.SCALE:
        return str(SCALE_LABELS.get(value, value))
    if kind == Vote.Kind.AGREE:
        return str(AGREE_LABELS.get(value, value))
    return _("Priority %(rank)s") % {"rank": value}


class VoteForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    kind = forms.ChoiceField(
        label=gettext_lazy("What members answer"),
        choices=Vote.Kind.choices,
        widget=forms.RadioSelect,
        initial=Vote.Kind.AGREE,
    )
    recommendations = forms.MultipleChoiceField(
        label=gettext_lazy("Recommendations"),
        help_text=gettext_lazy(
            "Each is put to the vote as the table's current revision words it; the result "
            "is stored with that revision."
        ),
        widget=forms.CheckboxSelectMultiple,
    )
    rule = forms.ChoiceField(
        label=gettext_lazy("When is a recommendation carried?"),
        choices=Vote.Rule.choices,
        widget=forms.RadioSelect,
        initial=Vote.Rule.SUPPORT_SHARE,
        help_text=gettext_lazy(
            "Support on the scale is the share who answer 4 or 5; with agree/disagree, "
            "abstentions do not count against. A ranking only orders the recommendations."
        ),
    )
    threshold_percent = forms.IntegerField(
        label=gettext_lazy("Support needed (%)"),
        initial=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=gettext_lazy("For the support-share rule."),
    )
    quorum = forms.IntegerField(
        label=gettext_lazy("Quorum"),
        initial=0,
        validators=[MinValueValidator(0)],
        help_text=gettext_lazy(
            "The fewest ballots for a recommendation to be carried (0: no quorum)."
        ),
    )
    session = forms.ModelChoiceField(
        label=gettext_lazy("Session"), queryset=Session.objects.none(), required=False
    )

    def __init__(
        self, *args: Any, assembly: Assembly, groups: Sequence[TableChoices], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.groups = list(groups)
        self._recommendations = {
            str(choice.recommendation.pk): choice.recommendation
            for group in self.groups
            for choice in group.choices
        }
        field = self.fields["recommendations"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [
            (
                _("Table %(number)s: %(theme)s (revision %(revision)s)")
                % {
                    "number": group.draft.theme_table.number,
                    "theme": group.draft.theme_table.theme,
                    "revision": group.revision.number,
                },
                [(str(choice.recommendation.pk), choice.label) for choice in group.choices],
            )
            for group in self.groups
        ]
        session_field = self.fields["session"]
        assert isinstance(session_field, forms.ModelChoiceField)
        session_field.queryset = assembly.sessions.order_by("number")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = data.get("recommendations") or []
        if data.get("kind") == Vote.Kind.RANKING and 0 < len(chosen) < 2:
            self.add_error("recommendations", _("A ranking needs at least two recommendations."))
        return data

    def chosen_recommendations(self) -> list[Recommendation]:
        return [self._recommendations[pk] for pk in self.cleaned_data["recommendations"]]


ERRORS = {
    "missing": gettext_lazy("Please answer this one."),
    "invalid": gettext_lazy("Choose one of the answers."),
    "duplicate-rank": gettext_lazy(
        "Each priority number can be used once: give every recommendation its own number."
    ),
    "unknown-item": gettext_lazy("This is not part of the vote."),
}


class BallotForm(forms.Form):
    """One field per item, named ``item-<pk>``: radio buttons (scale, agree) or a numbered
    select (ranking, checked to be a permutation of 1..n with the error at each clash)."""

    def __init__(self, *args: Any, vote: Vote, rows: Sequence[Row], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.vote = vote
        self.rows = list(rows)
        n = len(self.rows)
        for row in self.rows:
            label = f"{row.number} {row.title}"
            field: forms.Field
            if vote.kind == Vote.Kind.RANKING:
                field = forms.TypedChoiceField(
                    label=label,
                    coerce=int,
                    choices=[("", _("Choose a priority")), *((r, str(r)) for r in range(1, n + 1))],
                )
            else:
                labels = SCALE_LABELS if vote.kind == Vote.Kind.SCALE else AGREE_LABELS
                field = forms.TypedChoiceField(
                    label=label,
                    coerce=int,
                    choices=list(labels.items()),
                    widget=forms.RadioSelect,
                )
            field.error_messages["required"] = ERRORS["missing"]
            field.error_messages["invalid_choice"] = ERRORS["invalid"]
            self.fields[self.name_for(row.item.pk)] = field

    @staticmethod
    def name_for(item_pk: int) -> str:
        return f"item-{item_pk}"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        answers = {row.item.pk: data.get(self.name_for(row.item.pk)) for row in self.rows}
        if self.errors:
            return data
        problems = counting.answer_errors(self.vote.kind, answers, list(answers))
        for item_pk, code in problems.items():
            self.add_error(self.name_for(item_pk), str(ERRORS.get(code, ERRORS["invalid"])))
        return data

    def answers(self) -> dict[int, int | None]:
        return {row.item.pk: self.cleaned_data.get(self.name_for(row.item.pk)) for row in self.rows}

    def bound_rows(self) -> list[tuple[Row, forms.BoundField]]:
        return [(row, self[self.name_for(row.item.pk)]) for row in self.rows]

    def add_service_errors(self, errors: dict[int, str]) -> None:
        """Errors the service found (it checks again under the vote's lock)."""
        for item_pk, code in errors.items():
            name = self.name_for(item_pk)
            message = str(ERRORS.get(code, ERRORS["invalid"]))
            self.add_error(name if name in self.fields else None, message)
