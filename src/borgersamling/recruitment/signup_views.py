"""The public sign-up (tilmelding), reached with the code from the invitation letter.

No login: the letter's code is the key. Whoever has it may sign up once, see exactly what is
stored, correct it while the sign-up is open, withdraw, and answer if drawn. Wrong codes are
counted and, after a few, refused for a while, so codes cannot be guessed. The code a person
entered is kept in their browser session, so they are not asked for it again.

The secretariat's settings page for dates, consent text and letter is here too.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from borgersamling.accounts.permissions import rule_required
from borgersamling.accounts.ratelimit import AttemptLimiter
from borgersamling.accounts.tokens import format_code, normalize_code
from borgersamling.assemblies.models import Assembly
from borgersamling.recruitment import panel, services, signup_services
from borgersamling.recruitment.models import (
    Feature,
    Invitation,
    PersonalDataAccess,
    Recruitment,
    SignUp,
)
from borgersamling.recruitment.rules import can_manage_recruitment
from borgersamling.recruitment.settings_forms import RecruitmentSettingsForm
from borgersamling.recruitment.signup_forms import CodeForm, SignUpForm
from borgersamling.site import clock

# Codes typed or opened by URL: 5 wrong per session, 30 per address in 15 minutes.
SIGNUP_CODE_ATTEMPTS = AttemptLimiter("signup-code")
# {assembly slug: code}: the code this browser entered, so the person is not asked again.
SESSION_CODES = "recruitment.signup_codes"
# What the person may do on their own page with a POST.
ACTIONS = {"update", "withdraw", "confirm", "decline"}
# Actions that ask "are you sure?" first, on a page of their own.
CONFIRMED_ACTIONS = {"withdraw", "decline"}


def _recruitment(slug: str) -> Recruitment:
    return services.recruitment_of(get_object_or_404(Assembly, slug=slug))


def _features(recruitment: Recruitment) -> list[Feature]:
    return list(recruitment.features.prefetch_related("values"))


def _page(
    request: HttpRequest,
    recruitment: Recruitment,
    template: str,
    status: int = 200,
    **context: Any,
) -> HttpResponse:
    assembly = recruitment.assembly
    now = clock.now()
    invitation = context.get("invitation")
    return render(
        request,
        f"recruitment/signup/{template}",
        {
            "assembly": assembly,
            "recruitment": recruitment,
            "sessions": assembly.sessions.all(),
            "now": now,
            "is_open": recruitment.signup_is_open(now),
            "code": format_code(invitation.code) if isinstance(invitation, Invitation) else "",
            **context,
        },
        status=status,
    )


def _remember(request: HttpRequest, recruitment: Recruitment, code: str) -> None:
    codes = dict(request.session.get(SESSION_CODES, {}))
    codes[recruitment.assembly.slug] = code
    request.session[SESSION_CODES] = codes


def _remembered(request: HttpRequest, recruitment: Recruitment) -> Invitation | None:
    code = request.session.get(SESSION_CODES, {}).get(recruitment.assembly.slug)
    if not code:
        return None
    return Invitation.objects.filter(recruitment=recruitment, code=code).first()


def _signup_of(invitation: Invitation) -> SignUp | None:
    return (
        SignUp.objects.filter(invitation=invitation)
        .select_related("duplicate_of")
        .prefetch_related("available_sessions")
        .first()
    )


def _by_code(
    request: HttpRequest, recruitment: Recruitment, code: str
) -> Invitation | HttpResponse:
    """The invitation behind a code in the URL, or the page that refuses it."""
    if SIGNUP_CODE_ATTEMPTS.is_blocked(request):
        return _page(request, recruitment, "blocked.html", status=429)
    normal = normalize_code(code)
    invitation = (
        Invitation.objects.filter(recruitment=recruitment, code=normal)
        .select_related("resident")
        .first()
        if normal
        else None
    )
    if invitation is None:
        SIGNUP_CODE_ATTEMPTS.record_failure(request)
        return _page(request, recruitment, "unknown_code.html", status=404)
    _remember(request, recruitment, invitation.code)
    return invitation


def _url(name: str, invitation: Invitation) -> str:
    return reverse(
        f"recruitment:{name}",
        kwargs={"slug": invitation.recruitment.assembly.slug, "code": invitation.code},
    )


@never_cache
def signup(request: HttpRequest, slug: str) -> HttpResponse:
    """The sign-up's front door: what the assembly is, whether sign-up is open, the code."""
    recruitment = _recruitment(slug)
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if SIGNUP_CODE_ATTEMPTS.is_blocked(request):
            return _page(request, recruitment, "start.html", status=429, form=form, blocked=True)
        if form.is_valid():
            invitation = Invitation.objects.filter(
                recruitment=recruitment, code=form.cleaned_data["code"]
            ).first()
            if invitation is not None:
                SIGNUP_CODE_ATTEMPTS.reset(request)
                _remember(request, recruitment, invitation.code)
                if SignUp.objects.filter(invitation=invitation).exists():
                    return redirect(_url("my-signup", invitation))
                return redirect(_url("signup-form", invitation))
            form.add_error(
                "code",
                _("We do not know this code. Check that you typed it exactly as on the letter."),
            )
        SIGNUP_CODE_ATTEMPTS.record_failure(request)
        status = 400
    remembered = _remembered(request, recruitment)
    return _page(
        request,
        recruitment,
        "start.html",
        status=status,
        form=form,
        remembered=remembered,
        remembered_signed_up=remembered is not None
        and SignUp.objects.filter(invitation=remembered).exists(),
    )


