"""Checking many standards at once: the four examples (XML + .docx), a corrupt .docx and an empty .xml."""
from __future__ import annotations

import json
import shutil
from datetime import date

import pytest
from click.testing import CliRunner

from stdbench.analysis.batch import check_many, collect
from stdbench.analysis.check import check
from stdbench.cli import main
from stdbench.readers import read
from tests.conftest import CORPUS

EX = CORPUS / "examples"
AFTER = date(2026, 11, 1)  # GB 2762-2025 in force: the dated GB 2762—2022 citation is an error
# the planted looser limit of each example (EXPECTED.md), reported first (errors come first, in clause order)
FIRST = {"Q-EXAMPLE_0001S-2025": ("mandatory-looser", "lead", "4.4"),
         "Q-EXAMPLE_0002S-2025": ("mandatory-looser", "aerobic_plate_count", "4.5"),
         "T-EXAMPLE_001-2025": ("mandatory-looser", "inorganic_arsenic", "4.4"),
         "T-EXAMPLE_002-2025": ("mandatory-looser", "sucrose", "4.3")}
# warnings (EXPECTED.md): aflatoxin B1 neither stated nor GB 2761 cited in the rice examples; none for honey
WARNINGS = {"Q-EXAMPLE_0001S-2025": 1, "T-EXAMPLE_001-2025": 1, "Q-EXAMPLE_0002S-2025": 0, "T-EXAMPLE_002-2025": 0}


