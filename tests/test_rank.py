"""Front-runner ranking on three small standards with a known order, and the national floor."""
from __future__ import annotations

from decimal import Decimal as D

from stdbench.analysis.rank import rank
from stdbench.model import Bound, Designation, Level, Requirement, Standard
from stdbench.render.quality_report import rank_csv, rank_section_html, rank_text


def _std(code: str, level: Level = Level.enterprise, mandatory: bool | None = None, **limits: str) -> Standard:
    prefix, number = code.rsplit(" ", 1)
    units = {"cadmium": "mg/kg", "lead": "mg/kg", "moisture": "%", "head_rice_yield": "%"}
    reqs = []
    for pid, text in limits.items():
        op, value = text[0], D(text[1:])
        bound = Bound(upper=value) if op == "<" else Bound(lower=value)
        reqs.append(Requirement(parameter=pid, label=pid, bound=bound, unit=units[pid]))
    return Standard(designation=Designation(prefix=prefix, number=number, year=2025), level=level,
                    mandatory=mandatory, titles={"zh": "大米"}, product_categories=["06.02.01"],
                    requirements=reqs)


A = _std("Q/AAA 0001S", cadmium="<0.10", lead="<0.15", moisture="<15.0")
B = _std("Q/BBB 0001S", cadmium="<0.10", lead="<0.10", moisture="<15.5")
C = _std("Q/CCC 0001S", cadmium="<0.15", lead="<0.20", moisture="<14.5")
NATIONAL = _std("GB 9999", level=Level.national, mandatory=True, cadmium="<0.2", lead="<0.2")


def test_known_order():
    result = rank([A, B, C], "大米", [NATIONAL])
    order = [(r.standard, r.place, r.strictest, r.rank_sum) for r in result.rows]
    # B strictest on cadmium (tied with A) and lead; A on cadmium; C on moisture
    assert order == [("Q/BBB 0001S-2025", 1, 2, 5), ("Q/AAA 0001S-2025", 2, 1, 5), ("Q/CCC 0001S-2025", 3, 1, 7)]
    b = result.rows[0]
    assert b.indicators["lead"].place == 1 and b.indicators["cadmium"].place == 1
    assert b.indicators["moisture"].place == 3
    assert b.indicators["cadmium"].vs_national == "stricter"
    assert result.indicators[0].national.startswith("GB 9999-2025")


def test_tie_same_place_with_reason():
    a2 = _std("Q/DDD 0001S", cadmium="<0.10", lead="<0.15", moisture="<15.0")
    result = rank([A, a2], "大米", [NATIONAL])
    assert [r.place for r in result.rows] == [1, 1]
    assert all(r.reason.startswith("tied with") for r in result.rows)
    assert "not ranked" in result.notes[0]  # every indicator equal → none is ranked


def test_looser_than_national_excluded():
    loose = _std("Q/EEE 0001S", cadmium="<0.25", lead="<0.05", moisture="<14.0")
    result = rank([A, B, loose], "大米", [NATIONAL])
    row = next(r for r in result.rows if r.standard == "Q/EEE 0001S-2025")
    assert row.excluded and row.place is None
    assert row.indicators["cadmium"].vs_national == "looser"
    assert any("镉" in f for f in row.flags)
    # places among A and B alone: cadmium equal → not ranked; B strictest on lead, A on moisture → tied
    assert [(r.place, r.strictest, r.rank_sum) for r in result.rows if not r.excluded] == [(1, 1, 3), (1, 1, 3)]
    assert not next(i for i in result.indicators if i.parameter == "cadmium").ranked
    assert result.rows[-1].standard == "Q/EEE 0001S-2025" and "excluded" in result.rows[-1].reason


def test_given_indicators_and_renderers():
    result = rank([A, B, C], "大米", [NATIONAL], indicators=["水分"])
    assert [i.parameter for i in result.indicators] == ["moisture"]
    assert next(r.standard for r in result.rows) == "Q/CCC 0001S-2025"
    assert "Q/CCC 0001S-2025" in rank_text(result)
    assert rank_csv(result).startswith("\ufeff")
    html = rank_section_html(result)
    assert html.startswith("<section") and "≤14.5%" in html
