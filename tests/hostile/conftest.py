"""Helpers for the hostile-input suite: run the CLI as a bounded subprocess and watch what it touches."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

MEM_LIMIT = int(1.5 * 1024**3)  # address-space cap for the child: a blow-up becomes exit 2, not a swap storm
MAX_RSS_KIB = 1024 * 1024  # 1 GiB peak resident memory allowed
TIMEOUT = 10.0
# the child caps its address space and refuses any Python-level network connection
NO_NET_PRELUDE = (
    "import resource\n"
    f"resource.setrlimit(resource.RLIMIT_AS, ({MEM_LIMIT}, {MEM_LIMIT}))\n"
    "import socket\n"
    "def _refuse(*a, **k):\n"
    "    raise SystemExit('NETWORK ATTEMPT ' + repr(a[1:]))\n"
    "socket.socket.connect = _refuse\n"
    "socket.socket.connect_ex = _refuse\n"
    "socket.create_connection = _refuse\n"
)
CLI = NO_NET_PRELUDE + "from stdbench.cli import main\nmain()\n"


@dataclass
class Result:
    """What a CLI run left behind: exit code, streams, peak memory (KiB) and wall time."""

    rc: int
    out: str
    err: str
    maxrss_kib: int
    seconds: float


def run_cli(*args: str | Path, cwd: Path, timeout: float = TIMEOUT, env: dict[str, str] | None = None,
            code: str = CLI) -> Result:
    """Run ``stdbench ARGS`` in a child (memory-capped, no network) and reap it with os.wait4 for its rusage."""
    child_env = {**os.environ, **(env or {})}
    start = time.monotonic()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([sys.executable, "-c", code, *map(str, args)], cwd=cwd, stdout=out, stderr=err,
                                stdin=subprocess.DEVNULL, env=child_env)
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - start > timeout:
                proc.kill()
                os.wait4(proc.pid, 0)
                proc.returncode = -9
                pytest.fail(f"stdbench {' '.join(map(str, args))} still running after {timeout} s")
            time.sleep(0.02)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Result(proc.returncode, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
                      usage.ru_maxrss, time.monotonic() - start)


def assert_refused(res: Result, name: str) -> str:
    """Exit 2, exactly one line on stderr naming the file, no traceback, within time and memory."""
    lines = res.err.splitlines()
    assert res.rc == 2, (res.rc, res.err[-2000:])
    assert len(lines) == 1, res.err[-2000:]
    assert "Traceback" not in res.err and "MemoryError" not in res.err
    assert "NETWORK ATTEMPT" not in res.err
    assert name in lines[0], lines[0]
    assert lines[0].startswith("stdbench: error: ")
    assert res.maxrss_kib < MAX_RSS_KIB, f"peak RSS {res.maxrss_kib // 1024} MiB"
    return lines[0]


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every path under ``root`` with (size, mtime_ns): compared before/after to prove nothing was touched."""
    out: dict[str, tuple[int, int]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            st = p.lstat()
            out[str(p.relative_to(root))] = (st.st_size, st.st_mtime_ns)
    return out


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[Path]:
    """A work dir whose HOME/TMPDIR/XDG/STDBENCH_DB all point inside it (checked untouched by the test)."""
    work = tmp_path / "work"
    work.mkdir()
    (tmp_path / "home").mkdir()
    (tmp_path / "tmp").mkdir()
    yield work


@pytest.fixture
def child_env(tmp_path: Path) -> dict[str, str]:
    return {"HOME": str(tmp_path / "home"), "TMPDIR": str(tmp_path / "tmp"),
            "XDG_DATA_HOME": str(tmp_path / "home" / "data"), "STDBENCH_DB": str(tmp_path / "home" / "idx.db")}


@pytest.fixture
def refused(sandbox: Path, child_env: dict[str, str], tmp_path: Path):
    """``refused(path)``: run ``parse path``; assert the one-line exit-2 contract and an untouched sandbox."""

    def check(path: Path, name: str | None = None) -> str:
        before = snapshot(tmp_path)
        res = run_cli("parse", path, cwd=sandbox, env=child_env)
        line = assert_refused(res, name or path.name)
        assert res.out == ""
        assert snapshot(tmp_path) == before, "files appeared or changed"
        return line

    return check


@pytest.fixture
def listener() -> Iterator[tuple[str, socket.socket]]:
    """A local TCP listener; after the test it must have received no connection (no fetch, even from C)."""
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    srv.setblocking(False)
    url = f"http://127.0.0.1:{srv.getsockname()[1]}"
    yield url, srv
    try:
        conn, _ = srv.accept()
    except BlockingIOError:
        conn = None
    srv.close()
    if conn is not None:
        conn.close()
        pytest.fail(f"something connected to {url}: a network fetch happened")


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    """In-process: any Python socket connection attempt is recorded and refused."""
    attempts: list[tuple] = []

    def refuse(self: socket.socket, *args: object) -> None:
        attempts.append(args)
        raise OSError("network disabled in tests")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    return attempts


@pytest.fixture(scope="session")
def built_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled corpus indexed once per session (≈ 5 s); tests copy it with :func:`index_copy`."""
    from stdbench.corpus import Corpus

    db = tmp_path_factory.mktemp("index") / "index.sqlite3"
    with Corpus.open(db):
        pass
    return db


@pytest.fixture
def index_copy(built_index: Path, tmp_path: Path) -> Path:
    import shutil

    db = tmp_path / "home" / "index.sqlite3"
    db.parent.mkdir(exist_ok=True)
    shutil.copy2(built_index, db)
    return db


def sha(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()
