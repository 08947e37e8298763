"""Tracked-changes Word: accepting all revisions gives NEW, rejecting all gives OLD (read back from the XML)."""
from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree

import stdbench
from stdbench.analysis.redline import clause_prose
from stdbench.model import Cell, Clause, Paragraph, Row, Standard, Table
from stdbench.render.redline_docx import heading_text, redline_bytes, table_slots, write_redline
from tests.conftest import CORPUS

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _view_paragraph(p, mode: str) -> str:
    """The text of one paragraph after accepting ('accept') or rejecting ('reject') every revision."""
    out = []
    for el in p.iter(q("t"), q("delText")):
        inside_ins = any(a.tag == q("ins") for a in el.iterancestors())
        inside_del = any(a.tag == q("del") for a in el.iterancestors())
        if mode == "accept" and (el.tag == q("delText") or inside_del):
            continue
        if mode == "reject" and inside_ins:
            continue
        out.append(el.text or "")
    return "".join(out)


def _mark(p) -> str | None:
    rpr = p.find(f"{q('pPr')}/{q('rPr')}")
    if rpr is None:
        return None
    if rpr.find(q("ins")) is not None:
        return "ins"
    if rpr.find(q("del")) is not None:
        return "del"
    return None


def view(docx: bytes, mode: str) -> list[tuple[str, str, list[list[list[str]]]]]:
    """Clauses as (heading, prose, tables) after accepting or rejecting all revisions."""
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml"))
    body = root.find(q("body"))
    gone = "del" if mode == "accept" else "ins"
    items: list = []  # ("p", style, text) | ("tbl", rows)
    carry = ""
    for el in body:
        if el.tag == q("p"):
            style_el = el.find(f"{q('pPr')}/{q('pStyle')}")
            style = style_el.get(q("val")) if style_el is not None else "Normal"
            text = carry + _view_paragraph(el, mode)
            if _mark(el) == gone:  # this paragraph mark disappears: the text joins the next paragraph
                carry = text
                continue
            carry = ""
            items.append(("p", style, text))
        elif el.tag == q("tbl"):
            rows = []
            for tr in el.iter(q("tr")):
                trpr = tr.find(q("trPr"))
                if trpr is not None and trpr.find(q(gone)) is not None:
                    continue
                rows.append(["\n".join(_view_paragraph(p, mode) for p in tc.iter(q("p")))
                             for tc in tr.iter(q("tc"))])
            items.append(("tbl", rows))
    clauses: list[tuple[str, list[str], list]] = []
    for item in items:
        if item[0] == "p" and item[1].startswith("Heading"):
            clauses.append((item[2], [], []))
        elif item[0] == "p" and clauses and item[2] and item[1] != "Caption":
            clauses[-1][1].append(item[2])
        elif item[0] == "tbl" and clauses and item[1]:
            clauses[-1][2].append(item[1])
    return [(h, "\n".join(lines), tables) for h, lines, tables in clauses if h or lines or tables]


def expected(std: Standard) -> list[tuple[str, str, list]]:
    out = []
    for c in std.walk():
        tables = []
        for b in c.blocks:
            if isinstance(b, Table):
                slots = table_slots(b)
                width = max((len(r) for r in slots), default=0)
                tables.append([r + [""] * (width - len(r)) for r in slots])
        prose = "\n".join(line for line in clause_prose(c).split("\n") if line)
        out.append((heading_text(c), prose, tables))
    return [x for x in out if x[0] or x[1] or x[2]]


def _pad(tables_view, tables_expected):
    """Widths may grow to the other side's width: compare each slot the expected table has."""
    return [[row[: len(exp[0])] if exp else row for row in got] for got, exp in zip(tables_view, tables_expected)]


def _std(code: str, clauses: list[Clause]) -> Standard:
    from stdbench.normalize.codes import parse_designation

    return Standard(designation=parse_designation(code), clauses=clauses)


def _table(rows: list[list[str]], label: str = "表1") -> Table:
    return Table(label=label, rows=[Row(cells=[Cell(text=t) for t in r]) for r in rows])


