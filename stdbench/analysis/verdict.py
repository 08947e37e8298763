"""Bound-vs-bound verdicts: is requirement A stricter, equal, looser than B, or not comparable?

Direction-aware by construction: every numeric bound is an interval (−∞/+∞ where open) and a narrower
interval inside a wider one is stricter — for a maximum lower is stricter, for a minimum higher is stricter,
for a range narrower inside is stricter, partly overlapping ranges are not comparable. At equal values an
exclusive end is stricter than an inclusive one (<0.2 is stricter than ≤0.2). Different bases, methods or
sampling-plan shapes are "not comparable", never silently equal (DESIGN.md, Principles).
"""
from __future__ import annotations

import re
from decimal import Decimal
from enum import Enum

from pydantic import BaseModel

from stdbench.errors import StdbenchError, UnitError
from stdbench.model import Bound, BoundKind, Requirement, SamplingPlan
from stdbench.normalize.units import conversion_factor, convert, convert_bound, unit_info

__all__ = ["Conversion", "Verdict", "VerdictResult", "compare_bounds", "compare_plans", "compare_requirements",
           "count_label", "unit_conversion"]


class Verdict(str, Enum):
    stricter = "stricter"
    equal = "equal"
    looser = "looser"
    only_in_one = "only-in-one"
    not_comparable = "not-comparable"

    def label(self, lang: str = "zh", missing: str | None = None) -> str:
        """The verdict as a report prints it: 严于 / 等同 / 宽于 / 不可比 (or the English id); only-in-one says
        which side is silent when ``missing`` is given ("baseline": 基准未规定, "standard": 本标准未规定)."""
        if self == Verdict.only_in_one:
            return count_label(f"{missing}-silent" if missing in ("baseline", "standard") else self.value, lang)
        return _ZH[self] if lang == "zh" else self.value


_ZH = {Verdict.stricter: "严于", Verdict.equal: "等同", Verdict.looser: "宽于",
       Verdict.only_in_one: "仅一方规定", Verdict.not_comparable: "不可比"}
_COUNT_LABELS = {"baseline-silent": ("基准未规定", "not in baseline"),
                 "standard-silent": ("本标准未规定", "not in standard"),
                 "only-in-one": ("仅一方规定", "only in one"),
                 "inherited": ("引用（已被代替版本）", "inherited from a replaced edition")}


def count_label(key: str, lang: str = "zh") -> str:
    """The label of a matrix count key: a verdict id, baseline-silent, standard-silent or inherited."""
    if key in _COUNT_LABELS:
        zh, en = _COUNT_LABELS[key]
        return zh if lang == "zh" else en
    return Verdict(key).label(lang)


class Conversion(BaseModel):
    """A unit conversion a verdict needed: the compared value in ``from_unit`` re-expressed in ``to_unit``."""

    from_unit: str
    to_unit: str
    factor: Decimal  # value_in_to_unit = value_in_from_unit × factor
    parameter_specific: bool = False  # True: a lexicon factor for this parameter (peroxide value g/100 g → mmol/kg)
    parameter: str | None = None
    value: Decimal | None = None  # the compared number as written (upper for a maximum, lower for a minimum, m)
    converted: Decimal | None = None  # the same number in to_unit


class VerdictResult(BaseModel):
    """A verdict with the reason it was reached (shown in reports when not comparable)."""

    verdict: Verdict
    reason: str = ""
    conversion: Conversion | None = None  # set when a unit conversion was applied to reach the verdict


_INF = None  # an open end


def _interval(b: Bound) -> tuple[Decimal | None, bool, Decimal | None, bool]:
    """(lower, lower_inclusive, upper, upper_inclusive) with ±tolerance expanded."""
    lo, hi = b.lower, b.upper
    if lo is None and hi is None and b.nominal is not None:
        tol = b.tolerance or Decimal(0)
        lo, hi = b.nominal - tol, b.nominal + tol
    return lo, b.lower_inclusive, hi, b.upper_inclusive


def _lower_cmp(a: tuple, b: tuple) -> int:
    """+1 when lower end a is tighter (higher) than b, −1 looser, 0 same; (value, inclusive) pairs."""
    (av, ai), (bv, bi) = a, b
    if av is None or bv is None:
        return 0 if av is None and bv is None else (-1 if av is None else 1)
    if av != bv:
        return 1 if av > bv else -1
    return 0 if ai == bi else (1 if not ai else -1)  # exclusive > is tighter at equal values


def _upper_cmp(a: tuple, b: tuple) -> int:
    """+1 when upper end a is tighter (lower) than b, −1 looser, 0 same."""
    (av, ai), (bv, bi) = a, b
    if av is None or bv is None:
        return 0 if av is None and bv is None else (-1 if av is None else 1)
    if av != bv:
        return 1 if av < bv else -1
    return 0 if ai == bi else (1 if not ai else -1)


