"""Requirement extraction from tables and sentences (stdbench/readers/requirements.py)."""
from __future__ import annotations

import importlib.util
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stdbench.model import (
    BoundKind,
    Cell,
    Clause,
    ClauseKind,
    ListBlock,
    ListItem,
    Paragraph,
    Row,
    Standard,
    Table,
)
from stdbench.readers.requirements import (
    extract_requirements,
    merge_continuations,
    sentence_requirements,
    table_requirements,
)
from tests.conftest import sample


def H(text: str, rowspan: int = 1, colspan: int = 1) -> Cell:
    return Cell(text=text, rowspan=rowspan, colspan=colspan, header=True)


def C(text: str, rowspan: int = 1, colspan: int = 1) -> Cell:
    return Cell(text=text, rowspan=rowspan, colspan=colspan)


def head(*cells: Cell) -> Row:
    return Row(cells=list(cells), section="head")


def body(*texts: str | Cell) -> Row:
    return Row(cells=[t if isinstance(t, Cell) else C(t) for t in texts])


def one(reqs, **where):
    found = [r for r in reqs if all(_get(r, k) == v for k, v in where.items())]
    assert len(found) == 1, (where, [(r.label, r.subject, r.limit_text) for r in reqs])
    return found[0]


def _get(r, key):
    obj = r
    for part in key.split("__"):
        obj = getattr(obj, part)
    return obj


CLAUSE = Clause(number="5.3", title="理化指标", kind=ClauseKind.requirements)


# --------------------------------------------------------------------------- tables


def test_simple_zh_table_units_in_labels_and_headers_methods():
    t = Table(label="表2", title="理化指标", rows=[
        head(H("项目"), H("指标"), H("检验方法")),
        body("水分/%", "≤15.5", "GB 5009.3"),
        body("铅（以Pb计）/(mg/kg)", "0.2", "GB 5009.12、GB 5009.268"),
        body("蛋白质/(g/100 g)", "≥7.0", "GB 5009.5"),
    ])
    reqs = table_requirements(t, CLAUSE)
    assert len(reqs) == 3
    water = one(reqs, label="水分")
    assert water.parameter == "moisture" and water.unit == "%"
    assert water.bound.upper == Decimal("15.5") and water.bound.upper_inclusive and water.bound.lower is None
    assert water.methods == ["GB 5009.3"]
    assert (water.provenance.clause, water.provenance.table, water.provenance.row, water.provenance.column) == (
        "5.3", "表2", 0, 1)
    lead = one(reqs, parameter="lead")
    # a bare number under 指标 takes the lexicon direction of lead (max)
    assert lead.bound.upper == Decimal("0.2") and lead.bound.lower is None
    assert lead.unit == "mg/kg" and "Pb" in (lead.basis or "")
    assert lead.methods == ["GB 5009.12", "GB 5009.268"]
    assert lead.provenance.row == 1 and lead.limit_text == "0.2"
    protein = one(reqs, parameter="protein")
    assert protein.bound.lower == Decimal("7.0") and protein.unit == "g/100 g"


def test_header_unit_and_unknown_label_kept():
    t = Table(label="表3", rows=[
        head(H("项目"), H("限量/(mg/kg)")),
        body("某未知物质", "0.05"),
        body("铅", "—"),
    ])
    reqs = table_requirements(t, CLAUSE)
    assert len(reqs) == 1  # "—" is no requirement
    r = reqs[0]
    assert r.parameter is None and r.label == "某未知物质" and r.unit == "mg/kg"
    # 限量 in the header makes a bare number a maximum
    assert r.bound.upper == Decimal("0.05") and r.bound.lower is None


def test_grade_columns_under_spanning_header_and_unit_statement():
    t = Table(label="表1", unit_statement="单位为%", rows=[
        head(H("项目", rowspan=2), H("指标", colspan=3), H("检验方法", rowspan=2)),
        head(H("一级"), H("二级"), H("三级")),
        body("水分", "≤14.5", "≤15.0", "≤15.5", "GB 5009.3"),
        body("杂质", C("≤0.25", colspan=3), "GB/T 5494"),
    ])
    reqs = table_requirements(t, CLAUSE)
    assert len(reqs) == 6
    w3 = one(reqs, label="水分", subject__grade="三级")
    assert w3.bound.upper == Decimal("15.5") and w3.unit == "%" and w3.provenance.column == 3
    w1 = one(reqs, label="水分", subject__grade="一级")
    assert w1.bound.upper == Decimal("14.5") and w1.provenance.column == 1 and w1.provenance.row == 0
    impurity = [r for r in reqs if r.label == "杂质"]
    assert sorted(r.subject.grade for r in impurity) == ["一级", "三级", "二级"]
    assert {r.bound.upper for r in impurity} == {Decimal("0.25")}
    assert all(r.provenance.row == 1 for r in impurity)


