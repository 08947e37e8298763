"""Reading laboratory results: headers by meaning, censored values, bad rows reported with row and column."""
from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest

from stdbench.errors import ReaderError
from stdbench.readers.results import header_field, parse_result_value, read_results

ROOT = Path(__file__).resolve().parents[1]
SYNTH = ROOT / "standards_corpus" / "samples" / "rice_results_synthetic.csv"


@pytest.mark.parametrize("header,field", [
    ("样品编号", "sample_id"), ("样品编码", "sample_id"), ("Sample ID", "sample_id"), ("样品 编号", "sample_id"),
    ("受检单位", "enterprise"), ("生产企业", "enterprise"), ("样品名称", "product"),
    ("检测项目", "parameter"), ("Test item", "parameter"), ("实测值", "value"), ("检测结果(mg/kg)", "value"),
    ("Test results", "value"), ("计量单位", "unit"), ("检测依据", "method"), ("检验日期", "date"),
    ("ＳａｍｐｌｅＩＤ", "sample_id"),
])
def test_headers_by_meaning(header, field):
    assert header_field(header)[0] == field


@pytest.mark.parametrize("text,value,censored,dl,unit", [
    ("0.120", D("0.120"), False, None, None),
    ("＜0.01", None, True, D("0.01"), None),
    ("未检出(<0.005)", None, True, D("0.005"), None),
    ("ND (LOD 0.002 mg/kg)", None, True, D("0.002"), "mg/kg"),
    ("未检出", None, True, None, None),
    ("15.2 %", D("15.2"), False, None, "%"),
])
def test_values(text, value, censored, dl, unit):
    assert parse_result_value(text) == (value, censored, dl, unit)
    if value is not None:
        assert str(parse_result_value(text)[0]) == str(value)  # precision as reported


def test_bad_rows_named_and_rest_read(tmp_path):
    p = tmp_path / "lab.csv"
    p.write_text("Sample ID,Enterprise,Product,Test item,Result,Unit\n"
                 "A1,E,大米,Cadmium,0.12,mg/kg\n"
                 "A2,E,大米,镉,,mg/kg\n"
                 "A3,E,大米,某某指标,1,mg/kg\n"
                 "A4,E,大米,铅,见附件,mg/kg\n"
                 "A5,E,大米,铅,0.1,furlongs\n"
                 "A6,E,大米,水分,14.5,%\n", encoding="utf-8")
    rs = read_results(p)
    assert [(r.sample_id, r.parameter, r.value) for r in rs.results] == [
        ("A1", "cadmium", D("0.12")), ("A6", "moisture", D("14.5"))]
    got = {(i.row, i.column, i.reason) for i in rs.issues}
    assert got == {(3, "Result", "missing-value"), (4, "Test item", "unknown-parameter"),
                   (5, "Result", "non-numeric"), (6, "Unit", "unknown-unit")}
    assert all(str(p) in str(i) for i in rs.issues)
    assert rs.skipped()["non-numeric"] == 1


def test_missing_column_names_file_and_column(tmp_path):
    p = tmp_path / "lab.csv"
    p.write_text("样品编号,检测项目,单位\nA,镉,mg/kg\n", encoding="utf-8")
    with pytest.raises(ReaderError) as exc:
        read_results(p)
    assert "lab.csv" in str(exc.value) and "检测结果" in str(exc.value)


def test_gbk_and_semicolons(tmp_path):
    p = tmp_path / "gbk.csv"
    p.write_bytes("样品编号;检测项目;检测结果;单位\nB1;镉;120;μg/kg\n".encode("gb18030"))
    rs = read_results(p)
    assert rs.results[0].value == D(120) and rs.results[0].unit == "μg/kg"


def test_xlsx(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["样品编码", "检验项目", "检验结果", "计量单位"])
    ws.append(["X1", "铅（以Pb计）", "0.15", "mg/kg"])
    ws.append(["X2", "水分", 14.2, "%"])
    p = tmp_path / "r.xlsx"
    wb.save(p)
    rs = read_results(p)
    assert [(r.parameter, r.value) for r in rs.results] == [("lead", D("0.15")), ("moisture", D("14.2"))]


def test_bad_xlsx(tmp_path):
    p = tmp_path / "bad.xlsx"
    p.write_bytes(b"not a zip")
    with pytest.raises(ReaderError):
        read_results(p)


def test_synthetic_sample_file():
    rs = read_results(SYNTH)
    assert len({r.sample_id for r in rs.results}) == 200
    assert rs.skipped() == {"missing-value": 1, "unknown-parameter": 1, "non-numeric": 1}
    assert any(r.unit == "μg/kg" for r in rs.results) and any(r.censored for r in rs.results)


def test_issue_fields_for_worded_messages(tmp_path):
    p = tmp_path / "lab.csv"
    p.write_text("样品编号,检验项目,检测结果,单位\nA1,镉,,mg/kg\nA2,铅,见附件,mg/kg\nA3,铅,0.1,furlongs\n",
                 encoding="utf-8")
    rs = read_results(p)
    got = [(i.row, i.column, i.reason, i.item, i.value) for i in rs.issues]
    assert got == [(2, "检测结果", "missing-value", "镉", ""), (3, "检测结果", "non-numeric", "铅", "见附件"),
                   (4, "单位", "unknown-unit", "铅", "furlongs")]
