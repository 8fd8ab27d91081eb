"""The permission sweep's roles and the outcomes a URL may give them.

Shared by tests/test_permission_sweep.py and the expectation files each app keeps beside its
tests (tests/<app>/sweep.py), which the sweep merges.
"""

from __future__ import annotations

from collections.abc import Sequence

ROLES = (
    "anonymous",
    "guest",  # joined by QR code: no user, so not logged in
    "member",
    "politician",
    "other-facilitator",  # the secretariat of another assembly
    "facilitator",
    "administrator",
)

# A response is a status, or the name of a login page: a 302 to that page, which comes back
# to this URL after (the password login, or the members' code login).
LOGIN = "accounts:login"
CODE_LOGIN = "accounts:login-code"
Outcome = int | str


def everyone(outcome: Outcome) -> dict[str, Outcome]:
    return dict.fromkeys(ROLES, outcome)


def only(allowed: Sequence[str], outcome: Outcome = 200, login: str = LOGIN) -> dict[str, Outcome]:
    """``allowed`` get ``outcome``; visitors who are not logged in are sent to ``login``; the
    other logged-in roles get 403."""
    return {
        role: outcome if role in allowed else login if role in {"anonymous", "guest"} else 403
        for role in ROLES
    }


PUBLIC = everyone(200)
SECRETARIAT = only(("facilitator", "administrator"))
# Views that only take POST: the permission check runs first, so the secretariat gets 405
# for a GET and everyone else is refused as usual.
SECRETARIAT_POST_ONLY = only(("facilitator", "administrator"), 405)
