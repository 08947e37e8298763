"""Clause-title lexicon: zh/en clause titles → one canonical key and ClauseKind (stdbench/data/clauses.toml).

``clause_title_key("规格")`` and ``clause_title_key("Specifications")`` both give ``requirements``; a
combined title ("标志、包装") resolves through its parts. Imported through :mod:`stdbench.normalize.lexicon`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from stdbench.model import ClauseKind
from stdbench.normalize.lexicon_index import _Index, _keyer, _read
from stdbench.normalize.text import fold, fold_width

__all__ = ["ClauseTitle", "clause_kind", "clause_title_key", "clause_titles"]


@dataclass(frozen=True)
class ClauseTitle:
    """A canonical clause title: key, ClauseKind, zh/en titles, Heilongjiang plan dimension(s)."""

    id: str
    kind: ClauseKind
    zh: tuple[str, ...]
    en: tuple[str, ...]
    plan: tuple[str, ...] = ()  # 原料, 辅料, 工艺, 产品, 包装, 物流
    part: bool = False  # a part of 标志、标签、包装、运输和贮存


@cache
def _clause_data() -> tuple[dict[str, ClauseTitle], _Index, re.Pattern[str]]:
    data = _read("clauses.toml")
    matching = data.get("matching", {})
    index = _Index(_keyer(matching))
    titles: dict[str, ClauseTitle] = {}
    for row in data["clause"]:
        t = ClauseTitle(row["id"], ClauseKind(row["kind"]), tuple(row.get("zh", ())), tuple(row.get("en", ())),
                        tuple(row.get("plan", ())), bool(row.get("part", False)))
        titles[t.id] = t
        for name in (*t.zh, *t.en):
            index.add(name, t.id)
    seps = sorted(matching.get("separators", ["、", ","]), key=len, reverse=True)
    return titles, index, re.compile("|".join(re.escape(s) for s in seps))


def clause_titles() -> dict[str, ClauseTitle]:
    """Every canonical clause title by key (loaded once from clauses.toml)."""
    return _clause_data()[0]


_CLAUSE_NO = re.compile(r"^\s*(?:第[一二三四五六七八九十\d]+[章节条]|[A-Z](?:\.\d+)+|\d+(?:\.\d+)*)[.．、]?\s*")
_ANNEX = re.compile(r"^\s*(?:附\s*录|annex|appendix)(?:\s*[A-Z]\b|\s*$|\s*[(（])", re.IGNORECASE)
_OBLIGATION = re.compile(r"[(（]\s*(?:规范性|资料性|参考)?(?:附录)?\s*[)）]|[(（]\s*(?:normative|informative)\s*[)）]",
                         re.IGNORECASE)


def _clean_title(title: str) -> str:
    s = _CLAUSE_NO.sub("", fold_width(title).strip(), count=1)
    return _OBLIGATION.sub(" ", s).strip(" :：.。")


@lru_cache(maxsize=8192)
def _title_lookup(title: str) -> tuple[str | None, ClauseKind | None]:
    titles, index, seps = _clause_data()
    raw = fold_width(title).strip()
    if _ANNEX.match(raw):
        return "annex", ClauseKind.annex
    s = _clean_title(raw)
    if not s:
        return None, None
    hit = index.find(s, 90.0)
    if hit is None:  # a combined title: "标志、包装" / "Marking, labelling and packaging"
        parts = [p for p in (x.strip() for x in seps.split(fold(s))) if p]
        ids = [h[0] if (h := index.find(p, 90.0)) else None for p in parts]
        if len(parts) > 1 and None not in ids:
            keys = set(ids)
            if len(keys) == 1:
                return ids[0], titles[ids[0]].kind
            kinds = {titles[i].kind for i in keys}
            if kinds == {ClauseKind.marking_packaging_transport_storage}:
                logistic = keys <= {"transport", "storage", "transport_storage", "shelf_life", "sales"}
                key = "transport_storage" if logistic else "marking_packaging_transport_storage"
                return key, kinds.pop()
            return None, kinds.pop() if len(kinds) == 1 else None
        hit = index.fuzzy(s, 90.0)
    return (hit[0], titles[hit[0]].kind) if hit else (None, None)


def clause_title_key(title: str) -> str | None:
    """Canonical clause-title key shared across languages ("范围" and "Scope" → "scope"), or None."""
    return _title_lookup(title)[0]


def clause_kind(title: str) -> ClauseKind | None:
    """ClauseKind for a clause title in Chinese or English ("4.2 理化指标" → requirements), or None."""
    return _title_lookup(title)[1]
