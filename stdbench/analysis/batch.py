"""Checking many standards at once (a regulator's pile of 企业标准自我声明公开 documents), across processes
(or on a Dask cluster: :mod:`stdbench.analysis.batch_dask`).

Each worker process opens the corpus index once, read-only, and keeps one look-up memo for all its files;
results come back in input order whatever the completion order. A file that cannot be read becomes one
row with its one-line error and never stops the batch.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from stdbench.analysis.check import Finding, check
from stdbench.errors import StdbenchError

__all__ = ["BatchResult", "FileResult", "Totals", "check_many", "collect"]

SUFFIXES = (".xml", ".docx")

Progress = Callable[[int, int, "FileResult"], None]


class FileResult(BaseModel):
    """One input file: its findings when it was read, else ``error`` (one line)."""

    file: str
    standard: str | None = None
    product: str | None = None
    errors: int = 0
    warnings: int = 0
    notes: int = 0
    findings: list[Finding] = Field(default_factory=list)
    error: str | None = None

    @property
    def readable(self) -> bool:
        return self.error is None

    @property
    def first_error(self) -> Finding | None:
        return next((f for f in self.findings if f.severity == "error"), None)

    def to_dict(self) -> dict:
        """The JSON row: {"file", "error"} for an unreadable file, else the checked standard and its findings."""
        if self.error is not None:
            return {"file": self.file, "error": self.error}
        return {"file": self.file, "standard": self.standard, "product": self.product, "errors": self.errors,
                "warnings": self.warnings, "notes": self.notes,
                "findings": [f.model_dump() for f in self.findings]}


class Totals(BaseModel):
    files: int = 0
    checked: int = 0
    unreadable: int = 0
    with_errors: int = 0
    clean: int = 0  # checked, no error finding (warnings and notes allowed)


class BatchResult(BaseModel):
    on: date
    files: list[FileResult] = Field(default_factory=list)

    @property
    def totals(self) -> Totals:
        checked = [f for f in self.files if f.readable]
        with_errors = sum(1 for f in checked if f.errors)
        return Totals(files=len(self.files), checked=len(checked), unreadable=len(self.files) - len(checked),
                      with_errors=with_errors, clean=len(checked) - with_errors)

    def to_dict(self) -> dict:
        return {"on": self.on.isoformat(), "files": [f.to_dict() for f in self.files],
                "totals": self.totals.model_dump()}

    @property
    def exit_code(self) -> int:
        """1 when any file has an error finding; else 2 when any file was unreadable; else 0."""
        t = self.totals
        if t.with_errors:
            return 1
        return 2 if t.unreadable else 0


def _is_candidate(name: str) -> bool:
    # "~$name.docx" is Word's lock file beside an open document, not a standard
    return name.lower().endswith(SUFFIXES) and not name.startswith("~$")


def collect(paths: Iterable[str | Path]) -> list[Path]:
    """Files to check: each file argument as given, and every *.xml / *.docx under each directory
    (recursively, sorted, symlinked directories not followed), each file once, in argument order."""
    out: list[Path] = []
    seen: set[str] = set()

    def add(p: Path) -> None:
        key = os.path.realpath(p)
        if key not in seen:
            seen.add(key)
            out.append(p)

    for arg in paths:
        p = Path(arg)
        if not p.is_dir():
            add(p)
            continue
        found: list[Path] = []
        for root, dirs, names in os.walk(p, followlinks=False):
            dirs.sort()
            found += [Path(root) / n for n in names if _is_candidate(n) and (Path(root) / n).is_file()]
        for f in sorted(found, key=lambda x: x.relative_to(p).parts):
            add(f)
    return out


def _unreadable(path: Path, exc: BaseException) -> FileResult:
    if isinstance(exc, StdbenchError):
        text = str(StdbenchError(exc.message, None, exc.location)) if exc.file in (None, str(path)) else str(exc)
    elif isinstance(exc, RecursionError):
        text = "input nested too deeply"
    elif isinstance(exc, MemoryError):
        text = "input too large"
    elif isinstance(exc, OSError):
        text = f"cannot read: {exc.strerror or exc}"
    else:  # a bug, not bad input: keep the batch going, but say so
        text = " ".join(f"internal error ({type(exc).__name__}): {exc}".split())
    return FileResult(file=str(path), error=text)


def check_file(path: Path, corpus, on: date, product: str | None = None, lang: str = "zh") -> FileResult:
    """Read and check one file; any failure becomes an unreadable row."""
    from stdbench.readers import read

    try:
        res = check(read(path), corpus=corpus, on=on, product=product, lang=lang)
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop a batch of thousands
        return _unreadable(path, exc)
    count = {s: sum(1 for f in res.findings if f.severity == s) for s in ("error", "warning", "note")}
    return FileResult(file=str(path), standard=res.standard, product=res.product, errors=count["error"],
                      warnings=count["warning"], notes=count["note"], findings=res.findings)


# ------------------------------------------------------------------------------------ worker processes

_WORKER: dict = {}


def _open(corpus_path: Path):
    """The index opened read-only for this process (no refresh), wrapped in one memo for all its files."""
    from stdbench.analysis.applicability import memo
    from stdbench.corpus import Corpus

    corpus = Corpus.open(corpus_path, refresh=False)
    return corpus, memo(corpus)


def _init(corpus_path: Path) -> None:
    _WORKER["corpus"], _WORKER["memo"] = _open(corpus_path)


def _work(path: Path, on: date, product: str | None, lang: str) -> FileResult:
    return check_file(path, _WORKER["memo"], on, product, lang)


def check_many(paths: Iterable[str | Path], corpus_path: str | Path | None = None, on: date | None = None,
               lang: str = "zh", jobs: int | None = None, product: str | None = None,
               progress: Progress | None = None, scheduler: Any = None) -> BatchResult:
    """Check every file (directories expanded by :func:`collect`) against the corpus index at ``corpus_path``
    (default index when None), with ``jobs`` processes (default ``os.cpu_count()``; 1 = in this process),
    or on a Dask cluster when ``scheduler`` is given (its address, or a ``distributed.Client``; see
    :mod:`stdbench.analysis.batch_dask`).

    ``progress(done, total, result)`` is called as each file finishes (completion order); the result
    lists files in input order.
    """
    from stdbench.corpus import Corpus

    if lang not in ("zh", "en"):
        raise StdbenchError(f"unknown language {lang!r} (zh or en)")
    if jobs is not None and jobs < 1:
        raise StdbenchError(f"--jobs must be at least 1, not {jobs}")
    files = collect(paths)
    if not files:
        raise StdbenchError("no .xml or .docx files to check")
    on = on or date.today()
    with Corpus.open(corpus_path) as c:  # built or refreshed once, here, before the workers read it
        db = c.path
    jobs = min(jobs or os.cpu_count() or 1, len(files))
    results: list[FileResult | None] = [None] * len(files)

    def done(i: int, res: FileResult) -> None:
        results[i] = res
        if progress is not None:
            progress(sum(r is not None for r in results), len(files), res)

    if scheduler is not None:
        from stdbench.analysis.batch_dask import check_on_dask

        check_on_dask(scheduler, files, Path(db), on, product, lang, done)
    elif jobs == 1:
        corpus, memo = _open(db)
        try:
            for i, f in enumerate(files):
                done(i, check_file(f, memo, on, product, lang))
        finally:
            corpus.close()
    else:
        with ProcessPoolExecutor(max_workers=jobs, initializer=_init, initargs=(db,)) as pool:
            futures: dict[Future, int] = {pool.submit(_work, f, on, product, lang): i for i, f in enumerate(files)}
            try:
                for fut in as_completed(futures):
                    i = futures[fut]
                    try:
                        res = fut.result()
                    except Exception as exc:  # noqa: BLE001 - a worker that died (e.g. killed by the OOM killer)
                        res = _unreadable(files[i], exc)
                    done(i, res)
            except BaseException:
                pool.shutdown(wait=False, cancel_futures=True)
                raise
    return BatchResult(on=on, files=[r for r in results if r is not None])
