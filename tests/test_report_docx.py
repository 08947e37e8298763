"""The Word 对标 report: sections, matrix cells and verdicts, fonts, header rows, TOC, page numbers, stability."""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from datetime import date
from decimal import Decimal

import docx
import pytest
from lxml import etree

import stdbench
from stdbench.analysis.redline import Op, Redline
from stdbench.render import build_report
from stdbench.render.docx_report import docx_bytes
from stdbench.render.report_data import (
    AlignmentView,
    FindingView,
    MatrixCell,
    MatrixRow,
    PairView,
    ReportData,
    StandardInfo,
    count_verdicts,
)
from tests.conftest import CORPUS

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
HOSTILE_TITLE = '<script>alert("x")</script> { INCLUDETEXT "C:\\\\secret.txt" } DDE'
HOSTILE_LIMIT = "=cmd|' /C calc'!A0"


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


def fixed_data(lang: str = "zh") -> ReportData:
    """A small report with hostile text in a title, a parameter name and a limit."""
    base, mine = "GB 2762-2025", "T/EXAMPLE 001-2025"
    rows = [
        MatrixRow(parameter="cadmium", name="镉", group="contaminants", subject="大米", cells=[
            MatrixCell(standard=base, limit="0.2", verdict="baseline", unit="mg/kg", value=Decimal("0.2")),
            MatrixCell(standard=mine, limit="≤0.1", verdict="stricter", unit="mg/kg", value=Decimal("0.1"))]),
        MatrixRow(parameter="inorganic_arsenic", name="无机砷", group="contaminants", subject="大米", cells=[
            MatrixCell(standard=base, limit="0.2", verdict="baseline", unit="mg/kg", value=Decimal("0.2")),
            MatrixCell(standard=mine, limit="≤0.25", verdict="looser", unit="mg/kg", value=Decimal("0.25"))]),
        MatrixRow(parameter="x", name='<script>alert("p")</script>', group="other", cells=[
            MatrixCell(standard=base, limit="", verdict="baseline"),
            MatrixCell(standard=mine, limit=HOSTILE_LIMIT, verdict="only-in-one")]),
    ]
    red = Redline(title=[Op(op="equal", old="污染物限量", new="污染物限量")],
                  text=[Op(op="equal", old="应符合", new="应符合"), Op(op="replace", old="GB 2762—2022", new="表3")])
    return ReportData(
        lang=lang, date=date(2026, 1, 15), version=stdbench.__version__, baseline=base,
        standards=[StandardInfo(code=base, title="食品中污染物限量", level="national", mandatory=True,
                                status="current", role="baseline"),
                   StandardInfo(code=mine, title=HOSTILE_TITLE, level="group", mandatory=False, status="current")],
        alignments=[AlignmentView(a=mine, b=base, pairs=[
            PairView(a="4.4", b="4.2", a_title="污染物限量", b_title="镉", score=0.71, kind="match", redline=red),
            PairView(a="4.5", a_title="净含量", kind="a-only")])],
        rows=rows, counts=count_verdicts(rows, [mine]),
        findings=[FindingView(standard=mine, rule="floor", severity="error", clause="4.4",
                              message="无机砷 ≤0.25 mg/kg 宽于 GB 2762-2025 ≤0.2 mg/kg", reference="GB 2762-2025 4.4")],
    )


def _xml(data: bytes, member: str = "word/document.xml") -> etree._Element:
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read(member))


@pytest.fixture(scope="module")
def fixed_docx() -> bytes:
    return docx_bytes(fixed_data())


@pytest.fixture(scope="module")
def rice_data() -> ReportData:
    import tempfile
    from pathlib import Path

    from stdbench.corpus import Corpus

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Corpus.open(Path(tmp) / "idx.sqlite3")
        q1 = stdbench.read(CORPUS / "examples" / "Q-EXAMPLE_0001S-2025.xml")
        t1 = stdbench.read(CORPUS / "examples" / "T-EXAMPLE_001-2025.xml")
        data = build_report([q1, t1, corpus.resolve("GB/T 1354-2018")], corpus.resolve("GB 2762-2025"), corpus,
                            date=date(2026, 1, 15))
        corpus.close()
    return data


