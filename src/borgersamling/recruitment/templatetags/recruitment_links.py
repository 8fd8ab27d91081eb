"""Recruitment's entries on the assembly's public home page: the call to sign up while the
sign-up is open, and the lottery and representation pages once there is something to show."""

from __future__ import annotations

from typing import Any

from django import template

from borgersamling.assemblies.models import Assembly
from borgersamling.recruitment.models import LotteryRun, Recruitment
from borgersamling.site import clock

register = template.Library()


def _recruitment(assembly: Assembly) -> Recruitment | None:
    return Recruitment.objects.filter(assembly=assembly).first()


@register.inclusion_tag("recruitment/tags/signup_call.html")
def signup_call(assembly: Assembly) -> dict[str, Any]:
    recruitment = _recruitment(assembly)
    is_open = recruitment is not None and recruitment.signup_is_open(clock.now())
    return {"assembly": assembly, "recruitment": recruitment, "is_open": is_open}


@register.inclusion_tag("recruitment/tags/public_links.html")
def recruitment_public_links(assembly: Assembly) -> dict[str, Any]:
    recruitment = _recruitment(assembly)
    has_run = (
        recruitment is not None
        and LotteryRun.objects.filter(
            recruitment=recruitment, status=LotteryRun.Status.DONE
        ).exists()
    )
    has_targets = recruitment is not None and recruitment.features.exists()
    return {"assembly": assembly, "has_run": has_run, "has_targets": has_targets}
