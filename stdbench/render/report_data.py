"""Everything a 对标 report shows, gathered once into :class:`ReportData` (renderers only format it).

The Word, HTML, CSV and JSON outputs are views of this one model, so they always agree; JSON output is
``ReportData.model_dump_json()``. Wording lives in ``stdbench/data/report_text.toml`` (Chinese default).
"""
from __future__ import annotations

import tomllib
from datetime import date as Date
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from stdbench.analysis.redline import Redline

VERDICTS = ("stricter", "equal", "looser", "only-in-one", "not-comparable")
_ZH_VERDICT = {"严于": "stricter", "等同": "equal", "宽于": "looser", "未规定": "only-in-one", "不可比": "not-comparable"}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StandardInfo(_Model):
    """One standard of the report, as section 2 lists it."""

    code: str
    title: str = ""
    title_en: str = ""
    level: str = "unknown"
    mandatory: bool | None = None
    status: str = "unknown"
    issued: Date | None = None
    implemented: Date | None = None
    issuer: str | None = None
    role: str = "benchmarked"  # or "baseline"


class MatrixCell(_Model):
    """One standard's limit for one matrix row, with its verdict against the baseline."""

    standard: str
    limit: str = ""
    verdict: str = "absent"  # one of VERDICTS; "baseline" in the baseline's column; "absent": neither states it
    unit: str | None = None
    value: Decimal | None = None  # the number charted (upper for a maximum, lower for a minimum)
    inherited_from: str | None = None


class MatrixRow(_Model):
    parameter: str = ""
    name: str = ""
    group: str = "other"
    subject: str = ""
    cells: list[MatrixCell] = Field(default_factory=list)

    def cell(self, code: str) -> MatrixCell | None:
        return next((c for c in self.cells if c.standard == code), None)


class PairView(_Model):
    """One aligned clause pair with its redline."""

    a: str | None = None
    b: str | None = None
    a_title: str = ""
    b_title: str = ""
    score: float = 0.0
    kind: str = "match"
    evidence: list[str] = Field(default_factory=list)
    redline: Redline | None = None


class AlignmentView(_Model):
    a: str
    b: str
    pairs: list[PairView] = Field(default_factory=list)

    def count(self, *kinds: str) -> int:
        return sum(1 for p in self.pairs if p.kind in kinds)

    def lonely(self, side: str) -> str:
        """Clauses of side "a" or "b" without counterpart, as one line: "4.5 净含量；5 检验方法"."""
        kind = f"{side}-only"
        items = [f"{getattr(p, side) or ''} {getattr(p, side + '_title')}".strip() for p in self.pairs
                 if p.kind == kind]
        return "；".join(x for x in items if x)


class FindingView(_Model):
    standard: str
    rule: str = ""
    severity: str = "note"
    clause: str | None = None
    message: str = ""
    reference: str | None = None


class Advice(_Model):
    """A parameter where a standard leads/lags the baseline, or one a group standard could tighten."""

    standard: str
    parameter: str
    name: str
    subject: str = ""
    limit: str = ""
    baseline_limit: str = ""


class LimitChangeView(_Model):
    """A limit that changed between two editions of the same standard (from the edition diff)."""

    old_code: str
    new_code: str
    clause: str | None = None
    parameter: str | None = None
    label: str = ""
    subject: str = ""
    old: str | None = None
    new: str | None = None
    change: str = "changed-not-comparable"  # tightened, relaxed, added, removed, changed-not-comparable


class ReportData(_Model):
    lang: str = "zh"
    date: Date
    version: str
    baseline: str
    standards: list[StandardInfo] = Field(default_factory=list)
    conversions: list[str] = Field(default_factory=list)
    alignments: list[AlignmentView] = Field(default_factory=list)
    rows: list[MatrixRow] = Field(default_factory=list)
    counts: dict[str, dict[str, int]] = Field(default_factory=dict)
    findings: list[FindingView] = Field(default_factory=list)
    leads: list[Advice] = Field(default_factory=list)
    lags: list[Advice] = Field(default_factory=list)
    tighten: list[Advice] = Field(default_factory=list)
    edition_changes: list[LimitChangeView] = Field(default_factory=list)
    edition_summaries: list[str] = Field(default_factory=list)

    @property
    def benchmarked(self) -> list[StandardInfo]:
        return [s for s in self.standards if s.role != "baseline"]

    def groups(self) -> list[tuple[str, list[MatrixRow]]]:
        """Rows by group, groups in first-seen order."""
        out: dict[str, list[MatrixRow]] = {}
        for row in self.rows:
            out.setdefault(row.group, []).append(row)
        return list(out.items())


