"""The secretariat's pages: edit the assembly, its sessions and programs, the ABX frame, the
helpers and the library (materials, and data series typed as CSV), and choose what the
plenum screen shows.

Every view checks ``can_edit_program`` against the assembly in the URL (the secretariat of
that assembly only): anonymous visitors are sent to the login page, everyone else gets 403.
Rows are always looked up within that assembly, so a facilitator of one assembly cannot reach
another's rows by changing a number in the URL. Writes go through ``services``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.db import models
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.cache import never_cache

from borgersamling.accounts import rules
from borgersamling.accounts.permissions import RuleRequiredMixin
from borgersamling.assemblies import secretariat_forms as f
from borgersamling.assemblies import services
from borgersamling.assemblies.models import (
    Assembly,
    Challenge,
    Helper,
    Program,
    ProgramItem,
    Purpose,
    Session,
    Strength,
    ThemeTable,
    Value,
    WelfareTrend,
    WorkingQuestion,
)
from borgersamling.library import services as library_services
from borgersamling.library.models import DataSeries, Material

FormFactory = Callable[..., forms.ModelForm[Any]]
# Stores a valid form's row; gets the row's siblings (the collection's rows).
Saver = Callable[[forms.ModelForm[Any], QuerySet[Any]], None]


def save_data_series(form: forms.ModelForm[Any], siblings: QuerySet[Any]) -> None:
    """The series and its points together, in one transaction."""
    library_services.save_series(form.instance, form.cleaned_data["points"], siblings)


@dataclass(frozen=True)
class Collection:
    """A list the secretariat keeps for the whole assembly, edited with the same pages."""

    key: str
    model: type[models.Model]
    form: FormFactory
    title: Promise
    singular: Promise
    intro: Promise
    ordered: bool = True
    form_needs_assembly: bool = False
    # None: a new row is appended after its siblings (if ordered), an edited one saved.
    saver: Saver | None = None

    def rows(self, assembly: Assembly) -> QuerySet[Any]:
        return self.model._default_manager.filter(assembly=assembly)

    def make_form(self, assembly: Assembly, **kwargs: Any) -> forms.ModelForm[Any]:
        if self.form_needs_assembly:
            return self.form(assembly=assembly, **kwargs)
        return self.form(**kwargs)


COLLECTIONS: dict[str, Collection] = {
    c.key: c
    for c in (
        Collection(
            "questions",
            WorkingQuestion,
            f.WorkingQuestionForm,
            gettext_lazy("Working questions"),
            gettext_lazy("working question"),
            gettext_lazy("The questions the council asks the assembly to work with."),
        ),
        Collection(
            "tables",
            ThemeTable,
            f.ThemeTableForm,
            gettext_lazy("Theme tables"),
            gettext_lazy("theme table"),
            gettext_lazy("The tables are shown in the order of their numbers."),
            ordered=False,
            form_needs_assembly=True,
        ),
        Collection(
            "strengths",
            Strength,
            f.StrengthForm,
            gettext_lazy("Strengths"),
            gettext_lazy("strength"),
            gettext_lazy("A: what works in welfare today."),
        ),
        Collection(
            "challenges",
            Challenge,
            f.ChallengeForm,
            gettext_lazy("Challenges"),
            gettext_lazy("challenge"),
            gettext_lazy("A: what does not work in welfare today."),
        ),
        Collection(
            "values",
            Value,
            f.ValueForm,
            gettext_lazy("Values"),
            gettext_lazy("value"),
            gettext_lazy("B: the values the members agreed on."),
        ),
        Collection(
            "trends",
            WelfareTrend,
            f.WelfareTrendForm,
            gettext_lazy("Welfare trends"),
            gettext_lazy("welfare trend"),
            gettext_lazy("Developments that push on welfare from outside."),
        ),
        Collection(
            "materials",
            Material,
            f.MaterialForm,
            gettext_lazy("Library materials"),
            gettext_lazy("material"),
            gettext_lazy("Expert talks, documents and links in the knowledge library."),
            form_needs_assembly=True,
        ),
        Collection(
            "series",
            DataSeries,
            f.DataSeriesForm,
            gettext_lazy("Data series"),
            gettext_lazy("data series"),
            gettext_lazy("Numbers shown as charts in the library, such as a forecast."),
            form_needs_assembly=True,
            saver=save_data_series,
        ),
        Collection(
            "helpers",
            Helper,
            f.HelperForm,
            gettext_lazy("Helpers"),
            gettext_lazy("helper"),
            gettext_lazy("Experts, advisers and staff who help the assembly, shown publicly."),
        ),
    )
}


def collection_from(key: str) -> Collection:
    try:
        return COLLECTIONS[key]
    except KeyError:
        raise Http404 from None


def _direction(request: HttpRequest) -> services.Direction:
    direction = request.POST.get("direction")
    if direction == "up":
        return "up"
    if direction == "down":
        return "down"
    raise Http404


no_cache = method_decorator(never_cache, name="dispatch")


@no_cache
class SecretariatView(RuleRequiredMixin, View):
    """Base for every page here: the rule, the assembly, and the page's shared context."""

    rule = rules.can_edit_program
    kwargs: dict[str, Any]
    assembly: Assembly

    def get_permission_object(self) -> Assembly:
        self.assembly = get_object_or_404(Assembly, slug=self.kwargs["slug"])
        return self.assembly

    def render(self, template: str, **context: Any) -> HttpResponse:
        return render(
            self.request,
            f"assemblies/secretariat/{template}",
            {"assembly": self.assembly, **context},
        )

    def url(self, name: str, **kwargs: Any) -> str:
        return reverse(
            f"assemblies:secretariat:{name}", kwargs={"slug": self.assembly.slug, **kwargs}
        )

    def session(self) -> Session:
        return get_object_or_404(Session, assembly=self.assembly, number=self.kwargs["number"])


