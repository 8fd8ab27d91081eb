"""The assembly's clock: real time, or a pinned day for the demo.

The Dragør demo took place in 2025; with ``BORGERSAMLING_DEMO_DATE`` (e.g. 2025-05-13) the
pages behave as on that day — the member sees today's table, the plenum screen follows the
program — while the time of day stays real.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone


def now() -> datetime.datetime:
    moment = timezone.localtime()
    pinned: datetime.date | None = getattr(settings, "DEMO_DATE", None)
    if pinned is None:
        return moment
    return moment.replace(year=pinned.year, month=pinned.month, day=pinned.day)


def today() -> datetime.date:
    return now().date()
