"""The secretariat's overview of recruitment: where each step stands, and the way to it."""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from borgersamling.accounts.permissions import rule_required
from borgersamling.assemblies.models import Assembly
from borgersamling.recruitment.models import FeatureValue, LotteryRun, SignUp
from borgersamling.recruitment.rules import can_manage_recruitment
from borgersamling.recruitment.services import recruitment_of
from borgersamling.site import clock


def _assembly(request: HttpRequest, slug: str) -> Assembly:
    return get_object_or_404(Assembly, slug=slug)


@rule_required(can_manage_recruitment, get_object=_assembly)
def overview(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = _assembly(request, slug)
    recruitment = recruitment_of(assembly)
    by_status = dict(
        SignUp.objects.filter(recruitment=recruitment)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    statuses = [(label, by_status.get(value, 0)) for value, label in SignUp.Status.choices]
    values = FeatureValue.objects.filter(feature__recruitment=recruitment)
    context = {
        "assembly": assembly,
        "recruitment": recruitment,
        "signup_open": recruitment.signup_is_open(clock.now()),
        "residents": recruitment.residents.count(),
        "invitations": recruitment.invitations.count(),
        "signups": sum(by_status.values()),
        "statuses": statuses,
        "flagged": SignUp.objects.filter(
            recruitment=recruitment, duplicate_of__isnull=False, duplicate_cleared=False
        )
        .exclude(status=SignUp.Status.WITHDRAWN)
        .count(),
        "features": recruitment.features.count(),
        "values_without_target": values.filter(population_share__isnull=True).count(),
        "latest_run": LotteryRun.objects.filter(recruitment=recruitment).first(),
        "replacements": recruitment.replacements.count(),
    }
    return render(request, "recruitment/overview.html", context)
