"""Generating a seating as a background task, so the page stays responsive (and a thorough
search of a minute is possible from the web).

The demo runs the worker inside its own process (``site.server``); a deployment runs
``borgersamling manage db_worker`` beside the web processes, against the same database.
"""

from __future__ import annotations

from django_tasks import task

from borgersamling.assemblies.models import Session
from borgersamling.seating import planning, runs
from borgersamling.seating.models import SeatingRun
from borgersamling.site.task_runs import enqueue


@task()
def compute_seating_run(run_id: int) -> str:
    """Compute one queued run; the run row holds the progress, the outcome and any error."""
    return runs.execute_run(run_id)


def start_seating_run(
    session: Session,
    request: planning.Request,
    *,
    thorough: bool = False,
    user: planning.AnyUser | None = None,
) -> SeatingRun:
    """Check the request, queue its run and return it (already finished when the task
    backend runs tasks at once). Raises ``planning.SeatingError``."""
    run = runs.create_run(session, request, thorough=thorough, user=user)
    enqueue(compute_seating_run, run, lambda message: runs.stop_run(run, message))
    return run