OLD = _std("T/EXAMPLE 009-2024", [
    Clause(number="1", title="范围", blocks=[Paragraph(text="本文件规定了大米的技术要求。"),
                                            Paragraph(text="本文件适用于以稻谷为原料的大米。")]),
    Clause(number="2", title="规范性引用文件", blocks=[Paragraph(text="GB 2762—2022 食品中污染物限量")]),
    Clause(number="3", title="贮存", blocks=[Paragraph(text="应贮存于阴凉干燥处。")]),
    Clause(number="4", title="污染物限量", blocks=[
        Paragraph(text="应符合表1的规定。"),
        _table([["项目", "指标"], ["铅（以Pb计）/(mg/kg)", "≤0.2"], ["镉（以Cd计）/(mg/kg)", "≤0.2"]])]),
])
NEW = _std("T/EXAMPLE 009-2025", [
    Clause(number="1", title="范围", blocks=[Paragraph(text="本文件规定了优质大米的技术要求、检验方法。"),
                                            Paragraph(text="本文件适用于以稻谷为原料的大米。"),
                                            Paragraph(text="新增一段说明。")]),
    Clause(number="2", title="规范性引用文件", blocks=[Paragraph(text="GB 2762 食品安全国家标准 食品中污染物限量")]),
    Clause(number="4", title="污染物限量", blocks=[
        Paragraph(text="应符合表1的规定。"),
        _table([["项目", "指标"], ["铅（以Pb计）/(mg/kg)", "≤0.15"], ["镉（以Cd计）/(mg/kg)", "≤0.1"],
                ["无机砷（以As计）/(mg/kg)", "≤0.2"]])]),
    Clause(number="5", title="检验方法", blocks=[Paragraph(text="按GB 5009.12测定铅。\n按GB 5009.15测定镉。")]),
])


def test_accept_gives_new_and_reject_gives_old_built_standards():
    data = redline_bytes(OLD, NEW)
    acc, rej = view(data, "accept"), view(data, "reject")
    exp_new, exp_old = expected(NEW), expected(OLD)
    assert [c[0] for c in acc] == ["1 范围", "2 规范性引用文件", "4 污染物限量", "5 检验方法"]
    assert [c[0] for c in rej] == ["1 范围", "2 规范性引用文件", "3 贮存", "4 污染物限量"]
    for got, exp in zip(acc, exp_new):
        assert got[:2] == exp[:2]
        assert _pad(got[2], exp[2]) == exp[2]
    for got, exp in zip(rej, exp_old):
        assert got[:2] == exp[:2]
        assert _pad(got[2], exp[2]) == exp[2]
    # the cadmium cell is a real revision: ≤0.2 deleted, ≤0.1 inserted, by stdbench at the fixed date
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert 'w:author="stdbench"' in xml and 'w:date="2025-01-01T00:00:00Z"' in xml
    root = etree.fromstring(xml.encode())
    cd_row = next(tr for tr in root.iter(q("tr")) if "镉" in "".join(tr.itertext()))
    assert [d.text for d in cd_row.iter(q("delText"))] == ["0.2"]
    assert [t.text for ins in cd_row.iter(q("ins")) for t in ins.iter(q("t"))] == ["0.1"]
    inserted_rows = [tr for tr in root.iter(q("tr")) if tr.find(f"{q('trPr')}/{q('ins')}") is not None]
    assert len(inserted_rows) == 1


def test_two_runs_identical_and_every_run_has_east_asian_font():
    import time

    a = redline_bytes(OLD, NEW)
    time.sleep(2.1)  # zip timestamps have a 2-second resolution: a wall-clock stamp would now differ
    b = redline_bytes(OLD, NEW)
    assert a == b  # the whole package, byte for byte, not only document.xml
    assert {i.date_time for i in zipfile.ZipFile(io.BytesIO(a)).infolist()} == {(2025, 1, 1, 0, 0, 0)}
    xa = zipfile.ZipFile(io.BytesIO(a)).read("word/document.xml")
    root = etree.fromstring(xa)
    runs = list(root.iter(q("r")))
    assert runs and all(r.find(f"{q('rPr')}/{q('rFonts')}").get(q("eastAsia")) for r in runs)


def test_gb2762_2022_to_2025_round_trips_clause_by_clause():
    old = stdbench.read(CORPUS / "GB_2762-2022.xml")
    new = stdbench.read(CORPUS / "GB_2762-2025.xml")
    data = redline_bytes(old, new)
    acc, rej = view(data, "accept"), view(data, "reject")
    exp_new, exp_old = expected(new), expected(old)
    assert [c[0] for c in acc] == [c[0] for c in exp_new]
    assert [c[1] for c in acc] == [c[1] for c in exp_new]
    assert [c[0] for c in rej] == [c[0] for c in exp_old]
    assert [c[1] for c in rej] == [c[1] for c in exp_old]
    for got, exp in zip(acc, exp_new):
        assert _pad(got[2], exp[2]) == exp[2], got[0]
    for got, exp in zip(rej, exp_old):
        assert _pad(got[2], exp[2]) == exp[2], got[0]


def test_write_refuses_existing_and_input(tmp_path):
    out = tmp_path / "changes.docx"
    write_redline(OLD, NEW, out)
    assert out.stat().st_size > 5000
    with pytest.raises(stdbench.StdbenchError):
        write_redline(OLD, NEW, out)
    write_redline(OLD, NEW, out, force=True)
