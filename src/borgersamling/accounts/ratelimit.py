"""A simple brake on guessing: count failed attempts per session and per IP address in the
cache, and refuse further attempts for a while once either count reaches its limit.

With several web processes the cache must be shared (e.g. the database cache or Redis);
the default per-process memory cache is enough for the demo and a single process.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    # REMOTE_ADDR only: X-Forwarded-For can be forged unless a trusted proxy rewrites it.
    return str(request.META.get("REMOTE_ADDR", "") or "unknown")


@dataclass(frozen=True)
class AttemptLimiter:
    """``limit_per_session`` failures per session, ``limit_per_ip`` per address (higher: a
    whole room of members may share the venue's address), counted over ``window`` seconds."""

    name: str
    limit_per_session: int = 5
    limit_per_ip: int = 30
    window: int = 15 * 60

    def _keys(self, request: HttpRequest, extra: str = "") -> list[tuple[str, int]]:
        keys = [(f"rl:{self.name}:ip:{client_ip(request)}", self.limit_per_ip)]
        if request.session.session_key is None:
            request.session.save()
        keys.append((f"rl:{self.name}:s:{request.session.session_key}", self.limit_per_session))
        if extra:
            digest = hashlib.sha256(extra.encode()).hexdigest()[:32]
            keys.append((f"rl:{self.name}:x:{digest}", self.limit_per_session))
        return keys

    def is_blocked(self, request: HttpRequest, extra: str = "") -> bool:
        return any((cache.get(key) or 0) >= limit for key, limit in self._keys(request, extra))

    def record_failure(self, request: HttpRequest, extra: str = "") -> None:
        for key, _limit in self._keys(request, extra):
            # add() starts the window; incr() keeps its expiry.
            if not cache.add(key, 1, self.window):
                try:
                    cache.incr(key)
                except ValueError:  # expired between add() and incr()
                    cache.add(key, 1, self.window)

    def reset(self, request: HttpRequest, extra: str = "") -> None:
        """After a success, forget this session's (and account's) failures; the IP count
        stays so one good code does not license guessing another."""
        for key, _limit in self._keys(request, extra)[1:]:
            cache.delete(key)


# Codes and links: 5 wrong tries per session, 30 per address in 15 minutes.
CODE_ATTEMPTS = AttemptLimiter("code")
# Passwords: the extra key is the username, so one account cannot be hammered from many
# sessions either.
PASSWORD_ATTEMPTS = AttemptLimiter("password", limit_per_session=10, limit_per_ip=50)
