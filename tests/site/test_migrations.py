"""Every model change ships with its migration: a missing one would fail on a fresh install."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration() -> None:
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit:
        pytest.fail(f"makemigrations found changes without a migration:\n{out.getvalue()}")
    assert "No changes detected" in out.getvalue()
