from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from borgersamling.evaluation import views

app_name = "evaluation"

urlpatterns: list[URLPattern | URLResolver] = [
    path("assemblies/<slug:slug>/evaluation/", views.questionnaire, name="questionnaire"),
    path("assemblies/<slug:slug>/evaluation/manage/", views.manage, name="manage"),
    path("assemblies/<slug:slug>/evaluation/results/", views.results, name="results"),
    path("assemblies/<slug:slug>/evaluation/answers.csv", views.export, name="export"),
]
