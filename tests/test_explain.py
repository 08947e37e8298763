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
def explained(tmp_path_factory) -> Path:
    from stdbench.corpus import Corpus

    tmp = tmp_path_factory.mktemp("explain")
    with Corpus.open(tmp / "index.sqlite3", corpus_dirs=[CORPUS]) as corpus:
        return build_explain(SPEC, tmp / "编制说明.docx", corpus)


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
    assert "按0.5倍收严" in cadmium
    mercury = next(x for x in t if x.startswith("总汞"))
    assert "等同于GB 2762—2025的0.02 mg/kg" in mercury
    broken = next(x for x in t if x.startswith("碎米总量"))
    assert "强制性国家标准未规定该项目" in broken and "GB/T 1354—2018 5.0 %" in broken
    assert "本文件引用的强制性国家标准：GB 2762—2025。" in t


def test_benchmark_matrix(explained):
    table = docx.Document(str(explained)).tables[0]
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0] == ["项目", "单位", "本文件", "GB/T 1354—2018", "GB 2762—2025", "ISO 17301-1:2016",
                       "CXS 198—1995", "强制性国家标准"]
    assert ["镉（以Cd计）", "mg/kg", "≤0.1", "—", "≤0.2", "—", "—", "≤0.2（GB 2762—2025）"] in rows
    assert ["水分", "%", "≤15.0", "≤14.5", "—", "≤15", "≤15", "—"] in rows


def test_international_comparison(explained):
    t = paras(explained)
    water = next(x for x in t if x.startswith("水分："))
    assert "ISO 17301-1:2016 15 %（本文件等同于该值）" in water and "CXS 198—1995 15 %" in water


def test_cli_explain(tmp_path):
    out = tmp_path / "说明.docx"
    res = CliRunner().invoke(main, ["explain", str(SPEC), "-o", str(out), "--db", str(tmp_path / "i.sqlite3")])
    assert res.exit_code == 0, res.output
    assert "一、工作简况" in paras(out)
