from __future__ import annotations

from django.urls import path

from borgersamling.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.PasswordLoginView.as_view(), name="login"),
    path("login/totp/", views.TOTPLoginView.as_view(), name="login-totp"),
    path("login/code/", views.CodeLoginView.as_view(), name="login-code"),
    path("login/<str:token>/", views.LinkLoginView.as_view(), name="login-link"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("account/", views.AccountView.as_view(), name="account"),
    path("account/two-factor/", views.TOTPEnrolView.as_view(), name="totp-enrol"),
    path("account/two-factor/off/", views.TOTPDisableView.as_view(), name="totp-disable"),
    path("assemblies/<slug:slug>/people/", views.PeopleView.as_view(), name="people"),
    path("assemblies/<slug:slug>/people/add/", views.PersonAddView.as_view(), name="person-add"),
    path(
        "assemblies/<slug:slug>/people/<int:pk>/edit/",
        views.PersonEditView.as_view(),
        name="person-edit",
    ),
    path(
        "assemblies/<slug:slug>/people/<int:pk>/login/",
        views.IssueLoginView.as_view(),
        name="issue-login",
    ),
]
