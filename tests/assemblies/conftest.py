from __future__ import annotations

import pytest
from django.test import Client

from borgersamling.assemblies.demo import load_demo
from borgersamling.assemblies.models import Assembly
from tests.assemblies.factories import make_assembly


@pytest.fixture
def assembly(db: None) -> Assembly:
    return make_assembly()


@pytest.fixture
def demo(db: None) -> Assembly:
    return load_demo()


@pytest.fixture
def english_client(client: Client) -> Client:
    """A client that chose English with the language switch, as a visitor would."""
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    return client
