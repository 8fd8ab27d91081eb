"""The secrets behind one-time logins: how they are made, written and hashed.

A link carries 256 random bits. A code is 8 characters from an alphabet without the
look-alikes 0/O, 1/I/L, so it can be read aloud or typed from a letter (about 40 bits; the
rate limit on attempts makes guessing hopeless). Both are stored as an HMAC keyed with
``SECRET_KEY``: a leaked database alone cannot be used to find the short codes by brute
force. Rotating ``SECRET_KEY`` therefore invalidates all outstanding logins.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def new_link_secret() -> str:
    return secrets.token_urlsafe(32)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(typed: str) -> str:
    """What a person typed, as stored: upper case, without spaces and dashes."""
    return "".join(ch for ch in typed.upper() if ch not in " -\t")


def format_code(code: str) -> str:
    """``ABCDEFGH`` → ``ABCD-EFGH``, easier to read and to type."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def hash_secret(kind: str, secret: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{kind}:{secret}".encode(), hashlib.sha256).hexdigest()
