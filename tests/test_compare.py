"""The 对标 matrix: rice examples against GB 2762-2025, inheritance, by-reference resolution, renderers, CLI."""
from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from stdbench.analysis.applicability import StandardSet, parameter_of, product_for
from stdbench.analysis.compare import compare
from stdbench.cli import main
from stdbench.model import Bound, Requirement, Standard
from stdbench.readers import read
from stdbench.render.matrix import matrix_csv, matrix_text, neutralise
from tests.conftest import CORPUS

EX = CORPUS / "examples"
Q1, T1 = "Q/EXAMPLE 0001S-2025", "T/EXAMPLE 001-2025"


@pytest.fixture(scope="module")
def rice(corpus):
    stds = [read(EX / "Q-EXAMPLE_0001S-2025.xml"), read(EX / "T-EXAMPLE_001-2025.xml"), corpus.get("GB/T 1354-2018")]
    return compare(stds, baseline=corpus.get("GB 2762-2025"), corpus=corpus)


def verdicts(matrix, parameter: str) -> dict[str, str | None]:
    (row,) = matrix.find(parameter)
    return {c.standard: c.verdict for c in row.cells}


def test_rice_contaminants_as_expected(rice) -> None:
    assert rice.baseline == "GB 2762-2025" and rice.product == "大米"
    # EXPECTED.md: cadmium 0.1 vs 稻谷、糙米、大米（粉） 0.2 → stricter in both examples
    assert verdicts(rice, "cadmium") | {} == {"GB 2762-2025": None, Q1: "stricter", T1: "stricter",
                                              "GB/T 1354-2018": "only-in-one"}
    assert verdicts(rice, "lead")[Q1] == "looser" and verdicts(rice, "lead")[T1] == "stricter"
    assert verdicts(rice, "inorganic_arsenic")[Q1] == "stricter"
    assert verdicts(rice, "inorganic_arsenic")[T1] == "looser"
    assert verdicts(rice, "mercury")[Q1] == "equal"
    (cd,) = rice.find("cadmium")
    assert cd.cell("GB 2762-2025").limit == "0.2" and cd.group == "contaminants"
    (lead,) = rice.find("lead")  # inheritance: the 谷物及其制品 limit reaches 大米
    assert lead.cell("GB 2762-2025").clause == "4.1.1" and lead.cell("GB 2762-2025").limit == "0.2"


def test_reference_resolved_and_marked_inherited(rice) -> None:
    (hg,) = rice.find("mercury")
    t1 = hg.cell(T1)  # T/EXAMPLE 001 does not state mercury: "应符合GB 2762—2022的规定" brings it in
    assert (t1.limit, t1.inherited_from, t1.verdict) == ("0.02", "GB 2762-2022", "equal")
    assert hg.cell(Q1).inherited_from is None
    (cr,) = rice.find("chromium")
    assert cr.cell(Q1).inherited_from == "GB 2762-2022" and cr.cell(Q1).limit == "1.0"


def test_varieties_and_grades_of_the_product_standard(rice) -> None:
    # review R1 item 3 (this test asserted the old copying): the baseline GB 2762 does not state 碎米总量, so
    # the examples' whole-product limits sit in one general row, GB/T 1354's variety × grade rows stand apart
    rows = rice.find("broken_kernels_total", category="优质粳米", grade="一级")
    assert len(rows) == 1
    cells = {c.standard: c.limit for c in rows[0].cells}
    assert cells == {"GB 2762-2025": None, Q1: None, T1: None, "GB/T 1354-2018": "≤5.0"}
    assert {c.standard: c.verdict for c in rows[0].cells}[Q1] is None  # Q states it, in the general row
    (general,) = [r for r in rice.find("broken_kernels_total") if not r.subject]
    assert {c.standard: c.limit for c in general.cells} == {"GB 2762-2025": None, Q1: "≤8.0", T1: "≤10.0",
                                                             "GB/T 1354-2018": None}


