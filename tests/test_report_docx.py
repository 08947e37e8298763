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
    assert cadmium[2].startswith("0.2")  # GB 2762-2025 表2 稻谷、糙米、大米(粉)
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
    assert {al.horizontal for al in rice_data.alignments} == {"GB 2762-2025"}
    doc = docx.Document(io.BytesIO(docx_bytes(rice_data)))
    s4 = _section(doc, "4 结构对比", "5 技术指标对比")
    q1 = next(p for p in s4 if p.startswith("Q/EXAMPLE 0001S-2025 与 GB 2762-2025："))
    assert "横向（通用）标准" in q1 and "不逐条列出无对应条款" in q1
    assert not [t for t in doc.tables if t.rows[0].cells[0].text == "标准" and t.rows[0].cells[-1].text == "无对应条款"]


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
    assert q1.startswith("Q/EXAMPLE 0001S-2025：相对基准 GB 2762-2025，严于基准 2 项（镉 ≤0.1 mg/kg、无机砷 ≤0.15 mg/kg）")
    assert "宽于基准 1 项（铅 ≤0.3 mg/kg）" in q1 and "须修订：铅（GB 2762-2025 4.1.1 表1）" in q1
    t1 = rice_data.conclusions["T/EXAMPLE 001-2025"]
    assert "宽于基准 1 项（无机砷 ≤0.25 mg/kg）" in t1 and "须修订：无机砷（GB 2762-2025 4.4.1 表4）" in t1
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
    assert "—— 镉：基准 0.2 mg/kg；所见最严 ≤0.1 mg/kg（Q/EXAMPLE 0001S-2025 4.4），T/EXAMPLE 001-2025 同为此值" in [
        p.text for p in doc.paragraphs]


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
    assert _cell_text(cell, "looser", Texts()) == "≤15 %※ [GB 2762-2022]\n原文：shall not be greater than 15 %\n宽于"
