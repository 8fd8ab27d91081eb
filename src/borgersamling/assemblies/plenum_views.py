"""The plenum screen: the current program item, big enough for a projector at the back of
the hall.

Public on purpose: it shows only what the public session page already shows (titles, times,
who leads an item), and the laptop at the projector should not need anyone's login. The page
reloads its "now" part every few seconds (``plenum.js``), or the whole page without script.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from borgersamling.assemblies.models import Assembly, Program, Session
from borgersamling.assemblies.plenum import plenum_state
from borgersamling.site import clock

REFRESH_SECONDS = 10


@never_cache
def plenum(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    assembly = get_object_or_404(Assembly, slug=slug)
    session = get_object_or_404(
        Session.objects.select_related("current_item"), assembly=assembly, number=number
    )
    requested = request.GET.get("program", "")
    chosen = session.current_item
    if requested in Program.values:
        program = Program(requested)
    elif chosen is not None:
        program = Program(chosen.program)
    else:
        program = Program.MEMBERS
    items = list(session.program_items.filter(program=program).order_by("order", "start"))
    state = plenum_state(items, chosen, session.date, clock.now())
    context = {
        "assembly": assembly,
        "session": session,
        "program": program,
        "programs": [
            p for p in Program if p == program or session.program_items.filter(program=p).exists()
        ],
        "state": state,
        "refresh_seconds": REFRESH_SECONDS,
    }
    if request.GET.get("fragment"):
        return render(request, "assemblies/plenum/_now.html", context)
    return render(request, "assemblies/plenum/plenum.html", context)
