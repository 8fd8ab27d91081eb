"""The secretariat's seating pages: the sessions, one session's plan with its figures and
controls, the projector screen, and the members' willingness and wishes; and the helpers the
other seating views share (generating: run_views; changes: edit_views; files: file_views).

Every change is a POST that redirects back to the plan page, so the page works without
JavaScript; seating.js sends the same POSTs with fetch and swaps in the new page's board and
figures, keeping the keyboard focus where it was.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from borgersamling.accounts.models import Participant
from borgersamling.accounts.permissions import rule_required
from borgersamling.accounts.rules import is_secretariat
from borgersamling.assemblies.models import Assembly, Session
from borgersamling.seating import (
    drafts,
    figures,
    planning,
    preferences,
    reseating,
    roster,
    runs,
    undoing,
)
from borgersamling.seating import problem as problems
from borgersamling.seating.availability import said_unavailable
from borgersamling.seating.forms import GenerateForm, PreferenceForm, SeatingFileForm, random_seed
from borgersamling.seating.models import (
    MixingMode,
    SeatingPlan,
    SeatingPreference,
    SeatingRun,
    SeatRole,
)
from borgersamling.seating.preferences import Wishes
from borgersamling.seating.screen import screen_grid

# A worker usually takes a run within a second or two; after this, say that none may run.
PATIENCE = datetime.timedelta(seconds=30)

# A working engine saves its progress every half second or so.
SILENCE = datetime.timedelta(minutes=2)

# The projector screen reloads itself, so a late move by hand shows without anyone touching it.
SCREEN_REFRESH_SECONDS = 30

# Each member's move control offers every member at another table to swap with: n * n
# options, which took a browser 10 s to lay out for 160 members (against 1 s without). Above
# this many, the page's script adds them when a control is used.
SWAPS_INLINE = 60


def assembly_of(request: HttpRequest, slug: str, **kwargs: Any) -> Assembly:
    return get_object_or_404(Assembly, slug=slug)


def session_of(slug: str, number: int) -> Session:
    return get_object_or_404(
        Session.objects.select_related("assembly"), assembly__slug=slug, number=number
    )


def plan_url(session: Session, anchor: str = "") -> str:
    url = reverse(
        "seating:session", kwargs={"slug": session.assembly.slug, "number": session.number}
    )
    return f"{url}#{anchor}" if anchor else url


def members_of(session: Session) -> QuerySet[Participant]:
    return problems.active_member_rows(session.assembly_id)


@never_cache
@rule_required(is_secretariat, get_object=assembly_of)
@require_GET
def overview(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = assembly_of(request, slug)
    active = runs.active_run(assembly)
    sessions = assembly.sessions.select_related("seating_plan").annotate(
        seat_count=Count("seats", distinct=True),
        absence_count=Count("absences", distinct=True),
    )
    return render(
        request,
        "seating/overview.html",
        {
            "assembly": assembly,
            "sessions": sessions,
            "next_session": planning.next_session(assembly),
            "tables": assembly.theme_tables.order_by("number"),
            "active_run": active,
            "generating": {s.pk for s in runs.sessions_of(active)} if active else set(),
            "apart_count": assembly.apart_pairs.count(),
        },
    )


def file_form(data: Any = None, files: Any = None) -> SeatingFileForm:
    # Its own ids, apart from the generate form's on the same page.
    return SeatingFileForm(data, files, auto_id="read-%s")


def plan_page(
    request: HttpRequest,
    session: Session,
    generate_form: GenerateForm | None = None,
    status: int = 200,
    read_form: SeatingFileForm | None = None,
    file_errors: Sequence[str] = (),
) -> HttpResponse:
    plan = planning.plan_of(session)
    inputs = problems.build(session, capacity=plan.capacity if plan else None)
    board = figures.board(plan, inputs)
    run = runs.latest_run(session)
    if generate_form is None and run is not None and _failed_since(run, session, plan):
        generate_form = _form_of_failed(run)
    if generate_form is None:
        generate_form = GenerateForm(
            initial={
                "seed": plan.seed if plan else random_seed(),
                "mixing": plan.mixing if plan else "strict",
                "capacity": plan.capacity if plan else None,
                "keep_pinned": True,
            }
        )
    moves = plan.moves.select_related("participant", "from_table", "to_table")[:40] if plan else []
    present = [m for key, m in inputs.members.items() if key not in inputs.absent]
    latest = plan.moves.order_by("-batch").values_list("batch", flat=True).first() if plan else None
    undoable = undoing.last_change(plan) if plan and not plan.is_locked else []
    last_change = undoing.describe(undoable) if undoable else ""
    return render(
        request,
        "seating/session.html",
        {
            "assembly": session.assembly,
            "session": session,
            "plan": plan,
            "board": board,
            "form": generate_form,
            "roles": SeatRole.choices,
            "moves": moves,
            "latest_batch": latest,
            "last_change": last_change,
            "present_members": present,
            "said_unavailable": said_unavailable(session, present),
            "previous_seated": reseating.previous_seated(session),
            "is_next": planning.next_session(session.assembly) == session,
            "run": run if run is not None and run.is_active else None,
            "previous": drafts.summary(plan) if plan is not None else None,
            "previous_together": [other.session.number for other in drafts.together(plan)]
            if plan is not None and plan.previous
            else [],
            "editable": plan is not None
            and not plan.is_locked
            and not (run is not None and run.is_active),
            "run_status": run_status(run) if run is not None and run.is_active else None,
            "busy_elsewhere": _busy_elsewhere(session, run),
            "file_form": read_form or file_form(),
            "swaps_inline": len(present) <= SWAPS_INLINE,
            "file_errors": file_errors,
        },
        status=status,
    )


def _failed_since(run: SeatingRun, session: Session, plan: SeatingPlan | None) -> bool:
    """The session's own newest run failed after the draft shown was made: say why, at the
    form (a run of an earlier session that also seated this one says it there)."""
    if run.status != SeatingRun.Status.FAILED or run.session_id != session.pk:
        return False
    return plan is None or plan.created_at < (run.finished_at or run.created_at)


def _form_of_failed(run: SeatingRun) -> GenerateForm:
    """The generate form as the failed run was asked, with its error at its field."""
    form = GenerateForm(
        {
            "seed": run.seed,
            "mixing": run.mixing,
            "capacity": run.capacity or "",
            "keep_pinned": run.keep_pinned or "",
            "ahead": run.ahead or "",
            "thorough": run.search == SeatingRun.Search.THOROUGH or "",
        }
    )
    form.is_valid()
    form.add_error(form_field(form, run.error_field), run.error_text())
    return form


def _busy_elsewhere(session: Session, run: SeatingRun | None) -> SeatingRun | None:
    """Another session's run under way: this one cannot be generated until it is done."""
    active = runs.active_run(session.assembly)
    return active if active is not None and active != run else None


