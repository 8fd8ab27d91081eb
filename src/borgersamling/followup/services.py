"""Recording the council's responses: the one way an entry is written, for the web, the demo
and tests alike.

Entries are only ever added. A correction is an entry too: it names the entry it corrects,
so the record shows both the mistake and its correction.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from borgersamling.deliberation.models import Recommendation
from borgersamling.followup.models import CouncilResponse

Status = CouncilResponse.Status

# Statuses that are decisions already taken; "under consideration" may name a meeting to come.
DECIDED = frozenset({Status.ADOPTED, Status.ADOPTED_IN_PART, Status.NOT_ADOPTED})
# When the council does not follow a recommendation in full, the public is owed the reasons.
NEEDS_REASONS = frozenset({Status.ADOPTED_IN_PART, Status.NOT_ADOPTED})


class FollowUpError(Exception):
    """A response that was refused. ``code`` lets the web and the command line word it."""

    def __init__(self, code: str, message: str = "") -> None:
        super().__init__(message or code)
        self.code = code


def date_is_in_the_future(status: str, decided_on: datetime.date, today: datetime.date) -> bool:
    """A decision cannot be recorded before it is taken; a recommendation under
    consideration may carry the date of the meeting that will treat it."""
    return status in DECIDED and decided_on > today


def latest(recommendation: Recommendation) -> CouncilResponse | None:
    return CouncilResponse.objects.filter(recommendation=recommendation).order_by("-number").first()


@transaction.atomic
def record_response(
    recommendation: Recommendation,
    *,
    status: str,
    committee: str,
    decided_on: datetime.date,
    reasons: str = "",
    minutes_url: str = "",
    user: User | None = None,
    corrects_current: bool = False,
    seen: int | None = None,
    recorded_at: datetime.datetime | None = None,
) -> CouncilResponse:
    """Add the next entry to the recommendation's record.

    ``seen`` is the number of the latest entry the person recording saw (0 for none); if
    someone has recorded since, nothing is written (``FollowUpError("stale")``), so a
    correction never lands on an entry its author has not read. ``corrects_current`` makes
    the new entry a correction of the current one.
    """
    # Lock the recommendation so two entries saved at once get numbers n and n + 1.
    locked = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    current = latest(locked)
    current_number = current.number if current is not None else 0
    if seen is not None and seen != current_number:
        raise FollowUpError("stale", "a response was recorded in the meantime")
    if corrects_current and current is None:
        raise FollowUpError("nothing-to-correct", "there is no entry to correct")
    return CouncilResponse.objects.create(
        recommendation=locked,
        number=current_number + 1,
        status=Status(status),
        reasons=_clean(reasons),
        committee=committee.strip(),
        decided_on=decided_on,
        minutes_url=minutes_url.strip(),
        corrects=current if corrects_current else None,
        recorded_by=user,
        recorded_at=recorded_at or timezone.now(),
    )


def _clean(text: str) -> str:
    # Browsers send CRLF from textareas; store one kind of line end.
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()
