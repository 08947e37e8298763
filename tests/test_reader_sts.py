"""STS reader on the real ISO 17301-1 sample and on small documents built here."""
from __future__ import annotations

from datetime import date

import pytest
from conftest import sample
from lxml import etree

from stdbench.errors import ReaderError
from stdbench.model import ClauseKind, Level, ListBlock, Note, Status, Table
from stdbench.normalize.text import squash
from stdbench.readers.sts import read_sts

BODY_EXCLUDE = {"iso-meta", "std-meta", "nat-meta", "reg-meta", "ref-list", "label", "alt-text", "graphic",
                "partOfSpeech", "annex-type", "permissions"}


def body_text_nodes(path, exclude=BODY_EXCLUDE, include=("p", "td", "th", "definition", "note", "example",
                                                            "term", "source", "entry", "code")) -> list[str]:
    """Every text node of body text (paragraphs, cells, list items, notes, term entries) in the source."""
    root = etree.parse(str(path)).getroot()
    out: list[str] = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        anc = [etree.QName(a).localname for a in el.iterancestors() if isinstance(a.tag, str)]
        names = set(anc) | {etree.QName(el).localname}
        if names & exclude or not names & set(include):
            continue
        for t in (el.text, *(c.tail for c in el)):
            if t and squash(t):
                out.append(squash(t))
    return out


def coverage(nodes: list[str], text: str) -> float:
    """Share of source characters (per text node) found in the model's text."""
    hay = squash(text)
    total = sum(len(n) for n in nodes)
    found = sum(len(n) for n in nodes if n in hay)
    return found / total


@pytest.fixture(scope="module")
def rice():
    return read_sts(sample("rice-2016-en.isosts.xml"))


def test_metadata(rice):
    assert str(rice.designation) == "ISO 17301-1:2016"
    assert rice.designation.part == "1" and rice.designation.year == 2016
    assert rice.ics == ["67.060"]
    assert rice.edition == "2"
    assert rice.level == Level.international
    assert rice.titles["en"].startswith("Cereals and pulses — Specifications and test methods")
    assert "fr" in rice.titles and rice.language == "en"


def test_outline(rice):
    outline = [(c.number, c.title) for c in rice.walk() if c.number]
    assert ("4.2", "Physical and chemical characteristics") in outline
    assert ("6.5.2.3", "Reproducibility") in outline
    assert [n for n, _ in outline if n and len(n) == 1] == list("123456789ABCDE")
    assert rice.clause("A").kind == ClauseKind.annex and rice.clause("A").obligation == "normative"
    assert rice.clause("B").obligation == "informative"
    assert rice.clauses[0].kind == ClauseKind.foreword and rice.clauses[0].number is None
    assert rice.clause("1").kind == ClauseKind.scope
    assert rice.clause("2").kind == ClauseKind.normative_references


def test_terms(rice):
    terms = rice.clause("3").terms
    assert len(terms) == 15
    paddy = terms[0]
    assert (paddy.number, paddy.term, paddy.definition) == ("3.1", "paddy", "rice retaining its husk after threshing")
    assert paddy.alternatives == {"en": ["paddy rice", "rough rice"]}
    assert paddy.source == "ISO 7301:2011, 3.1"
    assert terms[4].notes[0].startswith("The starch of waxy rice consists")
    assert terms[5].examples == ["Foreign seeds, husks, bran, sand, dust."]
    assert terms[14].alternatives["en"] == ["t_90"]  # MathML msub kept as text


def test_moisture_and_table(rice):
    assert "shall not be greater than 15 %" in rice.clause("4.2.1").text()
    table = next(b for b in rice.clause("4.2.2").blocks if isinstance(b, Table))
    assert (table.label, table.title) == ("Table 1", "Maximum permissible mass fraction of defects")
    head = table.rows[0].cells
    assert (head[0].text, head[0].rowspan, head[1].colspan, head[1].header) == ("Defect", 2, 4, True)
    assert "w_max" in head[1].text
    assert [r.section for r in table.rows].count("foot") == 1
    paddy = next(r for r in table.rows if r.cells[0].text == "Paddy")
    assert [c.text for c in paddy.cells[1:]] == ["2,5", "0,3", "2,5", "0,3"]
    organic = next(r for r in table.rows if r.cells[0].text.startswith("Extraneous matter: organic"))
    assert organic.cells[0].text == "Extraneous matter: organic²"  # the marker stays where it sits
    assert table.footnotes[0] == "2 Organic extraneous matter includes foreign seeds, husks, bran, parts of straw, etc."
    assert len(table.footnotes) == 9


def test_blocks(rice):
    notes = [b for b in rice.clause("4.2.2").blocks if isinstance(b, Note)]
    assert [n.label for n in notes] == ["NOTE 1", "NOTE 2", "NOTE 3"]
    report = next(b for b in rice.clause("7").blocks if isinstance(b, ListBlock))
    assert report.ordered and len(report.items) == 8 and report.items[0].label == "a)"
    fn = [b for b in rice.clause("4.2.1").blocks if getattr(b, "style", None) == "footnote"]
    assert fn[0].text == "1 Formerly denoted as 15 % (m/m)."


def test_references(rice):
    listed = [r for r in rice.references if r.clause == "2"]
    assert len(listed) == 7 and all(r.normative for r in listed)
    assert listed[0].all_parts and str(listed[0].designation) == "ISO 712"
    assert listed[2].dated and listed[2].designation.year == 1994
    biblio = [r for r in rice.references if r.clause is None]
    assert len(biblio) == 16 and not any(r.normative for r in biblio)
    cited = {(r.clause, r.text): r for r in rice.references}
    assert cited[("4.2.1", "ISO 712")].normative  # inline citation of a listed document
    assert not cited[("4.2.1", "IEC 61010-2:1998")].normative