def test_sections_numbered_in_order(fixed_docx):
    doc = docx.Document(io.BytesIO(fixed_docx))
    heads = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert heads == ["1 概述", "2 对标对象", "3 对标方法", "4 结构对比", "5 技术指标对比", "6 符合性",
                     "7 结论与建议", "附录 A 条款对齐全表（含修订标记）"]
    assert "5.1 污染物" in [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]


def test_english_report_headings():
    doc = docx.Document(io.BytesIO(docx_bytes(fixed_data("en"))))
    heads = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert heads[0] == "1 Overview" and heads[6] == "7 Conclusions and recommendations"


def test_every_run_has_east_asian_font_and_headings_use_heiti(fixed_docx):
    root = _xml(fixed_docx)
    runs = list(root.iter(q("r")))
    assert len(runs) > 100
    fonts = [r.find(f"{q('rPr')}/{q('rFonts')}") for r in runs]
    assert all(f is not None and f.get(q("eastAsia")) for f in fonts)
    for p in root.iter(q("p")):
        style = p.find(f"{q('pPr')}/{q('pStyle')}")
        if style is not None and style.get(q("val")) == "Heading1":
            assert {r.find(f"{q('rPr')}/{q('rFonts')}").get(q("eastAsia")) for r in p.iter(q("r"))} == {"黑体"}
    footer = next(n for n in zipfile.ZipFile(io.BytesIO(fixed_docx)).namelist() if n.startswith("word/footer"))
    assert all(r.find(f"{q('rPr')}/{q('rFonts')}").get(q("eastAsia")) for r in _xml(fixed_docx, footer).iter(q("r")))


def test_header_rows_repeat_toc_update_fields_and_page_numbers(fixed_docx):
    root = _xml(fixed_docx)
    tables = list(root.iter(q("tbl")))
    assert len(tables) >= 6
    for tbl in tables:
        first = tbl.find(q("tr"))
        assert first.find(f"{q('trPr')}/{q('tblHeader')}") is not None
    instr = [t.text.strip() for t in root.iter(q("instrText"))]
    assert instr == ['TOC \\o "1-2" \\h \\z \\u']  # one TOC field, and no other field in the body
    settings = _xml(fixed_docx, "word/settings.xml")
    assert settings.find(q("updateFields")).get(q("val")) == "true"
    zf = zipfile.ZipFile(io.BytesIO(fixed_docx))
    footers = [n for n in zf.namelist() if n.startswith("word/footer")]
    assert any("PAGE" in "".join(t.text for t in _xml(fixed_docx, n).iter(q("instrText"))) for n in footers)
    assert sum(1 for n in zf.namelist() if n.startswith("word/media/") and n.endswith(".png")) == 2


def test_matrix_cells_and_colours(fixed_docx):
    doc = docx.Document(io.BytesIO(fixed_docx))
    matrix = next(t for t in doc.tables if t.rows[0].cells[0].text == "指标")
    cells = {r.cells[0].text: [c.text for c in r.cells] for r in matrix.rows[1:]}
    assert cells["镉"] == ["镉", "大米", "0.2", "≤0.1\n严于"]
    assert cells["无机砷"] == ["无机砷", "大米", "0.2", "≤0.25\n宽于"]
    xml = etree.tostring(matrix._tbl, encoding="unicode")
    assert 'w:fill="C6EFCE"' in xml and 'w:fill="FFC7CE"' in xml  # green stricter, red looser


def test_hostile_text_is_plain_runs(fixed_docx):
    root = _xml(fixed_docx)
    texts = "".join(t.text or "" for t in root.iter(q("t")))
    assert HOSTILE_TITLE in texts and HOSTILE_LIMIT in texts and '<script>alert("p")</script>' in texts
    assert not list(root.iter(q("fldSimple")))
    assert all("INCLUDETEXT" not in (t.text or "") for t in root.iter(q("instrText")))


