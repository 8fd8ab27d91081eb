"""Criteria and targets: the municipality's shares beside the pool's counts, with the
engine's feasibility check running on what is typed, before it is saved."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from borgersamling.accounts.permissions import rule_required
from borgersamling.assemblies.models import Assembly
from borgersamling.recruitment import targets_services
from borgersamling.recruitment.engine_text import error_text
from borgersamling.recruitment.feasibility_check import Check, check_targets, ordered_values
from borgersamling.recruitment.models import Feature, FeatureValue, Recruitment, SignUp
from borgersamling.recruitment.rules import can_manage_recruitment
from borgersamling.recruitment.services import recruitment_of
from borgersamling.recruitment.targets_forms import (
    FeatureForm,
    FeatureValueFormSet,
    TargetsForm,
    UploadForm,
)
from borgersamling.recruitment.targets_import import TargetsRefused, import_targets
from borgersamling.recruitment.uploads import read_uploaded_table
from borgersamling.sortition.errors import InputError


def _assembly(request: HttpRequest, slug: str, **kwargs: Any) -> Assembly:
    return get_object_or_404(Assembly, slug=slug)


def _targets_url(assembly: Assembly) -> str:
    return reverse("recruitment:targets", kwargs={"slug": assembly.slug})


@dataclass(frozen=True)
class ValueRow:
    value: FeatureValue
    field: Any  # the bound share field
    pool_count: int
    pool_share: Decimal | None  # percent of the pool
    seat_range: tuple[int, int] | None


@dataclass(frozen=True)
class FeatureBlock:
    feature: Feature
    rows: list[ValueRow]
    errors: list[str]
    stray: int  # sign-ups in the pool whose answer is none of the values


def _blocks(
    recruitment: Recruitment, form: TargetsForm, check: Check | None
) -> tuple[list[FeatureBlock], int]:
    pool = targets_services.answers(recruitment, SignUp.Status.POOL)
    total = len(pool)
    by_feature: dict[int, list[FeatureValue]] = {}
    for value in form.values:
        by_feature.setdefault(value.feature_id, []).append(value)
    blocks = []
    for feature in Feature.objects.filter(recruitment=recruitment):
        counts = targets_services.value_counts(pool, feature.key)
        rows = []
        for value in by_feature.get(feature.pk, []):
            count = counts.get(value.value, 0)
            rows.append(
                ValueRow(
                    value=value,
                    field=form[form.share_name(value)],
                    pool_count=count,
                    pool_share=(Decimal(100 * count) / total).quantize(Decimal("0.1"))
                    if total
                    else None,
                    seat_range=check.ranges.get((feature.key, value.value)) if check else None,
                )
            )
        known = sum(counts.get(row.value.value, 0) for row in rows)
        blocks.append(
            FeatureBlock(feature, rows, form.feature_errors.get(feature.pk, []), total - known)
        )
    return blocks, total


def _form_check(recruitment: Recruitment, form: TargetsForm) -> Check | None:
    """The check on the form's values, or None when the form itself has errors."""
    if not form.is_valid():
        return None
    return check_targets(recruitment, form.shares(), form.cleaned_data["tolerance"])


def _form_problems(form: TargetsForm) -> list[str]:
    problems = [str(error) for error in form.non_field_errors()]
    for name, errors in form.errors.items():
        if name != "__all__":
            problems += [f"{form.fields[name].label}: {error}" for error in errors]
    return problems


