"""The lottery computation as a background task, so the web stays responsive.

The demo runs the worker inside its own process (``site.server``); a deployment runs
``borgersamling manage db_worker`` beside the web processes, against the same database.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django_tasks import task

from borgersamling.recruitment import lottery_runs
from borgersamling.recruitment.models import LotteryRun, Recruitment
from borgersamling.site.task_runs import enqueue
from borgersamling.sortition.selection import DEFAULT_LOTTERY_SIZE


@task()
def compute_lottery_run(run_id: int) -> str:
    """Compute one queued run; the run row holds the progress, the outcome and any error."""
    return lottery_runs.execute_run(run_id)


def start_lottery_run(
    recruitment: Recruitment,
    *,
    user: AbstractBaseUser | AnonymousUser | None,
    algorithm: str = "leximin",
    lottery_size: int = DEFAULT_LOTTERY_SIZE,
) -> LotteryRun:
    """Freeze the inputs into a new run and queue its computation. Raises
    ``lottery_runs.LotteryRefused`` when it cannot start."""
    run = lottery_runs.create_run(
        recruitment, user=user, algorithm=algorithm, lottery_size=lottery_size
    )
    enqueue(compute_lottery_run, run, lambda message: lottery_runs.stop_run(run, message))
    return run
