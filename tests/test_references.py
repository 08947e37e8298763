"""References recovered from Word text: the chapter 2 list and inline citations."""
from pathlib import Path

import stdbench
from tests.conftest import ROOT, sample

EXAMPLE = ROOT / "standards_corpus" / "examples" / "T-EXAMPLE_001-2025.docx"


def _refs(path: Path):
    return stdbench.read(path).references


def test_chapter_2_list_dated_and_undated():
    refs = _refs(EXAMPLE)
    listed = {str(r.designation): r for r in refs if r.clause == "2"}
    gb2762 = listed["GB 2762-2022"]
    assert gb2762.dated and gb2762.normative
    assert gb2762.title == "食品安全国家标准 食品中污染物限量"
    assert not listed["GB 5009.3"].dated
    assert "GB 7718" in listed


def test_inline_citations_keep_their_clause():
    refs = _refs(EXAMPLE)
    inline = {(str(r.designation), r.clause) for r in refs if r.clause != "2"}
    assert ("GB 2762-2022", "4.4") in inline
    assert ("GB 7718", "7.1") in inline


def test_iso_word_file_references():
    refs = _refs(sample("rice-2016-en.docx"))
    listed = {str(r.designation): r for r in refs if r.clause == "2"}
    assert listed["ISO 712:2009"].title.startswith("Cereals and cereal products")
    assert listed["ISO 16634"].dated is False
    informative = {str(r.designation) for r in refs if not r.normative}
    assert "ISO 7301:2011" in informative
