"""The corpus index on the real standards_corpus/: look-ups, supersession, search, refresh, concurrency."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from stdbench.corpus import Corpus, default_db_path
from stdbench.errors import CorpusError, StdbenchError
from stdbench.model import Status

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "standards_corpus"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (CORPUS / "GB_2762-2025.xml").exists():
        pytest.skip("standards_corpus not available")
    db = tmp_path_factory.mktemp("idx") / "index.sqlite3"
    Corpus.open(db, corpus_dirs=[CORPUS]).close()
    return db


@pytest.fixture
def corpus(built: Path):
    with Corpus.open(built, corpus_dirs=[CORPUS], refresh=False) as c:
        yield c


def test_undated_lookup_gives_current_edition(corpus: Corpus) -> None:
    assert corpus.get("GB 2762").code == "GB 2762-2025"
    assert corpus.get("GB 2762-2022").code == "GB 2762-2022"
    assert corpus.get("GB 2762—2022").code == "GB 2762-2022"  # printed dash
    assert corpus.get("GB 99999") is None
    with pytest.raises(CorpusError, match="GB 99999"):
        corpus.resolve("GB 99999")


def test_get_returns_stored_model_with_requirements(corpus: Corpus) -> None:
    std = corpus.get("GB 2762-2025")
    assert std.implemented == date(2026, 9, 2)
    assert std.clause("4.2").title == "镉"
    assert len(std.requirements) > 100


def test_supersession_chain_and_status(corpus: Corpus) -> None:
    assert corpus.chain("GB 2762-2022") == ["GB 2762-2022", "GB 2762-2025"]
    assert corpus.chain("GB 2762") == ["GB 2762-2022", "GB 2762-2025"]
    assert corpus.successor("GB 2762-2022") == "GB 2762-2025"
    assert corpus.successor("GB 2762-2025") is None
    during = corpus.status_of("GB 2762-2022", on=date(2026, 3, 1))  # transition: successor not in force
    assert during.status == Status.current
    assert during.successor == "GB 2762-2025" and during.successor_implemented == date(2026, 9, 2)
    after = corpus.status_of("GB 2762-2022", on=date(2026, 9, 2))
    assert after.status == Status.replaced
    assert corpus.status_of("GB 2762-2025", on=date(2026, 1, 1)).status == Status.upcoming
    assert corpus.status_of("GB 2762", on=date(2026, 10, 1)).key == "GB 2762-2025"
    assert corpus.status_of("GB 2762", on=date(2026, 10, 1)).status == Status.current
    assert corpus.status_of("GB 12345-2001").status == Status.unknown


def test_search_two_chinese_terms_finds_rice_cadmium_limit(corpus: Corpus) -> None:
    hits = corpus.search("镉 大米")
    top = hits[0]
    assert top.standard == "GB 2762-2025" and top.kind == "requirement"
    assert top.requirement.subject.category == "稻谷、糙米、大米（粉）"
    assert top.requirement.bound.upper == Decimal("0.2")
    assert top.requirement.unit == "mg/kg"
    assert top.clause == "4.2.1"


def test_search_one_character(corpus: Corpus) -> None:
    hits = corpus.search("镉", limit=50)
    assert any(h.standard == "GB 2762-2025" for h in hits)
    assert any(h.standard == "GB 2762-2025" and h.kind == "clause" and h.title == "镉"
               for h in corpus.search("镉", limit=500))


def test_search_english_case_and_width_insensitive(corpus: Corpus) -> None:
    hits = corpus.search("cadmium rice")
    assert hits[0].standard == "CXS 193-1995"
    assert hits[0].requirement.bound.upper == Decimal("0.4")
    assert [h.standard for h in corpus.search("ＣＡＤＭＩＵＭ", limit=3)] == \
        [h.standard for h in corpus.search("Cadmium", limit=3)]


def test_search_filters(corpus: Corpus) -> None:
    hits = corpus.search("大米", level="group")
    assert hits and {h.standard for h in hits} == {"T/EXAMPLE 001-2025"}
    assert all(h.standard != "GB 2762-2022" for h in corpus.search("镉", status="current", limit=100))
    assert corpus.search("   ") == []


def test_requirements_query_respects_exclusions(corpus: Corpus) -> None:
    found = corpus.requirements(parameter="镉", category="大米")
    by_std = {(k, r.subject.category): r.bound.upper for k, r in found}
    assert by_std[("GB 2762-2025", "稻谷、糙米、大米（粉）")] == Decimal("0.2")
    assert ("GB 2762-2025", "谷物碾磨加工品［糙米、大米（粉）除外］") not in by_std
    coded = corpus.requirements(category_code="04.02", standard="GB 2762")
    assert {k for k, _ in coded} == {"GB 2762-2025"}


def test_list_filters(corpus: Corpus) -> None:
    assert [e.key for e in corpus.list(level="group")] == ["T/EXAMPLE 001-2025", "T/EXAMPLE 002-2025"]
    assert "GB 2762-2022" in [e.key for e in corpus.list(status="replaced")]
    assert "GB/T 1354-2018" in [e.key for e in corpus.list(category="06.02.01")]


def test_default_db_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("STDBENCH_DB", str(tmp_path / "x.db"))
    assert default_db_path() == tmp_path / "x.db"
    monkeypatch.delenv("STDBENCH_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    if sys.platform.startswith("linux"):
        assert default_db_path() == tmp_path / "data" / "stdbench" / "index.sqlite3"


# ------------------------------------------------------------------ refresh, user documents


@pytest.fixture
def small(tmp_path: Path) -> Path:
    d = tmp_path / "corpus"
    d.mkdir()
    for name in ("GB_14963-2011.xml", "GB-T_1354-2018.xml"):
        shutil.copy(CORPUS / name, d / name)
    return d


def test_refresh_on_hash_change_and_removal_keeps_user_documents(tmp_path: Path, small: Path) -> None:
    db = tmp_path / "i.db"
    user = tmp_path / "mine.xml"
    shutil.copy(CORPUS / "examples" / "T-EXAMPLE_001-2025.xml", user)
    with Corpus.open(db, corpus_dirs=[small]) as c:
        assert {e.key for e in c.list()} == {"GB 14963-2011", "GB/T 1354-2018"}
        assert c.add([user]) == ["T/EXAMPLE 001-2025"]
    f = small / "GB-T_1354-2018.xml"
    f.write_text(f.read_text(encoding="utf-8").replace("<main>大米</main>", "<main>大米（修订）</main>"),
                 encoding="utf-8")
    (small / "GB_14963-2011.xml").unlink()
    with Corpus.open(db, corpus_dirs=[small], refresh=False) as c:
        report = c.refresh()
        assert report.updated == ["GB/T 1354-2018"] and report.removed == ["GB 14963-2011"]
        assert c.get("GB/T 1354").titles["zh"] == "大米（修订）"
        assert c.search("修订")[0].standard == "GB/T 1354-2018"
        assert c.entry("T/EXAMPLE 001-2025").source == "user"
        assert c.get("GB 14963") is None
        assert c.refresh().updated == []  # nothing changed since
        rebuilt = c.rebuild()
        assert "T/EXAMPLE 001-2025" in rebuilt.updated and c.get("T/EXAMPLE 001-2025") is not None


def test_add_bad_file_raises_corpus_error(tmp_path: Path, small: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text("<standard><front>", encoding="utf-8")
    with Corpus.open(tmp_path / "i.db", corpus_dirs=[small]) as c:
        with pytest.raises(StdbenchError) as err:
            c.add([bad])
        assert "bad.xml" in str(err.value)
        with pytest.raises(CorpusError):
            c.add([tmp_path / "missing.xml"])
        assert len(c.list()) == 2


def test_corrupt_database_is_a_corpus_error(tmp_path: Path, small: Path) -> None:
    db = tmp_path / "i.db"
    db.write_bytes(b"not a database at all" * 100)
    with pytest.raises(CorpusError, match="cannot open the index"):
        Corpus.open(db, corpus_dirs=[small])


# ------------------------------------------------------------------ concurrency, crash safety

_ADD = textwrap.dedent("""
    import sys
    from stdbench.corpus import Corpus
    c = Corpus.open(sys.argv[1], corpus_dirs=[sys.argv[2]])
    print(c.add(sys.argv[3:]))