def test_counts(rice) -> None:
    assert rice.counts[Q1]["stricter"] == 2 and rice.counts[Q1]["looser"] == 1
    assert rice.counts[T1]["looser"] == 1 and rice.counts[T1]["stricter"] == 2
    assert "GB 2762-2025" not in rice.counts


def test_json_contract(rice) -> None:
    data = json.loads(rice.to_json())
    assert set(data) >= {"baseline", "standards", "rows", "counts"}
    assert data["standards"] == ["GB 2762-2025", Q1, T1, "GB/T 1354-2018"]
    row = next(r for r in data["rows"] if r["parameter"] == "cadmium")
    assert set(row) >= {"parameter", "parameter_name", "group", "subject", "cells"}
    assert row["parameter_name"] == "镉"
    assert set(row["cells"][0]) >= {"standard", "limit", "verdict", "unit", "inherited_from"}
    # the five verdict keys stay; baseline-silent, standard-silent and inherited are additions (review R1 4, 6)
    assert set(data["counts"][Q1]) == {"stricter", "equal", "looser", "only-in-one", "not-comparable",
                                       "baseline-silent", "standard-silent", "inherited"}
    assert set(row["cells"][1]) >= {"missing", "inherited_superseded", "category", "normalized"}


def test_text_and_csv(rice) -> None:
    text = matrix_text(rice)
    assert "基准: GB 2762-2025" in text and "≤0.3 mg/kg (宽于)" in text
    raw = matrix_csv(rice)
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    cd = next(r for r in rows if r[1] == "cadmium")
    assert cd[rows[0].index(Q1 + " verdict")] == "严于"
    assert neutralise("=1+1") == "'=1+1" and neutralise("-0.5") == "'-0.5" and neutralise("≤0.2") == "≤0.2"


def test_csv_neutralises_formula_cells() -> None:
    evil = Standard.model_validate({"designation": {"prefix": "Q/EVIL", "number": "1", "year": 2025}})
    evil.requirements = [Requirement(parameter="lead", label="铅", bound=Bound(upper=1), limit_text="=HYPERLINK(1)")]
    m = compare([evil])
    line = matrix_csv(m).decode("utf-8-sig").splitlines()[1]
    assert "'=HYPERLINK(1)" in line


def test_parameters_from_captions_and_clause_titles(corpus) -> None:
    std = corpus.get("GB 2762-2025")
    assert parameter_of(Requirement(label="食品中镉限量指标"), std) == "cadmium"
    untitled = Requirement(label="限量", provenance={"clause": "4.1.1"})  # 4.1.1 has no title; 4.1 is 铅
    assert parameter_of(untitled, std) == "lead"


def test_product_inferred_and_honey_other_variety(corpus) -> None:
    honey = read(EX / "T-EXAMPLE_002-2025.xml")
    assert product_for([honey]).id == "honey"
    m = compare([honey], baseline=corpus.get("GB 14963"), corpus=corpus)
    (sucrose,) = m.find("sucrose")  # 椴树蜂蜜 is one of 其他蜂蜜 (≤5), not the ≤10 list
    assert sucrose.cell("GB 14963-2011").limit == "≤5" and sucrose.cell("T/EXAMPLE 002-2025").verdict == "looser"
    assert m.find("fructose_glucose")[0].cell("T/EXAMPLE 002-2025").verdict == "stricter"
    assert m.find("hmf")[0].cell("T/EXAMPLE 002-2025").verdict == "only-in-one"


def test_standard_set_is_a_corpus() -> None:
    a = read(CORPUS / "GB_2762-2022.xml")
    b = read(CORPUS / "GB_2762-2025.xml")
    s = StandardSet([a, b])
    assert s.get("GB 2762").code == "GB 2762-2025" and s.get("GB 2762-2022").code == "GB 2762-2022"
    assert s.get("GB 2760") is None