def test_two_runs_give_identical_document_xml():
    data = fixed_data()
    a, b = docx_bytes(data), docx_bytes(data)
    za, zb = zipfile.ZipFile(io.BytesIO(a)), zipfile.ZipFile(io.BytesIO(b))
    for member in ("word/document.xml", "word/settings.xml", "word/styles.xml", "docProps/core.xml"):
        assert za.read(member) == zb.read(member), member
    assert b"2026-01-15" in za.read("docProps/core.xml")


def test_rice_report_matrix_from_the_pipeline(rice_data):
    doc = docx.Document(io.BytesIO(docx_bytes(rice_data)))
    codes = [s.code for s in rice_data.standards]
    assert codes[:3] == ["GB 2762-2025", "Q/EXAMPLE 0001S-2025", "T/EXAMPLE 001-2025"]
    rows = [[c.text for c in r.cells] for t in doc.tables if t.rows[0].cells[0].text == "指标" for r in t.rows[1:]]
    cadmium = next(r for r in rows if r[0] == "镉")
    assert cadmium[2].lstrip("≤").startswith("0.2")  # GB 2762-2025 表2 稻谷、糙米、大米(粉); "≤" once compare prints it
    assert cadmium[3] == "≤0.1 mg/kg\n严于" and cadmium[4] == "≤0.1 mg/kg\n严于"  # EXPECTED.md: stricter than national
    lead = next(r for r in rows if r[0] == "铅")
    assert lead[3] == "≤0.3 mg/kg\n宽于" and lead[4] == "≤0.15 mg/kg\n严于"  # Q: looser (violation), T: stricter
    arsenic = next(r for r in rows if r[0] == "无机砷")
    assert arsenic[3] == "≤0.15 mg/kg\n严于" and arsenic[4] == "≤0.25 mg/kg\n宽于"
    errors = {(f.standard, f.severity) for f in rice_data.findings if f.severity == "error"}
    assert ("Q/EXAMPLE 0001S-2025", "error") in errors and ("T/EXAMPLE 001-2025", "error") in errors
    assert {a.parameter for a in rice_data.tighten} >= {"cadmium", "lead", "inorganic_arsenic"}


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_converts_to_pdf(tmp_path, fixed_docx, rice_data):
    (tmp_path / "fixed.docx").write_bytes(fixed_docx)
    (tmp_path / "rice.docx").write_bytes(docx_bytes(rice_data))  # the real report: long tables, charts, annex
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(tmp_path / "fixed.docx"), str(tmp_path / "rice.docx")],
                   check=True, capture_output=True, timeout=240)
    for name, pages in (("fixed", 4), ("rice", 8)):
        pdf = (tmp_path / f"{name}.pdf").read_bytes()
        assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
        assert len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) >= pages  # cover, TOC, sections: several pages


def _section(doc, start: str, end: str) -> list[str]:
    paras = [p.text for p in doc.paragraphs]
    i = paras.index(start)
    j = paras.index(end, i)
    return paras[i + 1:j]


def test_horizontal_baseline_structure_in_one_line(rice_data):
    # GB/T 1354 has no product-standard benchmark among the inputs (Q/ and T/ are never one): against GB 2762
    assert "GB 2762-2025" in {al.horizontal for al in rice_data.alignments}
    doc = docx.Document(io.BytesIO(docx_bytes(rice_data)))
    s4 = _section(doc, "4 结构对比", "5 技术指标对比")
    q1 = next(p for p in s4 if p.startswith("GB/T 1354-2018 与 GB 2762-2025："))
    assert "横向（通用）标准" in q1 and "不逐条列出无对应条款" in q1
    lonely = [t for t in doc.tables if t.rows[0].cells[0].text == "标准" and t.rows[0].cells[-1].text == "无对应条款"]
    assert not [t for t in lonely if "GB 2762-2025" in "".join(c.text for r in t.rows for c in r.cells)]


