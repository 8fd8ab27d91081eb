"""Shared set-up for the guest tests: a table at an open session today, guests joining
through the real join URL, and the URLs of the guest pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse

from borgersamling.assemblies.models import Assembly, Session, ThemeTable
from borgersamling.deliberation import guests
from borgersamling.deliberation.guest_views import COOKIE_SALT, cookie_name
from borgersamling.deliberation.models import Draft, Guest
from tests.assemblies.factories import make_assembly, make_theme_table
from tests.deliberation.factories import make_draft, today_session


@dataclass
class Room:
    """An assembly whose open session is today, with two theme tables; table 1 has a draft
    with two recommendations, table 2 none yet."""

    assembly: Assembly
    session: Session
    table: ThemeTable
    other: ThemeTable
    draft: Draft


def open_room() -> Room:
    cache.clear()  # the rate limits' counters live in the cache
    assembly = make_assembly()
    session = today_session(assembly, is_open_session=True)
    table = make_theme_table(assembly, number=1, theme="Forebyggelse")
    other = make_theme_table(assembly, number=2, theme="Frivillighed")
    draft = make_draft(
        table,
        recommendations=[
            ("Flere frivillige", "Kommunen støtter foreningerne."),
            ("Et sundhedshus", "Læge og genoptræning under samme tag."),
        ],
    )
    return Room(assembly, session, table, other, draft)


def table_url(table: ThemeTable, name: str = "guest-table") -> str:
    return reverse(
        f"deliberation:{name}", kwargs={"slug": table.assembly.slug, "number": table.number}
    )


def join_url(table: ThemeTable) -> str:
    return reverse("deliberation:guest-join", kwargs={"table_code": guests.table_code(table).code})


def join(client: Client, table: ThemeTable) -> Guest:
    """Join the table as the QR code does; the client keeps the guest's cookie."""
    response = client.get(join_url(table))
    assert response.status_code == 302, response.status_code
    assert response["Location"] == table_url(table)
    guest = guest_of(client, table.assembly)
    assert guest is not None and guest.theme_table_id == table.pk
    return guest


def guest_of(client: Client, assembly: Assembly) -> Guest | None:
    """The guest whose key the client's signed cookie holds."""
    name = cookie_name(assembly)
    if name not in client.cookies:
        return None
    request = HttpRequest()
    request.COOKIES[name] = client.cookies[name].value
    key = request.get_signed_cookie(name, default="", salt=COOKIE_SALT)
    return Guest.objects.filter(assembly=assembly, key=key).first()


def recommendation_keys(draft: Draft) -> list[str]:
    draft.refresh_from_db()
    return [f"rec-{pk}" for pk in guests.current_recommendation_ids(draft)]
