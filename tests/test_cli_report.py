"""``stdbench report``, ``stdbench redline`` and ``stdbench demo`` end to end on the bundled corpus."""
from __future__ import annotations

import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from stdbench.cli import main
from tests.conftest import CORPUS

Q1 = str(CORPUS / "examples" / "Q-EXAMPLE_0001S-2025.xml")
T1 = str(CORPUS / "examples" / "T-EXAMPLE_001-2025.xml")


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("idx") / "idx.sqlite3"


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory, db) -> Path:
    out = tmp_path_factory.mktemp("rep") / "out"
    res = CliRunner().invoke(main, ["report", Q1, T1, "GB/T 1354-2018", "--baseline", "GB 2762-2025",
                                    "-o", str(out), "--db", str(db), "--date", "2026-01-15"])
    assert res.exit_code == 0, res.output
    return out


def test_directory_output_has_all_four(report_dir):
    assert sorted(p.name for p in report_dir.iterdir()) == ["matrix.csv", "report.docx", "report.html",
                                                           "report.json"]
    data = json.loads((report_dir / "report.json").read_text(encoding="utf-8"))
    assert data["baseline"] == "GB 2762-2025" and data["date"] == "2026-01-15"
    cad = next(r for r in data["rows"] if r["parameter"] == "cadmium")
    cells = {c["standard"]: (c["limit"], c["verdict"]) for c in cad["cells"]}
    assert cells["Q/EXAMPLE 0001S-2025"] == ("≤0.1 mg/kg", "stricter")
    assert data["counts"]["T/EXAMPLE 001-2025"]["looser"] >= 1
    csv_text = (report_dir / "matrix.csv").read_bytes()
    assert csv_text.startswith(b"\xef\xbb\xbf") and "≤0.1 mg/kg,严于".encode() in csv_text
    doc = docx.Document(report_dir / "report.docx")
    assert any(p.text == "6 符合性" for p in doc.paragraphs)
    html = (report_dir / "report.html").read_text(encoding="utf-8")
    assert 'data-parameter="cadmium"' in html and "http://" not in html


def test_existing_outputs_refused_without_force(report_dir, db):
    before = (report_dir / "report.json").read_bytes()
    res = CliRunner().invoke(main, ["report", Q1, "--baseline", "GB 2762-2025", "-o", str(report_dir),
                                    "--db", str(db)])
    assert res.exit_code == 2
    assert "exists; use --force" in res.output and "Traceback" not in res.output
    assert (report_dir / "report.json").read_bytes() == before


def test_single_file_by_suffix_english(tmp_path, db):
    out = tmp_path / "r.docx"
    res = CliRunner().invoke(main, ["report", T1, "--baseline", "GB 2762-2025", "-o", str(out), "--lang", "en",
                                    "--db", str(db), "--date", "2026-01-15"])
    assert res.exit_code == 0, res.output
    assert [p.name for p in tmp_path.iterdir()] == ["r.docx"]
    heads = [p.text for p in docx.Document(out).paragraphs if p.style.name == "Heading 1"]
    assert heads[:2] == ["1 Overview", "2 Benchmarked standards"]
    res = CliRunner().invoke(main, ["report", T1, "--baseline", "GB 2762-2025", "-o", str(out), "--db", str(db)])
    assert res.exit_code == 2  # refused before any analysis


def test_unknown_code_is_one_line_error(tmp_path, db):
    res = CliRunner().invoke(main, ["report", "GB 99999-2030", "--baseline", "GB 2762-2025",
                                    "-o", str(tmp_path / "x.html"), "--db", str(db)])
    assert res.exit_code == 2 and "GB 99999-2030" in res.output and len(res.output.strip().splitlines()) == 1


def test_edition_report_lists_changed_limits(tmp_path, db):
    out = tmp_path / "r.json"
    res = CliRunner().invoke(main, ["report", "GB 2762-2022", "--baseline", "GB 2762-2025", "-o", str(out),
                                    "--db", str(db), "--date", "2026-01-15"])
    assert res.exit_code == 0, res.output
    data = json.loads(out.read_text(encoding="utf-8"))
    changes = {(c["label"], c["subject"], c["new"], c["change"]) for c in data["edition_changes"]}
    assert ("亚硝酸盐", "食用燕窝", "30 mg/kg", "added") in changes  # the edible bird's nest nitrite limit
    assert ("N-二甲基亚硝胺", "干制水产品", "4.0 μg/kg", "not-recorded") in changes  # 2022 file lacks table 10
    assert all(c["old_code"] == "GB 2762-2022" and c["new_code"] == "GB 2762-2025" for c in data["edition_changes"])
    html = tmp_path / "r.html"
    CliRunner().invoke(main, ["report", "GB 2762-2022", "--baseline", "GB 2762-2025", "-o", str(html),
                              "--db", str(db)])
    text = html.read_text(encoding="utf-8")
    assert "食用燕窝" in text and 'data-change="added"' in text


