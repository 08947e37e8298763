"""Writing one document into the index, and the supersession logic over indexed rows.

Kept apart from :mod:`stdbench.corpus` (opening, transactions, look-ups) so each fits in one reading.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import NamedTuple

from pydantic import BaseModel

from stdbench.corpus_search import index_text
from stdbench.model import Clause, Requirement, Standard, Status
from stdbench.normalize.codes import key as code_key
from stdbench.normalize.codes import try_parse

__all__ = ["Entry", "KeyedRequirement", "RefreshReport", "StatusInfo", "currency", "norm_key", "store_document",
           "supersession_chain"]


class Entry(BaseModel):
    """One indexed document, as listed by ``list()`` and ``corpus list``."""

    key: str
    undated_key: str
    level: str
    mandatory: bool | None = None
    status: str
    titles: dict[str, str]
    issued: date | None = None
    implemented: date | None = None
    replaces: list[str]
    replaced_by: list[str]
    issuer: str | None = None
    categories: list[str]
    source: str  # bundled | user
    path: str
    format: str | None = None


class StatusInfo(BaseModel):
    """Currency of a cited standard on a date, with its successor (for the compliance check)."""

    designation: str
    key: str | None = None  # the edition found (for an undated citation: the current one)
    status: Status
    successor: str | None = None
    successor_implemented: date | None = None
    on: date


class KeyedRequirement(NamedTuple):
    standard: str
    requirement: Requirement


class RefreshReport(BaseModel):
    added: list[str] = []
    updated: list[str] = []
    removed: list[str] = []
    errors: list[str] = []  # files of the bundled corpus that could not be read




def norm_key(code: str) -> str:
    """Canonical dated key of a code as written (unparseable text is kept, stripped)."""
    d = try_parse(code)
    return code_key(d) if d is not None else code.strip()


def _undated(code: str) -> str:
    d = try_parse(code)
    return code_key(d, with_year=False) if d is not None else code.strip()


def _year(code: str) -> int:
    d = try_parse(code)
    return d.year or 0 if d is not None else 0


def store_document(con: sqlite3.Connection, path: Path, sha: str, std: Standard, source: str,
                   added: str) -> str:
    """Insert a document, its clauses, requirements and search rows; return its dated key."""
    d = std.designation
    key = code_key(d) if d is not None else path.stem
    undated = code_key(d, with_year=False) if d is not None else key
    cur = con.execute(
        "INSERT INTO documents (path, source, sha256, key, undated_key, year, designation, level, mandatory,"
        " status, title_zh, title_en, issued, implemented, replaces, replaced_by, issuer, categories, format,"
        " added) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (str(path), source, sha, key, undated, d.year if d else None, d.model_dump_json() if d else None,
         std.level.value, None if std.mandatory is None else int(std.mandatory), std.status.value,
         std.titles.get("zh"), std.titles.get("en"), _iso(std.issued), _iso(std.implemented),
         json.dumps([norm_key(x) for x in std.replaces], ensure_ascii=False),
         json.dumps([norm_key(x) for x in std.replaced_by], ensure_ascii=False),
         std.issuer, json.dumps(std.product_categories, ensure_ascii=False), std.source_format, added))
    doc_id = cur.lastrowid
    head = " ".join([key, *std.titles.values()])
    con.execute("INSERT INTO fts (title, body, doc_id, kind, ref) VALUES (?, ?, ?, 'standard', ?)",
                (index_text(head), index_text(" ".join(std.product_categories)), doc_id, doc_id))
    titles: dict[str, str] = {}
    for seq, clause in enumerate(std.walk()):
        _store_clause(con, doc_id, seq, clause)
        if clause.number and clause.title:
            titles[clause.number] = clause.title
    for seq, req in enumerate(std.requirements):
        _store_requirement(con, doc_id, seq, req, _clause_title(titles, req.provenance.clause))
    return key


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _clause_title(titles: dict[str, str], number: str | None) -> str:
    """Title of the clause or of its nearest titled parent (4.2.1 → 4.2 镉)."""
    while number:
        if number in titles:
            return titles[number]
        number = number.rpartition(".")[0]
    return ""


def _store_clause(con: sqlite3.Connection, doc_id: int, seq: int, clause: Clause) -> None:
    text = clause.text()
    cur = con.execute("INSERT INTO clauses (doc_id, seq, number, title, kind, text) VALUES (?, ?, ?, ?, ?, ?)",
                      (doc_id, seq, clause.number, clause.title, clause.kind.value, text))
    con.execute("INSERT INTO fts (title, body, doc_id, kind, ref) VALUES (?, ?, ?, 'clause', ?)",
                (index_text(f"{clause.number or ''} {clause.title}"), index_text(text), doc_id, cur.lastrowid))


def _store_requirement(con: sqlite3.Connection, doc_id: int, seq: int, req: Requirement,
                       clause_title: str) -> None:
    s = req.subject
    cur = con.execute(
        "INSERT INTO requirements (doc_id, seq, parameter, label, category, category_code, grade, product_type,"
        " bound, unit, limit_text, clause, tbl, model) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (doc_id, seq, req.parameter, req.label, s.category, s.category_code, s.grade, s.product_type,
         req.bound.model_dump_json(), req.unit, req.limit_text, req.provenance.clause, req.provenance.table,
         req.model_dump_json()))
    title = " ".join(x for x in (req.label, req.parameter or "", clause_title) if x)
    body = " ".join(x for x in (s.category, s.category_code, s.grade, s.product_type, s.condition,
                                req.limit_text, req.unit, req.basis, req.provenance.table) if x)
    con.execute("INSERT INTO fts (title, body, doc_id, kind, ref) VALUES (?, ?, ?, 'requirement', ?)",
                (index_text(title), index_text(body), doc_id, cur.lastrowid))


def supersession_chain(rows: Sequence[sqlite3.Row], start: str) -> list[str]:
    """Editions connected to ``start``: same undated key, or linked by replaces/replaced-by (both ways)."""
    links: dict[str, set[str]] = {}
    undated: dict[str, set[str]] = {}

    def link(a: str, b: str) -> None:
        links.setdefault(a, set()).add(b)
        links.setdefault(b, set()).add(a)

    for r in rows:
        k = r["key"]
        links.setdefault(k, set())
        undated.setdefault(r["undated_key"], set()).add(k)
        for other in json.loads(r["replaces"]) + json.loads(r["replaced_by"]):
            link(k, other)
            undated.setdefault(_undated(other), set()).add(other)
    seen, todo = {start}, [start]
    while todo:
        k = todo.pop()
        for nxt in links.get(k, set()) | undated.get(_undated(k), set()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    if len(seen) == 1 and start not in links:
        return []
    return sorted(seen, key=lambda k: (_year(k), k))


def currency(entry: Entry | None, successor: str | None, succ_entry: Entry | None, on: date) -> Status:
    """Status of an edition on a date, given its successor (if any) and the successor's metadata."""
    if entry is None and successor is None:
        return Status.unknown
    if entry is not None and entry.implemented and entry.implemented > on:
        return Status.upcoming
    if successor is not None:
        impl = succ_entry.implemented if succ_entry else None
        if impl is not None:
            return Status.replaced if impl <= on else Status.current
        # successor known only by citation: trust the edition's own status
        if entry is None or entry.status in ("replaced", "withdrawn"):
            return Status.replaced
        return Status.current
    assert entry is not None
    if entry.status == "withdrawn":
        return Status.withdrawn
    if entry.status == "replaced":
        return Status.replaced
    return Status.current