def test_cli(corpus, tmp_path) -> None:
    runner = CliRunner()
    db = str(corpus.path)
    r = runner.invoke(main, ["compare", str(EX / "T-EXAMPLE_001-2025.docx"), "--baseline", "GB 2762-2025",
                             "--format", "json", "--db", db])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    row = next(x for x in data["rows"] if x["parameter"] == "inorganic_arsenic")
    assert [c["verdict"] for c in row["cells"]] == [None, "looser"]
    out = tmp_path / "m.csv"
    args = ["compare", str(EX / "Q-EXAMPLE_0001S-2025.xml"), "GB/T 1354", "--baseline", "GB 2762",
            "--format", "csv", "-o", str(out), "--db", db]
    assert runner.invoke(main, args).exit_code == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert runner.invoke(main, args).exit_code == 2  # exists, no --force
    assert runner.invoke(main, [*args, "--force"]).exit_code == 0
    bad = runner.invoke(main, ["compare", "NO/SUCH 1-2000", "--db", db])
    assert bad.exit_code == 2 and "neither a file nor a standard" in bad.output


def _std(code: str, *reqs: Requirement) -> Standard:
    prefix, rest = code.split(" ", 1)
    number, year = rest.split("-")
    std = Standard.model_validate({"designation": {"prefix": prefix, "number": number, "year": int(year)}})
    std.requirements = list(reqs)
    return std


def test_conversion_recorded_per_cell_and_in_json() -> None:
    from decimal import Decimal

    base = _std("Q/MG 1-2025", Requirement(parameter="lead", label="铅", bound=Bound(upper=Decimal("0.2")),
                                            unit="mg/kg", limit_text="0.2"))
    ug = _std("T/UG 1-2025", Requirement(parameter="lead", label="铅", bound=Bound(upper=Decimal(150)),
                                          unit="μg/kg", limit_text="≤150"))
    m = compare([ug], baseline=base)
    (row,) = m.find("lead")
    cell = row.cell("T/UG 1-2025")
    assert cell.verdict == "stricter"  # 150 μg/kg = 0.15 mg/kg < 0.2 mg/kg
    assert (cell.conversion.from_unit, cell.conversion.to_unit, cell.conversion.factor) == ("μg/kg", "mg/kg",
                                                                                         Decimal("0.001"))
    assert row.cell("Q/MG 1-2025").conversion is None
    data = json.loads(m.to_json())
    jc = next(c for c in data["rows"][0]["cells"] if c["standard"] == "T/UG 1-2025")
    assert jc["conversion"] == {"from_unit": "μg/kg", "to_unit": "mg/kg", "factor": "0.001",
                                "parameter_specific": False, "parameter": "lead", "value": "150",
                                "converted": "0.15"}
    assert jc["limit"] == "≤150" and jc["unit"] == "μg/kg" and jc["verified"] is True  # contract unchanged


def test_sentence_limits_normalised_and_unverified_marked(corpus, rice) -> None:
    from decimal import Decimal

    from stdbench.analysis.compare import normalized_limit

    iso = Requirement(parameter="moisture", bound=Bound(upper=Decimal(15)), unit="%",
                      limit_text="shall not be greater than 15 %")
    assert normalized_limit(iso) == "≤15 %"
    # review R1 item 7 (these asserted None before): a bare number under a 限量 column is a maximum
    assert normalized_limit(Requirement(bound=Bound(upper=Decimal("0.2")), unit="mg/kg",
                                        limit_text="0.2")) == "≤0.2 mg/kg"
    assert normalized_limit(Requirement(bound=Bound(upper=Decimal("0.01")), unit="mg/L",
                                        limit_text="0.01 mg/L")) == "≤0.01 mg/L"
    assert normalized_limit(Requirement(bound=Bound(upper=Decimal("0.3")), unit="mg/kg", limit_text="≤0.3")) is None
    m = compare([corpus.get("ISO 17301-1:2016")], baseline=corpus.get("GB/T 1354-2018"), corpus=corpus)
    row = m.find("moisture", category="籼米、籼糯米", grade="一级")[0]
    iso_cell, gbt = row.cell("ISO 17301-1:2016"), row.cell("GB/T 1354-2018")
    assert (iso_cell.limit, iso_cell.normalized) == ("shall not be greater than 15 %", "≤15 %")
    assert gbt.limit == "≤14.5" and gbt.verified is False  # the corpus marks GB/T 1354 moisture 未核实
    assert iso_cell.verdict == "looser"  # ≤15 % against ≤14.5 %


