"""Logging in and out: password (+ TOTP) for the secretariat, one-time link or code for
members, and the account page where the secretariat sets up two-factor login."""

from __future__ import annotations

import time
from base64 import b32encode
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from borgersamling.accounts import rules, services
from borgersamling.accounts.forms import (
    CodeLoginForm,
    ParticipantForm,
    PasswordLoginForm,
    TOTPTokenForm,
)
from borgersamling.accounts.models import LoginToken, Participant, Role
from borgersamling.accounts.permissions import RuleRequiredMixin
from borgersamling.accounts.qr import qr_svg
from borgersamling.accounts.ratelimit import CODE_ATTEMPTS, PASSWORD_ATTEMPTS
from borgersamling.assemblies.models import Assembly

# Between the password and the TOTP step the user is not logged in; the session only
# remembers who passed the first step, for a few minutes.
PENDING_USER = "accounts.pending_user"
PENDING_BACKEND = "accounts.pending_backend"
PENDING_SINCE = "accounts.pending_since"
PENDING_NEXT = "accounts.pending_next"
PENDING_SECONDS = 5 * 60
# The TOTP key being enrolled, kept in the session until the first token confirms it.
ENROL_DEVICE = "accounts.enrol_device"

sensitive = method_decorator(sensitive_post_parameters(), name="dispatch")
no_cache = method_decorator(never_cache, name="dispatch")


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _next_from(request: HttpRequest) -> str:
    return _safe_next(request, request.POST.get("next") or request.GET.get("next"))


def _too_many_attempts(
    request: HttpRequest, template: str, context: dict[str, Any]
) -> HttpResponse:
    context["blocked"] = True
    return render(request, template, context, status=429)


@sensitive
@no_cache
class PasswordLoginView(View):
    template_name = "accounts/login.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        form = PasswordLoginForm(request)
        return render(request, self.template_name, {"form": form, "next": _next_from(request)})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = PasswordLoginForm(request, data=request.POST)
        username = request.POST.get("username", "").strip().lower()
        context = {"form": form, "next": _next_from(request)}
        if PASSWORD_ATTEMPTS.is_blocked(request, username):
            return _too_many_attempts(request, self.template_name, context)
        if not form.is_valid():
            PASSWORD_ATTEMPTS.record_failure(request, username)
            return render(request, self.template_name, context)
        user = form.get_user()
        PASSWORD_ATTEMPTS.reset(request, username)
        if user_has_device(user, confirmed=True):
            request.session[PENDING_USER] = user.pk
            request.session[PENDING_BACKEND] = user.backend
            request.session[PENDING_SINCE] = time.time()
            request.session[PENDING_NEXT] = context["next"]
            return redirect("accounts:login-totp")
        auth_login(request, user)
        return HttpResponseRedirect(_next_from(request))


