"""Pages of the evaluation: the members' questionnaire, and the secretariat's settings,
results and CSV export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from borgersamling.accounts import rules
from borgersamling.assemblies.models import Assembly
from borgersamling.evaluation import exports, services
from borgersamling.evaluation.forms import AnswerForm, QuestionFormSet, ScheduleForm
from borgersamling.evaluation.models import Questionnaire
from borgersamling.evaluation.summary import MINIMUM_RESPONSES, summarize
from borgersamling.site import clock

CODE_LOGIN = "accounts:login-code"
PASSWORD_LOGIN = "accounts:login"


def refuse(request: HttpRequest, login: str) -> HttpResponse:
    """Visitors who are not logged in go to the login page; everyone else gets 403."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), login_url=reverse(login))
    raise PermissionDenied


def questionnaire_of(assembly: Assembly) -> Questionnaire | None:
    return Questionnaire.objects.filter(assembly=assembly).first()


# --- the members ----------------------------------------------------------------------------


@never_cache
def questionnaire(request: HttpRequest, slug: str) -> HttpResponse:
    """Members answer here, once. The secretariat sees the same page as a preview, without
    the button: they cannot answer."""
    assembly = get_object_or_404(Assembly, slug=slug)
    member = services.member_of(request.user.pk, assembly)
    preview = member is None and rules.is_secretariat(request.user, assembly)
    if member is None and not preview:
        # Members log in with their personal code, and come straight back here.
        return refuse(request, CODE_LOGIN)
    if preview and request.method == "POST":
        raise PermissionDenied
    found = questionnaire_of(assembly)
    now = clock.now()
    context: dict[str, object] = {
        "assembly": assembly,
        "questionnaire": found,
        "preview": preview,
        "minimum": MINIMUM_RESPONSES,
    }
    if found is None or (not preview and not found.is_open(now)):
        context["state"] = "closed" if found and found.has_opened(now) else "not-open"
        return render(request, "evaluation/unavailable.html", context)
    if member is not None and services.has_answered(found, member):
        return render(request, "evaluation/thanks.html", context)
    questions = list(found.questions.all())
    form = AnswerForm(request.POST or None, questions=questions)
    if request.method == "POST" and member is not None and form.is_valid():
        try:
            services.submit(found, member, form.replies(), now)
        except services.AlreadyAnswered:
            pass  # answered from another device meanwhile: the thank-you page says so
        except services.NotOpen:
            return redirect("evaluation:questionnaire", slug=assembly.slug)
        return redirect("evaluation:questionnaire", slug=assembly.slug)
    context["form"] = form
    return render(request, "evaluation/questionnaire.html", context)


# --- the secretariat ------------------------------------------------------------------------


def secretariat_assembly(request: HttpRequest, slug: str) -> Assembly | HttpResponse:
    assembly = get_object_or_404(Assembly, slug=slug)
    if not rules.is_secretariat(request.user, assembly):
        return refuse(request, PASSWORD_LOGIN)
    return assembly


@never_cache
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    """Create the questionnaire, set when it is open, and edit its questions until the first
    member has answered."""
    assembly = secretariat_assembly(request, slug)
    if isinstance(assembly, HttpResponse):
        return assembly
    found = questionnaire_of(assembly)
    action = request.POST.get("action") if request.method == "POST" else None
    here = reverse("evaluation:manage", kwargs={"slug": assembly.slug})
    if action == "create":
        services.create_questionnaire(assembly)
        messages.success(
            request, _("The questionnaire has been created with the default questions.")
        )
        return redirect(here)
    if found is None:
        return render(
            request, "evaluation/manage.html", {"assembly": assembly, "questionnaire": None}
        )
    locked = found.questions_are_locked()
    schedule = ScheduleForm(
        request.POST if action == "schedule" else None, instance=found, prefix="schedule"
    )
    questions = QuestionFormSet(
        request.POST if action == "questions" and not locked else None,
        queryset=found.questions.all(),
        prefix="questions",
    )
    if action == "schedule" and schedule.is_valid():
        schedule.save()
        messages.success(request, _("The dates have been saved."))
        return redirect(here)
    if action == "questions":
        if locked:
            messages.error(
                request, _("Members have answered: the questions can no longer be changed.")
            )
            return redirect(here)
        if questions.is_valid():
            with transaction.atomic():
                for question in questions.save(commit=False):
                    question.questionnaire = found
                    question.save()
                for question in questions.deleted_objects:
                    question.delete()
            messages.success(request, _("The questions have been saved."))
            return redirect(here)
    return render(
        request,
        "evaluation/manage.html",
        {
            "assembly": assembly,
            "questionnaire": found,
            "locked": locked,
            "schedule": schedule,
            "questions": questions,
            "is_open": found.is_open(clock.now()),
            "responses": found.responses.count(),
        },
    )


@never_cache
@require_GET
def results(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = secretariat_assembly(request, slug)
    if isinstance(assembly, HttpResponse):
        return assembly
    return render(
        request,
        "evaluation/results.html",
        {"assembly": assembly, "evaluation": summarize(assembly)},
    )


@never_cache
@require_GET
def export(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = secretariat_assembly(request, slug)
    if isinstance(assembly, HttpResponse):
        return assembly
    found = questionnaire_of(assembly)
    # Without a questionnaire the file is empty but for its header, like one with too few
    # responses: a download link never leads to an error page.
    body = exports.answers_csv(found) if found is not None else "#\r\n"
    response = HttpResponse(body.encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{assembly.slug}-evaluation.csv"'
    return response
