"""Everything a 对标 report shows, gathered once into :class:`ReportData` (renderers only format it).

The Word, HTML, CSV and JSON outputs are views of this one model, so they always agree; JSON output is
``ReportData.model_dump_json()``. Wording lives in ``stdbench/data/report_text.toml`` (Chinese default); the
sentences made from it are in :mod:`report_text`, whose names are re-exported here for the writers.
"""
from __future__ import annotations

from datetime import date as Date
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from stdbench.analysis.redline import Redline
from stdbench.analysis.verdict import Conversion
from stdbench.normalize.text import has_cjk
from stdbench.render.report_text import (  # noqa: F401  (re-exported for the renderers and the tests)
    Texts,
    alignment_summary,
    cap,
    conclusion_lines,
    conversions_applied,
    horizontal_line,
    standard_conclusion,
    tighten_lines,
)

VERDICTS = ("stricter", "equal", "looser", "only-in-one", "not-comparable")
# finer counts compare may add (only-in-one split by the silent side; equal values taken from a replaced edition)
EXTRA_COUNTS = ("inherited", "baseline-silent", "standard-silent")
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
    missing: str | None = None  # only-in-one: the silent side, "baseline" or "standard"
    inherited_superseded: bool = False  # taken by reference from an edition since replaced (not 等同)
    category: str | None = None  # the food category the limit was matched on, as written

    def shown_verdict(self) -> str:
        """The verdict as the report labels it: the silent side of an only-in-one, 引用（已被代替版本）."""
        if self.inherited_superseded and self.verdict not in ("baseline", "absent"):
            return "inherited"
        if self.verdict in ("only-in-one", "absent") and self.missing in ("baseline", "standard"):
            return f"{self.missing}-silent"
        return self.verdict

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
    reference: str = ""  # the baseline this row is judged against when several are given ("" = the baseline)

    def cell(self, code: str) -> MatrixCell | None:
        return next((c for c in self.cells if c.standard == code), None)

    def shown_subject(self, baseline: str = "") -> str:
        """适用对象: the row's subject, else the category the baseline (or the first standard) matched on."""
        if self.subject:
            return self.subject
        base = self.cell(self.reference or baseline)
        cats = [c.category for c in ([base] if base else []) + self.cells if c is not None and c.category]
        cats.sort(key=lambda c: not has_cjk(c))  # a Chinese category as written before an English one
        return cats[0] if cats else ""


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
    # the horizontal side (GB 2762) when one side is horizontal; "a、b" when both are (never aligned clause by clause)
    horizontal: str | None = None
    basis: str = "baseline"  # "product": b is the product-standard benchmark among the inputs, not the baseline

    @model_validator(mode="after")
    def _both_horizontal(self) -> AlignmentView:
        if self.horizontal is None and is_horizontal_code(self.a) and is_horizontal_code(self.b):
            self.horizontal = f"{self.a}、{self.b}"
        return self

    def both_horizontal(self) -> bool:
        return bool(self.horizontal) and self.horizontal == f"{self.a}、{self.b}"

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
    baselines: list[str] = Field(default_factory=list)  # the baseline, then further ones (GB 2761 beside GB 2762)
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

    @property
    def baseline_label(self) -> str:
        """The baseline as the report names it: "GB 2762-2025（及GB 2761-2017）" when further ones fill its gaps."""
        rest = [b for b in self.baselines if b != self.baseline]
        if not rest:
            return self.baseline
        return f"{self.baseline}（及{'、'.join(rest)}）" if self.lang == "zh" else f"{self.baseline} (and {', '.join(rest)})"

    def groups(self) -> list[tuple[str, list[MatrixRow]]]:
        """Rows by group, groups in first-seen order."""
        out: dict[str, list[MatrixRow]] = {}
        for row in self.rows:
            out.setdefault(row.group, []).append(row)
        return list(out.items())


# ------------------------------------------------------------------------------------ rows


def is_horizontal_code(code: str) -> bool:
    """True when a designation names a horizontal standard (limits per food category: GB 2762, CXS 193 …)."""
    from stdbench.analysis.applicability import undated_key, vocab

    key = undated_key(code)
    return bool(key) and key in {undated_key(c) for c in vocab()["horizontal"]}


