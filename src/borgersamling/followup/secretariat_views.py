"""The secretariat's follow-up pages: every recommendation with its current status, and per
recommendation the form that records the council's next response beside its history."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from borgersamling.accounts.permissions import rule_required
from borgersamling.accounts.rules import is_secretariat
from borgersamling.assemblies.models import Assembly
from borgersamling.assemblies.views import get_assembly
from borgersamling.followup import overview, services
from borgersamling.followup.forms import ResponseForm
from borgersamling.followup.models import CouncilResponse
from borgersamling.site import clock

REFUSALS = {
    "stale": gettext_lazy(
        "Someone recorded a response to this recommendation in the meantime. Read the history"
        " below and save yours again if it is still needed."
    ),
    "nothing-to-correct": gettext_lazy("There is no entry to correct yet."),
}


def _assembly(request: HttpRequest, slug: str, **kwargs: Any) -> Assembly:
    return get_assembly(slug)


def manage_url(assembly: Assembly) -> str:
    return reverse("followup:manage", kwargs={"slug": assembly.slug})


@never_cache
@rule_required(is_secretariat, get_object=_assembly)
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = get_assembly(slug)
    items = overview.followed_recommendations(assembly)
    return render(
        request,
        "followup/secretariat/manage.html",
        {
            "assembly": assembly,
            "groups": overview.by_theme(items),
            "counts": overview.status_counts(items),
            "total": len(items),
        },
    )


def committees_used(assembly: Assembly) -> list[str]:
    """The committees named before, offered as suggestions so one committee is spelled one
    way throughout."""
    names = CouncilResponse.objects.filter(
        recommendation__draft__theme_table__assembly=assembly
    ).values_list("committee", flat=True)
    return sorted(set(names))


@never_cache
@rule_required(is_secretariat, get_object=_assembly)
def record(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    assembly = get_assembly(slug)
    item = overview.find(assembly, pk)
    if item is None:
        raise Http404("no such recommendation in this assembly")
    current = item.current
    seen = current.number if current is not None else 0
    options: dict[str, Any] = {"today": clock.today(), "has_current": current is not None}
    if request.method == "POST":
        form = ResponseForm(request.POST, **options)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.record_response(
                    item.recommendation,
                    status=data["status"],
                    committee=data["committee"],
                    decided_on=data["decided_on"],
                    reasons=data["reasons"],
                    minutes_url=data["minutes_url"],
                    user=request.user if isinstance(request.user, User) else None,
                    corrects_current=bool(data.get("corrects_current")),
                    seen=data["seen"],
                )
            except services.FollowUpError as error:
                form.add_error(None, str(REFUSALS.get(error.code, _("That could not be done."))))
                # The page now shows the history as it is; saving again is saving against it.
                fresh = request.POST.copy()
                fresh["seen"] = str(seen)
                form.data = fresh
            else:
                messages.success(
                    request,
                    _("The response to %(recommendation)s has been recorded and published.")
                    % {"recommendation": item.label},
                )
                return redirect(manage_url(assembly) + f"#recommendation-{item.recommendation.pk}")
    else:
        initial: dict[str, Any] = {"seen": seen}
        if current is not None:
            # The next entry usually comes from the same committee.
            initial["committee"] = current.committee
        form = ResponseForm(initial=initial, **options)
    return render(
        request,
        "followup/secretariat/record.html",
        {
            "assembly": assembly,
            "item": item,
            "form": form,
            "committees": committees_used(assembly),
            "seen": seen,
        },
        status=400 if form.is_bound and form.errors else 200,
    )
