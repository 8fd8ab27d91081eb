"""The guests' pages at the open session, and the secretariat's printable table cards.

A guest is known by a signed, HttpOnly cookie holding their random key, one cookie per
assembly. Nothing else identifies them: no account, no name. Every write is rate-limited
(``guest_limits``) and only accepted on the day of the open session.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_stubs_ext import StrOrPromise

from borgersamling.accounts.permissions import rule_required
from borgersamling.accounts.qr import qr_svg
from borgersamling.accounts.ratelimit import AttemptLimiter
from borgersamling.accounts.rules import is_secretariat
from borgersamling.assemblies.models import Assembly, Session, ThemeTable
from borgersamling.deliberation import guest_limits, guests
from borgersamling.deliberation.guest_forms import CardForm, SmileyForm, TableCodeForm
from borgersamling.deliberation.guests import GuestError
from borgersamling.deliberation.models import Draft, Guest, InputCard, Reaction, Section

# Wrong codes typed or opened: a brake on guessing other tables' codes. Generous per address,
# since a whole venue shares one.
CODE_ATTEMPTS = AttemptLimiter("guest-code", limit_per_session=10, limit_per_ip=100)

COOKIE_SALT = "borgersamling.deliberation.guest"
COOKIE_MAX_AGE = 24 * 60 * 60  # the open session is one evening


# --- the guest's cookie ---------------------------------------------------------------------


def cookie_name(assembly: Assembly) -> str:
    return f"bs_guest_{assembly.pk}"


def current_guest(request: HttpRequest, assembly: Assembly) -> Guest | None:
    key = request.get_signed_cookie(
        cookie_name(assembly), default="", salt=COOKIE_SALT, max_age=COOKIE_MAX_AGE
    )
    return guests.guest_by_key(assembly, str(key or ""))


def remember(request: HttpRequest, response: HttpResponse, guest: Guest) -> None:
    response.set_signed_cookie(
        cookie_name(guest.assembly),
        guest.key,
        salt=COOKIE_SALT,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure() or settings.SESSION_COOKIE_SECURE,
    )


# --- small helpers ----------------------------------------------------------------------------


def get_table(slug: str, number: int) -> ThemeTable:
    return get_object_or_404(
        ThemeTable.objects.select_related("assembly"), assembly__slug=slug, number=number
    )


def table_url(theme_table: ThemeTable) -> str:
    return reverse(
        "deliberation:guest-table",
        kwargs={"slug": theme_table.assembly.slug, "number": theme_table.number},
    )


def wants_json(request: HttpRequest) -> bool:
    """guest.js asks for JSON; a plain form post gets a redirect back to the draft."""
    return "application/json" in request.headers.get("Accept", "")


def closed(request: HttpRequest, assembly: Assembly, status: int = 200) -> HttpResponse:
    return render(
        request,
        "deliberation/guests/closed.html",
        {"assembly": assembly, "next_session": guests.next_open_session(assembly)},
        status=status,
    )


def too_many(
    request: HttpRequest, assembly: Assembly, message: str, back_url: str = ""
) -> HttpResponse:
    if wants_json(request):
        return JsonResponse({"error": message}, status=429)
    return render(
        request,
        "deliberation/guests/too_many.html",
        {"assembly": assembly, "message": message, "back_url": back_url},
        status=429,
    )


def start_page(request: HttpRequest, form: TableCodeForm, status: int = 200) -> HttpResponse:
    return render(request, "deliberation/guests/start.html", {"form": form}, status=status)


NO_SUCH_CODE = gettext_lazy("There is no table with this code. Check the card on the table.")
TOO_MANY_CODES = gettext_lazy("Too many wrong codes. Wait a few minutes, or ask a host.")


def code_error(typed: str, message: StrOrPromise) -> TableCodeForm:
    """The code form as typed, with ``message`` at the field."""
    form = TableCodeForm({"code": typed[:20]})
    form.is_valid()
    form.add_error("code", str(message))
    return form


# --- joining ----------------------------------------------------------------------------------


@never_cache
def start(request: HttpRequest) -> HttpResponse:
    """Type the table's code (for guests who cannot scan the QR code)."""
    if request.method != "POST":
        return start_page(request, TableCodeForm())
    form = TableCodeForm(request.POST)
    if CODE_ATTEMPTS.is_blocked(request):
        return start_page(request, code_error(request.POST.get("code", ""), TOO_MANY_CODES), 429)
    if form.is_valid():
        theme_table = guests.table_for_code(form.cleaned_data["code"])
        if theme_table is not None:
            code = guests.table_code(theme_table).code
            return redirect("deliberation:guest-join", table_code=code)
        form.add_error("code", NO_SUCH_CODE)
    CODE_ATTEMPTS.record_failure(request)
    return start_page(request, form)


