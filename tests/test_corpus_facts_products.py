"""Product standards of standards_corpus/, the example Q/ and T/ standards, and catalogue.toml.

Values asserted here were taken from high/medium rows of ../shared/reference/food_limits.md.
"""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from docx import Document

from stdbench.readers.xmlsafe import localname, parse_xml_file

CORPUS = Path(__file__).resolve().parents[1] / "standards_corpus"
EXAMPLES = CORPUS / "examples"
PRODUCT_FILES = [
    "GB-T_1354-2018.xml", "ISO_17301-1-2016.xml", "CXS_198-1995.xml", "GB-T_19266-2008.xml",
    "GB_14963-2011.xml", "CXS_12-1981.xml", "EU_2001-110.xml", "GB-T_1535-2017.xml",
    "GB_2716-2018.xml", "CXS_210-1999.xml", "GB_2726-2016.xml",
]
EXAMPLE_FILES = ["Q-EXAMPLE_0001S-2025.xml", "T-EXAMPLE_001-2025.xml", "Q-EXAMPLE_0002S-2025.xml", "T-EXAMPLE_002-2025.xml"]
LEVELS = {"international", "regional", "national", "industry", "local", "group", "enterprise"}
STATUSES = {"current", "upcoming", "replaced", "withdrawn", "unknown"}


def _all(el, name: str) -> list:
    return [e for e in el.iter() if isinstance(e.tag, str) and localname(e) == name]


def _text(el) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


def _custom_meta(root) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for cm in _all(root, "custom-meta"):
        name = _text(_all(cm, "meta-name")[0])
        out.setdefault(name, []).append(_text(_all(cm, "meta-value")[0]))
    return out


def _table_rows(path: Path) -> list[list[str]]:
    """Every body row of every table in a file, as cell texts (spanned cells appear once)."""
    rows = []
    for tbody in _all(parse_xml_file(path), "tbody"):
        rows.extend([_text(c) for c in tr if isinstance(c.tag, str)] for tr in _all(tbody, "tr"))
    return rows


# ------------------------------------------------------------------ convention


@pytest.mark.parametrize("name", PRODUCT_FILES + [f"examples/{n}" for n in EXAMPLE_FILES])
def test_file_follows_the_corpus_convention(name: str) -> None:
    root = parse_xml_file(CORPUS / name)
    assert localname(root) == "standard"
    meta = _all(root, "std-meta")
    assert len(meta) == 1
    dated = [r for r in _all(meta[0], "std-ref") if r.get("type") == "dated"]
    assert len(dated) == 1 and _text(dated[0])
    assert _all(meta[0], "title-wrap")
    cm = _custom_meta(root)
    assert cm["level"][0] in LEVELS
    assert cm["mandatory"][0] in ("true", "false")
    assert cm["status"][0] in STATUSES
    assert cm["coverage"][0]
    for sec in _all(root, "sec"):
        assert sec.get("id"), "every clause has an id"
    for wrap in _all(root, "table-wrap"):
        assert _all(wrap, "label") and _all(wrap, "caption") and _all(wrap, "thead")


@pytest.mark.parametrize("name", PRODUCT_FILES)
def test_every_corpus_table_names_its_source(name: str) -> None:
    root = parse_xml_file(CORPUS / name)
    tables = _all(root, "table-wrap")
    assert tables, f"{name} holds at least one requirement table"
    for wrap in tables:
        head = _text(_all(wrap, "thead")[0])
        assert "来源" in head or "Source" in head
        for row in _all(_all(wrap, "tbody")[0], "tr"):
            assert "food_limits.md" in _text(row)


def test_low_confidence_values_are_marked_unverified() -> None:
    rows = _table_rows(CORPUS / "GB-T_1354-2018.xml")
    moisture = [r for r in rows if r[0].startswith("水分")]
    assert {r[2] for r in moisture} == {"≤14.5", "≤15.5"}
    assert all("未核实" in r[-1] for r in moisture)


