"""GB/T 8170-2008: 四舍六入五成双 rounding and whole-value vs rounded-value judgement."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from stdbench.analysis.quality_stats import judge, nearest_rank, round_8170
from stdbench.model import Bound, BoundKind


@pytest.mark.parametrize("value,decimals,expected", [
    ("0.205", 2, "0.20"),  # exactly 5, nothing after, previous digit even → stays
    ("0.215", 2, "0.22"),  # exactly 5, previous digit odd → up to even
    ("0.2051", 2, "0.21"),  # 5 followed by a non-zero digit → up
    ("0.2049", 2, "0.20"),
    ("0.206", 2, "0.21"),  # 六入
    ("12.5", 0, "12"),
    ("13.5", 0, "14"),
    ("-0.205", 2, "-0.20"),  # negative: the absolute value is rounded
])
def test_round_half_even(value, decimals, expected):
    assert round_8170(D(value), decimals) == D(expected)
    assert str(round_8170(D(value), decimals)) == expected


MAX_020 = Bound(upper=D("0.20"))


def test_equal_to_limit_passes():
    assert judge(D("0.20"), MAX_020).outcome == "pass"
    assert judge(D("0.20"), MAX_020).margin == 0


def test_whole_value_vs_rounded_value():
    whole = judge(D("0.205"), MAX_020)
    assert whole.outcome == "fail" and whole.margin == D("0.005") and whole.margin_pct == D("2.5")
    rounded = judge(D("0.205"), MAX_020, rounded=True)
    assert rounded.outcome == "pass" and rounded.compared == D("0.20")
    assert judge(D("0.215"), MAX_020, rounded=True).outcome == "fail"
    assert judge(D("0.215"), MAX_020, rounded=True).compared == D("0.22")


def test_exclusive_limits():
    lt = Bound(upper=D("0.2"), upper_inclusive=False)
    assert judge(D("0.2"), lt).outcome == "fail"
    assert judge(D("0.19"), lt).outcome == "pass"
    gt = Bound(lower=D(60), lower_inclusive=False)
    assert judge(D(60), gt).outcome == "fail"
    assert judge(D("60.1"), gt).outcome == "pass"
    assert judge(D("60.1"), gt).margin == D("0.1")


def test_minimum_and_range():
    mini = Bound(lower=D(60))
    j = judge(D("58.5"), mini)
    assert j.outcome == "fail" and j.margin == D("-1.5") and j.margin_pct == D("-2.5")
    rng = Bound(lower=D(14), upper=D(18))
    assert judge(D("18.2"), rng).outcome == "fail"
    assert judge(D(14), rng).outcome == "pass"


def test_censored_results():
    assert judge(None, MAX_020, censored=True, detection_limit=D("0.005")).outcome == "pass"
    assert judge(None, MAX_020, censored=True, detection_limit=D("0.5")).outcome == "not-comparable"
    assert judge(None, MAX_020, censored=True).outcome == "not-comparable"  # no LOD: never guessed
    assert judge(None, Bound(lower=D(60)), censored=True, detection_limit=D(1)).outcome == "not-comparable"
    nd = Bound(kind=BoundKind.not_detected)
    assert judge(None, nd, censored=True, detection_limit=D("0.01")).outcome == "pass"
    assert judge(D("0.03"), nd).outcome == "fail"


def test_nearest_rank_quantile():
    values = [D(i) for i in range(1, 101)]
    assert nearest_rank(values, 0.9) == 90
    assert nearest_rank(values, 0.5) == 50
    assert nearest_rank([D(3)], 0.9) == 3
