"""stdbench: standards benchmarking (对标) and group-standard (团体标准) authoring.

The library is usable without the CLI::

    import stdbench
    std = stdbench.read("rice.docx")          # any reader, chosen by content
    result = stdbench.align(a, b)              # clause alignment
    matrix = stdbench.compare([a, b], baseline=b)
    findings = stdbench.check(std)
"""
from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

from stdbench.errors import StdbenchError
from stdbench.model import Standard


def read(path, **kwargs: Any) -> Standard:
    """Read a standard from STS XML, Metanorma XML or Word .docx (chosen by content)."""
    from stdbench.readers import read as _read

    return _read(path, **kwargs)


def align(a: Standard, b: Standard, **kwargs: Any):
    """Align the clauses of two standards (see :mod:`stdbench.analysis.align`)."""
    from stdbench.analysis.align import align as _align

    return _align(a, b, **kwargs)


def compare(standards, baseline=None, **kwargs: Any):
    """Compare requirements of several standards against a baseline (see :mod:`stdbench.analysis.compare`)."""
    from stdbench.analysis.compare import compare as _compare

    return _compare(standards, baseline=baseline, **kwargs)


def check(std: Standard, corpus=None, **kwargs: Any):
    """Check a group/enterprise standard against the mandatory national floor and citation currency."""
    from stdbench.analysis.check import check as _check

    return _check(std, corpus=corpus, **kwargs)


__all__ = ["Standard", "StdbenchError", "__version__", "align", "check", "compare", "read"]
