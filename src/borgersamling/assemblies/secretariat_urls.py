"""The secretariat's pages, included under ``/assemblies/<slug>/secretariat/``."""

from __future__ import annotations

from django.urls import path, register_converter

from borgersamling.assemblies import secretariat_views as views
from borgersamling.assemblies.models import ProgramItem, Purpose


class CollectionConverter:
    """Only the names of the collections, so ``sessions/`` and ``assembly/`` stay apart."""

    regex = "|".join(sorted(views.COLLECTIONS))

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(CollectionConverter, "collection")

app_name = "secretariat"

session = "sessions/<int:number>/"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("assembly/", views.AssemblyEditView.as_view(), name="assembly"),
    path("sessions/new/", views.SessionFormView.as_view(), name="session-new"),
    path(f"{session}", views.ProgramView.as_view(), name="program"),
    path(f"{session}edit/", views.SessionFormView.as_view(), name="session-edit"),
    path(f"{session}delete/", views.SessionDeleteView.as_view(), name="session-delete"),
    path(f"{session}items/new/", views.ProgramItemCreateView.as_view(), name="item-new"),
    path(f"{session}items/<int:pk>/", views.ProgramItemEditView.as_view(), name="item-edit"),
    path(
        f"{session}items/<int:pk>/delete/",
        views.SessionRowDeleteView.as_view(model=ProgramItem),
        name="item-delete",
    ),
    path(
        f"{session}items/<int:pk>/move/",
        views.SessionRowMoveView.as_view(model=ProgramItem),
        name="item-move",
    ),
    path(f"{session}items/<int:pk>/show/", views.ShowNowView.as_view(), name="item-show"),
    path(f"{session}follow-clock/", views.ShowNowView.as_view(), name="follow-clock"),
    path(f"{session}purposes/new/", views.PurposeCreateView.as_view(), name="purpose-new"),
    path(f"{session}purposes/<int:pk>/", views.PurposeEditView.as_view(), name="purpose-edit"),
    path(
        f"{session}purposes/<int:pk>/delete/",
        views.SessionRowDeleteView.as_view(model=Purpose),
        name="purpose-delete",
    ),
    path(
        f"{session}purposes/<int:pk>/move/",
        views.SessionRowMoveView.as_view(model=Purpose),
        name="purpose-move",
    ),
    path("<collection:kind>/", views.CollectionView.as_view(), name="collection"),
    path("<collection:kind>/new/", views.CollectionRowView.as_view(), name="row-new"),
    path("<collection:kind>/<int:pk>/", views.CollectionRowView.as_view(), name="row-edit"),
    path(
        "<collection:kind>/<int:pk>/delete/",
        views.CollectionDeleteView.as_view(),
        name="row-delete",
    ),
    path("<collection:kind>/<int:pk>/move/", views.CollectionMoveView.as_view(), name="row-move"),
]
