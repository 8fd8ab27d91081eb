"""The report in public: the latest frozen version (its stored HTML, PDF and open data), the
list of versions with their hashes, and the live draft for the members and the secretariat.

The public only ever sees frozen versions, served from the stored bytes; nothing about a
published version is rebuilt from today's data.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from borgersamling.accounts.permissions import rule_required
from borgersamling.assemblies.models import Assembly
from borgersamling.reports import exports, rendering
from borgersamling.reports.content import build_content
from borgersamling.reports.models import ReportVersion
from borgersamling.reports.rules import can_edit_report, can_view_report_draft


def assembly_from_kwargs(request: HttpRequest, slug: str, **kwargs: object) -> Assembly:
    return get_object_or_404(Assembly, slug=slug)


def _versions(assembly: Assembly) -> list[ReportVersion]:
    return list(
        ReportVersion.objects.filter(assembly=assembly)
        .defer("pdf", "html", "content")
        .order_by("-number")
    )


def _version(assembly: Assembly, number: int | str | None) -> ReportVersion:
    """The version asked for (``?version=N``), else the latest; 404 before the first."""
    versions = ReportVersion.objects.filter(assembly=assembly)
    if number in (None, ""):
        version = versions.order_by("-number").first()
    else:
        try:
            version = versions.filter(number=int(str(number))).first()
        except ValueError:
            version = None
    if version is None:
        raise Http404
    return version


def _file_name(version: ReportVersion, extension: str) -> str:
    return f"{version.assembly.slug}-rapport-v{version.number}.{extension}"


def _version_page(
    request: HttpRequest, assembly: Assembly, version: ReportVersion, template: str
) -> HttpResponse:
    latest = ReportVersion.objects.filter(assembly=assembly).order_by("-number").first()
    context = {
        "assembly": assembly,
        "version": version,
        "latest": latest,
        "is_latest": latest is not None and latest.pk == version.pk,
        # The HTML stored at freezing, rendered by our templates with every text escaped.
        "body": mark_safe(version.html),
        "may_view_draft": can_view_report_draft(request.user, assembly),
    }
    return render(request, template, context)


@require_GET
def report(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = get_object_or_404(Assembly, slug=slug)
    latest = ReportVersion.objects.filter(assembly=assembly).order_by("-number").first()
    if latest is None:
        context = {
            "assembly": assembly,
            "may_view_draft": can_view_report_draft(request.user, assembly),
        }
        return render(request, "reports/unpublished.html", context)
    return _version_page(request, assembly, latest, "reports/report.html")


@require_GET
def version(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    assembly = get_object_or_404(Assembly, slug=slug)
    frozen = get_object_or_404(ReportVersion, assembly=assembly, number=number)
    return _version_page(request, assembly, frozen, "reports/report.html")


@require_GET
def versions(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = get_object_or_404(Assembly, slug=slug)
    context = {
        "assembly": assembly,
        "versions": _versions(assembly),
        "may_view_draft": can_view_report_draft(request.user, assembly),
    }
    return render(request, "reports/versions.html", context)


@require_GET
def pdf(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = get_object_or_404(Assembly, slug=slug)
    frozen = _version(assembly, request.GET.get("version"))
    response = HttpResponse(frozen.pdf_bytes, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{_file_name(frozen, "pdf")}"'
    return response


@require_GET
def data_json(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = get_object_or_404(Assembly, slug=slug)
    frozen = _version(assembly, request.GET.get("version"))
    response = HttpResponse(exports.as_json(frozen), content_type="application/json")
    response["Content-Disposition"] = f'inline; filename="{_file_name(frozen, "json")}"'
    return response


@require_GET
def data_csv(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = get_object_or_404(Assembly, slug=slug)
    frozen = _version(assembly, request.GET.get("version"))
    response = HttpResponse(exports.as_zip(frozen), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{_file_name(frozen, "csv.zip")}"'
    return response


@rule_required(can_view_report_draft, get_object=assembly_from_kwargs)
@require_GET
def draft(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = get_object_or_404(Assembly, slug=slug)
    content = build_content(assembly)
    context = {
        "assembly": assembly,
        "body": mark_safe(rendering.render_body(content)),  # our templates
        "latest": ReportVersion.objects.filter(assembly=assembly).order_by("-number").first(),
        "may_edit": can_edit_report(request.user, assembly),
    }
    return render(request, "reports/draft.html", context)


@rule_required(can_view_report_draft, get_object=assembly_from_kwargs)
@require_GET
def draft_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = get_object_or_404(Assembly, slug=slug)
    body = rendering.pdf_of(build_content(assembly))
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{assembly.slug}-rapport-udkast.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