@sensitive
@no_cache
class TOTPLoginView(View):
    """Second step: a code from the authenticator app of a user who gave the right password."""

    template_name = "accounts/login_totp.html"

    def _pending_user(self, request: HttpRequest) -> User | None:
        user_pk = request.session.get(PENDING_USER)
        since = request.session.get(PENDING_SINCE, 0.0)
        if user_pk is None or time.time() - float(since) > PENDING_SECONDS:
            return None
        return User.objects.filter(pk=user_pk, is_active=True).first()

    def _expired(self, request: HttpRequest) -> HttpResponse:
        for key in (PENDING_USER, PENDING_BACKEND, PENDING_SINCE, PENDING_NEXT):
            request.session.pop(key, None)
        messages.info(request, _("Please log in again."))
        return redirect("accounts:login")

    def get(self, request: HttpRequest) -> HttpResponse:
        if self._pending_user(request) is None:
            return self._expired(request)
        return render(request, self.template_name, {"form": TOTPTokenForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        user = self._pending_user(request)
        if user is None:
            return self._expired(request)
        form = TOTPTokenForm(request.POST)
        context: dict[str, Any] = {"form": form}
        if CODE_ATTEMPTS.is_blocked(request, f"totp:{user.pk}"):
            return _too_many_attempts(request, self.template_name, context)
        if form.is_valid():
            device = next(
                (
                    device
                    for device in TOTPDevice.objects.devices_for_user(user, confirmed=True)
                    if device.verify_token(form.cleaned_data["token"])
                ),
                None,
            )
            if device is not None:
                next_url = _safe_next(request, request.session.get(PENDING_NEXT))
                user.backend = request.session[PENDING_BACKEND]
                for key in (PENDING_USER, PENDING_BACKEND, PENDING_SINCE, PENDING_NEXT):
                    request.session.pop(key, None)
                CODE_ATTEMPTS.reset(request, f"totp:{user.pk}")
                auth_login(request, user)
                otp_login(request, device)
                return HttpResponseRedirect(next_url)
            form.add_error(
                "token", _("That code is not correct or has expired. Try the newest code.")
            )
        CODE_ATTEMPTS.record_failure(request, f"totp:{user.pk}")
        return render(request, self.template_name, context)


def _log_in_participant(request: HttpRequest, participant: Participant) -> HttpResponse:
    user = participant.user
    assert user is not None  # redeem_login only returns participants with a user
    auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(
        request, _("Welcome, %(name)s. You are logged in.") % {"name": participant.name}
    )
    next_url = _next_from(request)
    if next_url == resolve_url(settings.LOGIN_REDIRECT_URL) and participant.role == Role.MEMBER:
        # Asked for no page in particular: a member lands on their own assembly page.
        next_url = reverse("members:me", kwargs={"slug": participant.assembly.slug})
    return HttpResponseRedirect(next_url)


@sensitive
@no_cache
class CodeLoginView(View):
    """Members type the personal code from their letter or message."""

    template_name = "accounts/login_code.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(
            request, self.template_name, {"form": CodeLoginForm(), "next": _next_from(request)}
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        form = CodeLoginForm(request.POST)
        context: dict[str, Any] = {"form": form, "next": _next_from(request)}
        if CODE_ATTEMPTS.is_blocked(request):
            return _too_many_attempts(request, self.template_name, context)
        if form.is_valid():
            participant = services.redeem_login(LoginToken.Kind.CODE, form.cleaned_data["code"])
            if participant is not None:
                CODE_ATTEMPTS.reset(request)
                return _log_in_participant(request, participant)
            form.add_error(
                "code",
                _(
                    "This code does not work. It may be mistyped, already used or expired. "
                    "Ask the secretariat for a new one."
                ),
            )
        CODE_ATTEMPTS.record_failure(request)
        return render(request, self.template_name, context)


@no_cache
class LinkLoginView(View):
    """A personal link. Opening it shows a button; only pressing it uses the link, because
    mail scanners and link previews open links too and would use up a single-use link."""

    template_name = "accounts/login_link.html"

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        usable = services.find_usable_login(LoginToken.Kind.LINK, token)
        return render(
            request,
            self.template_name,
            {"usable": usable is not None, "next": _next_from(request)},
            status=200 if usable is not None else 404,
        )

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        if CODE_ATTEMPTS.is_blocked(request):
            return _too_many_attempts(request, self.template_name, {"usable": False})
        participant = services.redeem_login(LoginToken.Kind.LINK, token)
        if participant is None:
            CODE_ATTEMPTS.record_failure(request)
            return render(request, self.template_name, {"usable": False}, status=404)
        CODE_ATTEMPTS.reset(request)
        return _log_in_participant(request, participant)


@no_cache
class LogoutView(View):
    template_name = "accounts/logout.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name)

    def post(self, request: HttpRequest) -> HttpResponse:
        auth_logout(request)
        messages.info(request, _("You are logged out."))
        return redirect("accounts:login")


@no_cache
class AccountView(RuleRequiredMixin, View):
    rule = rules.is_authenticated
    template_name = "accounts/account.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        participations = (
            Participant.objects.filter(user_id=request.user.pk or 0, is_active=True)
            .select_related("assembly")
            .order_by("assembly_id", "role")
        )
        has_password = rules.can_use_two_factor(request.user)
        context = {
            "participations": participations,
            "has_password": has_password,
            "has_totp": has_password and user_has_device(request.user, confirmed=True),
        }
        return render(request, self.template_name, context)


@sensitive
@no_cache
class TOTPEnrolView(RuleRequiredMixin, View):
    """Set up the authenticator app: show a QR code (drawn here, as SVG) and confirm it with
    the first code. The device is only saved once that code is right."""

    rule = rules.can_use_two_factor
    template_name = "accounts/totp_enrol.html"

    def _device(self, request: HttpRequest) -> TOTPDevice:
        key = request.session.get(ENROL_DEVICE)
        device = TOTPDevice(user=request.user, name=_("Authenticator app"), confirmed=False)
        if key:
            device.key = key
        else:
            request.session[ENROL_DEVICE] = device.key
        return device

    def _context(
        self, request: HttpRequest, device: TOTPDevice, form: TOTPTokenForm
    ) -> dict[str, Any]:
        return {
            "form": form,
            "qr": qr_svg(device.config_url, _("QR code for your authenticator app")),
            "secret": _base32(device.bin_key),
        }

    def get(self, request: HttpRequest) -> HttpResponse:
        if user_has_device(request.user, confirmed=True):
            messages.info(request, _("Two-factor login is already on."))
            return redirect("accounts:account")
        device = self._device(request)
        return render(request, self.template_name, self._context(request, device, TOTPTokenForm()))

    def post(self, request: HttpRequest) -> HttpResponse:
        device = self._device(request)
        form = TOTPTokenForm(request.POST)
        if form.is_valid():
            # Checked without touching the database: nothing is stored until the app works.
            totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
            if totp.verify(int(form.cleaned_data["token"]), tolerance=device.tolerance):
                device.last_t = totp.t()
                device.confirmed = True
                with transaction.atomic():
                    TOTPDevice.objects.filter(user_id=request.user.pk).delete()
                    device.save()
                request.session.pop(ENROL_DEVICE, None)
                otp_login(request, device)
                messages.success(
                    request,
                    _("Two-factor login is on. You will be asked for a code each time you log in."),
                )
                return redirect("accounts:account")
            form.add_error(
                "token",
                _("That code is not correct. Check your phone's clock and try the newest code."),
            )
        return render(request, self.template_name, self._context(request, device, form))


@sensitive
@no_cache
class TOTPDisableView(RuleRequiredMixin, View):
    rule = rules.can_use_two_factor
    template_name = "accounts/totp_disable.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": TOTPTokenForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = TOTPTokenForm(request.POST)
        if CODE_ATTEMPTS.is_blocked(request, f"totp:{request.user.pk}"):
            return _too_many_attempts(request, self.template_name, {"form": form})
        if form.is_valid():
            devices = list(TOTPDevice.objects.devices_for_user(request.user, confirmed=True))
            if any(device.verify_token(form.cleaned_data["token"]) for device in devices):
                TOTPDevice.objects.filter(user=request.user).delete()
                messages.success(request, _("Two-factor login is off."))
                return redirect("accounts:account")
            form.add_error(
                "token", _("That code is not correct or has expired. Try the newest code.")
            )
        CODE_ATTEMPTS.record_failure(request, f"totp:{request.user.pk}")
        return render(request, self.template_name, {"form": form})


def _base32(key: bytes) -> str:
    """The key for typing by hand, in groups of four."""
    text = b32encode(key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


class AssemblyRuleMixin(RuleRequiredMixin):
    """Pages under ``/assemblies/<slug>/``: the rule is checked against that assembly."""

    kwargs: dict[str, Any]

    def get_permission_object(self) -> Assembly:
        self.assembly = get_object_or_404(Assembly, slug=self.kwargs["slug"])
        return self.assembly


@no_cache
class PeopleView(AssemblyRuleMixin, View):
    """Who is in the room: names and roles for members and the secretariat; contact details
    and login status for the secretariat only."""

    rule = rules.can_view_people
    template_name = "accounts/people.html"

    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        people = Participant.objects.filter(assembly=self.assembly, is_active=True).order_by(
            "role", "name"
        )
        groups = [
            (label, [person for person in people if person.role == value])
            for value, label in Role.choices
        ]
        can_manage = rules.can_manage_participants(request.user, self.assembly)
        context = {
            "assembly": self.assembly,
            "groups": [(label, members) for label, members in groups if members],
            "personal_data": rules.can_view_personal_data(request.user, self.assembly),
            "can_manage": can_manage,
            # Only those who can make them active again see the inactive people.
            "inactive": (
                Participant.objects.filter(assembly=self.assembly, is_active=False).order_by("name")
                if can_manage
                else Participant.objects.none()
            ),
        }
        return render(request, self.template_name, context)


@no_cache
class IssueLoginView(AssemblyRuleMixin, View):
    """The secretariat issues a fresh link and code for one person and sees them once."""

    rule = rules.can_manage_participants
    template_name = "accounts/issued_login.html"

    def post(self, request: HttpRequest, slug: str, pk: int) -> HttpResponse:
        participant = get_object_or_404(Participant, pk=pk, assembly=self.assembly)
        if not participant.logs_in_with_code:
            messages.error(request, _("This person does not log in with a code."))
            return redirect("accounts:people", slug=slug)
        issuer = request.user if isinstance(request.user, User) else None
        link = services.issue_login(participant, LoginToken.Kind.LINK, issued_by=issuer)
        code = services.issue_login(participant, LoginToken.Kind.CODE, issued_by=issuer)
        context = {
            "assembly": self.assembly,
            "participant": participant,
            "link": request.build_absolute_uri(link.path),
            "link_qr": qr_svg(
                request.build_absolute_uri(link.path), _("QR code with the personal login link")
            ),
            "code": code.code,
            "expires_at": code.expires_at,
        }
        return render(request, self.template_name, context)


@no_cache
class PersonAddView(AssemblyRuleMixin, View):
    """The secretariat adds a person to the assembly."""

    rule = rules.can_manage_participants
    template_name = "accounts/person_form.html"

    def _render(self, request: HttpRequest, form: ParticipantForm) -> HttpResponse:
        context = {"assembly": self.assembly, "form": form, "participant": None}
        return render(request, self.template_name, context)

    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        form = ParticipantForm(instance=Participant(assembly=self.assembly))
        return self._render(request, form)

    def post(self, request: HttpRequest, slug: str) -> HttpResponse:
        form = ParticipantForm(request.POST, instance=Participant(assembly=self.assembly))
        if not form.is_valid():
            return self._render(request, form)
        participant = services.add_participant(self.assembly, **form.cleaned_data)
        messages.success(request, _("%(name)s was added.") % {"name": participant.name})
        return redirect("accounts:people", slug=slug)


@no_cache
class PersonEditView(AssemblyRuleMixin, View):
    """The secretariat edits one person of this assembly (another assembly's people: 404)."""

    rule = rules.can_manage_participants
    template_name = "accounts/person_form.html"

    def _render(
        self, request: HttpRequest, form: ParticipantForm, participant: Participant
    ) -> HttpResponse:
        context = {"assembly": self.assembly, "form": form, "participant": participant}
        return render(request, self.template_name, context)

    def _participant(self, pk: int) -> Participant:
        return get_object_or_404(
            Participant.objects.select_related("user"), pk=pk, assembly=self.assembly
        )

    def get(self, request: HttpRequest, slug: str, pk: int) -> HttpResponse:
        participant = self._participant(pk)
        return self._render(request, ParticipantForm(instance=participant), participant)

    def post(self, request: HttpRequest, slug: str, pk: int) -> HttpResponse:
        participant = self._participant(pk)
        # The form works on a copy, so a rejected form leaves the person as they were.
        form = ParticipantForm(request.POST, instance=self._participant(pk))
        if not form.is_valid():
            return self._render(request, form, participant)
        services.update_participant(participant, **form.cleaned_data)
        messages.success(request, _("%(name)s was saved.") % {"name": participant.name})
        return redirect("accounts:people", slug=slug)
