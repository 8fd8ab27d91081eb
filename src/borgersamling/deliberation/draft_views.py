"""The table's draft: reading it with its input, editing it without losing anyone's words,
its revisions and the changes between any two, and the secretariat's overview."""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from borgersamling.accounts import rules as account_rules
from borgersamling.accounts.rules import AnyUser
from borgersamling.assemblies.models import Assembly, ThemeTable
from borgersamling.deliberation import drafts, rules
from borgersamling.deliberation.diffing import DiffBlock, diff, diff_revisions
from borgersamling.deliberation.draft_forms import (
    DraftForm,
    RecommendationFormSet,
    content_from,
    initial_for,
)
from borgersamling.deliberation.drafts import Conflict, DraftContent, DraftIsFinal
from borgersamling.deliberation.guests import smiley_counts
from borgersamling.deliberation.models import (
    DialogueNote,
    Draft,
    DraftRevision,
    InputCard,
    Recommendation,
    Section,
)

TableRule = Callable[[AnyUser, ThemeTable], bool]
TableView = Callable[..., HttpResponse]

CODE_LOGIN = "accounts:login-code"
PASSWORD_LOGIN = "accounts:login"


def get_table(slug: str, number: int) -> ThemeTable:
    return get_object_or_404(
        ThemeTable.objects.select_related("assembly"), assembly__slug=slug, number=number
    )


def refuse(request: HttpRequest, login: str) -> HttpResponse:
    """Visitors who are not logged in go to the login page; everyone else gets 403."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), login_url=reverse(login))
    raise PermissionDenied


def table_view(
    rule: TableRule, *, login: str = CODE_LOGIN, post_only: bool = False
) -> Callable[[TableView], TableView]:
    """A view of one theme table, ``view(request, theme_table)``, behind ``rule``. The rule
    is checked before the method, so a GET to a POST-only view is refused as usual and
    answered 405 only for those who may use it."""

    def decorator(view: TableView) -> TableView:
        inner = require_POST(view) if post_only else view

        @functools.wraps(view)
        def wrapped(request: HttpRequest, slug: str, number: int) -> HttpResponse:
            theme_table = get_table(slug, number)
            if not rule(request.user, theme_table):
                return refuse(request, login)
            return inner(request, theme_table)

        return never_cache(wrapped)

    return decorator


def draft_url(theme_table: ThemeTable, name: str = "draft") -> str:
    return reverse(
        f"deliberation:{name}",
        kwargs={"slug": theme_table.assembly.slug, "number": theme_table.number},
    )


def author_name(revision: DraftRevision) -> str:
    if revision.author is not None:
        return revision.author.name
    if revision.author_user is not None:
        return revision.author_user.get_username()
    return ""  # saved by the demo or a script


# --- reading ----------------------------------------------------------------------------


@dataclass
class ShownRecommendation:
    recommendation: Recommendation | None
    number: str
    title: str
    text: str
    cards: list[InputCard] = field(default_factory=list)
    smileys: Counter[str] = field(default_factory=Counter)


@dataclass
class ShownSection:
    key: str
    label: str
    text: str
    cards: list[InputCard] = field(default_factory=list)
    recommendations: list[ShownRecommendation] = field(default_factory=list)
    smileys: Counter[str] = field(default_factory=Counter)


def numbered(draft: Draft) -> dict[int, Recommendation]:
    return {rec.pk: rec for rec in draft.recommendations.select_related("draft__theme_table")}


def shown_sections(draft: Draft, cards: list[InputCard]) -> list[ShownSection]:
    """The four sections with the current text and the visible input under each."""
    content = DraftContent.of(draft.current)
    by_pk = numbered(draft)
    texts = {
        Section.FUTURE: content.future,
        Section.PRIORITIES: content.priorities,
        Section.QUESTIONS: content.questions,
        Section.RECOMMENDATIONS: "",
    }
    sections = {key: ShownSection(key.value, str(key.label), texts[key]) for key in Section}
    recommendations: dict[int, ShownRecommendation] = {}
    for item in content.recommendations:
        rec = by_pk.get(item.id) if item.id is not None else None
        shown = ShownRecommendation(rec, str(rec) if rec else "", item.title, item.text)
        sections[Section.RECOMMENDATIONS].recommendations.append(shown)
        if rec is not None:
            recommendations[rec.pk] = shown
    # The guests' smileys, counted per section and recommendation (the latest per guest).
    counts = smiley_counts(draft)
    for key, section in sections.items():
        section.smileys = counts.get(key.value, Counter())
    for pk, shown in recommendations.items():
        shown.smileys = counts.get(f"rec-{pk}", Counter())
    for card in cards:
        if card.recommendation_id is not None and card.recommendation_id in recommendations:
            recommendations[card.recommendation_id].cards.append(card)
        elif card.section in sections:
            sections[Section(card.section)].cards.append(card)
    return list(sections.values())


@table_view(rules.can_read_draft)
def draft_page(request: HttpRequest, theme_table: ThemeTable) -> HttpResponse:
    draft = drafts.get_draft(theme_table)
    cards = list(
        draft.input_cards.filter(hidden_at__isnull=True)
        .select_related("guest")
        .order_by("created_at", "pk")
    )
    return render(
        request,
        "deliberation/drafts/draft.html",
        table_context(
            request,
            theme_table,
            draft,
            revision=draft.current,
            sections=shown_sections(draft, cards),
            notes=DialogueNote.objects.filter(theme_table=theme_table),
            may_finalize=rules.can_finalize_draft(request.user, theme_table),
        ),
    )


# --- editing ----------------------------------------------------------------------------


def table_context(
    request: HttpRequest, theme_table: ThemeTable, draft: Draft | None = None, **extra: Any
) -> dict[str, Any]:
    """What every table page needs, including which of the table's links to show."""
    return {
        "assembly": theme_table.assembly,
        "theme_table": theme_table,
        "draft": draft,
        "may_edit": rules.can_edit_draft(request.user, theme_table, draft),
        "may_work": rules.can_work_at_table(request.user, theme_table),
        **extra,
    }


