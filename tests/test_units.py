"""Units, dimensions, exact conversions, labels with unit and basis; real ISO 17301-1 table cells."""
from __future__ import annotations

import sys
import types
from decimal import Decimal

import pytest
from conftest import sample
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from stdbench.errors import NormalizeError, UnitError
from stdbench.model import Bound, BoundKind
from stdbench.normalize.quantity import parse_limit
from stdbench.normalize.units import (
    canonical_basis,
    convert,
    convert_bound,
    dimension,
    label_direction,
    parse_unit,
    split_label,
    split_unit_basis,
    units,
)

D = Decimal

SPELLINGS = [
    ("mg/kg", "mg/kg"), ("mg / kg", "mg/kg"), ("(mg/kg)", "mg/kg"), ("（mg/kg）", "mg/kg"), ("ppm", "mg/kg"),
    ("µg/kg", "μg/kg"), ("μg/kg", "μg/kg"), ("ug/kg", "μg/kg"), ("ppb", "μg/kg"), ("g/kg", "g/kg"),
    ("g/100g", "g/100 g"), ("g/100 g", "g/100 g"), ("％", "%"), ("% (m/m)", "%"), ("% mass fraction", "%"),
    ("%vol", "%vol"), ("% vol", "%vol"), ("%(V/V)", "%vol"), ("mg/L", "mg/L"), ("mg/l", "mg/L"),
    ("µg/L", "μg/L"), ("mg/100g", "mg/100 g"), ("CFU/g", "CFU/g"), ("cfu/mL", "CFU/mL"),
    ("CFU/g(mL)", "CFU/g(mL)"), ("CFU/25 g", "CFU/25 g"), ("MPN/g", "MPN/g"), ("MPN/100mL", "MPN/100 mL"),
    ("/25g", "/25 g"), ("/25 g(mL)", "/25 g(mL)"), ("mg/g", "mg/g"), ("meq/kg", "meq/kg"),
    ("mmol/kg", "mmol/kg"), ("℃", "°C"), ("°C", "°C"), ("mS/cm", "mS/cm"), ("Schade units", "Schade units"),
    ("DN", "Schade units"), ("mL/(g·h)", "Schade units"), ("g/L", "g/L"), ("mL/100 g", "mL/100 g"),
    ("kg/m³", "g/L"), ("kg/m3", "g/L"), ("毫克每千克", "mg/kg"), ("微克每千克", "μg/kg"),
]


@pytest.mark.parametrize("text,canonical", SPELLINGS)
def test_parse_unit(text, canonical):
    assert parse_unit(text) == canonical


@pytest.mark.parametrize("text", ["furlongs", "mg/furlong", "", "kg/"])
def test_unknown_unit(text):
    with pytest.raises(UnitError):
        parse_unit(text)


def test_micro_signs_both_fold_to_greek_mu():
    assert parse_unit("\u00b5g/kg") == parse_unit("\u03bcg/kg") == "\u03bcg/kg"


@pytest.mark.parametrize("text,unit,basis", [
    ("mg/g (as KOH)", "mg/g", "KOH"), ("mg KOH/g", "mg/g", "KOH"), ("% (m/m)", "%", None),
    ("mg/kg (以Pb计)", "mg/kg", "以Pb计"), ("% on dry matter", "%", "dry matter"), ("(以干基计)", None, "dry matter"),
    ("g/100 g 以脂肪计", "g/100 g", "以脂肪计"), ("", None, None),
])
def test_split_unit_basis(text, unit, basis):
    assert split_unit_basis(text) == (unit, basis)


@pytest.mark.parametrize("text,basis", [
    ("以干基计", "dry matter"), ("on dry basis", "dry matter"), ("以 Pb 计", "以Pb计"), ("as KOH", "KOH"),
    ("as is", "as is"), ("以NaNO₂计", "以NaNO₂计"), ("m/m", None), ("whatever", None),
])
def test_canonical_basis(text, basis):
    assert canonical_basis(text) == basis


@pytest.mark.parametrize("unit,dim", [
    ("mg/kg", "mass fraction"), ("%", "mass fraction"), ("g/100 g", "mass fraction"), ("%vol", "volume fraction"),
    ("mg/L", "mass concentration"), ("CFU/g", "count per mass"), ("CFU/mL", "count per volume"),
    ("MPN/100 mL", "MPN per volume"), ("℃", "temperature"), ("meq/kg", "equivalents per mass"),
    ("mmol/kg", "amount per mass"), ("mS/cm", "conductivity"), ("Schade units", "diastase activity"),
    ("/25 g", "presence in test portion"), ("mL/100 g", "volume per mass"),
])
def test_dimension(unit, dim):
    assert dimension(unit) == dim


