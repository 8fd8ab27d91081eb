"""The secretariat's report pages: the overview (sections in order, shown or hidden), the
texts, the minority statements, and freezing a version for the handover.

Every view checks ``can_edit_report`` against the assembly in the URL, and rows are looked
up within that assembly. There is no view that edits or deletes a frozen version.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from borgersamling.accounts.permissions import rule_required
from borgersamling.assemblies.models import Assembly
from borgersamling.reports import services
from borgersamling.reports.content import (
    all_recommendations,
    all_vote_results,
    build_content,
    get_report,
)
from borgersamling.reports.forms import FreezeForm, MinorityStatementForm, ReportTextsForm
from borgersamling.reports.models import MinorityStatement, ReportVersion
from borgersamling.reports.rules import can_edit_report
from borgersamling.reports.sections import BY_KEY, normalised_order
from borgersamling.reports.views import assembly_from_kwargs

edit_required = rule_required(can_edit_report, get_object=assembly_from_kwargs)


def _overview_url(assembly: Assembly) -> str:
    return reverse("reports:secretariat", kwargs={"slug": assembly.slug})


def _statement(assembly: Assembly, pk: int) -> MinorityStatement:
    return get_object_or_404(
        MinorityStatement.objects.select_related("recommendation__draft__theme_table"),
        pk=pk,
        recommendation__draft__theme_table__assembly=assembly,
    )


@never_cache
@edit_required
@require_http_methods(["GET"])
def overview(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = get_object_or_404(Assembly, slug=slug)
    report = get_report(assembly)
    order = normalised_order(report.section_order)
    hidden = set(report.hidden_sections or [])
    sections = [
        {
            "key": key,
            "title": BY_KEY[key].title,
            "optional": BY_KEY[key].optional,
            "hidden": key in hidden and BY_KEY[key].optional,
            "first": index == 0,
            "last": index == len(order) - 1,
        }
        for index, key in enumerate(order)
    ]
    statements = MinorityStatement.objects.filter(
        recommendation__draft__theme_table__assembly=assembly
    ).select_related("recommendation__draft__theme_table")
    context = {
        "assembly": assembly,
        "sections": sections,
        "statements": statements,
        "versions": ReportVersion.objects.filter(assembly=assembly)
        .defer("pdf", "html", "content")
        .order_by("-number"),
    }
    return render(request, "reports/secretariat/overview.html", context)


@edit_required
@require_POST
def sections(request: HttpRequest, slug: str) -> HttpResponse:
    """Move a section up or down, or hide or show it: one POST per button, so it works
    with the keyboard and without JavaScript."""
    assembly = get_object_or_404(Assembly, slug=slug)
    report = get_report(assembly)
    key = request.POST.get("section", "")
    action = request.POST.get("action", "")
    try:
        if action in {"up", "down"}:
            services.move_section(report, key, action)
        elif action in {"hide", "show"}:
            services.set_hidden(report, key, action == "hide")
        else:
            raise services.ReportError("unknown-action")
    except services.ReportError as error:
        text = (
            _("This section cannot be hidden: the report needs it.")
            if error.code == "required-section"
            else _("That change is not possible.")
        )
        messages.error(request, text)
    return redirect(_overview_url(assembly) + f"#section-row-{key}")


@never_cache
@edit_required
@require_http_methods(["GET", "POST"])
def texts(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = get_object_or_404(Assembly, slug=slug)
    report = get_report(assembly)
    form = ReportTextsForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The report's texts are saved."))
        return redirect(_overview_url(assembly))
    context = {
        "assembly": assembly,
        "form": form,
        "heading": _("The report's texts"),
        "cancel_url": _overview_url(assembly),
    }
    return render(request, "reports/secretariat/form.html", context)


def _minority_form(
    request: HttpRequest, assembly: Assembly, statement: MinorityStatement | None, heading: str
) -> HttpResponse:
    form = MinorityStatementForm(request.POST or None, instance=statement, assembly=assembly)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The minority statement is saved."))
        return redirect(_overview_url(assembly) + "#minority")
    context = {
        "assembly": assembly,
        "form": form,
        "heading": heading,
        "cancel_url": _overview_url(assembly),
    }
    return render(request, "reports/secretariat/form.html", context)


@never_cache
@edit_required
@require_http_methods(["GET", "POST"])
def minority_new(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = get_object_or_404(Assembly, slug=slug)
    return _minority_form(request, assembly, None, _("New minority statement"))


@never_cache
@edit_required
@require_http_methods(["GET", "POST"])
def minority_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    assembly = get_object_or_404(Assembly, slug=slug)
    statement = _statement(assembly, pk)
    return _minority_form(request, assembly, statement, _("Edit minority statement"))


@never_cache
@edit_required
@require_http_methods(["GET", "POST"])
def minority_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    assembly = get_object_or_404(Assembly, slug=slug)
    statement = _statement(assembly, pk)
    if request.method == "POST":
        statement.delete()
        messages.success(request, _("The minority statement is deleted."))
        return redirect(_overview_url(assembly) + "#minority")
    context = {"assembly": assembly, "statement": statement}
    return render(request, "reports/secretariat/minority_delete.html", context)


@never_cache
@edit_required
@require_http_methods(["GET", "POST"])
def freeze(request: HttpRequest, slug: str) -> HttpResponse:
    """GET: what will be frozen, and the confirmation. POST: freeze and publish."""
    assembly = get_object_or_404(Assembly, slug=slug)
    latest = services.latest_version(assembly)
    form = FreezeForm(request.POST or None, needs_note=latest is not None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.freeze(assembly, request.user, form.cleaned_data["note"])
        except services.ReportError:
            messages.error(
                request, _("Someone else froze a version at the same time. Check and try again.")
            )
            return redirect(reverse("reports:freeze", kwargs={"slug": assembly.slug}))
        messages.success(
            request,
            _("Version %(number)s is frozen and published.") % {"number": version.number},
        )
        return redirect(reverse("reports:report", kwargs={"slug": assembly.slug}))
    content = build_content(assembly)
    recommendations = all_recommendations(content)
    context = {
        "assembly": assembly,
        "form": form,
        "latest": latest,
        "next_number": services.next_number(assembly),
        "sections": content["sections"],
        "themes": content["recommendations"]["themes"],
        "recommendation_count": len(recommendations),
        "vote_count": len(all_vote_results(content)),
        "changed_after_vote": [
            r for r in recommendations if any(v["text_changed"] for v in r["votes"])
        ],
        "without_vote": [r for r in recommendations if not r["votes"]],
    }
    return render(request, "reports/secretariat/freeze.html", context)
