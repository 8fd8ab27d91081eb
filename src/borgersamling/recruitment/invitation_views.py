"""The secretariat's invitation pages: the population extract, drawing batches of letters,
the letter's text, and the downloads (mail-merge file, PDF letters in parts).

Every view checks ``can_manage_recruitment`` for the assembly in the URL; batches are looked
up within that assembly's recruitment. Downloads of names and addresses, and imports of the
extract, are written to the personal-data access log.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from borgersamling.accounts.permissions import rule_required
from borgersamling.assemblies.models import Assembly
from borgersamling.recruitment import invitations as letters_service
from borgersamling.recruitment import population as population_service
from borgersamling.recruitment.invitation_forms import BatchForm, LetterForm, PopulationForm
from borgersamling.recruitment.models import (
    InvitationBatch,
    PersonalDataAccess,
    Recruitment,
)
from borgersamling.recruitment.rules import can_manage_recruitment
from borgersamling.recruitment.services import log_access, recruitment_of


def assembly_from_kwargs(request: HttpRequest, slug: str, **kwargs: Any) -> Assembly:
    return get_object_or_404(Assembly, slug=slug)


manage = rule_required(can_manage_recruitment, get_object=assembly_from_kwargs)


def _recruitment(slug: str) -> Recruitment:
    return recruitment_of(get_object_or_404(Assembly, slug=slug))


def _url(name: str, recruitment: Recruitment, **kwargs: Any) -> str:
    return reverse(f"recruitment:{name}", kwargs={"slug": recruitment.assembly.slug, **kwargs})


def _page(
    request: HttpRequest, template: str, recruitment: Recruitment, status: int = 200, **context: Any
) -> HttpResponse:
    return render(
        request,
        f"recruitment/invitations/{template}",
        {"assembly": recruitment.assembly, "recruitment": recruitment, **context},
        status=status,
    )


def _batch(recruitment: Recruitment, pk: int) -> InvitationBatch:
    return get_object_or_404(InvitationBatch, recruitment=recruitment, pk=pk)


# --- the population extract -----------------------------------------------------------------


@never_cache
@manage
def population(request: HttpRequest, slug: str) -> HttpResponse:
    recruitment = _recruitment(slug)
    form = PopulationForm()
    status = 200
    if request.method == "POST":
        form = PopulationForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = population_service.import_population(recruitment, upload)
            except population_service.PopulationError as error:
                form.add_error("file", str(error))
            else:
                log_access(
                    recruitment,
                    request.user,
                    PersonalDataAccess.Action.IMPORT,
                    people=result.residents,
                    detail=f"population extract {result.file}",
                )
                messages.success(
                    request,
                    _(
                        "Imported {residents} residents in {households} households from "
                        "{file} ({created} new, {updated} updated, {removed} removed)."
                    ).format(
                        residents=result.residents,
                        households=result.households,
                        file=result.file,
                        created=result.created,
                        updated=result.updated,
                        removed=result.removed,
                    ),
                )
                return redirect(_url("invitations-population", recruitment))
        status = 400
    return _page(
        request,
        "population.html",
        recruitment,
        status=status,
        form=form,
        summary=population_service.population_summary(recruitment),
    )


@never_cache
@manage
@require_POST
def use_as_targets(request: HttpRequest, slug: str) -> HttpResponse:
    recruitment = _recruitment(slug)
    features = population_service.use_extract_shares(recruitment)
    if features:
        messages.success(
            request,
            _("The targets of {features} are now the extract's shares.").format(
                features=", ".join(feature.label for feature in features)
            ),
        )
    else:
        messages.error(request, _("The extract holds none of the criteria; nothing changed."))
    return redirect(_url("invitations-population", recruitment))


# --- batches of letters ---------------------------------------------------------------------


@never_cache
@manage
def invitations(request: HttpRequest, slug: str) -> HttpResponse:
    recruitment = _recruitment(slug)
    form = BatchForm(recruitment=recruitment)
    status = 200
    if request.method == "POST":
        form = BatchForm(request.POST, recruitment=recruitment)
        if form.is_valid():
            data = form.cleaned_data
            try:
                result = letters_service.create_batch(
                    recruitment,
                    method=data["method"],
                    size=data["size"],
                    stratify_by=data["stratify_by"],
                    one_per_household=data["one_per_household"],
                    seed=data["seed"],
                    user=request.user,
                )
            except letters_service.InvitationError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request, _("{count} letters are ready.").format(count=result.letters)
                )
                if result.already_invited:
                    messages.info(
                        request,
                        _(
                            "{count} residents were left out because they or their household "
                            "already have a letter."
                        ).format(count=result.already_invited),
                    )
                return redirect(_url("invitations-batch", recruitment, pk=result.batch.pk))
        status = 400
    batches = (
        InvitationBatch.objects.filter(recruitment=recruitment)
        .annotate(letters=Count("invitations"), signed_up=Count("invitations__signup"))
        .order_by("-created_at", "-pk")
    )
    summary_counts = {
        "residents": recruitment.residents.count(),
        "invited": recruitment.invitations.count(),
    }
    return _page(
        request,
        "invitations.html",
        recruitment,
        status=status,
        form=form,
        batches=batches,
        **summary_counts,
    )


@never_cache
@manage
def batch(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    recruitment = _recruitment(slug)
    found = _batch(recruitment, pk)
    count = letters_service.batch_letters(found).count()
    return _page(
        request,
        "batch.html",
        recruitment,
        batch=found,
        letters=found.invitations.count(),
        addressed=count,
        signed_up=found.invitations.filter(signup__isnull=False).count(),
        parts=letters_service.parts(count),
    )


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@manage
def batch_csv(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    recruitment = _recruitment(slug)
    found = _batch(recruitment, pk)
    content = letters_service.mail_merge_csv(found, request.build_absolute_uri)
    log_access(
        recruitment,
        request.user,
        PersonalDataAccess.Action.EXPORT,
        people=letters_service.batch_letters(found).count(),
        detail=f"invitation batch {found.pk}: mail-merge file",
    )
    return _attachment(
        content, "text/csv; charset=utf-8", f"invitationer-{recruitment.assembly.slug}-{pk}.csv"
    )


@manage
def batch_letters(request: HttpRequest, slug: str, pk: int, part: int) -> HttpResponse:
    recruitment = _recruitment(slug)
    found = _batch(recruitment, pk)
    numbered = {
        p.number: p for p in letters_service.parts(letters_service.batch_letters(found).count())
    }
    if part not in numbered:
        raise Http404
    chosen = numbered[part]
    content = letters_service.letters_pdf(found, chosen, request.build_absolute_uri)
    log_access(
        recruitment,
        request.user,
        PersonalDataAccess.Action.EXPORT,
        people=chosen.count,
        detail=f"invitation batch {found.pk}: letters {chosen.first}-{chosen.last}",
    )
    return _attachment(
        content,
        "application/pdf",
        f"breve-{recruitment.assembly.slug}-{pk}-{chosen.first}-{chosen.last}.pdf",
    )


# --- the letter -----------------------------------------------------------------------------


@never_cache
@manage
def letter(request: HttpRequest, slug: str) -> HttpResponse:
    recruitment = _recruitment(slug)
    form = LetterForm(instance=recruitment)
    status = 200
    if request.method == "POST":
        form = LetterForm(request.POST, instance=recruitment)
        if form.is_valid():
            form.save()
            messages.success(request, _("The letter is saved."))
            return redirect(_url("invitations-letter", recruitment))
        status = 400
    return _page(request, "letter.html", recruitment, status=status, form=form)


@manage
def letter_preview(request: HttpRequest, slug: str) -> HttpResponse:
    recruitment = _recruitment(slug)
    content = letters_service.preview_pdf(recruitment, request.build_absolute_uri)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="brev-eksempel.pdf"'
    return response
