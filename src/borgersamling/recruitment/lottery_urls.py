"""The lottery: the secretariat's runs, the public ceremony page with its files, and the
representation report."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from borgersamling.recruitment import lottery_views, representation_views

public = "assemblies/<slug:slug>/"
runs = "assemblies/<slug:slug>/secretariat/recruitment/runs/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(runs, lottery_views.runs, name="lottery-runs"),
    path(f"{runs}<int:pk>/", lottery_views.run_detail, name="lottery-run"),
    path(f"{runs}<int:pk>/progress/", lottery_views.run_progress, name="lottery-progress"),
    path(f"{runs}<int:pk>/stop/", lottery_views.run_cancel, name="lottery-run-cancel"),
    path(f"{public}lottery/", lottery_views.ceremony, name="lottery"),
    path(f"{public}lottery/state/", lottery_views.ceremony_state, name="lottery-state"),
    path(f"{public}lottery/files/<str:file_name>", lottery_views.lottery_file, name="lottery-file"),
    # After the file: the permission sweep makes the demo's lottery when it fills in a name.
    path(f"{public}lottery/bundle/", lottery_views.lottery_bundle, name="lottery-bundle"),
    path(
        f"{public}representation/",
        representation_views.representation_page,
        name="representation",
    ),
]
