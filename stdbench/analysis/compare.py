"""The 对标 matrix: requirements of several standards side by side, each judged against a baseline.

Further baselines (``also``: e.g. GB 2761 beside GB 2762, the national floor being several mandatory
standards) serve the parameters the first baseline does not state: each row records the standard it was
judged against (``reference``). Baseline columns carry no verdict.

Rows are parameters (and subjects: grade, variety) grouped as sensory, physico-chemical, contaminants,
mycotoxins, microbiological, additives; columns are standards; a cell holds the limit as written and its
verdict against the baseline (严于/等同/宽于/仅一方规定/不可比; ``missing`` says which side is silent). A requirement
for the whole product fills the baseline's rows when the baseline states the parameter, else one general row; it
is never copied onto another standard's subject rows. Requirements by reference ("应符合GB 2762的规定") are
resolved through the corpus into the referenced limits for the product and marked ``inherited_from``
(``inherited_superseded`` when that edition is replaced). Counts take each requirement once.
"""
from __future__ import annotations

import json
import re
from collections import Counter

from pydantic import BaseModel, Field

from stdbench.analysis.applicability import (
    CorpusLike,
    Product,
    applicable,
    dimension_of,
    group_of,
    inherited,
    lookup,
    matched_category,
    memo,
    product_for,
    row_key,
    tree_for,
)
from stdbench.analysis.verdict import Conversion, Verdict, compare_requirements
from stdbench.errors import StdbenchError
from stdbench.model import BoundKind, Requirement, Standard, Status
from stdbench.normalize import codes, lexicon

__all__ = ["COUNT_KEYS", "Cell", "Conversion", "Matrix", "MatrixRow", "compare", "effective_requirements",
           "normalized_limit"]

GROUP_ORDER = ["sensory", "physico-chemical", "contaminants", "mycotoxins", "microbiological", "additives",
               "other"]
VERDICT_KEYS = [v.value for v in Verdict]
COUNT_KEYS = [*VERDICT_KEYS, "baseline-silent", "standard-silent", "inherited"]  # additions after the verdicts
_DIVERTED = ("stricter", "equal", "looser")  # counted as "inherited" when the value comes from a replaced edition


class Cell(BaseModel):
    standard: str
    limit: str | None = None  # as written; None when the standard does not state the parameter
    verdict: str | None = None  # against the baseline; None in the baseline's own column
    unit: str | None = None
    inherited_from: str | None = None
    clause: str | None = None
    reason: str = ""
    normalized: str | None = None  # canonical notation ("≤15 %") when the limit was written as a sentence
    verified: bool = True  # False: a corpus value not verified against a second source (未核实)
    conversion: Conversion | None = None  # the unit conversion applied to reach the verdict
    missing: str | None = None  # only-in-one: "baseline" (基准未规定) or "standard" (本标准未规定) is silent
    inherited_superseded: bool = False  # the value comes through a reference to an edition the corpus marks replaced
    category: str | None = None  # the food category as written in the matched row of this standard
    requirement: Requirement | None = Field(default=None, exclude=True)


class MatrixRow(BaseModel):
    parameter: str | None
    parameter_name: str
    group: str
    dimension: str = "产品"
    subject: dict[str, str] = Field(default_factory=dict)
    cells: list[Cell] = Field(default_factory=list)
    reference: str | None = None  # the baseline this row is judged against (the first one stating it)

    def cell(self, standard: str) -> Cell | None:
        return next((c for c in self.cells if c.standard == standard), None)


