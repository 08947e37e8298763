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


HEADS = ["1　范围", "2　规范性引用文件", "3　术语和定义", "4　技术要求", "4.1　原料要求", "4.2　感官要求", "4.3　理化指标",
         "4.4　污染物限量", "4.5　真菌毒素限量", "4.6　农药残留限量", "4.7　食品添加剂", "4.8　净含量",
         "4.9　生产加工过程卫生要求", "5　试验方法", "6　检验规则", "6.1　组批", "6.2　抽样", "6.3　出厂检验",
         "6.4　型式检验", "6.5　判定规则", "7　标志、标签、包装、运输和贮存"]


def test_chapters_in_gbt11_order(draft):
    heads = [t for t in texts(draft) if re.match(r"^\d+(\.\d+)?\u3000", t) and "\t" not in t]
    assert heads == HEADS


def test_horizontal_clauses_of_a_food_standard(draft):
    t = texts(draft)
    for head, text in (("4.5　真菌毒素限量", "真菌毒素限量应符合GB 2761的规定。"),
                       ("4.6　农药残留限量", "农药残留限量应符合GB 2763的规定。"),
                       ("4.8　净含量", "净含量应符合《定量包装商品计量监督管理办法》的规定。"),
                       ("4.9　生产加工过程卫生要求", "生产加工过程的卫生要求应符合GB 14881的规定。")):
        assert t[t.index(head) + 1] == text
    assert "净含量按JJF 1070的规定检验。" in t


def test_horizontal_clauses_follow_spec_flags(meat):
    t = texts(meat)
    assert "真菌毒素限量应符合GB 2761的规定。" not in t  # [horizontal] mycotoxins = false
    assert "农药残留限量应符合GB 2763的规定。" in t
    ch2 = t[t.index("2　规范性引用文件") + 1:t.index("3　术语和定义")]
    assert not any(x.startswith("GB 2761") for x in ch2)
    assert "GB 14881　食品安全国家标准 食品生产通用卫生规范" in ch2


def test_toc_prefilled_and_foreword_on_its_own_page(draft):
    d = docx.Document(str(draft))
    paras = d.paragraphs
    i = next(k for k, p in enumerate(paras) if p.text == "目次")
    j = next(k for k, p in enumerate(paras) if p.text == "前言")
    entries = [p.text.split("\t") for p in paras[i + 1:j]]
    assert entries[0] == ["前言", "I"] and entries[1] == ["1　范围", "1"]
    assert [e[0] for e in entries[1:]] == HEADS  # every chapter and clause (levels 1–2), as cached field result
    assert all(e[1].isdigit() for e in entries[1:])
    assert {paras[k].style.name for k in range(i + 1, j)} == {"toc 1", "toc 2"}
    xml = zipfile.ZipFile(draft).read("word/document.xml").decode()
    assert xml.count('w:fldCharType="begin"') >= 1 and 'TOC \\o "1-2"' in xml
    assert paras[j].paragraph_format.page_break_before is True
    styles = zipfile.ZipFile(draft).read("word/styles.xml").decode()
    assert '<w:outlineLvl w:val="0"/>' in styles and '<w:outlineLvl w:val="1"/>' in styles


def test_lint_file_checks_pages_of_toc_and_foreword(draft, tmp_path):
    from stdbench.analysis.lint import lint_file

    assert lint_file(draft) == []
    d = docx.Document(str(draft))
    next(p for p in d.paragraphs if p.text == "前言").paragraph_format.page_break_before = False
    broken = tmp_path / "no-break.docx"
    d.save(str(broken))
    found = [(f.rule, f.severity, f.location) for f in lint_file(broken)]
    assert found == [("L019", "warning", "前言")]


def test_cover_and_foreword_fixed_sentences(draft):
    t = texts(draft)
    assert t[:4] == ["ICS 67.060", "CCS B 22", "团体标准", "T/EXAMPLERICE 001—2026"]
    # a 征求意见稿: stage marker, patent request, placeholder dates on one line (发布 left, 实施 right)
    assert t[6:10] == ["（征求意见稿）", "在提交反馈意见时，请将您知道的相关专利连同支持性文件一并附上。",
                       "XXXX-XX-XX 发布\tXXXX-XX-XX 实施", "示例稻米产业协会（虚构）　发布"]
    assert not any("2026-06-01" in x for x in t)
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
    # exactly the documents cited in the text, GB and GB/T interleaved by number, undated as cited; then JJF and
    # the regulation
    assert codes == ["GB 1350", "GB 2761", "GB 2762", "GB 2763", "GB 5009.3", "GB 5009.11", "GB 5009.12",
                     "GB 5009.15", "GB 5009.17", "GB/T 5492", "GB/T 5494", "GB/T 5503", "GB 7718", "GB 14881",
                     "JJF 1070", "国家市场监督管理总局令 第70号 定量包装商品计量监督管理办法"]
    assert "GB 2762　食品安全国家标准 食品中污染物限量" in ch2
    assert "GB/T 5494　粮油检验 粮食、油料的杂质、不完善粒检验" in ch2
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
    assert std.titles["zh"] == "示例 寒地粳米（示例，非真实团体）"  # the draft's stage and patent request are not title
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


@pytest.mark.parametrize(("stage", "patent"), [("送审稿", True), ("报批稿", False)])
def test_draft_stages_on_the_cover(corpus, tmp_path, stage, patent):
    spec = tmp_path / "spec.toml"
    spec.write_text(SPEC.read_text(encoding="utf-8").replace('stage = "征求意见稿"', f'stage = "{stage}"'),
                    encoding="utf-8")
    t = texts(build_draft(spec, tmp_path / "d.docx", corpus))
    assert f"（{stage}）" in t and "XXXX-XX-XX 发布\tXXXX-XX-XX 实施" in t
    assert ("在提交反馈意见时，请将您知道的相关专利连同支持性文件一并附上。" in t) is patent


def test_published_stage_prints_dates_and_no_draft_marks(corpus, tmp_path):
    spec = tmp_path / "spec.toml"
    spec.write_text(SPEC.read_text(encoding="utf-8").replace('stage = "征求意见稿"', 'stage = "发布稿"'),
                    encoding="utf-8")
    out = build_draft(spec, tmp_path / "d.docx", corpus)
    t = texts(out)
    assert "2026-06-01 发布\t2026-07-01 实施" in t
    assert not any(x.startswith("（") and x.endswith("稿）") for x in t) and not any("提交反馈意见" in x for x in t)
    std = stdbench.read(out)
    assert (str(std.issued), str(std.implemented)) == ("2026-06-01", "2026-07-01")
    spec.write_text(spec.read_text(encoding="utf-8").replace("issued = 2026-06-01\n", ""), encoding="utf-8")
    from stdbench.drafting.spec import load_spec
    from stdbench.errors import StdbenchError

    with pytest.raises(StdbenchError, match="发布稿 needs issued and implemented"):
        load_spec(spec)
