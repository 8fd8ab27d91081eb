"""The demo can pin the assembly's day while the time of day stays real."""

from __future__ import annotations

import datetime

from django.utils import timezone
from pytest_django.fixtures import Settings

from borgersamling.site import clock


def test_real_day_without_a_pinned_date(settings: Settings) -> None:
    settings.DEMO_DATE = None
    assert clock.today() == timezone.localdate()


def test_pinned_day_keeps_the_time_of_day(settings: Settings) -> None:
    settings.DEMO_DATE = datetime.date(2025, 5, 13)
    before = timezone.localtime()
    moment = clock.now()
    assert moment.date() == datetime.date(2025, 5, 13)
    assert abs(moment.hour * 60 + moment.minute - (before.hour * 60 + before.minute)) <= 1
    assert clock.today() == datetime.date(2025, 5, 13)
