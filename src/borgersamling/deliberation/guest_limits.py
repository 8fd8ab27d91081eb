"""Rate limits on guests' writes: joins, smileys and input cards.

Unlike ``accounts.ratelimit`` (which counts failures), these count every write: a guest
may tap smileys freely, but a script may not flood a table. Each write is counted per guest
and per IP address; the IP limit is far higher because a whole venue of guests shares the
venue's one address. The counters live in the cache, like the login counters.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest

from borgersamling.accounts.ratelimit import client_ip


@dataclass(frozen=True)
class WriteLimit:
    """At most ``per_guest`` writes per guest and ``per_ip`` per address in ``window``
    seconds (a fixed window from the first write)."""

    name: str
    per_guest: int
    per_ip: int
    window: int = 10 * 60

    def _keys(self, request: HttpRequest, guest_key: str) -> list[tuple[str, int]]:
        keys = [(f"gl:{self.name}:ip:{client_ip(request)}", self.per_ip)]
        if guest_key:
            # The key is the guest's credential: only a digest of it goes to the cache.
            digest = hashlib.sha256(guest_key.encode()).hexdigest()[:32]
            keys.append((f"gl:{self.name}:g:{digest}", self.per_guest))
        return keys

    def allow(self, request: HttpRequest, guest_key: str = "") -> bool:
        """Count this write; ``False`` if it goes over a limit (it is then refused)."""
        allowed = True
        for key, limit in self._keys(request, guest_key):
            # add() starts the window; incr() keeps its expiry and is atomic in the cache.
            if cache.add(key, 1, self.window):
                count = 1
            else:
                try:
                    count = cache.incr(key)
                except ValueError:  # expired between add() and incr()
                    cache.add(key, 1, self.window)
                    count = 1
            allowed = allowed and count <= limit
        return allowed


# A guest taps three smileys per recommendation at most; 60 in ten minutes leaves room for
# changing one's mind. A venue of a few hundred guests shares one address.
REACTIONS = WriteLimit("reaction", per_guest=60, per_ip=3000)
CARDS = WriteLimit("card", per_guest=10, per_ip=500)
# Joining makes a Guest row: counted per address only (a new guest has no key yet).
JOINS = WriteLimit("join", per_guest=0, per_ip=300)
