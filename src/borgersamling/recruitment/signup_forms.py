"""The public sign-up's forms: the code from the letter, and the sign-up itself, whose
questions are the recruitment's own features (køn, alder, uddannelse, ...)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from borgersamling.accounts import tokens
from borgersamling.accounts.forms import code_input
from borgersamling.assemblies.models import Session
from borgersamling.recruitment.duplicates import phone_digits
from borgersamling.recruitment.models import Feature, Resident, SignUp

FEATURE_PREFIX = "feature_"
# Long enough for any code the invitations make; short enough to stop pasted junk early.
CODE_MIN, CODE_MAX = 4, 20
PHONE_MIN_DIGITS = 8
OLDEST_BIRTH_YEAR = 1900


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Your code"),
        help_text=_("As printed on your letter, e.g. ABCD-EFGH. Upper or lower case both work."),
        max_length=40,
        widget=code_input(),
        error_messages={"required": _("Type the code from your letter.")},
    )

    def clean_code(self) -> str:
        code = tokens.normalize_code(self.cleaned_data["code"])
        if not (CODE_MIN <= len(code) <= CODE_MAX and code.isalnum()):
            raise forms.ValidationError(
                _("A code has only letters and digits, e.g. ABCD-EFGH. Check your letter.")
            )
        return code


def consent_version(text: str) -> str:
    """A short fingerprint of the consent text, sent with the form so a text changed while
    someone filled it in is noticed: they must consent to the text they were shown."""
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def session_label(session: Session) -> str:
    """``tirsdag 13. maj 2025, 17.00–21.00 · Åben samling`` in the current language."""
    day = formats.date_format(session.date, "l")
    when = f"{day} {formats.date_format(session.date, 'DATE_FORMAT')}"
    if session.start is not None:
        when += ", " + formats.time_format(session.start)
        if session.end is not None:
            when += "–" + formats.time_format(session.end)
    return f"{when} · {session.title}"


class SessionChoiceField(forms.ModelMultipleChoiceField[Session]):
    def label_from_instance(self, obj: Session) -> str:
        return session_label(obj)


class SignUpForm(forms.Form):
    """Contact details, one question per feature, availability, needs and consent.

    ``ask_consent=False`` is the same form for correcting a sign-up: consent was given once.
    """

    name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Write your name.")},
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": _("Write a whole e-mail address, e.g. navn@example.dk.")},
    )
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel", "inputmode": "tel"}),
    )
    address = forms.CharField(
        label=_("Address"),
        max_length=300,
        help_text=_("Street, number and floor."),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
        error_messages={"required": _("Write your address.")},
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=20,
        required=False,
        widget=forms.TextInput(
            attrs={"autocomplete": "postal-code", "inputmode": "numeric", "size": "6"}
        ),
    )
    birth_year = forms.IntegerField(
        label=_("Year of birth"),
        required=False,
        help_text=_("Optional."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": "6"}),
        error_messages={"invalid": _("Write the year with four digits, e.g. 1975.")},
    )
    sessions = SessionChoiceField(
        label=_("The dates you can attend"),
        queryset=Session.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick every date you can come. Members take part in all the sessions."),
    )
    access_needs = forms.CharField(
        label=_("Access needs"),
        required=False,
        max_length=2000,
        help_text=_("E.g. wheelchair access, hearing loop, large print. Optional."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    dietary_needs = forms.CharField(
        label=_("Dietary needs"),
        required=False,
        max_length=2000,
        help_text=_("Allergies or food you do not eat; meals are served. Optional."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent = forms.BooleanField(
        label=_("I have read the text about my data and agree to it."),
        error_messages={"required": _("Tick the box to agree, or you cannot sign up.")},
    )

    CONTACT_FIELDS = ("name", "email", "phone", "address", "postcode", "birth_year")
    NEEDS_FIELDS = ("access_needs", "dietary_needs")

    def __init__(
        self,
        data: Any = None,
        *,
        features: Sequence[Feature],
        sessions: QuerySet[Session],
        consent_text: str = "",
        ask_consent: bool = True,
        **kwargs: Any,
    ) -> None:
        self.consent_version = consent_version(consent_text)
        self.consent_changed = False
        if data is not None and ask_consent and data.get("consent_version") != self.consent_version:
            # Consent counts only for the text that was on the screen: ask again.
            self.consent_changed = True
            data = data.copy()
            data.pop("consent", None)
        super().__init__(data, **kwargs)
        self.features = [feature for feature in features if feature.values.all()]
        field = self.fields["sessions"]
        assert isinstance(field, SessionChoiceField)
        field.queryset = sessions
        if ask_consent:
            if self.consent_changed and data is not None:
                self.fields["consent"].error_messages["required"] = _(
                    "The text about your data has changed since the page was opened. "
                    "Read it again and tick the box."
                )
        else:
            del self.fields["consent"]
        for feature in self.features:
            self.fields[self.feature_field_name(feature)] = forms.ChoiceField(
                label=feature.question or feature.label,
                choices=[(value.value, value.display) for value in feature.values.all()],
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choose one answer."),
                    "invalid_choice": _("Choose one of the answers shown."),
                },
            )
        # The page's order, so the error summary lists the errors top to bottom.
        self.order_fields(
            [
                *(self.feature_field_name(feature) for feature in self.features),
                *self.CONTACT_FIELDS,
                "sessions",
                *self.NEEDS_FIELDS,
                "consent",
            ]
        )

    @staticmethod
    def feature_field_name(feature: Feature) -> str:
        return f"{FEATURE_PREFIX}{feature.pk}"

    # Groups for the template, in the order of the page.
    def feature_fields(self) -> list[forms.BoundField]:
        return [self[self.feature_field_name(feature)] for feature in self.features]

    def contact_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.CONTACT_FIELDS]

    def needs_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.NEEDS_FIELDS]

    def clean_name(self) -> str:
        return " ".join(str(self.cleaned_data["name"]).split())

    def clean_phone(self) -> str:
        phone = str(self.cleaned_data["phone"]).strip()
        if phone and (
            len(phone_digits(phone)) < PHONE_MIN_DIGITS
            or any(ch not in "0123456789 +-()." for ch in phone)
        ):
            raise forms.ValidationError(
                _("Write the phone number with digits only, e.g. 20 30 40 50 or +45 20 30 40 50.")
            )
        return phone

    def clean_birth_year(self) -> int | None:
        year: int | None = self.cleaned_data["birth_year"]
        this_year = timezone.localdate().year
        if year is not None and not OLDEST_BIRTH_YEAR <= year <= this_year:
            raise forms.ValidationError(
                _("Write a year between %(first)d and %(last)d."),
                params={"first": OLDEST_BIRTH_YEAR, "last": this_year},
            )
        return year

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        has_email = bool(cleaned.get("email")) or "email" in self.errors
        has_phone = bool(cleaned.get("phone")) or "phone" in self.errors
        if not has_email and not has_phone:
            message = _("Give an e-mail address or a phone number, so we can reach you.")
            self.add_error("email", message)
            self.add_error("phone", message)
        return cleaned

    def features_answer(self) -> dict[str, str]:
        return {
            feature.key: str(self.cleaned_data[self.feature_field_name(feature)])
            for feature in self.features
        }

    def apply(self, signup: SignUp) -> list[Session]:
        """Copy the answers onto ``signup`` (not saved); returns the chosen sessions, which
        can only be stored once the sign-up has its primary key."""
        data = self.cleaned_data
        for name in (*self.CONTACT_FIELDS, *self.NEEDS_FIELDS):
            value = data[name]
            setattr(signup, name, value.strip() if isinstance(value, str) else value)
        signup.features = {**signup.features, **self.features_answer()}
        return list(data["sessions"])

    @classmethod
    def initial_from(
        cls, signup: SignUp | None, resident: Resident | None, features: Iterable[Feature]
    ) -> dict[str, Any]:
        """Prefill from a stored sign-up (when correcting) or from the register's row."""
        if signup is not None:
            initial: dict[str, Any] = {name: getattr(signup, name) for name in cls.CONTACT_FIELDS}
            initial.update({name: getattr(signup, name) for name in cls.NEEDS_FIELDS})
            initial["sessions"] = list(signup.available_sessions.all())
            for feature in features:
                if feature.key in signup.features:
                    initial[cls.feature_field_name(feature)] = signup.features[feature.key]
            return initial
        if resident is not None:
            return {
                "name": resident.name,
                "address": resident.address,
                "postcode": resident.postcode,
            }
        return {}
