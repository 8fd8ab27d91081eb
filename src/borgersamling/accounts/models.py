"""People in an assembly and the one-time logins that let members in without a password.

A ``Participant`` is one person's place in one assembly ("who is in the room"). The
secretariat are Django users with a password; members and the other invited roles get a
Django user without a usable password, created when their first login is issued; guests
have no user at all: they join a theme table by its QR code (deliberation.guests).
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    FACILITATOR = "facilitator", _("Facilitator")
    ADMINISTRATOR = "administrator", _("Administrator")
    MEMBER = "member", _("Member")
    GUEST = "guest", _("Guest")
    OBSERVER = "observer", _("Observer")
    POLITICIAN = "politician", _("Politician")
    EXPERT = "expert", _("Expert or adviser")
    RESEARCHER = "researcher", _("Researcher")
    STAFF = "staff", _("Municipality staff")


# The secretariat runs the assembly; everyone else takes part in it.
SECRETARIAT_ROLES: frozenset[str] = frozenset({Role.FACILITATOR, Role.ADMINISTRATOR})
# Roles that sign in with a one-time link or code. The secretariat uses a password (and
# TOTP); guests have no account.
CODE_LOGIN_ROLES: frozenset[str] = frozenset(
    {Role.MEMBER, Role.OBSERVER, Role.POLITICIAN, Role.EXPERT, Role.RESEARCHER, Role.STAFF}
)


class Participant(models.Model):
    """One person in one assembly with one role. Personal data is kept to a name and,
    optionally, the e-mail and phone the secretariat needs to reach them."""

    assembly = models.ForeignKey(
        "assemblies.Assembly",
        on_delete=models.CASCADE,
        related_name="participants",
        verbose_name=_("assembly"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive participants cannot log in.")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering: ClassVar = ["assembly", "role", "name"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["assembly", "user", "role"],
                condition=Q(user__isnull=False),
                name="accounts_participant_unique_user_role",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"

    @property
    def is_secretariat(self) -> bool:
        return self.role in SECRETARIAT_ROLES

    @property
    def logs_in_with_code(self) -> bool:
        return self.role in CODE_LOGIN_ROLES


class LoginToken(models.Model):
    """A single-use, expiring login for one participant: a long secret in a link, or a short
    code to type. Only a keyed hash of the secret is stored, so a copy of the database
    does not let anyone log in."""

    class Kind(models.TextChoices):
        LINK = "link", _("Link")
        CODE = "code", _("Code")

    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="login_tokens",
        verbose_name=_("participant"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )

    class Meta:
        verbose_name = _("login token")
        verbose_name_plural = _("login tokens")
        ordering: ClassVar = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.participant}"

    def is_usable(self, now: datetime | None = None) -> bool:
        moment = timezone.now() if now is None else now
        return self.used_at is None and self.expires_at > moment