@pytest.mark.parametrize(
    ("name", "code", "level", "mandatory", "issued", "implemented", "replaces"),
    [
        ("GB_14963-2011.xml", "GB 14963-2011", "national", True, "2011-04-20", "2011-10-20", "GB 14963-2003"),
        ("GB_2716-2018.xml", "GB 2716-2018", "national", True, "2018-06-21", "2018-12-21", "GB 7102.1-2003"),
        ("GB_2726-2016.xml", "GB 2726-2016", "national", True, "2016-12-23", "2017-06-23", "GB 2726-2005"),
        ("GB-T_19266-2008.xml", "GB/T 19266-2008", "national", False, "2008-10-22", "2009-01-01", "GB 19266-2003"),
        ("GB-T_1354-2018.xml", "GB/T 1354-2018", "national", False, "2018-10-10", "2019-05-01", "GB/T 1354-2009"),
        ("GB-T_1535-2017.xml", "GB/T 1535-2017", "national", False, "2017-12-29", "2018-07-01", "GB/T 1535-2003"),
        ("EU_2001-110.xml", "Directive 2001/110/EC", "regional", True, "2001-12-20", None, None),
    ],
)
def test_metadata_through_the_sts_reader(name, code, level, mandatory, issued, implemented, replaces) -> None:
    sts = pytest.importorskip("stdbench.readers.sts")
    std = sts.read_sts(CORPUS / name)
    assert std.code == code
    assert std.level.value == level
    assert std.mandatory is mandatory
    assert str(std.issued) == issued
    assert (str(std.implemented) if std.implemented else None) == implemented
    if replaces:
        assert replaces in std.replaces


def test_clause_outline_of_gb_t_19266() -> None:
    sts = pytest.importorskip("stdbench.readers.sts")
    std = sts.read_sts(CORPUS / "GB-T_19266-2008.xml")
    assert std.clause("6.4").title == "加工质量指标"
    assert std.clause("6.5").title == "理化指标"
    assert std.clause("10.3").title == "保质期"


# ------------------------------------------------------------------ values (table-driven)

VALUES = [
    # file, parameter (substring of the row), subject (substring, "" = any), limit cell, unit (substring of the row)
    ("GB-T_19266-2008.xml", "水分", "", "≤15.5", "%"),
    ("GB-T_19266-2008.xml", "黄粒米", "", "≤0.2", "%"),
    ("GB-T_19266-2008.xml", "碎米总量", "", "≤10.0", "%"),
    ("GB-T_19266-2008.xml", "食味品质", "", "≥85", "分"),
    ("GB-T_19266-2008.xml", "直链淀粉", "", "15～20", "%"),
    ("GB-T_19266-2008.xml", "胶稠度", "", "≥70", "mm"),
    ("GB-T_1354-2018.xml", "碎米总量", "粳米", "≤12.5", "%"),
    ("GB-T_1354-2018.xml", "碎米总量", "优质籼米", "≤15.0", "%"),
    ("ISO_17301-1-2016.xml", "Paddy", "", "≤2.5", ""),
    ("ISO_17301-1-2016.xml", "Partly gelatinized", "", "≤11.0", ""),
    ("ISO_17301-1-2016.xml", "Moisture", "rice", "≤15", "% mass fraction"),
    ("CXS_198-1995.xml", "Moisture", "rice", "≤15", "% m/m"),
    ("CXS_198-1995.xml", "Filth", "rice", "≤0.1", "% m/m"),
    ("GB_14963-2011.xml", "果糖和葡萄糖", "蜂蜜", "≥60", "g/100 g"),
    ("GB_14963-2011.xml", "蔗糖", "其他蜂蜜", "≤5", "g/100 g"),
    ("GB_14963-2011.xml", "蔗糖", "荔枝蜂蜜", "≤10", "g/100 g"),
    ("GB_14963-2011.xml", "锌", "蜂蜜", "≤25", "mg/kg"),
    ("GB_14963-2011.xml", "菌落总数", "", "≤1000", "CFU/g"),
    ("GB_14963-2011.xml", "嗜渗酵母", "", "≤200", "CFU/g"),
    ("CXS_12-1981.xml", "Hydroxymethylfurfural", "tropical", "≤80", "mg/kg"),
    ("CXS_12-1981.xml", "Free acidity", "honey", "≤50", "meq/kg"),
    ("EU_2001-110.xml", "Moisture content", "baker's honey from heather", "≤25", "%"),
    ("EU_2001-110.xml", "Fructose and glucose", "honeydew", "≥45", "g/100 g"),
    ("EU_2001-110.xml", "Free acid", "baker's honey", "≤80", "per 1000 g"),
    ("GB-T_1535-2017.xml", "过氧化值", "", "≤7.5", "mmol/kg"),
    ("GB-T_1535-2017.xml", "酸价", "", "≤0.50", "mg/g"),
    ("GB_2716-2018.xml", "过氧化值", "食用植物油", "≤0.25", "g/100 g"),
    ("GB_2716-2018.xml", "极性组分", "煎炸", "≤27", "%"),
    ("GB_2716-2018.xml", "溶剂残留量", "食用植物油", "≤20", "mg/kg"),
    ("CXS_210-1999.xml", "Peroxide value", "refined", "≤10", "active oxygen"),
    ("CXS_210-1999.xml", "Acid value", "cold pressed", "≤4.0", "mg KOH/g"),
    ("GB_2726-2016.xml", "菌落总数", "", "10000", "CFU/g"),
]


