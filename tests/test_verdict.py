"""Bound-vs-bound verdicts: direction, inclusivity, 不得检出, units, basis, methods, sampling plans."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from stdbench.analysis.verdict import Verdict, compare_bounds, compare_plans, compare_requirements
from stdbench.model import Bound, BoundKind, Requirement, SamplingPlan


def mx(v, inc=True):
    return Bound(upper=D(v), upper_inclusive=inc)


def mn(v, inc=True):
    return Bound(lower=D(v), lower_inclusive=inc)


def rg(lo, hi):
    return Bound(lower=D(lo), upper=D(hi))


ND = Bound(kind=BoundKind.not_detected)
S, E, L, O, N = (Verdict.stricter, Verdict.equal, Verdict.looser, Verdict.only_in_one, Verdict.not_comparable)

BOUNDS = [
    # maximum: lower is stricter
    (mx("0.1"), mx("0.2"), S), (mx("0.3"), mx("0.2"), L), (mx("0.2"), mx("0.2"), E),
    # exclusive at equal values is stricter
    (mx("0.2", inc=False), mx("0.2"), S), (mx("0.2"), mx("0.2", inc=False), L),
    # minimum: higher is stricter
    (mn("65"), mn("60"), S), (mn("55"), mn("60"), L), (mn("60", inc=False), mn("60"), S), (mn("60"), mn("60"), E),
    # ranges: narrower inside is stricter, partly overlapping not comparable
    (rg("6", "8"), rg("5", "9"), S), (rg("4", "10"), rg("5", "9"), L), (rg("5", "9"), rg("5", "9"), E),
    (rg("4", "8"), rg("5", "9"), N), (rg("0.5", "1.0"), mx("1.0"), S),
    # max against min: no common measure
    (mx("1"), mn("1"), N),
    # tolerance: (65±2) is inside 60~70
    (Bound(nominal=D(65), tolerance=D(2)), rg("60", "70"), S),
    # 不得检出 against numbers
    (ND, mx("0.3"), S), (mx("0.3"), ND, L), (ND, ND, E),
    (Bound(kind=BoundKind.not_detected, detection_limit=D("0.5")), mx("0.3"), N),
    (Bound(kind=BoundKind.not_detected, detection_limit=D("0.1")), mx("0.3"), S),
    (Bound(kind=BoundKind.not_detected, detection_limit=D("0.01")),
     Bound(kind=BoundKind.not_detected, detection_limit=D("0.05")), S),
    (Bound(kind=BoundKind.not_detected, portion="25 g"), Bound(kind=BoundKind.not_detected, portion="10 g"), N),
    # special kinds
    (Bound(kind=BoundKind.quantum_satis), mx("0.5"), L), (mx("0.5"), Bound(kind=BoundKind.quantum_satis), S),
    (Bound(kind=BoundKind.text, text="无异味"), Bound(kind=BoundKind.text, text="无异味。"), E),
    (Bound(kind=BoundKind.text, text="浅琥珀色"), Bound(kind=BoundKind.text, text="深色"), N),
    (Bound(kind=BoundKind.text, text="无异味"), mx("1"), N),
    (Bound(kind=BoundKind.not_specified), mx("1"), O),
    (Bound(kind=BoundKind.by_reference, text="应符合GB 2762的规定"), mx("1"), N),
]


@pytest.mark.parametrize(("a", "b", "want"), BOUNDS)
def test_bounds(a: Bound, b: Bound, want: Verdict) -> None:
    assert compare_bounds(a, b).verdict == want


def req(bound: Bound, unit: str | None = "mg/kg", **kw) -> Requirement:
    return Requirement(parameter=kw.pop("parameter", "lead"), bound=bound, unit=unit, **kw)


def test_units_are_converted() -> None:
    assert compare_requirements(req(mx("150"), "μg/kg"), req(mx("0.2"))).verdict == S
    assert compare_requirements(req(mx("200"), "μg/kg"), req(mx("0.2"))).verdict == E
    assert compare_requirements(req(mx("0.25"), "mg/kg"), req(mx("200"), "μg/kg")).verdict == L


def test_inconvertible_units_are_not_comparable() -> None:
    res = compare_requirements(req(mx("1"), "CFU/g"), req(mx("0.2")))
    assert res.verdict == N and "cannot convert" in res.reason


def test_basis_and_method() -> None:
    dry = req(mx("0.2"), basis="以Pb计，干重计")
    assert compare_requirements(req(mx("0.1"), basis="以Pb计"), dry).verdict == N
    assert compare_requirements(req(mx("0.1"), basis="以Pb计"), req(mx("0.2"), basis="以Pb计")).verdict == S
    assert compare_requirements(req(mx("0.1"), basis="以NaNO2计"), req(mx("0.2"), basis="以NO2计")).verdict == N
    a = req(mx("0.1"), methods=["GB 5009.12"])
    assert compare_requirements(a, req(mx("0.2"), methods=["GB 5009.268"])).verdict == N
    assert compare_requirements(a, req(mx("0.2"), methods=["GB 5009.12—2017"])).verdict == S


def test_only_in_one() -> None:
    assert compare_requirements(None, req(mx("0.2"))).verdict == O
    assert compare_requirements(req(mx("0.2")), None).verdict == O


def plan(n, c, m, M=None, unit="CFU/g"):
    return SamplingPlan(n=n, c=c, m=D(m), M=D(M) if M is not None else None, unit=unit)


PLANS = [
    (plan(5, 1, "100", "1000"), plan(5, 2, "100", "1000"), S),
    (plan(5, 2, "100", "1000"), plan(5, 2, "100", "1000"), E),
    (plan(5, 2, "1000", "10000"), plan(5, 2, "100", "1000"), L),
    (plan(5, 1, "1000", "1000"), plan(5, 2, "100", "1000"), N),  # c stricter, m looser
    (plan(5, 0, "0"), plan(5, 2, "100", "1000"), N),  # two-class against three-class
    (plan(10, 2, "100", "1000"), plan(5, 2, "100", "1000"), N),  # different n
    (plan(5, 2, "10", "100", unit="CFU/mL"), plan(5, 2, "100", "1000", unit="CFU/g"), N),
]


@pytest.mark.parametrize(("a", "b", "want"), PLANS)
def test_plans(a: SamplingPlan, b: SamplingPlan, want: Verdict) -> None:
    assert compare_plans(a, b).verdict == want


def test_plan_against_single_limit() -> None:
    a = req(mx("1000"), "CFU/g", parameter="aerobic_plate_count", sampling_plan=plan(5, 2, "100", "1000"))
    assert compare_requirements(a, req(mx("1000"), "CFU/g", parameter="aerobic_plate_count")).verdict == N


def test_labels() -> None:
    # review R1 item 4: "未规定" alone was ambiguous; only-in-one says which side is silent
    assert [v.label() for v in Verdict] == ["严于", "等同", "宽于", "仅一方规定", "不可比"]
    assert Verdict.looser.label("en") == "looser"
    assert Verdict.only_in_one.label(missing="baseline") == "基准未规定"
    assert Verdict.only_in_one.label(missing="standard") == "本标准未规定"
    assert Verdict.only_in_one.label("en", missing="baseline") == "not in baseline"
    assert Verdict.only_in_one.label("en", missing="standard") == "not in standard"


def test_count_labels() -> None:
    from stdbench.analysis.verdict import count_label

    assert count_label("baseline-silent") == "基准未规定" and count_label("standard-silent") == "本标准未规定"
    assert count_label("inherited") == "引用（已被代替版本）" and count_label("stricter") == "严于"
    assert count_label("inherited", "en") == "inherited from a replaced edition"


def test_unit_conversion_recorded_with_the_verdict() -> None:
    ug = Requirement(parameter="lead", bound=mx("150"), unit="μg/kg", limit_text="≤150")
    mg = Requirement(parameter="lead", bound=mx("0.2"), unit="mg/kg", limit_text="0.2")
    res = compare_requirements(ug, mg)
    assert res.verdict == S  # 150 μg/kg = 0.15 mg/kg < 0.2 mg/kg
    conv = res.conversion
    assert (conv.from_unit, conv.to_unit, conv.factor, conv.parameter_specific) == ("μg/kg", "mg/kg", D("0.001"), False)
    assert (conv.value, conv.converted) == (D(150), D("0.15"))
    assert compare_requirements(mg, mg).conversion is None  # same unit: nothing converted


def test_parameter_specific_conversion_flagged() -> None:
    a = Requirement(parameter="peroxide_value", bound=mx("0.25"), unit="g/100 g")
    b = Requirement(parameter="peroxide_value", bound=mx("10"), unit="mmol/kg")
    res = compare_requirements(a, b)
    assert res.verdict == S  # 0.25 g/100 g × 39.4 = 9.85 mmol/kg < 10
    assert res.conversion.parameter_specific and res.conversion.factor == D("39.4")
    assert res.conversion.converted == D("9.85")


def test_plan_conversion_recorded() -> None:
    a = SamplingPlan(n=5, c=2, m=D(2500), M=D(25000), unit="CFU/25 g")  # = 100 and 1000 CFU/g
    b = SamplingPlan(n=5, c=2, m=D(1000), M=D(10000), unit="CFU/g")
    res = compare_plans(a, b)
    assert res.verdict == S and res.conversion.converted == D(100) and res.conversion.to_unit == "CFU/g"
