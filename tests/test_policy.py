"""Limit policies (fixed, strictest, tighten, percentile) and the refusal of limits looser than the floor."""
from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from stdbench.cli import main
from stdbench.drafting.policy import national_floor, resolve_limits
from stdbench.drafting.spec import DraftSpec, load_spec
from stdbench.errors import PolicyError, StdbenchError
from tests.conftest import CORPUS

SPEC = CORPUS / "examples" / "specs" / "rice_group_standard.toml"


def spec_with(**param_overrides: dict) -> DraftSpec:
    """The example spec with some parameters (by parameter id) changed."""
    raw = tomllib.loads(SPEC.read_text(encoding="utf-8"))
    for p in raw["parameter"]:
        p.update(param_overrides.get(p["parameter"], {}))
    return DraftSpec.model_validate(raw)


def by_id(limits):
    return {r.parameter: r for r in limits}


def test_example_policies(corpus):
    limits = by_id(resolve_limits(load_spec(SPEC), corpus))
    lead = limits["lead"]  # tighten 0.75 × GB 2762 谷物及其制品 0.2
    assert (lead.value, lead.unit, lead.limit_text) == (Decimal("0.15"), "mg/kg", "≤0.15")
    assert lead.floor.code == "GB 2762—2025" and lead.floor.value == Decimal("0.2")
    assert lead.floor.where == "4.1.1 表1"
    assert limits["cadmium"].value == Decimal("0.1") and limits["cadmium"].floor.value == Decimal("0.2")
    # strictest among the benchmark for 优质粳米: GB/T 1354-2018 优质粳米 一级 ≤5.0 %
    broken = limits["broken_kernels_total"]
    assert broken.limit_text == "≤5.0" and [s.code for s in broken.sources] == ["GB/T 1354—2018"]
    assert broken.floor is None
    # strictest equal to the floor is allowed: 总汞 0.02 = GB 2762
    assert limits["mercury"].value == limits["mercury"].floor.value == Decimal("0.02")
    assert limits["moisture"].limit_text == "≤15.0"
    moisture_codes = {s.code: s.value for s in limits["moisture"].sources}
    assert moisture_codes["ISO 17301-1:2016"] == Decimal(15)


def test_product_type_picks_the_japonica_rows(corpus):
    """GB/T 1354 has 籼米 (14.5 %) and 粳米 (15.5 %) moisture rows: a 粳米 standard is compared with 15.5 %."""
    moisture = by_id(resolve_limits(load_spec(SPEC), corpus))["moisture"]
    gbt = next(s for s in moisture.sources if s.code == "GB/T 1354—2018")
    assert (gbt.value, gbt.subject, gbt.verified) == (Decimal("15.5"), "粳米、粳糯米、一级", False)
    iso = next(s for s in moisture.sources if s.code == "ISO 17301-1:2016")
    assert iso.verified is True
    raw = tomllib.loads(SPEC.read_text(encoding="utf-8"))
    raw["product_type"] = "籼米"
    indica = by_id(resolve_limits(DraftSpec.model_validate(raw), corpus))["moisture"]
    assert next(s for s in indica.sources if s.code == "GB/T 1354—2018").value == Decimal("14.5")


def test_rows_of_other_product_types_never_apply():
    from stdbench.drafting.policy import for_product_type
    from stdbench.model import Bound, Requirement, Subject

    def row(category: str | None) -> Requirement:
        return Requirement(parameter="moisture", label="水分", subject=Subject(category=category),
                           bound=Bound(kind="interval", upper=Decimal("14.5")))

    rows = [row("籼米"), row("优质籼米"), row(None)]
    assert [r.subject.category for r in for_product_type(rows, "粳米")] == [None]
    assert for_product_type(rows, "") == rows


def test_data_check_for_a_fixed_limit(corpus):
    limits = by_id(resolve_limits(load_spec(SPEC), corpus, SPEC.parent))
    dc = limits["moisture"].data_check
    assert (dc.file, dc.n, dc.meeting, dc.extreme) == ("rice_results_synthetic.csv", 200, 144, Decimal("16.0"))
    assert limits["inorganic_arsenic"].data_check is None  # no data given
    # outside its folder the data file is not found: a warning, the limit still stands
    away = by_id(resolve_limits(load_spec(SPEC), corpus, Path("/nonexistent")))["lead"]
    assert away.value == Decimal("0.15") and away.data_check is None
    assert any("产品质量数据未读取" in w for w in away.warnings)


