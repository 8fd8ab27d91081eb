"""Typed errors carrying a message code and parameters.

The code and parameters let the command line show English and the web app show Danish
from the same error (see ``messages``).
"""

from __future__ import annotations

from typing import Any

from borgersamling.sortition.messages import render


class SortitionError(Exception):
    """Base of every error the engine raises on purpose."""

    exit_code = 1

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(self.message())

    def message(self, language: str = "en") -> str:
        return render(self.code, language, self.params)


class InputError(SortitionError):
    """An input file is unreadable or inconsistent; nothing was written."""

    exit_code = 2


class InfeasibleQuotasError(SortitionError):
    """No panel satisfies the quotas; carries the explanation and a relaxation."""

    exit_code = 3

    def __init__(self, code: str, diagnosis: Any = None, **params: Any) -> None:
        # Typed as Any to avoid an import cycle; it is a feasibility.Diagnosis.
        self.diagnosis = diagnosis
        super().__init__(code, **params)


class VerificationError(SortitionError):
    """A recorded selection could not be reproduced."""

    exit_code = 1