def test_iso_style_product_type_columns_not_applicable_and_footnote_marks():
    t = Table(label="Table 1", title="Maximum permissible mass fraction of defects", footnotes=[
        "a Organic extraneous matter includes foreign seeds, husks, bran, parts of straw, etc."], rows=[
        head(H("Defect", rowspan=2), H("Maximum permissible mass fraction of defects %", colspan=4)),
        head(H("in husked rice"), H("in milled rice (non-glutinous)"), H("in husked parboiled rice"),
             H("in milled parboiled rice")),
        body("Extraneous matter: organica", "1,0", "0,5", "1,0", "0,5"),
        body("Paddy", "2,5", "0,3", "2,5", "0,3"),
        body("Husked rice, non-parboiled", "Not applicable", "1,0", "N/A", "1,0a"),
        Row(cells=[C("Live insects shall not be present.", colspan=5)], section="foot"),
    ])
    reqs = table_requirements(t, Clause(number="4.2.2", title="", kind=ClauseKind.requirements))
    organic = one(reqs, label="Extraneous matter: organic", subject__product_type="husked rice")
    assert organic.bound.upper == Decimal("1.0") and organic.unit == "%"
    assert organic.notes and "foreign seeds" in organic.notes[0]
    paddy = one(reqs, label="Paddy", subject__product_type="milled rice (non-glutinous)")
    assert paddy.bound.upper == Decimal("0.3") and paddy.bound.lower is None
    assert paddy.provenance.row == 1 and paddy.provenance.column == 2
    husked = [r for r in reqs if r.label == "Husked rice, non-parboiled"]
    assert len(husked) == 2  # two "not applicable" cells give nothing
    last = one(husked, subject__product_type="milled parboiled rice")
    assert last.bound.upper == Decimal("1.0") and last.limit_text == "1,0a"
    assert not any("Live insects" in r.label for r in reqs)


def test_microbiological_plan_table():
    t = Table(label="表3", rows=[
        head(H("项目", rowspan=2), H("采样方案及限量", colspan=4), H("检验方法", rowspan=2)),
        head(H("n"), H("c"), H("m"), H("M")),
        body("菌落总数/(CFU/g)", "5", "2", "100", "1000", "GB 4789.2"),
        body("沙门氏菌", "5", "0", "0/25 g", "—", "GB 4789.4"),
    ])
    reqs = table_requirements(t, CLAUSE)
    assert len(reqs) == 2
    apc = one(reqs, label="菌落总数")
    plan = apc.sampling_plan
    assert (plan.n, plan.c, plan.m, plan.M) == (5, 2, Decimal(100), Decimal(1000))
    assert apc.bound.upper == Decimal(1000) and apc.unit == "CFU/g" and apc.methods == ["GB 4789.2"]
    assert apc.provenance.column == 3 and apc.provenance.row == 0
    salmonella = one(reqs, label="沙门氏菌")
    assert salmonella.bound.kind == BoundKind.not_detected and salmonella.sampling_plan.M is None
    assert salmonella.sampling_plan.c == 0 and salmonella.sampling_plan.m == Decimal(0)


def test_gb2762_layout_parameter_from_clause_and_unit_statement_paragraph():
    clause = Clause(number="4.1", title="铅", kind=ClauseKind.requirements, blocks=[
        Paragraph(text="单位为毫克每千克"),
        Table(label="表1", title="食品中铅限量指标", rows=[
            head(H("食品类别代码"), H("食品类别（名称）"), H("限量（以Pb计）")),
            body("01.01", "谷物", "0.2"),
            body("01.02", "谷物碾磨加工品", "0.2"),
            body("02", "豆类及其制品", ""),
            body("02.01", "豆类", "0.2"),
        ]),
    ])
    std = Standard(clauses=[clause])
    reqs = extract_requirements(std)
    assert len(reqs) == 3
    assert {r.parameter for r in reqs} == {"lead"} and {r.label for r in reqs} == {"铅"}
    grain = one(reqs, subject__category="谷物")
    assert grain.subject.category_code == "01.01" and grain.unit == "mg/kg"
    assert grain.bound.upper == Decimal("0.2") and "Pb" in (grain.basis or "")
    beans = one(reqs, subject__category_code="02.01")
    assert beans.provenance.row == 3 and beans.provenance.column == 2


