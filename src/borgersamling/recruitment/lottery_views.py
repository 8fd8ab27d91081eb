"""The lottery's pages: the secretariat's runs, and the public ceremony page with its files.

The ceremony page is public (a projector needs no login) and shows the panel by sign-up
numbers only, never names. The secretariat enters the seed on it, or on the run's page.
"""

from __future__ import annotations

import io
import logging
import zipfile
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from borgersamling.accounts.permissions import enforce, rule_required
from borgersamling.assemblies.models import Assembly
from borgersamling.recruitment import engine_inputs, lottery_runs, lottery_tasks
from borgersamling.recruitment.lottery_forms import SeedForm, StartRunForm
from borgersamling.recruitment.models import LotteryRun, Recruitment
from borgersamling.recruitment.representation import headline
from borgersamling.recruitment.rules import can_manage_recruitment
from borgersamling.recruitment.services import recruitment_of
from borgersamling.sortition.errors import SortitionError

logger = logging.getLogger(__name__)

STAGES = {
    "": gettext_lazy("Waiting for the background worker"),
    "LEXIMIN": gettext_lazy("Finding the fairest chances (LEXIMIN)"),
    "LEXIMIN (column generation)": gettext_lazy("Finding the fairest chances (LEXIMIN)"),
    "LEGACY": gettext_lazy("Drawing panels one by one (legacy)"),
    "transparent lottery": gettext_lazy("Rounding to the table of panels"),
}

FILE_DESCRIPTIONS = {
    "pool.csv": gettext_lazy("The pool: sign-up numbers and answers to the criteria, no names"),
    "quotas.csv": gettext_lazy("The targets: each value's share of the municipality"),
    "lottery.csv": gettext_lazy("The table of panels, fixed before the seed is known"),
    "panel.csv": gettext_lazy("The drawn panel"),
    "reserves.csv": gettext_lazy("The reserves, in order"),
    "probabilities.csv": gettext_lazy("Everyone's chance of being drawn"),
    "report.json": gettext_lazy("The record of the draw, for the verify command"),
    "report.html": gettext_lazy("The report of the draw, readable in a browser"),
}

README = """\
Borgersamling – {assembly}

DANSK
Denne mappe indeholder alt, hvad der skal til for at kontrollere lodtrækningen: puljen
(kun numre og svar på lodtrækningskriterierne, ingen navne), målene, tabellen over de
{size} mulige paneler og resultatet af lodtrækningen med det offentlige seed {seed}.

Sådan kontrollerer du den:
  1. Installér borgersamling (pip install borgersamling).
  2. Pak filen ud i en mappe, fx:  unzip {zip_name} -d lodtraekning
  3. Kør:  borgersamling verify lodtraekning

Kommandoen regner lodtrækningen igen ud fra puljen og målene og siger, om den giver
præcis det samme panel (nummer {panel_number} af {size}).

ENGLISH
This folder holds everything needed to check the lottery: the pool (numbers and answers
to the criteria only, no names), the targets, the table of the {size} possible panels and
the result of the draw with the public seed {seed}.

To check it:
  1. Install borgersamling (pip install borgersamling).
  2. Unzip this file into a folder, e.g.:  unzip {zip_name} -d lodtraekning
  3. Run:  borgersamling verify lodtraekning

The command computes the lottery again from the pool and the targets and tells you
whether it gives exactly the same panel (number {panel_number} of {size}).

SHA-256
  pool.csv    {pool_sha256}
  quotas.csv  {quotas_sha256}
"""

README_BEFORE_DRAW = """\
Borgersamling – {assembly}

DANSK
Lodtrækningen er endnu ikke foretaget. Her er puljen (kun numre og svar på
lodtrækningskriterierne, ingen navne), målene og tabellen over de {size} mulige paneler.
Tabellen ligger fast, før det offentlige seed kendes; seed'et vælger panel nummer
seed mod {size}. Hent filen igen efter lodtrækningen for at kontrollere den med
kommandoen: borgersamling verify <mappe>

ENGLISH
The lottery has not been drawn yet. Here are the pool (numbers and answers to the
criteria only, no names), the targets and the table of the {size} possible panels. The
table is fixed before the public seed is known; the seed picks panel number seed mod
{size}. Download this file again after the draw to check it with the command:
borgersamling verify <folder>

SHA-256
  pool.csv    {pool_sha256}
  quotas.csv  {quotas_sha256}
"""


def _assembly(request: HttpRequest, slug: str, **kwargs: Any) -> Assembly:
    return get_object_or_404(Assembly, slug=slug)


def _run(assembly: Assembly, pk: int) -> LotteryRun:
    return get_object_or_404(LotteryRun, pk=pk, recruitment__assembly=assembly)


def _stage_label(run: LotteryRun) -> str:
    return str(STAGES.get(run.stage, run.stage))


def _progress(run: LotteryRun) -> dict[str, Any]:
    finished = run.status in {LotteryRun.Status.DONE, LotteryRun.Status.FAILED}
    return {
        "status": run.status,
        "status_label": run.get_status_display(),
        "stage": _stage_label(run),
        "percent": round(100 * (1.0 if run.status == LotteryRun.Status.DONE else run.progress)),
        "finished": finished,
        "error": lottery_runs.run_error(run, lottery_runs.ui_language()) if run.error else "",
    }