def test_terminal_table_shows_normalised_and_unverified(corpus) -> None:
    m = compare([corpus.get("ISO 17301-1:2016")], baseline=corpus.get("GB/T 1354-2018"), corpus=corpus)
    text = matrix_text(m)
    assert "≤15 % (宽于)" in text and "≤14.5 %※" in text and "※ 未核实" in text


def test_parameter_name_in_english_json_contract_kept(corpus) -> None:
    stds = [read(EX / "Q-EXAMPLE_0001S-2025.xml")]
    m = compare(stds, baseline=corpus.get("GB 2762-2025"), corpus=corpus, lang="en")
    data = json.loads(m.to_json())
    cd = next(r for r in data["rows"] if r["parameter"] == "cadmium")
    assert cd["parameter_name"] == "Cadmium" and cd["cells"][1]["verdict"] == "stricter"
    assert "lang" not in data  # the contract's keys are unchanged


def test_international_rows_placed_through_the_crosswalk(corpus) -> None:
    m = compare([corpus.get("CXS 193-1995")], baseline=corpus.get("GB 2762-2025"), corpus=corpus, product="大米")
    (cd,) = m.find("cadmium")
    assert (cd.cell("CXS 193-1995").limit, cd.cell("CXS 193-1995").verdict) == ("0.4", "looser")


def test_cli_english_parameter_names(db):
    import json

    from click.testing import CliRunner

    from stdbench.cli import main

    res = CliRunner().invoke(main, ["compare", "CXS 193-1995", "--baseline", "GB 2762-2025", "--product", "大米",
                                    "--lang", "en", "--format", "json", "--db", str(db)])
    assert res.exit_code == 0, res.output
    rows = {r["parameter"]: r for r in json.loads(res.output)["rows"]}
    assert rows["cadmium"]["parameter_name"] == "Cadmium"
    cells = {c["standard"]: c for c in rows["cadmium"]["cells"]}
    assert cells["CXS 193-1995"]["verdict"] == "looser" and cells["CXS 193-1995"]["limit"].startswith("0.4")


# ------------------------------------------------------------------ review R1 items 3, 4, 6, 7, 21

ISO, CXS, GBT = "ISO 17301-1:2016", "CXS 198-1995", "GB/T 1354-2018"


@pytest.fixture(scope="module")
def demo(corpus):
    """The demo set: the two examples, GB/T 1354, ISO 17301-1 and CXS 198 against GB 2762-2025."""
    stds = [read(EX / "Q-EXAMPLE_0001S-2025.xml"), read(EX / "T-EXAMPLE_001-2025.xml"),
            *(corpus.get(c) for c in (GBT, ISO, CXS))]
    return compare(stds, baseline=corpus.get("GB 2762-2025"), corpus=corpus)


def test_general_requirement_in_one_general_row(demo) -> None:
    moisture = demo.find("moisture")
    (general,) = [r for r in moisture if not r.subject]
    shown = {c.standard: c.normalized or c.limit for c in general.cells if c.limit}
    assert shown == {Q1: "≤15.0", T1: "≤15.0", ISO: "≤15 %", CXS: "≤15"}
    graded = [r for r in moisture if r.subject]
    assert len(graded) == 6  # 籼米、籼糯米 / 粳米、粳糯米 × 一级 / 二级 / 三级
    for row in graded:
        assert [c.standard for c in row.cells if c.limit] == [GBT]
        assert row.cell(GBT).limit == ("≤14.5" if row.subject["category"] == "籼米、籼糯米" else "≤15.5")
        assert row.cell(Q1).verdict is None and row.cell(ISO).verdict is None  # stated elsewhere, not silent


