"""The pool (sign-ups) and the criteria with their targets: the secretariat's pages."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from borgersamling.recruitment import pool_views, targets_views

PREFIX = "assemblies/<slug:slug>/secretariat/recruitment/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(PREFIX + "pool/", pool_views.pool, name="pool"),
    path(PREFIX + "pool/new/", pool_views.signup_new, name="pool-new"),
    path(PREFIX + "pool/import/", pool_views.pool_upload, name="pool-import"),
    path(PREFIX + "signups/<int:pk>/", pool_views.signup_edit, name="pool-edit"),
    path(PREFIX + "signups/<int:pk>/withdraw/", pool_views.signup_withdraw, name="pool-withdraw"),
    path(PREFIX + "signups/<int:pk>/put-back/", pool_views.signup_put_back, name="pool-put-back"),
    path(
        PREFIX + "signups/<int:pk>/not-a-duplicate/",
        pool_views.signup_not_duplicate,
        name="pool-not-duplicate",
    ),
    path(PREFIX + "targets/", targets_views.targets, name="targets"),
    path(PREFIX + "targets/check/", targets_views.targets_check, name="targets-check"),
    path(PREFIX + "targets/import/", targets_views.targets_upload, name="targets-import"),
    path(PREFIX + "targets/features/new/", targets_views.feature_edit, name="targets-feature-new"),
    path(PREFIX + "targets/features/<int:pk>/", targets_views.feature_edit, name="targets-feature"),
    path(
        PREFIX + "targets/features/<int:pk>/delete/",
        targets_views.feature_delete,
        name="targets-feature-delete",
    ),
]