class Matrix(BaseModel):
    baseline: str
    standards: list[str]
    baselines: list[str] = Field(default_factory=list)  # the baseline, then the further ones (``also``)
    product: str | None = None
    rows: list[MatrixRow] = Field(default_factory=list)
    counts: dict[str, dict[str, int]] = Field(default_factory=dict)

    def to_json(self, indent: int | None = 2) -> str:
        """The JSON contract: baseline, standards, rows (parameter, parameter_name, group, subject, cells), counts.

        Cells also carry (additions): clause, normalized, verified, conversion ({from_unit, to_unit, factor,
        parameter_specific, parameter, value, converted}, numbers as strings) or null, missing ("baseline" |
        "standard" | null), inherited_superseded (bool) and category (as written, or null). Counts add
        baseline-silent, standard-silent (they sum to only-in-one) and inherited. ``baselines`` lists the
        baseline and any further ones; each row's ``reference`` is the baseline it is judged against."""
        data = {
            "baseline": self.baseline,
            "baselines": self.baselines or [self.baseline],
            "standards": self.standards,
            "product": self.product,
            "rows": [{"parameter": r.parameter, "parameter_name": r.parameter_name, "group": r.group,
                      "dimension": r.dimension, "subject": r.subject, "reference": r.reference,
                      "cells": [{"standard": c.standard, "limit": c.limit, "verdict": c.verdict, "unit": c.unit,
                                 "inherited_from": c.inherited_from, "clause": c.clause,
                                 "normalized": c.normalized, "verified": c.verified,
                                 "conversion": c.conversion.model_dump(mode="json") if c.conversion else None,
                                 "missing": c.missing, "inherited_superseded": c.inherited_superseded,
                                 "category": c.category}
                                for c in r.cells]}
                     for r in self.rows],
            "counts": self.counts,
        }
        return json.dumps(data, ensure_ascii=False, indent=indent)

    def find(self, parameter: str, **subject: str) -> list[MatrixRow]:
        """Rows of a parameter, optionally narrowed by subject fields (grade=…, category=…)."""
        return [r for r in self.rows if r.parameter == parameter
                and all(r.subject.get(k) == v for k, v in subject.items())]


def _resolved(req: Requirement, corpus: CorpusLike | None) -> bool:
    ref = req.bound.reference
    return ref is not None and lookup(corpus, codes.key(ref, with_year=ref.year is not None)) is not None


def effective_requirements(std: Standard, product: Product | None, corpus: CorpusLike | None,
                           tree) -> dict[str, list[Requirement]]:
    """Per parameter, what ``std`` requires of ``product``: stated rows plus limits taken in by reference."""
    rows = applicable(std, product, tree)
    for key in [k for k, reqs in rows.items() if k.startswith("label:")]:
        rows[key] = [r for r in rows[key] if r.bound.kind != BoundKind.by_reference or not _resolved(r, corpus)]
        if not rows[key]:
            del rows[key]
    for req in inherited(std, corpus, product, tree, stated=set(rows)):
        rows.setdefault(req.parameter or f"label:{req.label}", []).append(req)
    return rows


def _name(pid: str | None, label: str, lang: str = "zh") -> str:
    """The parameter's lexicon name in ``lang`` (zh, en), else the label as written."""
    return lexicon.display_name(pid, label, lang)


def _subject(key: tuple[str | None, ...]) -> dict[str, str]:
    names = ("category", "grade", "product_type", "condition")
    return {n: v for n, v in zip(names, key) if v}


_PAREN = re.compile(r"[（(][^（）()]*[）)]")
_WORDS = re.compile(r"[A-Za-z]{2,}|[\u4e00-\u9fff]")


_BARE = re.compile(r"^\s*\d+(?:\.\d+)?\s*$")


def normalized_limit(req: Requirement) -> str | None:
    """The limit in canonical notation when it was written as a sentence ("shall not be greater than 15 %" →
    "≤15 %") or as a bare number under a 限量/maximum column ("0.2" → "≤0.2 mg/kg"); None when the text already
    shows its operator, or is qualitative, by reference or a plan."""
    from stdbench.normalize.quantity import Limit, format_limit

    if req.sampling_plan is not None or req.bound.kind not in (BoundKind.interval, BoundKind.not_detected):
        return None
    rest = _PAREN.sub("", req.limit_text)
    if req.unit:
        rest = rest.replace(req.unit, "")
    bare = req.bound.kind == BoundKind.interval and bool(_BARE.match(rest)) \
        and (req.bound.upper is None) != (req.bound.lower is None)
    if not bare and not _WORDS.search(rest):
        return None
    try:
        text = format_limit(Limit(bound=req.bound, unit=req.unit, basis=req.basis))
    except StdbenchError:
        return None
    text = re.sub(r"(\d)%", r"\1 %", text)  # "15 %": a space before the percent sign (GB 3101, ISO 80000-1)
    return None if text.replace(" ", "") == req.limit_text.replace(" ", "") else text