def test_counts_each_requirement_once(demo) -> None:
    # ISO moisture is one requirement (it was counted on six copied rows), its 6 contaminant gaps are the
    # baseline's six limits; 43 ISO rows the baseline does not state
    assert demo.counts[ISO]["only-in-one"] == 49
    assert (demo.counts[ISO]["baseline-silent"], demo.counts[ISO]["standard-silent"]) == (43, 6)
    assert (demo.counts[CXS]["baseline-silent"], demo.counts[CXS]["standard-silent"]) == (3, 6)
    assert demo.counts[GBT]["baseline-silent"] == 24  # 6 moisture + 12 碎米总量 + 6 加工精度 rows of its own


def test_missing_side_of_only_in_one_cells(demo) -> None:
    (lead,) = demo.find("lead")
    assert (lead.cell(ISO).verdict, lead.cell(ISO).missing) == ("only-in-one", "standard")
    (general,) = [r for r in demo.find("moisture") if not r.subject]
    assert (general.cell(Q1).verdict, general.cell(Q1).missing) == ("only-in-one", "baseline")
    assert lead.cell(Q1).missing is None and lead.cell("GB 2762-2025").missing is None
    for key in ("only-in-one", "baseline-silent", "standard-silent"):
        assert key in demo.counts[Q1]
    for c in demo.counts.values():
        assert c["only-in-one"] == c["baseline-silent"] + c["standard-silent"]


def test_values_inherited_from_a_replaced_edition(demo) -> None:
    (hg,) = demo.find("mercury")
    t1 = hg.cell(T1)  # 应符合GB 2762—2022 → 0.02; GB 2762-2022 is replaced by GB 2762-2025
    assert (t1.limit, t1.inherited_from, t1.inherited_superseded, t1.verdict) == ("0.02", "GB 2762-2022", True,
                                                                                  "equal")
    assert hg.cell(Q1).inherited_superseded is False  # Q states mercury ≤0.02 itself
    # T/EXAMPLE's three 等同 (总汞, 铬, 苯并[a]芘) were all inherited: counted apart, not as equal
    assert (demo.counts[T1]["equal"], demo.counts[T1]["inherited"]) == (0, 3)
    assert (demo.counts[Q1]["equal"], demo.counts[Q1]["inherited"]) == (1, 2)


def test_inherited_superseded_from_a_standard_set() -> None:
    sset = StandardSet([read(CORPUS / "GB_2762-2022.xml"), read(CORPUS / "GB_2762-2025.xml")])
    m = compare([read(EX / "T-EXAMPLE_001-2025.xml")], baseline=sset.get("GB 2762-2025"), corpus=sset)
    (cr,) = m.find("chromium")
    assert cr.cell(T1).inherited_superseded is True and cr.cell(T1).limit == "1.0"


def test_matched_category_per_cell_and_baseline_operator(demo) -> None:
    (cd,) = demo.find("cadmium")
    base = cd.cell("GB 2762-2025")
    assert (base.limit, base.category) == ("0.2", "稻谷、糙米、大米（粉）")
    assert base.normalized.startswith("≤0.2 mg/kg")  # a bare 0.2 under 限量 is a maximum
    assert cd.cell(Q1).category is None  # a product standard: the whole product
    (pb,) = demo.find("lead")
    assert pb.cell("GB 2762-2025").category.startswith("谷物及其制品")
    (cr,) = demo.find("chromium")
    assert cr.cell(T1).category == "谷物碾磨加工品"  # the GB 2762-2022 row it was inherited from
    row = demo.find("moisture", category="籼米、籼糯米", grade="一级")[0]
    assert row.cell(GBT).category == "籼米、籼糯米"
    data = json.loads(demo.to_json())
    jcd = next(r for r in data["rows"] if r["parameter"] == "cadmium")
    jb = next(c for c in jcd["cells"] if c["standard"] == "GB 2762-2025")
    assert jb["category"] == "稻谷、糙米、大米（粉）" and jb["limit"] == "0.2"


