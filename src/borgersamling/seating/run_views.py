"""Generating a session's seating: queue a run (the engine works in a background task), follow
its progress, stop it."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from borgersamling.accounts.permissions import rule_required
from borgersamling.accounts.rules import is_secretariat
from borgersamling.seating import planning, runs, tasks
from borgersamling.seating.forms import GenerateForm
from borgersamling.seating.models import SeatingRun
from borgersamling.seating.planning import SeatingError
from borgersamling.seating.views import (
    assembly_of,
    form_field,
    plan_or_refuse,
    plan_page,
    plan_url,
    run_status,
    session_of,
)

SEARCHED_ON = gettext_lazy(
    "The search went on from the draft. Compare it with the previous draft above the form."
)

GENERATED = gettext_lazy("The seating is generated. It is a draft until you lock it.")


@rule_required(is_secretariat, get_object=assembly_of)
@require_POST
def generate(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Queue the seating for the background worker; the plan page follows it. With a task
    backend that runs at once, the seating is there when the page comes back."""
    session = session_of(slug, number)
    form = GenerateForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        request_ = planning.Request(
            seed=data["seed"],
            mixing=planning.mode_of(data["mixing"]),
            capacity=data["capacity"],
            keep_pinned=data["keep_pinned"],
            ahead=data["ahead"],
        )
        try:
            run = tasks.start_seating_run(
                session, request_, thorough=data["thorough"], user=request.user
            )
        except SeatingError as error:
            form.add_error(form_field(form, error.field), error.message)
        else:
            if run.status == SeatingRun.Status.DONE:
                messages.success(request, GENERATED)
                return redirect(plan_url(session, "figures"))
            if run.status != SeatingRun.Status.FAILED:
                return redirect(plan_url(session, "run-status"))
            form.add_error(form_field(form, run.error_field), run.error_text())
    return plan_page(request, session, form, status=400)


@rule_required(is_secretariat, get_object=assembly_of)
@require_POST
def search_on(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """A thorough search that starts from the draft as it is, so it is never worse; the
    draft is kept as the previous one."""
    session = session_of(slug, number)
    plan = plan_or_refuse(request, session)
    if plan is None:
        return redirect(plan_url(session))
    request_ = planning.Request(
        seed=plan.seed,
        mixing=planning.mode_of(plan.mixing),
        capacity=plan.capacity,
        from_draft=True,
    )
    try:
        run = tasks.start_seating_run(session, request_, thorough=True, user=request.user)
    except SeatingError as error:
        messages.error(request, error.message)
        return redirect(plan_url(session, "generate-heading"))
    if run.status == SeatingRun.Status.DONE:
        messages.success(request, SEARCHED_ON)
        return redirect(plan_url(session, "figures"))
    if run.status == SeatingRun.Status.FAILED:
        messages.error(request, run.error_text())
        return redirect(plan_url(session, "generate-heading"))
    return redirect(plan_url(session, "run-status"))


@never_cache
@rule_required(is_secretariat, get_object=assembly_of)
@require_GET
def run_progress(request: HttpRequest, slug: str, number: int) -> JsonResponse:
    run = runs.latest_run(session_of(slug, number))
    # No run at all is as good as a finished one: the page shows what is stored.
    return JsonResponse(run_status(run) if run is not None else {"finished": True})


@rule_required(is_secretariat, get_object=assembly_of)
@require_POST
def stop_run(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    session = session_of(slug, number)
    run = runs.latest_run(session)
    if run is not None and runs.cancel_run(run):
        messages.success(request, _("The run is stopped. Nothing was changed."))
    else:
        messages.error(request, _("No seating is being generated for this session."))
    return redirect(plan_url(session, "generate-heading"))
