"""The follow-up's URLs: the public status page, a page per recommendation and the Atom feed;
the secretariat's overview and its form per recommendation."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from borgersamling.followup import secretariat_views, views
from borgersamling.followup.feeds import ResponsesFeed

app_name = "followup"

PUBLIC = "assemblies/<slug:slug>/follow-up/"
SECRETARIAT = "assemblies/<slug:slug>/secretariat/follow-up/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(PUBLIC, views.status_page, name="status"),
    path(f"{PUBLIC}feed/", ResponsesFeed(), name="feed"),
    path(f"{PUBLIC}recommendations/<int:pk>/", views.recommendation_page, name="recommendation"),
    path(SECRETARIAT, secretariat_views.manage, name="manage"),
    path(f"{SECRETARIAT}recommendations/<int:pk>/", secretariat_views.record, name="record"),
]
