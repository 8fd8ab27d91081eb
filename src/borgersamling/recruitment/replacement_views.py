"""The secretariat's replacements page: the engine's proposal for the open seats, with the
quotas before and after, a button that confirms it, and the log of every replacement.

The proposal is computed on every visit and nothing is stored until the secretariat
confirms; the confirmation carries what was shown, so a proposal that changed in the
meantime (someone answered) is shown again rather than stored.
"""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from borgersamling.recruitment import replacements as service
from borgersamling.recruitment.models import PersonalDataAccess, Recruitment, Replacement
from borgersamling.recruitment.panel_views import (
    error_text,
    labelled,
    manage,
    recruitment_from,
    url,
)
from borgersamling.recruitment.services import log_access
from borgersamling.sortition.errors import InputError
from borgersamling.sortition.replacement import ReplacementError


class ConfirmForm(forms.Form):
    proposal = forms.CharField(widget=forms.HiddenInput)
    include_pool = forms.BooleanField(required=False, widget=forms.HiddenInput)
    note = forms.CharField(
        label=gettext_lazy("Note for the log"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Optional: e.g. who was called and when."),
    )

    def clean_proposal(self) -> list[tuple[int, int | None]]:
        try:
            pairs = json.loads(self.cleaned_data["proposal"])
            return [
                (int(leaving), None if joining is None else int(joining))
                for leaving, joining in pairs
            ]
        except (ValueError, TypeError) as error:
            raise forms.ValidationError(
                _("The proposal could not be read; reload the page.")
            ) from error


def _log(recruitment: Recruitment) -> list[Replacement]:
    return list(
        Replacement.objects.filter(recruitment=recruitment)
        .select_related("leaving", "joining", "created_by")
        .order_by("-created_at", "-pk")
    )


def _page(
    request: HttpRequest, recruitment: Recruitment, include_pool: bool, status: int = 200
) -> HttpResponse:
    context: dict[str, Any] = {
        "assembly": recruitment.assembly,
        "recruitment": recruitment,
        "include_pool": include_pool,
        "log": _log(recruitment),
        "proposal": None,
        "problem": "",
    }
    try:
        proposal = service.propose(recruitment, include_pool=include_pool)
    except service.NoDrawnPanel:
        context["problem"] = _("No panel has been drawn yet, so there is nobody to replace.")
    except InputError as error:
        context["problem"] = error_text(error)
    except (service.BrokenRun, ReplacementError) as error:
        context["problem"] = str(error)
    else:
        context["proposal"] = proposal
        context["quotas"] = labelled(recruitment, proposal.quotas)
        context["form"] = ConfirmForm(
            initial={"proposal": json.dumps(proposal.key()), "include_pool": include_pool}
        )
    shown = len(context["log"])
    if context["proposal"] is not None:
        shown += 2 * len(context["proposal"].pairings)
    log_access(
        recruitment,
        request.user,
        PersonalDataAccess.Action.LIST,
        people=shown,
        detail="replacements",
    )
    return render(request, "recruitment/panel/replacements.html", context, status=status)


@never_cache
@manage
def replacements_page(request: HttpRequest, slug: str) -> HttpResponse:
    recruitment = recruitment_from(slug)
    if request.method != "POST":
        return _page(request, recruitment, include_pool=request.GET.get("pool") == "1")
    form = ConfirmForm(request.POST)
    include_pool = request.POST.get("include_pool") in {"True", "true", "on", "1"}
    if not form.is_valid():
        messages.error(request, _("The proposal could not be read; nothing was stored."))
        return _page(request, recruitment, include_pool, status=400)
    try:
        stored = service.confirm_proposal(
            recruitment,
            form.cleaned_data["proposal"],
            request.user,
            include_pool=form.cleaned_data["include_pool"],
            note=form.cleaned_data["note"],
        )
    except service.ProposalChanged:
        messages.error(
            request,
            _(
                "The proposal changed since the page was shown (someone answered in the "
                "meantime). Nothing was stored; check the new proposal below."
            ),
        )
        return _page(request, recruitment, include_pool, status=409)
    except (service.NoDrawnPanel, service.BrokenRun, InputError, ReplacementError):
        messages.error(request, _("Nothing was stored: the proposal cannot be made now."))
        return _page(request, recruitment, include_pool, status=409)
    for entry in stored:
        log_access(
            recruitment,
            request.user,
            PersonalDataAccess.Action.EDIT,
            signup=entry.joining or entry.leaving,
            detail=f"replacement for #{entry.leaving.number}"
            if entry.joining
            else "seat left open: no candidate",
        )
    joined = [e for e in stored if e.joining is not None]
    unfilled = sum(1 for _leaving, joining in form.cleaned_data["proposal"] if joining is None)
    if joined:
        pairs = ", ".join(f"#{e.joining.number} ← #{e.leaving.number}" for e in joined if e.joining)
        messages.success(request, _("Stored: %(list)s. Ask them to confirm.") % {"list": pairs})
    if unfilled:
        messages.warning(
            request,
            _("No candidate is left for %(count)s seat(s); they stay open and are logged.")
            % {"count": unfilled},
        )
    if not joined and not unfilled:
        messages.info(request, _("There was nothing to store: no seat is open."))
    return redirect(url("replacements", recruitment))
