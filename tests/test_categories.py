"""The GB 2762-2025 附录A food-category tree and limit inheritance, on the real corpus file."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import stdbench
from stdbench.analysis.categories import CategoryTree, exclusions, mentions, split_items
from stdbench.model import Bound, Requirement, Standard, Subject

CORPUS = Path(__file__).resolve().parents[1] / "standards_corpus"


@pytest.fixture(scope="module")
def gb2762() -> Standard:
    p = CORPUS / "GB_2762-2025.xml"
    if not p.exists():
        pytest.skip("GB_2762-2025.xml not available")
    return stdbench.read(p)


@pytest.fixture(scope="module")
def tree(gb2762: Standard) -> CategoryTree:
    return CategoryTree.from_standard(gb2762)


def test_tree_from_annex_a(tree: CategoryTree) -> None:
    assert tree.names["04.02.02"] == "大米（粉）"
    assert tree.names["04.02"] == "谷物碾磨加工品"  # the annex name, not a limit-table row's name
    assert tree.parent("04.02.02") == "04.02"
    assert tree.parent("04.02") == "04.0"
    assert tree.parent("04.0") is None
    assert tree.ancestors("04.03.02.01") == ["04.03.02", "04.03", "04.0"]
    assert "04.02.02" in tree.children("04.02")


@pytest.mark.parametrize("name, code", [
    ("大米", "04.02.02"),
    ("大米（粉）", "04.02.02"),
    ("大米(粉)", "04.02.02"),
    ("稻谷", "04.01.01"),
    ("稻谷、糙米、大米(粉)", "04.0"),  # a list: the category covering all of it
    ("谷物及其制品", "04.0"),
    ("04.01.01", "04.01.01"),
    ("肉及肉制品 > 肉制品 > 熟肉制品 > 肉灌肠类", "08.02.02.06"),
    ("油脂及其制品 > 植物油脂", "12.01"),
])
def test_find(tree: CategoryTree, name: str, code: str) -> None:
    assert tree.find(name) == code


def test_find_unknown(tree: CategoryTree) -> None:
    assert tree.find("火星岩石") is None
    assert tree.find("") is None


def test_list_helpers() -> None:
    assert split_items("稻谷、糙米、大米（粉）") == ["稻谷", "糙米", "大米（粉）"]
    assert split_items("其他谷物［例如：粟（谷子）、高粱］") == ["其他谷物［例如：粟（谷子）、高粱］"]
    assert exclusions("谷物碾磨加工品［糙米、大米（粉）除外］") == ["糙米", "大米(粉)"]
    assert mentions("稻谷、糙米、大米（粉）", "大米")
    assert not mentions("谷物碾磨加工品［糙米、大米（粉）除外］", "大米")


def test_real_cadmium_limits_most_specific_wins(tree: CategoryTree, gb2762: Standard) -> None:
    cadmium = [r for r in gb2762.requirements if r.provenance.table == "表2"]
    rice = tree.applicable(cadmium, "04.02.02")  # 大米（粉）: the 谷物碾磨加工品 row excludes it
    assert rice.subject.category == "稻谷、糙米、大米（粉）" and rice.bound.upper == Decimal("0.2")
    wheat_flour = tree.applicable(cadmium, "小麦粉")  # inherits 谷物碾磨加工品 (04.02)
    assert wheat_flour.subject.category_code == "04.02" and wheat_flour.bound.upper == Decimal("0.1")
    assert tree.applicable(cadmium, "稻谷").bound.upper == Decimal("0.2")  # 谷物（稻谷除外）excludes it
    corn = tree.applicable(cadmium, "04.01.02")  # 玉米 inherits 谷物（稻谷除外）
    assert corn.subject.category_code == "04.01" and corn.bound.upper == Decimal("0.1")


def _limit(code: str | None, name: str, upper: str) -> Requirement:
    return Requirement(parameter="lead", label="铅", subject=Subject(category_code=code, category=name),
                       bound=Bound(upper=Decimal(upper)), unit="mg/kg")


def test_inheritance_from_parent_unless_more_specific(tree: CategoryTree) -> None:
    broad = _limit("04.0", "谷物及其制品", "0.2")
    assert tree.applicable([broad], "大米") is broad  # 04.0 reaches 04.02.02
    specific = _limit(None, "大米（粉）", "0.15")
    assert tree.applicable([broad, specific], "04.02.02") is specific
    assert tree.applicable([broad, specific], "04.02.03") is broad  # 小麦粉: only the broad one
    assert tree.applicable([specific], "08.01") is None
    assert tree.applicable_by_parameter([broad, specific], "大米") == {"lead": specific}
