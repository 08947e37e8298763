"""International categories placed in the GB 2762 tree: benchmarking CXS 193 and (EU) 2023/915 on the corpus."""
from __future__ import annotations

import json
from decimal import Decimal

import pytest

from stdbench.analysis import crosswalk
from stdbench.analysis.applicability import StandardSet, applicable, product_for, tree_for
from stdbench.analysis.categories import CategoryTree
from stdbench.analysis.compare import compare
from stdbench.analysis.quality import reference_limits
from stdbench.errors import StdbenchError
from stdbench.model import Standard
from stdbench.readers import read
from tests.conftest import CORPUS

GB, CXS, EU = "GB 2762-2025", "CXS 193-1995", "Regulation (EU) 2023/915"
PRODUCT_STANDARDS = ["CXS_198-1995", "CXS_12-1981", "CXS_210-1999", "EU_2001-110", "ISO_17301-1-2016"]


@pytest.fixture(scope="module")
def stds() -> dict[str, Standard]:
    files = ["GB_2762-2025", "CXS_193-1995", "EU_2023-915", *PRODUCT_STANDARDS]
    return {s.code: s for s in (read(CORPUS / f"{f}.xml") for f in files)}


@pytest.fixture(scope="module")
def tree(stds) -> CategoryTree:
    return tree_for(None, [stds[GB]])


def _matrix(stds, product: str):
    return compare([stds[CXS], stds[EU]], baseline=stds[GB], corpus=StandardSet(list(stds.values())),
                   product=product)


def _cells(matrix, parameter: str) -> dict[str, tuple[str | None, str | None]]:
    (row,) = matrix.find(parameter)
    return {c.standard: (c.limit, c.verdict) for c in row.cells}


def _gb_row(stds, parameter: str, category: str) -> Decimal:
    """The GB 2762-2025 limit of a row, read from the corpus file (the expectation is checked, not assumed)."""
    (row,) = [r for r in stds[GB].requirements if r.parameter == parameter and r.subject.category == category]
    return row.bound.upper


# ------------------------------------------------------------------------------------ the data file


def test_every_gb_name_is_printed_in_annex_a(tree) -> None:
    names = {crosswalk._category_key(n) for n in tree.names.values()}
    for entries in crosswalk.crosswalk().values():
        for e in entries:
            assert e.relation in crosswalk.RELATIONS
            if e.relation != "none":
                assert crosswalk._category_key(e.gb2762) in names, e


def test_every_category_of_the_international_tables_is_listed(stds) -> None:
    for code in [CXS, EU, "CXS 198-1995", "CXS 12-1981", "CXS 210-1999", "Directive 2001/110/EC",
                 "ISO 17301-1:2016"]:
        cats = {r.subject.category for r in stds[code].requirements if r.subject.category}
        missing = [c for c in cats if crosswalk.correspondences(code, c) is None]
        assert not missing, (code, missing)


def test_a_bad_entry_is_a_stdbench_error() -> None:
    with pytest.raises(StdbenchError, match="relation"):
        crosswalk._entry({"standard": "CXS 193", "category": "x", "gb2762": "蜂蜜", "relation": "about"}, 1)
    with pytest.raises(StdbenchError, match="gb2762"):
        crosswalk._entry({"standard": "CXS 193", "category": "x", "relation": "same"}, 2)


def test_relations_and_specificity(tree) -> None:
    rice = tree.find("大米（粉）")
    polished = crosswalk.correspondences("CXS 193-1995", "Rice,  POLISHED")  # folded look-up, dated code
    assert [(e.gb2762, e.relation) for e in polished] == [("大米（粉）", "narrower")]
    assert crosswalk.specificity(polished, tree, rice, ["大米"]) == 5  # depth 2, half a level deeper
    assert crosswalk.specificity(polished, tree, rice, ["大米粉"]) is None  # part: the product is not 大米
    cereals = crosswalk.correspondences("(EU) 2023/915", "Cereals")
    assert crosswalk.specificity(cereals, tree, rice, ["大米"]) == 3  # broader: half a level less
    assert crosswalk.specificity(cereals, tree, tree.find("小麦粉"), ["小麦粉"]) is None  # flour: Art. 3 only
    assert crosswalk.correspondences("(EU) 2023/915", "Wild fungi")[0].relation == "none"


# ------------------------------------------------------------------------------------ 大米


