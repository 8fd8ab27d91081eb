"""Who may do what in recruitment. Personal data of sign-ups is for the secretariat only;
the lottery ceremony, the representation report and the sign-up form are public."""

from __future__ import annotations

from borgersamling.accounts.rules import AnyUser, is_secretariat
from borgersamling.assemblies.models import Assembly


def can_manage_recruitment(user: AnyUser, assembly: Assembly | None) -> bool:
    """Invitations, the pool, targets, lottery runs, replacements, GDPR export/erasure."""
    return is_secretariat(user, assembly)
