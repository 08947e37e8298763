"""GB 2761-2017 食品中真菌毒素限量 in the corpus: metadata, outline, the verified aflatoxin B1 limit for rice, the
rows marked 未核实, and its use as a mandatory floor by ``check`` and as a baseline by ``compare``.

Values and sources: standards_corpus/GB_2761-2017.xml (来源 column); dates and issuers from the public copies named
in its notes (51dongshi, chinesestandard.net, codeofchina).
"""
from __future__ import annotations

import re
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from stdbench.analysis.applicability import applicable, product_for, tree_for
from stdbench.analysis.check import check
from stdbench.analysis.compare import compare
from stdbench.model import Level, Status
from stdbench.readers import read
from tests.conftest import CORPUS

FILE = CORPUS / "GB_2761-2017.xml"
ON = date(2026, 11, 1)


@pytest.fixture(scope="module")
def gb2761():
    return read(FILE)


def _rice_standard(tmp_path: Path, afb1: str, unit: str = "μg/kg", cite: bool = False) -> Path:
    """A minimal enterprise rice standard (fictional) with one aflatoxin B1 limit."""
    sentence = "<p>真菌毒素限量应符合GB 2761的规定。</p>" if cite else ""
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<standard xmlns:xlink="http://www.w3.org/1999/xlink" xml:lang="zh">
 <front><std-meta>
  <title-wrap xml:lang="zh"><main>测试企业 大米（示例，非真实企业）</main></title-wrap>
  <std-ident><originator>Q/TESTAFB</originator><doc-type>standard</doc-type><doc-number>0001</doc-number>
   <suffix>S</suffix><version>2026</version></std-ident>
  <std-ref type="dated">Q/TESTAFB 0001S-2026</std-ref>
  <custom-meta-group>
   <custom-meta><meta-name>level</meta-name><meta-value>enterprise</meta-value></custom-meta>
   <custom-meta><meta-name>product-category</meta-name><meta-value>06.02.01</meta-value></custom-meta>
  </custom-meta-group>
 </std-meta></front>
 <body>
  <sec id="sec-4" sec-type="requirements"><label>4</label><title>技术要求</title>
   <sec id="sec-4.5"><label>4.5</label><title>真菌毒素限量</title>{sentence}
    <table-wrap id="tab-4"><label>表4</label><caption><title>真菌毒素限量</title></caption>
     <table><thead><tr><th>项目</th><th>指标</th><th>检验方法</th></tr></thead>
      <tbody><tr><td>黄曲霉毒素B1/({unit})</td><td>{afb1}</td><td>GB 5009.22</td></tr></tbody></table>
    </table-wrap>
   </sec>
  </sec>
 </body>