def test_gb2760_label_rows_and_repeated_headers():
    t = Table(label="表A.1", rows=[
        body(C("苯甲酸及其钠盐 benzoic acid, sodium benzoate CNS号 17.001,17.002 INS号 210,211 功能 防腐剂",
               colspan=4)),
        head(H("食品分类号"), H("食品名称"), H("最大使用量/(g/kg)"), H("备注")),
        body("03.03", "风味冰、冰棍类", "1.0", "以苯甲酸计"),
        body(C("山梨酸及其钾盐 sorbic acid CNS号 17.003", colspan=4)),
        body("食品分类号", "食品名称", "最大使用量/(g/kg)", "备注"),
        body("04.01.02.05", "果酱", "1.0", "以山梨酸计"),
    ])
    reqs = table_requirements(t, Clause(number="A.1", title="食品添加剂的允许使用品种、使用范围以及最大使用量"))
    assert len(reqs) == 2
    benzoic = one(reqs, subject__category_code="03.03")
    assert benzoic.label.startswith("苯甲酸及其钠盐") and "CNS" not in benzoic.label
    assert benzoic.bound.upper == Decimal("1.0") and benzoic.unit == "g/kg" and benzoic.notes == ["以苯甲酸计"]
    sorbic = one(reqs, subject__category="果酱")
    assert sorbic.label.startswith("山梨酸及其钾盐") and sorbic.provenance.row == 3


def test_continued_table_is_merged_with_its_label():
    first = Table(label="表1", rows=[head(H("项目"), H("指标")), body("水分/%", "≤15.5")])
    cont = Table(label="表1（续）", rows=[head(H("项目"), H("指标")), body("灰分/%", "≤0.7")])
    std = Standard(clauses=[
        Clause(number="5", title="要求", kind=ClauseKind.requirements, blocks=[first]),
        Clause(number="5.1", title="理化", kind=ClauseKind.requirements, blocks=[cont]),
    ])
    assert [t.label for _c, t, _u in merge_continuations(std)] == ["表1"]
    reqs = extract_requirements(std)
    ash = one(reqs, label="灰分")
    assert ash.provenance.table == "表1" and ash.provenance.clause == "5" and ash.provenance.row == 2
    assert ash.bound.upper == Decimal("0.7")


def test_continued_english_table_and_plain_labels():
    a = Table(label="Table 1", rows=[head(H("Parameter"), H("Limit")), body("Moisture, %", "max. 15")])
    b = Table(label="Table 1 (continued)", rows=[body("Ash, %", "0,5")])
    c = Table(label="Table 2", title="理化指标（续）", rows=[])
    std = Standard(clauses=[Clause(number="4", title="Requirements", blocks=[a, b, c])])
    assert [t.label for _c, t, _u in merge_continuations(std)] == ["Table 1", "Table 2"]
    reqs = extract_requirements(std)
    assert [(r.parameter, r.bound.upper, r.unit, r.provenance.row) for r in reqs] == [
        ("moisture", Decimal(15), "%", 0), ("ash", Decimal("0.5"), "%", 1)]


def test_sensory_text_and_by_reference_cells_and_source_column():
    t = Table(label="表1", rows=[
        head(H("项目"), H("要求"), H("检验方法"), H("来源")),
        body("色泽", "呈白色或微黄色，有光泽", "GB/T 5492", "GB/T 1354-2018 表1"),
        body("污染物", "应符合GB 2762的规定", "—", "未核实"),
    ])
    reqs = table_requirements(t, CLAUSE)
    colour = one(reqs, label="色泽")
    assert colour.bound.kind == BoundKind.text and colour.bound.text == "呈白色或微黄色，有光泽"
    assert colour.verified and colour.provenance.source == "GB/T 1354-2018 表1"
    ref = one(reqs, label="污染物")
    assert ref.bound.kind == BoundKind.by_reference and str(ref.bound.reference) == "GB 2762"
    assert ref.verified is False and ref.methods == []


