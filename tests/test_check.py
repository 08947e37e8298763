"""Compliance check of the example Q/ and T/ standards: exactly the planted findings of examples/EXPECTED.md."""
from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from stdbench.analysis.check import check
from stdbench.cli import main
from stdbench.readers import read
from tests.conftest import CORPUS

EX = CORPUS / "examples"
AFTER = date(2026, 11, 1)  # GB 2762-2025 in force (implemented 2026-09-02)
DURING = date(2026, 1, 1)  # transition: GB 2762-2025 published, not yet in force


# (file stem, looser parameter, example limit, national source) — EXPECTED.md "Summary for tests"
PLANTED = [
    ("Q-EXAMPLE_0001S-2025", "lead", "≤0.3", "GB 2762-2025 4.1.1 表1"),
    ("T-EXAMPLE_001-2025", "inorganic_arsenic", "≤0.25", "GB 2762-2025 4.4.1 表4"),
    ("Q-EXAMPLE_0002S-2025", "aerobic_plate_count", "≤2000", "GB 14963-2011 3.6 表3"),
    ("T-EXAMPLE_002-2025", "sucrose", "≤8", "GB 14963-2011 3.3 表2"),
]
# the only warnings (EXPECTED.md): the rice examples neither state aflatoxin B1 nor cite GB 2761, whose 表1 sets
# 10 μg/kg for 稻谷、糙米、大米; the honey examples have no GB 2761 row that applies
MISSING = {"Q-EXAMPLE_0001S-2025": {("mandatory-missing", "aflatoxin_b1", "GB 2761-2017 4.1.1 表1")},
           "T-EXAMPLE_001-2025": {("mandatory-missing", "aflatoxin_b1", "GB 2761-2017 4.1.1 表1")}}


@pytest.mark.parametrize("ext", ["xml", "docx"])
@pytest.mark.parametrize(("stem", "param", "limit", "source"), PLANTED)
def test_exact_errors(corpus, ext, stem, param, limit, source) -> None:
    res = check(read(EX / f"{stem}.{ext}"), corpus, on=AFTER)
    errors = {(f.rule, f.parameter, f.reference) for f in res.errors}
    assert errors == {("mandatory-looser", param, source), ("citation-replaced", None, "GB 2762-2022")}
    looser = next(f for f in res.errors if f.rule == "mandatory-looser")
    assert limit in looser.message and "宽于" in looser.message
    replaced = next(f for f in res.errors if f.rule == "citation-replaced")
    assert "GB 2762-2025" in replaced.message and "2026-09-02" in replaced.message
    # nothing else above a note but the planted warning: the contaminants not stated are covered by
    # "应符合GB 2762…"; the mycotoxins are not (no "应符合GB 2761…" in the examples)
    warnings = [f for f in res.findings if f.severity == "warning"]
    assert {(f.rule, f.parameter, f.reference) for f in warnings} == MISSING.get(stem, set())
    if warnings:
        assert "10 μg/kg" in warnings[0].message and "GB 2761" in warnings[0].message


def test_transition_period_is_a_warning(corpus) -> None:
    res = check(read(EX / "Q-EXAMPLE_0001S-2025.xml"), corpus, on=DURING)
    assert {(f.rule, f.severity) for f in res.findings if f.reference == "GB 2762-2022"} == {
        ("citation-replaced", "warning")}
    assert [f.parameter for f in res.errors] == ["lead"]


def test_unknown_citations_are_notes_and_english(corpus) -> None:
    res = check(read(EX / "Q-EXAMPLE_0001S-2025.xml"), corpus, on=AFTER, lang="en")
    notes = {f.reference for f in res.findings if f.rule == "citation-unknown"}
    assert {"GB 5009.12", "GB 7718", "GB/T 5492"} <= notes
    lead = next(f for f in res.errors if f.rule == "mandatory-looser")
    assert lead.message == "Lead ≤0.3 mg/kg is looser than 0.2 mg/kg in GB 2762-2025 4.1.1 表1 (mandatory floor)"
    assert lead.clause == "4.4"


def test_missing_mandatory_parameter_without_reference(corpus) -> None:
    std = read(EX / "T-EXAMPLE_001-2025.xml")
    std.requirements = [r for r in std.requirements if r.bound.kind.value != "by-reference"]
    res = check(std, corpus, on=AFTER)
    missing = {f.parameter: f for f in res.findings if f.rule == "mandatory-missing"}
    assert {"mercury", "chromium", "benzo_a_pyrene"} <= set(missing)
    assert missing["mercury"].severity == "warning"
    assert missing["mercury"].reference == "GB 2762-2025 4.3.1 表3"
    assert "lead" not in missing  # stated (stricter)


def test_cli_exit_codes_and_json(corpus, tmp_path) -> None:
    db = str(corpus.path)
    runner = CliRunner()
    r = runner.invoke(main, ["check", str(EX / "T-EXAMPLE_002-2025.xml"), "--on", "2026-11-01", "--format", "json",
                             "--db", db])
    assert r.exit_code == 1, r.output
    data = json.loads(r.output)
    assert data["standard"] == "T/EXAMPLE 002-2025"
    rules = {(f["rule"], f["severity"], f["reference"]) for f in data["findings"] if f["severity"] == "error"}
    assert rules == {("mandatory-looser", "error", "GB 14963-2011 3.3 表2"),
                     ("citation-replaced", "error", "GB 2762-2022")}
    assert set(data["findings"][0]) >= {"rule", "severity", "clause", "message", "reference"}
    bad = runner.invoke(main, ["check", str(tmp_path / "nope.xml"), "--db", db])
    assert bad.exit_code == 2 and "error" in bad.output
    baddate = runner.invoke(main, ["check", str(EX / "T-EXAMPLE_002-2025.xml"), "--on", "soon", "--db", db])
    assert baddate.exit_code == 2


