"""The public sign-up (in Danish URLs, as on the letter) and the secretariat's settings."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from borgersamling.recruitment import signup_views as views

SIGNUP = "assemblies/<slug:slug>/tilmelding/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(SIGNUP, views.signup, name="signup"),
    path(f"{SIGNUP}<str:code>/", views.signup_form, name="signup-form"),
    path(f"{SIGNUP}<str:code>/tak/", views.signup_done, name="signup-done"),
    path(f"{SIGNUP}<str:code>/mine-data/", views.my_signup, name="my-signup"),
    path(
        "assemblies/<slug:slug>/secretariat/recruitment/settings/",
        views.recruitment_settings,
        name="settings",
    ),
]