@never_cache
def signup_form(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    recruitment = _recruitment(slug)
    found = _by_code(request, recruitment, code)
    if isinstance(found, HttpResponse):
        return found
    invitation = found
    existing = _signup_of(invitation)
    if existing is not None:
        return _page(request, recruitment, "already.html", invitation=invitation, signup=existing)
    if not recruitment.signup_is_open(clock.now()):
        return _page(request, recruitment, "closed.html", invitation=invitation)
    consent_text = recruitment.consent_text_rendered()
    features = _features(recruitment)
    arguments: dict[str, Any] = {
        "features": features,
        "sessions": recruitment.assembly.sessions.all(),
        "consent_text": consent_text,
    }
    if request.method == "POST":
        form = SignUpForm(request.POST, **arguments)
        if form.is_valid():
            try:
                signup_services.create_signup(recruitment, invitation, form, consent_text)
            except signup_services.AlreadySignedUp:
                return redirect(_url("signup-form", invitation))
            return redirect(_url("signup-done", invitation))
        status = 400
    else:
        form = SignUpForm(
            initial=SignUpForm.initial_from(None, invitation.resident, features), **arguments
        )
        status = 200
    return _page(
        request,
        recruitment,
        "form.html",
        status=status,
        form=form,
        invitation=invitation,
        consent_paragraphs=paragraphs(consent_text),
    )


@never_cache
def signup_done(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    recruitment = _recruitment(slug)
    found = _by_code(request, recruitment, code)
    if isinstance(found, HttpResponse):
        return found
    signup = _signup_of(found)
    if signup is None:
        return redirect(_url("signup-form", found))
    return _page(request, recruitment, "done.html", invitation=found, signup=signup)


@never_cache
def my_signup(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    """Everything stored about the person with this code, and what they may do about it."""
    recruitment = _recruitment(slug)
    found = _by_code(request, recruitment, code)
    if isinstance(found, HttpResponse):
        return found
    invitation = found
    signup = _signup_of(invitation)
    is_open = recruitment.signup_is_open(clock.now())
    features = _features(recruitment)
    form: SignUpForm | None = None
    if signup is not None and signup_services.may_change(signup, is_open):
        arguments: dict[str, Any] = {
            "features": features,
            "sessions": recruitment.assembly.sessions.all(),
            "ask_consent": False,
        }
        form = SignUpForm(initial=SignUpForm.initial_from(signup, None, features), **arguments)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if signup is None or action not in ACTIONS:
            return HttpResponseBadRequest(_("Nothing to do."))
        if action == "update":
            if form is None:
                messages.error(request, _("Your sign-up can no longer be changed here."))
                return redirect(_url("my-signup", invitation))
            form = SignUpForm(request.POST, **arguments)
            if form.is_valid():
                signup_services.correct_signup(signup, form, is_open)
                messages.success(request, _("Your changes are saved."))
                return redirect(_url("my-signup", invitation))
            status = 400
        else:
            return _answer(request, invitation, signup, action)
    elif signup is not None and request.GET.get("action") in CONFIRMED_ACTIONS:
        action = request.GET["action"]
        if _action_allowed(signup, action):
            return _page(
                request, recruitment, f"confirm_{action}.html", invitation=invitation, signup=signup
            )
    if signup is not None or invitation.resident is not None:
        services.log_access(
            recruitment,
            None,
            PersonalDataAccess.Action.SELF,
            signup=signup,
            detail="the person opened their own data with their code",
        )
    return _page(
        request,
        recruitment,
        "my_data.html",
        status=status,
        invitation=invitation,
        signup=signup,
        form=form,
        consent_paragraphs=paragraphs(signup.consent_text) if signup else [],
        features=features,
        feature_answers=_feature_answers(features, signup.features if signup else {}),
        resident_answers=_feature_answers(
            features, invitation.resident.features if invitation.resident else {}
        ),
        masked_person_id=_masked(invitation.resident.person_id) if invitation.resident else "",
        access_log=(
            PersonalDataAccess.objects.filter(recruitment=recruitment, signup_number=signup.number)
            if signup is not None
            else PersonalDataAccess.objects.none()
        )[:50],
        may_withdraw=signup is not None and _action_allowed(signup, "withdraw"),
        may_answer=signup is not None and signup.status == SignUp.Status.SELECTED,
    )


def paragraphs(text: str) -> list[str]:
    """The consent text's lines, each shown as a paragraph (it is written one point a line)."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _action_allowed(signup: SignUp, action: str) -> bool:
    if action == "withdraw":
        return signup.status == SignUp.Status.POOL
    return signup.status == SignUp.Status.SELECTED


def _answer(
    request: HttpRequest, invitation: Invitation, signup: SignUp, action: str
) -> HttpResponse:
    """Withdraw from the pool, or confirm or decline a seat."""
    try:
        if action == "withdraw":
            signup_services.withdraw_signup(signup)
            messages.success(request, _("You have withdrawn your sign-up. Thank you."))
        elif action == "confirm":
            panel.confirm(signup)
            messages.success(
                request, _("Thank you! Your seat is confirmed. The secretariat will contact you.")
            )
        else:
            panel.decline(signup)
            messages.success(
                request, _("You have declined the seat. Thank you for telling us in time.")
            )
    except (panel.AnswerRefused, signup_services.NotChangeable):
        messages.error(request, _("That is not possible any more. Contact the secretariat."))
    else:
        services.log_access(
            signup.recruitment,
            None,
            PersonalDataAccess.Action.EDIT,
            signup=signup,
            detail=f"{action} by the person with their code",
        )
    return redirect(_url("my-signup", invitation))


def _feature_answers(features: list[Feature], answers: dict[str, str]) -> list[tuple[str, str]]:
    """(label, answer as shown) for every stored answer, the recruitment's features first;
    an answer to a feature that no longer exists is still shown, as stored."""
    shown = []
    known = set()
    for feature in features:
        if feature.key in answers:
            known.add(feature.key)
            value = answers[feature.key]
            labels = {option.value: option.display for option in feature.values.all()}
            shown.append((feature.label, labels.get(value, value)))
    shown.extend((key, str(value)) for key, value in answers.items() if key not in known)
    return shown


def _masked(person_id: str) -> str:
    """Register ids may be CPR numbers: show only the last four characters on a page anyone
    holding the letter can open."""
    visible = 4
    if len(person_id) <= visible:
        return person_id
    return "•" * (len(person_id) - visible) + person_id[-visible:]


def _assembly(request: HttpRequest, slug: str) -> Assembly:
    return get_object_or_404(Assembly, slug=slug)


@never_cache
@rule_required(can_manage_recruitment, get_object=_assembly)
def recruitment_settings(request: HttpRequest, slug: str) -> HttpResponse:
    """Sign-up dates, consent text, retention, tolerance and the letter."""
    assembly = _assembly(request, slug)
    recruitment = services.recruitment_of(assembly)
    if request.method == "POST":
        # A copy, so a form that fails does not change what the page around it shows.
        form = RecruitmentSettingsForm(
            request.POST, instance=Recruitment.objects.get(pk=recruitment.pk)
        )
        if form.is_valid():
            form.save()
            messages.success(request, _("The recruitment settings are saved."))
            # Back to the same page: the saved dates and the consent text as now shown.
            return redirect("recruitment:settings", slug=assembly.slug)
        status = 400
    else:
        form = RecruitmentSettingsForm(instance=recruitment)
        status = 200
    return render(
        request,
        "recruitment/signup/settings.html",
        {
            "assembly": assembly,
            "recruitment": recruitment,
            "form": form,
            "is_open": recruitment.signup_is_open(clock.now()),
            "public_url": request.build_absolute_uri(
                reverse("recruitment:signup", kwargs={"slug": assembly.slug})
            ),
        },
        status=status,
    )
