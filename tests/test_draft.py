"""The GB/T 1.1—2020 group-standard writer: structure, fixed sentences, tables, layout and round trip."""
from __future__ import annotations

import re
import zipfile
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

import stdbench
from stdbench.analysis.lint import lint
from stdbench.cli import main
from stdbench.drafting import build_draft
from stdbench.errors import OutputExistsError
from tests.conftest import CORPUS

SPEC = CORPUS / "examples" / "specs" / "rice_group_standard.toml"
DRAFTING = "本文件按照GB/T 1.1—2020《标准化工作导则 第1部分：标准化文件的结构和起草规则》的规定起草。"
PATENT = "请注意本文件的某些内容可能涉及专利。本文件的发布机构不承担识别专利的责任。"
REFS = ("下列文件中的内容通过文中的规范性引用而构成本文件必不可少的条款。其中，注日期的引用文件，仅该日期对应的版本适用于"
        "本文件；不注日期的引用文件，其最新版本（包括所有的修改单）适用于本文件。")


@pytest.fixture(scope="module")
def draft(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("draft") / "draft.docx"
    return build_draft(SPEC, out, corpus)


def texts(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs if p.text]


def test_chapters_in_gbt11_order(draft):
    heads = [t for t in texts(draft) if re.match(r"^\d+(\.\d+)?\u3000", t)]
    assert heads == ["1　范围", "2　规范性引用文件", "3　术语和定义", "4　技术要求", "4.1　原料要求", "4.2　感官要求",
                     "4.3　理化指标", "4.4　污染物限量", "4.5　食品添加剂", "5　试验方法", "6　检验规则", "6.1　组批",
                     "6.2　抽样", "6.3　出厂检验", "6.4　型式检验", "6.5　判定规则", "7　标志、标签、包装、运输和贮存"]


def test_cover_and_foreword_fixed_sentences(draft):
    t = texts(draft)
    assert t[:4] == ["ICS 67.060", "CCS B 22", "团体标准", "T/EXAMPLERICE 001—2026"]
    assert "2026-06-01 发布" in t and "2026-07-01 实施" in t and "示例稻米产业协会（虚构）　发布" in t
    fw = t[t.index("前言") + 1:]
    assert fw[:6] == [DRAFTING, PATENT, "本文件由示例稻米产业协会（虚构）提出并归口。",
                      "本文件起草单位：示例稻米产业协会（虚构）、示例米业有限公司（虚构）。",
                      "本文件主要起草人：示例甲、示例乙、示例丙。", "本文件为首次发布。"]
    assert t.index("目次") < t.index("前言") < t.index("1　范围")


def test_normative_references_from_citations(draft):
    t = texts(draft)
    ch2 = t[t.index("2　规范性引用文件") + 1:t.index("3　术语和定义")]
    assert ch2[0] == REFS
    codes = [line.split("\u3000")[0] for line in ch2[1:]]
    # exactly the documents cited in the text, GB and GB/T interleaved by number, undated as cited
    assert codes == ["GB 1350", "GB 2762", "GB 5009.3", "GB 5009.11", "GB 5009.12", "GB 5009.15", "GB 5009.17",
                     "GB/T 5492", "GB/T 5503", "GB 7718"]
    assert "GB 2762　食品安全国家标准 食品中污染物限量" in ch2
    ch3 = t[t.index("3　术语和定义") + 1:]
    assert ch3[:4] == ["下列术语和定义适用于本文件。", "3.1", "寒地粳米　cold-region japonica rice",
                       "以在寒地（年积温较低的稻作区）种植的粳稻谷为原料加工而成的大米。"]


def test_tables_numbered_and_cited(draft):
    d = docx.Document(str(draft))
    t = texts(draft)
    assert [x for x in t if x.startswith("表")] == ["表1　感官要求", "表2　理化指标", "表3　污染物限量"]
    assert "污染物限量应符合GB 2762的规定，并应符合表3的规定。" in t
    assert "理化指标应符合表2的规定。" in t
    rows = [[c.text for c in r.cells] for r in d.tables[2].rows]
    assert rows == [["项目", "指标", "检验方法"], ["铅（以Pb计）/(mg/kg)", "≤0.15", "GB 5009.12"],
                    ["镉（以Cd计）/(mg/kg)", "≤0.1", "GB 5009.15"], ["无机砷（以As计）/(mg/kg)", "≤0.15", "GB 5009.11"],
                    ["总汞（以Hg计）/(mg/kg)", "≤0.02", "GB 5009.17"]]
    assert [[c.text for c in r.cells] for r in d.tables[1].rows][1:] == [
        ["水分/%", "≤15.0", "GB 5009.3"], ["碎米总量/%", "≤5.0", "GB/T 5503"]]


def test_layout_a4_fonts_header_toc(draft):
    d = docx.Document(str(draft))
    sec = d.sections[-1]
    assert (round(sec.page_width.mm), round(sec.page_height.mm)) == (210, 297)
    assert sec.header.paragraphs[0].text == "T/EXAMPLERICE 001—2026"
    xml = zipfile.ZipFile(draft).read("word/document.xml").decode()
    runs = [r for r in re.findall(r"<w:r>.*?</w:r>", xml, re.DOTALL) if "<w:t" in r]
    assert runs and all('w:eastAsia="' in r for r in runs)
    assert 'TOC \\o "1-2"' in xml and 'w:fmt="upperRoman"' in xml and 'w:fmt="decimal"' in xml
    body = next(p for p in d.paragraphs if p.text == "理化指标应符合表2的规定。")
    assert body.runs[0].font.size.pt == 10.5  # 五号
    assert 'w:eastAsia="宋体"' in body.runs[0]._r.xml
    heading = next(p for p in d.paragraphs if p.text == "4　技术要求")
    assert 'w:eastAsia="黑体"' in heading.runs[0]._r.xml


def test_round_trip_read_and_lint(draft):
    std = stdbench.read(draft)
    assert std.code == "T/EXAMPLERICE 001-2026" and std.level.value == "group"
    got = {r.parameter: (r.bound.upper, r.unit) for r in std.requirements if r.bound.upper is not None}
    assert got == {"moisture": (Decimal("15.0"), "%"), "broken_kernels_total": (Decimal("5.0"), "%"),
                   "lead": (Decimal("0.15"), "mg/kg"), "cadmium": (Decimal("0.1"), "mg/kg"),
                   "inorganic_arsenic": (Decimal("0.15"), "mg/kg"), "mercury": (Decimal("0.02"), "mg/kg")}
    assert lint(std) == []


def test_superseded_dated_reference_replaced_with_warning(corpus, tmp_path):
    spec = tmp_path / "spec.toml"
    spec.write_text(SPEC.read_text(encoding="utf-8").replace(
        'raw_materials = ["稻谷应符合GB 1350的规定。"]',
        'raw_materials = ["稻谷应符合GB 1350的规定，污染物应符合GB 2762—2022中表1的规定。"]'), encoding="utf-8")
    warnings: list[str] = []
    out = build_draft(spec, tmp_path / "d.docx", corpus, warnings=warnings)
    assert "GB 2762—2022 已被 GB 2762—2025 代替，文中引用已改为 GB 2762—2025" in warnings
    t = texts(out)
    assert "稻谷应符合GB 1350的规定，污染物应符合GB 2762—2025中表1的规定。" in t
    assert "GB 2762—2025　食品安全国家标准 食品中污染物限量" in t


def test_existing_output_needs_force(corpus, draft):
    with pytest.raises(OutputExistsError):
        build_draft(SPEC, draft, corpus)
    assert build_draft(SPEC, draft, corpus, force=True) == draft


def test_cli_draft(db, tmp_path):
    out = tmp_path / "draft.docx"
    res = CliRunner().invoke(main, ["draft", str(SPEC), "-o", str(out), "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert out.exists() and "wrote" in res.output
    res = CliRunner().invoke(main, ["draft", str(SPEC), "-o", str(out), "--db", str(db)])
    assert res.exit_code == 2 and "--force" in res.output


def test_annex_heading_read_back(corpus, tmp_path):
    spec = tmp_path / "spec.toml"
    spec.write_text(SPEC.read_text(encoding="utf-8") + '\n[[annex]]\ntitle = "寒地粳米产区"\nnormative = true\n'
                    'paragraphs = ["寒地粳米产区包括示例甲地和示例乙地。"]\n', encoding="utf-8")
    out = build_draft(spec, tmp_path / "d.docx", corpus)
    t = texts(out)
    i = t.index("附录A")
    assert t[i:i + 3] == ["附录A", "（规范性）", "寒地粳米产区"]
    annex = stdbench.read(out).clause("A")
    assert (annex.title, annex.obligation) == ("寒地粳米产区", "normative")
    assert lint(stdbench.read(out)) == []


MEAT = CORPUS / "examples" / "specs" / "meat_group_standard.toml"
PERCENTILE = CORPUS / "examples" / "specs" / "rice_group_standard_percentile.toml"


@pytest.fixture(scope="module")
def meat(corpus, tmp_path_factory) -> Path:
    return build_draft(MEAT, tmp_path_factory.mktemp("meat") / "meat.docx", corpus)


def test_micro_table_with_sampling_plans(meat):
    d = docx.Document(str(meat))
    t = texts(meat)
    assert "微生物限量应符合GB 2726、GB 29921的规定，并应符合表3的规定。" in t
    micro = [[c.text for c in r.cells] for r in d.tables[2].rows]
    assert micro == [["项目", "n", "c", "m", "M", "检验方法"],
                     ["菌落总数/(CFU/g)", "5", "2", "10⁴", "10⁵", "GB 4789.2"],
                     ["沙门氏菌", "5", "0", "0/25 g", "—", "GB 4789.4"],
                     ["单核细胞增生李斯特氏菌", "5", "0", "0/25 g", "—", "GB 4789.30"],
                     ["金黄色葡萄球菌/(CFU/g)", "5", "1", "100", "1000", "GB 4789.10"]]
    assert t[t.index("表3　微生物限量") + 1] == "注：样品的采样及处理按GB 4789.1执行。"
    ch2 = t[t.index("2　规范性引用文件") + 1:t.index("3　术语和定义")]
    assert "GB 4789.1　食品安全国家标准 食品微生物学检验 总则" in ch2
    assert "GB 29921　食品安全国家标准 预包装食品中致病菌限量" in ch2


def test_micro_plans_read_back_and_lint_clean(meat):
    std = stdbench.read(meat)
    plans = {r.parameter: r.sampling_plan for r in std.requirements if r.sampling_plan}
    apc = plans["aerobic_plate_count"]
    assert (apc.n, apc.c, apc.m, apc.M, apc.unit) == (5, 2, Decimal(10000), Decimal(100000), "CFU/g")
    sal = plans["salmonella"]
    assert (sal.n, sal.c, sal.m, sal.M, sal.portion) == (5, 0, Decimal(0), None, "25 g")
    assert plans["staphylococcus_aureus"].M == Decimal(1000) and plans["staphylococcus_aureus"].c == 1
    assert set(plans) == {"aerobic_plate_count", "salmonella", "listeria_monocytogenes", "staphylococcus_aureus"}
    term = std.clause("3").terms
    assert [(x.number, x.term) for x in term] == [("3.1", "酱卤牛肉")]
    assert lint(std) == []


def test_percentile_spec_draft(corpus, tmp_path):
    out = build_draft(PERCENTILE, tmp_path / "p.docx", corpus)
    rows = [[c.text for c in r.cells] for r in docx.Document(str(out)).tables[2].rows]
    assert ["镉（以Cd计）/(mg/kg)", "≤0.18", "GB 5009.15"] in rows
    assert texts(out)[3] == "T/EXAMPLERICE 002—2026"
