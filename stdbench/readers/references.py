"""References of a document whose format has no reference markup (Word): the chapter 2 list and the
standards cited in the text, recovered from the text itself.

Chapter 2 (规范性引用文件 / Normative references) lists one document per paragraph or list item:
``GB 2762 食品安全国家标准 食品中污染物限量`` (undated) or ``GB/T 5009.3—2016 …`` (dated); the Bibliography
(参考文献) lists informative ones. Elsewhere, every code found in running text is an inline citation,
kept with the clause it is cited in (the lint and currency checks use both).
"""
from __future__ import annotations

import re

from stdbench.model import Clause, ClauseKind, ListBlock, Paragraph, Reference, Standard, Table, item_texts
from stdbench.normalize.codes import find_designations, key

_ALL_PARTS = re.compile(r"[（(]\s*(所有部分|all parts)\s*[)）]", re.IGNORECASE)
_LEAD_IN = ("下列文件", "下列标准", "the following documents", "本文件没有规范性引用文件", "there are no normative")


def _texts(clause: Clause) -> list[str]:
    out: list[str] = []
    for b in clause.blocks:
        if isinstance(b, Paragraph):
            out.append(b.text)
        elif isinstance(b, ListBlock):
            out.extend(item_texts(b.items))
        elif isinstance(b, Table):
            out.extend(cell.text for row in b.rows for cell in row.cells)
    return out


def _listed(clause: Clause, normative: bool) -> list[Reference]:
    refs: list[Reference] = []
    for text in _texts(clause):
        stripped = text.strip()
        if not stripped or stripped.lower().startswith(_LEAD_IN):
            continue
        found = find_designations(stripped)
        if not found or found[0][1] > 3:  # a list entry starts with its code
            continue
        d, _start, end = found[0]
        title = re.sub(r"^[\s)）:：,，;；—–-]+", "", stripped[end:]).strip(" \t　,，;；。") or None
        title = _ALL_PARTS.sub("", title).strip() if title else None
        refs.append(Reference(designation=d, text=stripped, title=title or None, dated=d.year is not None,
                              normative=normative, clause=clause.number,
                              all_parts=bool(_ALL_PARTS.search(stripped))))
    return refs


def collect_references(std: Standard) -> list[Reference]:
    """The listed references (chapter 2 and bibliography) and the inline citations of the other clauses."""
    refs: list[Reference] = []
    listed_keys: set[str] = set()
    for clause in std.walk():
        if clause.kind in (ClauseKind.normative_references, ClauseKind.bibliography):
            listed = _listed(clause, clause.kind == ClauseKind.normative_references)
            refs.extend(listed)
            listed_keys.update(key(r.designation, with_year=False) for r in listed if r.designation)
    normative_keys = {key(r.designation, with_year=False) for r in refs if r.normative and r.designation}
    own = key(std.designation, with_year=False) if std.designation else None
    for clause in std.walk():
        if clause.kind in (ClauseKind.normative_references, ClauseKind.bibliography, ClauseKind.foreword):
            continue
        seen: set[str] = set()
        for text in _texts(clause):
            for d, _s, _e in find_designations(text):
                k = key(d)
                undated = key(d, with_year=False)
                if k in seen or undated == own:
                    continue
                seen.add(k)
                refs.append(Reference(designation=d, text=str(d), dated=d.year is not None,
                                      normative=undated in normative_keys, clause=clause.number or clause.title))
    return refs