def _histogram(run: LotteryRun, bins: int = 10) -> list[dict[str, Any]]:
    """How many people have a lottery chance in each tenth from 0 to 100 %."""
    chances = list(run.results.get("lottery_probabilities", {}).values())
    counts = [0] * bins
    for chance in chances:
        counts[min(bins - 1, int(float(chance) * bins))] += 1
    top = max(counts, default=0) or 1
    return [
        {
            "low": 100 * i // bins,
            "high": 100 * (i + 1) // bins,
            "count": count,
            "width": round(100 * count / top),
        }
        for i, count in enumerate(counts)
    ]


def _percent(share: float | None) -> str:
    return "–" if share is None else f"{100 * share:.1f} %"


def _inputs_changed(run: LotteryRun, recruitment: Recruitment) -> bool:
    files = engine_inputs.engine_files(recruitment)
    return (
        lottery_runs.sha256_text(files.pool_csv) != run.pool_sha256
        or lottery_runs.sha256_text(files.quotas_csv) != run.quotas_sha256
    )


def _draw(request: HttpRequest, run: LotteryRun, form: SeedForm) -> bool:
    """Draw with a valid seed form; errors go on the form or into messages."""
    try:
        lottery_runs.draw(run, form.cleaned_data["seed"], request.user)
    except lottery_runs.LotteryRefused as refusal:
        form.add_error("seed", refusal.text)
        return False
    except lottery_runs.LotteryNotReproduced:
        logger.exception("lottery run %s could not be reproduced", run.pk)
        messages.error(
            request,
            _(
                "The lottery could not be reproduced from its stored inputs, so nothing was "
                "drawn. Start a new run."
            ),
        )
        return False
    messages.success(request, _("The panel is drawn."))
    return True


# --- the secretariat -----------------------------------------------------------------------