def _unit_of(req: Requirement) -> str | None:
    return req.unit or (req.sampling_plan.unit if req.sampling_plan else None)


def compare(standards: list[Standard], baseline: Standard | None = None, corpus: CorpusLike | None = None,
            product: str | None = None, lang: str = "zh", also: list[Standard] | tuple[Standard, ...] = ()) -> Matrix:
    """The 对标 matrix of ``standards`` against ``baseline`` (default: the first standard).

    ``also``: further baselines, in order, for the parameters ``baseline`` does not state (GB 2761 for the
    mycotoxins beside GB 2762). ``lang`` ("zh" default, "en") chooses the language of each row's
    ``parameter_name``."""
    stds = list(standards)
    if baseline is not None and all(s is not baseline and s.code != baseline.code for s in stds):
        stds.insert(0, baseline)
    if not stds:
        raise StdbenchError("nothing to compare: give at least one standard")
    base = baseline or stds[0]
    for k, extra in enumerate(also, 1):
        if all(s is not extra and s.code != extra.code for s in stds):
            stds.insert(stds.index(base) + k, extra)
    corpus = memo(corpus)
    prod = product_for(stds, product)
    tree = tree_for(corpus, stds)
    codes_ = [s.code or f"#{i + 1}" for i, s in enumerate(stds)]
    eff = [effective_requirements(s, prod, corpus, tree) for s in stds]
    base_i = next(i for i, s in enumerate(stds) if s is base or s.code == base.code)
    bases = list(dict.fromkeys([base_i] + [next(i for i, s in enumerate(stds) if s is x or s.code == x.code)
                                           for x in also]))
    order = list(dict.fromkeys(k for e in eff for k in e))
    replaced: dict[str, bool] = {}
    rows: list[MatrixRow] = []
    for key in order:
        ref_i = next((i for i in bases if eff[i].get(key)), base_i)  # the first baseline that states it
        for variant, base_stated in _variants([e.get(key, []) for e in eff], ref_i):
            row = _row(key, variant, base_stated, stds, codes_, eff, ref_i, lang, set(bases))
            row.reference = codes_[ref_i]
            for cell in row.cells:
                if cell.inherited_from:
                    cell.inherited_superseded = _superseded(cell.inherited_from, corpus, replaced)
            rows.append(row)
    rows.sort(key=lambda r: GROUP_ORDER.index(r.group) if r.group in GROUP_ORDER else len(GROUP_ORDER))
    return Matrix(baseline=codes_[base_i], standards=codes_, baselines=[codes_[i] for i in bases],
                  product=prod.name if prod else None, rows=rows,
                  counts=_counts(rows, [c for i, c in enumerate(codes_) if i not in bases]))


_GENERAL: tuple[str | None, ...] = (None, None, None, None)


def _is_general(variant: tuple[str | None, ...]) -> bool:
    return not any(variant)


def _variants(reqs: list[list[Requirement]], base_i: int) -> list[tuple[tuple[str | None, ...], bool]]:
    """The rows of one parameter: (subject variant, whether the baseline states that variant).

    A requirement for the whole product (no subject) fills the baseline's rows when the baseline states the
    parameter; otherwise it sits in one general row, apart from other standards' subject-specific rows."""
    base = list(dict.fromkeys(row_key(r) for r in reqs[base_i]))
    every = list(dict.fromkeys(row_key(r) for rs in reqs for r in rs))
    if base:
        rest = [v for v in every if v not in base and not _is_general(v)]
        base_rows = [v for v in base if _is_general(v)] + [v for v in base if not _is_general(v)]
        return [(v, True) for v in base_rows] + [(v, False) for v in rest]
    general = [_GENERAL] if any(_is_general(v) for v in every) else []
    return [(v, False) for v in general + [v for v in every if not _is_general(v)]]