def test_text_coverage(rice):
    path = sample("rice-2016-en.isosts.xml")
    assert coverage(body_text_nodes(path), rice.text()) >= 0.995


def test_requirements_when_extractor_present(rice):
    if not rice.requirements:
        pytest.skip("requirement extractor not available yet")
    assert any(r.limit_text.startswith("2,5") for r in rice.requirements)


NISO = """<?xml version="1.0" encoding="UTF-8"?>
<standard xml:lang="zh"><front><std-meta>
<title-wrap xml:lang="zh"><main>大米</main></title-wrap>
<std-ident><originator>GB/T</originator><doc-number>1354</doc-number><version>2018</version></std-ident>
<std-ref type="dated">GB/T 1354-2018</std-ref>
<pub-date date-type="issued" iso-8601-date="2018-03-15">2018-03-15</pub-date>
<release-date date-type="implemented" iso-8601-date="2018-10-01">2018-10-01</release-date>
<ics>67.060</ics>
<std-xref type="replaces"><std-ref>GB/T 1354-2009</std-ref></std-xref>
<std-xref type="adopts" degree="NEQ"><std-ref>ISO 17301-1:2016</std-ref></std-xref>
<custom-meta-group>
<custom-meta><meta-name>level</meta-name><meta-value>national</meta-value></custom-meta>
<custom-meta><meta-name>mandatory</meta-name><meta-value>false</meta-value></custom-meta>
<custom-meta><meta-name>status</meta-name><meta-value>current</meta-value></custom-meta>
<custom-meta><meta-name>ccs</meta-name><meta-value>B 22</meta-value></custom-meta>
<custom-meta><meta-name>product-category</meta-name><meta-value>01.01</meta-value></custom-meta>
</custom-meta-group></std-meta></front>
<body><sec id="s4" sec-type="requirements"><label>4</label><title>要求</title>
<p>水分应不大于15.5%。</p>
<table-wrap id="t1"><label>表1</label><caption><title>理化指标</title></caption>
<p content-type="unit-statement">单位为毫克每千克</p>
<table frame="all"><tgroup cols="3"><colspec colname="c1"/><colspec colname="c2"/><colspec colname="c3"/>
<thead><row><entry morerows="1">项目</entry><entry namest="c2" nameend="c3">指标</entry></row>
<row><entry>一级</entry><entry>二级</entry></row></thead>
<tbody><row><entry>水分</entry><entry>≤14.5</entry><entry>≤15.5</entry></row></tbody></tgroup></table>
</table-wrap></sec></body>
<back><app id="annex-A" content-type="informative"><label>附录A</label><title>说明</title><p>资料</p></app></back>
</standard>"""


def test_niso_corpus_conventions(tmp_path):
    p = tmp_path / "gb.xml"
    p.write_text(NISO, encoding="utf-8")
    std = read_sts(p)
    assert str(std.designation) == "GB/T 1354-2018"
    assert (std.issued, std.implemented) == (date(2018, 3, 15), date(2018, 10, 1))
    assert (std.level, std.mandatory, std.status) == (Level.national, False, Status.current)
    assert std.replaces == ["GB/T 1354-2009"] and std.adoption.degree == "NEQ"
    assert std.ccs == ["B 22"] and std.product_categories == ["01.01"]
    table = std.clause("4").blocks[1]
    assert table.unit_statement == "单位为毫克每千克" and table.label == "表1"
    assert (table.rows[0].cells[0].rowspan, table.rows[0].cells[1].colspan) == (2, 2)
    assert [c.text for c in table.grid()[2]] == ["水分", "≤14.5", "≤15.5"]
    assert std.clause("A").obligation == "informative" and std.clause("A").kind == ClauseKind.annex


def test_adoption_layers(tmp_path):
    doc = """<adoption><adoption-front><nat-meta><std-ref type="dated">BS EN ISO 17301-1:2016</std-ref>
    </nat-meta><sec sec-type="foreword"><title>National foreword</title><p>UK text</p></sec></adoption-front>
    <adoption><adoption-front><reg-meta><std-ref type="dated">EN ISO 17301-1:2016</std-ref></reg-meta>
    </adoption-front><standard><front><iso-meta><std-ref type="dated">ISO 17301-1:2016</std-ref></iso-meta></front>
    <body><sec><label>1</label><title>Scope</title><p>Rice.</p></sec></body></standard></adoption>
    <back><app><label>Annex NA</label><title>National annex</title><p>UK only</p></app></back></adoption>"""
    p = tmp_path / "bs.xml"
    p.write_text(doc, encoding="utf-8")
    std = read_sts(p)
    assert [d.raw for d in std.designations] == ["BS EN ISO 17301-1:2016", "EN ISO 17301-1:2016", "ISO 17301-1:2016"]
    assert std.designation.raw == "BS EN ISO 17301-1:2016"
    assert [c.title for c in std.clauses] == ["National foreword", "Scope", "National annex"]
    assert std.clause("NA").text() == "UK only"


@pytest.mark.parametrize("content, message", [
    (b"<standard><body><sec></body></standard>", "malformed XML"),
    (b'<!DOCTYPE x [<!ENTITY a "aaaa">]><standard>&a;</standard>', "entities"),
    (b"<iso-standard/>", "not an STS"),
])
def test_bad_input(tmp_path, content, message):
    p = tmp_path / "bad.xml"
    p.write_bytes(content)
    with pytest.raises(ReaderError, match=message) as exc:
        read_sts(p)
    assert exc.value.file == str(p)
