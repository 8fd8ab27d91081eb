from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from borgersamling.accounts import tokens
from borgersamling.accounts.models import SECRETARIAT_ROLES, Participant, Role


class PasswordLoginForm(AuthenticationForm):
    error_messages = {  # noqa: RUF012 - Django's own attribute
        "invalid_login": _("The username or password is not correct. Both are case-sensitive."),
        "inactive": _("This account is inactive."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Username")
        self.fields["password"].label = _("Password")
        self.fields["username"].widget.attrs.pop("autofocus", None)


class TOTPTokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        help_text=_("Six digits. A new code appears every 30 seconds."),
        max_length=8,
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "pattern": "[0-9 ]*",
                "size": "8",
            }
        ),
    )

    def clean_token(self) -> str:
        token = "".join(self.cleaned_data["token"].split())
        if not token.isdigit():
            raise forms.ValidationError(_("Enter the digits shown in your app."))
        return token


def code_input(size: int = 12) -> forms.TextInput:
    """A box for a code read off paper (a letter, a table card): no autocorrect, capitals."""
    return forms.TextInput(
        attrs={
            "autocomplete": "off",
            "autocapitalize": "characters",
            "spellcheck": "false",
            "size": str(size),
        }
    )


class CodeLoginForm(forms.Form):
    code = forms.CharField(
        label=_("Your personal code"),
        help_text=_("Eight letters and digits, e.g. ABCD-EFGH. Upper or lower case both work."),
        max_length=20,
        widget=code_input(),
    )

    def clean_code(self) -> str:
        code = tokens.normalize_code(self.cleaned_data["code"])
        if len(code) != tokens.CODE_LENGTH:
            raise forms.ValidationError(
                _("The code has %(length)d characters."), params={"length": tokens.CODE_LENGTH}
            )
        return code


class ParticipantForm(forms.ModelForm[Participant]):
    """Add or edit one person in the assembly. The instance must already have its assembly
    (and, when editing, its user): the form checks the role against them."""

    # Every role, without the model field's empty choice.
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    class Meta:
        model = Participant
        fields = ("name", "role", "email", "phone", "is_active")
        labels = {  # noqa: RUF012 - Django's own attribute
            "name": _("Name"),
            "email": _("E-mail"),
            "phone": _("Phone"),
            "is_active": _("Active"),
        }
        help_texts = {  # noqa: RUF012 - Django's own attribute
            "email": _("Optional. Only the secretariat sees it."),
            "phone": _("Optional. Only the secretariat sees it."),
            "is_active": _("Inactive people are not shown in the room and cannot log in."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "off"
        self.fields["email"].widget.attrs["autocomplete"] = "off"
        self.fields["phone"].widget.attrs["autocomplete"] = "off"

    def clean_role(self) -> str:
        role: str = self.cleaned_data["role"]
        user = self.instance.user
        if role in SECRETARIAT_ROLES and (user is None or not user.has_usable_password()):
            raise forms.ValidationError(
                _(
                    "Facilitators and administrators log in with a username and password. "
                    "Create their login in the admin first, then give them this role there."
                )
            )
        if (
            user is not None
            and Participant.objects.filter(
                assembly_id=self.instance.assembly_id, user_id=user.pk, role=role
            )
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            raise forms.ValidationError(_("This person already has that role in the assembly."))
        return role
