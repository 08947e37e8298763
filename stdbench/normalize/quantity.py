"""Limit expressions as standards print them → :class:`Limit` (Bound + unit + basis + sampling plan).

Covers operators (≤ ＜ 不大于 not more than max. …), ranges (0.5～1.0, 0,5 to 1,0, (3～6)×10³), tolerances
((65±2)%), scientific notation (1.0×10⁴, 10^4, 1E4), 不得检出/ND with detection limit and test portion,
"—"/N/A, quantum satis, "应符合GB 2762的规定", and n/c/m/M sampling plans. Values are exact Decimals.
Vocabulary (phrases, units, bases) lives in ``stdbench/data/units.toml``.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import cache

from pydantic import BaseModel, ConfigDict

from stdbench.errors import NormalizeError, UnitError
from stdbench.model import Bound, BoundKind, Designation, SamplingPlan
from stdbench.normalize.units import (
    convert,
    convert_bound,
    dimension,
    label_direction,
    normalize_chars,
    parse_unit,
    split_label,
    split_unit_basis,
    vocabulary,
)

__all__ = [
    "Limit", "convert", "convert_bound", "dimension", "format_limit", "format_number",
    "format_sampling_plan", "label_direction", "parse_limit", "parse_number", "parse_sampling_plan",
    "parse_unit", "split_label",
]


class Limit(BaseModel):
    """A parsed limit expression: the bound, its unit and basis, and a sampling plan if any."""

    model_config = ConfigDict(extra="forbid")

    bound: Bound
    unit: str | None = None
    basis: str | None = None
    sampling_plan: SamplingPlan | None = None
    text: str = ""


# ------------------------------------------------------------------------------------ numbers

_SUPS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺"
_SUP_FOLD = str.maketrans(_SUPS, "0123456789-+")
_EXPO = rf"(?:\^\s*[-+]?[0-9]+|[{_SUPS}]+)"
# thousands: "1 000" (GB 3101 / ISO) or "1,000,000" / "1,000.5"; a single comma is a decimal comma (ISO)
_MANT = (r"[-+]?(?:[0-9]{1,3}(?:,[0-9]{3}){2,}(?:\.[0-9]+)?|[0-9]{1,3}(?:,[0-9]{3})+\.[0-9]+"
         r"|[0-9]{1,3}(?: [0-9]{3})+(?:[.,][0-9]+)?(?![0-9])|[0-9]+(?:[.,][0-9]+)?|\.[0-9]+)")
_TIMES = rf"\s*[×xX*]\s*10\s*{_EXPO}"
NUMBER = rf"(?:[-+]?10\s*{_EXPO}|{_MANT}(?:{_TIMES}|[eE][-+]?[0-9]+)?)"
_NUMBER_AT = re.compile(rf"\s*(?P<num>{NUMBER})\s*(?P<rest>.*)$", re.DOTALL)


def parse_number(text: str) -> Decimal:
    """``"0,5"`` ``"1.0×10⁴"`` ``"10^4"`` ``"1E4"`` ``"10⁵"`` ``"1 000"`` ``"−0.5"`` → exact Decimal."""
    s = normalize_chars(text)
    if not re.fullmatch(NUMBER, s):
        raise NormalizeError(f"not a number: {text!r}")
    return _to_decimal(s)


def _to_decimal(token: str) -> Decimal:
    t = token.replace(" ", "")
    m = re.fullmatch(rf"([-+]?)10({_EXPO})", t)
    if m:
        return _scaled(Decimal(f"{m[1]}1"), _exponent(m[2]))
    m = re.fullmatch(rf"([-+]?[0-9.,]+)(?:[×xX*]10({_EXPO})|[eE]([-+]?[0-9]+))?", t)
    if not m:
        raise NormalizeError(f"not a number: {token!r}")
    mant = m[1]
    if mant.count(",") > 1 or ("," in mant and "." in mant):
        mant = mant.replace(",", "")  # thousands separators
    else:
        mant = mant.replace(",", ".")  # decimal comma
    exp = _exponent(m[2]) if m[2] else int(m[3]) if m[3] else 0
    return _scaled(Decimal(mant), exp) if exp else Decimal(mant)


def _scaled(mantissa: Decimal, exp: int) -> Decimal:
    """mantissa × 10^exp, exact; an integral result is written without exponent (1.0×10⁴ → 10000)."""
    try:
        value = mantissa.scaleb(exp)
        return value.quantize(Decimal(1)) if value == value.to_integral_value() else value
    except InvalidOperation:  # 1E+400: more digits than the decimal context holds
        raise NormalizeError(f"number out of range: {mantissa}E{exp}") from None


def _exponent(text: str) -> int:
    return int(text.replace("^", "").replace(" ", "").translate(_SUP_FOLD))


def format_number(value: Decimal) -> str:
    """Plain decimal text, no exponent: Decimal("1.0E+4") → ``"10000"``."""
    return format(value, "f")


# ------------------------------------------------------------------------------------ phrases


def _alternation(phrases: list[str]) -> str:
    """Regex alternation, longest first; Latin words only match as whole words."""
    parts = []
    for p in sorted(set(phrases), key=len, reverse=True):
        e = re.escape(p)
        if p[0].isascii() and p[0].isalpha():
            e = r"(?<![A-Za-z])" + e
        if p[-1].isascii() and p[-1].isalnum():
            e += r"(?![A-Za-z])"
        parts.append(e)
    return "|".join(parts)


@cache
def _grammar() -> dict:
    v = vocabulary()
    ops = {p.lower(): kind for kind in ("max", "min", "lt", "gt") for p in v["operators"][kind]}
    op = _alternation(list(ops))
    fill = _alternation(v["operators"]["fillers"])
    return {
        "ops": ops,
        "op": op,
        "start": re.compile(rf"^(?:(?:{fill})\s*)?(?P<op>{op})\s*(?P<rest>.+)$", re.IGNORECASE | re.DOTALL),
        "middle": re.compile(rf"(?:(?:{fill})\s*)?(?P<op>{op})", re.IGNORECASE),
        "suffix": re.compile(rf"^(?P<rest>.+?)\s*(?P<op>{_alternation(v['operators']['suffix_operators'])})$",
                             re.IGNORECASE | re.DOTALL),
        "and": re.compile(rf"\s*(?:且|并且|同时|(?<![A-Za-z])and(?![A-Za-z])|,|;)\s*(?=(?:{op}))", re.IGNORECASE),
        "sep": re.compile(rf"\s*(?:{_alternation(v['operators']['range_separators'])})\s*", re.IGNORECASE),
        "nd": re.compile(_alternation(v["operators"]["not_detected"]), re.IGNORECASE),
        "ref": re.compile(_alternation(v["operators"]["by_reference"]), re.IGNORECASE),
        "nspec": {_k(p) for p in v["operators"]["not_specified"]},
        "qs": {_k(p) for p in v["operators"]["quantum_satis"]},
    }


def _k(text: str) -> str:
    return normalize_chars(text).replace(" ", "").lower()


_FOOTNOTE = re.compile(r"(?:(?<=[0-9%)])[a-f]\)?|[ᵃᵇᶜᵈᵉᶠ]+|\*+)$")
_DASHES_ONLY = re.compile(r"^[—–\-/―]+\s*(?:\(.*\))?$")
_TOLERANCE = re.compile(rf"^\(?\s*(?P<n>{NUMBER})\s*±\s*(?P<t>{NUMBER})\s*\)?\s*(?P<rest>.*)$", re.DOTALL)
_SCALED_RANGE = re.compile(rf"^\(\s*(?P<a>{NUMBER})\s*(?:~|-|–|—|至|to)\s*(?P<b>{NUMBER})\s*\)"
                           rf"\s*[×xX*]\s*(?P<f>10\s*{_EXPO})\s*(?P<rest>.*)$", re.DOTALL)
_BETWEEN = re.compile(r"^(?:between|from|从)\s+(?P<a>.+?)\s+(?:and|to|至|到)\s+(?P<b>.+)$", re.IGNORECASE)
_PORTION = re.compile(r"(?:/|(?<![A-Za-z])in(?![A-Za-z])|(?<![A-Za-z])per(?![A-Za-z])|每)\s*"
                      r"(?P<q>[0-9]+(?:[.,][0-9]+)?)\s*(?P<u>g|mL|ml|kg|L)(?P<alt>\s*\(\s*mL\s*\))?(?![A-Za-z])")
_ZERO_PORTION = re.compile(r"^0\s*(?=/)")
_DETECTION = re.compile(rf"(?:LOD|LOQ|检出限|定量限|detection limit|limit of detection|limit of quantification"
                        rf"|<|≤)\s*[:=]?\s*(?P<v>{NUMBER})\s*(?P<u>[^(),;]*(?:\([^()]*\))?)", re.IGNORECASE)


def _clean(text: str) -> str:
    s = normalize_chars(text).replace("<=", "≤").replace(">=", "≥")
    return _FOOTNOTE.sub("", s).strip()


# ------------------------------------------------------------------------------------ limits


def parse_limit(text: str, unit: str | None = None, direction: str | None = None) -> Limit:
    """Parse a limit as written; ``unit`` comes from context (column header) when the text has none.

    ``direction`` ("max"/"min") says what a bare number means; without it a bare number is an exact
    value. Raises NormalizeError (UnitError for an unknown unit) when the text is not a limit.
    """
    s = _clean(text)
    if not s:
        raise NormalizeError(f"empty limit expression {text!r}")
    ctx = parse_unit(unit) if unit else None
    g = _grammar()
    if _k(s) in g["nspec"] or _DASHES_ONLY.match(s):
        return Limit(bound=Bound(kind=BoundKind.not_specified), unit=ctx, text=text)
    if _k(s) in g["qs"] or "适量使用" in s or "quantum satis" in s.lower():
        return Limit(bound=Bound(kind=BoundKind.quantum_satis), unit=ctx, text=text)
    if re.search(r"(?<![A-Za-z])n\s*=", s):
        return _plan_limit(s, ctx, text)
    if g["nd"].search(s) or _ZERO_PORTION.match(s):
        return _not_detected(s, ctx, text)
    try:
        bound, u, basis = _interval(s, direction)
    except NormalizeError:
        if g["ref"].search(s):
            return Limit(bound=_reference(s), unit=ctx, text=text)
        raise
    return Limit(bound=bound, unit=u or ctx, basis=basis, text=text)


def _plan_limit(s: str, ctx: str | None, text: str) -> Limit:
    plan = parse_sampling_plan(s)
    if plan is None:
        raise NormalizeError(f"incomplete sampling plan {text!r}")
    if plan.m == 0 and plan.portion and plan.M is None:
        bound = Bound(kind=BoundKind.not_detected, portion=plan.portion)
    else:  # nobody may exceed M (three-class) or m (two-class)
        bound = Bound(upper=plan.M if plan.M is not None else plan.m)
    return Limit(bound=bound, unit=plan.unit or ctx, sampling_plan=plan, text=text)


def _portion(m: re.Match[str]) -> str:
    return f"{m['q'].replace(',', '.')} {'mL' if m['u'] == 'ml' else m['u']}" + ("(mL)" if m["alt"] else "")


def _not_detected(s: str, ctx: str | None, text: str) -> Limit:
    rest = _grammar()["nd"].sub(" ", _ZERO_PORTION.sub("", s))
    dl, unit, portion = None, ctx, None
    if (dm := _DETECTION.search(rest)) is not None:  # first: "LOD 1 CFU/25 g" is no test portion
        dl = _to_decimal(dm["v"])
        rest = rest[: dm.start()] + rest[dm.end():]
        try:
            unit = split_unit_basis(dm["u"])[0] or ctx
        except UnitError:
            pass
    if (pm := _PORTION.search(rest)) is not None:
        portion = _portion(pm)
    return Limit(bound=Bound(kind=BoundKind.not_detected, detection_limit=dl, portion=portion),
                 unit=unit, text=text)


def _reference(s: str) -> Bound:
    ref: Designation | None = None
    try:  # codes.py is a sibling module; without it the reference stays as text
        from stdbench.normalize import codes

        found = codes.find_designations(s)
        if found:
            first = found[0]
            ref = first[0] if isinstance(first, tuple) else first
    except (ImportError, AttributeError, NormalizeError):
        ref = None
    return Bound(kind=BoundKind.by_reference, reference=ref, text=s)


def _interval(s: str, direction: str | None) -> tuple[Bound, str | None, str | None]:
    parts = _grammar()["and"].split(s)
    if len(parts) == 1 or not all(re.search(r"[0-9]", p) for p in parts):  # "Moisture, max. 15 %"
        return _one(s, direction)
    lower = upper = None
    lower_inc = upper_inc = True
    unit = basis = None
    for part in parts:
        b, u, bs = _one(part, None)
        if b.lower is not None:
            if lower is not None:
                raise NormalizeError(f"two lower limits in {s!r}")
            lower, lower_inc = b.lower, b.lower_inclusive
        if b.upper is not None:
            if upper is not None:
                raise NormalizeError(f"two upper limits in {s!r}")
            upper, upper_inc = b.upper, b.upper_inclusive
        if u and unit and u != unit:
            raise NormalizeError(f"different units in {s!r}")
        unit, basis = unit or u, basis or bs
    return Bound(lower=lower, lower_inclusive=lower_inc, upper=upper, upper_inclusive=upper_inc), unit, basis


def _one(s: str, direction: str | None) -> tuple[Bound, str | None, str | None]:
    """One clause: tolerance, operator + value (operator before or after), range, or bare value."""
    g = _grammar()
    s = s.strip()
    if (m := _TOLERANCE.match(s)) is not None:
        n, t = _to_decimal(m["n"]), _to_decimal(m["t"])
        unit, basis = split_unit_basis(m["rest"])
        return Bound(lower=n - t, upper=n + t, nominal=n, tolerance=t), unit, basis
    if (m := g["start"].match(s)) is not None:
        v, unit, basis = _value(m["rest"])
        return _op_bound(g["ops"][m["op"].lower()], v), unit, basis
    m = g["middle"].search(s)
    if m is not None and m.start() > 0 and not re.search(r"[0-9]", s[: m.start()]):
        _, label_unit, label_basis = split_label(s[: m.start()])
        v, unit, basis = _value(s[m.end():])
        return _op_bound(g["ops"][m["op"].lower()], v), unit or label_unit, basis or label_basis
    if (m := g["suffix"].match(s)) is not None:
        v, unit, basis = _value(m["rest"])
        return _op_bound(g["ops"][m["op"].lower()], v), unit, basis
    if (rng := _range(s)) is not None:
        return rng
    v, unit, basis = _value(s)
    if direction in ("max", "min"):
        return _op_bound(direction, v), unit, basis
    return Bound(lower=v, upper=v), unit, basis


def _op_bound(kind: str, v: Decimal) -> Bound:
    if kind in ("max", "lt"):
        return Bound(upper=v, upper_inclusive=kind == "max")
    return Bound(lower=v, lower_inclusive=kind == "min")


def _value(s: str) -> tuple[Decimal, str | None, str | None]:
    """A number at the start of ``s`` and the unit/basis that follow it."""
    m = _NUMBER_AT.match(s)
    if m is None:
        raise NormalizeError(f"no number in {s.strip()!r}")
    unit, basis = split_unit_basis(m["rest"])
    return _to_decimal(m["num"]), unit, basis


def _range(s: str) -> tuple[Bound, str | None, str | None] | None:
    """``0.5～1.0``, ``18%～25%``, ``100～150 kg``, ``0,5 to 1,0``, ``(3～6)×10³``; None if not a range."""
    if (m := _SCALED_RANGE.match(s)) is not None:
        f = _to_decimal(m["f"])
        unit, basis = split_unit_basis(m["rest"])
        return Bound(lower=_to_decimal(m["a"]) * f, upper=_to_decimal(m["b"]) * f), unit, basis
    if (m := _BETWEEN.match(s)) is not None:
        s = f"{m['a']}~{m['b']}"
    for sep in _grammar()["sep"].finditer(s):
        left, right = s[: sep.start()].strip(), s[sep.end():].strip()
        if not left or not right:
            continue
        try:
            a, ua, ba = _value(left)
            b, ub, bb = _value(right)
        except NormalizeError:
            continue
        if ua and ub and ua != ub:
            raise UnitError(f"range ends in different units: {s!r}")
        return Bound(lower=a, upper=b), ub or ua, bb or ba
    return None


# ------------------------------------------------------------------------------------ formatting


def _unit_text(unit: str | None) -> str:
    if not unit:
        return ""
    return unit if unit.startswith("%") else f" {unit}"


def _basis_text(basis: str | None) -> str:
    return f" ({basis})" if basis else ""


def format_limit(limit: Limit) -> str:
    """Canonical text of a limit that :func:`parse_limit` reads back to the same Limit."""
    b, u = limit.bound, limit.unit
    if limit.sampling_plan is not None:
        return format_sampling_plan(limit.sampling_plan)
    if b.kind == BoundKind.not_specified:
        return "—"
    if b.kind == BoundKind.quantum_satis:
        return "按生产需要适量使用"
    if b.kind == BoundKind.by_reference:
        return b.text or (f"应符合{b.reference}的规定" if b.reference else "应符合有关规定")
    if b.kind == BoundKind.not_detected:
        out = "不得检出" + (f"/{b.portion}" if b.portion else "")
        if b.detection_limit is not None:
            out += f" (LOD {format_number(b.detection_limit)}{_unit_text(u)})"
        return out
    if b.kind == BoundKind.text:
        return b.text or ""
    return _format_interval(b, u) + _basis_text(limit.basis)


def _format_interval(b: Bound, u: str | None) -> str:
    f = format_number
    if b.nominal is not None and b.tolerance is not None:
        return f"({f(b.nominal)}±{f(b.tolerance)}){u or ''}" if u and u.startswith("%") \
            else f"{f(b.nominal)}±{f(b.tolerance)}{_unit_text(u)}"
    lo = None if b.lower is None else ("≥" if b.lower_inclusive else ">") + f(b.lower)
    hi = None if b.upper is None else ("≤" if b.upper_inclusive else "<") + f(b.upper)
    if lo and hi:
        if b.lower_inclusive and b.upper_inclusive:
            if b.lower == b.upper:
                return f(b.lower) + _unit_text(u)
            return f"{f(b.lower)}~{f(b.upper)}{_unit_text(u)}"
        return f"{lo}, {hi}{_unit_text(u)}"
    if lo or hi:
        return (lo or hi or "") + _unit_text(u)
    raise NormalizeError("an interval bound without lower or upper limit cannot be formatted")


# ------------------------------------------------------------------------------------ sampling plans

_PLAN_ITEM = re.compile(r"(?<![A-Za-z])(?P<key>[ncmM])\s*=\s*")


def parse_sampling_plan(text: str) -> SamplingPlan | None:
    """``"n=5,c=0,m=0/25g(mL),M=-"`` / ``"n=5, c=2, m=10^4, M=10^5"`` → SamplingPlan; None without n=."""
    s = normalize_chars(text)
    items = list(_PLAN_ITEM.finditer(s))
    values: dict[str, str] = {}
    for i, m in enumerate(items):
        end = items[i + 1].start() if i + 1 < len(items) else len(s)
        values[m["key"]] = s[m.end(): end].strip(" ,;")
    if "n" not in values:
        return None
    if not {"c", "m"} <= values.keys():
        raise NormalizeError(f"sampling plan without c or m: {text!r}")
    try:
        n, c = int(values["n"]), int(values["c"])
    except ValueError as exc:
        raise NormalizeError(f"n and c must be whole numbers in {text!r}") from exc
    portion = unit = None
    m_text = values["m"]
    if _ZERO_PORTION.match(m_text) and (pm := _PORTION.search(m_text)) is not None:
        m_value, portion = Decimal(0), _portion(pm)
    else:
        m_value, unit, _ = _value(m_text)
    big = None
    raw_big = values.get("M", "")
    if raw_big and not _DASHES_ONLY.match(raw_big):
        big, big_unit, _ = _value(raw_big)
        if unit and big_unit and unit != big_unit:
            raise UnitError(f"m and M in different units: {text!r}")
        unit = unit or big_unit
    return SamplingPlan(n=n, c=c, m=m_value, M=big, unit=unit, portion=portion)


def format_sampling_plan(plan: SamplingPlan) -> str:
    """``n=5, c=2, m=100 CFU/g, M=1000 CFU/g``; ``n=5, c=0, m=0/25 g, M=—`` for absence plans."""
    u = _unit_text(plan.unit)
    m = f"0/{plan.portion}" if plan.portion else f"{format_number(plan.m)}{u}"
    big = "—" if plan.M is None else f"{format_number(plan.M)}{u}"
    return f"n={plan.n}, c={plan.c}, m={m}, M={big}"
