"""End-to-end: ``stdbench corpus …`` and ``stdbench system`` on the bundled corpus, with a temporary db."""
from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from stdbench.cli import main
from stdbench.cli.system import _cell
from stdbench.corpus import Corpus

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "standards_corpus"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (CORPUS / "catalogue.toml").exists():
        pytest.skip("standards_corpus not available")
    db = tmp_path_factory.mktemp("cli") / "index.sqlite3"
    Corpus.open(db, corpus_dirs=[CORPUS]).close()
    return db


@pytest.fixture
def db(built: Path, tmp_path: Path) -> Path:
    """A private copy of the built index (the WAL is checkpointed on close)."""
    target = tmp_path / "index.sqlite3"
    shutil.copy(built, target)
    return target


def run(*args: str) -> tuple[int, str, str]:
    res = CliRunner().invoke(main, list(args))
    return res.exit_code, res.stdout, res.stderr


def test_show_undated_gives_2025_with_chain(db: Path) -> None:
    code, out, _ = run("corpus", "show", "GB 2762", "--db", str(db), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["entry"]["key"] == "GB 2762-2025"
    assert data["entry"]["implemented"] == "2026-09-02"
    assert [c["key"] for c in data["chain"]] == ["GB 2762-2022", "GB 2762-2025"]
    assert data["requirements"] > 100
    assert {"number": "4.2", "title": "镉", "kind": "other", "depth": 1} in data["outline"]
    code, out, _ = run("corpus", "show", "GB 2762", "--db", str(db))
    assert "supersession: GB 2762-2022 → GB 2762-2025" in out


def test_search_text_and_json(db: Path) -> None:
    code, out, _ = run("corpus", "search", "镉 大米", "--db", str(db), "--format", "json", "--limit", "3")
    hits = json.loads(out)
    assert code == 0 and hits[0]["standard"] == "GB 2762-2025"
    assert hits[0]["requirement"]["bound"]["upper"] == "0.2"
    assert hits[0]["requirement"]["subject"]["category"] == "稻谷、糙米、大米（粉）"
    code, out, _ = run("corpus", "search", "镉", "--db", str(db), "--limit", "5")
    assert code == 0 and "GB 2762-2025" in out and out.rstrip().endswith("5 hits")


def test_list_json_and_filters(db: Path) -> None:
    code, out, _ = run("corpus", "list", "--db", str(db), "--format", "json", "--level", "group")
    assert code == 0
    assert [e["key"] for e in json.loads(out)] == ["T/EXAMPLE 001-2025", "T/EXAMPLE 002-2025"]
    code, out, _ = run("corpus", "list", "--db", str(db), "--status", "replaced")
    assert "GB 2762-2022" in out and "GB 2762-2025" not in out


def test_add_and_rebuild(db: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine.docx"
    shutil.copy(CORPUS / "examples" / "T-EXAMPLE_001-2025.docx", mine)
    code, out, err = run("corpus", "add", str(mine), "--db", str(db), "--format", "json")
    assert code == 0, err
    assert json.loads(out) == {"added": ["T/EXAMPLE 001-2025"]}
    code, out, _ = run("corpus", "rebuild", "--db", str(db), "--format", "json")
    assert code == 0 and "T/EXAMPLE 001-2025" in json.loads(out)["updated"]
    code, out, _ = run("corpus", "show", "T/EXAMPLE 001-2025", "--db", str(db), "--format", "json")
    assert json.loads(out)["entry"]["source"] == "user"


def test_errors_are_one_line_exit_2(db: Path, tmp_path: Path) -> None:
    code, _, err = run("corpus", "show", "GB 99999", "--db", str(db))
    assert code == 2 and err.count("\n") == 1 and "GB 99999" in err
    code, _, err = run("corpus", "add", str(tmp_path / "nope.xml"), "--db", str(db))
    assert code == 2 and "no such file" in err


def test_system_json_for_one_industry(db: Path) -> None:
    code, out, err = run("system", "--industry", "harbin-red-sausage", "--db", str(db), "--format", "json")
    assert code == 0, err
    rows = json.loads(out)
    assert [r["product"] for r in rows] == ["哈尔滨红肠"]
    stds = {s["standard"]: s for s in rows[0]["standards"]}
    assert stds["GB 2726-2016"]["via"] == "catalogue" and stds["GB 2726-2016"]["status"] == "current"
    assert stds["GB 2762-2025"]["via"] == "horizontal"
    assert stds["T/HHCX 0001-2025"]["indexed"] is False and stds["T/HHCX 0001-2025"]["level"] == "group"
    assert "not-indexed:T/HHCX 0001-2025" in rows[0]["gaps"]


def test_system_category_match_and_gaps(db: Path) -> None:
    code, out, _ = run("system", "--db", str(db), "--format", "json")
    assert code == 0
    rows = json.loads(out)
    rice = next(r for r in rows if "06.02.01" in r["gb2760_codes"])
    found = {s["standard"]: s["via"] for s in rice["standards"]}
    assert found["T/EXAMPLE 001-2025"] == "category" and found["GB/T 1354-2018"] == "catalogue"
    pollen = next(r for r in rows if r["product"] == "蜂花粉")
    assert pollen["gaps"][0] == "no-product-standard"


def test_system_csv_bom_and_formula_guard(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "system.csv"
    code, _, err = run("system", "--db", str(db), "--format", "csv", "-o", str(target))
    assert code == 0, err
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert any(r["product"] == "哈尔滨红肠" and r["standard"] == "GB 2726-2016" for r in table)
    assert _cell("=1+1") == "'=1+1" and _cell("@SUM(A1)") == "'@SUM(A1)" and _cell("GB 2762") == "GB 2762"
    code, _, err = run("system", "--db", str(db), "--format", "csv", "-o", str(target))
    assert code == 2 and "exists" in err  # no overwrite without --force


def test_system_specific_product_standards_and_horizontal(db: Path) -> None:
    code, out, _ = run("system", "--db", str(db), "--format", "json")
    assert code == 0
    rows = {r["product"]: r for r in json.loads(out)}
    for oil in ("紫苏籽油", "米糠油"):
        found = {s["standard"] for s in rows[oil]["standards"]}
        assert "GB/T 1535-2017" not in found  # 大豆油 is not 紫苏籽油 / 米糠油, though all sit in 02.01.01.01
        assert {"GB 2716-2018", "CXS 210-1999"} <= found  # the vegetable-oil standards still apply
    assert "GB/T 1535-2017" in {s["standard"] for s in rows["大豆油"]["standards"]}
    rice = rows["大米"]
    stds = {s["standard"]: s for s in rice["standards"]}
    for code_ in ("GB 2763", "GB 7718"):
        assert stds[code_]["via"] == "horizontal" and stds[code_]["indexed"] is False
        assert code_ in rice["not_indexed"]
    gb2761 = stds["GB 2761-2017"]  # in the bundled corpus (standards_corpus/GB_2761-2017.xml)
    assert gb2761["via"] == "horizontal" and gb2761["indexed"] is True and gb2761["status"] == "current"
    assert "GB 2761" not in rice["not_indexed"]
    assert not any(g.startswith("not-indexed:GB 27") for g in rice["gaps"])  # index gaps are not system gaps
    assert stds["ISO 17301-1:2016"]["status"] == "unknown" and stds["ISO 17301-1:2016"]["dated_status"] == "current"
    assert stds["GB/T 1354-2018"]["status"] == "current"


def test_system_text_chinese_counts_and_lang_en(db: Path) -> None:
    code, out, _ = run("system", "--db", str(db))
    assert code == 0
    gap_lines = [x for x in out.splitlines() if x.strip().startswith("缺口：")]
    summary = out.rstrip().splitlines()[-1]
    assert summary.startswith(f"合计 42 个产品：{len(gap_lines)} 个有缺口")
    assert summary.endswith("索引未收录的通用标准：GB 2763、GB 7718。")  # GB 2761 is in the corpus
    assert "未收录 GB 7101" not in out and "缺口 gap" not in out
    rice = out[out.index("● 大米"):]
    rice = rice[:rice.index("■")]
    assert "stdbench 类别序号 04.01.01" in rice and "GB 2762: 04" not in rice
    assert "ISO 17301-1:2016" in rice and "未核实" in rice.split("ISO 17301-1:2016")[1].splitlines()[0]
    assert "GB/T 1354-2018" in rice and "现行" in rice.split("GB/T 1354-2018")[1].splitlines()[0]
    assert "国家标准" in rice and "目录" in rice and "national" not in rice and "catalogue" not in rice
    code, out, _ = run("system", "--db", str(db), "--lang", "en", "--industry", "rice-base")
    assert code == 0 and "not verified" in out and "stdbench category no." in out and " national " in out and "现行" not in out


def test_adding_an_edition_the_corpus_already_has_says_so(tmp_path):
    import shutil

    from click.testing import CliRunner

    from stdbench.cli import main
    from tests.conftest import CORPUS

    mine = tmp_path / "mine.xml"
    shutil.copy(CORPUS / "examples" / "T-EXAMPLE_001-2025.xml", mine)
    res = CliRunner().invoke(main, ["corpus", "add", str(mine), "--db", str(tmp_path / "i.db")])
    assert res.exit_code == 0, res.output
    assert "T/EXAMPLE 001-2025 is also in the bundled corpus" in res.output
