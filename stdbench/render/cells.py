"""Spreadsheet safety shared by every CSV writer: cells that a spreadsheet would run as a formula."""
from __future__ import annotations

# = + - @ start a formula in Excel/LibreOffice; a leading tab or CR can hide one (OWASP CSV injection)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    """A cell a spreadsheet will not run: text starting with = + - @ (or tab/CR) gets a leading '."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text
