"""Permission expectations for this part of recruitment, merged into the project's sweep
(tests/test_permission_sweep.py). ``PKS`` maps the route segment before ``<int:pk>`` to a
function that finds a demo row for it; ``ARGUMENTS`` maps other URL arguments likewise."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from borgersamling.assemblies.models import Assembly
from tests.sweep_outcomes import ROLES, only

EXPECTED: dict[str, dict[str, int | str]] = {}
PKS: dict[str, Callable[[Assembly], Any]] = {}
ARGUMENTS: dict[str, Callable[[Assembly], Any]] = {}


# --- votes (deliberation/vote_urls.py) -------------------------------------------------------
_VOTE_SECRETARIAT = only(("facilitator", "administrator"))
EXPECTED.update(
    {
        "deliberation:vote-manage": _VOTE_SECRETARIAT,
        "deliberation:vote-new": _VOTE_SECRETARIAT,
        "deliberation:vote-results": _VOTE_SECRETARIAT,
        "deliberation:vote-open": only(("facilitator", "administrator"), 405),
        "deliberation:vote-close": only(("facilitator", "administrator"), 405),
        # Members vote; the secretariat sees what they see (without a ballot). Visitors are
        # sent to the members' code login.
        "deliberation:vote-list": only(
            ("member", "facilitator", "administrator"), login="accounts:login-code"
        ),
        "deliberation:vote-ballot": only(
            ("member", "facilitator", "administrator"), login="accounts:login-code"
        ),
        # Public on purpose, like the plenum screen: the projector's laptop needs no login,
        # and the count is anonymous (how many voted, the share in support, the verdict).
        "deliberation:vote-projector": dict.fromkeys(ROLES, 200),
        "deliberation:vote-tally": dict.fromkeys(ROLES, 200),
    }
)


def _a_demo_vote(assembly: Assembly) -> int:
    """The demo's first vote; an open one on a table's recommendation is made if there is
    none (with a draft for the first table if no table has one yet)."""
    from borgersamling.deliberation import voting
    from borgersamling.deliberation.models import Draft, DraftRevision, Recommendation, Vote

    existing = Vote.objects.filter(assembly=assembly).order_by("pk").first()
    if existing is not None:
        return existing.pk
    groups = voting.choosable(assembly)
    if not groups:
        table = assembly.theme_tables.order_by("number").first()
        assert table is not None, "the demo has no theme table"
        draft, _created = Draft.objects.get_or_create(theme_table=table)
        number = draft.version + 1
        recommendation = Recommendation.objects.create(draft=draft, number=number)
        draft.current = DraftRevision.objects.create(
            draft=draft,
            number=number,
            recommendations=[{"id": recommendation.pk, "title": "Flere frivillige", "text": ""}],
        )
        draft.version = number
        draft.save()
        groups = voting.choosable(assembly)
    vote = voting.create_vote(
        assembly,
        title="Løbende afstemning",
        kind=Vote.Kind.AGREE,
        recommendations=[choice.recommendation for choice in groups[0].choices],
    )
    return voting.open_vote(vote).pk


PKS["votes"] = _a_demo_vote


# --- drafts, scribe, dialogue notes, exports (deliberation/draft_urls.py) ---------------------
# The sweep fills <number> with the open session's number (4): table 4. The sweep's member is
# not seated at any table, so the table's own pages refuse them; every member reads drafts.
_DRAFT_STAFF = ("facilitator", "administrator")
_DRAFT_READERS = ("member", "facilitator", "administrator")
_DRAFT_TABLE_PAGE = only(_DRAFT_STAFF, login="accounts:login-code")
_DRAFT_TABLE_POST = only(_DRAFT_STAFF, 405, login="accounts:login-code")
EXPECTED.update(
    {
        "deliberation:draft": only(_DRAFT_READERS, login="accounts:login-code"),
        "deliberation:draft-history": only(_DRAFT_READERS, login="accounts:login-code"),
        "deliberation:draft-diff": only(_DRAFT_READERS, login="accounts:login-code"),
        "deliberation:draft-edit": _DRAFT_TABLE_PAGE,
        "deliberation:draft-scribe": _DRAFT_TABLE_PAGE,
        "deliberation:draft-dialogue": _DRAFT_TABLE_PAGE,
        "deliberation:draft-table-export-csv": _DRAFT_TABLE_PAGE,
        "deliberation:draft-table-export-md": _DRAFT_TABLE_PAGE,
        "deliberation:draft-worked-on": _DRAFT_TABLE_POST,
        "deliberation:draft-scribe-undo": _DRAFT_TABLE_POST,
        "deliberation:draft-final": only(_DRAFT_STAFF, 405),
        "deliberation:draft-overview": only(_DRAFT_STAFF),
        "deliberation:draft-export-csv": only(_DRAFT_STAFF),
        "deliberation:draft-export-md": only(_DRAFT_STAFF),
    }
)


# --- guests and moderation (deliberation/guest_urls.py) ---------------------------------------
# The sweep's "guest" has no guest cookie, like the anonymous visitor: the guests' table pages
# send everyone without one to the code page (302); the guests' writes take only POST (405).
# The QR code's address shows the friendly closed page (200) on any day but the open
# session's: the sweep runs on today's date, not the demo's pinned 13 May 2025.
_GUEST_PAGES = {
    "deliberation:guest-start": 200,
    "deliberation:guest-join": 200,
    "deliberation:guest-tables": 302,
    "deliberation:guest-table": 302,
    "deliberation:guest-smiley": 405,
    "deliberation:guest-card": 405,
}
EXPECTED.update({name: dict.fromkeys(ROLES, outcome) for name, outcome in _GUEST_PAGES.items()})
EXPECTED.update(
    {
        "deliberation:guest-cards": only(_DRAFT_STAFF),
        "deliberation:guest-moderation": only(_DRAFT_STAFF),
        "deliberation:guest-moderate": only(_DRAFT_STAFF, 405),
    }
)


def _a_table_code(assembly: Assembly) -> str:
    from borgersamling.deliberation import guests

    table = assembly.theme_tables.order_by("number").first()
    assert table is not None, "the demo has no theme table"
    return guests.table_code(table).code


def _a_guest_card(assembly: Assembly) -> int:
    """A guest's input card on the first table (with a draft if it has none yet)."""
    from borgersamling.deliberation.models import Draft, InputCard, Section

    table = assembly.theme_tables.order_by("number").first()
    assert table is not None, "the demo has no theme table"
    draft, _created = Draft.objects.get_or_create(theme_table=table)
    card = InputCard.objects.create(
        draft=draft, section=Section.FUTURE, source=InputCard.Source.GUEST, text="Mere nærhed"
    )
    return card.pk


ARGUMENTS["table_code"] = _a_table_code
PKS["guest-input"] = _a_guest_card
