"""GB/T 1.1—2020 drafting-rule linter for a standard read from .docx, STS or Metanorma.

``lint(std)`` is a pure function of the model; each finding carries a rule id, a severity (error,
warning), a message in Chinese and a location (前言, 第2章, 4.3 …). The rules are in :mod:`lint_rules`.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from stdbench.analysis.lint_rules import RULES
from stdbench.model import Standard


class Finding(BaseModel):
    rule: str
    severity: Literal["error", "warning"]
    message: str
    location: str


def lint(std: Standard) -> list[Finding]:
    """Every finding of every rule, in rule order; duplicates (same rule, message, place) once."""
    out: list[Finding] = []
    seen: set[tuple[str, str, str]] = set()
    for rule in RULES:
        for rid, severity, message, location in rule(std):
            if (rid, message, location) not in seen:
                seen.add((rid, message, location))
                out.append(Finding(rule=rid, severity=severity, message=message, location=location))
    return out


def lint_file(path: str | Path) -> list[Finding]:
    """Read any supported document and lint it; a .docx also gets the page-layout rules (目次/前言 pages)."""
    from stdbench.analysis.lint_rules import page_layout
    from stdbench.readers import read

    findings = lint(read(path))
    if Path(path).suffix.lower() == ".docx":
        findings += [Finding(rule=r, severity=sev, message=m, location=loc) for r, sev, m, loc in page_layout(path)]
    return findings


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)


def to_json(path: str | Path, findings: list[Finding]) -> str:
    """{"file", "findings": [{"rule", "severity", "message", "location"}]}."""
    return json.dumps({"file": str(path), "findings": [f.model_dump() for f in findings]}, ensure_ascii=False,
                      indent=2) + "\n"


def to_text(path: str | Path, findings: list[Finding]) -> str:
    """One line a finding: file: location: severity rule message; a summary line at the end."""
    lines = [f"{path}: {f.location}: {f.severity} {f.rule} {f.message}" for f in findings]
    errors = sum(f.severity == "error" for f in findings)
    lines.append(f"{path}: {errors} error(s), {len(findings) - errors} warning(s)")
    return "\n".join(lines) + "\n"
