from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from borgersamling.assemblies.models import Assembly
from tests.accounts.factories import make_secretariat
from tests.assemblies.factories import make_assembly
from tests.seating.factories import Room, make_room


@pytest.fixture
def assembly(db: None) -> Assembly:
    return make_assembly()


@pytest.fixture
def room(assembly: Assembly) -> Room:
    return make_room(assembly)


@pytest.fixture
def secretariat(assembly: Assembly) -> User:
    return make_secretariat(assembly)


@pytest.fixture
def staff(client: Client, secretariat: User) -> Client:
    """The secretariat, logged in, with the pages in English."""
    client.force_login(secretariat)
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    return client


@pytest.fixture(autouse=True)
def fast_engine(settings: Any) -> None:
    """Short searches: the tests check what is stored and measured, not how good it is."""
    settings.BORGERSAMLING_SEATING_EFFORT = 3


IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def tasks_at_once(settings: Any) -> None:
    """Seating runs computed inside the request, so a page test sees the seating at once;
    tests of the queue itself switch back to the database backend."""
    settings.TASKS = IMMEDIATE
