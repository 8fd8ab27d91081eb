"""Notes from the fishbowl dialogue with the politicians, per table: the questions asked,
the answers, and what the politicians want the assembly's help with."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from borgersamling.assemblies.models import ThemeTable
from borgersamling.deliberation import rules
from borgersamling.deliberation.draft_forms import DialogueNoteForm
from borgersamling.deliberation.draft_views import draft_url, table_context, table_view
from borgersamling.deliberation.models import DialogueNote


@table_view(rules.can_work_at_table)
def dialogue(request: HttpRequest, theme_table: ThemeTable) -> HttpResponse:
    status = 200
    if request.method == "POST":
        form = DialogueNoteForm(request.POST)
        if form.is_valid():
            note = form.save(commit=False)
            note.theme_table = theme_table
            note.session = rules.current_session(theme_table.assembly)
            note.author = rules.participant_of(request.user, theme_table.assembly)
            note.save()
            messages.success(request, _("The note is saved."))
            return redirect(draft_url(theme_table, "draft-dialogue"))
        status = 400
    else:
        form = DialogueNoteForm()
    return render(
        request,
        "deliberation/drafts/dialogue.html",
        table_context(
            request,
            theme_table,
            form=form,
            notes=DialogueNote.objects.filter(theme_table=theme_table).select_related("author"),
        ),
        status=status,
    )
