"""The follow-up's change feed (Atom): one entry per council response, newest first, so
anyone can follow the answers in a feed reader without visiting the page.

Atom titles are plain text (the feed generator escapes them for XML), so a recommendation's
title goes in as written; the summary is HTML, so the secretariat's text is HTML-escaped
before it goes in. The feed speaks the request's language: Danish unless the visitor chose
otherwise.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from borgersamling.assemblies.models import Assembly
from borgersamling.assemblies.views import get_assembly
from borgersamling.followup import overview
from borgersamling.followup.models import CouncilResponse
from borgersamling.followup.statuses import LOOKS

# A feed reader needs the recent changes, not the whole archive (the page has that).
FEED_LENGTH = 100


def response_url(response: CouncilResponse) -> str:
    """The recommendation's page, at this entry of its history."""
    draft = response.recommendation.draft
    url = reverse(
        "followup:recommendation",
        kwargs={"slug": draft.theme_table.assembly.slug, "pk": response.recommendation_id},
    )
    return f"{url}#response-{response.pk}"


@dataclass(frozen=True)
class FeedItem:
    response: CouncilResponse
    # "3.2 Et åbent velfærdsbudget", from the recommendation's current words.
    name: str


class ResponsesFeed(Feed[FeedItem, Assembly]):
    # One instance serves every request (and thread), so it keeps no state of its own.
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Assembly:
        return get_assembly(str(kwargs["slug"]))

    def title(self, obj: Assembly) -> str:
        return _("%(assembly)s: the council's answers") % {"assembly": obj.name}

    def subtitle(self, obj: Assembly) -> str:
        return _("Every response of %(body)s to the assembly's recommendations, newest first.") % {
            "body": obj.commissioning_body
        }

    def link(self, obj: Assembly) -> str:
        return reverse("followup:status", kwargs={"slug": obj.slug})

    def feed_url(self, obj: Assembly) -> str:
        return reverse("followup:feed", kwargs={"slug": obj.slug})

    def items(self, obj: Assembly) -> list[FeedItem]:
        names = {
            item.recommendation.pk: f"{item.label} {item.title}"
            for item in overview.followed_recommendations(obj)
        }
        responses = (
            CouncilResponse.objects.filter(recommendation__draft__theme_table__assembly=obj)
            .select_related("recommendation__draft__theme_table__assembly")
            .order_by("-recorded_at", "-pk")[:FEED_LENGTH]
        )
        return [
            FeedItem(r, names.get(r.recommendation_id) or str(r.recommendation)) for r in responses
        ]

    def item_title(self, item: FeedItem) -> str:
        status = str(LOOKS[item.response.status].label).lower()
        if item.response.corrects_id is not None:
            return _("%(recommendation)s: %(status)s (correction)") % {
                "recommendation": item.name,
                "status": status,
            }
        return f"{item.name}: {status}"

    def item_description(self, item: FeedItem) -> str:
        response = item.response
        parts: list[str] = [
            format_html(
                "<p>{}: {}<br>{}: {}</p>",
                _("Committee"),
                response.committee,
                _("Date"),
                date_format(response.decided_on, "DATE_FORMAT"),
            )
        ]
        if response.reasons:
            # With autoescape on, linebreaks escapes the text before adding <p> and <br>; it
            # returns a plain str, so mark it safe to keep it from being escaped twice.
            parts.append(mark_safe(linebreaks(response.reasons, autoescape=True)))
        if response.minutes_url:
            parts.append(
                format_html(
                    '<p><a href="{}">{}</a></p>', response.minutes_url, _("Minutes of the meeting")
                )
            )
        return format_html_join("", "{}", ((part,) for part in parts))

    def item_link(self, item: FeedItem) -> str:
        # Each entry links to its own place in the history, which also makes every entry's
        # Atom id unique (Django uses the link as the id).
        return response_url(item.response)

    def item_pubdate(self, item: FeedItem) -> datetime.datetime:
        return item.response.recorded_at

    def item_updateddate(self, item: FeedItem) -> datetime.datetime:
        # Entries never change, so an entry was last updated when it was recorded.
        return item.response.recorded_at