def test_international_category_kept(corpus) -> None:
    m = compare([corpus.get("CXS 193-1995")], baseline=corpus.get("GB 2762-2025"), corpus=corpus, product="大米")
    (cd,) = m.find("cadmium")
    assert cd.cell("CXS 193-1995").category == "Rice, polished"


def test_general_requirement_fills_the_baselines_rows(corpus) -> None:
    m = compare([corpus.get(ISO)], baseline=corpus.get(GBT), corpus=corpus)
    rows = [r for r in m.find("moisture")]
    assert len(rows) == 6 and all(r.subject for r in rows)  # no separate general row: one verdict per row
    verdicts = {(r.subject["category"], r.subject["grade"]): r.cell(ISO).verdict for r in rows}
    assert verdicts[("籼米、籼糯米", "一级")] == "looser" and verdicts[("粳米、粳糯米", "三级")] == "stricter"
    # counted once per distinct verdict, not once per row
    assert m.counts[ISO]["looser"] == 1 and m.counts[ISO]["stricter"] == 1


def test_general_not_copied_onto_another_standards_rows() -> None:
    from decimal import Decimal

    base = _std("GB 9-2025", Requirement(parameter="lead", label="铅", bound=Bound(upper=Decimal("0.2")),
                                         unit="mg/kg", limit_text="0.2"))
    y = _std("Q/Y 1-2025", Requirement(parameter="lead", label="铅", bound=Bound(upper=Decimal("0.1")),
                                       unit="mg/kg", limit_text="≤0.1"))
    x = _std("T/X 1-2025", *(Requirement(parameter="lead", label="铅", subject={"grade": g},
                                         bound=Bound(upper=Decimal(v)), unit="mg/kg", limit_text=f"≤{v}")
                             for g, v in (("一级", "0.1"), ("二级", "0.3"))))
    m = compare([y, x], baseline=base)
    general = m.find("lead", grade=None)
    assert [r.subject for r in m.find("lead")] == [{}, {"grade": "一级"}, {"grade": "二级"}]
    assert general[0].cell("Q/Y 1-2025").verdict == "stricter" and general[0].cell("T/X 1-2025").verdict is None
    (g2,) = m.find("lead", grade="二级")
    assert g2.cell("T/X 1-2025").verdict == "looser" and g2.cell("GB 9-2025").limit == "0.2"
    assert g2.cell("Q/Y 1-2025").limit is None and g2.cell("Q/Y 1-2025").verdict is None
    assert m.counts["Q/Y 1-2025"]["stricter"] == 1 and m.counts["T/X 1-2025"]["looser"] == 1


def test_terminal_table_units_subject_groups_and_silent_side(demo) -> None:
    text = matrix_text(demo)
    line = next(x for x in text.splitlines() if x.split()[:2] == ["污染物", "铅"])  # the report's group name
    assert "大米" in line and "≤0.2 mg/kg" in line and "≤0.3 mg/kg (宽于)" in line
    assert "— (本标准未规定)" in line
    bap = next(x for x in text.splitlines() if "苯并[a]芘" in x)
    assert "≤2.0 μg/kg" in bap and "[GB 2762-2022，已被代替] (等同)" in bap
    moist = next(x for x in text.splitlines() if x.split()[:3] == ["理化指标", "水分", "大米"])
    assert "≤15.0 % (基准未规定)" in moist
    assert "污染物限量" not in text and "未规定 (" not in text
    counts = next(x for x in text.splitlines() if x.startswith(T1 + ":"))
    assert "等同 0" in counts and "引用（已被代替版本） 3" in counts and "基准未规定 6" in counts
    en = matrix_text(demo, lang="en")
    assert "Contaminants" in en and "(not in standard)" in en and "(not in baseline)" in en


