"""The 对标 matrix: requirements of several standards side by side, each judged against a baseline.

Rows are parameters (and subjects: grade, variety) grouped as sensory, physico-chemical, contaminants,
mycotoxins, microbiological, additives; columns are standards; a cell holds the limit as written and its
verdict against the baseline (严于/等同/宽于/未规定/不可比). Requirements by reference ("应符合GB 2762的规定")
are resolved through the corpus into the referenced limits for the product and marked ``inherited_from``.
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
    memo,
    product_for,
    row_key,
    tree_for,
)
from stdbench.analysis.verdict import Conversion, Verdict, compare_requirements
from stdbench.errors import StdbenchError
from stdbench.model import BoundKind, Requirement, Standard
from stdbench.normalize import codes, lexicon

__all__ = ["Cell", "Conversion", "Matrix", "MatrixRow", "compare", "effective_requirements", "normalized_limit"]

GROUP_ORDER = ["sensory", "physico-chemical", "contaminants", "mycotoxins", "microbiological", "additives",
               "other"]
VERDICT_KEYS = [v.value for v in Verdict]


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
    requirement: Requirement | None = Field(default=None, exclude=True)


class MatrixRow(BaseModel):
    parameter: str | None
    parameter_name: str
    group: str
    dimension: str = "产品"
    subject: dict[str, str] = Field(default_factory=dict)
    cells: list[Cell] = Field(default_factory=list)

    def cell(self, standard: str) -> Cell | None:
        return next((c for c in self.cells if c.standard == standard), None)


class Matrix(BaseModel):
    baseline: str
    standards: list[str]
    product: str | None = None
    rows: list[MatrixRow] = Field(default_factory=list)
    counts: dict[str, dict[str, int]] = Field(default_factory=dict)

    def to_json(self, indent: int | None = 2) -> str:
        """The JSON contract: baseline, standards, rows (parameter, parameter_name, group, subject, cells), counts.

        Cells also carry (additions): clause, normalized, verified, and conversion ({from_unit, to_unit, factor,
        parameter_specific, parameter, value, converted}, numbers as strings) or null."""
        data = {
            "baseline": self.baseline,
            "standards": self.standards,
            "product": self.product,
            "rows": [{"parameter": r.parameter, "parameter_name": r.parameter_name, "group": r.group,
                      "dimension": r.dimension, "subject": r.subject,
                      "cells": [{"standard": c.standard, "limit": c.limit, "verdict": c.verdict, "unit": c.unit,
                                 "inherited_from": c.inherited_from, "clause": c.clause,
                                 "normalized": c.normalized, "verified": c.verified,
                                 "conversion": c.conversion.model_dump(mode="json") if c.conversion else None}
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
    if pid:
        try:
            entry = lexicon.get(pid)
            return (entry.en if lang == "en" else entry.zh) or entry.zh
        except (KeyError, StdbenchError):
            pass
    return label


def _subject(key: tuple[str | None, ...]) -> dict[str, str]:
    names = ("category", "grade", "product_type", "condition")
    return {n: v for n, v in zip(names, key) if v}


_PAREN = re.compile(r"[（(][^（）()]*[）)]")
_WORDS = re.compile(r"[A-Za-z]{2,}|[\u4e00-\u9fff]")


def normalized_limit(req: Requirement) -> str | None:
    """The limit in canonical notation when it was written as a sentence ("shall not be greater than 15 %" →
    "≤15 %"); None when the text is already a plain value, or is qualitative, by reference or a plan."""
    from stdbench.normalize.quantity import Limit, format_limit

    if req.sampling_plan is not None or req.bound.kind not in (BoundKind.interval, BoundKind.not_detected):
        return None
    rest = _PAREN.sub("", req.limit_text)
    if req.unit:
        rest = rest.replace(req.unit, "")
    if not _WORDS.search(rest):
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
            product: str | None = None, lang: str = "zh") -> Matrix:
    """The 对标 matrix of ``standards`` against ``baseline`` (default: the first standard).

    ``lang`` ("zh" default, "en") chooses the language of each row's ``parameter_name``."""
    stds = list(standards)
    if baseline is not None and all(s is not baseline and s.code != baseline.code for s in stds):
        stds.insert(0, baseline)
    if not stds:
        raise StdbenchError("nothing to compare: give at least one standard")
    base = baseline or stds[0]
    corpus = memo(corpus)
    prod = product_for(stds, product)
    tree = tree_for(corpus, stds)
    codes_ = [s.code or f"#{i + 1}" for i, s in enumerate(stds)]
    eff = [effective_requirements(s, prod, corpus, tree) for s in stds]
    base_i = next(i for i, s in enumerate(stds) if s is base or s.code == base.code)
    order = list(dict.fromkeys(k for e in eff for k in e))
    rows: list[MatrixRow] = []
    for key in order:
        variants = list(dict.fromkeys(row_key(r) for e in eff for r in e.get(key, []) if row_key(r)[0] or any(row_key(r)[1:])))
        for variant in variants or [(None, None, None, None)]:
            rows.append(_row(key, variant, stds, codes_, eff, base_i, lang))
    rows.sort(key=lambda r: GROUP_ORDER.index(r.group) if r.group in GROUP_ORDER else len(GROUP_ORDER))
    counts = {c: dict.fromkeys(VERDICT_KEYS, 0) for i, c in enumerate(codes_) if i != base_i}
    for row in rows:
        for cell in row.cells:
            if cell.verdict and cell.standard in counts:
                counts[cell.standard][cell.verdict] += 1
    return Matrix(baseline=codes_[base_i], standards=codes_, product=prod.name if prod else None, rows=rows,
                  counts=counts)


def _pick(reqs: list[Requirement], variant: tuple[str | None, ...]) -> Requirement | None:
    """The requirement for a row: the exact variant, else the one for the product as a whole."""
    exact = [r for r in reqs if row_key(r) == variant]
    if exact:
        return exact[0]
    general = [r for r in reqs if not row_key(r)[0] and not any(row_key(r)[1:])]
    if general:
        return general[0]
    # a row for a grade only (no category): a standard's same-grade row of any variety does not stand in
    return None


def _row(key: str, variant: tuple, stds: list[Standard], codes_: list[str],
         eff: list[dict[str, list[Requirement]]], base_i: int, lang: str = "zh") -> MatrixRow:
    picked = [_pick(e.get(key, []), variant) for e in eff]
    first = next(r for r in picked if r is not None)
    pid = first.parameter
    base_req = picked[base_i]
    cells = []
    for i, req in enumerate(picked):
        verdict, reason, conv = None, "", None
        if i != base_i and (req is not None or base_req is not None):
            res = compare_requirements(req, base_req)
            verdict, reason, conv = res.verdict.value, res.reason, res.conversion
        if req is None:
            cells.append(Cell(standard=codes_[i], verdict=verdict, reason=reason))
            continue
        cells.append(Cell(standard=codes_[i], limit=req.limit_text, verdict=verdict, unit=_unit_of(req),
                          inherited_from=req.inherited_from, clause=req.provenance.clause, reason=reason,
                          normalized=normalized_limit(req), verified=req.verified, conversion=conv,
                          requirement=req))
    return MatrixRow(parameter=pid, parameter_name=_name(pid, first.label, lang), group=group_of(pid),
                     dimension=dimension_of(first, stds[picked.index(first)]), subject=_subject(variant),
                     cells=cells)


def verdict_counts(matrix: Matrix) -> dict[str, Counter]:
    """Counts per standard as Counters (convenience for reports)."""
    return {k: Counter(v) for k, v in matrix.counts.items()}
