"""Checking many standards on an existing Dask cluster, when one machine is not enough.

The workers need stdbench installed and nothing else: no shared file system. The client reads each input
file and sends its bytes; the corpus index (one SQLite file, a few MB) is broadcast to every worker once,
written to the worker's temporary directory under its sha256 and opened read-only there. At most a few
files per worker thread are in flight, so a pile of ten thousand files never sits in memory at once.
Results are the same :class:`~stdbench.analysis.batch.FileResult` rows as a local run, in input order; a file
that cannot be read, or a task that fails on a worker, becomes an unreadable row and the batch goes on.

Needs the optional dependency ``dask[distributed]`` (``pip install 'stdbench[dask]'``).
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from stdbench.analysis.batch import FileResult, _open, _unreadable, check_file
from stdbench.errors import StdbenchError

MAX_INPUT_BYTES = 256 * 1024 * 1024  # as the readers: a standard is a few MB
PER_THREAD = 4  # files in flight per worker thread
CONNECT_TIMEOUT = "15s"  # how long to keep trying a scheduler address before giving up

# --------------------------------------------------------------------------- worker side

_INDEXES: dict[str, Any] = {}  # sha256 of the index → the look-up memo opened on it (one per worker process)


def _worker_memo(db: bytes, sha: str) -> Any:
    """The corpus look-up memo for this index on this worker: written to a temporary file once, then kept."""
    memo = _INDEXES.get(sha)
    if memo is None:
        path = Path(tempfile.gettempdir()) / f"stdbench-index-{sha[:20]}.sqlite3"
        if not path.exists() or path.stat().st_size != len(db):
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".stdbench-index-")
            with os.fdopen(fd, "wb") as out:
                out.write(db)
            os.replace(tmp, path)  # atomic: another task on this machine never sees half a file
        _INDEXES[sha] = memo = _open(path)[1]
    return memo


def check_bytes(name: str, data: bytes, db: bytes, sha: str, on: date, product: str | None,
                lang: str) -> FileResult:
    """Check one file sent as bytes (the task a worker runs); the row is named after the client's path."""
    memo = _worker_memo(db, sha)
    with tempfile.TemporaryDirectory(prefix="stdbench-") as tmp:
        path = Path(tmp) / f"input{Path(name).suffix[:16]}"  # the client's name never becomes a worker path
        path.write_bytes(data)
        res = check_file(path, memo, on, product, lang)
    if res.error is not None:
        res.error = res.error.replace(str(path), name)
    return res.model_copy(update={"file": name})


# --------------------------------------------------------------------------- client side


def _client(scheduler: Any) -> tuple[Any, bool]:
    """(client, owned): a distributed.Client given by the caller, or one connected to this address."""
    try:
        from distributed import Client
    except ImportError:
        raise StdbenchError("the Dask backend needs dask[distributed]: pip install 'stdbench[dask]'") from None
    if isinstance(scheduler, Client):
        return scheduler, False
    try:
        return Client(str(scheduler), timeout=CONNECT_TIMEOUT), True
    except (OSError, TimeoutError, ValueError) as exc:
        raise StdbenchError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None


def _payload(path: Path) -> bytes:
    size = path.stat().st_size
    if size > MAX_INPUT_BYTES:
        raise MemoryError(f"{size} bytes")
    return path.read_bytes()


def check_on_dask(scheduler: Any, files: list[Path], db: Path, on: date, product: str | None, lang: str,
                  done: Callable[[int, FileResult], None]) -> None:
    """Check ``files`` on the cluster behind ``scheduler`` (an address such as ``tcp://10.0.0.5:8786`` or a
    ``distributed.Client``); ``done(i, result)`` is called for each file as it finishes."""
    from distributed import as_completed

    client, owned = _client(scheduler)
    try:
        index = db.read_bytes()
        sha = hashlib.sha256(index).hexdigest()
        shared = client.scatter(index, broadcast=True, hash=False)
        threads = sum(client.nthreads().values()) or 1
        todo = iter(enumerate(files))
        running = as_completed()
        which: dict[str, int] = {}

        def submit_next() -> bool:
            """Send the next readable file; False when there is none left."""
            for i, f in todo:
                try:
                    data = _payload(f)
                except (OSError, MemoryError) as exc:
                    done(i, _unreadable(f, exc))
                    continue
                fut = client.submit(check_bytes, str(f), data, shared, sha, on, product, lang, pure=False)
                which[fut.key] = i
                running.add(fut)
                return True
            return False

        for _ in range(threads * PER_THREAD):
            if not submit_next():
                break
        for fut in running:
            i = which.pop(fut.key)
            try:
                res = fut.result()
            except Exception as exc:  # noqa: BLE001 - a task that failed or a worker that died: one row
                res = _unreadable(files[i], exc)
            fut.release()
            done(i, res)
            submit_next()
    finally:
        if owned:
            client.close()
