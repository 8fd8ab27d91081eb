from __future__ import annotations

import pytest

from borgersamling.assemblies.models import Assembly
from tests.assemblies.factories import make_assembly


@pytest.fixture
def assembly(db: None) -> Assembly:
    return make_assembly()