@pytest.fixture(scope="module")
def pile(tmp_path_factory):
    """A regulator's folder: the examples in both formats, one corrupt .docx, one empty .xml, a Word lock file."""
    d = tmp_path_factory.mktemp("pile")
    for f in [*EX.glob("*.xml"), *EX.glob("*.docx")]:
        shutil.copy(f, d / f.name)
    (d / "sub").mkdir()
    (d / "sub" / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (d / "empty.xml").write_bytes(b"")
    (d / "~$EXAMPLE.docx").write_bytes(b"lock")
    (d / "notes.txt").write_text("not a standard", encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def serial(pile, db):
    return check_many([pile], db, on=AFTER, jobs=1)


def test_collect_recurses_sorted_skips_lock_files(pile) -> None:
    names = [p.relative_to(pile).as_posix() for p in collect([pile])]
    assert names[0] == "Q-EXAMPLE_0001S-2025.docx" and names[-1] == "sub/broken.docx"
    assert len(names) == 10 and "empty.xml" in names
    assert not any(n.startswith("~$") or n.endswith(".txt") for n in names)
    # a file named twice (directly and through its directory) is checked once; a missing file is kept
    again = collect([pile / "empty.xml", pile, pile / "missing.xml"])
    assert again[0] == pile / "empty.xml" and again[-1] == pile / "missing.xml" and len(again) == 11


def test_totals_and_first_errors(serial, pile) -> None:
    t = serial.totals
    assert (t.files, t.checked, t.unreadable, t.with_errors, t.clean) == (10, 8, 2, 8, 0)
    assert serial.exit_code == 1
    for r in serial.files:
        stem = r.file.rsplit("/", 1)[-1].split(".")[0]
        if stem in FIRST:
            first = r.first_error
            assert (first.rule, first.parameter, first.clause) == FIRST[stem]
            assert r.errors == 2 and r.warnings == WARNINGS[stem]
            assert {f.reference for f in r.findings if f.rule == "citation-replaced"} == {"GB 2762-2022"}
    errors = {r.file.rsplit("/", 1)[-1]: r.error for r in serial.files if not r.readable}
    assert errors["broken.docx"].startswith("corrupt zip archive")
    assert errors["empty.xml"] == "empty file"
    assert str(pile) not in errors["empty.xml"]  # the file is its own column, not repeated in the message


def test_same_as_checking_one_by_one(serial, db) -> None:
    from stdbench.corpus import Corpus

    with Corpus.open(db, refresh=False) as c:
        for r in serial.files[:8]:
            one = check(read(r.file), c, on=AFTER)
            assert (r.standard, r.product, r.findings) == (one.standard, one.product, one.findings)


def test_two_processes_same_json_in_input_order(serial, pile, db) -> None:
    seen = []
    parallel = check_many([pile], db, on=AFTER, jobs=2, progress=lambda done, total, r: seen.append((done, total)))
    assert json.dumps(parallel.to_dict(), ensure_ascii=False) == json.dumps(serial.to_dict(), ensure_ascii=False)
    assert sorted(seen) == [(i, 10) for i in range(1, 11)]


def test_english_and_product_override(pile, db) -> None:
    res = check_many([pile / "T-EXAMPLE_002-2025.xml", pile / "gone.xml"], db, on=AFTER, lang="en", jobs=1)
    assert res.files[0].first_error.message.startswith("Sucrose ≤8")
    assert res.files[1].to_dict() == {"file": str(pile / "gone.xml"), "error": "no such file"}
    assert (res.totals.checked, res.totals.unreadable, res.exit_code) == (1, 1, 1)


def test_no_files_is_an_error(tmp_path, db) -> None:
    from stdbench.errors import StdbenchError

    with pytest.raises(StdbenchError, match="no .xml or .docx"):
        check_many([tmp_path], db)


# ------------------------------------------------------------------------------------ CLI


def _run(*args: str):
    return CliRunner().invoke(main, ["check", *args])


def test_cli_json_batch(pile, db) -> None:
    r = _run(str(pile), "--on", "2026-11-01", "--db", str(db), "--format", "json", "--jobs", "2")
    assert r.exit_code == 1, r.output
    data = json.loads(r.output)
    assert data["totals"] == {"files": 10, "checked": 8, "unreadable": 2, "with_errors": 8, "clean": 0}
    row = data["files"][1]
    assert row["file"].endswith("Q-EXAMPLE_0001S-2025.xml") and row["standard"] == "Q/EXAMPLE 0001S-2025"
    assert (row["errors"], row["warnings"]) == (2, 1)  # the warning: aflatoxin B1 (GB 2761) not stated
    assert row["findings"][0]["rule"] == "mandatory-looser" and row["findings"][0]["reference"] == "GB 2762-2025 4.1.1 表1"
    assert set(data["files"][-1]) == {"file", "error"}


def test_cli_text_summary(pile, db) -> None:
    r = _run(str(pile), "--on", "2026-11-01", "--db", str(db), "-j", "1")
    assert r.exit_code == 1
    lines = r.output.splitlines()
    assert lines[-1] == "共 10 个文件：已检查 8，无法读取 2，有错误 8，无错误 0"
    q1 = next(line for line in lines if line.split("\t")[0].endswith("Q-EXAMPLE_0001S-2025.xml")).split("\t")
    assert q1[1:4] == ["Q/EXAMPLE 0001S-2025", "大米", "错误 2 警告 1 提示 11"]
    assert q1[4].startswith("mandatory-looser [4.4]: 铅 ≤0.3 mg/kg宽于GB 2762-2025")
    assert any(line.endswith("empty.xml\t无法读取：empty file") for line in lines)


def test_cli_csv_neutralised(tmp_path, db, monkeypatch) -> None:
    evil = tmp_path / "=HYPERLINK(1)"
    evil.mkdir()
    shutil.copy(EX / "T-EXAMPLE_002-2025.xml", evil / "t.xml")
    (evil / "bad.docx").write_bytes(b"")
    monkeypatch.chdir(tmp_path)
    r = _run("=HYPERLINK(1)", "--on", "2026-11-01", "--db", str(db), "--format", "csv", "-o", "out.csv", "-j", "1")
    assert r.exit_code == 1, r.output
    raw = (tmp_path / "out.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    import csv

    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0] == ["file", "standard", "rule", "severity", "clause", "message", "reference"]
    assert rows[1][0] == "'=HYPERLINK(1)/bad.docx" and rows[1][2:4] == ["unreadable", "error"]
    assert rows[1][5] == "empty file"
    looser = next(row for row in rows if row[2] == "mandatory-looser")
    assert looser[:5] == ["'=HYPERLINK(1)/t.xml", "T/EXAMPLE 002-2025", "mandatory-looser", "error", "4.3"]
    assert looser[6] == "GB 14963-2011 3.3 表2"
    again = _run("=HYPERLINK(1)", "--db", str(db), "--format", "csv", "-o", "out.csv")
    assert again.exit_code == 2 and "--force" in again.output


def test_cli_exit_codes(tmp_path, db) -> None:
    text = (EX / "T-EXAMPLE_002-2025.xml").read_text(encoding="utf-8")
    clean = tmp_path / "clean"
    clean.mkdir()
    for name in ("a.xml", "b.xml"):
        (clean / name).write_text(text.replace("<td>≤8</td>", "<td>≤5</td>").replace("GB 2762—2022", "GB 2762"),
                                  encoding="utf-8")
    ok = _run(str(clean), "--on", "2026-11-01", "--db", str(db), "-j", "1")
    assert ok.exit_code == 0, ok.output
    assert ok.output.splitlines()[-1] == "共 2 个文件：已检查 2，无法读取 0，有错误 0，无错误 2"
    (clean / "c.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1legacy")
    partly = _run(str(clean), "--on", "2026-11-01", "--db", str(db), "-j", "1", "--lang", "en")
    assert partly.exit_code == 2  # no error finding, but a file could not be read
    assert partly.output.splitlines()[-1] == "3 file(s): 2 checked, 1 unreadable, 0 with errors, 2 clean"
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "x.xml").write_text("<html/>", encoding="utf-8")
    assert _run(str(bad), "--db", str(db)).exit_code == 2
    assert _run(str(tmp_path / "nothing-here"), str(tmp_path / "nor-here.docx"), "--db", str(db)).exit_code == 2
    assert _run(str(clean), "--jobs", "0", "--db", str(db)).exit_code == 2
