from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from borgersamling.reports import secretariat_views, views

app_name = "reports"

PUBLIC = "assemblies/<slug:slug>/report/"
SECRETARIAT = "assemblies/<slug:slug>/secretariat/report/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(PUBLIC, views.report, name="report"),
    path(PUBLIC + "versions/", views.versions, name="versions"),
    path(PUBLIC + "versions/<int:number>/", views.version, name="version"),
    path(PUBLIC + "report.pdf", views.pdf, name="pdf"),
    path(PUBLIC + "data.json", views.data_json, name="data-json"),
    path(PUBLIC + "data-csv.zip", views.data_csv, name="data-csv"),
    path(PUBLIC + "draft/", views.draft, name="draft"),
    path(PUBLIC + "draft/report.pdf", views.draft_pdf, name="draft-pdf"),
    path(SECRETARIAT, secretariat_views.overview, name="secretariat"),
    path(SECRETARIAT + "sections/", secretariat_views.sections, name="sections"),
    path(SECRETARIAT + "texts/", secretariat_views.texts, name="texts"),
    path(SECRETARIAT + "minority/new/", secretariat_views.minority_new, name="minority-new"),
    path(SECRETARIAT + "minority/<int:pk>/", secretariat_views.minority_edit, name="minority-edit"),
    path(
        SECRETARIAT + "minority/<int:pk>/delete/",
        secretariat_views.minority_delete,
        name="minority-delete",
    ),
    path(SECRETARIAT + "freeze/", secretariat_views.freeze, name="freeze"),
]
