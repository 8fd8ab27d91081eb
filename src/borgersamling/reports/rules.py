"""Who may do what with the report. The published versions are public: no rule."""

from __future__ import annotations

from borgersamling.accounts import rules
from borgersamling.accounts.rules import AnyUser
from borgersamling.assemblies.models import Assembly


def can_view_report_draft(user: AnyUser, assembly: Assembly | None) -> bool:
    """The live draft, before it is final: the members (who wrote the recommendations) and
    the secretariat. Politicians and the public see only what was published."""
    return rules.is_member(user, assembly) or rules.is_secretariat(user, assembly)


def can_edit_report(user: AnyUser, assembly: Assembly | None) -> bool:
    """Edit the texts, order the sections, record minority statements, freeze versions."""
    return rules.is_secretariat(user, assembly)