def test_unflagged_english_header_cell_units_not_detected_and_quantum_satis():
    t = Table(label="Table 2", rows=[
        body("Parameter", "Limit", "Test method"),
        body("Lead", "≤0.2 mg/kg", "ISO 6633; GB 5009.12"),
        body("Salmonella", "不得检出", "GB 4789.4"),
        body("Sorbic acid", "按生产需要适量使用", ""),
    ])
    reqs = table_requirements(t, CLAUSE)
    assert len(reqs) == 3
    lead = one(reqs, label="Lead")
    assert lead.bound.upper == Decimal("0.2") and lead.unit == "mg/kg" and lead.provenance.row == 0
    assert lead.methods == ["ISO 6633", "GB 5009.12"]
    assert one(reqs, label="Salmonella").bound.kind == BoundKind.not_detected
    assert one(reqs, label="Sorbic acid").bound.kind == BoundKind.quantum_satis


def test_unit_statement_row_minimum_header_and_operator_in_label():
    t = Table(label="表4", rows=[
        body(C("单位为克每百克", colspan=2)),
        body("项目", "最小值"),
        body("某成分", "7.0"),
        body("碎米总量 ≤", "15.0"),
    ])
    reqs = table_requirements(t, CLAUSE)
    part = one(reqs, label="某成分")
    assert part.bound.lower == Decimal("7.0") and part.bound.upper is None and part.unit == "g/100 g"
    broken = one(reqs, provenance__row=1)
    assert broken.bound.upper == Decimal("15.0") and broken.bound.lower is None


def test_table_without_recognisable_header_gives_nothing():
    t = Table(label="表9", rows=[body("a", "b"), body("c", "d")])
    assert table_requirements(t, CLAUSE) == []


# --------------------------------------------------------------------------- sentences


@pytest.mark.parametrize("text", ["水分应不大于15.5%。", "水分含量应≤15.5%。"])
def test_zh_sentence_limits(text):
    (r,) = sentence_requirements(text, CLAUSE)
    assert r.parameter == "moisture" and r.unit == "%"
    assert r.bound.upper == Decimal("15.5") and r.bound.upper_inclusive and r.bound.lower is None
    assert r.provenance.clause == "5.3" and r.provenance.text == text


def test_en_sentence_with_method():
    text = ("The mass fraction of moisture, determined in accordance with ISO 712, using an oven complying "
            "with the requirements of IEC 61010-2:1998, shall not be greater than 15 %.")
    (r,) = sentence_requirements(text, Clause(number="4.2.1"))
    assert r.parameter == "moisture" and r.unit == "%" and r.bound.upper == Decimal(15)
    assert r.methods == ["ISO 712"] and r.limit_text == "shall not be greater than 15 %"


def test_by_reference_not_detected_and_pointer_sentences():
    clause = Clause(number="5.4", title="污染物限量", kind=ClauseKind.requirements)
    (r,) = sentence_requirements("应符合GB 2762的规定。", clause)
    assert r.bound.kind == BoundKind.by_reference and str(r.bound.reference) == "GB 2762"
    assert r.parameter is None and r.label == "污染物限量"
    (add,) = sentence_requirements("食品添加剂的使用应符合GB 2760的规定。", clause)
    assert str(add.bound.reference) == "GB 2760" and add.label == "食品添加剂的使用"
    assert sentence_requirements("理化指标应符合表1的规定。", clause) == []
    (nd,) = sentence_requirements("沙门氏菌不得检出。", clause)
    assert nd.bound.kind == BoundKind.not_detected and nd.label == "沙门氏菌" and nd.parameter == "salmonella"
    pair = sentence_requirements("沙门氏菌、金黄色葡萄球菌不得检出。", clause)
    assert [r.parameter for r in pair] == ["salmonella", "staphylococcus_aureus"]
    assert all(r.bound.kind == BoundKind.not_detected for r in pair)
    assert sentence_requirements("本文件适用于大米。", clause) == []


def test_sentences_skipped_in_scope_terms_and_foreword():
    std = Standard(clauses=[
        Clause(title="前言", kind=ClauseKind.foreword, blocks=[Paragraph(text="水分应不大于15.5%。")]),
        Clause(number="1", title="范围", blocks=[Paragraph(text="产品应符合GB 2762的规定。")]),
        Clause(number="3", title="术语和定义", kind=ClauseKind.terms, children=[
            Clause(number="3.1", title="大米", blocks=[Paragraph(text="水分应不大于14%。")])]),
        Clause(number="4", title="要求", kind=ClauseKind.requirements, blocks=[
            ListBlock(items=[ListItem(label="a)", text="水分应不大于14.5%；")])]),
    ])
    (r,) = extract_requirements(std)
    assert r.provenance.clause == "4" and r.bound.upper == Decimal("14.5")


