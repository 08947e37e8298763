"""The Word reader on the real ISO rice .docx and on small documents built by tests/docx_builders.py."""
from __future__ import annotations

import re
import time
import zipfile
from decimal import Decimal

import pytest
from lxml import etree

from stdbench.errors import ReaderError
from stdbench.model import ClauseKind, Level, ListBlock, Note, Table
from stdbench.readers.docx import read_docx
from tests.conftest import sample
from tests.docx_builders import (
    W_NS,
    build_docx,
    document_xml,
    gbt_template_docx,
    hand_typed_docx,
    p,
    run,
    tbl,
    tc,
    tr,
)

W = "{" + W_NS + "}"


@pytest.fixture(scope="module")
def rice():
    return read_docx(sample("rice-2016-en.docx"))


def _outline(std):
    return [(c.number, c.title) for c in std.walk() if c.number]


def test_rice_outline(rice):
    outline = _outline(rice)
    assert ("4.2", "Physical and chemical characteristics") in outline
    assert ("6.5.2.3", "Reproducibility") in outline
    assert ("A.2.1", "Sample divider,") in outline
    assert [c.number for c in rice.clauses if c.number] == [*"123456789", *"ABCDE"]
    assert rice.clause("1").kind == ClauseKind.scope and rice.clause("3").kind == ClauseKind.terms
    assert rice.clause("A").title == "Determination of defects" and rice.clause("A").obligation == "normative"
    assert rice.clause("B").obligation == "informative"
    assert [c.kind for c in rice.clauses[:2]] == [ClauseKind.foreword, ClauseKind.introduction]
    assert rice.clauses[-1].kind == ClauseKind.bibliography


def test_rice_terms_and_tables(rice):
    terms = rice.clause("3").terms
    assert [t.number for t in terms] == [f"3.{i}" for i in range(1, 16)]
    assert terms[0].term == "paddy" and terms[0].alternatives["en"] == ["paddy rice", "rough rice"]
    assert terms[0].source == "[SOURCE: ISO 7301:2011, 3.1]"
    assert terms[4].notes[0].startswith("Note 1 to entry: The starch of waxy rice")
    tables = [b for c in rice.walk() for b in c.blocks if isinstance(b, Table)]
    assert len(tables) == 6
    t1 = tables[0]
    assert (t1.label, t1.title) == ("Table 1", "Maximum permissible mass fraction of defects")
    head = t1.rows[0].cells
    assert (head[0].text, head[0].rowspan) == ("Defect", 2) and head[1].colspan == 4
    assert t1.rows[0].section == "head" and len(t1.grid()[0]) == 5
    assert sum(c.text == "Not applicable" for r in t1.rows for c in r.cells) >= 1
    row = [c.text for c in t1.rows[2].cells]  # "organica": the "a" is the table footnote marker
    assert row[0].startswith("Extraneous matter: organic") and row[1:] == ["1,0", "0,5", "1,0", "0,5"]
    moisture = rice.clause("4.2.1").blocks[0].text
    assert "shall not be greater than 15 %" in moisture
    notes = [b for b in rice.clause("4.2.1").blocks if isinstance(b, Note)]
    assert notes[0].label == "NOTE" and notes[0].text.startswith("Lower mass fractions of moisture")


def test_rice_metadata_speed_and_warnings(rice):
    d = rice.designation
    assert (d.prefix, d.number, d.part, d.year) == ("ISO", "17301", "1", 2016)
    assert rice.level == Level.international and rice.language == "en"
    assert rice.titles["en"] == "Cereals and pulses — Specifications and test methods — Part 1: Rice"
    assert any("external image" in w for w in rice.warnings)
    start = time.perf_counter()
    read_docx(sample("rice-2016-en.docx"))
    assert time.perf_counter() - start < 1.0


