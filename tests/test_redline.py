"""Redlines: text operations (words for Latin scripts, characters for Chinese) and tables cell by cell."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from stdbench.analysis.redline import diff_table, diff_text, redline, tokens
from stdbench.model import Cell, Clause, Paragraph, Row, Table


@given(st.text(), st.text())
def test_ops_rebuild_both_texts(old, new):
    ops = diff_text(old, new)
    assert "".join(op.old for op in ops) == old
    assert "".join(op.new for op in ops) == new
    assert all(op.op == "equal" for op in ops) == (old == new)


def test_tokens_keep_numbers_whole_and_chinese_by_character():
    assert tokens("moisture 14,5 % max.") == ["moisture", " ", "14,5", " ", "%", " ", "max", "."]
    assert tokens("水分≤14.5%") == ["水", "分", "≤", "14.5", "%"]


def test_chinese_diff_by_character():
    ops = diff_text("水分含量应不大于14.5%。", "水分含量应不大于15.0%。")
    changed = [op for op in ops if op.op != "equal"]
    assert [(op.op, op.old, op.new) for op in changed] == [("replace", "14.5", "15.0")]
    ops = diff_text("铅的含量应不大于0.2 mg/kg", "铅（以Pb计）的含量应不大于0.2 mg/kg")
    assert [(op.op, op.new) for op in ops if op.op != "equal"] == [("insert", "（以Pb计）")]


def test_english_diff_by_word():
    ops = diff_text("The moisture content shall not exceed 15 %.", "The moisture content shall not exceed 14 %.")
    assert [(op.op, op.old, op.new) for op in ops if op.op != "equal"] == [("replace", "15", "14")]
    ops = diff_text("milled rice", "milled parboiled rice")
    assert [(op.op, op.new) for op in ops if op.op != "equal"] == [("insert", "parboiled ")]


def _table(rows: list[list[str]], label: str = "表1") -> Table:
    return Table(label=label, rows=[Row(cells=[Cell(text=t) for t in r]) for r in rows])


def test_table_cells_changed_added_removed():
    old = _table([["项目", "一级", "二级"], ["碎米总量/%", "≤15.0", "≤20.0"], ["水分含量/%", "≤14.5", "≤14.5"]])
    new = _table([["项目", "一级", "二级"], ["碎米总量/%", "≤10.0", "≤20.0"], ["水分含量/%", "≤14.5", "≤14.5"],
                  ["黄粒米含量/%", "≤1.0", "≤1.0"]])
    d = diff_table(old, new)
    assert d.old_shape == (3, 3) and d.new_shape == (4, 3) and d.changed
    changed = [(c.row, c.column, c.change, c.old, c.new) for c in d.changes]
    assert changed[0] == (1, 1, "changed", "≤15.0", "≤10.0")
    assert [c[:3] for c in changed[1:]] == [(3, 0, "added"), (3, 1, "added"), (3, 2, "added")]
    assert changed[1][4] == "黄粒米含量/%"
    assert not diff_table(old, old).changed


def test_spanned_cell_reported_once():
    span = Table(rows=[Row(cells=[Cell(text="限量", colspan=2)]), Row(cells=[Cell(text="0.2"), Cell(text="0.1")])])
    edit = Table(rows=[Row(cells=[Cell(text="最大限量", colspan=2)]), Row(cells=[Cell(text="0.2"), Cell(text="0.1")])])
    d = diff_table(span, edit)
    assert [(c.row, c.column, c.old, c.new) for c in d.changes] == [(0, 0, "限量", "最大限量")]


def test_clause_redline_title_text_and_tables():
    old = Clause(number="4", title="质量要求", blocks=[
        Paragraph(text="大米质量指标应符合表1的规定。"), _table([["项目", "一级"], ["水分/%", "≤14.5"]])])
    new = Clause(number="4", title="质量指标", blocks=[
        Paragraph(text="大米质量指标应符合表1的规定。"), _table([["项目", "一级"], ["水分/%", "≤15.5"]])])
    r = redline(old, new)
    assert [(op.op, op.old, op.new) for op in r.title if op.op != "equal"] == [("replace", "要求", "指标")]
    assert all(op.op == "equal" for op in r.text)  # prose unchanged: the table is not part of it
    assert [(c.old, c.new) for c in r.tables[0].changes] == [("≤14.5", "≤15.5")]
    assert r.changed and not redline(old, old).changed