def _combine(parts: list[int]) -> Verdict:
    """Tighter/looser signs of independent parts → one verdict (mixed signs: not comparable)."""
    if all(p == 0 for p in parts):
        return Verdict.equal
    if all(p >= 0 for p in parts):
        return Verdict.stricter
    if all(p <= 0 for p in parts):
        return Verdict.looser
    return Verdict.not_comparable


def _intervals(a: Bound, b: Bound) -> VerdictResult:
    alo, ali, ahi, ahi_inc = _interval(a)
    blo, bli, bhi, bhi_inc = _interval(b)
    if (alo, ahi) == (None, None) or (blo, bhi) == (None, None):
        return VerdictResult(verdict=Verdict.not_comparable, reason="a bound without numbers")
    v = _combine([_lower_cmp((alo, ali), (blo, bli)), _upper_cmp((ahi, ahi_inc), (bhi, bhi_inc))])
    why = "ranges overlap partly" if v == Verdict.not_comparable else ""
    return VerdictResult(verdict=v, reason=why)


def _nd_vs_number(nd: Bound, num: Bound) -> VerdictResult:
    """不得检出 against a numeric maximum, seen from the not-detected side."""
    _, _, hi, _ = _interval(num)
    lo = num.lower
    if hi is None or (lo is not None and lo > 0):
        return VerdictResult(verdict=Verdict.not_comparable, reason="不得检出 against a minimum or range")
    if nd.detection_limit is not None and nd.detection_limit > hi:
        return VerdictResult(verdict=Verdict.not_comparable,
                             reason=f"detection limit {nd.detection_limit} above the limit {hi}")
    if hi <= 0:
        return VerdictResult(verdict=Verdict.equal)
    return VerdictResult(verdict=Verdict.stricter)


def _nd_vs_nd(a: Bound, b: Bound) -> VerdictResult:
    if (a.portion or None) != (b.portion or None) and a.portion and b.portion:
        return VerdictResult(verdict=Verdict.not_comparable, reason="different test portions")
    if a.detection_limit is not None and b.detection_limit is not None and a.detection_limit != b.detection_limit:
        v = Verdict.stricter if a.detection_limit < b.detection_limit else Verdict.looser
        return VerdictResult(verdict=v, reason="detection limits differ")
    return VerdictResult(verdict=Verdict.equal)


def _flip(r: VerdictResult) -> VerdictResult:
    swap = {Verdict.stricter: Verdict.looser, Verdict.looser: Verdict.stricter}
    return VerdictResult(verdict=swap.get(r.verdict, r.verdict), reason=r.reason, conversion=r.conversion)


def _key_number(b: Bound) -> Decimal | None:
    """The number a conversion is reported for: upper, else lower, else nominal, else the detection limit."""
    return next((x for x in (b.upper, b.lower, b.nominal, b.detection_limit) if x is not None), None)


def unit_conversion(from_unit: str, to_unit: str, parameter: str | None = None,
                    value: Decimal | None = None) -> Conversion | None:
    """The conversion ``from_unit`` → ``to_unit`` (None when the units are the same unit); raises UnitError."""
    factor = conversion_factor(from_unit, to_unit, parameter)
    a, b = unit_info(from_unit).name, unit_info(to_unit).name
    if a == b:
        return None
    try:  # a factor that needs the parameter is parameter-specific (lexicon), not a plain SI prefix change
        conversion_factor(a, b)
        specific = False
    except UnitError:
        specific = True
    return Conversion(from_unit=a, to_unit=b, factor=factor, parameter_specific=specific, parameter=parameter,
                      value=value, converted=None if value is None else convert(value, a, b, parameter))


def compare_bounds(a: Bound, b: Bound) -> VerdictResult:
    """Verdict of bound ``a`` against bound ``b`` (same unit, basis and method assumed)."""
    ka, kb = a.kind, b.kind
    if ka == BoundKind.not_specified or kb == BoundKind.not_specified:
        return VerdictResult(verdict=Verdict.only_in_one, reason="not specified")
    if BoundKind.by_reference in (ka, kb):
        return VerdictResult(verdict=Verdict.not_comparable, reason="unresolved reference")
    if ka == kb == BoundKind.text:
        same = re.sub(r"\W", "", a.text or "") == re.sub(r"\W", "", b.text or "")
        return VerdictResult(verdict=Verdict.equal if same else Verdict.not_comparable,
                             reason="" if same else "qualitative wording differs")
    if BoundKind.text in (ka, kb):
        return VerdictResult(verdict=Verdict.not_comparable, reason="qualitative against quantitative")
    if ka == kb == BoundKind.quantum_satis:
        return VerdictResult(verdict=Verdict.equal)
    if ka == BoundKind.quantum_satis:
        return VerdictResult(verdict=Verdict.looser, reason="按生产需要适量使用 against a number")
    if kb == BoundKind.quantum_satis:
        return VerdictResult(verdict=Verdict.stricter, reason="a number against 按生产需要适量使用")
    if ka == kb == BoundKind.not_detected:
        return _nd_vs_nd(a, b)
    if ka == BoundKind.not_detected:
        return _nd_vs_number(a, b)
    if kb == BoundKind.not_detected:
        return _flip(_nd_vs_number(b, a))
    return _intervals(a, b)


