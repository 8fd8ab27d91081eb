"""The demo's lottery: computed and drawn at once, so the lottery and representation pages
show a drawn panel. Same code as a real run, only without the task queue."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from borgersamling.recruitment import lottery_runs
from borgersamling.recruitment.models import LotteryRun, Recruitment

# As if read from dice thrown at the ceremony.
DEMO_SEED = "5316 2443 6152"
# The demo lives on 13 May 2025; its ceremony was held after sign-up closed (10 March).
DEMO_CEREMONY = datetime.datetime(2025, 3, 20, 19, 30)


def draw_demo_lottery(recruitment: Recruitment) -> LotteryRun:
    """Compute a run on the demo's pool and draw it with ``DEMO_SEED``; does nothing when
    the demo already has a drawn run. Raises if the run fails (the demo data is broken)."""
    drawn = lottery_runs.drawn_run(recruitment)
    if drawn is not None:
        return drawn
    # Called while the demo starts, before its worker: a run still under way was left by
    # a demo that was stopped, and nothing will finish it.
    left = lottery_runs.active_run(recruitment)
    if left is not None:
        lottery_runs.stop_run(left, _("Stopped when the demo was restarted."))
    run = lottery_runs.create_run(recruitment, user=None)
    status = lottery_runs.execute_run(run.pk)
    run.refresh_from_db()
    if status != LotteryRun.Status.DONE:
        raise RuntimeError(f"the demo lottery failed: {lottery_runs.run_error(run, 'en')}")
    drawn = lottery_runs.draw(run, DEMO_SEED, user=None)
    held = timezone.make_aware(DEMO_CEREMONY)
    LotteryRun.objects.filter(pk=drawn.pk).update(
        created_at=held, started_at=held, finished_at=held, drawn_at=held
    )
    drawn.refresh_from_db()
    return drawn
