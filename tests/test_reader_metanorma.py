"""Metanorma reader on the real ISO 17301-1 samples (en, zh): outline equal to the ISO STS, coverage."""
from __future__ import annotations

import pytest
from conftest import sample
from test_reader_sts import body_text_nodes, coverage

from stdbench.errors import ReaderError
from stdbench.model import ClauseKind, Table
from stdbench.readers.metanorma import read_metanorma
from stdbench.readers.sts import read_sts

# review comments (annotation-container) are editorial notes on the draft, not text of the standard
MN_EXCLUDE = {"annotation-container", "bibdata", "boilerplate", "metanorma-extension", "bibliography", "asciimath", "refterm", "fn-label",
              "title", "name"}
MN_INCLUDE = ("p", "td", "th", "li", "dd", "dt", "definition", "termnote", "termexample", "sourcecode", "preferred",
              "admitted", "deprecates", "modification")


@pytest.fixture(scope="module")
def en():
    return read_metanorma(sample("rice-2016-en.metanorma.xml"))


@pytest.fixture(scope="module")
def zh():
    return read_metanorma(sample("rice-2016-zh.metanorma.xml"))


def outline(std):
    return [(c.number, c.title) for c in std.walk()]


def test_metadata(en):
    assert str(en.designation) == "ISO 17301-1:2016"
    assert en.ics == ["67.060"] and en.edition == "2" and en.language == "en"
    assert en.titles["en"] == "Cereals and pulses — Specifications and test methods — Rice"


def test_outline_matches_iso_sts(en):
    sts = read_sts(sample("rice-2016-en.isosts.xml"))
    # the STS (mnconvert) capitalises one title differently: "Normative References"
    fold = [(n, t.casefold()) for n, t in outline(en)]
    assert fold == [(n, t.casefold()) for n, t in outline(sts)]
    ol = outline(en)
    assert ("4.2", "Physical and chemical characteristics") in ol
    assert ("2", "Normative references") in ol
    assert ("6.5.2.2", "Repeatability") in ol and ("A.2.7", "Balance,") in ol and ("B.5.5", "") in ol
    assert [n for n, _ in ol if n and len(n) == 1] == list("123456789ABCDE")
    assert en.clause("A").obligation == "normative" and en.clause("C").obligation == "informative"
    assert en.clause("2").kind == ClauseKind.normative_references and en.clause("3").kind == ClauseKind.terms


def test_zh_outline_matches_en(en, zh):
    numbers_en = [n for n, _ in outline(en) if not (n or "").startswith("E")]
    numbers_zh = [n for n, _ in outline(zh)]
    # the Chinese translation has no Annex E (and so no appendix under it); all else clause by clause
    assert numbers_zh == numbers_en[: len(numbers_zh)] and len(numbers_zh) == len(numbers_en) - 1
    assert zh.clause("4.2").title == "物理和化学特性" and zh.clause("1").title == "范围"
    assert len(zh.clause("3").terms) == 15


def test_terms(en):
    terms = en.clause("3").terms
    assert len(terms) == 15
    assert (terms[0].number, terms[0].term, terms[0].definition) == (
        "3.1", "paddy", "rice retaining its husk after threshing")
    assert terms[0].alternatives == {"en": ["paddy rice", "rough rice"]}
    assert terms[1].definition == "paddy from which the husk only has been removed"  # concept → rendered term
    assert terms[1].source.startswith("ISO 7301:2011, 3.2, modified — The term “cargo rice”")
    assert terms[5].definition.startswith("〈rice〉 organic and inorganic")


def test_moisture_table_and_xrefs(en):
    text = en.clause("4.2.1").text()
    assert "shall not be greater than 15 %" in text
    assert "determined in accordance with Annex A" in text and "specified in Table 1" in text
    table = next(b for b in en.clause("4.2.2").blocks if isinstance(b, Table))
    assert (table.label, table.title) == ("Table 1", "Maximum permissible mass fraction of defects")
    paddy = next(r for r in table.rows if r.cells[0].text == "Paddy")
    assert [c.text for c in paddy.cells[1:]] == ["2,5", "0,3", "2,5", "0,3"]
    assert table.rows[2].cells[0].text == "Extraneous matter: organicᵃ"
    assert table.footnotes[0].startswith("a Organic extraneous matter")
    d_table = next(b for b in en.clause("D").blocks if isinstance(b, Table))
    assert d_table.label == "Table D.1"


def test_references(en):
    listed = [r for r in en.references if r.clause == "2"]
    assert len(listed) == 7 and all(r.normative for r in listed)
    assert str(listed[0].designation) == "ISO 712"
    assert any(r.clause == "4.2.1" and r.text == "IEC 61010-2:1998" for r in en.references)


@pytest.mark.parametrize("name", ["rice-2016-en.metanorma.xml", "rice-2016-zh.metanorma.xml"])
def test_text_coverage(name):
    path = sample(name)
    std = read_metanorma(path)
    assert coverage(body_text_nodes(path, MN_EXCLUDE, MN_INCLUDE), std.text()) >= 0.995


def test_gb_flavour_and_numbering(tmp_path):
    doc = """<gb-standard xmlns="https://www.metanorma.org/ns/standoc"><bibdata>
    <title language="zh" type="main">大米</title><docidentifier primary="true">GB/T 1354-2018</docidentifier>
    <language>zh</language><date type="published"><on>2018-03-15</on></date></bibdata>
    <preface><foreword><title>前言</title><p>本文件按照GB/T 1.1-2020起草。</p></foreword></preface>
    <sections><clause type="scope"><title>范围</title><p>本文件适用于大米。</p></clause>
    <clause><title>要求</title><clause><title>理化指标</title><table><name>理化指标</name>
    <tbody><tr><td>水分</td><td>≤15.5</td></tr></tbody></table><note><p>注文</p></note></clause></clause>
    </sections><annex obligation="normative"><title>检验</title><clause><title>原理</title><p>x</p></clause></annex>
    <bibliography><references normative="true"><title>规范性引用文件</title>
    <bibitem><title>食品中水分的测定</title><docidentifier primary="true">GB 5009.3</docidentifier></bibitem>
    </references></bibliography></gb-standard>"""
    p = tmp_path / "gb.xml"
    p.write_text(doc, encoding="utf-8")
    std = read_metanorma(p)
    assert outline(std) == [(None, "前言"), ("1", "范围"), ("2", "规范性引用文件"), ("3", "要求"), ("3.1", "理化指标"),
                            ("A", "检验"), ("A.1", "原理")]
    table = std.clause("3.1").blocks[0]
    assert table.label == "表1" and table.rows[0].cells[1].text == "≤15.5"
    assert std.clause("3.1").blocks[1].label == "注"
    assert std.references[0].text == "GB 5009.3, 食品中水分的测定" and std.references[0].clause == "2"
    assert std.issued.isoformat() == "2018-03-15"


def test_malformed(tmp_path):
    p = tmp_path / "bad.xml"
    p.write_bytes(b'<metanorma xmlns="https://www.metanorma.org/ns/standoc"><sections>')
    with pytest.raises(ReaderError, match="malformed XML"):
        read_metanorma(p)