class DashboardView(SecretariatView):
    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        assembly = self.assembly
        sessions = assembly.sessions.annotate(item_count=models.Count("program_items"))
        collections = [
            (collection, collection.rows(assembly).count()) for collection in COLLECTIONS.values()
        ]
        return self.render("dashboard.html", sessions=sessions, collections=collections)


class AssemblyEditView(SecretariatView):
    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        return self._page(f.AssemblyForm(instance=self.assembly))

    def post(self, request: HttpRequest, slug: str) -> HttpResponse:
        # A copy, so a failed form does not rename the page around it.
        instance = Assembly.objects.get(pk=self.assembly.pk)
        form = f.AssemblyForm(request.POST, instance=instance)
        if not form.is_valid():
            return self._page(form, status=400)
        services.save(form.instance)
        messages.success(request, _("The assembly is saved."))
        return redirect(self.url("dashboard"))

    def _page(self, form: forms.ModelForm[Any], status: int = 200) -> HttpResponse:
        response = self.render(
            "form.html",
            form=form,
            heading=_("The assembly"),
            cancel_url=self.url("dashboard"),
        )
        response.status_code = status
        return response


class SessionFormView(SecretariatView):
    """Add a session (no ``number`` in the URL) or edit one."""

    def instance(self) -> Session:
        if "number" in self.kwargs:
            return self.session()
        return Session(assembly=self.assembly)

    def get(self, request: HttpRequest, slug: str, number: int | None = None) -> HttpResponse:
        instance = self.instance()
        initial: dict[str, Any] = {}
        if instance.pk is None:
            initial["number"] = (
                self.assembly.sessions.aggregate(last=models.Max("number"))["last"] or 0
            ) + 1
        return self._page(f.SessionForm(instance=instance, initial=initial, assembly=self.assembly))

    def post(self, request: HttpRequest, slug: str, number: int | None = None) -> HttpResponse:
        form = f.SessionForm(request.POST, instance=self.instance(), assembly=self.assembly)
        if not form.is_valid():
            return self._page(form, status=400)
        services.save(form.instance)
        messages.success(request, _("The session is saved."))
        return redirect(self.url("program", number=form.instance.number))

    def _page(self, form: f.SessionForm, status: int = 200) -> HttpResponse:
        adding = form.instance.pk is None
        response = self.render(
            "form.html",
            form=form,
            heading=_("New session") if adding else _("Edit session"),
            cancel_url=self.url("dashboard")
            if adding
            else self.url("program", number=self.kwargs["number"]),
        )
        response.status_code = status
        return response