def test_product_pair_keeps_full_clause_lists():
    import tempfile
    from pathlib import Path

    from stdbench.corpus import Corpus

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Corpus.open(Path(tmp) / "idx.sqlite3")
        q1 = stdbench.read(CORPUS / "examples" / "Q-EXAMPLE_0001S-2025.xml")
        data = build_report([q1], corpus.resolve("GB/T 1354-2018"), corpus, date=date(2026, 1, 15), check=False)
        corpus.close()
    (al,) = data.alignments
    assert al.horizontal is None and al.lonely("a")
    doc = docx.Document(io.BytesIO(docx_bytes(data, charts={})))
    lonely = [t for t in doc.tables if t.rows[0].cells[-1].text == "无对应条款"]
    assert len(lonely) == 1 and lonely[0].rows[1].cells[0].text == "仅见于 Q/EXAMPLE 0001S-2025"


def test_conclusion_paragraph_per_standard(rice_data):
    q1 = rice_data.conclusions["Q/EXAMPLE 0001S-2025"]
    # the report is dated 2026-01-15: GB 2762-2022 is the floor in force then (GB 2762-2025 from 2026-09-02)
    assert q1.startswith("Q/EXAMPLE 0001S-2025：相对基准 GB 2762-2025，严于基准 2 项（镉 ≤0.1 mg/kg、无机砷 ≤0.15 mg/kg）")
    assert "宽于基准 1 项（铅 ≤0.3 mg/kg）" in q1 and "须修订：铅（GB 2762-2022 4.1.1 表1）" in q1
    t1 = rice_data.conclusions["T/EXAMPLE 001-2025"]
    assert "宽于基准 1 项（无机砷 ≤0.25 mg/kg）" in t1 and "须修订：无机砷（GB 2762-2022 4.4.1 表4）" in t1
    assert "与基准无可比较的共同指标" in rice_data.conclusions["GB/T 1354-2018"]
    doc = docx.Document(io.BytesIO(docx_bytes(rice_data)))
    s7 = _section(doc, "7 结论与建议", "附录 A 条款对齐全表（含修订标记）")
    assert q1 in s7 and t1 in s7


def test_tighten_names_the_strictest_value_and_where(rice_data):
    cd = next(a for a in rice_data.tighten if a.parameter == "cadmium")
    assert (cd.limit, cd.clause, cd.also) == ("≤0.1 mg/kg", "4.4", ["T/EXAMPLE 001-2025"])
    pb = next(a for a in rice_data.tighten if a.parameter == "lead")
    assert (pb.standard, pb.limit) == ("T/EXAMPLE 001-2025", "≤0.15 mg/kg")  # Q's ≤0.3 is looser, not a lead
    doc = docx.Document(io.BytesIO(docx_bytes(rice_data)))
    line = next(p.text for p in doc.paragraphs if p.text.startswith("—— 镉：基准 "))
    assert re.fullmatch(r"—— 镉：基准 ≤?0\.2 mg/kg.*；所见最严 ≤0\.1 mg/kg（Q/EXAMPLE 0001S-2025 4\.4），"
                        r"T/EXAMPLE 001-2025 同为此值", line)


def _unit_pair():
    from stdbench.model import Bound, Requirement, Standard

    def std(prefix: str, limit: str, unit: str, text: str) -> Standard:
        s = Standard.model_validate({"designation": {"prefix": prefix, "number": "1", "year": 2025},
                                     "titles": {"zh": "示例"}})
        s.requirements = [Requirement(parameter="lead", label="铅", bound=Bound(upper=Decimal(limit)), unit=unit,
                                      limit_text=text)]
        return s

    return std("T/UG", "150", "μg/kg", "≤150"), std("Q/MG", "0.2", "mg/kg", "0.2")


def test_unit_conversions_listed_in_method_section():
    from stdbench.render.charts import ratio_points

    ug, mg = _unit_pair()
    data = build_report([ug], mg, date=date(2026, 1, 15), check=False)
    line = "铅：T/UG 1-2025 的 150 μg/kg = 0.15 mg/kg（μg/kg → mg/kg，系数 0.001）"
    assert data.conversions == [line]
    assert data.rows[0].cell("T/UG 1-2025").verdict == "stricter"
    assert ratio_points(data) == [("铅", [("T/UG 1-2025", 0.75)])]  # plotted in the baseline's unit
    doc = docx.Document(io.BytesIO(docx_bytes(data, charts={})))
    s3 = _section(doc, "3 对标方法", "4 结构对比")
    assert "本次实际采用的单位换算：" in s3 and f"—— {line}" in s3
    en = build_report([ug], mg, date=date(2026, 1, 15), check=False, lang="en")
    assert en.conversions == ["Lead: 150 μg/kg in T/UG 1-2025 = 0.15 mg/kg (μg/kg → mg/kg, factor 0.001)"]


