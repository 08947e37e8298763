"""Product quality comparison (产品品质对比): laboratory results judged against the limits of standards.

For every sample × parameter × standard: pass / fail / not comparable, with the margin to the limit (value −
limit in the limit's unit, and relative %), judged per GB/T 8170-2008 (:mod:`quality_stats`). Per parameter:
the distribution (n, min, median, P90, max) and the pass rate under each standard. Which limit of a standard
applies follows :mod:`applicability` (GB 2762 rows by food category; product-standard rows by variety). When
a standard still offers several limits (grades 一级/二级/三级) and the results name no grade, the loosest is
used — "meets the standard at its lowest grade" — and the note says so. A result above the limit of a Chinese
mandatory standard (GB, DBS) is 不合格; above a recommended or international one it only exceeds the benchmark
(``mandatory`` False on the judgement). Pure functions: no I/O.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal
from math import ceil
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from stdbench.analysis.applicability import CorpusLike, Product, applicable, product_for, tree_for, vocab
from stdbench.analysis.categories import split_items
from stdbench.analysis.quality_stats import Distribution, decimals_of, distribution, judge, round_limit
from stdbench.analysis.verdict import Verdict, compare_bounds
from stdbench.errors import StdbenchError
from stdbench.model import BoundKind, Requirement, Standard
from stdbench.normalize import lexicon
from stdbench.normalize.quantity import Limit, format_limit
from stdbench.normalize.text import fold
from stdbench.normalize.units import convert, convert_bound
from stdbench.readers.results import Issue, Result, ResultSet, vocabulary

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


# ------------------------------------------------------------------------------------ limits


def _numeric(req: Requirement) -> bool:
    return req.sampling_plan is None and req.bound.kind in (BoundKind.interval, BoundKind.not_detected) \
        and req.bound.direction != "none"


def _looser(a: Requirement, b: Requirement) -> bool:
    """True when a's bound is looser than b's (units converted)."""
    bound = a.bound
    if a.unit and b.unit and a.unit != b.unit:
        try:
            bound = convert_bound(bound, a.unit, b.unit, a.parameter)
        except StdbenchError:
            return False
    return compare_bounds(bound, b.bound).verdict == Verdict.looser


def pick_limit(reqs: list[Requirement], product: str = "", grade: str | None = None,
               pick: Literal["loosest", "strictest"] = "loosest") -> tuple[Requirement | None, str]:
    """The limit for one product among a standard's rows for one parameter, and a note on the choice.

    Rows naming a variety that occurs in ``product`` (粳米 in 大米（粳米）, the longest name wins) come first;
    then rows for the whole product; then ``grade``; of what remains the loosest (or strictest) bound."""
    rows = [r for r in reqs if _numeric(r)]
    if not rows:
        return None, "no numeric limit"
    name = fold(product).replace(" ", "")
    hits = [(max(len(i) for i in items), r) for r in rows
            if (items := [fold(i) for i in split_items(r.subject.category or "") if fold(i) in name])]
    if hits:
        best = max(n for n, _ in hits)
        rows = [r for n, r in hits if n == best]
    elif any(not r.subject.category for r in rows):
        rows = [r for r in rows if not r.subject.category]
    if grade:
        graded = [r for r in rows if r.subject.grade and fold(r.subject.grade) == fold(grade)]
        rows = graded or rows
    distinct = {(format_limit(Limit(bound=r.bound, unit=r.unit)), r.unit) for r in rows}
    if len(distinct) == 1:
        return rows[0], ""
    chosen = rows[0]
    for r in rows[1:]:
        if (_looser(r, chosen) if pick == "loosest" else _looser(chosen, r)):
            chosen = r
    what = "、".join(x for x in (chosen.subject.category, chosen.subject.grade) if x)
    word = "loosest" if pick == "loosest" else "strictest"
    return chosen, f"{word} of {len(rows)} limits ({what})" if what else f"{word} of {len(rows)} limits"


def known_product(names: list[str]) -> Product | None:
    """The product family (mandatory.toml) whose name occurs in most of ``names`` (大米 in 大米（粳米）)."""
    counts: Counter = Counter()
    for n in names:
        for e in vocab()["product"]:
            if any(w and w in n for w in (e["name"], *e.get("names", []))):
                counts[e["name"]] += 1
                break
    return product_for([], counts.most_common(1)[0][0]) if counts else None


_ROWS: dict[tuple[int, str | None], tuple[Standard, dict[str, list[Requirement]]]] = {}


def _parameter_rows(std: Standard, product: Product | None, corpus: CorpusLike | None,
                    ) -> dict[str, list[Requirement]]:
    """applicable() per standard and product, cached (the standard is kept so its id stays unique)."""
    key = (id(std), product.id if product else None)
    if key not in _ROWS:
        if len(_ROWS) > 256:
            _ROWS.clear()
        _ROWS[key] = (std, applicable(std, product, tree_for(corpus, [std])))
    return _ROWS[key][1]


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


def _common_unit(results: list[Result], parameter: str) -> str | None:
    try:
        preferred = lexicon.get(parameter).unit
    except StdbenchError:
        preferred = None
    units = Counter(r.unit for r in results if r.unit)
    return preferred if preferred and (preferred in units or not units) else \
        (units.most_common(1)[0][0] if units else preferred)


def _values_in(results: list[Result], parameter: str, unit: str | None) -> tuple[list[Decimal], list[Result]]:
    """Detected values converted to ``unit`` (those that convert) and the censored results."""
    values, censored = [], []
    for r in results:
        if r.censored:
            censored.append(r)
            continue
        if r.value is None:
            continue
        try:
            values.append(convert(r.value, r.unit, unit, parameter) if r.unit and unit and r.unit != unit
                          else r.value)
        except StdbenchError:
            continue
    return values, censored


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
        try:
            name = lexicon.get(pid).zh
        except StdbenchError:
            name = pid
        out.append(ParameterSummary(parameter=pid, name=name, distribution=distribution(values, len(censored), unit),
                                    pass_rates={s.code: rates[(pid, s.code)] for s in standards}))
    return out


# ------------------------------------------------------------------------------------ evidence


class ReferenceLimit(BaseModel):
    """A limit of a national or international standard, shown beside the evidence."""

    standard: str
    level: str
    mandatory: bool | None = None
    limit_text: str
    unit: str | None = None
    clause: str | None = None
    verified: bool = True  # False: an unverified corpus value (shown with ※)


class Evidence(BaseModel):
    """The limit that ``share`` of the sampled products meet, from the data (see :func:`limit_evidence`)."""

    parameter: str
    limit: Decimal
    unit: str | None = None
    n: int
    share: float
    direction: str
    quantile: Decimal  # the nearest-rank quantile before rounding
    decimals: int
    meeting: int  # how many of the n values meet the proposed limit
    references: list[ReferenceLimit] = Field(default_factory=list)
    rule: str = ""


def _resolve_parameter(parameter: str) -> str:
    if parameter in lexicon.parameters():
        return parameter
    hit = lexicon.lookup(parameter)
    if hit is None:
        raise StdbenchError(f"unknown parameter {parameter!r}")
    return hit.parameter.id


def limit_evidence(results: list[Result] | ResultSet | Path, parameter: str, share: float = 0.9,
                   direction: str | None = None, *, category: str | None = None,
                   corpus: CorpusLike | None = None, standards: list[Standard] | None = None,
                   decimals: int | None = None) -> Evidence:
    """The limit met by ``share`` of the sampled values of ``parameter`` (id or label as written).

    Maximum: the nearest-rank ``share``-quantile (k = ⌈share·n⌉-th smallest), rounded *up*; minimum: the
    (1 − share)-quantile (k = n − ⌈share·n⌉ + 1), rounded *down* — so at least ``share`` of the values always
    meet it. Values 1..100, share 0.9 → ≤90 (max) / ≥11 (min). Rounded to ``decimals``, by default as
    limits are written: 2 significant figures below 10, 3 from 10 (0.176 → 0.18, 15.62 → 15.7). Censored
    results (<LOD) count at their detection limit for a maximum, as the lowest values for a minimum. National and
    international limits of ``standards`` (or the corpus, for ``category``) are attached as references.
    """
    if isinstance(results, (str, Path)):
        from stdbench.readers.results import read_results

        results = read_results(results)
    rows = results.results if isinstance(results, ResultSet) else list(results)
    if not 0 < share <= 1:
        raise StdbenchError(f"share must be in (0, 1], got {share}")
    pid = _resolve_parameter(parameter)
    rows = [r for r in rows if r.parameter == pid]
    direction = direction or lexicon.get(pid).direction
    if direction not in ("max", "min"):
        raise StdbenchError(f"{pid}: a proposed limit needs a direction (max or min), not {direction!r}")
    unit = _common_unit(rows, pid)
    values, censored = _values_in(rows, pid, unit)
    if direction == "max":
        for r in censored:
            if r.detection_limit is not None:
                try:
                    dl = r.detection_limit if not (r.unit and unit and r.unit != unit) else \
                        convert(r.detection_limit, r.unit, unit, pid)
                    values.append(dl)
                except StdbenchError:
                    continue
    floor_n = len(censored) if direction == "min" else 0
    n = len(values) + floor_n
    if n == 0:
        raise StdbenchError(f"no usable values for {pid}")
    need = ceil(round(share * n, 9))
    ordered = sorted(values)
    if direction == "max":
        q = ordered[max(need, 1) - 1]
    else:
        k = n - need + 1 - floor_n  # censored values are the lowest ones
        q = ordered[k - 1] if k >= 1 else Decimal(0)
    if decimals is None:
        decimals = _sensible_decimals(q, [r.value for r in rows if r.value is not None])
    limit = round_limit(q, decimals, direction)
    meeting = sum(1 for v in values if (v <= limit if direction == "max" else v >= limit))
    refs = reference_limits(pid, standards or [], category=category, corpus=corpus)
    rule = (f"nearest rank: {'⌈share·n⌉-th smallest' if direction == 'max' else '(n−⌈share·n⌉+1)-th smallest'}"
            f", rounded {'up' if direction == 'max' else 'down'} to {decimals} decimals")
    return Evidence(parameter=pid, limit=limit, unit=unit, n=n, share=share, direction=direction, quantile=q,
                    decimals=decimals, meeting=meeting, references=refs, rule=rule)


def _sensible_decimals(q: Decimal, reported: list[Decimal]) -> int:
    """Decimals of a proposed limit written as standards write them: 2 significant figures below 10
    (0.18, 1.5), 3 from 10 (15.6, 90), never finer than the values were mostly reported with."""
    spec = vocabulary()["limits"]
    sig = spec["significant_below_10"] if abs(q) < 10 else spec["significant_from_10"]
    magnitude = q.copy_abs().adjusted() if q != 0 else 0
    decimals = max(sig - 1 - magnitude, 0)
    precision = Counter(decimals_of(v) for v in reported).most_common(1)
    return min(decimals, precision[0][0]) if precision else decimals


def reference_limits(parameter: str, standards: list[Standard], category: str | None = None,
                     corpus: CorpusLike | None = None) -> list[ReferenceLimit]:
    """The limits of national and international standards for a parameter and product, strictest row each."""
    from stdbench.analysis.rank import baseline_standards

    product = product_for(standards, category) if category else product_for(standards)
    pool = list(standards)
    if corpus is not None and product is not None:
        pool += [s for s in baseline_standards(product, corpus, international=True)
                 if s.code not in {p.code for p in pool}]
    out = []
    for std in pool:
        if std.level.value not in ("national", "international", "regional"):
            continue
        req, _ = pick_limit(_parameter_rows(std, product, corpus).get(parameter, []), product.name if product
                            else "", pick="loosest")
        if req is not None:
            out.append(ReferenceLimit(standard=std.code, level=std.level.value, mandatory=std.mandatory,
                                      limit_text=format_limit(Limit(bound=req.bound, unit=req.unit)),
                                      unit=req.unit, clause=req.provenance.clause, verified=req.verified))
    return out
