"""Readers keep the document and report extraction problems (per clause) in ``std.warnings``; the
memoised limit parser hands every requirement its own bound."""
from __future__ import annotations

from decimal import Decimal

import pytest

from stdbench.errors import NormalizeError, ReaderError
from stdbench.model import BoundKind
from stdbench.readers import requirements as req_mod
from stdbench.readers.docx import read_docx
from stdbench.readers.req_sentences import limit_of
from stdbench.readers.sts import read_sts
from tests.conftest import sample

STS = """<standard><front><std-meta><std-ref type="dated">GB 29921-2021</std-ref></std-meta></front><body>
<sec id="s4"><label>4</label><title>要求</title><p>水分应不大于15.5%。</p>
<table-wrap id="t1"><label>表1</label><caption><title>致病菌限量</title></caption>
<table><thead><tr><th>项目</th><th>n</th><th>c</th><th>m</th><th>M</th></tr></thead>
<tbody><tr><td>沙门氏菌</td><td>5</td><td>0</td><td>0/25 g</td><td>—</td></tr>
<tr><td>金黄色葡萄球菌</td><td>five</td><td>1</td><td>100</td><td>1000</td></tr></tbody></table>
</table-wrap></sec></body></standard>"""


@pytest.fixture
def sts_file(tmp_path):
    p = tmp_path / "plan.xml"
    p.write_text(STS, encoding="utf-8")
    return p


def test_unreadable_sampling_plan_reaches_the_reader_warnings(sts_file):
    std = read_sts(sts_file)
    salmonella = next(r for r in std.requirements if r.parameter == "salmonella")
    assert salmonella.bound.kind == BoundKind.not_detected and salmonella.sampling_plan.n == 5
    assert salmonella.sampling_plan.portion == "25 g" and salmonella.provenance.table == "表1"
    moisture = next(r for r in std.requirements if r.parameter == "moisture")
    assert moisture.bound.upper == Decimal("15.5") and moisture.unit == "%"
    assert std.warnings == ["clause 4: 表1 row 1: sampling plan not understood: n=five, c=1, m=100, M=1000"]


def test_a_failing_table_names_its_clause_and_keeps_the_rest(sts_file, monkeypatch):
    def boom(*_args, **_kwargs):
        raise ValueError("bad grid")

    monkeypatch.setattr(req_mod, "table_requirements", boom)
    std = read_sts(sts_file)
    assert std.clause("4").blocks[1].label == "表1"  # the document is kept
    assert [r.parameter for r in std.requirements] == ["moisture"]  # sentences still extracted
    assert "clause 4 表1: requirements not extracted: bad grid" in std.warnings


def test_a_failing_extractor_keeps_the_document(sts_file, monkeypatch):
    def boom(std, warnings=None):
        raise KeyError("roles")

    monkeypatch.setattr(req_mod, "extract_requirements", boom)
    std = read_sts(sts_file)
    assert std.requirements == [] and std.clause("4").title == "要求"
    assert any(w.startswith("requirements not extracted: KeyError") for w in std.warnings)


def test_a_programming_error_is_not_turned_into_a_warning(sts_file, monkeypatch):
    def boom(std, warnings=None):
        raise TypeError("a bug, not a document problem")

    monkeypatch.setattr(req_mod, "extract_requirements", boom)
    with pytest.raises(ReaderError, match="a bug, not a document problem"):  # the reader's own policy
        read_sts(sts_file)


def test_memoised_limits_are_independent_copies():
    a, b = limit_of("≤0.2", unit="mg/kg"), limit_of("≤0.2", unit="mg/kg")
    assert a == b and a.bound.upper == Decimal("0.2") and a.unit == "mg/kg"
    assert a.bound is not b.bound
    a.bound.upper = Decimal(9)
    assert limit_of("≤0.2", unit="mg/kg").bound.upper == Decimal("0.2")
    for _ in range(2):  # a remembered failure is raised every time
        with pytest.raises(NormalizeError):
            limit_of("see the label")


def test_word_reader_keeps_the_document_when_extraction_fails(monkeypatch):
    def boom(std, warnings=None):
        raise IndexError("row 99")

    monkeypatch.setattr(req_mod, "extract_requirements", boom)
    std = read_docx(sample("rice-2016-en.docx"))
    assert std.requirements == [] and std.clause("4").title
    assert "requirements not extracted: IndexError: row 99" in std.warnings


def test_a_programming_error_in_the_word_reader_is_a_reader_error(monkeypatch):
    def boom(std, warnings=None):
        raise TypeError("a bug, not a document problem")

    monkeypatch.setattr(req_mod, "extract_requirements", boom)
    with pytest.raises(ReaderError, match="rice-2016-en.docx: cannot read .docx: TypeError: a bug"):
        read_docx(sample("rice-2016-en.docx"))