class SessionDeleteView(SecretariatView):
    def get(self, request: HttpRequest, slug: str, number: int) -> HttpResponse:
        session = self.session()
        return self.render(
            "confirm_delete.html",
            thing=session,
            consequence=_("Its program and purposes are deleted with it."),
            cancel_url=self.url("program", number=number),
        )

    def post(self, request: HttpRequest, slug: str, number: int) -> HttpResponse:
        session = self.session()
        services.delete(session, Session.objects.none())
        messages.success(request, _("The session is deleted."))
        return redirect(self.url("dashboard"))


class ProgramView(SecretariatView):
    """One session's programs (members' and guests'), purposes, and the plenum control."""

    def get(self, request: HttpRequest, slug: str, number: int) -> HttpResponse:
        session = get_object_or_404(
            Session.objects.prefetch_related(
                Prefetch("program_items", queryset=ProgramItem.objects.order_by("order", "pk")),
                Prefetch("purposes", queryset=Purpose.objects.order_by("order", "pk")),
            ),
            assembly=self.assembly,
            number=number,
        )
        programs = [
            {
                "key": program.value,
                "label": program.label,
                "items": [i for i in session.program_items.all() if i.program == program],
                "purposes": [p for p in session.purposes.all() if p.program == program],
            }
            for program in Program
        ]
        return self.render("program.html", session=session, programs=programs)


class _SessionRowView(SecretariatView):
    """Base for program items and purposes: rows of one session, looked up in this assembly."""

    model: type[ProgramItem] | type[Purpose] = ProgramItem

    def row(self) -> Any:
        return get_object_or_404(
            self.model,
            pk=self.kwargs["pk"],
            session__assembly=self.assembly,
            session__number=self.kwargs["number"],
        )

    def program_url(self, anchor: str = "") -> str:
        return self.url("program", number=self.kwargs["number"]) + anchor

    def page(
        self, form: forms.ModelForm[Any], heading: str, status: int = 200, **extra: Any
    ) -> HttpResponse:
        response = self.render(
            "form.html",
            form=form,
            heading=heading,
            session=self.session(),
            cancel_url=self.program_url(),
            **extra,
        )
        response.status_code = status
        return response

    def initial_program(self) -> str:
        program = self.request.GET.get("program", Program.MEMBERS)
        return program if program in Program.values else Program.MEMBERS


class ProgramItemCreateView(_SessionRowView):
    model = ProgramItem

    def get(self, request: HttpRequest, slug: str, number: int) -> HttpResponse:
        session = self.session()
        form = f.ProgramItemForm(
            session=session,
            initial={
                "program": self.initial_program(),
                "for_guests": self.initial_program() == Program.GUESTS,
            },
        )
        return self.page(form, _("New program item"))

    def post(self, request: HttpRequest, slug: str, number: int) -> HttpResponse:
        session = self.session()
        form = f.ProgramItemForm(
            request.POST, instance=ProgramItem(session=session), session=session
        )
        if not form.is_valid():
            return self.page(form, _("New program item"), status=400)
        services.add_program_item(form.instance)
        messages.success(request, _("The program item is added."))
        return redirect(self.program_url(f"#item-{form.instance.pk}"))