@pytest.mark.parametrize(("name", "parameter", "subject", "limit", "unit"), VALUES)
def test_value_is_in_the_table(name: str, parameter: str, subject: str, limit: str, unit: str) -> None:
    rows = [r for r in _table_rows(CORPUS / name) if parameter in r[0] and subject in " ".join(r[1:])]
    assert rows, f"no row for {parameter} / {subject} in {name}"
    assert any(limit in r[1:] and unit in " ".join(r) for r in rows), rows


def test_gb_2726_aerobic_count_plan() -> None:
    row = next(r for r in _table_rows(CORPUS / "GB_2726-2016.xml") if r[0].startswith("菌落总数"))
    assert row[1:5] == ["5", "2", "10000", "100000"]


# ------------------------------------------------------------------ examples


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_example_is_marked_fictional_and_cites_superseded_gb_2762(name: str) -> None:
    root = parse_xml_file(EXAMPLES / name)
    notes = " ".join(_custom_meta(root)["note"])
    assert "不属于任何真实企业或社会团体" in notes
    cited = [_text(r) for r in _all(root, "std-ref")]
    assert "GB 2762—2022" in cited
    assert "本文件按照GB/T 1.1—2020" in _text(root)


@pytest.mark.parametrize(
    ("name", "parameter", "looser"),
    [
        ("Q-EXAMPLE_0001S-2025.xml", "铅", "≤0.3"),
        ("T-EXAMPLE_001-2025.xml", "无机砷", "≤0.25"),
        ("Q-EXAMPLE_0002S-2025.xml", "菌落总数", "≤2000"),
        ("T-EXAMPLE_002-2025.xml", "蔗糖", "≤8"),
    ],
)
def test_example_carries_its_one_looser_value(name: str, parameter: str, looser: str) -> None:
    rows = [r for r in _table_rows(EXAMPLES / name) if r[0].startswith(parameter)]
    assert [r[1] for r in rows] == [looser]
    assert looser in (EXAMPLES / "EXPECTED.md").read_text(encoding="utf-8")


def _docx_rows(path: Path) -> list[list[str]]:
    doc = Document(str(path))
    return [[c.text for c in row.cells] for t in doc.tables for row in t.rows[1:]]


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_docx_carries_the_same_requirements_as_the_xml(name: str) -> None:
    docx_path = (EXAMPLES / name).with_suffix(".docx")
    assert _docx_rows(docx_path) == _table_rows(EXAMPLES / name)
    doc = Document(str(docx_path))
    styled = {(p.style.name, p.text) for p in doc.paragraphs}
    assert ("标准文件_章标题", "2\u3000规范性引用文件") in styled
    assert ("标准文件_一级条标题", "4.3\u3000理化指标") in styled
    assert ("标准文件_正文表标题", "表2\u3000理化指标") in styled
    prefix, _, rest = name.removesuffix(".xml").partition("_")
    number, _, year = rest.rpartition("-")
    assert ("标准文件_封面标准代号", f"{prefix.replace('-', '/')} {number}—{year}") in styled