def test_test_method_sentences_are_procedure_but_their_tables_count():
    std = Standard(clauses=[Clause(number="7", title="检验方法", kind=ClauseKind.test_methods, children=[
        Clause(number="7.1", title="水分", blocks=[
            Paragraph(text="烘箱温度应为(105±2)℃。"),
            Table(label="表5", rows=[head(H("项目"), H("指标")), body("水分/%", "≤14.0")]),
        ])])])
    (r,) = extract_requirements(std)
    assert r.parameter == "moisture" and r.provenance.table == "表5" and r.bound.upper == Decimal("14.0")


# --------------------------------------------------------------------------- real sample


def test_iso_17301_1_sts_sample():
    if importlib.util.find_spec("stdbench.readers.sts") is None:
        pytest.skip("STS reader not available yet")
    from stdbench.readers.sts import read_sts

    std = read_sts(sample("rice-2016-en.isosts.xml"))
    reqs = extract_requirements(std)
    table = [r for r in reqs if r.provenance.table == "Table 1"]

    def cell(label: str, product: str):
        found = [r for r in table if r.label.lower().startswith(label) and r.subject.product_type == product]
        assert len(found) == 1, (label, product, [(r.label, r.subject.product_type) for r in table])
        return found[0]

    assert cell("paddy", "milled rice (non-glutinous)").bound.upper == Decimal("0.3")
    assert cell("paddy", "husked rice").bound.upper == Decimal("2.5")
    assert cell("extraneous matter: organic", "husked rice").bound.upper == Decimal("1.0")
    assert cell("extraneous matter: organic", "milled rice (non-glutinous)").bound.upper == Decimal("0.5")
    inorganic = [r for r in table if r.label.lower().startswith("extraneous matter: inorganic")]
    assert len(inorganic) == 4 and {r.bound.upper for r in inorganic} == {Decimal("0.5")}
    assert all(r.unit == "%" for r in table if r.bound.kind == BoundKind.interval)
    assert not any("not applicable" in r.limit_text.lower() for r in reqs)
    # "Husked rice, non-parboiled" is not applicable to husked rice: 3 requirements, not 4
    assert len([r for r in table if r.label.lower().startswith("husked rice, non")]) == 3
    moisture = [r for r in reqs if r.provenance.clause == "4.2.1" and r.bound.upper == Decimal(15)]
    assert len(moisture) == 1 and moisture[0].unit == "%" and moisture[0].bound.lower is None


# --------------------------------------------------------------------------- robustness

_texts = st.sampled_from(["", "项目", "指标", "n", "m", "M", "≤0.2", "0,5a", "—", "Not applicable", "铅/(mg/kg)",
                          "应符合GB 2762的规定", "不得检出", "5", "0/25 g", "检验方法", "表1（续）", "x≤", "单位为%"])
_cells = st.builds(Cell, text=_texts, rowspan=st.integers(1, 3), colspan=st.integers(1, 3), header=st.booleans())
_rows = st.builds(Row, cells=st.lists(_cells, min_size=0, max_size=4),
                  section=st.sampled_from(["head", "body", "body", "foot"]))


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(_rows, max_size=5), label=st.sampled_from([None, "表1", "表1（续）"]))
def test_any_table_never_raises(rows, label):
    std = Standard(clauses=[Clause(number="5", title="要求", blocks=[
        Table(label="表1", rows=rows), Table(label=label, rows=rows)])])
    warnings: list[str] = []
    for r in extract_requirements(std, warnings):
        assert r.provenance.table in ("表1", label) and r.provenance.clause == "5"


@pytest.mark.parametrize("name,module", [("rice-2016-en.metanorma.xml", "stdbench.readers.metanorma"),
                                         ("rice-2016-en.docx", "stdbench.readers.docx")])
def test_same_table_1_from_every_format(name, module):
    if importlib.util.find_spec(module) is None or importlib.util.find_spec("stdbench.readers.sts") is None:
        pytest.skip(f"{module} not available yet")
    from stdbench.readers import read

    def key(path):
        reqs = extract_requirements(read(path))
        return sorted((r.parameter or r.label, r.subject.product_type or "", r.bound.upper)
                      for r in reqs if r.provenance.table == "Table 1")

    sts = key(sample("rice-2016-en.isosts.xml"))
    assert len(sts) == 16 * 4 - 10  # 16 rows x 4 columns minus 10 "Not applicable" cells
    assert key(sample(name)) == sts
