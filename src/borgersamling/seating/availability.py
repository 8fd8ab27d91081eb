"""What members said at sign-up about the sessions they can come to."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count

from borgersamling.accounts.models import Participant
from borgersamling.assemblies.models import Session
from borgersamling.recruitment.models import SignUp


def said_unavailable(session: Session, members: Iterable[Participant]) -> list[Participant]:
    """The members whose sign-up ticked the sessions they can come to, but not this one (a
    sign-up with no session ticked says nothing, so it does not count)."""
    by_pk = {member.pk: member for member in members}
    answered = (
        SignUp.objects.filter(participant_id__in=by_pk)
        .annotate(ticked=Count("available_sessions"))
        .filter(ticked__gt=0)
        .exclude(available_sessions=session)
    )
    return sorted(
        (by_pk[pk] for pk in answered.values_list("participant_id", flat=True)),
        key=lambda member: member.name,
    )
