"""Public pages of an assembly. Everything here is readable without logging in, so the views
show only the process and never anything about individual members."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from borgersamling.assemblies.models import Assembly, Program, ProgramItem, Purpose, Session
from borgersamling.site import clock


def get_assembly(slug: str) -> Assembly:
    return get_object_or_404(Assembly, slug=slug)


def root(request: HttpRequest) -> HttpResponse:
    """The site's front page: the first assembly's home, or a note that there is none yet."""
    assembly = Assembly.objects.order_by("pk").first()
    if assembly is None:
        return render(request, "assemblies/no_assembly.html")
    return _home(request, assembly)


def home(request: HttpRequest, slug: str) -> HttpResponse:
    return _home(request, get_assembly(slug))


def _home(request: HttpRequest, assembly: Assembly) -> HttpResponse:
    sessions = list(assembly.sessions.all())
    today = clock.today()
    upcoming = next((session for session in sessions if session.date >= today), None)
    return render(
        request,
        "assemblies/home.html",
        {
            "assembly": assembly,
            "sessions": sessions,
            "next_session": upcoming,
            "today": today,
            "working_questions": assembly.working_questions.all(),
            "theme_tables": assembly.theme_tables.all(),
            "helpers": assembly.helpers.all(),
        },
    )


def session_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    assembly = get_assembly(slug)
    session = get_object_or_404(
        Session.objects.prefetch_related(
            Prefetch("program_items", queryset=ProgramItem.objects.order_by("order", "start")),
            Prefetch("purposes", queryset=Purpose.objects.order_by("order", "pk")),
        ),
        assembly=assembly,
        number=number,
    )
    programs = []
    for program in Program:
        items = [item for item in session.program_items.all() if item.program == program]
        purposes = [purpose for purpose in session.purposes.all() if purpose.program == program]
        if items or purposes:
            programs.append(
                {
                    "key": program.value,
                    "label": program.label,
                    "items": items,
                    "purposes": purposes,
                    "start": items[0].start if items else None,
                    "end": _program_end(items),
                }
            )
    sessions = list(assembly.sessions.all())
    index = [s.pk for s in sessions].index(session.pk)
    return render(
        request,
        "assemblies/session_detail.html",
        {
            "assembly": assembly,
            "session": session,
            "programs": programs,
            "previous_session": sessions[index - 1] if index > 0 else None,
            "next_session": sessions[index + 1] if index + 1 < len(sessions) else None,
            "materials": session.materials.all(),
            "session_count": len(sessions),
        },
    )


def _program_end(items: list[ProgramItem]) -> datetime.time | None:
    """A program ends where its last item ends, or at the last item's start (the farewell)."""
    if not items:
        return None
    last = items[-1]
    return last.end or last.start


def values(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = get_assembly(slug)
    return render(
        request, "assemblies/values.html", {"assembly": assembly, "values": assembly.values.all()}
    )


def abx(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = get_assembly(slug)
    return render(
        request,
        "assemblies/abx.html",
        {
            "assembly": assembly,
            "strengths": assembly.strengths.all(),
            "challenges": assembly.challenges.all(),
            "values": assembly.values.all(),
            "welfare_trends": assembly.welfare_trends.all(),
            "data_series": assembly.data_series.all(),
        },
    )
