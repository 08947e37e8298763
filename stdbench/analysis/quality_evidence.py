"""Limit evidence from product-quality results: the limit that a share of the sampled products meet.

The sampled values of a parameter are taken in one unit (the lexicon's preferred unit when the results use
it); the proposed limit is their nearest-rank quantile, rounded as standards write limits, shown beside the
limits of national and international standards. Used by ``stdbench quality`` and by the percentile policy of
a draft.
"""
from __future__ import annotations

from collections import Counter
from decimal import Decimal
from math import ceil
from pathlib import Path

from pydantic import BaseModel, Field

from stdbench.analysis.applicability import CorpusLike, product_for
from stdbench.analysis.quality_limits import _parameter_rows, pick_limit
from stdbench.analysis.quality_stats import decimals_of, round_limit
from stdbench.errors import StdbenchError
from stdbench.model import Standard
from stdbench.normalize import lexicon
from stdbench.normalize.quantity import Limit, format_limit
from stdbench.normalize.units import convert
from stdbench.readers.results import Result, ResultSet, vocabulary

__all__ = ["Evidence", "ReferenceLimit", "limit_evidence", "reference_limits"]


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