def test_rice_text_coverage(rice):
    """Every visible body text from Foreword on (TOC and hidden text excluded) lands in Standard.text()."""
    with zipfile.ZipFile(sample("rice-2016-en.docx")) as zf:
        root = etree.fromstring(zf.read("word/document.xml"))
    body = root.find(W + "body")
    started, pieces = False, []
    for el in body.iter(W + "p"):
        style = el.find(f"{W}pPr/{W}pStyle")
        sid = style.get(W + "val") if style is not None else ""
        started = started or sid == "ForewordTitle"
        if not started or sid.startswith("TOC") or el.find(f"{W}pPr/{W}rPr/{W}vanish") is not None:
            continue
        pieces.extend(t.text for t in el.iter(W + "t") if t.text and t.text.strip())
    # structure is held in fields, not in text(): numbers, titles, obligations, term numbers and sources
    extra = [x for c in rice.walk() for x in (c.number, c.title, c.obligation) if x]
    extra += [x for c in rice.walk() for t in c.terms for x in (t.number, t.source) if x]
    extra += [rice.titles["en"]]
    text = re.sub(r"[\s—()]+", "", rice.text() + "".join(extra))
    wanted = [re.sub(r"[\s—()]+", "", x) for x in pieces]
    found = sum(len(x) for x in wanted if x in text)
    assert found / sum(len(x) for x in wanted) >= 0.995


def test_rice_outline_matches_sts():
    try:
        from stdbench.readers.sts import read_sts
    except ImportError:
        pytest.skip("STS reader not available")
    sts = read_sts(sample("rice-2016-en.isosts.xml"))
    docx = read_docx(sample("rice-2016-en.docx"))
    sts_numbers = [c.number for c in sts.walk() if c.number and re.fullmatch(r"[A-Z0-9.]+", c.number)]
    docx_numbers = [c.number for c in docx.walk() if c.number]
    assert docx_numbers == sts_numbers


def test_gbt_template_numbers_from_numbering(tmp_path):
    std = read_docx(gbt_template_docx(tmp_path / "gbt.docx"))
    assert [(c.number, c.title) for c in std.walk()] == [
        (None, "前言"), ("1", "范围"), ("2", "规范性引用文件"), ("3", "术语和定义"), ("4", "技术要求"),
        ("4.1", "感官要求"), ("4.2", "理化指标"), ("5", "检验方法"), ("A", "大米加工精度检验"), ("A.1", "检验方法补充"),
    ]
    assert std.clause("A").obligation == "normative" and std.clause("A").kind == ClauseKind.annex
    term = std.clause("3").terms[0]
    assert (term.number, term.term, term.alternatives) == ("3.1", "大米", {"en": ["milled rice"]})
    assert term.definition == "稻谷经碾米工艺制成的成品。"
    assert term.notes == ["注：大米按品种分为籼米、粳米和糯米。"] and term.source == "[来源：GB/T 8875—2008，3.1]"
    assert std.clause("3").terms[1].number == "3.2"
    blocks = std.clause("4.2").blocks
    lists = [b for b in blocks if isinstance(b, ListBlock)]
    assert [i.text for i in lists[0].items] == ["水分；", "杂质。"] and lists[0].items[0].label == "——"
    table = next(b for b in blocks if isinstance(b, Table))
    assert (table.label, table.title) == ("表1", "理化指标")
    assert (table.rows[0].cells[0].rowspan, table.rows[0].cells[1].colspan) == (2, 1 + 1)
    assert table.rows[1].section == "head" and [c.text for c in table.rows[2].cells] == ["水分/%", "≤14.5", "≤15.5"]
    note = next(b for b in blocks if isinstance(b, Note))
    assert (note.label, note.text) == ("注1", "2018年起执行。")


def test_gbt_cover_metadata(tmp_path):
    std = read_docx(gbt_template_docx(tmp_path / "gbt.docx"))
    assert str(std.designation) == "GB/T 1354-2018" and std.level == Level.national and std.mandatory is False
    assert std.titles == {"zh": "大米", "en": "Rice"}
    assert (str(std.issued), str(std.implemented)) == ("2018-02-06", "2018-09-01")
    assert std.replaces == ["GB/T 1354—2009"] and std.ics == ["67.060"] and std.ccs == ["X 11"]
    assert std.issuer == "国家市场监督管理总局 国家标准化管理委员会" and std.language == "zh"