def test_redline_command(tmp_path, db):
    old, new = CORPUS / "GB_2762-2022.xml", CORPUS / "GB_2762-2025.xml"
    out = tmp_path / "changes.docx"
    res = CliRunner().invoke(main, ["redline", str(old), str(new), "-o", str(out)])
    assert res.exit_code == 0, res.output
    xml = zipfile.ZipFile(out).read("word/document.xml").decode()
    assert "<w:ins " in xml and "<w:del " in xml and 'w:author="stdbench"' in xml
    assert "食用燕窝" in xml
    res = CliRunner().invoke(main, ["redline", str(old), str(new), "-o", str(out)])
    assert res.exit_code == 2 and "--force" in res.output
    res = CliRunner().invoke(main, ["redline", "GB 2762-2022", "GB 2762-2025", "-o", str(out), "--force",
                                    "--db", str(db)])
    assert res.exit_code == 0, res.output


def test_redline_never_overwrites_an_input(tmp_path):
    src = tmp_path / "new.xml"
    src.write_bytes((CORPUS / "GB_2762-2025.xml").read_bytes())
    res = CliRunner().invoke(main, ["redline", str(CORPUS / "GB_2762-2022.xml"), str(src), "-o", str(src),
                                    "--force"])
    assert res.exit_code == 2 and src.read_bytes() == (CORPUS / "GB_2762-2025.xml").read_bytes()


def test_demo_writes_and_replaces_its_own_outputs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = CliRunner().invoke(main, ["demo"])
    assert res.exit_code == 0, res.output
    folder = tmp_path / "stdbench-demo"
    assert str(folder) in res.output
    assert {"report.docx", "report.html", "matrix.csv", "report.json"} <= {p.name for p in folder.iterdir()}
    data = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    assert (data["baseline"], data["baselines"]) == ("GB 2762-2025", ["GB 2762-2025", "GB 2761-2017"])
    assert [(s["code"], s["role"]) for s in data["standards"]][:3] == [
        ("GB 2762-2025", "baseline"), ("GB 2761-2017", "baseline"), ("Q/EXAMPLE 0001S-2025", "benchmarked")]
    assert [s["code"] for s in data["standards"]][3:] == ["T/EXAMPLE 001-2025", "GB/T 1354-2018", "GB/T 19266-2008",
                                                         "ISO 17301-1:2016", "CXS 198-1995",
                                                         "CXS 193-1995", "Regulation (EU) 2023/915"]
    # aflatoxin B1, which GB 2762 does not state, is judged against GB 2761-2017 表1 (大米 10 μg/kg): the examples
    # are silent on it (本标准未规定), the EU's 2.0 μg/kg is stricter
    afb1 = next(r for r in data["rows"] if r["parameter"] == "aflatoxin_b1")
    assert afb1["reference"] == "GB 2761-2017"
    cells = {c["standard"]: c for c in afb1["cells"]}
    assert (cells["GB 2761-2017"]["limit"], cells["GB 2761-2017"]["verdict"]) == ("≤10 μg/kg", "baseline")
    assert (cells["Q/EXAMPLE 0001S-2025"]["verdict"], cells["Q/EXAMPLE 0001S-2025"]["missing"]) == (
        "only-in-one", "standard")
    assert (cells["Regulation (EU) 2023/915"]["limit"], cells["Regulation (EU) 2023/915"]["verdict"]) == (
        "≤2.0 μg/kg", "stricter")
    assert "GB 2762-2025（及GB 2761-2017）" in (folder / "report.html").read_text(encoding="utf-8")
    lead = next(r for r in data["rows"] if r["parameter"] == "lead")
    assert {c["standard"]: c["verdict"] for c in lead["cells"]}["Q/EXAMPLE 0001S-2025"] == "looser"
    moisture = [r["subject"] for r in data["rows"] if r["parameter"] == "moisture"]
    assert moisture[0] == "大米"  # the whole-product row names the product, not a foreign category ("rice")
    cadmium = next(r for r in data["rows"] if r["parameter"] == "cadmium")  # international benchmarking
    verdicts = {c["standard"]: c["verdict"] for c in cadmium["cells"]}
    assert verdicts["CXS 193-1995"] == "looser" and verdicts["Regulation (EU) 2023/915"] == "stricter"
    with zipfile.ZipFile(io.BytesIO((folder / "report.docx").read_bytes())) as zf:
        assert sum(n.startswith("word/media/") for n in zf.namelist()) == 2
    # the group standard drafted from the benchmark reads back with its spec's cadmium limit (0.5 x GB 2762)
    import stdbench

    draft = stdbench.read(folder / "draft-group-standard.docx")
    assert draft.code.startswith("T/EXAMPLERICE")
    cadmium = [r for r in draft.requirements if r.parameter == "cadmium"]
    assert cadmium and cadmium[0].bound.upper == Decimal("0.1")
    assert (folder / "编制说明.docx").stat().st_size > 10_000
    quality = (folder / "quality.html").read_text(encoding="utf-8")
    assert "GB 2762-2025" in quality and "<script src" not in quality
    res = CliRunner().invoke(main, ["demo"])  # its own previous outputs are replaced without --force
    assert res.exit_code == 0, res.output


def test_demo_refuses_a_foreign_folder(tmp_path):
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "thesis.docx").write_bytes(b"precious")
    res = CliRunner().invoke(main, ["demo", "-o", str(foreign)])
    assert res.exit_code == 2 and (foreign / "thesis.docx").read_bytes() == b"precious"
