"""Front-runner (企业标准"领跑者") ranking of enterprise or group standards for one product.

In the manner of the 领跑者 evaluation (国市监标准〔2018〕84号; cn_standards_conventions.md §3.6): core
indicators are chosen among those the standards share (or given); per indicator every standard is placed
against the others (place 1 = strictest; equal values share a place, as enterprises inside a tier are
unranked); an indicator on which all values are equal is not ranked. The overall order counts the indicators
where a standard is strictest, then the sum of its places; equal on both → the same place, with the reason.
The national value is the floor: a standard looser than it on any indicator gets no place and is flagged.
For a standard with grades its strictest grade is ranked; the national floor is the loosest applicable
national row (mandatory GB first, else the recommended GB/T).
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, Field

from stdbench.analysis.applicability import CorpusLike, Product, applicable, product_for, tree_for, vocab
from stdbench.analysis.quality import _resolve_parameter, pick_limit
from stdbench.analysis.verdict import Verdict, compare_bounds
from stdbench.errors import StdbenchError
from stdbench.model import Bound, Requirement, Standard
from stdbench.normalize import lexicon
from stdbench.normalize.quantity import Limit, format_limit
from stdbench.normalize.units import convert_bound

__all__ = ["Indicator", "IndicatorPlace", "RankFlag", "RankResult", "RankRow", "baseline_standards", "rank"]


class Indicator(BaseModel):
    parameter: str
    name: str
    direction: str
    unit: str | None = None
    ranked: bool = True  # False when every standard states the same value (no ranking published)
    national: str | None = None  # e.g. "GB 2762-2025: ≤0.2 mg/kg"
    national_standard: str | None = None


class IndicatorPlace(BaseModel):
    limit_text: str = ""  # as the standard writes it; "" when not stated
    place: int | None = None  # 1 = strictest among the ranked standards
    vs_national: str | None = None  # stricter / equal / looser / not-comparable / None (no national value)


class RankFlag(BaseModel):
    """Why a standard's value on one indicator could not be ranked or excluded it (renderers word it)."""

    parameter: str
    kind: Literal["not-stated", "unit", "looser"]
    limit_text: str = ""
    national: str = ""


class RankRow(BaseModel):
    standard: str
    title: str = ""
    level: str = ""
    place: int | None = None  # overall; None when excluded
    strictest: int = 0  # indicators where it is strictest
    rank_sum: int = 0
    excluded: bool = False
    flags: list[str] = Field(default_factory=list)  # English, for JSON; renderers use ``problems``
    reason: str = ""  # English, for JSON; renderers word it from the fields below
    tied_with: list[str] = Field(default_factory=list)
    behind: str | None = None  # the standard placed just before it with as many strictest indicators
    problems: list[RankFlag] = Field(default_factory=list)
    indicators: dict[str, IndicatorPlace] = Field(default_factory=dict)


class RankResult(BaseModel):
    product: str
    indicators: list[Indicator] = Field(default_factory=list)
    rows: list[RankRow] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)


# ------------------------------------------------------------------------------------ baseline


_BASELINES: dict[tuple[int, str, bool], tuple[CorpusLike, list[Standard]]] = {}


def baseline_standards(product: Product, corpus: CorpusLike, international: bool = False) -> list[Standard]:
    """National standards for a product from the corpus: the mandatory floor (GB 2762 …), the product's own
    standards, and indexed national standards of its GB 2760 category (GB/T 1354 for 大米); with
    ``international`` also Codex/ISO/EU ones. Cached per corpus and product."""
    key = (id(corpus), product.id, international)
    if key not in _BASELINES:
        _BASELINES[key] = (corpus, _baseline(product, corpus, international))
    return _BASELINES[key][1]


