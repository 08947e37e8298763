"""Facts in the horizontal standards of the corpus (GB 2762, GB 2760, GB 29921, CXS 193, (EU) 2023/915).

Expected values are hard-coded from a reading of the published GB 2762-2025 PDF and of
food_limits.md (high/medium rows); the XML tables are parsed with lxml and searched for them.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from lxml import etree

CORPUS = Path(__file__).resolve().parents[1] / "standards_corpus"
FILES = ["GB_2762-2025", "GB_2762-2022", "GB_2760-2024", "GB_29921-2021", "CXS_193-1995", "EU_2023-915"]


def _tree(name: str) -> etree._ElementTree:
    return etree.parse(str(CORPUS / f"{name}.xml"))


def _tables(name: str) -> dict[str, list[dict[str, str]]]:
    """Every table of a file as {label: [row dict keyed by header text]}."""
    out: dict[str, list[dict[str, str]]] = {}
    for tw in _tree(name).iter("table-wrap"):
        heads = [th.text or "" for th in tw.iter("th")]
        rows = [[td.text or "" for td in tr.findall("td")] for tr in tw.find("table").iter("tr")]
        out[tw.findtext("label")] = [dict(zip(heads, r)) for r in rows if r]
    return out


def _meta(name: str) -> dict[str, list[str]]:
    meta: dict[str, list[str]] = {}
    for cm in _tree(name).iter("custom-meta"):
        meta.setdefault(cm.findtext("meta-name"), []).append(cm.findtext("meta-value"))
    return meta


def _limit(row: dict[str, str]) -> str:
    return next(v for k, v in row.items() if k.startswith(("限量", "最大使用量", "最大残留量", "Maximum level")))


@pytest.mark.parametrize("name", FILES)
def test_file_parses_and_has_convention_metadata(name: str) -> None:
    root = _tree(name).getroot()
    assert root.tag == "standard"
    assert root.find("front/std-meta/std-ref[@type='dated']").text
    meta = _meta(name)
    assert meta["status"][0] in {"current", "replaced"}
    assert meta["coverage"][0].startswith(("complete", "partial"))
    for tw in root.iter("table-wrap"):
        assert tw.findtext("label") and tw.findtext("caption/title")
        assert tw.find("table/thead/tr/th") is not None


@pytest.mark.skipif(importlib.util.find_spec("stdbench.readers.sts") is None, reason="STS reader absent")
@pytest.mark.parametrize("name", FILES)
def test_sts_reader_reads_metadata(name: str) -> None:
    from stdbench.readers.sts import read_sts

    std = read_sts(CORPUS / f"{name}.xml")
    expected = {"GB_2762-2025": ("GB 2762-2025", "current"), "GB_2762-2022": ("GB 2762-2022", "replaced"),
                "GB_2760-2024": ("GB 2760-2024", "current"), "GB_29921-2021": ("GB 29921-2021", "current"),
                "CXS_193-1995": ("CXS 193-1995", "current"), "EU_2023-915": ("Regulation (EU) 2023/915", "current")}
    code, status = expected[name]
    assert std.code == code
    assert std.status.value == status


def test_gb2762_editions_metadata() -> None:
    t25, t22 = _tree("GB_2762-2025"), _tree("GB_2762-2022")
    assert t25.find(".//pub-date").get("iso-8601-date") == "2025-09-02"
    assert t25.find(".//release-date").get("iso-8601-date") == "2026-09-02"
    assert t25.findtext(".//std-xref[@type='replaces']/std-ref") == "GB 2762-2022"
    assert t22.findtext(".//std-xref[@type='replaced-by']/std-ref") == "GB 2762-2025"
    assert t22.find(".//release-date").get("iso-8601-date") == "2023-06-30"
    assert _meta("GB_2762-2025")["issuer"] == ["中华人民共和国国家卫生健康委员会 国家市场监督管理总局"]
    foreword = [p.text for p in t25.find(".//front/sec[@sec-type='foreword']").iter("p")]
    assert "——增加了食用燕窝中亚硝酸盐的限量要求；" in foreword
    assert sum(p.startswith("——") for p in foreword) == 9


def test_gb2762_clause_outline() -> None:
    body = _tree("GB_2762-2025").find("body")
    labels = {s.findtext("label"): s.findtext("title") for s in body.iter("sec")}
    assert labels["1"] == "范围" and labels["3"] == "应用原则" and labels["4"] == "指标要求"
    assert [labels[f"4.{i}"] for i in (1, 2, 3, 4, 7, 8)] == ["铅", "镉", "汞", "砷", "铬", "亚硝酸盐、硝酸盐"]
    assert labels["4.12"] == "3-氯-1,2-丙二醇"
    assert len(_tables("GB_2762-2025")) == 13  # 表1 … 表12 + 表A.1


# (file, table label, category as written, contaminant column or "", limit as written, unit header)
GB2762_2025 = [
    ("表1", "谷物及其制品［麦片、面筋、粥类罐头、带馅（料）面米制品除外］", "", "0.2"),
    ("表1", "麦片、面筋、粥类罐头、带馅（料）面米制品", "", "0.5"),
    ("表1", "豆类", "", "0.2"),
    ("表1", "肉类（畜禽内脏除外）", "", "0.2"),
    ("表1", "肉制品（畜禽内脏制品除外）", "", "0.3"),
    ("表1", "油脂及其制品", "", "0.08"),
    ("表1", "蜂蜜", "", "0.5"),
    ("表1", "油菜花粉", "", "1.0"),
    ("表1", "松花粉", "", "1.5"),
    ("表1", "果蔬汁类及其饮料［含浆果及小粒水果的果蔬汁类及其饮料、浓缩果蔬汁（浆）除外］", "", "0.03"),
    ("表1", "葡萄汁", "", "0.04"),
    ("表1", "包装饮用水", "", "0.01 mg/L"),
    ("表1", "螺旋藻", "", "2.0"),
    ("表1", "婴幼儿配方食品", "", "0.08"),
    ("表2", "稻谷、糙米、大米（粉）", "", "0.2"),
    ("表2", "谷物（稻谷除外）", "", "0.1"),
    ("表2", "肉及肉制品（畜禽内脏及其制品除外）", "", "0.1"),
    ("表2", "畜禽肾脏及其制品", "", "1.0"),
    ("表2", "饮用天然矿泉水", "", "0.003 mg/L"),
    ("表3", "稻谷、糙米、大米（粉）、玉米、玉米粉、玉米糁（渣）、小麦、小麦粉", "总汞（以Hg计）", "0.02"),
    ("表3", "肉类", "总汞（以Hg计）", "0.05"),
    ("表3", "鲨鱼及其制品", "甲基汞（以Hg计）", "1.6"),
    ("表4", "稻谷", "无机砷（以As计）", "0.35"),
    ("表4", "糙米", "无机砷（以As计）", "0.35"),
    ("表4", "大米（粉）", "无机砷（以As计）", "0.2"),
    ("表4", "谷物（稻谷除外）", "总砷（以As计）", "0.5"),
    ("表4", "肉及肉制品", "总砷（以As计）", "0.5"),
    ("表4", "油脂及其制品（鱼油及其制品、磷虾油及其制品除外）", "总砷（以As计）", "0.1"),
    ("表5", "食品（饮料类、婴幼儿配方食品、婴幼儿辅助食品除外）", "", "250"),
    ("表6", "氢化植物油、含氢化和（或）部分氢化油脂的油脂制品", "", "1.0"),
    ("表7", "谷物", "", "1.0"),
    ("表7", "肉及肉制品", "", "1.0"),
    ("表8", "酱腌菜", "亚硝酸盐（以NaNO2计）", "20"),
    ("表8", "包装饮用水（饮用天然矿泉水除外）", "亚硝酸盐（以NO2-计）", "0.1 mg/L"),
    ("表8", "饮用天然矿泉水", "硝酸盐（以NO3-计）", "45 mg/L"),
    ("表8", "食用燕窝", "亚硝酸盐（以NaNO2计）", "30"),
    ("表9", "熏、烧、烤肉类", "", "5.0"),
    ("表9", "油脂及其制品", "", "10"),
    ("表10", "肉制品（肉类罐头除外）", "", "3.0"),
    ("表11", "水产动物油脂", "", "200"),
    ("表12", "固态调味品", "", "1.0"),
]


def _find(name: str, label: str, category: str, param: str) -> list[dict[str, str]]:
    rows = _tables(name)[label]
    return [r for r in rows if r.get("食品类别（名称）") == category and r.get("污染物", "") == param]


@pytest.mark.parametrize(("label", "category", "param", "limit"), GB2762_2025)
def test_gb2762_2025_limit(label: str, category: str, param: str, limit: str) -> None:
    rows = _find("GB_2762-2025", label, category, param)
    assert [_limit(r) for r in rows] == [limit]


def test_gb2762_units_and_methods() -> None:
    t = _tables("GB_2762-2025")
    assert "限量/(mg/kg)" in t["表1"][0] and "限量/(μg/kg)" in t["表9"][0]
    honey = _find("GB_2762-2025", "表1", "蜂蜜", "")[0]
    assert honey["检验方法"] == "GB 5009.12" and honey["计量基础"] == "以Pb计"
    assert _find("GB_2762-2025", "表1", "包装饮用水", "")[0]["检验方法"] == "GB 8538"
    wood_ear = _find("GB_2762-2025", "表2", "木耳及其制品、银耳及其制品", "")[0]
    assert wood_ear["计量基础"] == "以Cd计，干重计" and _limit(wood_ear) == "0.5"


def test_gb2762_no_aflatoxin() -> None:
    text = etree.tostring(_tree("GB_2762-2025"), encoding="unicode")
    assert "黄曲霉" not in text  # aflatoxins are in GB 2761, not GB 2762


def test_gb2762_annex_a_tree() -> None:
    rows = _tables("GB_2762-2025")["表A.1"]
    by_code = {r["食品类别代码"]: r["食品类别（名称）"] for r in rows}
    assert len(by_code) == len(rows) == 254

    def parent(code: str) -> str | None:
        parts = code.split(".")
        if parts[1] == "0":
            return None
        return f"{parts[0]}.0" if len(parts) == 2 else ".".join(parts[:-1])

    for code in by_code:
        p = parent(code)
        assert p is None or p in by_code, code
    grain = next(c for c, n in by_code.items() if n == "谷物及其制品（不包括焙烤制品）")
    assert by_code[f"{grain[:2]}.01"] == "谷物"
    rice = next(c for c, n in by_code.items() if n == "大米（粉）")
    assert parent(rice) == f"{grain[:2]}.02" and by_code[parent(rice)] == "谷物碾磨加工品"
    sausage = next(c for c, n in by_code.items() if n == "肉灌肠类")
    assert by_code[parent(sausage)] == "熟肉制品"
    assert by_code[parent(parent(sausage))] == "肉制品（包括内脏制品、血制品）"
    assert by_code[parent(parent(parent(sausage)))] == "肉及肉制品"
    honey = next(c for c, n in by_code.items() if n == "蜂蜜")
    assert by_code[parent(honey)] == "其他类（除上述食品以外的食品）"
    # limit rows carry the Annex A code where the category is unambiguous
    assert _find("GB_2762-2025", "表1", "谷物及其制品［麦片、面筋、粥类罐头、带馅（料）面米制品除外］", "")[0][
        "食品类别代码"] == grain
    assert _find("GB_2762-2025", "表1", "蜂蜜", "")[0]["食品类别代码"] == honey
    assert _find("GB_2762-2025", "表2", "稻谷、糙米、大米（粉）", "")[0]["食品类别代码"] == ""


def test_gb2762_2022_built_from_2025_minus_changes() -> None:
    t22 = _tables("GB_2762-2022")
    assert "表10" not in t22 and "表A.1" not in t22
    cats8 = [r["食品类别（名称）"] for r in t22["表8"]]
    assert "食用燕窝" not in cats8 and "包装饮用水（饮用天然矿泉水除外）" not in cats8
    cd_rice = _find("GB_2762-2022", "表2", "稻谷、糙米、大米（粉）", "")[0]
    assert _limit(cd_rice) == "0.2" and "GB 2762-2025 表2" in cd_rice["来源"]
    assert _limit(_find("GB_2762-2022", "表1", "蜂蜜", "")[0]) == "0.5"


def test_gb2760_nitrite() -> None:
    t = _tables("GB_2760-2024")
    use = {r["食品分类号"]: r for r in t["表A.1"]}
    assert use["08.03.05"]["食品名称"] == "肉灌肠类" and _limit(use["08.03.05"]) == "0.15"
    res = {r["食品分类号"]: _limit(r) for r in t["表A.1（残留量）"]}
    assert res["08.03.05"] == "30" and res["08.03.04"] == "70" and res["08.03.08"] == "50"
    assert all(r["项目"] == "亚硝酸盐残留量（以亚硝酸钠计）" for r in t["表A.1（残留量）"])
    codes = {r["食品分类号"]: r["食品名称"] for r in t["表E.1"]}
    assert codes["08.03"] == "熟肉制品" and codes["11.03.01"] == "蜂蜜" and codes["06.02.01"] == "大米"


def test_gb29921_sampling_plans() -> None:
    rows = _tables("GB_29921-2021")["表1"]
    plan = {(r["食品类别（名称）"], r["致病菌指标"]): (r["n"], r["c"], r["m"], r["M"]) for r in rows}
    assert plan[("熟肉制品", "金黄色葡萄球菌")] == ("5", "1", "100", "1000")
    assert plan[("熟肉制品", "沙门氏菌")] == ("5", "0", "0", "—")
    assert plan[("熟肉制品", "单核细胞增生李斯特氏菌")] == ("5", "0", "0", "—")


@pytest.mark.parametrize(("name", "contaminant", "food", "limit"), [
    ("CXS_193-1995", "Cadmium", "Rice, polished", "0.4"),
    ("CXS_193-1995", "Arsenic, inorganic", "Rice, polished", "0.2"),
    ("EU_2023-915", "Lead", "Honey", "0.10"),
    ("EU_2023-915", "Cadmium", "Rice, quinoa, wheat bran and wheat gluten", "0.15"),
    ("EU_2023-915", "Arsenic (inorganic)", "Non-parboiled milled rice (polished or white rice)", "0.15"),
    ("EU_2023-915", "Lead", "Fats and oils, including milk fat", "0.10"),
])
def test_international_limits(name: str, contaminant: str, food: str, limit: str) -> None:
    rows = [r for rows in _tables(name).values() for r in rows
            if r["Contaminant"] == contaminant and r.get("Commodity", r.get("Food")) == food]
    assert [_limit(r) for r in rows] == [limit]


def test_codex_leaves_out_unverified_rows() -> None:
    rows = _tables("CXS_193-1995")["Table"]
    assert not any(r["Commodity"].startswith("Honey") or "husked" in r["Commodity"] for r in rows)
