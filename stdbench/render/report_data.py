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
from stdbench.analysis.verdict import Conversion

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
    original: str = ""  # the limit as written, when ``limit`` shows it normalised ("≤15 %")
    verified: bool = True  # False: a corpus value not verified against a second source (未核实)
    clause: str | None = None
    conversion: Conversion | None = None  # unit conversion applied against the baseline

    def value_in_baseline_unit(self) -> Decimal | None:
        """``value`` re-expressed in the baseline's unit when a conversion was applied."""
        if self.value is None or self.conversion is None:
            return self.value
        return self.value * self.conversion.factor


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
    horizontal: str | None = None  # set when one side is a horizontal standard (GB 2762) and the other is not

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
    parameter: str | None = None


class Advice(_Model):
    """A parameter where a standard leads/lags the baseline, or one a group standard could tighten."""

    standard: str
    parameter: str
    name: str
    subject: str = ""
    limit: str = ""
    baseline_limit: str = ""
    clause: str | None = None  # where the limit stands in ``standard``
    also: list[str] = Field(default_factory=list)  # other standards with the same (strictest) limit


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
    conclusions: dict[str, str] = Field(default_factory=dict)  # per benchmarked standard: one paragraph (section 7)

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
    """The unit conversions compare applied, one line each: "铅：T/X 的 150 μg/kg = 0.15 mg/kg（系数 0.001）"."""
    from stdbench.normalize.quantity import format_number

    seen: list[str] = []
    for row in rows:
        for cell in row.cells:
            conv = cell.conversion
            if cell.standard == baseline or conv is None:
                continue
            key = "conversion_specific" if conv.parameter_specific else "conversion"
            value = "" if conv.value is None else format_number(conv.value)
            converted = "" if conv.converted is None else format_number(conv.converted)
            line = t(key, parameter=row.name or row.parameter, standard=cell.standard, value=value,
                     converted=converted, src=conv.from_unit, dst=conv.to_unit,
                     factor=format_number(conv.factor.normalize()))
            if line not in seen:
                seen.append(line)
    return seen


def _items(advices: list[Advice], t: Texts, limit: int = 5) -> str:
    parts = [f"{a.name}{t('paren', x=a.subject) if a.subject else ''} {a.limit}".strip() for a in advices[:limit]]
    more = t("and_more", n=len(advices)) if len(advices) > limit else ""
    return t("list_sep").join(parts) + more


def standard_conclusion(code: str, data: ReportData, t: Texts) -> str:
    """One paragraph for section 7: where ``code`` leads and lags the baseline and where it breaks the floor."""
    counts = data.counts.get(code, {})
    leads = [a for a in data.leads if a.standard == code]
    lags = [a for a in data.lags if a.standard == code]
    floor = [f for f in data.findings if f.standard == code and f.rule == "mandatory-looser"]
    names = {r.parameter: r.name for r in data.rows if r.parameter}
    parts = []
    if leads:
        parts.append(t("c_leads", n=len(leads), items=_items(leads, t)))
    if lags:
        parts.append(t("c_lags", n=len(lags), items=_items(lags, t)))
    if floor:
        items = t("list_sep").join(f"{names.get(f.parameter or '', f.parameter or f.clause or '')}"
                                   f"{t('paren', x=f.reference) if f.reference else ''}" for f in floor)
        parts.append(t("c_floor", n=len(floor), items=items))
    for key in ("equal", "not-comparable", "only-in-one"):
        if counts.get(key):
            parts.append(t(f"c_{key}", n=counts[key]))
    if not leads and not lags and not counts.get("equal"):
        parts.insert(0, t("c_nothing_comparable"))
    return t("c_head", code=code, baseline=data.baseline) + t("clause_sep").join(parts) + t("c_end")


def conclusion_lines(data: ReportData, t: Texts) -> list[str]:
    """Section 7: one paragraph per benchmarked standard, then the compliance summary."""
    lines = []
    for s in data.benchmarked:
        if s.code in data.conclusions:
            lines.append(data.conclusions[s.code])
            continue
        for kind, items in (("leads", data.leads), ("lags", data.lags)):
            mine = [f"{a.name}（{a.limit}）" for a in items if a.standard == s.code]
            lines.append(t(kind, code=s.code, items="；".join(mine)) if mine else t(f"no_{kind}", code=s.code))
    sev = {k: sum(1 for f in data.findings if f.severity == k) for k in ("error", "warning", "note")}
    lines.append(t("findings_summary", errors=sev["error"], warnings=sev["warning"], notes=sev["note"]))
    return lines


def tighten_lines(data: ReportData, t: Texts) -> list[str]:
    """The 可收紧 list: per parameter the strictest limit found, where it stands, and who shares it."""
    out = []
    for a in data.tighten:
        where = t("tighten_where", code=a.standard, clause=a.clause).strip() if a.clause else a.standard
        also = t("tighten_also", codes=t("list_sep").join(a.also)) if a.also else ""
        out.append(t("tighten_item", name=a.name, subject=t("paren", x=a.subject) if a.subject else "",
                     baseline_limit=a.baseline_limit,
                     limit=a.limit, where=where, also=also, code=a.standard))
    return out


def legend_flags(data: ReportData) -> dict[str, bool]:
    """Which matrix markers occur, so the legend lists only those."""
    cells = [c for r in data.rows for c in r.cells]
    return {"inherited": any(c.inherited_from for c in cells), "unverified": any(not c.verified for c in cells),
            "normalized": any(c.original for c in cells)}