def test_csv_labels_units_and_categories(demo) -> None:
    rows = list(csv.reader(io.StringIO(matrix_csv(demo).decode("utf-8-sig"))))
    head = rows[0]
    pb = next(r for r in rows if r[1] == "lead")
    assert pb[head.index(ISO + " verdict")] == "本标准未规定"
    assert pb[head.index("GB 2762-2025 unit")] == "mg/kg"
    assert pb[head.index("GB 2762-2025 category")].startswith("谷物及其制品")
    m = next(r for r in rows if r[1] == "moisture" and not r[3])
    assert m[head.index(Q1 + " verdict")] == "基准未规定" and m[head.index(Q1)] == "≤15.0"
    assert head[:7] == ["group", "parameter", "parameter_name", "subject", "GB 2762-2025", "GB 2762-2025 verdict",
                        "GB 2762-2025 inherited_from"]  # the first columns are unchanged


def test_further_baseline_judges_what_the_first_does_not_state(corpus, db) -> None:
    """The national floor is several mandatory standards: GB 2762 for contaminants, GB 2761 for mycotoxins.
    A parameter GB 2762 does not state (aflatoxin B1) is judged against GB 2761-2017 表1 (大米 10 μg/kg)."""
    stds = [read(EX / "Q-EXAMPLE_0001S-2025.xml"), corpus.get("Regulation (EU) 2023/915")]
    m = compare(stds, baseline=corpus.get("GB 2762-2025"), corpus=corpus, also=[corpus.get("GB 2761-2017")])
    assert (m.baseline, m.baselines) == ("GB 2762-2025", ["GB 2762-2025", "GB 2761-2017"])
    assert m.standards[:2] == ["GB 2762-2025", "GB 2761-2017"]
    afb1 = m.find("aflatoxin_b1")[0]
    assert afb1.reference == "GB 2761-2017"
    cells = {c.standard: c for c in afb1.cells}
    assert (cells["GB 2761-2017"].limit, cells["GB 2761-2017"].normalized, cells["GB 2761-2017"].verdict) == (
        "10", "≤10 μg/kg", None)
    assert (cells[Q1].verdict, cells[Q1].missing) == ("only-in-one", "standard")  # 本标准未规定
    assert cells["Regulation (EU) 2023/915"].verdict == "stricter"  # 2.0 μg/kg against 10 μg/kg
    assert cells["GB 2762-2025"].verdict is None  # a baseline column never gets a verdict
    lead = m.find("lead")[0]
    assert lead.reference == "GB 2762-2025" and {c.standard: c.verdict for c in lead.cells}[Q1] == "looser"
    assert "GB 2761-2017" not in m.counts and m.counts[Q1]["standard-silent"] >= 1
    # a baseline named twice (or a further baseline also given as an input) is one baseline column
    twice = compare([*stds, corpus.get("GB 2761-2017")], baseline=corpus.get("GB 2762-2025"), corpus=corpus,
                    also=[corpus.get("GB 2762-2025"), corpus.get("GB 2761-2017")])
    assert twice.baselines == ["GB 2762-2025", "GB 2761-2017"] and "GB 2761-2017" not in twice.counts
    # without the further baseline the row is judged against GB 2762, which is silent (基准未规定)
    alone = compare(stds, baseline=corpus.get("GB 2762-2025"), corpus=corpus)
    assert alone.baselines == ["GB 2762-2025"]
    only = alone.find("aflatoxin_b1")[0]
    assert only.reference == "GB 2762-2025"
    assert {c.standard: c.missing for c in only.cells}["Regulation (EU) 2023/915"] == "baseline"
    # the CLI: --also-baseline (repeatable), the JSON contract's baselines and reference
    runner = CliRunner()
    res = runner.invoke(main, ["compare", str(EX / "Q-EXAMPLE_0001S-2025.xml"), "Regulation (EU) 2023/915",
                               "--baseline", "GB 2762-2025", "--also-baseline", "GB 2761-2017", "--format", "json",
                               "--db", str(db)])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["baselines"] == ["GB 2762-2025", "GB 2761-2017"]
    assert next(r for r in data["rows"] if r["parameter"] == "aflatoxin_b1")["reference"] == "GB 2761-2017"
    res = runner.invoke(main, ["compare", "GB 2762-2025", "--also-baseline", "GB 2761-2017", "--db", str(db)])
    assert res.exit_code == 2 and "--also-baseline needs --baseline" in res.output
