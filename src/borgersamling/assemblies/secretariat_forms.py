"""Forms the secretariat edits the process with.

Each form checks what the database cannot say in a message a person understands (a program
item that ends before it starts, a second session with the same number) and ties the message
to the field it is about, so a screen reader announces it at the control.
"""

from __future__ import annotations

import datetime
from typing import Any, ClassVar

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from borgersamling.assemblies.models import (
    Assembly,
    Challenge,
    FrameEntry,
    Helper,
    ProgramItem,
    Purpose,
    Session,
    Strength,
    ThemeTable,
    Value,
    WelfareTrend,
    WorkingQuestion,
)
from borgersamling.library import services as library_services
from borgersamling.library.models import DataSeries, Material

# Browsers send "17:30" from a time control; people typing Danish write "17.30".
TIME_INPUT_FORMATS = ["%H:%M", "%H.%M", "%H:%M:%S"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%H:%M")


def _textarea(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def _time_fields(form: forms.ModelForm[Any], *names: str) -> None:
    for name in names:
        field = form.fields[name]
        assert isinstance(field, forms.TimeField)
        field.input_formats = TIME_INPUT_FORMATS


class AssemblyForm(forms.ModelForm[Assembly]):
    class Meta:
        model = Assembly
        fields = (
            "name",
            "municipality",
            "tagline",
            "core_task",
            "commissioning_body",
            "handover_date",
            "status",
            "vision",
            "next_steps",
        )
        widgets: ClassVar[dict[str, Any]] = {
            "handover_date": DateInput(),
            "core_task": _textarea(4),
            "vision": _textarea(5),
            "next_steps": _textarea(5),
        }


class WorkingQuestionForm(forms.ModelForm[WorkingQuestion]):
    class Meta:
        model = WorkingQuestion
        fields = ("text",)
        widgets: ClassVar[dict[str, Any]] = {"text": _textarea(3)}


class SessionForm(forms.ModelForm[Session]):
    class Meta:
        model = Session
        fields = (
            "number",
            "title",
            "date",
            "start",
            "end",
            "format",
            "venue",
            "contents",
            "is_open_session",
            "new_groups",
            "theme_wishes",
            "who_is_in_the_room",
        )
        widgets: ClassVar[dict[str, Any]] = {
            "date": DateInput(),
            "start": TimeInput(),
            "end": TimeInput(),
            "contents": _textarea(5),
            "who_is_in_the_room": _textarea(4),
        }

    def __init__(self, *args: Any, assembly: Assembly, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.assembly = assembly
        _time_fields(self, "start", "end")

    def clean_number(self) -> int:
        number: int = self.cleaned_data["number"]
        taken = Session.objects.filter(assembly=self.assembly, number=number)
        if self.instance.pk is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(
                _("Session %(number)d already exists. Choose another number."),
                code="unique",
                params={"number": number},
            )
        return number

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start is not None and end is not None and end <= start:
            self.add_error("end", _("The session must end after it starts."))
        if end is not None and start is None and "start" not in self.errors:
            self.add_error("start", _("Give a start time when the session has an end time."))
        if self.instance.pk is not None:
            self._check_items_fit(cleaned)
        return cleaned

    def _check_items_fit(self, cleaned: dict[str, Any]) -> None:
        """Moving a session's hours must not leave its program hanging outside them."""
        start, end = cleaned.get("start"), cleaned.get("end")
        items = list(self.instance.program_items.all())
        if start is not None and "start" not in self.errors:
            early = [item for item in items if item.start < start]
            if early:
                self.add_error(
                    "start",
                    _("The program item “%(title)s” starts at %(time)s, before this time.")
                    % {"title": early[0].title, "time": f"{early[0].start:%H.%M}"},
                )
        if end is not None and "end" not in self.errors:
            late = [item for item in items if (item.end or item.start) > end]
            if late:
                self.add_error(
                    "end",
                    _("The program item “%(title)s” runs until %(time)s, after this time.")
                    % {"title": late[0].title, "time": f"{(late[0].end or late[0].start):%H.%M}"},
                )


class ProgramItemForm(forms.ModelForm[ProgramItem]):
    class Meta:
        model = ProgramItem
        fields = (
            "program",
            "start",
            "end",
            "title",
            "led_by",
            "description",
            "for_members",
            "for_guests",
            "for_politicians",
        )
        widgets: ClassVar[dict[str, Any]] = {
            "start": TimeInput(),
            "end": TimeInput(),
            "description": _textarea(5),
        }
        help_texts: ClassVar[dict[str, Any]] = {
            "end": _("Leave empty for an item without a fixed end, such as a farewell."),
            "led_by": _("Who leads the item, as it is shown to everyone."),
        }

    def __init__(self, *args: Any, session: Session, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.session = session
        _time_fields(self, "start", "end")

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        start: datetime.time | None = cleaned.get("start")
        end: datetime.time | None = cleaned.get("end")
        session = self.session
        if start is not None and end is not None and end <= start:
            self.add_error("end", _("The item must end after it starts."))
            return cleaned
        if start is not None and session.start is not None and start < session.start:
            self.add_error(
                "start",
                _("The session starts at %(time)s; the item cannot start before that.")
                % {"time": f"{session.start:%H.%M}"},
            )
        if session.end is not None:
            if start is not None and start > session.end:
                self.add_error(
                    "start",
                    _("The session ends at %(time)s; the item cannot start after that.")
                    % {"time": f"{session.end:%H.%M}"},
                )
            elif end is not None and end > session.end:
                self.add_error(
                    "end",
                    _("The session ends at %(time)s; the item cannot end after that.")
                    % {"time": f"{session.end:%H.%M}"},
                )
        return cleaned


class PurposeForm(forms.ModelForm[Purpose]):
    class Meta:
        model = Purpose
        fields = ("program", "text")


class ThemeTableForm(forms.ModelForm[ThemeTable]):
    class Meta:
        model = ThemeTable
        fields = ("number", "theme")

    def __init__(self, *args: Any, assembly: Assembly, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.assembly = assembly

    def clean_number(self) -> int:
        number: int = self.cleaned_data["number"]
        taken = ThemeTable.objects.filter(assembly=self.assembly, number=number)
        if self.instance.pk is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(
                _("Table %(number)d already exists. Choose another number."),
                code="unique",
                params={"number": number},
            )
        return number


def _titled_text_form(model: type[FrameEntry]) -> type[forms.ModelForm[Any]]:
    """Strengths, challenges, values and welfare trends share one shape: a title and a text."""
    return forms.modelform_factory(model, fields=("title", "text"), widgets={"text": _textarea(5)})


StrengthForm = _titled_text_form(Strength)
ChallengeForm = _titled_text_form(Challenge)
ValueForm = _titled_text_form(Value)
WelfareTrendForm = _titled_text_form(WelfareTrend)


class MaterialForm(forms.ModelForm[Material]):
    # Links typed without a scheme are web addresses; https is what they almost always are.
    url = forms.URLField(label=_("web address"), required=False, assume_scheme="https")

    class Meta:
        model = Material
        fields = ("kind", "title", "speaker", "description", "url", "session")
        widgets: ClassVar[dict[str, Any]] = {"description": _textarea(4)}

    def __init__(self, *args: Any, assembly: Assembly, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        session = self.fields["session"]
        assert isinstance(session, forms.ModelChoiceField)
        # Only this assembly's sessions: a material cannot point into another assembly.
        session.queryset = Session.objects.filter(assembly=assembly)


class HelperForm(forms.ModelForm[Helper]):
    class Meta:
        model = Helper
        fields = ("name", "title", "role", "organisation", "description")
        widgets: ClassVar[dict[str, Any]] = {"description": _textarea(4)}
        help_texts: ClassVar[dict[str, Any]] = {
            "name": _("Shown on the public pages: only what the helper presents in public."),
        }


class DataSeriesForm(forms.ModelForm[DataSeries]):
    """A chart's numbers typed (or pasted from a spreadsheet) as ``line,x,y`` rows."""

    points = forms.CharField(
        label=_("Data points"),
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false", "class": "monospace"}),
        help_text=_(
            "One point per line: line, x, y, separated by commas, for example "
            "“80+,2025,100”. The line names a curve (such as an age group), x is the year "
            "and y the value; write decimals with a point. A first line “line,x,y” is "
            "allowed."
        ),
    )

    class Meta:
        model = DataSeries
        fields = ("title", "slug", "description", "y_label", "source", "is_illustrative")
        widgets: ClassVar[dict[str, Any]] = {"description": _textarea(3)}
        help_texts: ClassVar[dict[str, Any]] = {
            "slug": _("The chart's name in web addresses. Leave empty to make it from the title."),
        }

    def __init__(self, *args: Any, assembly: Assembly, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.assembly = assembly
        self.fields["slug"].required = False
        if self.instance.pk is not None and "points" not in self.initial:
            self.initial["points"] = library_services.points_as_text(self.instance)

    def _slug_taken(self, slug: str) -> bool:
        taken = DataSeries.objects.filter(assembly=self.assembly, slug=slug)
        if self.instance.pk is not None:
            taken = taken.exclude(pk=self.instance.pk)
        return taken.exists()

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data.get("slug") or ""
        if slug and self._slug_taken(slug):
            raise forms.ValidationError(
                _("Another data series already has this name. Choose another."), code="unique"
            )
        return slug

    def clean_points(self) -> list[library_services.Point]:
        try:
            return library_services.parse_points(self.cleaned_data["points"])
        except library_services.PointsError as error:
            raise forms.ValidationError(error.messages, code="invalid") from None

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if not cleaned.get("slug") and "slug" not in self.errors and cleaned.get("title"):
            base = slugify(cleaned["title"])[:90] or "series"
            slug, n = base, 1
            while self._slug_taken(slug):
                n += 1
                slug = f"{base}-{n}"
            cleaned["slug"] = slug
        return cleaned
