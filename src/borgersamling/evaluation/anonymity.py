"""The keyed hash that says "this participant has answered" without saying who.

HMAC-SHA256 over the questionnaire's and the participant's ids, keyed with
``settings.SECRET_KEY``. Without the key the marks cannot be tied to anyone; with it (the
server) one can test whether a given participant has answered, which is exactly what is
needed to refuse a second answer. A mark holds no link to the response itself, so even with
the key nobody can tell which answers were whose.

Rotating ``SECRET_KEY`` while a questionnaire is open would let members answer again: keep
the key for the questionnaire's few weeks.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings


def answered_key(questionnaire_pk: int, participant_pk: int) -> str:
    message = f"borgersamling.evaluation:{questionnaire_pk}:{participant_pk}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()
