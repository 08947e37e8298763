from datetime import date
from decimal import Decimal

from stdbench.model import (
    Bound,
    BoundKind,
    Cell,
    Clause,
    ClauseKind,
    Designation,
    Level,
    ListBlock,
    ListItem,
    Note,
    Paragraph,
    Provenance,
    Reference,
    Requirement,
    Row,
    SamplingPlan,
    Standard,
    Status,
    Subject,
    Table,
    Term,
)


def _standard() -> Standard:
    table = Table(
        label="表1", title="理化指标", unit_statement="单位为毫克每千克",
        rows=[
            Row(section="head", cells=[Cell(text="项目", header=True, rowspan=2), Cell(text="指标", colspan=2, header=True)]),
            Row(section="head", cells=[Cell(text="一级", header=True), Cell(text="二级", header=True)]),
            Row(cells=[Cell(text="水分/%"), Cell(text="≤14.5"), Cell(text="≤15.5")]),
        ],
        footnotes=["a 以干基计"],
    )
    req = Requirement(
        parameter="moisture", label="水分/%", subject=Subject(category="大米", grade="一级"),
        bound=Bound(upper=Decimal("14.50"), upper_inclusive=True), unit="%", limit_text="≤14.50",
        provenance=Provenance(clause="4.2", table="表1", row=0, column=1),
    )
    nd = Requirement(
        parameter="salmonella", label="沙门氏菌",
        bound=Bound(kind=BoundKind.not_detected, portion="25 g"),
        sampling_plan=SamplingPlan(n=5, c=0, m=Decimal(0), M=None, unit="/25 g"),
    )
    return Standard(
        designation=Designation(prefix="GB/T", number="1354", year=2018),
        level=Level.national, mandatory=False, status=Status.current,
        titles={"zh": "大米", "en": "Rice"}, issued=date(2018, 10, 10), implemented=date(2019, 5, 1),
        clauses=[Clause(number="4", title="要求", kind=ClauseKind.requirements, children=[
            Clause(number="4.2", title="理化指标", blocks=[Paragraph(text="应符合表1的规定。"), table,
                                                        Note(label="注", text="注意"),
                                                        ListBlock(items=[ListItem(label="a)", text="x", children=[ListItem(text="y")])])],
                   terms=[Term(number="3.1", term="大米", alternatives={"en": ["rice"]}, definition="…")]),
        ])],
        references=[Reference(designation=Designation(prefix="GB", number="2762"), text="GB 2762", dated=False)],
        requirements=[req, nd],
    )


def test_json_round_trip_is_lossless():
    std = _standard()
    text = std.model_dump_json()
    back = Standard.model_validate_json(text)
    assert back == std
    assert back.requirements[0].bound.upper == Decimal("14.50")
    assert str(back.requirements[0].bound.upper) == "14.50"  # trailing zero kept: Decimal, not float
    assert back.requirements[1].bound.kind is BoundKind.not_detected
    assert back.clause("4.2").blocks[1].rows[0].cells[1].colspan == 2


def test_table_grid_expands_spans():
    table = _standard().clause("4.2").blocks[1]
    grid = table.grid()
    assert [[c.text for c in row] for row in grid] == [
        ["项目", "指标", "指标"], ["项目", "一级", "二级"], ["水分/%", "≤14.5", "≤15.5"],
    ]


def test_bound_direction():
    assert Bound(upper=Decimal(1)).direction == "max"
    assert Bound(lower=Decimal(1)).direction == "min"
    assert Bound(lower=Decimal(1), upper=Decimal(2)).direction == "range"
    assert Bound(kind=BoundKind.not_detected).direction == "max"
    assert Bound(kind=BoundKind.quantum_satis).direction == "none"


def test_text_collects_every_block():
    std = _standard()
    text = std.text()
    for piece in ("应符合表1的规定。", "≤15.5", "a 以干基计", "注意", "y", "rice"):
        assert piece in text


def test_spreadsheet_cells_neutralised():
    from stdbench.render.cells import neutralise

    assert neutralise("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert neutralise("-2+3") == "'-2+3"
    assert neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise("≤0.2") == "≤0.2" and neutralise(None) == "" and neutralise(0.5) == "0.5"