def test_matrix_cell_markers_in_word():
    from stdbench.render.docx_report import _cell_text
    from stdbench.render.report_data import Texts

    cell = MatrixCell(standard="GB/T 1354-2018", limit="≤15 %", original="shall not be greater than 15 %",
                      verified=False, inherited_from="GB 2762-2022", verdict="looser")
    # the original text goes once into a note under the table (item 19), not into every cell
    assert _cell_text(cell, "looser", Texts()) == "≤15 %※ [GB 2762-2022]\n宽于"


# ---------------------------------------------------------------- review R1 (items 8, 10, 11, 19, 20, 22)


def _rice_standards(corpus):
    q1 = stdbench.read(CORPUS / "examples" / "Q-EXAMPLE_0001S-2025.xml")
    t1 = stdbench.read(CORPUS / "examples" / "T-EXAMPLE_001-2025.xml")
    others = [q1, t1] + [corpus.resolve(c) for c in ("GB/T 1354-2018", "ISO 17301-1:2016", "CXS 193-1995",
                                                      "(EU) 2023/915")]
    return others, corpus.resolve("GB 2762-2025")


@pytest.fixture(scope="module")
def review_data() -> ReportData:
    """The rice report with the review's standards; section 4 from ``structure_alignments``."""
    import tempfile
    from pathlib import Path

    from stdbench.corpus import Corpus
    from stdbench.render.report_data import structure_alignments

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Corpus.open(Path(tmp) / "idx.sqlite3")
        others, base = _rice_standards(corpus)
        data = build_report(others, base, corpus, date=date(2026, 1, 15))
        data.alignments = structure_alignments(others, base)
        corpus.close()
    return data


def test_structure_against_the_product_standard_benchmark(review_data):
    by_a = {al.a: al for al in review_data.alignments}
    q1 = by_a["Q/EXAMPLE 0001S-2025"]
    assert (q1.b, q1.basis, q1.horizontal) == ("GB/T 1354-2018", "product", None)  # rice vs rice, not vs GB 2762
    assert by_a["T/EXAMPLE 001-2025"].b == "GB/T 1354-2018"
    assert by_a["GB/T 1354-2018"].b == "ISO 17301-1:2016"  # national product standard vs the international one
    assert (by_a["CXS 193-1995"].b, by_a["CXS 193-1995"].horizontal) == ("GB 2762-2025", "CXS 193-1995、GB 2762-2025")
    doc = docx.Document(io.BytesIO(docx_bytes(review_data)))
    s4 = _section(doc, "4 结构对比", "5 技术指标对比")
    line = next(p for p in s4 if p.startswith("Q/EXAMPLE 0001S-2025 的条款结构以产品标准 GB/T 1354-2018 为对比基准"))
    assert "对齐表共" in line and "行，已对应" in line and "对条款" not in line
    both = next(p for p in s4 if p.startswith("CXS 193-1995 与 GB 2762-2025："))
    assert "二者均为" in both and "横向标准不逐条对齐" in both


def test_two_horizontal_standards_are_never_listed_clause_by_clause():
    al = AlignmentView(a="Regulation (EU) 2023/915", b="GB 2762-2025",
                       pairs=[PairView(a="2", b="2", a_title="Maximum levels", b_title="术语和定义", score=0.55)])
    assert al.both_horizontal() and al.horizontal == "Regulation (EU) 2023/915、GB 2762-2025"
    data = fixed_data()
    data.alignments = [al]
    doc = docx.Document(io.BytesIO(docx_bytes(data, charts={})))
    annex = [p.text for p in doc.paragraphs][[p.text for p in doc.paragraphs].index("附录 A 条款对齐全表（含修订标记）"):]
    assert any("横向标准不逐条对齐" in p for p in annex)
    assert not [t for t in doc.tables if t.rows[0].cells[-1].text == "修订标记"]