def _baseline(product: Product, corpus: CorpusLike, international: bool) -> list[Standard]:
    entry = next((e for e in vocab()["product"] if e["id"] == product.id), {})
    codes = list(vocab()["floor"]) + list(product.standards)
    levels = {"national"} | ({"international", "regional"} if international else set())
    lister = getattr(corpus, "list", None)
    if lister is not None and entry.get("gb2760"):
        for e in lister():
            if e.level in levels and set(e.categories) & set(entry["gb2760"]) and e.status != "replaced":
                codes.append(e.key)
    if international:
        codes += [c for c in vocab()["horizontal"] if c not in codes]
    out: list[Standard] = []
    for code in dict.fromkeys(codes):
        try:
            std = corpus.get(code)
        except StdbenchError:
            std = None
        if std is not None and std.level.value in levels and std.code not in {s.code for s in out}:
            out.append(std)
    return out


def _national(pid: str, product: Product,
              baseline: Iterable[tuple[Standard, dict[str, list[Requirement]]]]) -> tuple[Standard, Requirement] | None:
    """The national floor for an indicator: mandatory standards first, then recommended; loosest row."""
    found = []
    for std, std_rows in baseline:
        req, _ = pick_limit(std_rows.get(pid, []), product.name, pick="loosest")
        if req is not None:
            found.append((0 if std.mandatory else 1, std, req))
    if not found:
        return None
    first = min(k for k, _, _ in found)
    return next((s, r) for k, s, r in found if k == first)


# ------------------------------------------------------------------------------------ ranking


def _in_unit(req: Requirement, unit: str | None, pid: str) -> Bound | None:
    if req.unit and unit and req.unit != unit:
        try:
            return convert_bound(req.bound, req.unit, unit, pid)
        except StdbenchError:
            return None
    return req.bound


def _choose_indicators(chosen: dict[str, dict[str, Requirement]], n: int) -> list[str]:
    counts: dict[str, int] = {}
    for per in chosen.values():
        for pid, req in per.items():
            if req.bound.direction in ("max", "min"):
                counts[pid] = counts.get(pid, 0) + 1
    shared = [p for p, c in counts.items() if c == n]
    return sorted(shared or [p for p, c in counts.items() if c >= 2])


def rank(standards: list[Standard], product: str, baseline: list[Standard] = (),
         indicators: list[str] | None = None, corpus: CorpusLike | None = None) -> RankResult:
    """Rank ``standards`` for ``product`` on core indicators against each other and the national floor."""
    if len(standards) < 2:
        raise StdbenchError("ranking needs at least two standards")
    prod = product_for(standards, product) or Product(id=product, name=product, names=[product])
    tree = tree_for(corpus, [*standards, *baseline])
    chosen: dict[str, dict[str, Requirement]] = {}
    for std in standards:
        per = {}
        for pid, reqs in applicable(std, prod, tree).items():
            req, _ = pick_limit(reqs, prod.name, pick="strictest")
            if req is not None and not pid.startswith("label:"):
                per[pid] = req
        chosen[std.code] = per
    pids = [_resolve_parameter(i) for i in indicators] if indicators else _choose_indicators(chosen, len(standards))
    if not pids:
        raise StdbenchError("the standards share no numeric indicator; give --indicators")
    base_rows = [(b, applicable(b, prod, tree)) for b in baseline]
    result = RankResult(product=prod.name)
    rows = {s.code: RankRow(standard=s.code, title=s.title, level=s.level.value) for s in standards}
    checked = [_national_check(pid, chosen, rows, prod, base_rows) for pid in pids]
    for ind, bounds in checked:
        _place(ind, bounds, rows)
        result.indicators.append(ind)
    _order(result, list(rows.values()))
    return result


