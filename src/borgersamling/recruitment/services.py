"""Small shared operations of recruitment: the settings row, sign-up numbers, the access log."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db.models import Max

from borgersamling.assemblies.models import Assembly
from borgersamling.recruitment.models import PersonalDataAccess, Recruitment, SignUp


def recruitment_of(assembly: Assembly) -> Recruitment:
    """The assembly's recruitment settings, created with defaults on first use."""
    recruitment, _created = Recruitment.objects.get_or_create(assembly=assembly)
    return recruitment


def next_signup_number(recruitment: Recruitment) -> int:
    """The next pseudonymous number. Call inside the transaction that saves the sign-up;
    the unique constraint on (recruitment, number) catches a concurrent taker."""
    highest = SignUp.objects.filter(recruitment=recruitment).aggregate(top=Max("number"))["top"]
    return (highest or 0) + 1


def log_access(
    recruitment: Recruitment,
    user: AbstractBaseUser | AnonymousUser | None,
    action: str,
    *,
    signup: SignUp | None = None,
    people: int = 1,
    detail: str = "",
) -> PersonalDataAccess:
    """Record one look at (or change to) personal data. Call from every view that shows it."""
    return PersonalDataAccess.objects.create(
        recruitment=recruitment,
        user=user if isinstance(user, User) else None,
        action=action,
        signup_number=signup.number if signup is not None else None,
        people=people,
        detail=detail[:300],
    )