def _edit_context(
    request: HttpRequest, theme_table: ThemeTable, draft: Draft, form: DraftForm, formset: Any
) -> dict[str, Any]:
    numbers = {pk: str(rec) for pk, rec in numbered(draft).items()}
    for item in formset.forms:
        # The legend names an existing recommendation by its number ("4.2").
        try:
            pk = int(item["id"].value() or 0)
        except (TypeError, ValueError):
            pk = 0
        item.number_label = numbers.get(pk, "")
    return table_context(request, theme_table, draft, form=form, formset=formset)


def _final_refusal(request: HttpRequest, theme_table: ThemeTable) -> HttpResponse:
    messages.warning(
        request, _("This draft is final. The secretariat can reopen it if it needs changes.")
    )
    return redirect(draft_url(theme_table))


@table_view(rules.can_work_at_table)
def draft_edit(request: HttpRequest, theme_table: ThemeTable) -> HttpResponse:
    draft = drafts.get_draft(theme_table)
    if draft.is_final:
        return _final_refusal(request, theme_table)
    if request.method != "POST":
        draft_initial, rec_initial = initial_for(DraftContent.of(draft.current), draft.version)
        form = DraftForm(initial=draft_initial)
        formset = RecommendationFormSet(initial=rec_initial, prefix="rec")
        return render(
            request,
            "deliberation/drafts/edit.html",
            _edit_context(request, theme_table, draft, form, formset),
        )
    form = DraftForm(request.POST)
    formset = RecommendationFormSet(request.POST, prefix="rec")
    if not (form.is_valid() and formset.is_valid()):
        return render(
            request,
            "deliberation/drafts/edit.html",
            _edit_context(request, theme_table, draft, form, formset),
            status=400,
        )
    content = content_from(form, formset)
    try:
        revision = drafts.save_revision(
            draft,
            form.cleaned_data["base_version"],
            content,
            rules.participant_of(request.user, theme_table.assembly),
            request.user,
            note=form.cleaned_data["note"],
        )
    except DraftIsFinal:
        return _final_refusal(request, theme_table)
    except Conflict as conflict:
        return conflict_page(request, theme_table, conflict)
    messages.success(request, _("Saved as revision %(number)s.") % {"number": revision.number})
    return redirect(draft_url(theme_table))


def conflict_page(
    request: HttpRequest, theme_table: ThemeTable, conflict: Conflict
) -> HttpResponse:
    """Both versions side by side, and the form again with the editor's own text, now
    against the latest version: they merge what they want and save again."""
    draft = drafts.get_draft(theme_table)
    theirs = DraftContent.of(conflict.current)
    draft_initial, rec_initial = initial_for(conflict.attempted, draft.version)
    draft_initial["note"] = request.POST.get("note", "")
    form = DraftForm(initial=draft_initial)
    formset = RecommendationFormSet(initial=rec_initial, prefix="rec")
    context = _edit_context(request, theme_table, draft, form, formset)
    context.update(
        {
            "conflict": conflict,
            "theirs": theirs,
            "theirs_revision": conflict.current,
            "theirs_author": (author_name(conflict.current) if conflict.current else "")
            or _("someone else"),
            "yours": conflict.attempted,
            "labelled_blocks": labelled(diff(theirs, conflict.attempted), draft),
        }
    )
    # 409: the save did not happen; the page says why and offers the merge.
    return render(request, "deliberation/drafts/conflict.html", context, status=409)


