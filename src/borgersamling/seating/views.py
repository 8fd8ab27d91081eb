"""The secretariat's seating pages: the sessions, one session's plan with its figures and
controls, the printouts, the projector screen, the CSV export, and the members' willingness
and wishes.

Every change is a POST that redirects back to the plan page, so the page works without
JavaScript; seating.js sends the same POSTs with fetch and swaps in the new page's board and
figures, keeping the keyboard focus where it was.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from borgersamling.accounts.models import Participant
from borgersamling.accounts.permissions import rule_required
from borgersamling.accounts.rules import is_secretariat
from borgersamling.assemblies.models import Assembly, Session, ThemeTable
from borgersamling.recruitment.uploads import read_uploaded_table
from borgersamling.seating import (
    drafts,
    export,
    figures,
    imports,
    planning,
    preferences,
    printing,
    reseating,
    roster,
    runs,
    tasks,
    template_file,
    undoing,
)
from borgersamling.seating import problem as problems
from borgersamling.seating.availability import said_unavailable
from borgersamling.seating.forms import (
    AbsenceForm,
    GenerateForm,
    MoveForm,
    PreferenceForm,
    RoleForm,
    SeatingFileForm,
    random_seed,
)
from borgersamling.seating.models import (
    MixingMode,
    SeatingPlan,
    SeatingPreference,
    SeatingRun,
    SeatMove,
    SeatRole,
)
from borgersamling.seating.planning import SeatingError
from borgersamling.seating.preferences import Wishes
from borgersamling.seating.screen import screen_grid
from borgersamling.sortition.errors import InputError

# A worker usually takes a run within a second or two; after this, say that none may run.
PATIENCE = datetime.timedelta(seconds=30)
# A working engine saves its progress every half second or so.
SILENCE = datetime.timedelta(minutes=2)
SEARCHED_ON = gettext_lazy(
    "The search went on from the draft. Compare it with the previous draft above the form."
)
GENERATED = gettext_lazy("The seating is generated. It is a draft until you lock it.")

# The projector screen reloads itself, so a late move by hand shows without anyone touching it.
SCREEN_REFRESH_SECONDS = 30
# Each member's move control offers every member at another table to swap with: n * n
# options, which took a browser 10 s to lay out for 160 members (against 1 s without). Above
# this many, the page's script adds them when a control is used.
SWAPS_INLINE = 60
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _assembly(request: HttpRequest, slug: str, **kwargs: Any) -> Assembly:
    return get_object_or_404(Assembly, slug=slug)


def _session(slug: str, number: int) -> Session:
    return get_object_or_404(
        Session.objects.select_related("assembly"), assembly__slug=slug, number=number
    )


def _plan_url(session: Session, anchor: str = "") -> str:
    url = reverse(
        "seating:session", kwargs={"slug": session.assembly.slug, "number": session.number}
    )
    return f"{url}#{anchor}" if anchor else url


def _members(session: Session) -> Any:
    return Participant.objects.filter(
        pk__in=[member.pk for member in problems.active_members(session)]
    )


@never_cache
@rule_required(is_secretariat, get_object=_assembly)
@require_GET
def overview(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = _assembly(request, slug)
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


def _plan_page(
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
            "run_status": _run_status(run) if run is not None and run.is_active else None,
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
    form.add_error(_form_field(form, run.error_field), run.error_text())
    return form


def _busy_elsewhere(session: Session, run: SeatingRun | None) -> SeatingRun | None:
    """Another session's run under way: this one cannot be generated until it is done."""
    active = runs.active_run(session.assembly)
    return active if active is not None and active != run else None