CONVERSIONS = [
    ("0.2", "mg/kg", "μg/kg", "200"), ("10", "μg/kg", "mg/kg", "0.01"), ("1", "g/100 g", "%", "1"),
    ("20", "mg/100 g", "mg/kg", "200"), ("1", "mg/100 g", "mg/kg", "10"), ("0.25", "g/100 g", "mg/kg", "2500"),
    ("1.5", "g/kg", "mg/kg", "1500"), ("0.5", "%", "g/kg", "5"), ("1", "g/L", "mg/L", "1000"),
    ("50", "μg/L", "mg/L", "0.05"), ("1", "kg/m³", "g/L", "1"), ("2", "mS/cm", "μS/cm", "2000"),
    ("100", "MPN/100 mL", "MPN/mL", "1"), ("25", "CFU/25 g", "CFU/g", "1"), ("10", "CFU/g(mL)", "CFU/mL", "10"),
    ("10", "CFU/g(mL)", "CFU/g", "10"), ("1", "kcal/100 g", "kJ/100 g", "4.184"), ("0.3", "mg/kg", "mg/kg", "0.3"),
]


@pytest.mark.parametrize("value,a,b,expected", CONVERSIONS)
def test_convert_exact(value, a, b, expected):
    out = convert(D(value), a, b)
    assert out == D(expected)
    assert isinstance(out, Decimal)


@pytest.mark.parametrize("a,b", [("mg/kg", "CFU/g"), ("%", "℃"), ("g/100 g", "mmol/kg"), ("CFU/g", "MPN/g"),
                                 ("mg/kg", "mg/L"), ("meq/kg", "mmol/kg"), ("/25 g", "/10 g")])
def test_conversion_refused(a, b):
    with pytest.raises(UnitError) as err:
        convert(D(1), a, b)
    assert parse_unit(a) in str(err.value) and parse_unit(b) in str(err.value)


def test_convert_rejects_float():
    with pytest.raises(NormalizeError):
        convert(0.2, "mg/kg", "μg/kg")  # type: ignore[arg-type]


def test_cross_dimension_through_lexicon(monkeypatch):
    """Peroxide value: g/100 g → mmol/kg only with the parameter's own factor (GB 5009.227: ×78.8)."""
    fake = types.ModuleType("stdbench.normalize.lexicon")

    def conversion_factor(parameter, from_unit, to_unit):
        if (parameter, from_unit, to_unit) == ("peroxide_value", "g/100 g", "mmol/kg"):
            return D("39.4")
        return None

    fake.conversion_factor = conversion_factor
    monkeypatch.setitem(sys.modules, "stdbench.normalize.lexicon", fake)
    assert convert(D("0.25"), "g/100 g", "mmol/kg", parameter="peroxide_value") == D("9.85")
    with pytest.raises(UnitError):
        convert(D("0.25"), "g/100 g", "mmol/kg")
    with pytest.raises(UnitError):
        convert(D("1"), "mg/kg", "CFU/g", parameter="peroxide_value")


def test_convert_bound_keeps_inclusiveness():
    b = Bound(lower=D("0.1"), lower_inclusive=False, upper=D("0.2"), upper_inclusive=True)
    out = convert_bound(b, "mg/kg", "μg/kg")
    assert (out.lower, out.upper, out.lower_inclusive, out.upper_inclusive) == (D(100), D(200), False, True)
    nd = convert_bound(Bound(kind=BoundKind.not_detected, detection_limit=D("0.01")), "mg/kg", "μg/kg")
    assert nd.kind == BoundKind.not_detected and nd.detection_limit == D(10)
    tol = convert_bound(parse_limit("(65±2)%").bound, "%", "g/kg")
    assert (tol.nominal, tol.tolerance, tol.lower, tol.upper) == (D(650), D(20), D(630), D(670))


_same_dim = st.sampled_from([("mg/kg", "μg/kg"), ("g/100 g", "mg/kg"), ("mg/L", "g/L"), ("MPN/100 mL", "MPN/mL"),
                             ("%", "mg/100 g"), ("mS/cm", "μS/cm")])


