"""Edition diff: GB 2762-2022 → GB 2762-2025 from the corpus."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from stdbench.analysis.diff import diff
from stdbench.cli import main
from stdbench.model import Requirement
from stdbench.readers import read
from tests.conftest import CORPUS

OLD, NEW = CORPUS / "GB_2762-2022.xml", CORPUS / "GB_2762-2025.xml"


@pytest.fixture(scope="module")
def d():
    return diff(read(OLD), read(NEW))


def test_added_limits(d) -> None:
    # the 2022 file has no 食用燕窝 row and does not mark it unrecorded; the 2025 foreword says "增加了食用燕窝…"
    (nest,) = d.find("nitrite", category="食用燕窝")
    assert (nest.change, nest.old, nest.new, nest.clause) == ("added", None, "30", "4.8.1 表8")
    assert nest.unit == "mg/kg" and nest.values() == "— → 30 mg/kg"
    assert [x.label for x in d.limits if x.change == "added"] == ["亚硝酸盐"]


def test_unrecorded_rows_are_not_added(d) -> None:
    # was: these rows were reported as "added"; the 2022 file's notes say they were not recorded (review R1 item 1)
    (water,) = d.find("nitrite", category="包装饮用水（饮用天然矿泉水除外）")
    assert (water.change, water.old, water.new, water.unit) == ("not-recorded", None, "0.1 mg/L", "mg/L")
    assert "表8包装饮用水（饮用天然矿泉水除外）亚硝酸盐限量" in water.reason
    ndma = d.find("ndma")
    assert {x.subject["category"]: x.values() for x in ndma} == {
        "肉制品（肉类罐头除外）": "— → 3.0 μg/kg", "水产制品（水产品罐头除外）": "— → 4.0 μg/kg",
        "干制水产品": "— → 4.0 μg/kg"}
    assert {x.change for x in ndma} == {"not-recorded"} and all("表10" in x.reason for x in ndma)


def test_unchanged_limits_not_listed(d) -> None:
    assert d.find("cadmium") == [] and d.find("lead") == []


def test_clauses(d) -> None:
    by_new = {c.new: c for c in d.clauses if c.new}
    assert by_new["4.8.1"].change == "modified"  # 表8 gained the 食用燕窝 row
    changed = by_new["4.8.1"].redline.tables[0].changes
    assert any("食用燕窝" in (ch.new or "") for ch in changed)
    assert by_new["4.2"].change == "unchanged" and by_new["1"].change == "unchanged"
    # was "added": 附录A, 前言 and chapter 3 are unrecorded in the 2022 file, not new in 2025
    assert by_new["A"].change == "not-recorded" and by_new["A"].new_title == "食品类别（名称）说明"
    foreword = [c for c in d.clauses if c.new_title == "前言"]
    assert [c.change for c in foreword] == ["not-recorded"]
    assert {by_new[n].change for n in ("3", "3.1", "3.5", "4.10.1")} == {"not-recorded"}
    assert not [c for c in d.clauses if c.change in ("removed", "added")]


def test_stated_changes(d) -> None:
    assert len(d.stated_changes) == 9
    assert d.stated_changes[0] == "修改了应用原则"
    assert "修改了包装饮用水（饮用天然矿泉水除外）中亚硝酸盐的限量要求" in d.stated_changes
    assert "增加了食用燕窝中亚硝酸盐的限量要求" in d.stated_changes
    assert "修改了肉类干制品中铬的限量要求" in d.stated_changes and d.stated_changes[-1] == "修改了附录A"


def test_summary_and_json(d) -> None:
    assert d.summary.startswith("GB 2762-2025与GB 2762-2022相比：条款修改 1；限量新增 1。")
    assert "食用燕窝亚硝酸盐限量 — → 30 mg/kg（4.8.1 表8）" in d.summary
    assert "包装饮用水" not in d.summary.split("前言所列")[0]  # not among the computed changes
    assert "GB 2762-2022文件未收录、无法比较（不计为新增）：条款9、限量4。" in d.summary
    assert "前言所列主要技术变化：修改了应用原则；修改了肉类干制品中铅的限量要求；" in d.summary
    data = json.loads(d.to_json())  # fields were added (stated_changes, unit, reason), none renamed or removed
    assert set(data) == {"old", "new", "clauses", "limits", "stated_changes", "summary"}
    assert set(data["clauses"][0]) == {"old", "new", "change", "score", "reason"}
    assert set(data["limits"][0]) == {"clause", "parameter", "subject", "old", "new", "unit", "change", "reason"}
    assert data["stated_changes"] == d.stated_changes
    assert sorted(x["change"] for x in data["limits"]) == ["added"] + ["not-recorded"] * 4
    en = diff(read(OLD), read(NEW), lang="en")
    assert en.summary.startswith("GB 2762-2025 compared with GB 2762-2022: clauses modified 1; limits added 1.")
    assert "Changes stated in the foreword: 修改了应用原则;" in en.summary


def test_unrecorded_notes_on_a_small_standard() -> None:
    """The notes are read generically: table restriction, whole tables, chapters, qualified category names."""
    from stdbench.analysis.diff import _unrecorded
    from stdbench.model import Provenance, Subject

    old = read(OLD).model_copy(update={"notes": [
        "coverage: partial: 示例", "未收录：第5章正文；表3全部行；表2大米（糙米除外）铅限量。表2稻谷行为新增。"]})
    gaps = _unrecorded(old)
    assert gaps.partial and {"3", "4.10.1", "5"} <= set(gaps.clauses) | set(gaps.flagged)
    assert set(gaps.tables) == {"表3", "表10"}

    def row(category: str, table: str, clause: str = "4.1.1") -> Requirement:
        return Requirement(parameter="lead", label="铅", subject=Subject(category=category),
                           provenance=Provenance(clause=clause, table=table))

    assert gaps.row(row("大米（糙米除外）", "表2"), "铅") == "表2大米（糙米除外）铅限量"
    assert gaps.row(row("大米", "表2"), "铅") is None  # "大米" is only the head of the qualified name
    assert gaps.row(row("大米（糙米除外）", "表1"), "铅") is None  # another table
    assert gaps.row(row("稻谷", "表2"), "铅") is None  # a real addition, stated after the list
    assert gaps.row(row("任何", "表3"), "镉") == "表3全部行"
    assert gaps.row(row("任何", "表9", clause="5.2"), "镉") == "第5章正文"


def test_tightened_and_relaxed() -> None:
    old = read(CORPUS / "examples" / "T-EXAMPLE_001-2025.xml")
    new = old.model_copy(deep=True)
    for r in new.requirements:
        if r.parameter == "lead":
            r.bound.upper, r.limit_text = r.bound.upper / 2, "≤0.075"
        if r.parameter == "moisture":
            r.bound.upper, r.limit_text = r.bound.upper + 1, "≤16.0"
    changes = {x.parameter: x.change for x in diff(old, new).limits}
    assert changes == {"lead": "tightened", "moisture": "relaxed"}


def test_cli_html_is_escaped(tmp_path) -> None:
    r = CliRunner().invoke(main, ["diff", str(OLD), str(NEW), "--format", "html"])
    assert r.exit_code == 0, r.output
    assert r.output.startswith("<!DOCTYPE html>") and "食用燕窝" in r.output
    assert "<script" not in r.output
    assert "<td>30 mg/kg</td>" in r.output and "<li>增加了食用燕窝中亚硝酸盐的限量要求</li>" in r.output
    assert ">旧版未收录，无法比较</td>" in r.output and ">新增</td>" in r.output
    j = CliRunner().invoke(main, ["diff", str(OLD), str(NEW), "--format", "json"])
    assert json.loads(j.output)["new"] == "GB 2762-2025"


def test_cli_text_labels_and_units() -> None:
    zh = CliRunner().invoke(main, ["diff", str(OLD), str(NEW)])
    assert zh.exit_code == 0, zh.output
    lines = zh.output.splitlines()
    nest = next(x for x in lines if "食用燕窝: " in x)
    assert nest.startswith("新增 ") and nest.endswith("— → 30 mg/kg")
    water = next(x for x in lines if "包装饮用水（饮用天然矿泉水除外）: " in x)
    assert water.startswith("旧版未收录，无法比较 ") and water.endswith("— → 0.1 mg/L")
    assert any(x.endswith("干制水产品: — → 4.0 μg/kg") for x in lines)
    assert "  —— 修改了表10中指标的表述" in lines
    assert not any(x.startswith(("added", "modified")) for x in lines)
    en = CliRunner().invoke(main, ["diff", str(OLD), str(NEW), "--lang", "en"])
    nest_en = next(x for x in en.output.splitlines() if "食用燕窝: " in x)
    assert nest_en.startswith("added ") and nest_en.endswith("— → 30 mg/kg")
    assert any(x.startswith("modified ") and "4.8.1" in x for x in en.output.splitlines())