@never_cache
def join(request: HttpRequest, table_code: str) -> HttpResponse:
    """The QR code's address: sit down at the table, as a new guest or the same one as
    before (a guest moving between tables keeps their smileys)."""
    if CODE_ATTEMPTS.is_blocked(request):
        return start_page(request, code_error(table_code, TOO_MANY_CODES), status=429)
    theme_table = guests.table_for_code(table_code)
    if theme_table is None:
        CODE_ATTEMPTS.record_failure(request)
        return start_page(request, code_error(table_code, NO_SUCH_CODE), status=404)
    assembly = theme_table.assembly
    if guests.open_session_today(assembly) is None:
        return closed(request, assembly)
    guest = current_guest(request, assembly)
    if guest is not None:
        guests.move_guest(guest, theme_table)
        return redirect(table_url(theme_table))
    if not guest_limits.JOINS.allow(request):
        return too_many(request, assembly, _("Too many guests joined from here just now."))
    guest = guests.new_guest(assembly, theme_table)
    response = redirect(table_url(theme_table))
    remember(request, response, guest)
    return response


# --- the table page ---------------------------------------------------------------------------


@dataclass
class GuestTarget:
    """A section or recommendation as the guest sees it, with their smiley and cards."""

    key: str
    heading: str
    text: str
    smiley: str = ""
    may_react: bool = True
    cards: list[InputCard] = field(default_factory=list)
    recommendations: list[GuestTarget] = field(default_factory=list)


def guest_targets(guest: Guest, draft: Draft) -> list[GuestTarget]:
    """The four sections of the current revision, each recommendation its own target."""
    revision = draft.current
    assert revision is not None
    chosen = guests.guest_smileys(guest, draft)
    cards: dict[str, list[InputCard]] = {}
    for card in guests.guest_cards(guest, draft):
        key = f"rec-{card.recommendation_id}" if card.recommendation_id else card.section
        cards.setdefault(key, []).append(card)
    texts = {
        Section.FUTURE: revision.future,
        Section.PRIORITIES: revision.priorities,
        Section.QUESTIONS: revision.questions,
        Section.RECOMMENDATIONS: "",
    }
    shown = []
    for section in Section:
        target = GuestTarget(
            key=section.value,
            heading=str(section.label),
            text=texts[section],
            smiley=chosen.get(section.value, ""),
            may_react=section in guests.SMILEY_SECTIONS,
            cards=cards.get(section.value, []),
        )
        if section == Section.RECOMMENDATIONS:
            for item in revision.recommendations:
                key = f"rec-{item.get('id')}"
                target.recommendations.append(
                    GuestTarget(
                        key=key,
                        heading=str(item.get("title", "")),
                        text=str(item.get("text", "")),
                        smiley=chosen.get(key, ""),
                        cards=cards.get(key, []),
                    )
                )
        shown.append(target)
    return shown


def table_page(
    request: HttpRequest,
    guest: Guest,
    theme_table: ThemeTable,
    *,
    card_form: CardForm | None = None,
    status: int = 200,
) -> HttpResponse:
    draft = Draft.objects.select_related("current").filter(theme_table=theme_table).first()
    has_text = draft is not None and draft.current is not None
    context: dict[str, Any] = {
        "assembly": theme_table.assembly,
        "theme_table": theme_table,
        "guest": guest,
        "draft": draft,
        "targets": guest_targets(guest, draft) if draft is not None and has_text else [],
        "smileys": Reaction.Smiley.choices,
        "card_form": card_form,
        "failed_target": card_form["target"].value() if card_form is not None else "",
        "sent": request.GET.get("sent", ""),
        "max_length": guests.CARD_MAX_LENGTH,
    }
    return render(request, "deliberation/guests/table.html", context, status=status)


def guest_or_start(
    request: HttpRequest, slug: str, number: int
) -> tuple[ThemeTable, Guest | None, HttpResponse | None]:
    """The table, the guest, or the response that turns the request away: no cookie → the
    code page; not the open session's day → the friendly closed page."""
    theme_table = get_table(slug, number)
    guest = current_guest(request, theme_table.assembly)
    if guest is None:
        if wants_json(request):
            refusal = JsonResponse({"error": _("Join the table first.")}, status=403)
            return theme_table, None, refusal
        return theme_table, None, redirect("deliberation:guest-start")
    if guests.open_session_today(theme_table.assembly) is None:
        status = 200 if request.method == "GET" else 403
        if wants_json(request):
            message = _("Guests can give input during the open session.")
            return theme_table, guest, JsonResponse({"error": message}, status=status)
        return theme_table, guest, closed(request, theme_table.assembly, status=status)
    return theme_table, guest, None