# --- history and changes ----------------------------------------------------------------


@table_view(rules.can_read_draft)
def draft_history(request: HttpRequest, theme_table: ThemeTable) -> HttpResponse:
    draft = drafts.get_draft(theme_table)
    revisions = draft.revisions.select_related("author", "author_user").order_by("-number")
    return render(
        request,
        "deliberation/drafts/history.html",
        table_context(
            request,
            theme_table,
            draft,
            revisions=[(revision, author_name(revision)) for revision in revisions],
        ),
    )


def _chosen(request: HttpRequest, key: str, default: int, latest: int) -> int:
    try:
        value = int(request.GET.get(key, default))
    except ValueError:
        return default
    return value if 0 <= value <= latest else default


def labelled(blocks: list[DiffBlock], draft: Draft) -> list[tuple[DiffBlock, str]]:
    """Each block with its heading: the section's name, or the recommendation's number."""
    by_pk = numbered(draft)
    result = []
    for block in blocks:
        if block.recommendation_id is not None and block.recommendation_id in by_pk:
            result.append((block, f"{by_pk[block.recommendation_id]} {block.label}"))
        else:
            result.append((block, block.label))
    return result


@table_view(rules.can_read_draft)
def draft_diff(request: HttpRequest, theme_table: ThemeTable) -> HttpResponse:
    draft = drafts.get_draft(theme_table)
    latest = draft.version
    new_number = _chosen(request, "b", latest, latest)
    old_number = _chosen(request, "a", max(new_number - 1, 0), latest)
    by_number = {
        revision.number: revision
        for revision in draft.revisions.filter(number__in=[old_number, new_number])
    }
    if (old_number and old_number not in by_number) or (new_number and new_number not in by_number):
        raise Http404
    blocks = diff_revisions(by_number.get(old_number), by_number.get(new_number))
    return render(
        request,
        "deliberation/drafts/diff.html",
        table_context(
            request,
            theme_table,
            draft,
            numbers=list(draft.revisions.order_by("-number").values_list("number", flat=True)),
            old_number=old_number,
            new_number=new_number,
            old=by_number.get(old_number),
            new=by_number.get(new_number),
            blocks=labelled(blocks, draft),
        ),
    )


# --- the table's work on its input -------------------------------------------------------


@table_view(rules.can_work_at_table, post_only=True)
def draft_worked_on(request: HttpRequest, theme_table: ThemeTable) -> HttpResponse:
    draft = drafts.get_draft(theme_table)
    card = get_object_or_404(InputCard, pk=request.POST.get("card") or 0, draft=draft)
    drafts.set_worked_on(card, request.POST.get("handled") == "1")
    return redirect(f"{draft_url(theme_table)}#card-{card.pk}")


# --- the secretariat --------------------------------------------------------------------


def _secretariat_only(request: HttpRequest, assembly: Assembly) -> HttpResponse | None:
    if account_rules.is_secretariat(request.user, assembly):
        return None
    return refuse(request, PASSWORD_LOGIN)


@never_cache
def draft_overview(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = get_object_or_404(Assembly, slug=slug)
    refusal = _secretariat_only(request, assembly)
    if refusal is not None:
        return refusal
    tables = assembly.theme_tables.order_by("number")
    found = {
        draft.theme_table_id: draft
        for draft in Draft.objects.filter(theme_table__assembly=assembly)
        .select_related("current__author", "current__author_user")
        .annotate(
            visible_cards=Count("input_cards", filter=Q(input_cards__hidden_at__isnull=True)),
            open_cards=Count(
                "input_cards",
                filter=Q(input_cards__hidden_at__isnull=True, input_cards__handled=False),
            ),
        )
    }
    rows = []
    for table in tables:
        draft = found.get(table.pk)
        current = draft.current if draft is not None else None
        rows.append(
            {
                "table": table,
                "draft": draft,
                "current": current,
                "author": author_name(current) if current is not None else "",
            }
        )
    return render(
        request,
        "deliberation/drafts/overview.html",
        {"assembly": assembly, "rows": rows},
    )


@table_view(rules.can_finalize_draft, login=PASSWORD_LOGIN, post_only=True)
def draft_final(request: HttpRequest, theme_table: ThemeTable) -> HttpResponse:
    draft = drafts.get_draft(theme_table)
    final = request.POST.get("final") == "1"
    drafts.set_final(draft, final)
    if final:
        messages.success(
            request, _("Table %(number)s's draft is final.") % {"number": theme_table.number}
        )
    else:
        messages.success(
            request,
            _("Table %(number)s's draft is open for editing again.")
            % {"number": theme_table.number},
        )
    if request.POST.get("back") == "overview":
        return redirect("deliberation:draft-overview", slug=theme_table.assembly.slug)
    return redirect(draft_url(theme_table))