def test_clean_standard_exits_zero(corpus, tmp_path) -> None:
    text = (EX / "T-EXAMPLE_002-2025.xml").read_text(encoding="utf-8")
    fixed = text.replace("<td>≤8</td>", "<td>≤5</td>").replace("GB 2762—2022", "GB 2762")
    path = tmp_path / "clean.xml"
    path.write_text(fixed, encoding="utf-8")
    res = check(read(path), corpus, on=AFTER)
    assert res.errors == []
    r = CliRunner().invoke(main, ["check", str(path), "--on", "2026-11-01", "--db", str(corpus.path)])
    assert r.exit_code == 0, r.output
    assert "0 个错误" in r.output


def test_cli_single_file_csv(corpus, tmp_path) -> None:
    out = tmp_path / "q1.csv"
    r = CliRunner().invoke(main, ["check", str(EX / "Q-EXAMPLE_0001S-2025.docx"), "--on", "2026-11-01",
                                  "--format", "csv", "-o", str(out), "--db", str(corpus.path)])
    assert r.exit_code == 1, r.output
    raw = out.read_bytes()
    assert raw.startswith("\ufeff".encode())
    rows = [line.split(",") for line in raw.decode("utf-8-sig").splitlines()]
    assert rows[0] == ["file", "standard", "rule", "severity", "clause", "message", "reference"]
    assert rows[1][1:5] == ["Q/EXAMPLE 0001S-2025", "mandatory-looser", "error", "4.4"]
    assert rows[1][-1] == "GB 2762-2025 4.1.1 表1"


def test_cli_two_files_are_a_batch(corpus) -> None:
    files = [str(EX / "Q-EXAMPLE_0002S-2025.xml"), str(EX / "T-EXAMPLE_001-2025.docx")]
    r = CliRunner().invoke(main, ["check", *files, "--on", "2026-11-01", "--format", "json", "--jobs", "1",
                                  "--db", str(corpus.path)])
    assert r.exit_code == 1, r.output
    data = json.loads(r.output)
    assert [f["standard"] for f in data["files"]] == ["Q/EXAMPLE 0002S-2025", "T/EXAMPLE 001-2025"]
    assert [f["findings"][0]["parameter"] for f in data["files"]] == ["aerobic_plate_count", "inorganic_arsenic"]
    assert data["totals"] == {"files": 2, "checked": 2, "unreadable": 0, "with_errors": 2, "clean": 0}


def test_cli_help_documents_exit_codes() -> None:
    r = CliRunner().invoke(main, ["check", "--help"])
    assert r.exit_code == 0
    assert "Exit code: 1 when any error finding" in " ".join(r.output.split())


def test_looser_wording_says_not_looser_than_the_floor(corpus) -> None:
    """Review R1 item 10: for an upper limit a higher number is looser; "不得低于" read as the opposite."""
    res = check(read(EX / "Q-EXAMPLE_0001S-2025.xml"), corpus, on=AFTER)
    lead = next(f for f in res.errors if f.rule == "mandatory-looser")
    assert lead.message == ("铅 ≤0.3 mg/kg宽于GB 2762-2025 4.1.1 表1规定的0.2 mg/kg"
                            "（强制性标准为底线，不得宽于强制性国家标准限量）")
    assert "低于" not in lead.message


def test_unknown_product_is_refused_and_undetermined_product_warned(corpus):
    import pytest

    from stdbench.analysis.check import check
    from stdbench.errors import StdbenchError

    t = read(EX / "T-EXAMPLE_001-2025.xml")
    with pytest.raises(StdbenchError, match="unknown product or food category: 不存在"):
        check(t, corpus=corpus, product="不存在")
    wheat = check(t, corpus=corpus, product="小麦粉")  # a real GB 2762 category: checked against its rows
    assert wheat.product == "小麦粉"
    from tests.conftest import sample

    iso = check(read(sample("rice-2016-en.isosts.xml")), corpus=corpus)  # no product category in the ISO file
    assert iso.product is None
    assert [f.rule for f in iso.findings if f.severity == "warning"] == ["product-unknown"]


def test_floor_is_the_edition_in_force_on_the_check_date(corpus):
    from datetime import date

    from stdbench.analysis.check import check

    t = read(EX / "T-EXAMPLE_001-2025.xml")
    before = check(t, corpus=corpus, on=date(2026, 1, 1))  # GB 2762-2025 issued, not yet in force
    looser = [f for f in before.findings if f.rule == "mandatory-looser"]
    assert [f.reference for f in looser] == ["GB 2762-2022 4.4.1 表4"]
    after = check(t, corpus=corpus, on=date(2026, 9, 2))
    assert [f.reference for f in after.findings if f.rule == "mandatory-looser"] == ["GB 2762-2025 4.4.1 表4"]