@never_cache
def table(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    theme_table, guest, refusal = guest_or_start(request, slug, number)
    if refusal is not None:
        return refusal
    assert guest is not None
    return table_page(request, guest, theme_table)


def _session_today(theme_table: ThemeTable) -> Session | None:
    return guests.open_session_today(theme_table.assembly)


@require_POST
def smiley(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    theme_table, guest, refusal = guest_or_start(request, slug, number)
    if refusal is not None:
        return refusal
    assert guest is not None
    if not guest_limits.REACTIONS.allow(request, guest.key):
        message = _("Too many smileys just now.")
        return too_many(request, theme_table.assembly, message, table_url(theme_table))
    form = SmileyForm(request.POST)
    draft = Draft.objects.select_related("current").filter(theme_table=theme_table).first()
    if not form.is_valid() or draft is None:
        return _bad_request(request, theme_table)
    try:
        target = guests.parse_target(draft, form.cleaned_data["target"], for_smiley=True)
        reaction = guests.react(guest, draft, target, form.cleaned_data["smiley"])
    except GuestError:
        return _bad_request(request, theme_table)
    if wants_json(request):
        return JsonResponse({"target": target.key, "smiley": reaction.smiley})
    return redirect(f"{table_url(theme_table)}#t-{target.key}")


@require_POST
def card(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    theme_table, guest, refusal = guest_or_start(request, slug, number)
    if refusal is not None:
        return refusal
    assert guest is not None
    if not guest_limits.CARDS.allow(request, guest.key):
        message = _("Too many input cards just now.")
        return too_many(request, theme_table.assembly, message, table_url(theme_table))
    form = CardForm(request.POST)
    draft = Draft.objects.select_related("current").filter(theme_table=theme_table).first()
    if draft is None or draft.current is None:
        return _bad_request(request, theme_table)
    if not form.is_valid():
        return table_page(request, guest, theme_table, card_form=form, status=400)
    try:
        target = guests.parse_target(draft, form.cleaned_data["target"], for_smiley=False)
        guests.add_card(
            guest, draft, target, form.cleaned_data["text"], _session_today(theme_table)
        )
    except GuestError:
        return _bad_request(request, theme_table)
    return redirect(f"{table_url(theme_table)}?sent={target.key}#t-{target.key}")


def _bad_request(request: HttpRequest, theme_table: ThemeTable) -> HttpResponse:
    """A form that names nothing on the current draft: usually the table saved a new
    revision meanwhile. Back to the draft as it is now."""
    message = _("The draft has changed. Here it is as it is now.")
    if wants_json(request):
        return JsonResponse({"error": message}, status=400)
    return render(
        request,
        "deliberation/guests/changed.html",
        {"assembly": theme_table.assembly, "theme_table": theme_table, "message": message},
        status=400,
    )


@never_cache
def tables(request: HttpRequest, slug: str) -> HttpResponse:
    """Move to another theme table: the guest stays the same guest."""
    assembly = get_object_or_404(Assembly, slug=slug)
    guest = current_guest(request, assembly)
    if guest is None:
        return redirect("deliberation:guest-start")
    if guests.open_session_today(assembly) is None:
        return closed(request, assembly, status=200 if request.method == "GET" else 403)
    if request.method == "POST":
        try:
            number = int(request.POST.get("table", ""))
        except ValueError:
            number = 0
        theme_table = assembly.theme_tables.filter(number=number).first()
        if theme_table is not None:
            guests.move_guest(guest, theme_table)
            return redirect(table_url(theme_table))
    return render(
        request,
        "deliberation/guests/tables.html",
        {"assembly": assembly, "guest": guest, "theme_tables": assembly.theme_tables.all()},
    )


# --- the secretariat's table cards ------------------------------------------------------------


def _assembly(request: HttpRequest, slug: str) -> Assembly:
    return get_object_or_404(Assembly, slug=slug)


@dataclass(frozen=True)
class TableCard:
    theme_table: ThemeTable
    code: str
    url: str
    qr: str


@never_cache
@rule_required(is_secretariat, get_object=_assembly)
def cards(request: HttpRequest, slug: str) -> HttpResponse:
    """One printable card per theme table: the QR code to join it and its short code."""
    assembly = _assembly(request, slug)
    start_url = request.build_absolute_uri(reverse("deliberation:guest-start"))
    shown = []
    for theme_table, code in guests.table_codes(assembly):
        url = request.build_absolute_uri(
            reverse("deliberation:guest-join", kwargs={"table_code": code.code})
        )
        label = _("QR code to join table %(number)s") % {"number": theme_table.number}
        shown.append(TableCard(theme_table, code.code, url, qr_svg(url, label)))
    return render(
        request,
        "deliberation/guests/cards.html",
        {
            "assembly": assembly,
            "cards": shown,
            "start_url": start_url,
            "open_session": assembly.sessions.filter(is_open_session=True).first(),
        },
    )
