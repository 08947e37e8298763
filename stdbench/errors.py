"""One exception family for everything stdbench reports to a user.

A :class:`StdbenchError` names the file and the place (line, clause, table cell, zip member …) so the
CLI can print a single line such as ``rice.docx: word/document.xml line 12: not well-formed`` and exit 2.
"""
from __future__ import annotations

from pathlib import Path


class StdbenchError(Exception):
    """An error in the user's input or request, reported as one line."""

    def __init__(self, message: str, file: str | Path | None = None, location: str | None = None):
        super().__init__(message)
        self.message = message
        self.file = str(file) if file is not None else None
        self.location = location

    def __str__(self) -> str:
        parts = [p for p in (self.file, self.location) if p]
        prefix = ": ".join(parts)
        text = f"{prefix}: {self.message}" if prefix else self.message
        # one line, always: a message that carries a newline (from lxml, zipfile …) is folded
        return " ".join(text.split())

    def at(self, file: str | Path | None = None, location: str | None = None) -> StdbenchError:
        """Fill in the file/location when an inner layer did not know them."""
        if self.file is None and file is not None:
            self.file = str(file)
        if self.location is None and location is not None:
            self.location = location
        return self


class ReaderError(StdbenchError):
    """A document could not be read (malformed, hostile, unsupported)."""


class NormalizeError(StdbenchError):
    """A code, quantity or unit could not be understood."""


class UnitError(NormalizeError):
    """Two units cannot be converted into each other."""


class OutputExistsError(StdbenchError):
    """An output file exists and --force was not given."""


class CorpusError(StdbenchError):
    """The index could not be opened, read or written."""


class PolicyError(StdbenchError):
    """A drafting spec asks for something the rules refuse (e.g. a limit looser than the national floor)."""