class ProgramItemEditView(_SessionRowView):
    model = ProgramItem

    def get(self, request: HttpRequest, slug: str, number: int, pk: int) -> HttpResponse:
        item = self.row()
        return self.page(
            f.ProgramItemForm(instance=item, session=item.session), _("Edit program item")
        )

    def post(self, request: HttpRequest, slug: str, number: int, pk: int) -> HttpResponse:
        item = self.row()
        program_before = item.program
        form = f.ProgramItemForm(request.POST, instance=item, session=item.session)
        if not form.is_valid():
            return self.page(form, _("Edit program item"), status=400)
        services.update_program_item(form.instance, program_before)
        messages.success(request, _("The program item is saved."))
        return redirect(self.program_url(f"#item-{item.pk}"))


class PurposeCreateView(_SessionRowView):
    model = Purpose

    def get(self, request: HttpRequest, slug: str, number: int) -> HttpResponse:
        form = f.PurposeForm(initial={"program": self.initial_program()})
        return self.page(form, _("New purpose"))

    def post(self, request: HttpRequest, slug: str, number: int) -> HttpResponse:
        form = f.PurposeForm(request.POST, instance=Purpose(session=self.session()))
        if not form.is_valid():
            return self.page(form, _("New purpose"), status=400)
        purpose = form.instance
        services.append(
            purpose, Purpose.objects.filter(session=purpose.session, program=purpose.program)
        )
        messages.success(request, _("The purpose is added."))
        return redirect(self.program_url(f"#purposes-{purpose.program}"))


class PurposeEditView(_SessionRowView):
    model = Purpose

    def get(self, request: HttpRequest, slug: str, number: int, pk: int) -> HttpResponse:
        return self.page(f.PurposeForm(instance=self.row()), _("Edit purpose"))

    def post(self, request: HttpRequest, slug: str, number: int, pk: int) -> HttpResponse:
        purpose = self.row()
        program_before = purpose.program
        form = f.PurposeForm(request.POST, instance=purpose)
        if not form.is_valid():
            return self.page(form, _("Edit purpose"), status=400)
        if purpose.program != program_before:
            services.append(
                purpose, Purpose.objects.filter(session=purpose.session, program=purpose.program)
            )
        else:
            services.save(purpose)
        messages.success(request, _("The purpose is saved."))
        return redirect(self.program_url(f"#purposes-{purpose.program}"))


def _session_siblings(row: ProgramItem | Purpose) -> QuerySet[Any]:
    return type(row)._default_manager.filter(session_id=row.session_id, program=row.program)


class SessionRowDeleteView(_SessionRowView):
    """Delete a program item or a purpose, after a confirmation page."""

    def get(self, request: HttpRequest, slug: str, number: int, pk: int) -> HttpResponse:
        return self.render("confirm_delete.html", thing=self.row(), cancel_url=self.program_url())

    def post(self, request: HttpRequest, slug: str, number: int, pk: int) -> HttpResponse:
        row = self.row()
        services.delete(row, _session_siblings(row))
        messages.success(request, _("“%(thing)s” is deleted.") % {"thing": row})
        return redirect(self.program_url())


class SessionRowMoveView(_SessionRowView):
    http_method_names = ["post"]  # noqa: RUF012 - Django's own attribute

    def post(self, request: HttpRequest, slug: str, number: int, pk: int) -> HttpResponse:
        row = self.row()
        services.move(row, _session_siblings(row), _direction(request))
        anchor = f"#item-{row.pk}" if isinstance(row, ProgramItem) else f"#purposes-{row.program}"
        return redirect(self.program_url(anchor))


class ShowNowView(_SessionRowView):
    """ "Show now": put one item on the plenum screen, or (pk 0) follow the clock again."""

    model = ProgramItem
    http_method_names = ["post"]  # noqa: RUF012 - Django's own attribute

    def post(self, request: HttpRequest, slug: str, number: int, pk: int = 0) -> HttpResponse:
        session = self.session()
        item = self.row() if pk else None
        services.show_now(session, item)
        if item is None:
            messages.success(request, _("The plenum screen follows the clock."))
        else:
            messages.success(
                request, _("The plenum screen shows “%(title)s”.") % {"title": item.title}
            )
        return redirect(self.program_url(f"#item-{item.pk}" if item else "#plenum"))


