"""Full-text search in the corpus index, Chinese and English alike.

SQLite FTS5's ``unicode61`` tokenizer keeps a run of Chinese characters as one token and ``trigram``
finds nothing shorter than three characters, so indexed text has every CJK character spaced apart: each
character becomes a token, a Chinese word in a query becomes a phrase (``大米`` → ``"大 米"``), and one- and
two-character queries (``镉``, ``大米``) work. English words are tokenised normally, case-insensitive;
everything is width-folded first (``ＧＢ`` = ``GB``).
"""
from __future__ import annotations

import re
import sqlite3

from pydantic import BaseModel

from stdbench.analysis.categories import mentions
from stdbench.model import Requirement
from stdbench.normalize.text import fold, fold_width, squash

__all__ = ["Hit", "index_text", "match_expression", "search", "snippet"]

_CJK = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff])")
_TOKEN = re.compile(r"\w+")
_SNIPPET_WIDTH = 40


class Hit(BaseModel):
    """One search result: a clause, or a requirement row (then ``requirement`` is set)."""

    standard: str  # dated key, e.g. GB 2762-2025
    standard_title: str = ""
    kind: str  # "standard" (its titles) | "clause" | "requirement"
    clause: str | None = None
    title: str = ""
    snippet: str = ""
    rank: float = 0.0  # bm25: lower is better
    requirement: Requirement | None = None


def index_text(text: str) -> str:
    """Text as stored in the FTS table: width-folded, CJK characters separated by spaces."""
    return squash(_CJK.sub(r" \1 ", fold_width(text)))


def match_expression(query: str) -> str:
    """An FTS5 MATCH expression: every whitespace-separated term must occur, each as a phrase."""
    phrases = []
    for term in fold_width(query).split():
        tokens = _TOKEN.findall(index_text(term))
        if tokens:
            phrases.append('"' + " ".join(tokens) + '"')
    return " AND ".join(phrases)


def snippet(text: str, query: str, width: int = _SNIPPET_WIDTH) -> str:
    """A window of the original text around the first query term found in it."""
    flat = squash(text)
    low = fold(flat)
    positions = [low.find(fold(t)) for t in query.split()]
    positions = [p for p in positions if p >= 0]
    if not positions:
        return flat[: 2 * width] + ("…" if len(flat) > 2 * width else "")
    start = max(min(positions) - width // 2, 0)
    end = min(start + 2 * width, len(flat))
    return ("…" if start else "") + flat[start:end] + ("…" if end < len(flat) else "")


def search(con: sqlite3.Connection, query: str, limit: int = 20, level: str | None = None,
           status: str | None = None, category: str | None = None) -> list[Hit]:
    """Clauses and requirement rows matching every term of ``query``, best first (bm25)."""
    expr = match_expression(query)
    if not expr:
        return []
    where, args = ["fts MATCH ?"], [expr]
    if level:
        where.append("d.level = ?")
        args.append(level)
    if status:
        where.append("d.status = ?")
        args.append(status)
    sql = (f"SELECT f.kind, f.ref, d.key, d.title_zh, d.title_en, bm25(fts, 5.0, 1.0) AS r "
           f"FROM fts f JOIN documents d ON d.id = f.doc_id WHERE {' AND '.join(where)} "
           f"ORDER BY r, d.status = 'current' DESC, d.year DESC, f.rowid")
    hits: list[Hit] = []
    for kind, ref, key, title_zh, title_en, rank in con.execute(sql, args):
        hit = _hit(con, kind, int(ref), key, title_zh or title_en or "", float(rank), query)
        if hit is None or (category and not _in_category(con, hit, key, category)):
            continue
        hits.append(hit)
        if len(hits) >= limit:
            break
    return hits


def _hit(con: sqlite3.Connection, kind: str, ref: int, key: str, std_title: str, rank: float,
         query: str) -> Hit | None:
    if kind == "requirement":
        row = con.execute("SELECT model, clause FROM requirements WHERE id = ?", (ref,)).fetchone()
        if row is None:
            return None
        req = Requirement.model_validate_json(row[0])
        text = " ".join(x for x in (req.subject.category, req.subject.grade, req.subject.product_type,
                                    req.limit_text, req.unit) if x)
        return Hit(standard=key, standard_title=std_title, kind=kind, clause=row[1], title=req.label,
                   snippet=snippet(text, query), rank=rank, requirement=req)
    if kind == "standard":
        return Hit(standard=key, standard_title=std_title, kind=kind, title=std_title,
                   snippet=snippet(f"{key} {std_title}", query), rank=rank)
    row = con.execute("SELECT number, title, text FROM clauses WHERE id = ?", (ref,)).fetchone()
    if row is None:
        return None
    number, title, text = row
    return Hit(standard=key, standard_title=std_title, kind=kind, clause=number, title=title,
               snippet=snippet(f"{title} {text}" if not text else text, query), rank=rank)


def _in_category(con: sqlite3.Connection, hit: Hit, key: str, category: str) -> bool:
    """A requirement hit whose subject names the category, or a document listing it."""
    if hit.requirement is not None:
        subject = hit.requirement.subject
        if subject.category_code and fold(subject.category_code).startswith(fold(category)):
            return True
        if subject.category and mentions(subject.category, category):
            return True
    row = con.execute("SELECT categories FROM documents WHERE key = ?", (key,)).fetchone()
    return bool(row) and any(fold(category) in fold(c) for c in _json_list(row[0]))


def _json_list(text: str | None) -> list[str]:
    import json

    return list(json.loads(text or "[]"))
