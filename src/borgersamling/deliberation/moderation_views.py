"""The secretariat's moderation page: all input from the room, hide and show again, and the
log of every decision."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from borgersamling.accounts.permissions import rule_required
from borgersamling.accounts.rules import is_secretariat
from borgersamling.assemblies.models import Assembly
from borgersamling.deliberation import moderation as services
from borgersamling.deliberation.models import InputCard

PAGE_SIZE = 50
STATES = ("all", "visible", "hidden")


def _assembly(request: HttpRequest, slug: str, **kwargs: object) -> Assembly:
    return get_object_or_404(Assembly, slug=slug)


def _filters(request: HttpRequest) -> tuple[int | None, str]:
    """The table number (or all tables) and visible/hidden/all, from the query or the form."""
    source = request.GET if request.method == "GET" else request.POST
    try:
        table = int(source.get("table", "")) or None
    except ValueError:
        table = None
    state = source.get("state", "all")
    return table, state if state in STATES else "all"


def _page_url(assembly: Assembly, table: int | None, state: str, anchor: str = "") -> str:
    query = {key: value for key, value in (("table", table), ("state", state)) if value}
    url = reverse("deliberation:guest-moderation", kwargs={"slug": assembly.slug})
    return f"{url}?{urlencode(query)}{anchor}" if query else f"{url}{anchor}"


@never_cache
@rule_required(is_secretariat, get_object=_assembly)
def moderation(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = _assembly(request, slug)
    table, state = _filters(request)
    cards = services.moderated_cards(assembly)
    if table is not None:
        cards = cards.filter(draft__theme_table__number=table)
    if state == "visible":
        cards = cards.filter(hidden_at__isnull=True)
    elif state == "hidden":
        cards = cards.filter(hidden_at__isnull=False)
    page = Paginator(cards, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "deliberation/moderation/moderation.html",
        {
            "assembly": assembly,
            "page": page,
            "theme_tables": assembly.theme_tables.all(),
            "table": table,
            "state": state,
            "states": [
                ("all", _("All")),
                ("visible", _("Visible")),
                ("hidden", _("Hidden")),
            ],
            "log": services.moderation_log(assembly)[:100],
            "reason_max": services.REASON_MAX_LENGTH,
        },
    )


@rule_required(is_secretariat, get_object=_assembly)
@require_POST
def moderate(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Hide a card (with a reason) or show it again; both are logged."""
    assembly = _assembly(request, slug)
    card = get_object_or_404(
        InputCard,
        pk=pk,
        draft__theme_table__assembly=assembly,
        source__in=services.MODERATED_SOURCES,
    )
    table, state = _filters(request)
    reason = request.POST.get("reason", "")
    if request.POST.get("action") == "hide":
        if not reason.strip():
            messages.error(request, _("Say why the input is hidden: the reason is logged."))
        elif services.hide(card, request.user, reason):
            messages.success(request, _("The input is hidden. It is kept and the log shows it."))
    elif request.POST.get("action") == "show" and services.show(card, request.user, reason):
        messages.success(request, _("The input is shown again."))
    return redirect(_page_url(assembly, table, state, f"#card-{card.pk}"))
