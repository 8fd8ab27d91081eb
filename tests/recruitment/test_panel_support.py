"""Helpers shared by the panel, replacement and privacy tests (no tests of its own): a drawn
lottery run made directly, as the public draw would leave it."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Sequence

from django.utils import timezone

from borgersamling.recruitment.engine_inputs import pool_csv, quotas_csv
from borgersamling.recruitment.models import LotteryRun, Recruitment, SignUp


def draw_panel(
    recruitment: Recruitment,
    panel: Sequence[SignUp],
    reserves: Sequence[SignUp],
    *,
    seats: int | None = None,
    tolerance: int = 0,
    drawn_at: datetime.datetime | None = None,
) -> LotteryRun:
    """A done, drawn run over every sign-up still in the pool; ``panel`` become SELECTED."""
    signups = list(
        SignUp.objects.filter(recruitment=recruitment, status=SignUp.Status.POOL).order_by("number")
    )
    pool_text = pool_csv(recruitment, signups)
    quotas_text = quotas_csv(recruitment)
    run = LotteryRun.objects.create(
        recruitment=recruitment,
        status=LotteryRun.Status.DONE,
        seats=seats if seats is not None else len(panel),
        tolerance=tolerance,
        pool_csv=pool_text,
        quotas_csv=quotas_text,
        pool_sha256=hashlib.sha256(pool_text.encode()).hexdigest(),
        quotas_sha256=hashlib.sha256(quotas_text.encode()).hexdigest(),
        seed="12345",
        panel_number=1,
        panel=[s.number for s in panel],
        reserves=[s.number for s in reserves],
        drawn_at=drawn_at or timezone.now(),
    )
    SignUp.objects.filter(pk__in=[s.pk for s in panel]).update(status=SignUp.Status.SELECTED)
    for signup in panel:
        signup.refresh_from_db()
    return run


def woman(age: str = "gammel") -> dict[str, str]:
    return {"køn": "Kvinde", "alder": age}


def man(age: str = "gammel") -> dict[str, str]:
    return {"køn": "Mand", "alder": age}