class CollectionView(SecretariatView):
    def get(self, request: HttpRequest, slug: str, kind: str) -> HttpResponse:
        collection = collection_from(kind)
        return self.render(
            "collection.html", collection=collection, rows=collection.rows(self.assembly)
        )


class CollectionRowView(SecretariatView):
    """Add (no ``pk``) or edit one row of a collection."""

    def get(
        self, request: HttpRequest, slug: str, kind: str, pk: int | None = None
    ) -> HttpResponse:
        collection = collection_from(kind)
        instance = self.instance(collection, pk)
        return self._page(collection, collection.make_form(self.assembly, instance=instance))

    def post(
        self, request: HttpRequest, slug: str, kind: str, pk: int | None = None
    ) -> HttpResponse:
        collection = collection_from(kind)
        instance = self.instance(collection, pk)
        form = collection.make_form(self.assembly, data=request.POST, instance=instance)
        if not form.is_valid():
            return self._page(collection, form, status=400)
        if collection.saver is not None:
            collection.saver(form, collection.rows(self.assembly))
        elif instance.pk is None and collection.ordered:
            services.append(instance, collection.rows(self.assembly))
        else:
            services.save(instance)
        messages.success(request, _("“%(thing)s” is saved.") % {"thing": instance})
        return redirect(self.url("collection", kind=kind) + f"#row-{instance.pk}")

    def instance(self, collection: Collection, pk: int | None) -> models.Model:
        if pk is None:
            return collection.model(assembly=self.assembly)
        row: models.Model = get_object_or_404(collection.rows(self.assembly), pk=pk)
        return row

    def _page(
        self, collection: Collection, form: forms.ModelForm[Any], status: int = 200
    ) -> HttpResponse:
        if form.instance.pk is None:
            heading = _("New %(thing)s") % {"thing": collection.singular}
        else:
            heading = _("Edit %(thing)s") % {"thing": collection.singular}
        response = self.render(
            "form.html",
            form=form,
            heading=heading,
            collection=collection,
            cancel_url=self.url("collection", kind=collection.key),
        )
        response.status_code = status
        return response


class CollectionDeleteView(SecretariatView):
    def get(self, request: HttpRequest, slug: str, kind: str, pk: int) -> HttpResponse:
        collection = collection_from(kind)
        row = get_object_or_404(collection.rows(self.assembly), pk=pk)
        return self.render(
            "confirm_delete.html",
            thing=row,
            collection=collection,
            cancel_url=self.url("collection", kind=kind),
        )

    def post(self, request: HttpRequest, slug: str, kind: str, pk: int) -> HttpResponse:
        collection = collection_from(kind)
        row = get_object_or_404(collection.rows(self.assembly), pk=pk)
        siblings = collection.rows(self.assembly) if collection.ordered else None
        services.delete(
            row, siblings if siblings is not None else collection.model._default_manager.none()
        )
        messages.success(request, _("“%(thing)s” is deleted.") % {"thing": row})
        return redirect(self.url("collection", kind=kind))


class CollectionMoveView(SecretariatView):
    http_method_names = ["post"]  # noqa: RUF012 - Django's own attribute

    def post(self, request: HttpRequest, slug: str, kind: str, pk: int) -> HttpResponseRedirect:
        collection = collection_from(kind)
        if not collection.ordered:
            raise Http404
        row = get_object_or_404(collection.rows(self.assembly), pk=pk)
        services.move(row, collection.rows(self.assembly), _direction(request))
        return redirect(self.url("collection", kind=kind) + f"#row-{row.pk}")
