"""GB/T 8170-2008 judgement of a measured value against a limit, and the statistics of a set of values.

GB/T 8170 knows two ways to judge: 全数值比较法 (whole-value comparison: the value as reported is compared
with the limit; the default here, and the stricter one) and 修约值比较法 (rounded-value comparison: the value
is first rounded to the limit's number of decimals, then compared). Its rounding rule is 四舍六入五成双:
below 5 down, above 5 up, exactly 5 with nothing after it → to the even digit (0.205 → 0.20, 0.215 → 0.22),
5 followed by any non-zero digit → up (0.2051 → 0.21). Decimal's ROUND_HALF_EVEN is exactly this rule.
"""
from __future__ import annotations

import math
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal
from typing import Literal

from pydantic import BaseModel

from stdbench.model import Bound, BoundKind

__all__ = ["Distribution", "Judgement8170", "decimals_of", "distribution", "judge", "nearest_rank",
           "round_8170", "round_limit"]

Outcome = Literal["pass", "fail", "not-comparable"]


def decimals_of(value: Decimal) -> int:
    """Decimals a number is written with: 0.20 → 2, 15 → 0, 1E+1 → 0."""
    exp = value.as_tuple().exponent
    return max(-exp, 0) if isinstance(exp, int) else 0


def round_8170(value: Decimal, decimals: int) -> Decimal:
    """GB/T 8170-2008 rounding (四舍六入五成双) to ``decimals`` places (negative: tens, hundreds …)."""
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN)


def round_limit(value: Decimal, decimals: int, direction: str) -> Decimal:
    """A proposed limit from a quantile: rounded up for a maximum, down for a minimum (never looser than data)."""
    mode = ROUND_CEILING if direction == "max" else ROUND_FLOOR
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=mode)


class Judgement8170(BaseModel):
    """The outcome for one value and one bound, with the value actually compared and the margin."""

    outcome: Outcome
    compared: Decimal | None = None  # the value compared (rounded under 修约值比较法)
    limit: Decimal | None = None  # the end of the bound the value was measured against
    margin: Decimal | None = None  # measured value − limit, in the limit's unit
    margin_pct: Decimal | None = None  # margin relative to the limit, %
    reason: str = ""


def _bound_decimals(b: Bound) -> int:
    return max((decimals_of(x) for x in (b.lower, b.upper) if x is not None), default=0)


def _margin(value: Decimal, end: Decimal) -> tuple[Decimal, Decimal | None]:
    diff = value - end
    pct = None if end == 0 else (diff / abs(end) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_EVEN)
    return diff, pct


def judge(value: Decimal | None, bound: Bound, rounded: bool = False, censored: bool = False,
          detection_limit: Decimal | None = None) -> Judgement8170:
    """Judge a measured value (already in the bound's unit) against a bound, per GB/T 8170-2008.

    ``censored``: the lab reported 未检出 / <LOD (``detection_limit`` in the bound's unit, if known). Below a
    maximum whose value is at least the LOD → pass; against a minimum → not comparable; against 不得检出 → pass.
    """
    if bound.kind == BoundKind.not_detected:
        return _judge_not_detected(value, bound, censored)
    if bound.kind != BoundKind.interval or (bound.lower is None and bound.upper is None):
        return Judgement8170(outcome="not-comparable", reason=f"the limit is not numeric ({bound.kind.value})")
    if censored:
        return _judge_censored(bound, detection_limit)
    if value is None:
        return Judgement8170(outcome="not-comparable", reason="no value")
    compared = round_8170(value, _bound_decimals(bound)) if rounded else value
    lo_ok = bound.lower is None or (compared >= bound.lower if bound.lower_inclusive else compared > bound.lower)
    hi_ok = bound.upper is None or (compared <= bound.upper if bound.upper_inclusive else compared < bound.upper)
    if bound.lower is not None and bound.upper is not None:  # a range: measure against the nearer end
        end = bound.lower if abs(value - bound.lower) <= abs(value - bound.upper) else bound.upper
    else:
        end = bound.upper if bound.upper is not None else bound.lower
    assert end is not None
    diff, pct = _margin(value, end)
    return Judgement8170(outcome="pass" if lo_ok and hi_ok else "fail", compared=compared, limit=end,
                         margin=diff, margin_pct=pct)


def _judge_censored(bound: Bound, dl: Decimal | None) -> Judgement8170:
    if bound.lower is not None and bound.lower > 0:
        return Judgement8170(outcome="not-comparable", limit=bound.lower,
                             reason="未检出 against a minimum: the value is unknown below the detection limit")
    hi = bound.upper
    assert hi is not None
    if dl is None:
        return Judgement8170(outcome="not-comparable", limit=hi, reason="未检出 without a detection limit")
    if dl <= hi:  # the true value is below the LOD, hence below the limit (inclusive or not)
        return Judgement8170(outcome="pass", limit=hi, reason=f"below the detection limit {dl}")
    return Judgement8170(outcome="not-comparable", limit=hi,
                         reason=f"detection limit {dl} above the limit {hi}: the method cannot decide")


def _judge_not_detected(value: Decimal | None, bound: Bound, censored: bool) -> Judgement8170:
    if censored:
        return Judgement8170(outcome="pass", reason="未检出 against 不得检出")
    if value is None:
        return Judgement8170(outcome="not-comparable", reason="no value")
    if value <= 0:
        return Judgement8170(outcome="pass", compared=value, reason="zero against 不得检出")
    if bound.detection_limit is not None and value < bound.detection_limit:
        return Judgement8170(outcome="pass", compared=value,
                             reason=f"below the standard's detection limit {bound.detection_limit}")
    return Judgement8170(outcome="fail", compared=value, reason="detected against 不得检出")


# ------------------------------------------------------------------------------------ statistics


def nearest_rank(values: list[Decimal], q: float) -> Decimal:
    """The q-quantile by the nearest-rank rule: the k-th smallest value, k = ⌈q·n⌉ (at least 1).

    Values 1..100: q = 0.9 → 90 (90 of 100 values are ≤ 90). An exact rank, never an interpolation, so the
    result is always a value that was reported.
    """
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    k = max(1, math.ceil(round(q * len(ordered), 9)))
    return ordered[min(k, len(ordered)) - 1]


class Distribution(BaseModel):
    """n, min, median, P90, max of the numeric values of one parameter (censored counted apart)."""

    n: int = 0
    n_censored: int = 0
    min: Decimal | None = None
    median: Decimal | None = None
    p90: Decimal | None = None
    max: Decimal | None = None
    unit: str | None = None
    values: list[Decimal] = []


def distribution(values: list[Decimal], n_censored: int = 0, unit: str | None = None) -> Distribution:
    """Distribution of the detected values (median: mean of the two middle values; P90: nearest rank)."""
    if not values:
        return Distribution(n=n_censored, n_censored=n_censored, unit=unit)
    s = sorted(values)
    mid = len(s) // 2
    median = s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2
    return Distribution(n=len(s) + n_censored, n_censored=n_censored, min=s[0], median=median,
                        p90=nearest_rank(s, 0.9), max=s[-1], unit=unit, values=s)
