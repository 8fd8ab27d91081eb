"""The secretariat's page of the drawn panel: who was drawn, who answered what, and the
panel against the quotas it was drawn with; and the answers recorded on someone's behalf
(confirm, decline, drop out).

Every view checks ``can_manage_recruitment`` for the assembly in the URL, and sign-ups are
looked up within that assembly's recruitment. Showing the list, and every change, is written
to the personal-data access log.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from borgersamling.accounts.permissions import rule_required
from borgersamling.assemblies.models import Assembly
from borgersamling.recruitment import panel
from borgersamling.recruitment import replacements as service
from borgersamling.recruitment.models import (
    FeatureValue,
    PersonalDataAccess,
    Recruitment,
    Replacement,
    SignUp,
)
from borgersamling.recruitment.rules import can_manage_recruitment
from borgersamling.recruitment.services import log_access, recruitment_of
from borgersamling.sortition.errors import InputError
from borgersamling.sortition.replacement import QuotaReport

DRAWN = (*service.IN_PANEL, *service.LEFT)


def assembly_from_kwargs(request: HttpRequest, slug: str, **kwargs: Any) -> Assembly:
    return get_object_or_404(Assembly, slug=slug)


manage = rule_required(can_manage_recruitment, get_object=assembly_from_kwargs)


def recruitment_from(slug: str) -> Recruitment:
    return recruitment_of(get_object_or_404(Assembly, slug=slug))


def url(name: str, recruitment: Recruitment, **kwargs: Any) -> str:
    return reverse(f"recruitment:{name}", kwargs={"slug": recruitment.assembly.slug, **kwargs})


def drawn_signup(recruitment: Recruitment, pk: int) -> SignUp:
    return get_object_or_404(SignUp, recruitment=recruitment, pk=pk, status__in=DRAWN)


def error_text(error: InputError) -> str:
    """The engine's message in the page's language (the engine speaks Danish and English)."""
    return error.message("da" if (get_language() or "da").startswith("da") else "en")


@dataclass(frozen=True)
class QuotaRow:
    """A quota report with the criterion's and value's labels for people to read."""

    feature_label: str
    value_label: str
    report: QuotaReport


def labelled(recruitment: Recruitment, quotas: Sequence[QuotaReport]) -> list[QuotaRow]:
    values = FeatureValue.objects.filter(feature__recruitment=recruitment).select_related("feature")
    labels = {(v.feature.key, v.value): (v.feature.label, v.display) for v in values}
    return [
        QuotaRow(*labels.get((q.feature, q.value), (q.feature, q.value)), report=q) for q in quotas
    ]


def quotas_or_problem(recruitment: Recruitment) -> tuple[tuple[QuotaReport, ...], str]:
    """The current panel against the quotas it was drawn with, or why that cannot be shown."""
    if service.drawn_run(recruitment) is None:
        return (), ""
    try:
        return service.panel_quotas(recruitment), ""
    except InputError as error:
        return (), error_text(error)
    except service.BrokenRun as error:
        return (), str(error)


@never_cache
@manage
def panel_page(request: HttpRequest, slug: str) -> HttpResponse:
    recruitment = recruitment_from(slug)
    run = service.drawn_run(recruitment)
    people = list(
        SignUp.objects.filter(recruitment=recruitment, status__in=DRAWN)
        .select_related("participant")
        .order_by("number")
    )
    quotas, problem = quotas_or_problem(recruitment)
    open_seats = len(service.open_seats(recruitment, run)) if run is not None else 0
    log_access(
        recruitment,
        request.user,
        PersonalDataAccess.Action.LIST,
        people=len(people),
        detail="drawn panel",
    )
    in_panel = sum(1 for p in people if p.in_panel)
    return render(
        request,
        "recruitment/panel/panel.html",
        {
            "assembly": recruitment.assembly,
            "recruitment": recruitment,
            "run": run,
            "people": people,
            "in_panel": in_panel,
            "quotas": labelled(recruitment, quotas),
            "all_hold": all(q.holds for q in quotas),
            "problem": problem,
            "open_seats": open_seats,
        },
    )


def _answer(request: HttpRequest, slug: str, pk: int, kind: str) -> HttpResponse:
    recruitment = recruitment_from(slug)
    signup = drawn_signup(recruitment, pk)
    try:
        if kind == "confirm":
            panel.confirm(signup)
            done = _("#%(number)s is confirmed and is now a member.")
        else:
            panel.decline(signup)
            done = _("#%(number)s has declined. Their seat can be filled on the replacements page.")
    except panel.AnswerRefused:
        messages.error(
            request,
            _("#%(number)s cannot be recorded as %(answer)s: their status is “%(status)s”.")
            % {
                "number": signup.number,
                "answer": _("confirmed") if kind == "confirm" else _("declined"),
                "status": signup.get_status_display(),
            },
        )
        return redirect(url("panel", recruitment))
    log_access(
        recruitment,
        request.user,
        PersonalDataAccess.Action.EDIT,
        signup=signup,
        detail=f"{kind} recorded by the secretariat",
    )
    messages.success(request, done % {"number": signup.number})
    return redirect(url("panel", recruitment) + f"#signup-{signup.number}")


@never_cache
@manage
@require_POST
def panel_confirm(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _answer(request, slug, pk, "confirm")


@never_cache
@manage
@require_POST
def panel_decline(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _answer(request, slug, pk, "decline")


class DropOutForm(forms.Form):
    reason = forms.ChoiceField(
        label=gettext_lazy("When"),
        choices=[
            (Replacement.Reason.BEFORE.value, Replacement.Reason.BEFORE.label),
            (Replacement.Reason.DURING.value, Replacement.Reason.DURING.label),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Why they left, as far as you know. Shown in the replacement log."),
    )


@never_cache
@manage
def panel_drop_out(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    recruitment = recruitment_from(slug)
    signup = get_object_or_404(SignUp, recruitment=recruitment, pk=pk, status__in=service.IN_PANEL)
    during = service.sessions_have_begun(recruitment)
    initial = Replacement.Reason.DURING if during else Replacement.Reason.BEFORE
    form = DropOutForm(request.POST or None, initial={"reason": initial})
    if request.method == "POST" and form.is_valid():
        try:
            service.record_drop_out(
                signup, form.cleaned_data["reason"], form.cleaned_data["note"], request.user
            )
        except panel.AnswerRefused:  # pragma: no cover - the lookup above rules it out
            raise Http404 from None
        log_access(
            recruitment,
            request.user,
            PersonalDataAccess.Action.EDIT,
            signup=signup,
            detail="dropped out, recorded by the secretariat",
        )
        messages.success(
            request,
            _("#%(number)s has dropped out. Their seat can be filled on the replacements page.")
            % {"number": signup.number},
        )
        return redirect(url("replacements", recruitment))
    log_access(
        recruitment,
        request.user,
        PersonalDataAccess.Action.VIEW,
        signup=signup,
        detail="drop-out form",
    )
    return render(
        request,
        "recruitment/panel/drop_out.html",
        {
            "assembly": recruitment.assembly,
            "recruitment": recruitment,
            "signup": signup,
            "form": form,
        },
        status=400 if form.errors else 200,
    )