@never_cache
@rule_required(can_manage_recruitment, get_object=_assembly)
def targets(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = _assembly(request, slug)
    recruitment = recruitment_of(assembly)
    values = ordered_values(recruitment)
    status = 200
    if request.method == "POST":
        data: QueryDict = request.POST.copy()
        # The check's "use this tolerance" button submits this form with its suggestion.
        suggested = str(data.get("apply_tolerance", ""))
        if suggested.isdigit():
            data["tolerance"] = suggested
        form = TargetsForm(data, recruitment=recruitment, values=values)
        if form.is_valid():
            targets_services.save_targets(
                recruitment, form.shares(), form.cleaned_data["tolerance"]
            )
            messages.success(request, _("The targets are saved."))
            return redirect(_targets_url(assembly))
        status = 400
        check = None
    else:
        form = TargetsForm(recruitment=recruitment, values=values)
        check = check_targets(recruitment)
    blocks, pool_total = _blocks(recruitment, form, check)
    context = {
        "assembly": assembly,
        "recruitment": recruitment,
        "form": form,
        "blocks": blocks,
        "pool_total": pool_total,
        "check": check,
        "problems": _form_problems(form) if form.is_bound else [],
    }
    return render(request, "recruitment/targets/targets.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
@rule_required(can_manage_recruitment, get_object=_assembly)
def targets_check(request: HttpRequest, slug: str) -> HttpResponse:
    """The check as an HTML fragment: on the stored targets (GET) or on the targets form's
    unsaved values (POST). Nothing is saved either way."""
    assembly = _assembly(request, slug)
    recruitment = recruitment_of(assembly)
    check: Check | None
    problems: list[str] = []
    if request.method == "POST":
        values = ordered_values(recruitment)
        form = TargetsForm(request.POST, recruitment=recruitment, values=values)
        check = _form_check(recruitment, form)
        if check is None:
            problems = _form_problems(form)
    else:
        check = check_targets(recruitment)
    return render(
        request,
        "recruitment/targets/_check.html",
        {"assembly": assembly, "check": check, "problems": problems},
    )


def _feature_page(
    request: HttpRequest,
    assembly: Assembly,
    form: FeatureForm,
    value_forms: Any,
    usage: dict[str, int],
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "recruitment/targets/feature.html",
        {
            "assembly": assembly,
            "form": form,
            "value_forms": value_forms,
            "usage": usage,
            "feature": form.instance if form.instance.pk else None,
        },
        status=status,
    )


@never_cache
@rule_required(can_manage_recruitment, get_object=_assembly)
def feature_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    """Add a criterion (no pk) or edit one, with its values and shares."""
    assembly = _assembly(request, slug)
    recruitment = recruitment_of(assembly)
    if pk is None:
        feature = Feature(recruitment=recruitment)
        old_key = None
    else:
        feature = get_object_or_404(Feature, recruitment=recruitment, pk=pk)
        old_key = feature.key
    usage: dict[str, int] = {}
    if old_key is not None:
        usage = dict(targets_services.value_counts(targets_services.answers(recruitment), old_key))
    if request.method != "POST":
        form = FeatureForm(instance=feature, recruitment=recruitment)
        value_forms = FeatureValueFormSet(instance=feature, prefix="values", usage=usage)
        return _feature_page(request, assembly, form, value_forms, usage)
    form = FeatureForm(request.POST, instance=feature, recruitment=recruitment)
    value_forms = FeatureValueFormSet(request.POST, instance=feature, prefix="values", usage=usage)
    if not (form.is_valid() and value_forms.is_valid()):
        return _feature_page(request, assembly, form, value_forms, usage, status=400)
    saved = targets_services.save_feature(form.save(commit=False), old_key, value_forms)
    messages.success(request, _("%(feature)s is saved.") % {"feature": saved.label})
    return redirect(_targets_url(assembly))


@never_cache
@rule_required(can_manage_recruitment, get_object=_assembly)
def feature_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    assembly = _assembly(request, slug)
    recruitment = recruitment_of(assembly)
    feature = get_object_or_404(Feature, recruitment=recruitment, pk=pk)
    if request.method == "POST":
        label = feature.label
        targets_services.delete_feature(feature)
        messages.success(request, _("%(feature)s is deleted.") % {"feature": label})
        return redirect(_targets_url(assembly))
    answered = sum(
        targets_services.value_counts(targets_services.answers(recruitment), feature.key).values()
    )
    return render(
        request,
        "recruitment/targets/feature_delete.html",
        {"assembly": assembly, "feature": feature, "answered": answered},
    )


@never_cache
@rule_required(can_manage_recruitment, get_object=_assembly)
def targets_upload(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = _assembly(request, slug)
    recruitment = recruitment_of(assembly)
    errors: list[str] = []
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                table = read_uploaded_table(form.cleaned_data["file"])
                result = import_targets(recruitment, table)
            except InputError as exc:
                errors = [error_text(exc)]
            except TargetsRefused as exc:
                errors = exc.errors
            else:
                messages.success(
                    request,
                    _(
                        "The targets are imported: %(updated)d share(s) changed and "
                        "%(created)d value(s) added for %(features)d criteria."
                    )
                    % {
                        "updated": result.updated,
                        "created": result.created,
                        "features": result.features,
                    },
                )
                return redirect(_targets_url(assembly))
    else:
        form = UploadForm()
    status = 400 if (errors or form.errors) else 200
    features = Feature.objects.filter(recruitment=recruitment).prefetch_related("values")
    return render(
        request,
        "recruitment/targets/import.html",
        {"assembly": assembly, "form": form, "errors": errors, "features": features},
        status=status,
    )