def test_redline_of_a_table_cell_is_capped():
    from stdbench.analysis.redline import TableDiff

    big = "Cereal grains 0.2 mg/kg; " * 60
    red = Redline(title=[], text=[], tables=[TableDiff.model_validate({
        "old_label": "表1", "new_label": "表1",
        "changes": [{"row": r, "column": 1, "change": "changed", "old": big, "new": "0.1",
                     "ops": [{"op": "replace", "old": big, "new": "0.1"}]} for r in range(20)]})])
    data = fixed_data()
    data.alignments[0].pairs[0].redline = red
    doc = docx.Document(io.BytesIO(docx_bytes(data, charts={})))
    annex = next(t for t in doc.tables if t.rows[0].cells[-1].text == "修订标记")
    text = annex.rows[1].cells[4].text
    assert len(text) < 12 * 220 and big not in text and "……（另有 8 处表格修改未列出）" in text


def test_wording_overview_header_and_rule_labels(fixed_docx):
    doc = docx.Document(io.BytesIO(fixed_docx))
    overview = next(t for t in doc.tables if t.rows[1].cells[0].text == "对标对象")
    assert [c.text for c in overview.rows[0].cells] == ["项目", "内容"]
    data = fixed_data()
    data.findings[0].rule = "mandatory-looser"
    data.findings.append(FindingView(standard="T/EXAMPLE 001-2025", rule="citation-unknown", severity="note",
                                     message="标准库中没有GB 7718", reference="GB 7718"))
    doc = docx.Document(io.BytesIO(docx_bytes(data, charts={})))
    findings = next(t for t in doc.tables if len(t.columns) == 6 and t.rows[0].cells[2].text == "规则")
    assert [r.cells[2].text for r in findings.rows[1:]] == ["违反强制性限量", "引用标准未收录"]
    assert data.model_dump()["findings"][0]["rule"] == "mandatory-looser"  # the id stays in JSON


def test_floor_conclusion_says_looser_not_lower(rice_data):
    q1 = rice_data.conclusions["Q/EXAMPLE 0001S-2025"]
    assert "其中 1 项宽于强制性国家标准限量（强制性标准为底线，不得宽于），须修订：铅" in q1
    assert "低于" not in q1


def test_chinese_issuers_levels_and_product_types(review_data):
    doc = docx.Document(io.BytesIO(docx_bytes(review_data)))
    objects = next(t for t in doc.tables if t.rows[0].cells[0].text == "标准编号")
    info = {r.cells[0].text: [c.text for c in r.cells] for r in objects.rows[1:]}
    assert info["GB 2762-2025"][7] == "中华人民共和国国家卫生健康委员会、国家市场监督管理总局"
    assert info["ISO 17301-1:2016"][7] == "国际标准化组织（ISO）"
    assert info["CXS 193-1995"][7] == "国际食品法典委员会（CAC）"
    assert info["Regulation (EU) 2023/915"][2:8:5] == ["国外法规（区域法规）", "欧盟委员会"]
    subjects = {r.cells[1].text for t in doc.tables if t.rows[0].cells[0].text == "指标" for r in t.rows[1:]}
    assert {"糙米", "精米（非糯）", "蒸谷糙米", "蒸谷精米"} <= subjects
    assert not {s for s in subjects if "rice" in s}


def test_matrix_in_landscape_with_widths_and_original_as_note(review_data):
    from docx.enum.section import WD_ORIENT

    doc = docx.Document(io.BytesIO(docx_bytes(review_data)))
    orient = [s.orientation for s in doc.sections]
    assert orient == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    matrix = next(t for t in doc.tables if t.rows[0].cells[0].text == "指标")
    widths = [int(g.get(q("w"))) / 567 for g in matrix._tbl.tblGrid.findall(q("gridCol"))]
    assert abs(sum(widths) - 25.7) < 0.1
    for code, width in zip([s.code for s in review_data.standards], widths[2:]):
        longest = max(len(tok) for tok in code.split())
        assert width >= 0.2 * longest + 0.4  # "0001S-2025" fits its column: breaks only at spaces
    cells = [c.text for t in doc.tables if t.rows[0].cells[0].text == "指标" for r in t.rows[1:] for c in r.cells]
    assert not [c for c in cells if "原文" in c]
    notes = [p.text for p in doc.paragraphs if p.text.startswith("注：ISO 17301-1:2016 的限量原文")]
    assert len(notes) == 1 and "≤15 %：" in notes[0]