def _pick(reqs: list[Requirement], variant: tuple[str | None, ...], general_too: bool) -> Requirement | None:
    """The requirement for a row: the exact variant, else (when ``general_too``) the one for the whole product.

    A row for a grade only (no category): a standard's same-grade row of any variety does not stand in."""
    exact = [r for r in reqs if row_key(r) == variant]
    if exact:
        return exact[0]
    if general_too:
        return next((r for r in reqs if _is_general(row_key(r))), None)
    return None


def _superseded(code: str, corpus: CorpusLike | None, seen: dict[str, bool]) -> bool:
    """True when the corpus marks ``code`` (the edition a value was inherited from) replaced."""
    if code not in seen:
        status = None
        if corpus is not None and hasattr(corpus, "status_of"):
            try:
                status = str(getattr(corpus.status_of(code).status, "value", ""))
            except (StdbenchError, AttributeError):
                status = None
        if status is None:
            std = lookup(corpus, code)
            status = std.status.value if std is not None else ""
        seen[code] = status == Status.replaced.value
    return seen[code]


def _row(key: str, variant: tuple, base_stated: bool, stds: list[Standard], codes_: list[str],
         eff: list[dict[str, list[Requirement]]], base_i: int, lang: str = "zh",
         bases: set[int] | None = None) -> MatrixRow:
    """One row judged against the baseline ``base_i``; the columns in ``bases`` (every baseline) get no verdict."""
    bases = bases or {base_i}
    picked = [_pick(e.get(key, []), variant, general_too=(i == base_i or base_stated or _is_general(variant)))
              for i, e in enumerate(eff)]
    first = next(r for r in picked if r is not None)
    pid = first.parameter
    base_req = picked[base_i]
    cells = []
    for i, req in enumerate(picked):
        verdict, reason, conv, missing = None, "", None, None
        silent = not eff[i].get(key)  # the standard states nothing for this parameter (any subject)
        if i not in bases and (req is not None or (base_req is not None and silent)):
            res = compare_requirements(req, base_req)
            verdict, reason, conv = res.verdict.value, res.reason, res.conversion
            if res.verdict == Verdict.only_in_one:
                missing = "baseline" if base_req is None else "standard"
        if req is None:
            cells.append(Cell(standard=codes_[i], verdict=verdict, reason=reason, missing=missing))
            continue
        cells.append(Cell(standard=codes_[i], limit=req.limit_text, verdict=verdict, unit=_unit_of(req),
                          inherited_from=req.inherited_from, clause=req.provenance.clause, reason=reason,
                          normalized=normalized_limit(req), verified=req.verified, conversion=conv,
                          missing=missing, category=matched_category(req), requirement=req))
    return MatrixRow(parameter=pid, parameter_name=_name(pid, first.label, lang), group=group_of(pid),
                     dimension=dimension_of(first, stds[picked.index(first)]), subject=_subject(variant),
                     cells=cells)


def _counts(rows: list[MatrixRow], codes_: list[str]) -> dict[str, dict[str, int]]:
    """Per benchmarked standard, each of its requirements counted once (not once per row it fills).

    A requirement compared with several baseline rows counts once per distinct verdict; a value inherited
    from a replaced edition counts under ``inherited`` instead of stricter/equal/looser; ``only-in-one`` is
    the sum of ``baseline-silent`` and ``standard-silent``."""
    counts = {c: dict.fromkeys(COUNT_KEYS, 0) for c in codes_}
    seen: set[tuple] = set()
    for row in rows:
        for cell in row.cells:
            if not cell.verdict or cell.standard not in counts:
                continue
            req = cell.requirement
            if req is None and (base := row.cell(row.reference or "")) is not None:  # silent: once per its requirement
                req = base.requirement
            ident = (cell.standard, row.parameter or row.parameter_name, id(req), cell.verdict)
            if ident in seen:
                continue
            seen.add(ident)
            n = counts[cell.standard]
            if cell.inherited_superseded and cell.verdict in _DIVERTED:
                n["inherited"] += 1
                continue
            n[cell.verdict] += 1
            if cell.missing:
                n[f"{cell.missing}-silent"] += 1
    return counts


def verdict_counts(matrix: Matrix) -> dict[str, Counter]:
    """Counts per standard as Counters (convenience for reports)."""
    return {k: Counter(v) for k, v in matrix.counts.items()}