def test_floor_converts_units(corpus):
    floor = national_floor("lead", "μg/kg", "大米（粉）", corpus, ["GB 2762"])
    assert floor.value == Decimal(200) and floor.unit == "μg/kg"
    assert national_floor("cadmium", "mg/kg", "大米（粉）", corpus).value == Decimal("0.2")


def test_fixed_looser_than_national_is_refused(corpus):
    spec = spec_with(inorganic_arsenic={"max": "0.25"})
    with pytest.raises(PolicyError) as exc:
        resolve_limits(spec, corpus)
    msg = str(exc.value)
    assert "无机砷（以As计）" in msg and "≤0.25 mg/kg" in msg
    assert "GB 2762—2025" in msg and "≤0.2 mg/kg" in msg


def test_tighten_factor_must_tighten():
    with pytest.raises(Exception, match="factor in"):
        spec_with(lead={"factor": "1.2"})


def test_strictest_without_benchmark_row_is_refused(corpus):
    spec = spec_with(moisture={"policy": "strictest", "subject": "不存在的品种"})
    with pytest.raises(PolicyError, match="no benchmark standard sets a limit"):
        resolve_limits(spec, corpus)


def test_percentile_from_quality_data(corpus, tmp_path, monkeypatch):
    rows = ["样品编号,检验项目,检测结果,单位"] + [f"S{i},镉,{v},mg/kg" for i, v in
                                                enumerate(["0.02", "0.03", "0.04", "0.05", "0.06", "0.07", "0.08",
                                                           "0.09", "0.10", "0.30"])]
    (tmp_path / "q.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    spec = spec_with(cadmium={"policy": "percentile", "data": "q.csv", "share": "0.9", "factor": None})
    limits = by_id(resolve_limits(spec, corpus, tmp_path))
    assert limits["cadmium"].value == Decimal("0.1")  # 9th of 10 sorted values
    # the 90th percentile of a looser data set would exceed GB 2762 0.2 → refused
    (tmp_path / "q.csv").write_text("\n".join(r.replace(",0.", ",0.2") for r in rows) + "\n", encoding="utf-8")
    with pytest.raises(PolicyError, match="镉（以Cd计）"):
        resolve_limits(spec, corpus, tmp_path)
    from stdbench.analysis import quality

    monkeypatch.delattr(quality, "limit_evidence")
    with pytest.raises(PolicyError, match="percentile policy needs the quality module"):
        resolve_limits(spec, corpus, tmp_path)


def test_spec_errors_name_file_and_key(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(SPEC.read_text(encoding="utf-8").replace('code = "EXAMPLERICE"', 'code = "rice"'),
                   encoding="utf-8")
    with pytest.raises(StdbenchError) as exc:
        load_spec(bad)
    assert exc.value.file == str(bad) and exc.value.location == "key association.code"
    bad.write_text("number = ", encoding="utf-8")
    with pytest.raises(StdbenchError, match="not valid TOML"):
        load_spec(bad)


def test_cli_refuses_looser_limit_with_exit_2(db, tmp_path: Path):
    spec = tmp_path / "spec.toml"
    spec.write_text(SPEC.read_text(encoding="utf-8").replace('max = "0.15"', 'max = "0.3"'), encoding="utf-8")
    res = CliRunner().invoke(main, ["draft", str(spec), "-o", str(tmp_path / "d.docx"),
                                    "--db", str(db)])
    assert res.exit_code == 2
    assert "无机砷（以As计）" in res.output and "≤0.3 mg/kg" in res.output and "≤0.2 mg/kg" in res.output
    assert not (tmp_path / "d.docx").exists()


MEAT = CORPUS / "examples" / "specs" / "meat_group_standard.toml"
PERCENTILE = CORPUS / "examples" / "specs" / "rice_group_standard_percentile.toml"


def meat_with(**overrides: dict) -> DraftSpec:
    raw = tomllib.loads(MEAT.read_text(encoding="utf-8"))
    for p in raw["parameter"]:
        p.update(overrides.get(p["parameter"], {}))
    return DraftSpec.model_validate(raw)


def test_sampling_plans_against_national_plans(corpus):
    limits = by_id(resolve_limits(meat_with(), corpus))
    apc = limits["aerobic_plate_count"]
    assert (apc.plan.n, apc.plan.c, apc.plan.m, apc.plan.M) == (5, 2, Decimal(10000), Decimal(100000))
    assert apc.floor.code == "GB 2726—2016" and apc.floor_plan.M == Decimal(100000)  # product standard in floor
    sal = limits["salmonella"]
    assert (sal.plan.m, sal.plan.M, sal.plan.portion) == (Decimal(0), None, "25 g")
    assert sal.floor.code == "GB 29921—2021" and sal.floor.where == "3 表1" and sal.floor_plan.c == 0
    assert limits["staphylococcus_aureus"].floor_plan.m == Decimal(100)
    assert sal.limit_text == "n=5，c=0，m=0/25 g，M=—"
    assert limits["lead"].plan is None and limits["lead"].limit_text.startswith("≤")


@pytest.mark.parametrize(("param", "plan", "asked", "national"), [
    ("staphylococcus_aureus", {"c": 2}, "n=5，c=2，m=100，M=1000 CFU/g", "GB 29921—2021 的 n=5，c=1，m=100，M=1000 CFU/g"),
    ("salmonella", {"c": 1}, "n=5，c=1，m=0/25 g，M=—", "GB 29921—2021 的 n=5，c=0，m=0/25 g，M=—"),
    ("aerobic_plate_count", {"m": "10^5", "M": "10^6"}, "n=5，c=2，m=10⁵，M=10⁶ CFU/g",
     "GB 2726—2016 的 n=5，c=2，m=10⁴，M=10⁵ CFU/g"),
])
def test_looser_plan_is_refused(corpus, param, plan, asked, national):
    with pytest.raises(PolicyError) as exc:
        resolve_limits(meat_with(**{param: plan}), corpus)
    msg = str(exc.value)
    assert asked in msg and national in msg and "宽于强制性国家标准" in msg
    assert exc.value.location == f"parameter {param}"


def test_stricter_plan_accepted_and_incomparable_plan_warned(corpus):
    limits = by_id(resolve_limits(meat_with(staphylococcus_aureus={"c": 0, "m": "100", "M": None}), corpus))
    assert any("不可比" in w and "two-class" in w for w in limits["staphylococcus_aureus"].warnings)
    limits = by_id(resolve_limits(meat_with(aerobic_plate_count={"m": "5×10^3", "M": "5×10^4"}), corpus))
    assert limits["aerobic_plate_count"].plan.M == Decimal(50000)
    assert limits["aerobic_plate_count"].warnings == []


def test_plan_spec_errors(tmp_path):
    with pytest.raises(Exception, match="needs n, c and m"):
        meat_with(salmonella={"c": None})
    with pytest.raises(Exception, match="sampling plan is a fixed limit"):
        meat_with(salmonella={"policy": "tighten", "factor": "0.5"})


def test_plan_numbers_printed_as_powers_of_ten():
    from stdbench.drafting.plans import number_text

    assert [number_text(Decimal(x)) for x in ("10000", "50000", "100000", "100", "1000", "12000")] == \
        ["10⁴", "5×10⁴", "10⁵", "100", "1000", "12000"]


def test_percentile_example_spec(corpus):
    spec = load_spec(PERCENTILE)
    cadmium = by_id(resolve_limits(spec, corpus, PERCENTILE.parent))["cadmium"]
    ev = cadmium.evidence
    assert cadmium.value == Decimal("0.18") and cadmium.floor.value == Decimal("0.2")
    assert (ev.n, ev.share, ev.quantile, ev.meeting) == (200, 0.9, Decimal("0.176"), 182)
    assert {s.code: s.value for s in cadmium.sources} == {"GB 2762—2025": Decimal("0.2"),
                                                          "CXS 193—1995": Decimal("0.4")}
