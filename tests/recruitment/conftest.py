from __future__ import annotations

import pytest

from borgersamling.recruitment.models import Recruitment
from tests.recruitment.factories import make_recruitment


@pytest.fixture
def recruitment(db: None) -> Recruitment:
    return make_recruitment()