@never_cache
@rule_required(is_secretariat, get_object=_assembly)
@require_GET
def session_plan(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    return _plan_page(request, _session(slug, number))


@rule_required(is_secretariat, get_object=_assembly)
@require_POST
def generate(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Queue the seating for the background worker; the plan page follows it. With a task
    backend that runs at once, the seating is there when the page comes back."""
    session = _session(slug, number)
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
            form.add_error(_form_field(form, error.field), error.message)
        else:
            if run.status == SeatingRun.Status.DONE:
                messages.success(request, GENERATED)
                return redirect(_plan_url(session, "figures"))
            if run.status != SeatingRun.Status.FAILED:
                return redirect(_plan_url(session, "run-status"))
            form.add_error(_form_field(form, run.error_field), run.error_text())
    return _plan_page(request, session, form, status=400)


@rule_required(is_secretariat, get_object=_assembly)
@require_POST
def search_on(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """A thorough search that starts from the draft as it is, so it is never worse; the
    draft is kept as the previous one."""
    session = _session(slug, number)
    plan = _plan_or_refuse(request, session)
    if plan is None:
        return redirect(_plan_url(session))
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
        return redirect(_plan_url(session, "generate-heading"))
    if run.status == SeatingRun.Status.DONE:
        messages.success(request, SEARCHED_ON)
        return redirect(_plan_url(session, "figures"))
    if run.status == SeatingRun.Status.FAILED:
        messages.error(request, run.error_text())
        return redirect(_plan_url(session, "generate-heading"))
    return redirect(_plan_url(session, "run-status"))


@rule_required(is_secretariat, get_object=_assembly)
@require_POST
def read_file(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """The session's seating read from a CSV or XLSX file, as its draft; nothing is stored
    unless every row is right."""
    session = _session(slug, number)
    form = file_form(request.POST, request.FILES)
    errors: list[str] = []
    if form.is_valid():
        try:
            table = read_uploaded_table(form.cleaned_data["file"])
            done = imports.import_seating(session, table, request.user)
        except InputError as error:
            errors = [planning.engine_error(error).message]
        except imports.SeatingFileError as error:
            errors = error.errors
        except SeatingError as error:
            errors = [error.message]
        else:
            _say_what_was_read(request, done)
            return redirect(_plan_url(session, "figures"))
    return _plan_page(request, session, status=400, read_form=form, file_errors=errors)


def _say_what_was_read(request: HttpRequest, done: imports.Imported) -> None:
    text = ngettext(
        "%(count)s member is seated as the file says. It is a draft until you lock it.",
        "%(count)s members are seated as the file says. It is a draft until you lock it.",
        done.seated,
    ) % {"count": done.seated}
    if done.other_sessions:
        text += " " + ngettext(
            "%(count)s row of another session was left out.",
            "%(count)s rows of other sessions were left out.",
            done.other_sessions,
        ) % {"count": done.other_sessions}
    messages.success(request, text)
    if done.without_seat:
        messages.warning(
            request,
            ngettext(
                "%(count)s member present has no table in the file, so no seat: %(names)s.",
                "%(count)s members present have no table in the file, so no seat: %(names)s.",
                len(done.without_seat),
            )
            % {
                "count": len(done.without_seat),
                "names": ", ".join(member.name for member in done.without_seat),
            },
        )


@never_cache
@rule_required(is_secretariat, get_object=_assembly)
@require_GET
def seating_template(request: HttpRequest, slug: str, number: int, kind: str) -> HttpResponse:
    """The file to fill in and read back: ``kind`` "xlsx" for people, "csv" for tools."""
    session = _session(slug, number)
    make = template_file.template_xlsx if kind == "xlsx" else template_file.template_csv
    return _download(
        make(session), f"{session.assembly.slug}-session-{session.number}-seating.{kind}"
    )


def _download(body: str | bytes, name: str) -> HttpResponse:
    kind = XLSX if name.endswith(".xlsx") else "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _form_field(form: forms.Form, name: str | None) -> str | None:
    return name if name in form.fields else None


def _run_status(run: SeatingRun) -> dict[str, Any]:
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


@never_cache
@rule_required(is_secretariat, get_object=_assembly)
@require_GET
def run_progress(request: HttpRequest, slug: str, number: int) -> JsonResponse:
    run = runs.latest_run(_session(slug, number))
    # No run at all is as good as a finished one: the page shows what is stored.
    return JsonResponse(_run_status(run) if run is not None else {"finished": True})


@rule_required(is_secretariat, get_object=_assembly)
@require_POST
def stop_run(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    session = _session(slug, number)
    run = runs.latest_run(session)
    if run is not None and runs.cancel_run(run):
        messages.success(request, _("The run is stopped. Nothing was changed."))
    else:
        messages.error(request, _("No seating is being generated for this session."))
    return redirect(_plan_url(session, "generate-heading"))


def _refuse(request: HttpRequest, form: forms.Form) -> None:
    for errors in form.errors.values():
        messages.error(request, " ".join(str(error) for error in errors))


def _plan_or_refuse(request: HttpRequest, session: Session) -> SeatingPlan | None:
    plan = planning.plan_of(session)
    if plan is None:
        messages.error(request, _("Generate the seating first."))
    return plan


def _act_on_plan(
    request: HttpRequest, session: Session, act: Callable[[SeatingPlan], str]
) -> SeatingPlan | None:
    """Run ``act`` on the session's plan and say what it did, or why it could not; returns
    the plan when it went through."""
    plan = _plan_or_refuse(request, session)
    if plan is None:
        return None
    try:
        messages.success(request, act(plan))
    except SeatingError as error:
        messages.error(request, error.message)
        return None
    return plan


@rule_required(is_secretariat, get_object=_assembly)
@require_POST
def move(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    session = _session(slug, number)
    plan = _plan_or_refuse(request, session)
    if plan is None:
        return redirect(_plan_url(session))
    form = MoveForm(
        request.POST,
        members=_members(session),
        tables=ThemeTable.objects.filter(assembly=session.assembly),
    )
    if not form.is_valid():
        _refuse(request, form)
        return redirect(_plan_url(session, "tables"))
    member: Participant = form.cleaned_data["member"]
    target = form.cleaned_data["target"]
    try:
        if isinstance(target, ThemeTable):
            planning.move(plan, member, target, request.user)
            messages.success(
                request,
                _("%(name)s moved to table %(number)s.")
                % {"name": member.name, "number": target.number},
            )
        else:
            planning.swap(plan, member, target, request.user)
            messages.success(
                request,
                _("%(first)s and %(second)s swapped tables.")
                % {"first": member.name, "second": target.name},
            )
    except SeatingError as error:
        messages.error(request, error.message)
    return redirect(_plan_url(session, f"seat-{member.pk}"))


@rule_required(is_secretariat, get_object=_assembly)
@require_POST
def role(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    session = _session(slug, number)
    plan = _plan_or_refuse(request, session)
    if plan is None:
        return redirect(_plan_url(session))
    form = RoleForm(request.POST, members=_members(session))
    if not form.is_valid():
        _refuse(request, form)
        return redirect(_plan_url(session, "tables"))
    member: Participant = form.cleaned_data["member"]
    try:
        planning.set_role(plan, member, form.cleaned_data["role"] or "", request.user)
        messages.success(request, _("%(name)s's role is changed.") % {"name": member.name})
    except SeatingError as error:
        messages.error(request, error.message)
    return redirect(_plan_url(session, f"seat-{member.pk}"))


@rule_required(is_secretariat, get_object=_assembly)
@require_POST
def choose_roles(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """After moves by hand: every table's host and scribe chosen again, rotation kept."""
    session = _session(slug, number)

    def choose(plan: SeatingPlan) -> str:
        moves = reseating.choose_roles(plan, request.user)
        return ngettext(
            "Hosts and scribes chosen again: %(count)s member's role changed.",
            "Hosts and scribes chosen again: %(count)s members' roles changed.",
            len(moves),
        ) % {"count": len(moves)}

    plan = _act_on_plan(request, session, choose)
    if plan is not None:
        _say_tables_left_without(request, plan)
    return redirect(_plan_url(session, "figures"))


@rule_required(is_secretariat, get_object=_assembly)
@require_POST
def undo(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """The last move, swap or role change by hand taken back."""
    session = _session(slug, number)
    _act_on_plan(
        request,
        session,
        lambda plan: (
            _("Undone: %(change)s.")
            % {"change": undoing.describe(undoing.undo(plan, request.user))}
        ),
    )
    return redirect(_plan_url(session, "tables"))


@rule_required(is_secretariat, get_object=_assembly)
@require_POST
def previous_draft(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Back to the draft the current one replaced; the one left becomes the previous."""
    session = _session(slug, number)

    def switch(plan: SeatingPlan) -> str:
        left = localtime(plan.created_at)
        others = [other.session.number for other in drafts.together(plan)]
        drafts.switch_to_previous(plan, request.user)
        text = _(
            "This is the previous draft again. The one generated %(when)s can be switched back "
            "to the same way."
        ) % {"when": date_format(left, "SHORT_DATETIME_FORMAT")}
        if others:
            text += " " + _together(others)
        return text

    _act_on_plan(request, session, switch)
    return redirect(_plan_url(session, "figures"))


@rule_required(is_secretariat, get_object=_assembly)
@require_POST
def take_alternative(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Another mixing mode's seating from the trade-off table as the draft."""
    session = _session(slug, number)
    mixing = request.POST.get("mixing", "")

    def take(plan: SeatingPlan) -> str:
        drafts.take_alternative(plan, mixing, request.user)
        return _(
            "The seating under “%(mode)s” is the draft now. The one it replaced is the previous "
            "draft, to switch back to."
        ) % {"mode": MixingMode(mixing).label}

    _act_on_plan(request, session, take)
    return redirect(_plan_url(session, "figures"))


def _together(numbers: list[int]) -> str:
    return ngettext(
        "Session %(numbers)s, seated in the same run, switched with it.",
        "Sessions %(numbers)s, seated in the same run, switched with it.",
        len(numbers),
    ) % {"numbers": ", ".join(map(str, numbers))}


def _say_tables_left_without(request: HttpRequest, plan: SeatingPlan) -> None:
    """A table still without a host or scribe has no one free and willing to take it."""
    plan.refresh_from_db(fields=["quality"])
    sessions = plan.quality.get("roles", {}).get("sessions", [])
    this = sessions[0] if sessions else {}
    for key, text in (
        (
            "tables_without_host",
            _(
                "Still no host at table %(tables)s: no one there is willing and free to host. "
                "Move a willing member there, or set a role by hand."
            ),
        ),
        (
            "tables_without_scribe",
            _(
                "Still no scribe at table %(tables)s: no one there is willing and free to "
                "scribe. Move a willing member there, or set a role by hand."
            ),
        ),
    ):
        if this.get(key):
            messages.warning(request, text % {"tables": ", ".join(this[key])})


@rule_required(is_secretariat, get_object=_assembly)
@require_POST
def lock(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    session = _session(slug, number)

    def lock_plan(plan: SeatingPlan) -> str:
        planning.lock(plan, request.user)
        return _("The seating is locked. The members now see their table.")

    _act_on_plan(request, session, lock_plan)
    return redirect(_plan_url(session))


@rule_required(is_secretariat, get_object=_assembly)
@require_POST
def keep(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """No new groups: everyone keeps their table from the last locked seating."""
    session = _session(slug, number)
    try:
        _plan, previous = reseating.keep_tables(session, request.user)
    except SeatingError as error:
        messages.error(request, error.message)
        return redirect(_plan_url(session))
    messages.success(
        request,
        _(
            "Everyone present sits at their table from session %(number)s; only absences and "
            "late members moved anyone. Check the figures, then lock the seating."
        )
        % {"number": previous.number},
    )
    return redirect(_plan_url(session, "tables"))


@rule_required(is_secretariat, get_object=_assembly)
@require_POST
def unlock(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    session = _session(slug, number)

    def unlock_plan(plan: SeatingPlan) -> str:
        planning.unlock(plan, request.user)
        return _("The seating is a draft again. The members no longer see it.")

    _act_on_plan(request, session, unlock_plan)
    return redirect(_plan_url(session))


def _reseated(moves: list[SeatMove]) -> str:
    return _("Reseated: %(moved)s member(s) got a new seat, everyone else stays.") % {
        "moved": reseating.moved_members(moves)
    }


@rule_required(is_secretariat, get_object=_assembly)
@require_POST
def absence(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    session = _session(slug, number)
    form = AbsenceForm(request.POST, members=_members(session))
    if not form.is_valid():
        _refuse(request, form)
        return redirect(_plan_url(session, "absences"))
    member: Participant = form.cleaned_data["member"]
    try:
        moves = reseating.mark_absent(session, member, form.cleaned_data["absent"], request.user)
    except SeatingError as error:
        messages.error(request, error.message)
        return redirect(_plan_url(session, "absences"))
    if form.cleaned_data["absent"]:
        messages.success(request, _("%(name)s is marked absent.") % {"name": member.name})
    else:
        messages.success(request, _("%(name)s comes after all.") % {"name": member.name})
    if moves:
        messages.success(request, _reseated(moves))
    return redirect(_plan_url(session, "absences"))


@rule_required(is_secretariat, get_object=_assembly)
@require_POST
def reseat(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Seat late members (replacements) and even out the tables, moving no one else."""
    session = _session(slug, number)
    _act_on_plan(request, session, lambda plan: _reseated(reseating.reseat(plan, request.user)))
    return redirect(_plan_url(session, "tables"))


def _pdf(body: bytes, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _printout(render: Callable[[Session], bytes], name: str) -> Callable[..., HttpResponse]:
    """A view that prints ``render``'s PDF of the session, saved as ``name`` (with the
    session's number for {number})."""

    @never_cache
    @rule_required(is_secretariat, get_object=_assembly)
    @require_GET
    def view(request: HttpRequest, slug: str, number: int) -> HttpResponse:
        session = _session(slug, number)
        return _pdf(render(session), name.format(number=session.number))

    return view


tables_pdf = _printout(printing.tables_pdf, "bordlister-samling-{number}.pdf")
cards_pdf = _printout(printing.cards_pdf, "bordkort-samling-{number}.pdf")
door_pdf = _printout(printing.door_pdf, "hvor-sidder-jeg-samling-{number}.pdf")


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
@rule_required(is_secretariat, get_object=_assembly)
@require_http_methods(["GET", "POST"])
def preferences_page(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = _assembly(request, slug)
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
@rule_required(is_secretariat, get_object=_assembly)
@require_GET
def screen(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Shows names, so it is the secretariat's (the laptop at the projector is logged in);
    in Danish, like the printouts, because it is for the members in the room."""
    session = _session(slug, number)
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


@never_cache
@rule_required(is_secretariat, get_object=_assembly)
@require_GET
def export_seating(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    """Every session's seating: ``kind`` "csv" (also the command line's --history) or
    "xlsx"."""
    assembly = _assembly(request, slug)
    make = export.seating_xlsx if kind == "xlsx" else export.seating_csv
    return _download(make(assembly), f"{assembly.slug}-seating.{kind}")