# ------------------------------------------------------------------------------------ wording


@cache
def _text_data() -> dict[str, Any]:
    with (Path(__file__).resolve().parents[1] / "data" / "report_text.toml").open("rb") as fh:
        return tomllib.load(fh)


class Texts:
    """Report wording for one language: ``t("s1")``, ``t("leads", code=…)``; unknown keys echo the key."""

    def __init__(self, lang: str = "zh"):
        data = _text_data()
        self.lang = lang if lang in data else "zh"
        self._d: dict[str, str] = data[self.lang]
        self.colors: dict[str, str] = data["colors"]

    def __call__(self, key: str, **kw: Any) -> str:
        text = self._d.get(key, key)
        return text.format(**kw) if kw else text

    def verdict(self, v: str) -> str:
        return self(f"verdict_{v}")

    def group(self, g: str) -> str:
        return self._d.get(f"group_{g}", g)


def normalize_verdict(v: Any) -> str:
    """A verdict from any producer (enum, English id, Chinese label) → one of VERDICTS."""
    s = str(getattr(v, "value", v) or "").strip()
    s = _ZH_VERDICT.get(s, s).replace("_", "-")
    return s if s in VERDICTS or s in ("baseline", "absent") else "absent"


def chart_value(limit: Any) -> Decimal | None:
    """The number a chart plots for a bound (a model Bound or its JSON dict)."""
    get = limit.get if isinstance(limit, dict) else lambda k, d=None: getattr(limit, k, d)
    kind = str(getattr(get("kind"), "value", get("kind")) or "interval")
    if kind == "not-detected":
        return _dec(get("detection_limit"))
    if kind != "interval":
        return None
    return _dec(get("upper")) if get("upper") is not None else _dec(get("lower"))


def _dec(x: Any) -> Decimal | None:
    try:
        return None if x is None else Decimal(str(x))
    except (InvalidOperation, ValueError):
        return None


def advice(rows: list[MatrixRow], baseline: str, codes: list[str]) -> tuple[list[Advice], list[Advice]]:
    """Where each standard is stricter (leads) or looser (lags) than the baseline."""
    leads: list[Advice] = []
    lags: list[Advice] = []
    for row in rows:
        base = row.cell(baseline)
        for code in codes:
            cell = row.cell(code)
            if cell is None or cell.verdict not in ("stricter", "looser"):
                continue
            item = Advice(standard=code, parameter=row.parameter, name=row.name, subject=row.subject,
                          limit=cell.limit, baseline_limit=base.limit if base else "")
            (leads if cell.verdict == "stricter" else lags).append(item)
    return leads, lags


def count_verdicts(rows: list[MatrixRow], codes: list[str]) -> dict[str, dict[str, int]]:
    """Per standard the number of rows with each verdict."""
    out = {code: dict.fromkeys(VERDICTS, 0) for code in codes}
    for row in rows:
        for cell in row.cells:
            if cell.standard in out and cell.verdict in VERDICTS:
                out[cell.standard][cell.verdict] += 1
    return out


def conversions_applied(rows: list[MatrixRow], baseline: str, t: Texts) -> list[str]:
    """Unit conversions the comparison needed: a compared cell whose unit differs from the baseline's."""
    seen: list[str] = []
    for row in rows:
        base = row.cell(baseline)
        if base is None or not base.unit:
            continue
        for cell in row.cells:
            if (cell.standard != baseline and cell.unit and cell.unit != base.unit
                    and cell.verdict in ("stricter", "equal", "looser")):
                line = t("conversion", parameter=row.name or row.parameter, src=cell.unit, dst=base.unit,
                         standard=cell.standard)
                if line not in seen:
                    seen.append(line)
    return seen