def test_cover_has_no_page_number_and_an_org_line(fixed_docx):
    doc = docx.Document(io.BytesIO(fixed_docx))
    first = doc.sections[0]
    assert first.different_first_page_header_footer
    assert first.first_page_footer.paragraphs[0].text == "" and "PAGE" not in etree.tostring(
        first.first_page_footer._element, encoding="unicode")
    assert all(not s.different_first_page_header_footer for s in doc.sections[1:])
    assert "编制单位：________________" in [p.text for p in doc.paragraphs[:25]]
    footers = [n for n in zipfile.ZipFile(io.BytesIO(fixed_docx)).namelist() if n.startswith("word/footer")]
    pages = sum("PAGE" in "".join(t.text for t in _xml(fixed_docx, n).iter(q("instrText"))) for n in footers)
    assert pages == 1  # one numbered footer, shared by the sections


def test_compare_fields_silent_side_and_replaced_edition():
    from stdbench.render.report_data import count_columns

    base, mine = "GB 2762-2025", "T/EXAMPLE 001-2025"
    rows = [MatrixRow(parameter="mercury", name="总汞", group="contaminants", cells=[
                MatrixCell(standard=base, limit="0.02 mg/kg", verdict="baseline", category="稻谷、糙米、大米(粉)"),
                MatrixCell(standard=mine, limit="0.02 mg/kg", verdict="equal", inherited_from="GB 2762-2022",
                           inherited_superseded=True)]),
            MatrixRow(parameter="moisture", name="水分", group="physico-chemical", cells=[
                MatrixCell(standard=base, verdict="absent"),
                MatrixCell(standard=mine, limit="≤15.0 %", verdict="only-in-one", missing="baseline")])]
    counts = count_verdicts(rows, [mine])
    assert counts[mine]["equal"] == 0 and counts[mine]["inherited"] == 1 and counts[mine]["baseline-silent"] == 1
    assert count_columns(counts) == ["stricter", "equal", "inherited", "looser", "baseline-silent",
                                     "standard-silent", "not-comparable"]
    data = fixed_data()
    data.rows, data.counts = rows, counts
    doc = docx.Document(io.BytesIO(docx_bytes(data, charts={})))
    cells = {r.cells[0].text: [c.text for c in r.cells] for t in doc.tables if t.rows[0].cells[0].text == "指标"
             for r in t.rows[1:]}
    assert cells["总汞"][1] == "稻谷、糙米、大米(粉)"  # no subject: the matched category
    assert cells["总汞"][3] == "0.02 mg/kg [GB 2762-2022]\n引用（已被代替版本）"
    assert cells["水分"][3] == "≤15.0 %\n基准未规定"
    head = next(t for t in doc.tables if t.rows[0].cells[0].text == "标准" and len(t.rows[0].cells) == 8)
    assert [c.text for c in head.rows[0].cells][1:] == ["严于", "等同", "引用（已被代替版本）", "宽于", "基准未规定",
                                                        "本标准未规定", "不可比"]


def test_figure_one_has_one_row_per_parameter_and_standard(review_data):
    from stdbench.render.charts import charts_svg, dot_rows

    rows = dot_rows(review_data)
    lead = [(code, ratio) for label, code, ratio in rows if label.startswith("铅")]
    assert ("Q/EXAMPLE 0001S-2025", 1.5) in lead and ("T/EXAMPLE 001-2025", 0.75) in lead
    assert len({(label, code) for label, code, _ in rows}) == len(rows)
    svg = charts_svg(review_data)["limits"]
    assert "铅（" in svg or "铅 · Q/EXAMPLE 0001S-2025" in svg
    assert "铅 · T/EXAMPLE 001-2025" in svg or "T/EXAMPLE 001-2025" in svg
