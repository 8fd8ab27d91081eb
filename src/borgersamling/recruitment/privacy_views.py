"""GDPR pages for the secretariat: one person's data as a JSON download, erasing one
person's data, and the log of who looked at personal data.

Every view checks ``can_manage_recruitment`` for the assembly in the URL; sign-ups are
looked up within that assembly's recruitment. The export and the erasure are logged (by
``privacy``); so is the erasure page, which shows the person's name.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from borgersamling.recruitment import privacy
from borgersamling.recruitment.models import PersonalDataAccess, SignUp
from borgersamling.recruitment.panel_views import manage, recruitment_from, url
from borgersamling.recruitment.services import log_access

LOG_PAGE_SIZE = 50


@never_cache
@manage
def privacy_export(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    recruitment = recruitment_from(slug)
    signup = get_object_or_404(SignUp, recruitment=recruitment, pk=pk)
    data = privacy.export_data(signup, request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{recruitment.assembly.slug}-signup-{signup.number}.json"'
    )
    return response


@never_cache
@manage
def privacy_erase(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    recruitment = recruitment_from(slug)
    signup = get_object_or_404(
        SignUp.objects.select_related("invitation__resident", "participant"),
        recruitment=recruitment,
        pk=pk,
    )
    if request.method == "POST":
        already = signup.is_anonymised
        result = privacy.erase(signup, request.user)
        if already:
            messages.info(
                request,
                _("#%(number)s was already anonymised; what was left is erased again.")
                % {"number": signup.number},
            )
        else:
            done = [_("#%(number)s: the personal data is erased.") % {"number": signup.number}]
            if result.dropped_out:
                done.append(_("They have left the panel; fill the seat on the replacements page."))
            if result.participant_anonymised:
                done.append(_("Their member account is deactivated and renamed to their number."))
            if result.resident_deleted:
                done.append(_("Their row in the population extract is deleted."))
            messages.success(request, " ".join(done))
        return redirect(url("privacy-erase", recruitment, pk=signup.pk))
    if not signup.is_anonymised:
        log_access(
            recruitment,
            request.user,
            PersonalDataAccess.Action.VIEW,
            signup=signup,
            detail="erasure page",
        )
    return render(
        request,
        "recruitment/privacy/erase.html",
        {"assembly": recruitment.assembly, "recruitment": recruitment, "signup": signup},
    )


@never_cache
@manage
def privacy_log(request: HttpRequest, slug: str) -> HttpResponse:
    recruitment = recruitment_from(slug)
    entries = PersonalDataAccess.objects.filter(recruitment=recruitment).select_related("user")
    number = request.GET.get("number", "").strip().lstrip("#")
    if number.isdigit():
        entries = entries.filter(signup_number=int(number))
    else:
        number = ""
    page = Paginator(entries.order_by("-at", "-pk"), LOG_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "recruitment/privacy/log.html",
        {
            "assembly": recruitment.assembly,
            "recruitment": recruitment,
            "page": page,
            "number": number,
        },
    )