def _national_check(pid: str, chosen: dict[str, dict[str, Requirement]], rows: dict[str, RankRow],
                    prod: Product, base_rows: list) -> tuple[Indicator, dict[str, Bound | None]]:
    """The indicator with its national floor; each standard's value and verdict against the floor."""
    param = lexicon.get(pid)
    stated = {code: per[pid] for code, per in chosen.items() if pid in per}
    unit = next((r.unit for r in stated.values() if r.unit), param.unit)
    bounds = {code: _in_unit(r, unit, pid) for code, r in stated.items()}
    nat = _national(pid, prod, base_rows)
    nat_bound = _in_unit(nat[1], unit, pid) if nat else None
    ind = Indicator(parameter=pid, name=param.zh, direction=param.direction, unit=unit,
                    national_standard=nat[0].code if nat else None,
                    national=f"{nat[0].code}: {_text(nat[1])}" if nat else None)
    for code, row in rows.items():
        place = IndicatorPlace(limit_text=_text(stated[code]) if code in stated else "")
        b = bounds.get(code)
        if b is None:
            row.flags.append(f"{param.zh}: not stated" if code not in stated else f"{param.zh}: unit not comparable")
            row.problems.append(RankFlag(parameter=pid, kind="not-stated" if code not in stated else "unit"))
        elif nat_bound is not None:
            v = compare_bounds(b, nat_bound).verdict
            place.vs_national = v.value
            if v == Verdict.looser:
                row.excluded = True
                row.flags.append(f"{param.zh}: {place.limit_text} looser than {ind.national}")
                row.problems.append(RankFlag(parameter=pid, kind="looser", limit_text=place.limit_text,
                                             national=ind.national or ""))
        row.indicators[pid] = place
    return ind, bounds


def _place(ind: Indicator, bounds: dict[str, Bound | None], rows: dict[str, RankRow]) -> None:
    """Places among the standards not excluded: 1 + how many are strictly stricter; not stated → last."""
    eligible = {c: b for c, b in bounds.items() if not rows[c].excluded}
    n = sum(1 for r in rows.values() if not r.excluded)
    distinct = {format_limit(Limit(bound=b, unit=ind.unit)) for b in eligible.values() if b is not None}
    ind.ranked = len(distinct) > 1 or any(eligible.get(c) is None for c, r in rows.items() if not r.excluded)
    for code, row in rows.items():
        if row.excluded:
            continue
        b = eligible.get(code)
        if b is None:
            place = n
        else:
            place = 1 + sum(1 for other, ob in eligible.items() if other != code and ob is not None
                            and compare_bounds(ob, b).verdict == Verdict.stricter)
        row.indicators[ind.parameter].place = place if ind.ranked else 1


def _text(req: Requirement) -> str:
    return format_limit(Limit(bound=req.bound, unit=req.unit))


def _order(result: RankResult, rows: list[RankRow]) -> None:
    ranked = [i.parameter for i in result.indicators if i.ranked]
    for row in rows:
        places = [row.indicators[p].place or 0 for p in ranked]
        row.strictest = sum(1 for p in places if p == 1)
        row.rank_sum = sum(places)
    eligible = sorted((r for r in rows if not r.excluded), key=lambda r: (-r.strictest, r.rank_sum, r.standard))
    prev: RankRow | None = None
    for i, row in enumerate(eligible, start=1):
        why = f"strictest on {row.strictest} of {len(ranked)} ranked indicators; sum of places {row.rank_sum}"
        if prev is not None and (prev.strictest, prev.rank_sum) == (row.strictest, row.rank_sum):
            row.place = prev.place
            row.tied_with = [*prev.tied_with, prev.standard]
            for other in eligible[i - 1 - len(row.tied_with):i - 1]:
                other.tied_with.append(row.standard)
            row.reason = f"tied with {', '.join(row.tied_with)}: {why}"
            if not prev.reason.startswith("tied"):
                prev.reason = f"tied with {row.standard}: {why}"
        else:
            row.place = i
            if prev is not None and prev.strictest == row.strictest:
                row.behind = prev.standard
                why += f" (behind {prev.standard} on the sum of places)"
            row.reason = why
        prev = row
    for row in rows:
        if row.excluded:
            row.reason = "excluded: looser than the national value (no tier below the national floor)"
    rows.sort(key=lambda r: (r.place is None, r.place or 0, r.standard))
    result.rows = rows
    if len(ranked) < len(result.indicators):
        result.notes.append("indicators with one value for all standards are not ranked: "
                            + "、".join(i.name for i in result.indicators if not i.ranked))