""")

_HANG = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from stdbench.corpus import Corpus, sha256_of
    c = Corpus.open(sys.argv[1], corpus_dirs=[sys.argv[2]], refresh=False)
    f = Path(sys.argv[3]).resolve()
    std = c._load(f, sha256_of(f))
    with c.transaction() as con:
        c._store(con, f, sha256_of(f), std, "user")
        print("inside", flush=True)
        time.sleep(60)
""")


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}


def test_two_processes_adding_concurrently_lose_nothing(tmp_path: Path, small: Path) -> None:
    db = tmp_path / "i.db"
    Corpus.open(db, corpus_dirs=[small]).close()
    ex = CORPUS / "examples"
    procs = [subprocess.Popen([sys.executable, "-c", _ADD, str(db), str(small), str(ex / a), str(ex / b)],
                              env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for a, b in (("T-EXAMPLE_001-2025.xml", "Q-EXAMPLE_0001S-2025.xml"),
                          ("T-EXAMPLE_002-2025.xml", "Q-EXAMPLE_0002S-2025.xml"))]
    for p in procs:
        _, err = p.communicate(timeout=60)
        assert p.returncode == 0, err.decode()
    with Corpus.open(db, corpus_dirs=[small]) as c:
        assert {e.key for e in c.list()} == {
            "GB 14963-2011", "GB/T 1354-2018", "T/EXAMPLE 001-2025", "T/EXAMPLE 002-2025",
            "Q/EXAMPLE 0001S-2025", "Q/EXAMPLE 0002S-2025"}
        assert c.con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_writer_killed_mid_transaction_leaves_index_consistent(tmp_path: Path, small: Path) -> None:
    db = tmp_path / "i.db"
    with Corpus.open(db, corpus_dirs=[small]) as c:
        before = c.con.execute("SELECT count(*) FROM fts").fetchone()[0]
    proc = subprocess.Popen([sys.executable, "-c", _HANG, str(db), str(small),
                             str(CORPUS / "examples" / "T-EXAMPLE_001-2025.xml")],
                            env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        line = proc.stdout.readline().decode()
        assert line.strip() == "inside", proc.stderr.read().decode()
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    with Corpus.open(db, corpus_dirs=[small]) as c:
        assert c.con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert {e.key for e in c.list()} == {"GB 14963-2011", "GB/T 1354-2018"}
        assert c.get("T/EXAMPLE 001-2025") is None
        assert c.con.execute("SELECT count(*) FROM fts").fetchone()[0] == before
        assert c.add([CORPUS / "examples" / "T-EXAMPLE_001-2025.xml"]) == ["T/EXAMPLE 001-2025"]
