"""The corpus index survives a writer killed mid-transaction, and concurrent writers lose no document."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from stdbench.corpus import Corpus
from stdbench.errors import StdbenchError
from tests.hostile import builders as b
from tests.hostile.conftest import NO_NET_PRELUDE, run_cli

# `corpus add` whose index write stops inside the transaction (after storing the first document) until killed
STALL_IN_TX = NO_NET_PRELUDE + (
    "import time\nimport stdbench.corpus as corpus\n_store = corpus.Corpus._store\n"
    "def stalled(self, con, *a, **k):\n"
    "    key = _store(self, con, *a, **k)\n"
    "    print('IN_TX', key, flush=True)\n"
    "    time.sleep(60)\n"
    "    return key\n"
    "corpus.Corpus._store = stalled\n"
    "from stdbench.cli import main\nmain()\n"
)


def _docs(d: Path, prefix: str, numbers: range) -> list[Path]:
    out = []
    for n in numbers:
        code = f"T/{prefix} {n:03d}-2025"
        title = f"{prefix}红肠{n}"
        body = b.requirements_sec("铅（以Pb计）", f"≤0.{n}")
        out.append(b.write(d / f"{prefix}-{n}.xml", b.sts_xml(title=title, code=code, body=body)))
    return out


def _user_codes(db: Path) -> set[str]:
    with Corpus.open(db, refresh=False) as c:
        return {e.key for e in c.list() if "HOST" in e.key}


def _integrity(db: Path) -> str:
    con = sqlite3.connect(db)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


def test_killed_mid_transaction_keeps_earlier_documents(tmp_path: Path, index_copy: Path, child_env) -> None:
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    first = _docs(work, "HOSTA", range(1, 3))
    later = _docs(work, "HOSTB", range(3, 5))
    res = run_cli("corpus", "add", *first, "--db", index_copy, cwd=work, env=child_env, timeout=30)
    assert res.rc == 0, res.err
    assert _user_codes(index_copy) == {"T/HOSTA 001-2025", "T/HOSTA 002-2025"}

    proc = subprocess.Popen([sys.executable, "-c", STALL_IN_TX, "corpus", "add", *map(str, later),
                             "--db", str(index_copy)], cwd=work, stdout=subprocess.PIPE, text=True,
                            env={**os.environ, **child_env})
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.startswith("IN_TX T/HOSTB 003-2025"), line
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(10)
    assert proc.returncode == -signal.SIGKILL

    assert _integrity(index_copy) == "ok"
    assert _user_codes(index_copy) == {"T/HOSTA 001-2025", "T/HOSTA 002-2025"}
    with Corpus.open(index_copy, refresh=False) as c:
        assert c.get("T/HOSTA 002-2025").titles["zh"] == "HOSTA红肠2"
        assert c.add(later) == ["T/HOSTB 003-2025", "T/HOSTB 004-2025"]
    assert len(_user_codes(index_copy)) == 4


def test_two_concurrent_writers_lose_nothing(tmp_path: Path, index_copy: Path, child_env) -> None:
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    groups = [_docs(work, "HOSTC", range(1, 5)), _docs(work, "HOSTD", range(1, 5))]
    env = {**os.environ, **child_env}
    procs = [subprocess.Popen([sys.executable, "-c", "from stdbench.cli import main; main()", "corpus", "add",
                               *map(str, g), "--db", str(index_copy)], cwd=work, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for g in groups]
    outs = [p.communicate(timeout=60) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0, err
        assert out.count("added T/HOST") == 4
    expected = {f"T/{org} {n:03d}-2025" for org in ("HOSTC", "HOSTD") for n in range(1, 5)}
    assert _user_codes(index_copy) == expected
    assert _integrity(index_copy) == "ok"


def test_add_with_one_hostile_file_adds_nothing(tmp_path: Path, index_copy: Path) -> None:
    """`corpus add good.xml bomb.docx`: refused as a whole, the index keeps exactly what it had."""
    good = _docs(tmp_path, "HOSTE", range(1, 2))[0]
    bomb = b.zip_bomb_ratio(tmp_path / "bomb.docx", 80)
    with Corpus.open(index_copy, refresh=False) as c:
        before = {e.key for e in c.list()}
        try:
            c.add([good, bomb])
        except StdbenchError as exc:
            assert exc.file == str(bomb.resolve()) or exc.file == str(bomb)
            assert exc.location == "word/document.xml"
        else:
            raise AssertionError("a zip bomb was indexed")
        assert {e.key for e in c.list()} == before
    assert _integrity(index_copy) == "ok"