@never_cache
@rule_required(is_secretariat, get_object=assembly_of)
@require_GET
def session_plan(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    return plan_page(request, session_of(slug, number))


def form_field(form: forms.Form, name: str | None) -> str | None:
    return name if name in form.fields else None


def run_status(run: SeatingRun) -> dict[str, Any]:
    """How far a run is, as the page and its poller show it."""
    silent = run.heard_at is not None and timezone.now() - run.heard_at > SILENCE
    if run.status == SeatingRun.Status.RUNNING and silent:
        stage = _(
            "No progress for a while: the background worker may have stopped. Stop the run "
            "and generate again."
        )
    elif run.stage in MixingMode.values:
        mode = MixingMode(run.stage).label
        stage = (
            _("Searching for the seating (%(mode)s)")
            if run.stage == run.mixing
            else _("Trying the other mixing modes for the comparison (%(mode)s)")
        ) % {"mode": mode}
    elif run.status == SeatingRun.Status.QUEUED and timezone.now() - run.created_at > PATIENCE:
        stage = _(
            "Still waiting: no background worker has taken the run. A server runs "
            "“borgersamling manage db_worker” beside the web; ask whoever runs yours."
        )
    elif run.status == SeatingRun.Status.QUEUED:
        stage = _("Waiting for the background worker to start")
    else:
        stage = _("Preparing")
    return {
        "status": run.status,
        "status_label": run.get_status_display(),
        "stage": stage,
        "percent": round(100 * (1.0 if run.status == SeatingRun.Status.DONE else run.progress)),
        "finished": not run.is_active,
    }


def refuse(request: HttpRequest, form: forms.Form) -> None:
    for errors in form.errors.values():
        messages.error(request, " ".join(str(error) for error in errors))


def plan_or_refuse(request: HttpRequest, session: Session) -> SeatingPlan | None:
    plan = planning.plan_of(session)
    if plan is None:
        messages.error(request, _("Generate the seating first."))
    return plan


def _save_changed_rows(
    request: HttpRequest,
    assembly: Assembly,
    rows: list[tuple[Participant, PreferenceForm, str | None]],
    stored: dict[Participant, SeatingPreference | None],
) -> None:
    """Save the rows changed on the page and only those: a member who gave their own answers
    on their phone while the page was open keeps them unless their row was changed here too
    (then the page's answers win, and the secretariat is told)."""
    changed: list[tuple[Participant, Wishes]] = []
    replaced: list[str] = []
    for member, form, shown in rows:
        wishes = form.wishes()
        if shown is None or wishes.key == shown:
            continue  # not on the page when it was opened, or left as it was
        if Wishes.of(stored[member]).key != shown:
            replaced.append(member.name)
        changed.append((member, wishes))
    preferences.save(assembly, changed)
    messages.success(
        request,
        ngettext(
            "The wishes are saved: %(count)s member's row changed.",
            "The wishes are saved: %(count)s members' rows changed.",
            len(changed),
        )
        % {"count": len(changed)},
    )
    if replaced:
        messages.warning(
            request,
            _(
                "These members had changed their own answers since you opened the page; "
                "yours replaced them: %(names)s."
            )
            % {"names": ", ".join(replaced)},
        )


@never_cache
@rule_required(is_secretariat, get_object=assembly_of)
@require_http_methods(["GET", "POST"])
def preferences_page(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = assembly_of(request, slug)
    tables = list(assembly.theme_tables.order_by("number"))
    members = preferences.members_with_preferences(assembly)
    data = request.POST if request.method == "POST" else None
    # Each row carries the key of the answers it showed when the page was opened
    # (Wishes.key), kept through a page shown again with errors.
    rows = [
        (
            member,
            PreferenceForm(
                data,
                prefix=f"m{member.pk}",
                tables=tables,
                initial=PreferenceForm.initial_for(preference),
            ),
            data.get(f"m{member.pk}-shown") if data is not None else Wishes.of(preference).key,
        )
        for member, preference in members
    ]
    # Validate every row (not all() over a generator): each row shows its own errors.
    valid = [form.is_valid() for _member, form, _shown in rows] if data is not None else [False]
    if all(valid):
        _save_changed_rows(request, assembly, rows, dict(members))
        return redirect("seating:preferences", slug=assembly.slug)
    invalid = any(form.errors for _member, form, _shown in rows)
    return render(
        request,
        "seating/preferences.html",
        {
            "assembly": assembly,
            "rows": rows,
            "tables": tables,
            "invalid": invalid,
            "counts": {
                "host": sum(1 for _m, p in members if p and p.willing_host),
                "scribe": sum(1 for _m, p in members if p and p.willing_scribe),
            },
        },
        status=400 if invalid else 200,
    )


@never_cache
@rule_required(is_secretariat, get_object=assembly_of)
@require_GET
def screen(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Shows names, so it is the secretariat's (the laptop at the projector is logged in);
    in Danish, like the printouts, because it is for the members in the room."""
    session = session_of(slug, number)
    tables = roster.rosters(session)
    with translation.override("da"):
        return render(
            request,
            "seating/screen.html",
            {
                "assembly": session.assembly,
                "session": session,
                "plan": SeatingPlan.objects.filter(session=session).first(),
                "tables": tables,
                "grid": screen_grid(tables),
                "refresh_seconds": SCREEN_REFRESH_SECONDS,
            },
        )
