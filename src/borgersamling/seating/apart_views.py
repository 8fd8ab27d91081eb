"""The secretariat's page of pairs kept apart: who must not share a table."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from borgersamling.accounts.models import Participant
from borgersamling.accounts.permissions import rule_required
from borgersamling.accounts.rules import is_secretariat
from borgersamling.assemblies.models import Assembly
from borgersamling.seating import apart
from borgersamling.seating import problem as problems
from borgersamling.seating.forms import ApartForm
from borgersamling.seating.models import ApartPair
from borgersamling.seating.planning import SeatingError
from borgersamling.seating.views import assembly_of


def _members(assembly: Assembly) -> QuerySet[Participant]:
    return problems.active_member_rows(assembly.pk).order_by("name", "pk")


@never_cache
@rule_required(is_secretariat, get_object=assembly_of)
@require_http_methods(["GET", "POST"])
def apart_page(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = assembly_of(request, slug)
    form = ApartForm(request.POST if request.method == "POST" else None, members=_members(assembly))
    if form.is_valid():
        first, second = form.cleaned_data["first"], form.cleaned_data["second"]
        try:
            _pair, created = apart.keep_apart(assembly, first, second, request.user)
        except SeatingError as error:
            form.add_error(error.field, error.message)
        else:
            names = {"first": first.name, "second": second.name}
            if created:
                text = _("%(first)s and %(second)s will be kept apart.") % names
            else:
                text = _("%(first)s and %(second)s were already kept apart.") % names
            messages.success(request, text)
            return redirect("seating:apart", slug=assembly.slug)
    return render(
        request,
        "seating/apart.html",
        {"assembly": assembly, "form": form, "pairs": apart.pairs_of(assembly)},
        status=400 if form.errors else 200,
    )


@rule_required(is_secretariat, get_object=assembly_of)
@require_POST
def remove_apart(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    assembly = assembly_of(request, slug)
    pair = get_object_or_404(ApartPair, assembly=assembly, pk=pk)
    pair.delete()
    messages.success(
        request,
        _("%(first)s and %(second)s may sit at the same table again.")
        % {"first": pair.first.name, "second": pair.second.name},
    )
    return redirect("seating:apart", slug=assembly.slug)
