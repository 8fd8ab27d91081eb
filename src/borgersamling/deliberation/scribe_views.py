"""The scribe's screen: type what a guest says, attach it to a section, tag it, save, next.

Keyboard first: the text box has the focus, Alt+1..4 chooses the section and Ctrl+Enter
saves (scribe.js); without JavaScript the form posts and comes back ready for the next one.
A scribe who saved something by mistake hides it within a few minutes; hiding is logged like
any moderation and nothing is deleted.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from borgersamling.assemblies.models import ThemeTable
from borgersamling.deliberation import drafts, rules
from borgersamling.deliberation.draft_forms import ScribeForm
from borgersamling.deliberation.draft_views import draft_url, table_context, table_view
from borgersamling.deliberation.models import Draft, InputCard, ModerationEntry, Section

UNDO_WINDOW = datetime.timedelta(minutes=5)
RECENT = 10


def may_undo(card: InputCard, author_pk: int | None, at: datetime.datetime) -> bool:
    """The scribe's own card, not hidden yet, within the undo window."""
    return (
        author_pk is not None
        and card.author_id == author_pk
        and card.hidden_at is None
        and at - card.created_at <= UNDO_WINDOW
    )


@transaction.atomic
def hide_own_card(card: InputCard, user: User | None, at: datetime.datetime) -> None:
    reason = _("Undone by the scribe")
    InputCard.objects.filter(pk=card.pk).update(hidden_at=at, hidden_by=user, hidden_reason=reason)
    ModerationEntry.objects.create(card=card, hidden=True, reason=reason, by=user, at=at)


def record(draft: Draft, form: ScribeForm, author_pk: int | None) -> InputCard:
    data = form.cleaned_data
    return InputCard.objects.create(
        draft=draft,
        section=data["section"],
        recommendation=data.get("recommendation"),
        revision=draft.current,
        session=rules.input_session(draft.theme_table.assembly),
        source=InputCard.Source.SCRIBE,
        tag=data.get("tag") or "",
        text=data["text"].strip(),
        author_id=author_pk,
    )


@table_view(rules.can_work_at_table)
def scribe(request: HttpRequest, theme_table: ThemeTable) -> HttpResponse:
    draft = drafts.get_draft(theme_table)
    author = rules.participant_of(request.user, theme_table.assembly)
    author_pk = author.pk if author is not None else None
    if request.method == "POST":
        form = ScribeForm(request.POST, draft=draft)
        if form.is_valid():
            card = record(draft, form, author_pk)
            messages.success(request, _("Saved. Ready for the next one."))
            # Stay on the same section: a guest often says several things about one part.
            query = urlencode({"section": card.section})
            return redirect(f"{draft_url(theme_table, 'draft-scribe')}?{query}")
        status = 400
    else:
        section = request.GET.get("section", Section.FUTURE)
        if section not in Section.values:
            section = Section.FUTURE
        form = ScribeForm(draft=draft, initial={"section": section, "tag": ""})
        status = 200
    now = timezone.now()
    recent = list(
        draft.input_cards.filter(source=InputCard.Source.SCRIBE)
        .select_related("recommendation__draft__theme_table")
        .order_by("-created_at", "-pk")[:RECENT]
    )
    return render(
        request,
        "deliberation/scribe/scribe.html",
        table_context(
            request,
            theme_table,
            draft,
            form=form,
            recent=[(card, may_undo(card, author_pk, now)) for card in recent],
            undo_minutes=int(UNDO_WINDOW.total_seconds() // 60),
            section_keys=list(enumerate(Section.choices, 1)),
        ),
        status=status,
    )


@table_view(rules.can_work_at_table, post_only=True)
def scribe_undo(request: HttpRequest, theme_table: ThemeTable) -> HttpResponse:
    draft = drafts.get_draft(theme_table)
    card = get_object_or_404(InputCard, pk=request.POST.get("card") or 0, draft=draft)
    author = rules.participant_of(request.user, theme_table.assembly)
    now = timezone.now()
    if may_undo(card, author.pk if author is not None else None, now):
        hide_own_card(card, request.user if isinstance(request.user, User) else None, now)
        messages.success(request, _("The entry is hidden."))
    else:
        messages.warning(
            request,
            _(
                "Only your own entries can be undone, within %(minutes)s minutes. "
                "Ask the secretariat to hide others."
            )
            % {"minutes": int(UNDO_WINDOW.total_seconds() // 60)},
        )
    return redirect(
        f"{draft_url(theme_table, 'draft-scribe')}?{urlencode({'section': card.section})}"
    )
