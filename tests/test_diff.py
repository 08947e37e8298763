"""Edition diff: GB 2762-2022 → GB 2762-2025 from the corpus."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from stdbench.analysis.diff import diff
from stdbench.cli import main
from stdbench.readers import read
from tests.conftest import CORPUS

OLD, NEW = CORPUS / "GB_2762-2022.xml", CORPUS / "GB_2762-2025.xml"


@pytest.fixture(scope="module")
def d():
    return diff(read(OLD), read(NEW))


def test_added_limits(d) -> None:
    (nest,) = d.find("nitrite", category="食用燕窝")  # the edible bird's nest nitrite limit is new in 2025
    assert (nest.change, nest.old, nest.new, nest.clause) == ("added", None, "30", "4.8.1 表8")
    assert nest.unit == "mg/kg"
    # the 2022 file does not hold table 10 nor the 包装饮用水 row (its coverage note says so): they show as added
    assert {x.parameter for x in d.limits} == {"nitrite", "ndma"}
    assert all(x.change == "added" for x in d.limits)


def test_unchanged_limits_not_listed(d) -> None:
    assert d.find("cadmium") == [] and d.find("lead") == []


def test_clauses(d) -> None:
    by_new = {c.new: c for c in d.clauses if c.new}
    assert by_new["4.8.1"].change == "modified"  # 表8 gained the 食用燕窝 row
    changed = by_new["4.8.1"].redline.tables[0].changes
    assert any("食用燕窝" in (ch.new or "") for ch in changed)
    assert by_new["4.2"].change == "unchanged" and by_new["1"].change == "unchanged"
    assert by_new["A"].change == "added" and by_new["A"].new_title == "食品类别（名称）说明"
    assert not [c for c in d.clauses if c.change == "removed"]


def test_summary_and_json(d) -> None:
    assert d.summary.startswith("GB 2762-2025与GB 2762-2022相比：")
    assert "限量新增 5" in d.summary and "食用燕窝亚硝酸盐限量 — → 30 mg/kg（4.8.1 表8）" in d.summary
    data = json.loads(d.to_json())
    assert set(data) == {"old", "new", "clauses", "limits", "summary"}
    assert set(data["clauses"][0]) == {"old", "new", "change", "score"}
    assert set(data["limits"][0]) == {"clause", "parameter", "subject", "old", "new", "change"}
    en = diff(read(OLD), read(NEW), lang="en")
    assert en.summary.startswith("GB 2762-2025 compared with GB 2762-2022: clauses")


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
    j = CliRunner().invoke(main, ["diff", str(OLD), str(NEW), "--format", "json"])
    assert json.loads(j.output)["new"] == "GB 2762-2025"
