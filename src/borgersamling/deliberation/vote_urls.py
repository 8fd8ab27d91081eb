"""The votes' URLs: the secretariat's under ``secretariat/votes/``, the members' ballot and
list, and the projector with its JSON tally (public, see ``vote_views``)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from borgersamling.deliberation import vote_views as views

secretariat = "assemblies/<slug:slug>/secretariat/votes/"
members = "assemblies/<slug:slug>/votes/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(secretariat, views.manage, name="vote-manage"),
    path(f"{secretariat}new/", views.new, name="vote-new"),
    path(f"{secretariat}<int:pk>/", views.results, name="vote-results"),
    path(f"{secretariat}<int:pk>/open/", views.open_, name="vote-open"),
    path(f"{secretariat}<int:pk>/close/", views.close, name="vote-close"),
    path(members, views.member_list, name="vote-list"),
    path(f"{members}<int:pk>/", views.ballot, name="vote-ballot"),
    path(f"{members}<int:pk>/projector/", views.projector, name="vote-projector"),
    path(f"{members}<int:pk>/tally/", views.tally, name="vote-tally"),
]