def compare_plans(a: SamplingPlan, b: SamplingPlan, parameter: str | None = None) -> VerdictResult:
    """Sampling plans part by part: same n and shape required; smaller c, m, M is stricter; mixed: not comparable."""
    if a.n != b.n:
        return VerdictResult(verdict=Verdict.not_comparable, reason=f"different n ({a.n} vs {b.n})")
    if (a.M is None) != (b.M is None):
        return VerdictResult(verdict=Verdict.not_comparable, reason="two-class against three-class plan")
    if (a.portion or None) != (b.portion or None) and a.portion and b.portion:
        return VerdictResult(verdict=Verdict.not_comparable, reason="different test portions")
    am, aM = a.m, a.M
    conv = None
    if a.unit and b.unit and a.unit != b.unit:
        try:
            am = convert(a.m, a.unit, b.unit, parameter)
            aM = convert(a.M, a.unit, b.unit, parameter) if a.M is not None else None
            conv = unit_conversion(a.unit, b.unit, parameter, a.m)
        except StdbenchError as exc:
            return VerdictResult(verdict=Verdict.not_comparable, reason=exc.message)

    def sign(x: Decimal | int | None, y: Decimal | int | None) -> int:
        return 0 if x is None or y is None or x == y else (1 if x < y else -1)

    v = _combine([sign(a.c, b.c), sign(am, b.m), sign(aM, b.M)])
    return VerdictResult(verdict=v, reason="plan parts differ in direction" if v == Verdict.not_comparable else "",
                         conversion=conv)


_CHEM = re.compile(r"^以\s*[A-Za-z0-9₀-₉]+\s*计$")


def _bases(basis: str | None) -> tuple[set[str], set[str]]:
    """(chemical expression bases 以Pb计, other bases 干重计 …) as written, spaces removed."""
    parts = [p.replace(" ", "") for p in re.split(r"[，,;；、]", basis or "") if p.strip()]
    return {p for p in parts if _CHEM.match(p)}, {p for p in parts if not _CHEM.match(p)}


def _basis_clash(a: str | None, b: str | None) -> str | None:
    ca, oa = _bases(a)
    cb, ob = _bases(b)
    if ca and cb and ca != cb:
        return f"different basis ({'、'.join(sorted(ca))} vs {'、'.join(sorted(cb))})"
    if oa != ob:
        return f"different basis ({'、'.join(sorted(oa)) or 'as is'} vs {'、'.join(sorted(ob)) or 'as is'})"
    return None


def _methods_clash(a: list[str], b: list[str]) -> bool:
    from stdbench.normalize.codes import same_standard, try_parse

    if not a or not b:
        return False
    da = [try_parse(m) for m in a]
    db = [try_parse(m) for m in b]
    for x, tx in zip(da, a):
        for y, ty in zip(db, b):
            if (x and y and same_standard(x, y)) or tx.strip() == ty.strip():
                return False
    return True


def compare_requirements(a: Requirement | None, b: Requirement | None) -> VerdictResult:
    """Verdict of requirement ``a`` against the baseline requirement ``b`` for the same parameter."""
    if a is None or b is None:
        return VerdictResult(verdict=Verdict.only_in_one, reason="stated in one standard only")
    if clash := _basis_clash(a.basis, b.basis):
        return VerdictResult(verdict=Verdict.not_comparable, reason=clash)
    if _methods_clash(a.methods, b.methods):
        return VerdictResult(verdict=Verdict.not_comparable, reason="different test methods")
    if a.sampling_plan is not None or b.sampling_plan is not None:
        if a.sampling_plan is None or b.sampling_plan is None:
            return VerdictResult(verdict=Verdict.not_comparable, reason="sampling plan against a single limit")
        return compare_plans(a.sampling_plan, b.sampling_plan, a.parameter)
    bound = a.bound
    conv = None
    if a.unit and b.unit and a.unit != b.unit and bound.kind in (BoundKind.interval, BoundKind.not_detected):
        pid = a.parameter or b.parameter
        try:
            bound = convert_bound(bound, a.unit, b.unit, pid)
            conv = unit_conversion(a.unit, b.unit, pid, _key_number(a.bound))
        except StdbenchError as exc:
            return VerdictResult(verdict=Verdict.not_comparable, reason=exc.message)
    res = compare_bounds(bound, b.bound)
    return res.model_copy(update={"conversion": conv}) if conv else res
