from __future__ import annotations

# The library's pages belong to an assembly; share the assembly fixtures.
from tests.assemblies.conftest import assembly, demo, english_client

__all__ = ["assembly", "demo", "english_client"]
