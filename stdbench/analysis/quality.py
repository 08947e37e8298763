"""Product quality comparison (产品品质对比): laboratory results judged against the limits of standards.

For every sample × parameter × standard: pass / fail / not comparable, with the margin to the limit (value −
limit in the limit's unit, and relative %), judged per GB/T 8170-2008 (:mod:`quality_stats`). Per parameter:
the distribution (n, min, median, P90, max) and the pass rate under each standard. Which limit of a standard
applies follows :mod:`applicability` (GB 2762 rows by food category; product-standard rows by variety). When
a standard still offers several limits (grades 一级/二级/三级) and the results name no grade, the loosest is
used — "meets the standard at its lowest grade" — and the note says so. A result above the limit of a Chinese
mandatory standard (GB, DBS) is 不合格; above a recommended or international one it only exceeds the benchmark
(``mandatory`` False on the judgement). Pure functions: no I/O.

The choice of limit lives in :mod:`quality_limits`; the limit evidence for a draft (the limit a share of the
samples meet, beside the national and international limits) in :mod:`quality_evidence`, re-exported here.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field

from stdbench.analysis.applicability import CorpusLike, product_for
from stdbench.analysis.quality_evidence import (  # noqa: F401  (_resolve_parameter re-exported for rank)
    Evidence,
    ReferenceLimit,
    _common_unit,
    _resolve_parameter,
    _values_in,
    limit_evidence,
    reference_limits,
)
from stdbench.analysis.quality_limits import _parameter_rows, known_product, pick_limit
from stdbench.analysis.quality_stats import Distribution, distribution, judge
from stdbench.errors import StdbenchError
from stdbench.model import BoundKind, Requirement, Standard
from stdbench.normalize import lexicon
from stdbench.normalize.quantity import Limit, format_limit
from stdbench.normalize.units import convert
from stdbench.readers.results import Issue, Result, ResultSet

__all__ = ["Evidence", "ParameterSummary", "PassRate", "QualityReport", "ReferenceLimit", "SampleJudgement",
           "is_mandatory", "judge_results", "limit_evidence", "pick_limit", "reference_limits"]

Outcome = Literal["pass", "fail", "not-comparable"]


class SampleJudgement(BaseModel):
    """One sample × parameter × standard."""

    row: int
    sample_id: str
    enterprise: str = ""
    product: str = ""
    parameter: str
    label: str = ""
    value_text: str = ""
    unit: str | None = None
    standard: str
    limit_text: str = ""
    limit_unit: str | None = None
    clause: str | None = None
    outcome: Outcome
    compared: Decimal | None = None  # value compared, in the limit's unit (rounded under 修约值比较法)
    limit: Decimal | None = None  # the end of the limit measured against (upper for a maximum)
    margin: Decimal | None = None
    margin_pct: Decimal | None = None
    note: str = ""
    mandatory: bool = False  # the standard is a Chinese mandatory one: a "fail" is 不合格, else 超出对标值
    verified: bool = True  # False: the limit is an unverified corpus value (shown with ※)


class PassRate(BaseModel):
    passed: int = 0
    failed: int = 0
    not_comparable: int = 0
    limit_text: str = ""
    verified: bool = True

    @property
    def rate(self) -> Decimal | None:
        """Share passing among the comparable results, in %."""
        judged = self.passed + self.failed
        return None if judged == 0 else (Decimal(self.passed) * 100 / judged).quantize(Decimal("0.1"))


class ParameterSummary(BaseModel):
    parameter: str
    name: str
    distribution: Distribution
    pass_rates: dict[str, PassRate] = Field(default_factory=dict)  # standard code → rate


class QualityReport(BaseModel):
    file: str = ""
    standards: list[str] = Field(default_factory=list)
    category: str | None = None
    rounded: bool = False
    judgements: list[SampleJudgement] = Field(default_factory=list)
    summaries: list[ParameterSummary] = Field(default_factory=list)
    issues: list[Issue] = Field(default_factory=list)
    rows_read: int = 0
    samples: int = 0  # distinct sample ids among the usable rows
    mandatory: list[str] = Field(default_factory=list)  # the standards judged as Chinese mandatory standards

    def skipped(self) -> Counter:
        """Rows skipped while reading, by reason (a row is counted once)."""
        return Counter(i.reason for i in self.issues if i.reason != "incompatible-unit")

    def problem_rows(self) -> Counter:
        """Rows with a problem, by reason, each row counted once per reason (skipped or partly judged)."""
        out: Counter = Counter()
        seen: set[tuple[str, int]] = set()
        for i in self.issues:  # in file order, so the reasons are listed as they occur
            if (key := (i.reason, i.row or id(i))) not in seen:
                seen.add(key)
                out[i.reason] += 1
        return out


def is_mandatory(std: Standard) -> bool:
    """A Chinese mandatory standard (GB, DBS, mandatory industry standard): failing it is 不合格. A foreign
    regulation is mandatory where it applies, but for a Chinese product it is a benchmark."""
    return bool(std.mandatory) and std.level.value in ("national", "industry", "local")


# ------------------------------------------------------------------------------------ judging


def _judge_one(res: Result, req: Requirement | None, note: str, code: str, rounded: bool,
               issues: list[Issue], mandatory: bool = False) -> SampleJudgement:
    base = {"row": res.row, "sample_id": res.sample_id, "enterprise": res.enterprise, "product": res.product,
            "parameter": res.parameter or "", "label": res.label, "value_text": res.value_text,
            "unit": res.unit, "standard": code, "mandatory": mandatory,
            "verified": req.verified if req is not None else True}
    if req is None:
        return SampleJudgement(**base, outcome="not-comparable", note=note or "no limit in this standard")
    info = {"limit_text": format_limit(Limit(bound=req.bound, unit=req.unit)), "limit_unit": req.unit,
            "clause": req.provenance.clause}
    value, dl = res.value, res.detection_limit
    if res.unit and req.unit and res.unit != req.unit:
        try:
            value = convert(value, res.unit, req.unit, res.parameter) if value is not None else None
            dl = convert(dl, res.unit, req.unit, res.parameter) if dl is not None else None
        except StdbenchError as exc:
            issues.append(Issue(file=res.file, row=res.row, column="unit", reason="incompatible-unit",
                                message=f"{res.unit} cannot be compared with {req.unit} ({code}): {exc.message}",
                                item=res.label, value=res.unit or "", target=req.unit or "", standard=code))
            return SampleJudgement(**base, **info, outcome="not-comparable", note=f"unit: {exc.message}")
    elif (res.unit is None) != (req.unit is None) and req.bound.kind == BoundKind.interval:
        return SampleJudgement(**base, **info, outcome="not-comparable", note="the result has no unit")
    j = judge(value, req.bound, rounded=rounded, censored=res.censored, detection_limit=dl)
    notes = "; ".join(x for x in (note, j.reason) if x)
    return SampleJudgement(**base, **info, outcome=j.outcome, compared=j.compared, limit=j.limit, margin=j.margin,
                           margin_pct=j.margin_pct, note=notes)


def judge_results(results: ResultSet | list[Result], standards: list[Standard], category: str | None = None,
                  rounded: bool = False, corpus: CorpusLike | None = None) -> QualityReport:
    """Judge every result against every standard; ``category`` names the product (大米) for category limits."""
    rs = results if isinstance(results, ResultSet) else ResultSet(results=list(results))
    product = product_for(standards, category) if category else product_for(standards) or \
        known_product([r.product for r in rs.results])
    issues = list(rs.issues)
    report = QualityReport(file=rs.file, standards=[s.code for s in standards], rounded=rounded,
                           category=product.name if product else category, rows_read=rs.rows_read,
                           samples=len({r.sample_id for r in rs.results}),
                           mandatory=[s.code for s in standards if is_mandatory(s)])
    rows = {s.code: _parameter_rows(s, product, corpus) for s in standards}
    cache: dict[tuple, tuple[Requirement | None, str]] = {}
    for res in rs.results:
        for std in standards:
            key = (std.code, res.parameter, res.product, res.grade)
            if key not in cache:
                found = rows[std.code].get(res.parameter or "", [])
                cache[key] = pick_limit(found, res.product, res.grade) if found else (None, "not in this standard")
            req, note = cache[key]
            report.judgements.append(_judge_one(res, req, note, std.code, rounded, issues,
                                                mandatory=std.code in report.mandatory))
    unit_column = rs.columns.get("unit") or rs.columns.get("value")  # the header as written (单位)
    for i in issues:
        if i.reason == "incompatible-unit" and i.column == "unit" and unit_column:
            i.column = unit_column
    report.issues = issues
    report.summaries = _summaries(rs.results, report.judgements, standards)
    return report


def _summaries(results: list[Result], judgements: list[SampleJudgement],
               standards: list[Standard]) -> list[ParameterSummary]:
    by_param: dict[str, list[Result]] = defaultdict(list)
    for r in results:
        if r.parameter:
            by_param[r.parameter].append(r)
    rates: dict[tuple[str, str], PassRate] = defaultdict(PassRate)
    for j in judgements:
        pr = rates[(j.parameter, j.standard)]
        if j.outcome == "pass":
            pr.passed += 1
        elif j.outcome == "fail":
            pr.failed += 1
        else:
            pr.not_comparable += 1
        if j.limit_text and not pr.limit_text:
            pr.limit_text, pr.verified = j.limit_text, j.verified
    out = []
    for pid, res in by_param.items():
        unit = _common_unit(res, pid)
        values, censored = _values_in(res, pid, unit)
        name = lexicon.display_name(pid, pid)
        out.append(ParameterSummary(parameter=pid, name=name, distribution=distribution(values, len(censored), unit),
                                    pass_rates={s.code: rates[(pid, s.code)] for s in standards}))
    return out