def test_hand_typed_numbers(tmp_path):
    std = read_docx(hand_typed_docx(tmp_path / "hand.docx"))
    assert [(c.number, c.title) for c in std.walk()] == [
        (None, "前言"), ("1", "范围"), ("2", "规范性引用文件"), ("3", "术语和定义"), ("4", "要求"),
        ("4.1", "感官要求"), ("4.2", "理化指标"), ("A", "生产工艺"),  ("A.1", "原料"),
    ]
    scope_text = std.clause("1").text()
    assert "2018年，本文件首次发布。" in scope_text and "15.5%的样品应复检。" in scope_text and "4 要求" in scope_text
    assert std.clause("A").obligation == "informative"
    table = next(b for b in std.clause("4.2").blocks if isinstance(b, Table))
    assert (table.label, table.title, table.unit_statement) == ("表1", "理化指标", "单位为毫克每千克")
    assert table.rows[1].cells[1].text == "≤0.2"
    items = next(b for b in std.clause("4.2").blocks if isinstance(b, ListBlock)).items
    assert [(i.label, i.text) for i in items] == [("a)", "出厂检验；"), ("b)", "型式检验。")]
    assert str(std.designation) == "T/HLJFIA 001-2025" and std.level == Level.group
    assert std.titles["zh"] == "哈尔滨红肠" and str(std.implemented) == "2025-07-01"
    assert any("table of contents" in w for w in std.warnings)


def test_tracked_changes_fields_and_sdt(tmp_path):
    ins = '<w:ins w:id="1" w:author="x">' + run("不大于0.2") + "</w:ins>"
    dele = '<w:del w:id="2" w:author="x"><w:r><w:delText>不大于0.5</w:delText></w:r></w:del>'
    field = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> REF _Ref1 </w:instrText></w:r>'
             '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + run("表1") + '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    simple = '<w:fldSimple w:instr=" PAGE ">' + run("7") + "</w:fldSimple>"
    moved = '<w:moveFrom w:id="3">' + run("旧位置") + '</w:moveFrom><w:moveTo w:id="4">' + run("新位置") + "</w:moveTo>"
    body = "".join([
        p("1 范围"), p(runs=run("铅") + ins + dele + run("mg/kg，见") + field + simple),
        "<w:sdt><w:sdtPr/><w:sdtContent>" + p("控件内容") + "</w:sdtContent></w:sdt>",
        p(runs=moved + run("软\u00adhyphen")),
    ])
    std = read_docx(build_docx(tmp_path / "tracked.docx", body))
    texts = [b.text for b in std.clause("1").blocks]
    assert texts == ["铅不大于0.2mg/kg，见表17", "控件内容", "新位置软hyphen"]


def test_symbol_font_characters_are_the_glyphs_word_shows(tmp_path):
    """Insert › Symbol stores <w:sym w:font="Symbol" w:char="F0A3"/>: that is ≤ (Symbol's A3), not £. A run
    typed in the Symbol font keeps the keys pressed: "m" shows μ, so "mg/kg" typed so reads μg/kg. Other fonts'
    codes are Unicode (F000 + code: the private-use form); a code that cannot be read leaves U+FFFD."""
    sym = '<w:r><w:sym w:font="{}" w:char="{}"/></w:r>'
    symbol_run = '<w:r><w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol"/></w:rPr><w:t>{}</w:t></w:r>'
    body = p("1 范围") + p(runs=(
        run("铅") + sym.format("Symbol", "F0A3") + run("0.2 mg/kg；黄曲霉毒素B1") + sym.format("Symbol", "A3")
        + run("10 ") + symbol_run.format("m") + run("g/kg；温度") + sym.format("Symbol", "F0B1") + run("2")
        + sym.format("Symbol", "F0B0") + run("C；") + sym.format("SimSun", "2265") + sym.format("Wingdings", "F0FC")
        + sym.format("Symbol", "zz") + sym.format("Arial", "0007") + run("。")))
    std = read_docx(build_docx(tmp_path / "sym.docx", body))
    assert std.clause("1").blocks[0].text == "铅≤0.2 mg/kg；黄曲霉毒素B1≤10 μg/kg；温度±2°C；≥ü\ufffd\ufffd。"
    # the limit read from such a sentence is in μg/kg, not mg/kg (a factor of 1000)
    body = (p("1 范围") + p("本文件规定了大米的要求。") + p("2 规范性引用文件") + p("3 术语和定义") + p("4 要求")
            + p(runs=run("黄曲霉毒素B1应不大于10 ") + symbol_run.format("m") + run("g/kg。")))
    std = read_docx(build_docx(tmp_path / "mu.docx", body))
    assert [(r.parameter, r.bound.upper, r.unit) for r in std.requirements] == [
        ("aflatoxin_b1", Decimal(10), "μg/kg")]


