"""The corpus index: standards_corpus/ and the user's own documents in one embedded SQLite file.

Built from the bundled corpus on first use and refreshed when a file's sha256 changes or a file goes;
documents added by the user (source 'user') survive every refresh. Writes are ``BEGIN IMMEDIATE``
transactions on a WAL database with a busy timeout, so concurrent writers wait instead of failing and a
writer killed mid-way leaves the previous content. Parsed documents are cached by content hash.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Self

from stdbench.analysis.categories import mentions
from stdbench.corpus_search import Hit
from stdbench.corpus_search import search as _search
from stdbench.corpus_store import Entry, KeyedRequirement, RefreshReport, StatusInfo
from stdbench.errors import CorpusError, StdbenchError
from stdbench.model import Requirement, Standard
from stdbench.normalize.codes import key as code_key
from stdbench.normalize.codes import try_parse
from stdbench.normalize.text import fold

__all__ = ["Corpus", "Entry", "KeyedRequirement", "RefreshReport", "StatusInfo", "bundled_dirs",
           "default_db_path"]

_SCHEMA = Path(__file__).with_name("corpus_schema.sql")
_SUFFIXES = (".xml", ".docx")
_BUSY_MS = 30_000


def default_db_path() -> Path:
    """``$STDBENCH_DB``, else the per-user data directory (XDG on Linux, the usual places elsewhere)."""
    env = os.environ.get("STDBENCH_DB")
    if env:
        return Path(env).expanduser()
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return base / "stdbench" / "index.sqlite3"


def bundled_dirs() -> list[Path]:
    """The bundled corpus: standards_corpus/ beside the package (a source checkout, editable install), else the
    copy a regular install puts under <prefix>/share/stdbench. Never both: an editable install also copies the
    corpus to share/, and that snapshot must not shadow the checkout being edited."""
    import stdbench

    cands = [Path(stdbench.__file__).resolve().parents[1] / "standards_corpus",
             Path(sys.prefix) / "share" / "stdbench" / "standards_corpus"]
    return [c.resolve() for c in cands if c.is_dir()][:1]


def _schema() -> list[str]:
    """The statements of corpus_schema.sql (comments dropped)."""
    text = re.sub(r"--[^\n]*", "", _SCHEMA.read_text(encoding="utf-8"))
    return [s for s in (x.strip() for x in text.split(";")) if s]


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _corpus_files(dirs: Iterable[Path]) -> list[Path]:
    """Every .xml/.docx under the corpus dirs; a .docx with an .xml twin of the same stem is skipped."""
    out: list[Path] = []
    for d in dirs:
        files = sorted(p for p in d.rglob("*") if p.suffix.lower() in _SUFFIXES and p.is_file())
        stems = {(p.parent, p.stem) for p in files if p.suffix.lower() == ".xml"}
        out += [p.resolve() for p in files if p.suffix.lower() == ".xml" or (p.parent, p.stem) not in stems]
    return out


def _parse(path: Path) -> Standard:
    """Read a document; make sure its requirements are extracted."""
    import stdbench

    std = stdbench.read(path)
    if not std.requirements:
        from stdbench.readers.requirements import extract_requirements

        std.requirements = extract_requirements(std, std.warnings)
    return std


class Corpus:
    """The index. Open with :meth:`open`; use as a context manager to close it."""

    def __init__(self, con: sqlite3.Connection, path: Path, dirs: list[Path]):
        self.con, self.path, self.dirs = con, path, dirs

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(cls, db: str | Path | None = None, corpus_dirs: Iterable[str | Path] | None = None,
             refresh: bool = True) -> Corpus:
        """Open (creating if needed) the index at ``db`` (default :func:`default_db_path`) and bring the
        bundled corpus up to date (``corpus_dirs`` replaces the bundled directories, e.g. in tests)."""
        path = Path(db).expanduser() if db is not None else default_db_path()
        dirs = [Path(d).resolve() for d in corpus_dirs] if corpus_dirs is not None else bundled_dirs()
        con: sqlite3.Connection | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            con = sqlite3.connect(path, timeout=_BUSY_MS / 1000, isolation_level=None)
            con.execute(f"PRAGMA busy_timeout = {_BUSY_MS}")
            con.execute("PRAGMA journal_mode = WAL")
            con.execute("PRAGMA foreign_keys = ON")
            with _tx(con):
                for stmt in _schema():
                    con.execute(stmt)
        except sqlite3.DatabaseError as exc:
            if con is not None:
                con.close()
            raise CorpusError(f"cannot open the index: {exc}", file=path) from None
        corpus = cls(con, path, dirs)
        if refresh:
            corpus.refresh()
        return corpus

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction (BEGIN IMMEDIATE): committed on success, rolled back on any error."""
        try:
            with _tx(self.con):
                yield self.con
        except sqlite3.DatabaseError as exc:
            raise CorpusError(f"index write failed: {exc}", file=self.path) from None

    # ------------------------------------------------------------------ building

    def refresh(self, force: bool = False) -> RefreshReport:
        """Index new and changed bundled files, drop removed ones (user documents are kept)."""
        report = RefreshReport()
        known = {p: (s, src) for p, s, src in self.con.execute("SELECT path, sha256, source FROM documents")}
        files = _corpus_files(self.dirs)
        todo: list[tuple[Path, str, Standard]] = []
        for f in files:
            try:
                sha = sha256_of(f)
                if str(f) in known and (known[str(f)][1] == "user" or (known[str(f)][0] == sha and not force)):
                    continue
                todo.append((f, sha, self._load(f, sha, use_cache=not force)))
            except (StdbenchError, OSError) as exc:
                report.errors.append(str(exc))
        gone = [p for p, (_, src) in known.items() if src == "bundled" and Path(p) not in files]
        if not todo and not gone:
            return report
        with self.transaction() as con:
            for p in gone:
                row = con.execute("SELECT key FROM documents WHERE path = ?", (p,)).fetchone()
                self._delete(con, p)
                report.removed.append(row[0] if row else p)
            for f, sha, std in todo:
                (report.updated if str(f) in known else report.added).append(
                    self._store(con, f, sha, std, "bundled"))
        return report

    def add(self, paths: Iterable[str | Path]) -> list[str]:
        """Index the user's documents (kept across refreshes); returns their keys. Bad input raises."""
        loaded = []
        for p in paths:
            f = Path(p).expanduser()
            if not f.is_file():
                raise CorpusError("no such file", file=f)
            f = f.resolve()
            try:
                sha = sha256_of(f)
            except OSError as exc:
                raise CorpusError(f"cannot read: {exc.strerror}", file=f) from None
            loaded.append((f, sha, self._load(f, sha)))
        with self.transaction() as con:
            return [self._store(con, f, sha, std, "user") for f, sha, std in loaded]

    def rebuild(self) -> RefreshReport:
        """Drop the parse cache and re-read every document (user files that still exist, too)."""
        users = [Path(p) for (p,) in self.con.execute("SELECT path FROM documents WHERE source = 'user'")]
        with self.transaction() as con:
            con.execute("DELETE FROM parsed")
        report = self.refresh(force=True)
        present = [p for p in users if p.is_file()]
        if present:
            report.updated += self.add(present)
        return report

    def _load(self, path: Path, sha: str, use_cache: bool = True) -> Standard:
        row = self.con.execute("SELECT model FROM parsed WHERE sha256 = ?", (sha,)).fetchone() if use_cache else None
        if row:
            return Standard.model_validate_json(row[0])
        std = _parse(path)
        std.source_path = str(path)
        return std

    def _delete(self, con: sqlite3.Connection, path: str) -> None:
        row = con.execute("SELECT id FROM documents WHERE path = ?", (path,)).fetchone()
        if row:
            con.execute("DELETE FROM fts WHERE doc_id = ?", (row[0],))
            con.execute("DELETE FROM documents WHERE id = ?", (row[0],))

    def _store(self, con: sqlite3.Connection, path: Path, sha: str, std: Standard, source: str) -> str:
        """Replace the rows of one file (inside the caller's transaction); return its key."""
        from stdbench.corpus_store import store_document

        self._delete(con, str(path))
        con.execute("INSERT OR REPLACE INTO parsed (sha256, model) VALUES (?, ?)", (sha, std.model_dump_json()))
        return store_document(con, path, sha, std, source, datetime.now(UTC).isoformat())

    # ------------------------------------------------------------------ look-ups

    def _rows(self, where: str = "1", args: tuple = ()) -> list[sqlite3.Row]:
        self.con.row_factory = sqlite3.Row
        try:
            return self.con.execute(
                f"SELECT * FROM documents WHERE {where} "
                "ORDER BY source = 'user' DESC, format = 'sts' DESC, id", args).fetchall()
        finally:
            self.con.row_factory = None

    def _row(self, code: str) -> sqlite3.Row | None:
        d = try_parse(code)
        if d is None:
            rows = self._rows("key = ?", (code.strip(),))
            return rows[0] if rows else None
        if d.year is not None:
            rows = self._rows("key = ?", (code_key(d),))
            return rows[0] if rows else None
        return _current(self._rows("undated_key = ?", (code_key(d, with_year=False),)))

    def entry(self, code: str) -> Entry | None:
        """Metadata of a standard (undated → current edition), or None."""
        row = self._row(code)
        return _entry(row) if row is not None else None

    def get(self, code: str) -> Standard | None:
        """The standard for a code with or without year (undated → the current edition); None if unknown."""
        row = self._row(code)
        if row is None:
            return None
        model = self.con.execute("SELECT model FROM parsed WHERE sha256 = ?", (row["sha256"],)).fetchone()
        return Standard.model_validate_json(model[0]) if model else None

    def resolve(self, code: str) -> Standard:
        """Like :meth:`get`, but an unknown code raises :class:`CorpusError`."""
        std = self.get(code)
        if std is None:
            hint = "" if try_parse(code) else " (not a standard designation)"
            raise CorpusError(f"{code.strip()!r} is not in the index{hint}; add it with 'stdbench corpus add'",
                              file=self.path)
        return std

    def list(self, level: str | None = None, status: str | None = None,
             category: str | None = None) -> list[Entry]:
        """Indexed documents, ordered by key, filtered by level, status and product category."""
        out = []
        for row in self._rows():
            e = _entry(row)
            if (level and e.level != level) or (status and e.status != status):
                continue
            if category and not any(fold(category) in fold(c) for c in e.categories):
                continue
            out.append(e)
        return sorted(out, key=lambda e: (e.undated_key, e.key))

    # ------------------------------------------------------------------ supersession

    def chain(self, code: str) -> list[str]:
        """Every edition linked to ``code`` (same document, replaces/replaced-by both ways), oldest first.

        Cited editions that are not indexed are included (their key only)."""
        from stdbench.corpus_store import supersession_chain

        d = try_parse(code)
        start = code_key(d) if d is not None and d.year is not None else None
        if start is None:
            row = self._row(code)
            if row is None:
                return []
            start = row["key"]
        return supersession_chain(self._rows(), start)

    def successor(self, code: str) -> str | None:
        """The next edition after ``code`` in its chain, or None."""
        d = try_parse(code)
        if d is not None and d.year is not None:
            k: str | None = code_key(d)
        else:
            entry = self.entry(code)
            k = entry.key if entry else None
        chain = self.chain(code)
        if k not in chain:
            return None
        i = chain.index(k)
        return chain[i + 1] if i + 1 < len(chain) else None

    def status_of(self, designation: str, on: date | None = None) -> StatusInfo:
        """current / upcoming / replaced / withdrawn / unknown on date ``on`` (default today).

        A standard whose successor is in force is ``replaced``; during the transition (successor issued,
        not yet implemented) it stays ``current`` and ``successor``/``successor_implemented`` are set."""
        from stdbench.corpus_store import currency

        on = on or date.today()
        entry = self.entry(designation)
        succ = self.successor(entry.key if entry else designation)
        succ_entry = self.entry(succ) if succ else None
        status = currency(entry, succ, succ_entry, on)
        return StatusInfo(designation=designation.strip(), key=entry.key if entry else None, status=status,
                          successor=succ, successor_implemented=succ_entry.implemented if succ_entry else None,
                          on=on)

    # ------------------------------------------------------------------ queries

    def search(self, query: str, limit: int = 20, level: str | None = None, status: str | None = None,
               category: str | None = None) -> list[Hit]:
        """Full-text search over clause titles and text and requirement rows (see :mod:`corpus_search`)."""
        try:
            return _search(self.con, query, limit=limit, level=level, status=status, category=category)
        except sqlite3.OperationalError as exc:
            raise CorpusError(f"search failed for {query!r}: {exc}", file=self.path) from None

    def requirements(self, parameter: str | None = None, category: str | None = None,
                     category_code: str | None = None, standard: str | None = None) -> list[KeyedRequirement]:
        """Requirements across the index: by parameter (canonical id or label as written), category as
        written (exclusions respected), category code (and its sub-codes), standard (undated → current)."""
        sql = "SELECT d.key, r.model, r.parameter, r.label, r.category, r.category_code " \
              "FROM requirements r JOIN documents d ON d.id = r.doc_id"
        args: tuple = ()
        if standard:
            row = self._row(standard)
            if row is None:
                return []
            sql += " WHERE d.id = ?"
            args = (row["id"],)
        out = []
        for key, model, param, label, cat, code in self.con.execute(sql + " ORDER BY d.key, r.seq", args):
            if parameter and param != parameter and fold(parameter) not in fold(label or ""):
                continue
            if category and not mentions(cat or "", category):
                continue
            if category_code and not (code and (code == category_code or code.startswith(category_code + "."))):
                continue
            out.append(KeyedRequirement(key, Requirement.model_validate_json(model)))
        return out


