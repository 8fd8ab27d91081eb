"""The pool: the secretariat lists, filters, corrects, adds, withdraws and imports
sign-ups. Every page that shows a name or contact detail writes to the access log."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import CharField, Count, Q, QuerySet
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from borgersamling.accounts.permissions import rule_required
from borgersamling.assemblies.models import Assembly
from borgersamling.recruitment import pool_services
from borgersamling.recruitment.engine_text import error_text
from borgersamling.recruitment.models import Feature, PersonalDataAccess, Recruitment, SignUp
from borgersamling.recruitment.pool_forms import (
    NewSignUpForm,
    PoolFilterForm,
    PoolImportForm,
    SignUpForm,
)
from borgersamling.recruitment.pool_import import PoolRefused, import_pool
from borgersamling.recruitment.rules import can_manage_recruitment
from borgersamling.recruitment.services import log_access, recruitment_of
from borgersamling.recruitment.uploads import read_uploaded_table
from borgersamling.sortition.errors import InputError

PAGE_SIZE = 50
Action = PersonalDataAccess.Action


def _assembly(request: HttpRequest, slug: str, **kwargs: Any) -> Assembly:
    return get_object_or_404(Assembly, slug=slug)


def _features(recruitment: Recruitment) -> list[Feature]:
    return list(Feature.objects.filter(recruitment=recruitment).prefetch_related("values"))


def _labels(features: list[Feature]) -> dict[tuple[str, str], str]:
    return {(f.key, v.value): v.display for f in features for v in f.values.all()}


@dataclass(frozen=True)
class Answer:
    feature: Feature
    value: str
    label: str


def answers_of(
    signup: SignUp, features: list[Feature], labels: dict[tuple[str, str], str]
) -> list[Answer]:
    answers = []
    for feature in features:
        value = str(signup.features.get(feature.key, ""))
        answers.append(Answer(feature, value, labels.get((feature.key, value), value)))
    return answers


def _filtered(signups: QuerySet[SignUp], form: PoolFilterForm) -> QuerySet[SignUp]:
    if not form.is_valid():
        return signups
    data = form.cleaned_data
    if data["status"]:
        signups = signups.filter(status=data["status"])
    if data["duplicates"]:
        signups = signups.filter(duplicate_of__isnull=False, duplicate_cleared=False)
    for index, (key, value) in enumerate(form.feature_filters().items()):
        # KeyTextTransform takes the key literally, whatever characters it holds; the cast
        # makes the comparison one of text (else SQLite compares it as JSON).
        alias = f"answer_{index}"
        answer = Cast(KeyTextTransform(key, "features"), CharField())
        signups = signups.alias(**{alias: answer}).filter(**{alias: value})
    query = data["q"].strip()
    if query:
        match = Q(name__icontains=query) | Q(email__icontains=query)
        number = query.lstrip("#")
        if number.isdigit():
            match |= Q(number=int(number))
        signups = signups.filter(match)
    return signups


@never_cache
@rule_required(can_manage_recruitment, get_object=_assembly)
def pool(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = _assembly(request, slug)
    recruitment = recruitment_of(assembly)
    features = _features(recruitment)
    labels = _labels(features)
    form = PoolFilterForm(request.GET or None, features=features)
    everyone = SignUp.objects.filter(recruitment=recruitment)
    by_status = dict(
        everyone.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    statuses = [(value, label, by_status.get(value, 0)) for value, label in SignUp.Status.choices]
    flagged = everyone.filter(duplicate_of__isnull=False, duplicate_cleared=False).count()
    signups = _filtered(everyone.select_related("duplicate_of"), form).order_by("number")
    page = Paginator(signups, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(signup, answers_of(signup, features, labels)) for signup in page.object_list]
    log_access(
        recruitment,
        request.user,
        Action.LIST,
        people=len(rows),
        detail=f"pool page {page.number}: {request.GET.urlencode()}",
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "assembly": assembly,
        "form": form,
        "features": features,
        "rows": rows,
        "page": page,
        "statuses": statuses,
        "total": sum(by_status.values()),
        "flagged": flagged,
        "query": query.urlencode(),
    }
    return render(request, "recruitment/pool/list.html", context)


def _signup(recruitment: Recruitment, pk: int) -> SignUp:
    return get_object_or_404(
        SignUp.objects.select_related("duplicate_of", "invitation"),
        recruitment=recruitment,
        pk=pk,
    )


def _edit_url(assembly: Assembly, signup: SignUp) -> str:
    return reverse("recruitment:pool-edit", kwargs={"slug": assembly.slug, "pk": signup.pk})


def _detail_page(
    request: HttpRequest,
    assembly: Assembly,
    recruitment: Recruitment,
    signup: SignUp,
    form: SignUpForm | None,
    features: list[Feature],
    status: int = 200,
) -> HttpResponse:
    labels = _labels(features)
    original = signup.duplicate_of
    review = original is not None and not signup.duplicate_cleared
    log_access(recruitment, request.user, Action.VIEW, signup=signup, detail="pool: sign-up page")
    if review and original is not None:
        log_access(
            recruitment,
            request.user,
            Action.VIEW,
            signup=original,
            detail=f"pool: compared with #{signup.number}",
        )
    context = {
        "assembly": assembly,
        "recruitment": recruitment,
        "signup": signup,
        "form": form,
        "answers": answers_of(signup, features, labels),
        "original": original,
        "original_answers": answers_of(original, features, labels) if original else [],
        "review": review,
        "sessions": signup.available_sessions.all(),
        "original_sessions": original.available_sessions.all() if original else [],
    }
    return render(request, "recruitment/pool/signup.html", context, status=status)


@never_cache
@rule_required(can_manage_recruitment, get_object=_assembly)
def signup_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    assembly = _assembly(request, slug)
    recruitment = recruitment_of(assembly)
    signup = _signup(recruitment, pk)
    features = _features(recruitment)
    if signup.is_anonymised:
        if request.method == "POST":
            messages.error(request, _("An anonymised sign-up cannot be changed."))
            return redirect(_edit_url(assembly, signup))
        return _detail_page(request, assembly, recruitment, signup, None, features)
    if request.method == "POST":
        form = SignUpForm(request.POST, instance=signup, recruitment=recruitment, features=features)
        if form.is_valid():
            pool_services.save_signup(form, request.user)
            messages.success(
                request, _("Sign-up #%(number)d is saved.") % {"number": signup.number}
            )
            return redirect(_edit_url(assembly, signup))
        return _detail_page(request, assembly, recruitment, signup, form, features, status=400)
    form = SignUpForm(instance=signup, recruitment=recruitment, features=features)
    return _detail_page(request, assembly, recruitment, signup, form, features)


@never_cache
@rule_required(can_manage_recruitment, get_object=_assembly)
def signup_new(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = _assembly(request, slug)
    recruitment = recruitment_of(assembly)
    features = _features(recruitment)
    status = 200
    if request.method == "POST":
        form = NewSignUpForm(
            request.POST,
            instance=SignUp(recruitment=recruitment),
            recruitment=recruitment,
            features=features,
        )
        if form.is_valid():
            signup = pool_services.add_signup(recruitment, form, request.user)
            messages.success(
                request, _("Sign-up #%(number)d is added to the pool.") % {"number": signup.number}
            )
            return redirect(_edit_url(assembly, signup))
        status = 400
    else:
        form = NewSignUpForm(
            instance=SignUp(recruitment=recruitment), recruitment=recruitment, features=features
        )
    return render(
        request,
        "recruitment/pool/new.html",
        {"assembly": assembly, "recruitment": recruitment, "form": form},
        status=status,
    )


def _status_change(
    request: HttpRequest,
    slug: str,
    pk: int,
    change: Callable[[SignUp, pool_services.Actor], None],
    done: str,
) -> HttpResponse:
    assembly = _assembly(request, slug)
    signup = _signup(recruitment_of(assembly), pk)
    try:
        change(signup, request.user)
    except pool_services.NotAllowedNow:
        messages.error(
            request,
            _("Sign-up #%(number)d cannot be changed that way now (status: %(status)s).")
            % {"number": signup.number, "status": signup.get_status_display()},
        )
    else:
        messages.success(request, done % {"number": signup.number})
    return redirect(_edit_url(assembly, signup))


@rule_required(can_manage_recruitment, get_object=_assembly)
@require_POST
def signup_withdraw(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _status_change(
        request,
        slug,
        pk,
        pool_services.withdraw,
        _("Sign-up #%(number)d is withdrawn from the pool."),
    )


@rule_required(can_manage_recruitment, get_object=_assembly)
@require_POST
def signup_put_back(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _status_change(
        request, slug, pk, pool_services.put_back, _("Sign-up #%(number)d is back in the pool.")
    )


@rule_required(can_manage_recruitment, get_object=_assembly)
@require_POST
def signup_not_duplicate(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _status_change(
        request,
        slug,
        pk,
        pool_services.not_a_duplicate,
        _("Sign-up #%(number)d is kept as a different person."),
    )


@never_cache
@rule_required(can_manage_recruitment, get_object=_assembly)
def pool_upload(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = _assembly(request, slug)
    recruitment = recruitment_of(assembly)
    errors: list[str] = []
    if request.method == "POST":
        form = PoolImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                table = read_uploaded_table(form.cleaned_data["file"])
                result = import_pool(
                    recruitment,
                    table,
                    id_column=form.cleaned_data["id_column"],
                    address_column=form.cleaned_data["address_column"],
                    user=request.user,
                )
            except InputError as exc:
                errors = [error_text(exc)]
            except PoolRefused as exc:
                errors = exc.errors
            else:
                messages.success(
                    request,
                    _("%(count)d sign-ups are imported as #%(first)d to #%(last)d.")
                    % {
                        "count": result.count,
                        "first": result.first_number,
                        "last": result.last_number,
                    },
                )
                return redirect(reverse("recruitment:pool", kwargs={"slug": assembly.slug}))
    else:
        form = PoolImportForm()
    return render(
        request,
        "recruitment/pool/import.html",
        {"assembly": assembly, "form": form, "errors": errors, "features": _features(recruitment)},
        status=400 if (errors or form.errors) else 200,
    )