@never_cache
@rule_required(can_manage_recruitment, get_object=_assembly)
@require_http_methods(["GET", "POST"])
def runs(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = _assembly(request, slug)
    recruitment = recruitment_of(assembly)
    form = StartRunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = lottery_tasks.start_lottery_run(
                recruitment,
                user=request.user,
                algorithm=form.cleaned_data["algorithm"],
                lottery_size=form.cleaned_data["lottery_size"],
            )
        except lottery_runs.LotteryRefused as refusal:
            form.add_error(None, refusal.text)
        else:
            messages.success(request, _("The lottery run has started."))
            return redirect("recruitment:lottery-run", slug=slug, pk=run.pk)
    files = engine_inputs.engine_files(recruitment)
    input_error = ""
    pool_size = None
    try:
        pool_size = lottery_runs.check_inputs(files, "leximin", 1)
    except SortitionError as error:
        input_error = lottery_runs.error_text(error, lottery_runs.ui_language())
    the_lottery = lottery_runs.the_lottery(recruitment)
    context = {
        "assembly": assembly,
        "recruitment": recruitment,
        "runs": lottery_runs.runs_of(recruitment),
        "the_lottery": the_lottery,
        "active": lottery_runs.active_run(recruitment),
        "drawn": lottery_runs.drawn_run(recruitment),
        "form": form,
        "files": files,
        "pool_sha256": lottery_runs.sha256_text(files.pool_csv),
        "quotas_sha256": lottery_runs.sha256_text(files.quotas_csv),
        "pool_size": pool_size,
        "input_error": input_error,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "recruitment/lottery/runs.html", context, status=status)


@never_cache
@rule_required(can_manage_recruitment, get_object=_assembly)
@require_http_methods(["GET", "POST"])
def run_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    assembly = _assembly(request, slug)
    run = _run(assembly, pk)
    recruitment = run.recruitment
    may_draw = run.status == LotteryRun.Status.DONE and lottery_runs.drawn_run(recruitment) is None
    form = SeedForm(request.POST or None) if may_draw else None
    if request.method == "POST":
        if form is None:
            messages.error(request, _("This run cannot be drawn."))
            return redirect("recruitment:lottery-run", slug=slug, pk=pk)
        if form.is_valid() and _draw(request, run, form):
            return redirect("recruitment:lottery-run", slug=slug, pk=pk)
    language = lottery_runs.ui_language()
    results = run.results
    context = {
        "assembly": assembly,
        "run": run,
        "progress": _progress(run),
        "is_active": run.status in lottery_runs.ACTIVE,
        "is_the_lottery": lottery_runs.the_lottery(recruitment) == run,
        "error": lottery_runs.run_error(run, language) if run.error else "",
        "lowest": _percent(results.get("lottery_summary", {}).get("minimum")),
        "highest": _percent(results.get("lottery_summary", {}).get("maximum")),
        "lottery_summary": results.get("lottery_summary", {}),
        "gap": results.get("lottery_rounding_gap"),
        "histogram": _histogram(run) if results else [],
        "unselectable": [
            {"number": row["number"], "reason": row.get(language, row.get("en", ""))}
            for row in results.get("unselectable", [])
        ],
        "quotas": results.get("quotas", []),
        "inputs_changed": run.status == LotteryRun.Status.DONE
        and not run.is_drawn
        and _inputs_changed(run, recruitment),
        "form": form,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "recruitment/lottery/run.html", context, status=status)


@never_cache
@rule_required(can_manage_recruitment, get_object=_assembly)
@require_GET
def run_progress(request: HttpRequest, slug: str, pk: int) -> JsonResponse:
    run = _run(_assembly(request, slug), pk)
    return JsonResponse(_progress(run))


@rule_required(can_manage_recruitment, get_object=_assembly)
@require_POST
def run_cancel(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    run = _run(_assembly(request, slug), pk)
    if lottery_runs.cancel_run(run):
        messages.success(request, _("The run was stopped."))
    else:
        messages.error(request, _("The run had already finished."))
    return redirect("recruitment:lottery-run", slug=slug, pk=pk)


# --- the public ceremony page --------------------------------------------------------------


def _state(recruitment: Recruitment) -> dict[str, Any]:
    """What the ceremony page shows, in short: when it changes, the page reloads."""
    run = lottery_runs.the_lottery(recruitment)
    active = lottery_runs.active_run(recruitment)
    drawn = run is not None and run.is_drawn
    version = "-".join(
        str(part) for part in (run.pk if run else 0, drawn, active.pk if active else 0)
    )
    return {
        "version": version,
        "drawn": drawn,
        "panel_number": run.panel_number if run is not None else None,
    }


@never_cache
@require_http_methods(["GET", "POST"])
def ceremony(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = _assembly(request, slug)
    may_manage = can_manage_recruitment(request.user, assembly)
    if request.method == "POST":
        refusal = enforce(request, can_manage_recruitment, assembly)
        if refusal is not None:
            return refusal
    recruitment = recruitment_of(assembly)
    run = lottery_runs.the_lottery(recruitment)
    may_draw = (
        may_manage
        and run is not None
        and not run.is_drawn
        and lottery_runs.drawn_run(recruitment) is None
    )
    form = SeedForm(request.POST or None) if may_draw else None
    if request.method == "POST":
        if run is None or form is None:
            messages.error(request, _("There is no lottery to draw."))
            return redirect("recruitment:lottery", slug=slug)
        if form.is_valid() and _draw(request, run, form):
            return redirect("recruitment:lottery", slug=slug)
    files = lottery_runs.public_files(run) if run is not None else {}
    context = {
        "assembly": assembly,
        "recruitment": recruitment,
        "run": run,
        "headline": headline(recruitment),
        "active": lottery_runs.active_run(recruitment),
        "files": [(name, FILE_DESCRIPTIONS.get(name, "")) for name in files],
        "state": _state(recruitment),
        "form": form,
        "may_manage": may_manage,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "recruitment/lottery/ceremony.html", context, status=status)


@never_cache
@require_GET
def ceremony_state(request: HttpRequest, slug: str) -> JsonResponse:
    return JsonResponse(_state(recruitment_of(_assembly(request, slug))))


def _public_run(request: HttpRequest, slug: str) -> tuple[Assembly, LotteryRun]:
    assembly = _assembly(request, slug)
    run = lottery_runs.the_lottery(recruitment_of(assembly))
    if run is None:
        raise Http404("no lottery yet")
    return assembly, run


@never_cache
@require_GET
def lottery_file(request: HttpRequest, slug: str, file_name: str) -> HttpResponse:
    _unused, run = _public_run(request, slug)
    files = lottery_runs.public_files(run)
    if file_name not in files:
        raise Http404("no such file")
    content_type = {
        ".csv": "text/csv",
        ".json": "application/json",
        ".html": "text/html",
    }.get(file_name[file_name.rfind(".") :], "text/plain")
    response = HttpResponse(
        files[file_name].encode("utf-8"), content_type=f"{content_type}; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


def bundle_name(assembly: Assembly) -> str:
    return f"lodtraekning-{assembly.slug}.zip"


def bundle_bytes(assembly: Assembly, run: LotteryRun) -> bytes:
    """A zip of the public files and a README (Danish and English) saying how to verify."""
    template = README if run.is_drawn else README_BEFORE_DRAW
    readme = template.format(
        assembly=assembly.name,
        size=run.lottery_size,
        seed=run.seed,
        panel_number=run.panel_number,
        zip_name=bundle_name(assembly),
        pool_sha256=run.pool_sha256,
        quotas_sha256=run.quotas_sha256,
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", readme.encode("utf-8"))
        for name, text in lottery_runs.public_files(run).items():
            archive.writestr(name, text.encode("utf-8"))
    return buffer.getvalue()


@never_cache
@require_GET
def lottery_bundle(request: HttpRequest, slug: str) -> HttpResponse:
    assembly, run = _public_run(request, slug)
    response = HttpResponse(bundle_bytes(assembly, run), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{bundle_name(assembly)}"'
    return response