_LEVEL_RANK = {"national": 0, "industry": 1, "international": 2, "regional": 3, "local": 4, "group": 5,
               "enterprise": 6}


def structure_benchmark(std: Any, candidates: list[Any]) -> Any | None:
    """The product-standard benchmark for ``std``'s clause structure: the highest-level product (non-horizontal)
    standard among ``candidates`` other than ``std`` (GB/T 1354 for a rice Q/ or T/ standard; never a group,
    enterprise or local standard); None if none."""
    from stdbench.analysis.applicability import is_horizontal

    if is_horizontal(std):
        return None
    pool = [c for c in candidates if c.code != std.code and not is_horizontal(c)
            and _LEVEL_RANK.get(getattr(c.level, "value", str(c.level)), 9) <= _LEVEL_RANK["regional"]]
    pool.sort(key=lambda c: _LEVEL_RANK.get(getattr(c.level, "value", str(c.level)), 9))
    return pool[0] if pool else None


def structure_alignments(others: list[Any], baseline: Any) -> list[AlignmentView]:
    """Section 4: each standard's clause structure against the product-standard benchmark among the inputs
    (GB/T 1354 for rice), falling back to the baseline; horizontal pairs are marked, never listed clause by clause."""
    from stdbench.analysis.align import align
    from stdbench.analysis.applicability import is_horizontal

    out = []
    pool = [baseline, *others]
    for std in others:
        bench = structure_benchmark(std, pool) if is_horizontal(baseline) else None
        target = bench or baseline
        h_std, h_tgt = is_horizontal(std), is_horizontal(target)
        horizontal = (f"{std.code}、{target.code}" if h_std and h_tgt else
                      std.code if h_std else target.code if h_tgt else None)
        al = align(std, target)
        out.append(AlignmentView(a=al.a, b=al.b, horizontal=horizontal, basis="product" if bench else "baseline",
                                 pairs=[PairView(a=p.a, b=p.b, a_title=p.a_title or "", b_title=p.b_title or "",
                                                 score=round(float(p.score), 3), kind=p.kind,
                                                 evidence=list(p.evidence), redline=p.redline)
                                        for p in al.pairs]))
    return out


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
        base = row.cell(row.reference or baseline)
        for code in codes:
            cell = row.cell(code)
            if cell is None or cell.verdict not in ("stricter", "looser"):
                continue
            item = Advice(standard=code, parameter=row.parameter, name=row.name, subject=row.subject,
                          limit=cell.limit, baseline_limit=base.limit if base else "")
            (leads if cell.verdict == "stricter" else lags).append(item)
    return leads, lags


def count_verdicts(rows: list[MatrixRow], codes: list[str]) -> dict[str, dict[str, int]]:
    """Per standard the number of rows with each verdict; when compare marks them, also the silent side of
    only-in-one rows and the values taken from a replaced edition ("inherited", then not counted as equal)."""
    out = {code: dict.fromkeys(VERDICTS, 0) for code in codes}
    for row in rows:
        for cell in row.cells:
            if cell.standard not in out or cell.verdict not in VERDICTS:
                continue
            shown = cell.shown_verdict()
            counts = out[cell.standard]
            if shown in EXTRA_COUNTS:
                counts[shown] = counts.get(shown, 0) + 1
            if shown != "inherited":
                counts[cell.verdict] += 1
    return out


def count_columns(counts: dict[str, dict[str, int]]) -> list[str]:
    """The verdict columns of the counts table: only-in-one split into its two sides when compare marked them."""
    present = {k for c in counts.values() for k, n in c.items() if n}
    split = bool(present & {"baseline-silent", "standard-silent"})
    cols = ["stricter", "equal", *(["inherited"] if "inherited" in present else []), "looser"]
    cols += ["baseline-silent", "standard-silent"] if split else ["only-in-one"]
    return [*cols, "not-comparable"]


def legend_flags(data: ReportData) -> dict[str, bool]:
    """Which matrix markers occur, so the legend lists only those."""
    cells = [c for r in data.rows for c in r.cells]
    return {"inherited": any(c.inherited_from for c in cells), "unverified": any(not c.verified for c in cells),
            "normalized": any(c.original for c in cells)}
