"""The public follow-up pages: the status of every recommendation, and one recommendation
with its words and the council's responses. Public on purpose: the council answers the
assembly in the open."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from borgersamling.assemblies.views import get_assembly
from borgersamling.followup import overview
from borgersamling.followup.forms import FilterForm


def status_page(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = get_assembly(slug)
    items = overview.followed_recommendations(assembly)
    theme_tables = list(assembly.theme_tables.order_by("number"))
    form = FilterForm(request.GET or None, theme_tables=theme_tables)
    status, theme = form.chosen()
    shown = [
        item
        for item in items
        if (not status or item.status == status)
        and (theme is None or item.theme_table.number == theme)
    ]
    return render(
        request,
        "followup/status.html",
        {
            "assembly": assembly,
            "counts": overview.status_counts(items),
            "total": len(items),
            "answered": sum(1 for item in items if item.current is not None),
            "groups": overview.by_theme(shown),
            "shown_count": len(shown),
            "filtered": bool(status or theme is not None),
            "form": form,
        },
    )


def recommendation_page(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    assembly = get_assembly(slug)
    item = overview.find(assembly, pk)
    if item is None:
        raise Http404("no such recommendation in this assembly")
    return render(request, "followup/recommendation.html", {"assembly": assembly, "item": item})
