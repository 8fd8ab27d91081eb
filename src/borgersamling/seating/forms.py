"""The secretariat's seating forms: generate, read a file, move, role, absence, and the
members' willingness and theme wishes."""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from borgersamling.accounts.models import Participant
from borgersamling.assemblies.models import ThemeTable
from borgersamling.recruitment.uploads import within_size
from borgersamling.seating.models import MixingMode, SeatingPreference, SeatRole
from borgersamling.seating.preferences import Wishes

MAX_SEED = 10**9


def random_seed() -> int:
    return secrets.randbelow(MAX_SEED)


class GenerateForm(forms.Form):
    seed = forms.IntegerField(
        label=_("Seed"),
        min_value=0,
        max_value=MAX_SEED,
        help_text=_("Any whole number. The same seed and the same members give the same seating."),
    )
    mixing = forms.ChoiceField(
        label=_("Mixing"),
        choices=MixingMode.choices,
        initial=MixingMode.STRICT,
        help_text=_(
            "Strict: every table mirrors the room's mix of backgrounds as closely as whole "
            "people allow. Balanced: every table within one person of that mix, so fewer "
            "members meet again. Meet new people: fewest repeats, the mix may be looser. The "
            "figures below show what each choice costs."
        ),
    )
    capacity = forms.IntegerField(
        label=_("Most members at a table"),
        min_value=1,
        required=False,
        help_text=_("Leave empty to share the members evenly among the tables."),
    )
    keep_pinned = forms.BooleanField(
        label=_("Keep the members placed by hand at their tables, with their roles"),
        required=False,
        initial=True,
    )
    ahead = forms.BooleanField(
        label=_("Also seat the later sessions now"),
        required=False,
        help_text=_(
            "Seated together, the sessions leave fewer pairs to meet again than one at a time. "
            "The later ones become drafts, replacing theirs; lock each when its day comes."
        ),
    )
    thorough = forms.BooleanField(
        label=_("Search thoroughly"),
        required=False,
        help_text=_(
            "Ten times as long a search: up to about a minute for 36 members over five "
            "sessions, often with a few pairs fewer who meet again. The page shows how far it "
            "is; you can leave it meanwhile."
        ),
    )


class MoveForm(forms.Form):
    """One select for both: ``table:<pk>`` moves the member, ``member:<pk>`` swaps them."""

    member = forms.ModelChoiceField(label=_("Member"), queryset=Participant.objects.none())
    target = forms.CharField(label=_("Move to"), max_length=40)

    def __init__(self, *args: Any, members: Any, tables: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members  # type: ignore[attr-defined]
        self.members = members
        self.tables = tables

    def clean_target(self) -> ThemeTable | Participant:
        value: str = self.cleaned_data["target"]
        kind, _sep, pk = value.partition(":")
        if pk.isdigit():
            if kind == "table":
                table: ThemeTable | None = self.tables.filter(pk=int(pk)).first()
                if table is not None:
                    return table
            elif kind == "member":
                other: Participant | None = self.members.filter(pk=int(pk)).first()
                if other is not None:
                    return other
        raise forms.ValidationError(_("Choose a table to move to, or a member to swap with."))


class RoleForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Member"), queryset=Participant.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=SeatRole.choices, required=False)

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members  # type: ignore[attr-defined]


class AbsenceForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Member"), queryset=Participant.objects.none())
    absent = forms.TypedChoiceField(
        label=_("Absent"),
        choices=(("1", _("Absent")), ("0", _("Comes after all"))),
        coerce=lambda value: value == "1",
        initial="1",
    )

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members  # type: ignore[attr-defined]


class ApartForm(forms.Form):
    first = forms.ModelChoiceField(label=_("Member"), queryset=Participant.objects.none())
    second = forms.ModelChoiceField(
        label=_("Not at the same table as"), queryset=Participant.objects.none()
    )

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("first", "second"):
            self.fields[name].queryset = members  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("first") is not None and data.get("first") == data.get("second"):
            self.add_error("second", _("Choose two different members."))
        return data


class PreferenceForm(forms.Form):
    """One member's row on the preferences page (the form's prefix is the member's pk)."""

    willing_host = forms.BooleanField(label=_("Willing to host"), required=False)
    willing_scribe = forms.BooleanField(label=_("Willing to scribe"), required=False)
    first = forms.TypedChoiceField(
        label=_("First wish"), required=False, coerce=int, empty_value=None
    )
    second = forms.TypedChoiceField(
        label=_("Second wish"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, tables: list[ThemeTable], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("No wish")), *((t.number, f"{t.number}. {t.theme}") for t in tables)]
        for name in ("first", "second"):
            self.fields[name].choices = choices  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(preference: SeatingPreference | None) -> dict[str, Any]:
        if preference is None:
            return {}
        wishes = preference.theme_numbers()
        return {
            "willing_host": preference.willing_host,
            "willing_scribe": preference.willing_scribe,
            "first": wishes[0] if wishes else None,
            "second": wishes[1] if len(wishes) > 1 else None,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("first"), data.get("second")
        if second is not None and second == first:
            self.add_error("second", _("The second wish must be another table."))
        if second is not None and first is None:
            self.add_error("first", _("Give a first wish before a second."))
        return data

    def themes(self) -> list[int]:
        return [n for n in (self.cleaned_data.get("first"), self.cleaned_data.get("second")) if n]

    def wishes(self) -> Wishes:
        """The valid form's answers."""
        return Wishes(
            willing_host=self.cleaned_data["willing_host"],
            willing_scribe=self.cleaned_data["willing_scribe"],
            themes=self.themes(),
        )


class SeatingFileForm(forms.Form):
    file = forms.FileField(
        label=_("Seating file (CSV or XLSX)"),
        help_text=_(
            "A row per member: table (its number or theme) and member_id (as in the template) "
            "or name; role (host or scribe) and session may be given too. Rows of other "
            "sessions are left out, so the export of every session can be read as it is."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx,.xlsm,text/csv"}),
    )

    def clean_file(self) -> Any:
        return within_size(self.cleaned_data["file"])
