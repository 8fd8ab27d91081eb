from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from pytest_django.fixtures import Settings as SettingsWrapper

from borgersamling.assemblies.models import Assembly
from tests.accounts.factories import make_assembly


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """The rate limits live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: SettingsWrapper) -> None:
    """PBKDF2 is slow on purpose; the tests log in hundreds of times. The one test about
    hashing puts the real hashers back."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def assembly(db: None) -> Assembly:
    return make_assembly()