def test_rice_against_gb2762(stds) -> None:
    # GB 2762-2025 rows, read from the file: Cd 稻谷、糙米、大米（粉） 0.2; inorganic As 大米（粉） 0.2;
    # Pb 谷物及其制品［…除外］ 0.2
    assert _gb_row(stds, "cadmium", "稻谷、糙米、大米（粉）") == Decimal("0.2")
    assert _gb_row(stds, "inorganic_arsenic", "大米（粉）") == Decimal("0.2")
    assert _gb_row(stds, "lead", "谷物及其制品［麦片、面筋、粥类罐头、带馅（料）面米制品除外］") == Decimal("0.2")
    m = _matrix(stds, "大米")
    assert m.product == "大米"
    assert _cells(m, "cadmium") == {GB: ("0.2", None), CXS: ("0.4", "looser"), EU: ("0.15", "stricter")}
    assert _cells(m, "inorganic_arsenic") == {GB: ("0.2", None), CXS: ("0.2", "equal"), EU: ("0.15", "stricter")}
    assert _cells(m, "lead") == {GB: ("0.2", None), CXS: ("0.2", "equal"), EU: ("0.20", "equal")}
    (cd,) = m.find("cadmium")
    assert cd.cell(EU).clause == "I.3" and cd.cell(CXS).clause == "2"
    assert m.counts[CXS]["looser"] == 1 and m.counts[EU]["stricter"] == 2


def test_most_specific_rice_row_wins(stds, tree) -> None:
    rows = applicable(stds[EU], product_for([], "大米"), tree)
    assert [r.limit_text for r in rows["cadmium"]] == ["0.15"]  # rice row, not Cereals (general) 0.10
    assert [r.limit_text for r in rows["inorganic_arsenic"]] == ["0.15"]  # not rice flour 0.25, not parboiled
    paddy = applicable(stds[EU], product_for([], "稻谷"), tree)
    assert [r.limit_text for r in paddy["cadmium"]] == ["0.15"]  # rice (broader than 稻谷) beats cereals
    assert "inorganic_arsenic" not in paddy  # non-parboiled milled rice is not paddy


# ------------------------------------------------------------------------------------ other families


def test_honey_oil_and_meat(stds) -> None:
    assert _gb_row(stds, "lead", "蜂蜜") == Decimal("0.5")
    assert _cells(_matrix(stds, "蜂蜜"), "lead") == {GB: ("0.5", None), CXS: (None, "only-in-one"),
                                                     EU: ("0.10", "stricter")}
    assert _gb_row(stds, "lead", "油脂及其制品") == Decimal("0.08")
    oil = _matrix(stds, "食用植物油")
    assert _cells(oil, "lead")[EU] == ("0.10", "looser")
    assert _cells(oil, "benzo_a_pyrene")[EU] == ("2.0", "stricter")  # GB 油脂及其制品 10 μg/kg
    # 畜禽肉 (08.01.01) is under 肉及肉制品（畜禽内脏及其制品除外） 0.1 for Cd and 肉类（畜禽内脏除外） 0.2 for Pb
    assert _gb_row(stds, "cadmium", "肉及肉制品（畜禽内脏及其制品除外）") == Decimal("0.1")
    meat = _matrix(stds, "畜禽肉")
    assert _cells(meat, "cadmium") == {GB: ("0.1", None), CXS: (None, "only-in-one"), EU: ("0.050", "stricter")}
    assert _cells(meat, "lead")[EU] == ("0.10", "stricter")
    cooked = _matrix(stds, "熟肉制品")  # cooked products are not fresh meat: the EU meat rows do not reach them
    assert _cells(cooked, "cadmium")[EU] == (None, "only-in-one")


def test_soybean_is_excluded_from_codex_pulses(stds) -> None:
    m = _matrix(stds, "大豆")
    assert _cells(m, "cadmium") == {GB: ("0.2", None), CXS: (None, "only-in-one"), EU: ("0.20", "equal")}


def test_product_standard_subjects_apply_to_the_product(stds, tree) -> None:
    rice = product_for([], "大米")
    rows = applicable(stds["CXS 198-1995"], rice, tree)
    assert rows["moisture"][0].limit_text == "≤15" and rows["moisture"][0].subject.category is None
    honey = applicable(stds["CXS 12-1981"], product_for([], "蜂蜜"), tree)
    assert [r.limit_text for r in honey["hmf"]] == ["≤40"]  # honey in general; the tropical row is a variety
    assert honey["moisture"][0].subject.category is None


# ------------------------------------------------------------------------------------ language, quality


def test_parameter_name_follows_the_language(stds) -> None:
    en = compare([stds[CXS]], baseline=stds[GB], corpus=StandardSet(list(stds.values())), product="大米",
                 lang="en")
    assert en.find("cadmium")[0].parameter_name == "Cadmium"
    assert _matrix(stds, "大米").find("cadmium")[0].parameter_name == "镉"
    row = next(r for r in json.loads(en.to_json())["rows"] if r["parameter"] == "inorganic_arsenic")
    assert row["parameter_name"] == "Inorganic arsenic" and set(row) >= {"parameter", "group", "subject", "cells"}


def test_quality_international_limits_show_codex(stds) -> None:
    refs = reference_limits("cadmium", [stds[GB]], category="大米", corpus=StandardSet(list(stds.values())))
    by = {r.standard: r.limit_text for r in refs}
    assert by[GB] == "≤0.2 mg/kg" and by[CXS] == "≤0.4 mg/kg" and by[EU] == "≤0.15 mg/kg"