@contextmanager
def _tx(con: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    con.execute("BEGIN IMMEDIATE")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def _entry(row: sqlite3.Row) -> Entry:
    titles = {k: v for k, v in (("zh", row["title_zh"]), ("en", row["title_en"])) if v}
    return Entry(key=row["key"], undated_key=row["undated_key"], level=row["level"],
                 mandatory=None if row["mandatory"] is None else bool(row["mandatory"]), status=row["status"],
                 titles=titles, issued=row["issued"], implemented=row["implemented"],
                 replaces=json.loads(row["replaces"]), replaced_by=json.loads(row["replaced_by"]),
                 issuer=row["issuer"], categories=json.loads(row["categories"]), source=row["source"],
                 path=row["path"], format=row["format"])


def _current(rows: list[sqlite3.Row]) -> sqlite3.Row | None:
    """The current edition: status current (latest year), else the latest implemented one not replaced."""
    if not rows:
        return None
    by_year = sorted(rows, key=lambda r: r["year"] or 0, reverse=True)
    today = date.today().isoformat()
    for pick in (lambda r: r["status"] == "current",
                 lambda r: r["replaced_by"] == "[]" and (r["implemented"] or "") <= today):
        found = [r for r in by_year if pick(r)]
        if found:
            return found[0]
    return by_year[0]
