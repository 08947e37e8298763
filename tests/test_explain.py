"""The 编制说明: sections in order, the benchmark matrix and the reason for every limit."""
from __future__ import annotations

from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from stdbench.cli import main
from stdbench.drafting import build_explain
from tests.conftest import CORPUS

SPEC = CORPUS / "examples" / "specs" / "rice_group_standard.toml"


@pytest.fixture(scope="module")
def explained(corpus, tmp_path_factory) -> Path:
    return build_explain(SPEC, tmp_path_factory.mktemp("explain") / "编制说明.docx", corpus)


def paras(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs if p.text]


def test_sections_in_order(explained):
    t = paras(explained)
    heads = [x for x in t if x[:2] in ("一、", "二、", "三、", "四、", "五、", "六、", "七、")]
    assert heads == ["一、工作简况", "二、编制原则", "三、主要技术内容的确定依据", "四、与现行法律法规和强制性国家标准的关系",
                     "五、与国际标准的对比", "六、重大分歧意见的处理", "七、实施建议"]
    assert t[0] == "《示例 寒地粳米（示例，非真实团体）》团体标准编制说明"
    assert "起草单位：示例稻米产业协会（虚构）、示例米业有限公司（虚构）。主要起草人：示例甲、示例乙、示例丙。" in t


def test_reason_for_every_limit(explained):
    t = paras(explained)
    cadmium = next(x for x in t if x.startswith("镉（以Cd计）限量"))
    assert cadmium.startswith("镉（以Cd计）限量0.1 mg/kg，严于GB 2762—2025的0.2 mg/kg（4.2.1 表2）")
    # the rule names the national value and the arithmetic, then the reason and the data behind it
    assert "在GB 2762—2025规定的0.2 mg/kg基础上按0.5倍收严（0.2×0.5=0.1 mg/kg）" in cadmium
    assert "依据：引导采用低镉产区原料（示例）" in cadmium
    assert "产品质量数据（rice_results_synthetic.csv）：200个检测结果中104个（52%）符合该限量，最大值0.43 mg/kg" in cadmium
    lead = next(x for x in t if x.startswith("铅（以Pb计）限量"))
    assert "0.2×0.75=0.15 mg/kg" in lead and "175个（87.5%）符合该限量" in lead
    assert not any("按产品实际质量水平确定" in x for x in t)
    mercury = next(x for x in t if x.startswith("总汞"))
    assert "等同于GB 2762—2025的0.02 mg/kg" in mercury
    broken = next(x for x in t if x.startswith("碎米总量"))
    assert "强制性国家标准未规定该项目" in broken and "GB/T 1354—2018 5.0 %（优质粳米、一级）" in broken
    # a 粳米 standard is compared with GB/T 1354's 粳米 row (15.5 %, unverified ※), not the 籼米 row (14.5 %)
    water = next(x for x in t if x.startswith("水分15.0 %"))
    assert "GB/T 1354—2018 15.5 %※（粳米、粳糯米、一级）" in water and "14.5" not in water
    assert "200个检测结果中144个（72%）符合该限量，最大值16.0 %" in water
    # every mandatory standard the draft cites, exactly as cited (undated), then the edition behind the floors
    assert ("本文件引用的强制性国家标准：GB 1350、GB 2761、GB 2762、GB 2763、GB 5009.3、GB 5009.11、GB 5009.12、"
            "GB 5009.15、GB 5009.17、GB 7718、GB 14881。") in t
    assert "作为限量底线的强制性国家标准版本：GB 2762—2025。" in t
    assert "本文件与现行法律法规和强制性国家标准协调一致，各项技术指标均严于或等同于强制性国家标准的规定。" in t
    assert not any("不低于" in x for x in t)


def test_benchmark_matrix(explained):
    table = docx.Document(str(explained)).tables[0]
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0] == ["项目", "单位", "本文件", "GB/T 1354—2018", "GB 2762—2025", "ISO 17301-1:2016",
                       "CXS 198—1995", "强制性国家标准"]
    assert ["镉（以Cd计）", "mg/kg", "≤0.1", "—", "≤0.2", "—", "—", "≤0.2（GB 2762—2025）"] in rows
    assert ["水分", "%", "≤15.0", "≤15.5※", "—", "≤15", "≤15", "—"] in rows
    t = paras(explained)
    note = "※ 未核实：该值未能与第二来源核对，引用前应查对标准原文。"
    assert t[t.index("表1　主要技术指标对比") + 1] == note and t.count(note) == 2


def test_international_comparison(explained):
    t = paras(explained)
    water = next(x for x in t if x.startswith("水分："))
    assert "ISO 17301-1:2016 15 %（本文件等同于该值）" in water and "CXS 198—1995 15 %" in water


def test_cli_explain(db, tmp_path):
    out = tmp_path / "说明.docx"
    res = CliRunner().invoke(main, ["explain", str(SPEC), "-o", str(out), "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert "一、工作简况" in paras(out)


def test_percentile_evidence_beside_national_and_international(corpus, tmp_path):
    spec = CORPUS / "examples" / "specs" / "rice_group_standard_percentile.toml"
    t = paras(build_explain(spec, tmp_path / "p.docx", corpus))
    reason = next(x for x in t if x.startswith("镉（以Cd计）限量0.18"))
    assert "严于GB 2762—2025的0.2 mg/kg" in reason and "按产品质量数据的0.9分位确定" in reason
    evidence = next(x for x in t if x.startswith("镉（以Cd计）限量的数据依据"))
    assert "200个产品质量检测结果，90%的产品应能达到" in evidence
    assert "第⌈0.9×200⌉=180个结果，向上修约至2位小数" in evidence
    assert "分位值为0.176 mg/kg，修约后取0.18 mg/kg，182个结果符合该限量" in evidence
    assert "强制性国家标准：GB 2762—2025 ≤0.2 mg/kg；国际标准：CXS 193—1995 ≤0.4 mg/kg。" in evidence
    assert not any(x.startswith("铅（以Pb计）限量的数据依据") for x in t)  # only percentile limits


def test_sampling_plan_reasons_and_matrix(corpus, tmp_path):
    spec = CORPUS / "examples" / "specs" / "meat_group_standard.toml"
    out = build_explain(spec, tmp_path / "m.docx", corpus)
    t = paras(out)
    staph = next(x for x in t if x.startswith("金黄色葡萄球菌采样方案"))
    assert staph.startswith("金黄色葡萄球菌采样方案n=5，c=1，m=100，M=1000 CFU/g，等同于GB 29921—2021的"
                            "n=5，c=1，m=100，M=1000 CFU/g（3 表1）")
    rows = [[c.text for c in r.cells] for r in docx.Document(str(out)).tables[0].rows]
    assert rows[0] == ["项目", "单位", "本文件", "GB 2726—2016", "GB 29921—2021", "GB 2762—2025", "强制性国家标准"]
    assert ["沙门氏菌", "/25 g", "n=5，c=0，m=0/25 g，M=—", "—", "n=5，c=0，m=0/25 g，M=—", "—",
            "n=5，c=0，m=0/25 g，M=—（GB 29921—2021）"] in rows
