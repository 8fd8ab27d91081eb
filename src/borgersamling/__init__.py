"""Borgersamling: run a citizens' assembly from invitation to the council's answer."""

__version__ = "0.1.0"
