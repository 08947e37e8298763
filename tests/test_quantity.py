"""Limit expressions as real standards print them → Bound + unit + basis (+ sampling plan)."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stdbench.errors import NormalizeError, UnitError
from stdbench.model import Bound, BoundKind, SamplingPlan
from stdbench.normalize.quantity import (
    Limit,
    format_limit,
    format_number,
    parse_limit,
    parse_number,
    parse_sampling_plan,
)
from stdbench.normalize.units import units

D = Decimal
INF = None  # readability: no bound on that side

# text, context unit, direction → lower, lower inclusive, upper, upper inclusive, unit, basis
INTERVALS = [
    # symbols, ASCII and full-width
    ("≤0.2", None, None, INF, True, "0.2", True, None, None),
    ("≤ 0.2 mg/kg", None, None, INF, True, "0.2", True, "mg/kg", None),
    ("<0.5", None, None, INF, True, "0.5", False, None, None),
    ("＜0.5", None, None, INF, True, "0.5", False, None, None),
    (">5", None, None, "5", False, INF, True, None, None),
    ("＞5 %", None, None, "5", False, INF, True, "%", None),
    ("≥14.5%", None, None, "14.5", True, INF, True, "%", None),
    ("≦0.1", "mg/kg", None, INF, True, "0.1", True, "mg/kg", None),
    ("≧60", None, None, "60", True, INF, True, None, None),
    ("<=3.0", "mg/g", None, INF, True, "3.0", True, "mg/g", None),
    (">=0.5", None, None, "0.5", True, INF, True, None, None),
    ("≤0.25 g/100 g", None, None, INF, True, "0.25", True, "g/100 g", None),
    ("≤10 µg/kg", None, None, INF, True, "10", True, "μg/kg", None),  # micro sign U+00B5
    ("≤10 μg/kg", None, None, INF, True, "10", True, "μg/kg", None),  # Greek mu U+03BC
    ("≤ 1.0×10⁴ CFU/g", None, None, INF, True, "10000", True, "CFU/g", None),
    ("≤5×10^4", "CFU/g", None, INF, True, "50000", True, "CFU/g", None),
    ("<1E4 CFU/mL", None, None, INF, True, "10000", False, "CFU/mL", None),
    ("≤10⁵", None, None, INF, True, "100000", True, None, None),
    ("≤ 1 000 CFU/g", None, None, INF, True, "1000", True, "CFU/g", None),
    ("≤ 100 MPN/100 mL", None, None, INF, True, "100", True, "MPN/100 mL", None),
    ("≤2.0 mS/cm", None, None, INF, True, "2.0", True, "mS/cm", None),
    ("≥ 8 Schade units", None, None, "8", True, INF, True, "Schade units", None),
    ("≤ 40 meq/kg", None, None, INF, True, "40", True, "meq/kg", None),
    ("≤ 0.25 mmol/kg", None, None, INF, True, "0.25", True, "mmol/kg", None),
    ("≤20 mg/100 g", None, None, INF, True, "20", True, "mg/100 g", None),
    ("≤ 0.5 mL/100 g", None, None, INF, True, "0.5", True, "mL/100 g", None),
    ("≤ 1.5 kg/m³", None, None, INF, True, "1.5", True, "g/L", None),
    ("≤ 0.05 mg/L", None, None, INF, True, "0.05", True, "mg/L", None),
    ("≥ 1 g/L", None, None, "1", True, INF, True, "g/L", None),
    # Chinese phrases
    ("不大于0.2", None, None, INF, True, "0.2", True, None, None),
    ("不小于60 %", None, None, "60", True, INF, True, "%", None),
    ("不超过 40 mg/kg", None, None, INF, True, "40", True, "mg/kg", None),
    ("不低于 0.5", None, None, "0.5", True, INF, True, None, None),
    ("不得超过0.1 mg/kg", None, None, INF, True, "0.1", True, "mg/kg", None),
    ("小于 10", None, None, INF, True, "10", False, None, None),
    ("大于 2", None, None, "2", False, INF, True, None, None),
    ("低于 5 ℃", None, None, INF, True, "5", False, "°C", None),
    ("高于 75 °C", None, None, "75", False, INF, True, "°C", None),
    ("应不大于14.5%", None, None, INF, True, "14.5", True, "%", None),
    ("小于或等于 2.5", None, None, INF, True, "2.5", True, None, None),
    ("水分应不大于14.5%", None, None, INF, True, "14.5", True, "%", None),
    ("铅（以Pb计）≤0.2 mg/kg", None, None, INF, True, "0.2", True, "mg/kg", "以Pb计"),
    ("碎米总量/% ≤ 7.5", None, None, INF, True, "7.5", True, "%", None),
    # English phrases
    ("max. 15,5", None, None, INF, True, "15.5", True, None, None),
    ("15,5 max.", "%", None, INF, True, "15.5", True, "%", None),
    ("0,3 min.", None, None, "0.3", True, INF, True, None, None),
    ("not more than 0,5 % (m/m)", None, None, INF, True, "0.5", True, "%", None),
    ("not less than 20 °C", None, None, "20", True, INF, True, "°C", None),
    ("shall not be greater than 0.2 mg/kg", None, None, INF, True, "0.2", True, "mg/kg", None),
    ("at least 60 g/100 g", None, None, "60", True, INF, True, "g/100 g", None),
    ("maximum 20 %", None, None, INF, True, "20", True, "%", None),
    ("minimum 8", None, None, "8", True, INF, True, None, None),
    ("less than 0,1", None, None, INF, True, "0.1", False, None, None),
    ("Moisture content, max. 15 %", None, None, INF, True, "15", True, "%", None),
    # ranges
    ("0.5～1.0", None, None, "0.5", True, "1.0", True, None, None),
    ("0.5~1.0", None, None, "0.5", True, "1.0", True, None, None),
    ("0.5-1.0", None, None, "0.5", True, "1.0", True, None, None),
    ("0,5 to 1,0", None, None, "0.5", True, "1.0", True, None, None),
    ("18%～25%", None, None, "18", True, "25", True, "%", None),
    ("100～150 kg", None, None, "100", True, "150", True, "kg", None),
    ("(3～6)×10³", "CFU/g", None, "3000", True, "6000", True, "CFU/g", None),
    ("5.0〜7.0", None, None, "5.0", True, "7.0", True, None, None),
    ("-5~-2 °C", None, None, "-5", True, "-2", True, "°C", None),
    ("between 0.5 and 1.0 %", None, None, "0.5", True, "1.0", True, "%", None),
    ("≥0.5, <1.0", None, None, "0.5", True, "1.0", False, None, None),
    ("≥18 且 ≤25", "%", None, "18", True, "25", True, "%", None),
    # tolerances
    ("(65±2)%", None, None, "63", True, "67", True, "%", None),
    ("52±1 %vol", None, None, "51", True, "53", True, "%vol", None),
    ("20±1 ℃", None, None, "19", True, "21", True, "°C", None),
    # decimal commas, negative numbers, bare numbers with a direction from context
    ("0,3", "mg/kg", "max", INF, True, "0.3", True, "mg/kg", None),
    ("0.2", "mg/kg", "max", INF, True, "0.2", True, "mg/kg", None),
    ("60", "%", "min", "60", True, INF, True, "%", None),
    ("2.5", None, None, "2.5", True, "2.5", True, None, None),
    ("−0.5", None, None, "-0.5", True, "-0.5", True, None, None),
    ("0.02 mg/kg", "μg/kg", "max", INF, True, "0.02", True, "mg/kg", None),  # text unit wins
    # footnote letters glued on
    ("0,5a", None, "max", INF, True, "0.5", True, None, None),
    ("≤0.2ᵃ", "mg/kg", None, INF, True, "0.2", True, "mg/kg", None),
    ("1,0b)", "%", "max", INF, True, "1.0", True, "%", None),
    # bases
    ("≤0.5 (以Pb计)", "mg/kg", None, INF, True, "0.5", True, "mg/kg", "以Pb计"),
    ("≤0.5 mg/kg（以As计）", None, None, INF, True, "0.5", True, "mg/kg", "以As计"),
    ("≤30 mg/kg (以NaNO₂计)", None, None, INF, True, "30", True, "mg/kg", "以NaNO₂计"),
    ("≥ 0.7 % (以P₂O₅计)", None, None, "0.7", True, INF, True, "%", "以P₂O₅计"),
    ("≤ 3 % （以干基计）", None, None, INF, True, "3", True, "%", "dry matter"),
    ("≤ 0.25 g/100 g (以脂肪计)", None, None, INF, True, "0.25", True, "g/100 g", "以脂肪计"),
    ("max. 0,1 % on dry matter", None, None, INF, True, "0.1", True, "%", "dry matter"),
    ("≤ 15 % as is", None, None, INF, True, "15", True, "%", "as is"),
    ("≤ 4 mg/g (as KOH)", None, None, INF, True, "4", True, "mg/g", "KOH"),
    ("≤ 0.6 mg KOH/g", None, None, INF, True, "0.6", True, "mg/g", "KOH"),
    ("≤ 0.6 mg/g (KOH)", None, None, INF, True, "0.6", True, "mg/g", "KOH"),
]


def _d(x: str | None) -> Decimal | None:
    return None if x is None else D(x)


@pytest.mark.parametrize("text,unit,direction,lo,lo_inc,hi,hi_inc,exp_unit,basis", INTERVALS)
def test_interval_limits(text, unit, direction, lo, lo_inc, hi, hi_inc, exp_unit, basis):
    lim = parse_limit(text, unit=unit, direction=direction)
    b = lim.bound
    assert b.kind == BoundKind.interval
    assert (b.lower, b.upper) == (_d(lo), _d(hi))
    if lo is not None:
        assert b.lower_inclusive is lo_inc
    if hi is not None:
        assert b.upper_inclusive is hi_inc
    assert lim.unit == exp_unit
    assert lim.basis == basis
    assert lim.text == text


def test_exclusive_and_inclusive_are_kept_apart():
    assert parse_limit("<0.5").bound.upper_inclusive is False
    assert parse_limit("≤0.5").bound.upper_inclusive is True
    assert parse_limit("≤0.5").bound.direction == "max"
    assert parse_limit("≥0.5").bound.direction == "min"
    assert parse_limit("0.5~1.0").bound.direction == "range"


def test_tolerance_keeps_nominal():
    b = parse_limit("(65±2)%").bound
    assert (b.nominal, b.tolerance) == (D(65), D(2))


def test_scientific_value_is_plain_and_exact():
    b = parse_limit("≤1.0×10⁴", unit="CFU/g").bound
    assert str(b.upper) == "10000"
    assert parse_limit("≤0.1", unit="mg/kg").bound.upper == D("0.1")  # no float drift


# text, context unit → kind, detection limit, portion, unit
SPECIAL = [
    ("不得检出", None, BoundKind.not_detected, None, None, None),
    ("未检出", "mg/kg", BoundKind.not_detected, None, None, "mg/kg"),
    ("ND", None, BoundKind.not_detected, None, None, None),
    ("n.d.", None, BoundKind.not_detected, None, None, None),
    ("Not detected", None, BoundKind.not_detected, None, None, None),
    ("absent", None, BoundKind.not_detected, None, None, None),
    ("Absent in 25 g", None, BoundKind.not_detected, None, "25 g", None),
    ("不得检出（<0.01）", "mg/kg", BoundKind.not_detected, "0.01", None, "mg/kg"),
    ("ND (LOD 0.01 mg/kg)", None, BoundKind.not_detected, "0.01", None, "mg/kg"),
    ("未检出（检出限0.005 mg/kg）", None, BoundKind.not_detected, "0.005", None, "mg/kg"),
    ("0/25 g", None, BoundKind.not_detected, None, "25 g", None),
    ("0/25g(mL)", None, BoundKind.not_detected, None, "25 g(mL)", None),
    ("不得检出/25g", None, BoundKind.not_detected, None, "25 g", None),
    ("—", "mg/kg", BoundKind.not_specified, None, None, "mg/kg"),
    ("-", None, BoundKind.not_specified, None, None, None),
    ("/", None, BoundKind.not_specified, None, None, None),
    ("— (未规定)", None, BoundKind.not_specified, None, None, None),
    ("—（未规定）", None, BoundKind.not_specified, None, None, None),
    ("Not applicable", None, BoundKind.not_specified, None, None, None),
    ("N/A", None, BoundKind.not_specified, None, None, None),
    ("按生产需要适量使用", None, BoundKind.quantum_satis, None, None, None),
    ("quantum satis", None, BoundKind.quantum_satis, None, None, None),
    ("应符合表2的规定", None, BoundKind.by_reference, None, None, None),
]


@pytest.mark.parametrize("text,unit,kind,dl,portion,exp_unit", SPECIAL)
def test_special_limits(text, unit, kind, dl, portion, exp_unit):
    lim = parse_limit(text, unit=unit)
    assert lim.bound.kind == kind
    assert lim.bound.detection_limit == _d(dl)
    assert lim.bound.portion == portion
    assert lim.unit == exp_unit


def test_not_detected_counts_as_a_maximum():
    assert parse_limit("不得检出").bound.direction == "max"


def test_by_reference_keeps_text_and_parses_designation():
    lim = parse_limit("应符合GB 2762的规定")
    assert lim.bound.kind == BoundKind.by_reference
    assert lim.bound.text == "应符合GB 2762的规定"
    ref = lim.bound.reference
    if ref is not None:  # codes.py present
        assert (ref.prefix, ref.number) == ("GB", "2762")


@pytest.mark.parametrize("text", ["", "   ", "see above", "合格", "≤ abc", "≤0.2 furlongs"])
def test_not_a_limit(text):
    with pytest.raises(NormalizeError):
        parse_limit(text)


def test_unknown_unit_is_a_unit_error():
    with pytest.raises(UnitError):
        parse_limit("≤0.2 furlongs")


# --------------------------------------------------------------------------- numbers

NUMBERS = [
    ("0,5", "0.5"), ("0.5", "0.5"), ("1.0×10⁴", "10000"), ("10^4", "10000"), ("1E4", "10000"),
    ("10⁵", "100000"), ("1 000", "1000"), ("−0.5", "-0.5"), ("5×10^4", "50000"), ("1.5x10^3", "1500"),
    ("10⁻²", "0.01"), ("2.5E-3", "0.0025"), ("12 345,6", "12345.6"), ("1,000,000", "1000000"),
    ("1,000.5", "1000.5"), ("０.３", "0.3"), ("+3", "3"),
]


@pytest.mark.parametrize("text,value", NUMBERS)
def test_parse_number(text, value):
    assert parse_number(text) == D(value)


@pytest.mark.parametrize("text", ["", "abc", "1.2.3", "10^", "--1"])
def test_parse_number_rejects(text):
    with pytest.raises(NormalizeError):
        parse_number(text)


# --------------------------------------------------------------------------- sampling plans


def test_plan_absence_in_25_g():
    plan = parse_sampling_plan("n=5,c=0,m=0/25g(mL),M=-")
    assert plan == SamplingPlan(n=5, c=0, m=D(0), M=None, portion="25 g(mL)")
    lim = parse_limit("n=5,c=0,m=0/25g(mL),M=-")
    assert lim.bound.kind == BoundKind.not_detected and lim.bound.portion == "25 g(mL)"
    assert lim.sampling_plan == plan


def test_plan_powers_of_ten():
    plan = parse_sampling_plan("n=5, c=2, m=10^4, M=10^5")
    assert (plan.n, plan.c, plan.m, plan.M) == (5, 2, D(10000), D(100000))
    lim = parse_limit("n=5, c=2, m=10^4, M=10^5", unit="CFU/g")
    assert lim.bound.upper == D(100000) and lim.unit == "CFU/g"


def test_plan_full_width_commas_and_units():
    plan = parse_sampling_plan("n=5，c=2，m=100 CFU/g，M=1000 CFU/g")
    assert (plan.n, plan.c, plan.m, plan.M, plan.unit) == (5, 2, D(100), D(1000), "CFU/g")


def test_plan_two_class_and_superscripts():
    plan = parse_sampling_plan("n=5, c=1, m=10⁴")
    assert plan.M is None and plan.m == D(10000)
    assert parse_limit("n=5, c=1, m=10⁴").bound.upper == D(10000)


def test_plan_absent_and_broken():
    assert parse_sampling_plan("≤100 CFU/g") is None
    with pytest.raises(NormalizeError):
        parse_sampling_plan("n=5, M=10")
    with pytest.raises(NormalizeError):
        parse_sampling_plan("n=five, c=2, m=1")


# --------------------------------------------------------------------------- round trips

_UNITS = sorted(u for u, info in units().items() if info.factor is not None)
_BASES = [None, "以Pb计", "以NaNO₂计", "dry matter", "as is", "以脂肪计", "KOH"]
_values = st.decimals(min_value=D("-100000"), max_value=D("1000000"), places=4,
                      allow_nan=False, allow_infinity=False)


@st.composite
def interval_limits(draw) -> Limit:
    a, b = sorted([draw(_values), draw(_values)])
    shape = draw(st.sampled_from(["max", "min", "range", "exact", "tolerance", "open-range"]))
    inc = draw(st.booleans())
    if shape == "max":
        bound = Bound(upper=b, upper_inclusive=inc)
    elif shape == "min":
        bound = Bound(lower=a, lower_inclusive=inc)
    elif shape == "range":
        bound = Bound(lower=a, upper=b) if a != b else Bound(lower=a, upper=a)
    elif shape == "exact":
        bound = Bound(lower=a, upper=a)
    elif shape == "tolerance":
        n, t = abs(b), abs(a - b) + D("0.1")
        bound = Bound(lower=n - t, upper=n + t, nominal=n, tolerance=t)
    else:
        bound = Bound(lower=a, lower_inclusive=False, upper=b + 1, upper_inclusive=inc)
    return Limit(bound=bound, unit=draw(st.sampled_from([None, *_UNITS])), basis=draw(st.sampled_from(_BASES)))


def _same(a: Limit, b: Limit) -> bool:
    return a.model_dump(exclude={"text"}) == b.model_dump(exclude={"text"})


@given(interval_limits())
def test_round_trip_intervals(lim):
    back = parse_limit(format_limit(lim))
    assert _same(back, lim), format_limit(lim)


@given(st.sampled_from(_UNITS), st.one_of(st.none(), _values.map(abs)), st.sampled_from([None, "25 g", "25 mL"]))
def test_round_trip_not_detected(unit, dl, portion):
    lim = Limit(bound=Bound(kind=BoundKind.not_detected, detection_limit=dl, portion=portion), unit=unit)
    assert _same(parse_limit(format_limit(lim), unit=unit), lim)


@given(st.integers(1, 20), st.integers(0, 5), _values.map(abs), st.sampled_from(["CFU/g", "CFU/mL", "MPN/g"]))
def test_round_trip_sampling_plans(n, c, m, unit):
    plan = SamplingPlan(n=n, c=c, m=m, M=m * 10, unit=unit)
    lim = parse_limit(format_limit(Limit(bound=Bound(upper=m * 10), unit=unit, sampling_plan=plan)))
    assert lim.sampling_plan == plan and lim.bound.upper == m * 10 and lim.unit == unit


@given(_values)
def test_round_trip_numbers(value):
    assert parse_number(format_number(value)) == value
    iso = format_number(value).replace(".", ",")
    assert parse_number(iso) == value


@pytest.mark.parametrize("kind", [BoundKind.not_specified, BoundKind.quantum_satis])
def test_round_trip_kinds(kind):
    assert parse_limit(format_limit(Limit(bound=Bound(kind=kind)))).bound.kind == kind