@given(_same_dim, st.decimals(min_value=0, max_value=10**6, places=6, allow_nan=False, allow_infinity=False))
def test_convert_round_trip_is_exact(pair, value):
    a, b = pair
    assert convert(convert(value, a, b), b, a) == value


def test_every_unit_in_the_table_is_consistent():
    table = units()
    assert len(table) >= 40
    for name, info in table.items():
        assert parse_unit(name) == name  # canonical spellings are found as themselves
        assert info.factor is None or info.factor > 0


# --------------------------------------------------------------------------- labels

LABELS = [
    ("铅（以Pb计）/(mg/kg)", "铅", "mg/kg", "以Pb计"),
    ("Acid value (KOH)/(mg/g)", "Acid value", "mg/g", "KOH"),
    ("水分/%", "水分", "%", None),
    ("菌落总数/(CFU/g)", "菌落总数", "CFU/g", None),
    ("Moisture, % (m/m)", "Moisture", "%", None),
    ("碎米总量/%  ≤", "碎米总量", "%", None),
    ("总砷（以As计）/（mg/kg）", "总砷", "mg/kg", "以As计"),
    ("亚硝酸盐（以NaNO₂计）/(mg/kg)", "亚硝酸盐", "mg/kg", "以NaNO₂计"),
    ("灰分（以干基计）/%", "灰分", "%", "dry matter"),
    ("大肠菌群/(MPN/100 mL)", "大肠菌群", "MPN/100 mL", None),
    ("Acid value, mg KOH/g", "Acid value", "mg/g", "KOH"),
    ("Peroxide value (meq/kg)", "Peroxide value", "meq/kg", None),
    ("Lead, total/(mg/kg)", "Lead, total", "mg/kg", None),
    ("酒精度/(%vol)", "酒精度", "%vol", None),
    ("糖/酸比", "糖/酸比", None, None),
    ("色泽", "色泽", None, None),
]


@pytest.mark.parametrize("label,name,unit,basis", LABELS)
def test_split_label(label, name, unit, basis):
    assert split_label(label) == (name, unit, basis)


@pytest.mark.parametrize("label,direction", [
    ("碎米总量/%  ≤", "max"), ("出糙率/% ≥", "min"), ("≤ 水分/%", "max"), ("Moisture, % max.", "max"),
    ("水分/%", None),
])
def test_label_direction(label, direction):
    assert label_direction(label) == direction


# --------------------------------------------------------------------------- real document


def _table_cells(path, label: str) -> tuple[list[str], list[str]]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    tree = etree.parse(str(path), parser)
    for wrap in tree.iter("table-wrap"):
        if (wrap.findtext("label") or "").strip() == label:
            # the cell's own text: footnote calls (<xref>, <fn>) are child elements a reader moves out
            values = [(td.text or "").strip() for td in wrap.iter("td") if td.get("align") == "center"]
            rows = [(td.text or "").strip() for td in wrap.iter("td") if td.get("align") == "left"]
            return values, rows
    raise AssertionError(f"{label} not found")


def test_iso_17301_table_1_limits():
    """ISO 17301-1 Table 1: decimal commas and "Not applicable", column unit % (max.)."""
    values, _ = _table_cells(sample("rice-2016-en.isosts.xml"), "Table 1")
    limits = [parse_limit(v, unit="%", direction="max") for v in values]
    assert [lim.bound.upper for lim in limits[:8]] == [D(x) for x in ("1.0", "0.5", "1.0", "0.5") + ("0.5",) * 4]
    assert all(lim.unit == "%" for lim in limits)
    not_applicable = [lim for lim, v in zip(limits, values) if v == "Not applicable"]
    assert not_applicable and all(lim.bound.kind == BoundKind.not_specified for lim in not_applicable)
    assert max(lim.bound.upper for lim in limits if lim.bound.upper is not None) == D("12.0")


def test_iso_17301_table_d1_labels():
    """Annex D precision table: the unit is written after a comma in the row label."""
    _, rows = _table_cells(sample("rice-2016-en.isosts.xml"), "Table D.1")
    labels = {split_label(r)[0]: split_label(r)[1] for r in rows}
    assert labels["Mean value"] == "g/100 g"
    assert labels["Coefficient of variation of repeatability"] == "%"
