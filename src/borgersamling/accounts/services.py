"""Writes that touch people and logins, each in one transaction, shared by the web pages, the
command line (demo) and the tests."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from borgersamling.accounts import tokens
from borgersamling.accounts.models import LoginToken, Participant
from borgersamling.assemblies.models import Assembly

LINK_VALIDITY = timedelta(days=14)
CODE_VALIDITY = timedelta(days=14)


class LoginNotAllowed(Exception):
    """The participant's role does not sign in with a link or code (the secretariat uses a
    password; guests have no account), or the participant is inactive."""


@dataclass(frozen=True)
class IssuedLogin:
    """A freshly issued login. The secret exists only here: the database holds its hash."""

    token: LoginToken
    secret: str

    @property
    def kind(self) -> str:
        return self.token.kind

    @property
    def expires_at(self) -> datetime:
        return self.token.expires_at

    @property
    def path(self) -> str:
        """The link's path (links only), e.g. ``/login/<secret>/``."""
        return reverse("accounts:login-link", kwargs={"token": self.secret})

    @property
    def code(self) -> str:
        """The code as printed for people, e.g. ``ABCD-EFGH`` (codes only)."""
        return tokens.format_code(self.secret)


@transaction.atomic
def add_participant(
    assembly: Assembly,
    *,
    role: str,
    name: str,
    email: str = "",
    phone: str = "",
    user: User | None = None,
    is_active: bool = True,
) -> Participant:
    return Participant.objects.create(
        assembly=assembly,
        role=role,
        name=name,
        email=email,
        phone=phone,
        user=user,
        is_active=is_active,
    )


# What the secretariat may change about a person in the facilitator pages (not the
# assembly, not the user: logins are issued, and passwords are set in the admin).
EDITABLE_FIELDS = ("name", "role", "email", "phone", "is_active")


@transaction.atomic
def update_participant(participant: Participant, **changes: object) -> Participant:
    """Change a person's name, role, contact details or whether they are active."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    for field, value in changes.items():
        setattr(participant, field, value)
    participant.save(update_fields=list(changes))
    return participant


def _ensure_login_user(participant: Participant) -> None:
    """Members get a Django user without a usable password: the session needs a user, the
    person needs nothing to remember."""
    if participant.user_id is not None:
        return
    user = User(username=f"p-{secrets.token_hex(6)}")
    user.set_unusable_password()
    user.save()
    participant.user = user
    participant.save(update_fields=["user"])


@transaction.atomic
def issue_login(
    participant: Participant,
    kind: str,
    *,
    issued_by: User | None = None,
    valid_for: timedelta | None = None,
    now: datetime | None = None,
) -> IssuedLogin:
    """Issue a personal one-time link or code; an earlier unused one of the same kind stops
    working, so only the latest letter or message is valid."""
    if not participant.logs_in_with_code:
        raise LoginNotAllowed(f"role {participant.role!r} does not log in with a link or code")
    if not participant.is_active:
        raise LoginNotAllowed("participant is inactive")
    moment = timezone.now() if now is None else now
    if kind == LoginToken.Kind.LINK:
        secret = tokens.new_link_secret()
        validity = LINK_VALIDITY if valid_for is None else valid_for
    elif kind == LoginToken.Kind.CODE:
        secret = tokens.new_code()
        validity = CODE_VALIDITY if valid_for is None else valid_for
    else:
        raise ValueError(f"unknown login kind {kind!r}")
    _ensure_login_user(participant)
    LoginToken.objects.filter(participant=participant, kind=kind, used_at__isnull=True).delete()
    token = LoginToken.objects.create(
        participant=participant,
        kind=kind,
        token_hash=tokens.hash_secret(kind, secret),
        created_at=moment,
        expires_at=moment + validity,
        issued_by=issued_by,
    )
    return IssuedLogin(token=token, secret=secret)


def _normalized(kind: str, secret: str) -> str:
    return tokens.normalize_code(secret) if kind == LoginToken.Kind.CODE else secret


def find_usable_login(kind: str, secret: str, *, now: datetime | None = None) -> LoginToken | None:
    """The token for ``secret`` if it would still let its participant in (nothing changes)."""
    moment = timezone.now() if now is None else now
    token_hash = tokens.hash_secret(kind, _normalized(kind, secret))
    token = (
        LoginToken.objects.select_related("participant__user")
        .filter(kind=kind, token_hash=token_hash, used_at__isnull=True, expires_at__gt=moment)
        .first()
    )
    if token is None or not _may_use(token.participant):
        return None
    return token


def _may_use(participant: Participant) -> bool:
    user = participant.user
    # A code must never open an account that has a password (the secretariat's), even if
    # the same person also holds a member role somewhere.
    return (
        participant.is_active
        and participant.logs_in_with_code
        and user is not None
        and user.is_active
        and not user.has_usable_password()
        and not user.is_staff
        and not user.is_superuser
    )


@transaction.atomic
def redeem_login(kind: str, secret: str, *, now: datetime | None = None) -> Participant | None:
    """Use a link or code: returns its participant and marks it used, or ``None`` if it is
    unknown, used, expired or not allowed. A token works once."""
    moment = timezone.now() if now is None else now
    token_hash = tokens.hash_secret(kind, _normalized(kind, secret))
    token = (
        # Lock only the token row: PostgreSQL cannot lock the nullable side of the join.
        LoginToken.objects.select_for_update(of=("self",))
        .select_related("participant__user")
        .filter(kind=kind, token_hash=token_hash)
        .first()
    )
    if token is None or not token.is_usable(moment) or not _may_use(token.participant):
        return None
    # The conditional update makes a race between two requests with one token harmless.
    used = LoginToken.objects.filter(pk=token.pk, used_at__isnull=True).update(used_at=moment)
    if used != 1:
        return None
    return token.participant
