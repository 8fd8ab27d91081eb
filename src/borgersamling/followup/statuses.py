"""How each follow-up status is named and shown.

Besides the four answers the council can give there is a fifth state, "awaiting an answer",
which is never stored: it is what a recommendation without any entry is in. Every status is
shown as text and an icon as well as a colour, so it reads without colour vision and in
print.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from borgersamling.followup.models import CouncilResponse

Status = CouncilResponse.Status
AWAITING = "awaiting"


@dataclass(frozen=True)
class StatusLook:
    key: str
    label: str | Promise
    # A plain Unicode sign (no icon font to load); the text label always stands beside it.
    icon: str
    # "%(count)s of %(total)s adopted": a whole phrase per status, so each language can
    # word it naturally.
    share: str | Promise

    @property
    def css(self) -> str:
        return f"fu-status-{self.key.replace('_', '-')}"


LOOKS: dict[str, StatusLook] = {
    look.key: look
    for look in (
        StatusLook(
            Status.ADOPTED.value,
            Status.ADOPTED.label,
            "✓",
            _("%(count)s of %(total)s adopted"),
        ),
        StatusLook(
            Status.ADOPTED_IN_PART.value,
            Status.ADOPTED_IN_PART.label,
            "◐",
            _("%(count)s of %(total)s adopted in part"),
        ),
        StatusLook(
            Status.UNDER_CONSIDERATION.value,
            Status.UNDER_CONSIDERATION.label,
            "…",
            _("%(count)s of %(total)s under consideration"),
        ),
        StatusLook(
            Status.NOT_ADOPTED.value,
            Status.NOT_ADOPTED.label,
            "✕",
            _("%(count)s of %(total)s not adopted"),
        ),
        StatusLook(
            AWAITING, _("Awaiting an answer"), "○", _("%(count)s of %(total)s awaiting an answer")
        ),
    )
}

# The order of the counts and the filter: from the council's answers to no answer yet.
ORDER: tuple[str, ...] = tuple(LOOKS)


def look_of(key: str) -> StatusLook:
    return LOOKS[key]


def status_choices() -> list[tuple[str, str | Promise]]:
    """For the public filter: every status, including "awaiting an answer"."""
    return [(look.key, look.label) for look in LOOKS.values()]