</standard>
"""
    path = tmp_path / "q-testafb.xml"
    path.write_text(xml, encoding="utf-8")
    return path


# ------------------------------------------------------------------------------------ the file


def test_metadata(gb2761) -> None:
    assert gb2761.code == "GB 2761-2017"
    assert gb2761.issued == date(2017, 3, 17) and gb2761.implemented == date(2017, 9, 17)
    assert gb2761.status == Status.current and gb2761.mandatory is True and gb2761.level == Level.national
    assert gb2761.replaces == ["GB 2761-2011"]
    assert gb2761.title == "食品安全国家标准 食品中真菌毒素限量"
    assert gb2761.issuer == "中华人民共和国国家卫生和计划生育委员会 国家食品药品监督管理总局"
    assert any(n.startswith("coverage: partial:") for n in gb2761.notes)


def test_outline(gb2761) -> None:
    titles = {c.number: c.title for c in gb2761.walk() if c.number}
    assert {k: titles[k] for k in ("1", "2", "2.1", "2.2", "2.3", "3", "4")} == {
        "1": "范围", "2": "术语和定义", "2.1": "真菌毒素", "2.2": "可食用部分", "2.3": "限量", "3": "应用原则",
        "4": "指标要求"}
    assert [titles[f"4.{i}"] for i in range(1, 7)] == [
        "黄曲霉毒素B1", "黄曲霉毒素M1", "脱氧雪腐镰刀菌烯醇", "展青霉素", "赭曲霉毒素A", "玉米赤霉烯酮"]
    assert {"3.1", "3.2", "3.3", "3.4"} <= set(titles) and "3.5" not in titles  # 2017: 3.5 of 2011 is gone
    assert "检验方法：按GB 5009.22规定的方法测定。" in gb2761.clause("4.1.2").text()
    assert gb2761.clause("A").title == "食品类别（名称）说明"


def test_rice_aflatoxin_b1_limit_and_provenance(gb2761) -> None:
    rice = [r for r in gb2761.requirements if r.subject.category == "稻谷、糙米、大米"]
    assert len(rice) == 1
    r = rice[0]
    assert r.parameter == "aflatoxin_b1" and r.unit == "μg/kg"
    assert r.bound.upper == Decimal(10) and r.bound.upper_inclusive and r.bound.lower is None
    assert (r.provenance.clause, r.provenance.table) == ("4.1.1", "表1")
    assert r.methods == ["GB 5009.22"] and r.verified is True


def test_only_the_rice_row_is_verified_and_unverified_rows_say_so(gb2761) -> None:
    verified = {(r.parameter, r.subject.category) for r in gb2761.requirements if r.verified}
    assert verified == {("aflatoxin_b1", "稻谷、糙米、大米")}
    rows = {(r.parameter, r.subject.category): r.bound.upper for r in gb2761.requirements if not r.verified}
    assert rows == {
        ("aflatoxin_b1", "植物油脂（花生油、玉米油除外）"): Decimal(10),
        ("aflatoxin_b1", "花生油、玉米油"): Decimal(20),
        ("aflatoxin_m1", "乳及乳制品"): Decimal("0.5"),
        ("deoxynivalenol", "玉米、玉米面（渣、片）"): Decimal(1000),
        ("deoxynivalenol", "大麦、小麦、麦片、小麦粉"): Decimal(1000),
        ("zearalenone", "小麦、小麦粉"): Decimal(60),
        ("zearalenone", "玉米、玉米面（渣、片）"): Decimal(60),
    }
    # patulin and ochratoxin A could not be verified in any public text: left out, not guessed
    assert not {"patulin", "ochratoxin_a"} & {r.parameter for r in gb2761.requirements}
    assert all(r.unit == "μg/kg" for r in gb2761.requirements)


def test_corpus_resolves_undated_code_to_2017(corpus) -> None:
    std = corpus.get("GB 2761")
    assert std is not None and std.code == "GB 2761-2017"


# ------------------------------------------------------------------------------------ as a floor and a baseline


def test_rice_row_reaches_rice_through_the_gb2762_tree(corpus, gb2761) -> None:
    tree = tree_for(corpus)
    rice = applicable(gb2761, product_for([], "rice"), tree)
    assert set(rice) == {"aflatoxin_b1"}
    assert rice["aflatoxin_b1"][0].bound.upper == Decimal(10)
    assert applicable(gb2761, product_for([], "honey"), tree) == {}  # no GB 2761 row for honey


def test_check_flags_aflatoxin_looser_than_gb2761(corpus, tmp_path) -> None:
    res = check(read(_rice_standard(tmp_path, "≤20")), corpus, on=ON)
    looser = [f for f in res.errors if f.rule == "mandatory-looser"]
    assert [(f.parameter, f.reference, f.clause) for f in looser] == [
        ("aflatoxin_b1", "GB 2761-2017 4.1.1 表1", "4.5")]
    assert "≤20 μg/kg" in looser[0].message and "10 μg/kg" in looser[0].message


def test_check_converts_units_before_judging(corpus, tmp_path) -> None:
    res = check(read(_rice_standard(tmp_path, "≤0.02", unit="mg/kg")), corpus, on=ON)  # 0.02 mg/kg = 20 μg/kg
    assert [f.parameter for f in res.errors if f.rule == "mandatory-looser"] == ["aflatoxin_b1"]


def test_check_accepts_stricter_and_reports_nothing_for_aflatoxin(corpus, tmp_path) -> None:
    res = check(read(_rice_standard(tmp_path, "≤5.0", cite=True)), corpus, on=ON)
    assert not [f for f in res.findings if f.parameter == "aflatoxin_b1"]


def test_compare_against_gb2761_baseline(corpus, tmp_path, gb2761) -> None:
    mine = read(_rice_standard(tmp_path, "≤5.0"))
    m = compare([gb2761, mine], baseline=gb2761, corpus=corpus)
    rows = m.find("aflatoxin_b1")
    assert len(rows) == 1
    base, cell = rows[0].cell("GB 2761-2017"), rows[0].cell("Q/TESTAFB 0001S-2026")
    assert (base.limit, base.unit, base.verified) == ("10", "μg/kg", True)  # the limit as printed in 表1
    assert (cell.limit, cell.verdict) == ("≤5.0", "stricter")


def test_an_unverified_floor_value_warns_and_says_so(tmp_path) -> None:
    """A national value the corpus marks 未核实 never makes an error: the same looser limit that is an error
    against the verified rice row is a warning, naming the value as unverified, when the row is not verified."""
    from stdbench.corpus import Corpus

    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(CORPUS / "GB_2762-2025.xml", folder)  # the category tree
    text = FILE.read_text(encoding="utf-8")
    verified_source = re.search(r"<td>[^<]*scholarmate[^<]*</td>", text)
    assert verified_source is not None  # the rice row's 来源 cell, the only verified one
    (folder / FILE.name).write_text(text.replace(verified_source.group(0), "<td>未核实（测试）</td>"), "utf-8")
    with Corpus.open(tmp_path / "index.sqlite3", corpus_dirs=[folder]) as corpus:
        res = check(read(_rice_standard(tmp_path, "≤20")), corpus, on=ON)
    found = [f for f in res.findings if f.rule == "mandatory-looser"]
    assert [(f.parameter, f.severity) for f in found] == [("aflatoxin_b1", "warning")]
    assert "10 μg/kg（未核实）" in found[0].message and "未核实，请对照标准原文确认" in found[0].message
    assert not res.errors or all(f.parameter != "aflatoxin_b1" for f in res.errors)