def test_superscript_exponents_and_subscripts_are_not_read_as_digits(tmp_path):
    """菌落总数 "5×10" + a superscript "4" is 5×10⁴ = 50000 CFU/g, not "5×104"; a subscript 1 is B₁ (still
    aflatoxin B1); a superscript footnote letter stays a mark (铅ᵃ) as in the STS reader; a superscript word
    (no superscript form for every letter) stays as typed."""
    sup = '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t>{}</w:t></w:r>'
    sub = '<w:r><w:rPr><w:vertAlign w:val="subscript"/></w:rPr><w:t>{}</w:t></w:r>'
    body = (p("1 范围") + p("本文件规定了大米的要求。") + p("2 规范性引用文件") + p("3 术语和定义") + p("4 要求")
            + p(runs=run("菌落总数应不大于5×10") + sup.format("4") + run(" CFU/g。"))
            + p(runs=run("黄曲霉毒素B") + sub.format("1") + run("应不大于10 μg/kg。"))
            + p(runs=run("铅") + sup.format("a") + run("见表1，") + sup.format("TM") + run("。")))
    std = read_docx(build_docx(tmp_path / "raised.docx", body))
    assert [b.text for b in std.clause("4").blocks] == [
        "菌落总数应不大于5×10⁴ CFU/g。", "黄曲霉毒素B₁应不大于10 μg/kg。", "铅ᵃ见表1，TM。"]
    assert [(r.parameter, r.bound.upper, r.unit) for r in std.requirements] == [
        ("aerobic_plate_count", Decimal(50000), "CFU/g"), ("aflatoxin_b1", Decimal(10), "μg/kg")]


def test_external_relationship_warned_not_fetched(tmp_path):
    rels = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" '
            'Target="http://127.0.0.1:9/x.png" TargetMode="External"/></Relationships>')
    path = build_docx(tmp_path / "ext.docx", p("1 范围") + p("文本。"), members={"word/_rels/document.xml.rels": rels})
    std = read_docx(path)
    assert any("x.png" in w and "never fetched" in w for w in std.warnings)


def test_error_not_a_zip(tmp_path):
    path = tmp_path / "bad.docx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(ReaderError) as exc:
        read_docx(path)
    assert "bad.docx" in str(exc.value) and "zip" in str(exc.value)


def test_error_missing_document_xml(tmp_path):
    path = build_docx(tmp_path / "empty.docx", None, members={"word/styles.xml": "<x/>"})
    with pytest.raises(ReaderError, match="word/document.xml is missing"):
        read_docx(path)
    path = build_docx(tmp_path / "noct.docx", p("x"), content_types=False)
    with pytest.raises(ReaderError, match=r"\[Content_Types\].xml is missing"):
        read_docx(path)


def test_error_corrupt_document_xml(tmp_path):
    path = build_docx(tmp_path / "corrupt.docx", document=document_xml(p("1 范围"))[:-30] + "\n<w:p>")
    with pytest.raises(ReaderError) as exc:
        read_docx(path)
    assert exc.value.file.endswith("corrupt.docx")
    assert exc.value.location.startswith("word/document.xml line")


def test_error_zip_bomb_member(tmp_path):
    path = build_docx(tmp_path / "bomb.docx", p("1 范围"), members={"word/styles.xml": b"<a/>" + b" " * 3_000_000})
    with pytest.raises(ReaderError, match="compression ratio") as exc:
        read_docx(path)
    assert exc.value.location == "word/styles.xml"


def test_table_spans_grid(tmp_path):
    body = p("1 范围") + p("表1 指标") + tbl(
        tr(tc("A", vmerge="restart"), tc("B", span=2), header=True),
        tr(tc("", vmerge="continue"), tc("b1"), tc("b2"), header=True),
        tr(tc("x"), tc("1"), tc("2")),
    )
    table = read_docx(build_docx(tmp_path / "t.docx", body)).clause("1").blocks[0]
    grid = table.grid()
    assert [[c.text for c in row] for row in grid] == [["A", "B", "B"], ["A", "b1", "b2"], ["x", "1", "2"]]
    assert table.label == "表1" and table.title == "指标"