# ------------------------------------------------------------------ catalogue

CATALOGUE_NAMES = [
    "婴幼儿配方乳粉", "非转基因大豆制品", "哈尔滨红肠", "甜菜糖", "蜂产品", "沙棘饮料", "红树莓果汁", "通河大榛子",
    "天然苏打水", "俄式糕点", "白瓜籽", "奎山粉条", "林口熏鹅", "猴头菇制品", "伊春桦树汁", "紫苏籽油", "抚远蔓越莓",
    "鲟鱼及鲟鱼籽酱", "富硒山药食品", "米糠油", "绥滨板鹅", "齐齐哈尔烤肉", "朝鲜族传统食品", "柳蒿芽茶", "玉米煎饼",
    "烤冷面", "鸡西大冷面", "龙腾湖河套鸭蛋", "玉米浆包", "五大连池矿泉豆腐", "榆林筋饼",
]


@pytest.fixture(scope="module")
def catalogue() -> dict:
    with open(CORPUS / "catalogue.toml", "rb") as fh:
        return tomllib.load(fh)


def test_catalogue_names_every_industry(catalogue: dict) -> None:
    names = {i["name"] for i in catalogue["industry"]}
    assert set(CATALOGUE_NAMES) <= names
    kinds = {i["kind"] for i in catalogue["industry"]}
    assert kinds == {"cluster", "specialty", "snack", "raw-material"}
    products = {p["name"] for i in catalogue["industry"] for p in i["product"]}
    assert {"大豆油", "豆制品", "黄豆酱", "大米", "大豆", "黑蜂蜂蜜"} <= products


@pytest.mark.parametrize(
    ("industry", "place"),
    [("通河大榛子", "通河县"), ("抚远蔓越莓", "抚远市"), ("林口熏鹅", "林口县"), ("伊春桦树汁", "伊春市"),
     ("绥滨板鹅", "绥滨县"), ("鸡西大冷面", "鸡西市"), ("齐齐哈尔烤肉", "齐齐哈尔市"), ("五大连池矿泉豆腐", "五大连池市"),
     ("哈尔滨红肠", "哈尔滨市"), ("黑蜂蜂蜜", "饶河县")],
)
def test_catalogue_places(catalogue: dict, industry: str, place: str) -> None:
    entry = next(i for i in catalogue["industry"] if i["name"] == industry)
    assert place in entry["places"]


@pytest.mark.parametrize(
    ("product", "gb2760", "standard"),
    [("哈尔滨红肠", "08.03.05 肉灌肠类", "GB 2726"), ("蜂蜜", "11.03.01 蜂蜜", "GB 14963"),
     ("大豆油", "02.01.01.01 植物油", "GB 2716"), ("粉条", "06.05.02.01 粉丝、粉条", "GB 2713"),
     ("俄式糕点", "07.02.02 西式糕点", "GB 7099"), ("咸鸭蛋", "10.02.04 咸蛋", "GB 2749")],
)
def test_catalogue_product_categories(catalogue: dict, product: str, gb2760: str, standard: str) -> None:
    entry = next(p for i in catalogue["industry"] for p in i["product"] if p["name"] == product)
    assert gb2760 in entry["gb2760_categories"]
    assert standard in entry["standards"]


def test_catalogue_gb2760_codes_match_the_reference_data(catalogue: dict) -> None:
    import json

    ref = CORPUS.parent.parent / "shared" / "reference" / "data" / "gb2760_full.json"
    if not ref.exists():
        pytest.skip("GB 2760 reference data not available")
    data = json.loads(ref.read_text(encoding="utf-8"))
    codes = {r["code"]: r["name"] for t in data["by_category"]["category_tree"] for r in t["rows"]}
    for industry in catalogue["industry"]:
        for product in industry["product"]:
            for entry in product["gb2760_categories"]:
                code, name = entry.split(" ", 1)
                assert codes.get(code) == name, entry
