"""Tables and sentences → :class:`Requirement`, shared by every reader (STS, Metanorma, Word).

Readers call :func:`extract_requirements` at the end of reading. It works on the model only:

* tables (:mod:`.req_tables`): column roles from header text (项目/指标/检验方法, Parameter/Limit/Method,
  n/c/m/M …), grade and product-type columns, units from headers, labels, cells and unit statements,
  continued tables ("表1（续）") merged with their table;
* sentences (:mod:`.req_sentences`): "水分应不大于15.5%", "…shall not be greater than 15 %", "不得检出",
  "应符合GB 2762的规定" (→ ``BoundKind.by_reference``). A group-level reference such as 5.4 污染物限量
  "应符合GB 2762的规定" has ``parameter=None``, ``label`` = the sentence subject or the clause title, and
  the referenced designation in ``bound.reference``. Pointers into the document ("应符合表1的规定") are
  not requirements. Sentences in 前言/引言/范围/规范性引用文件/术语 clauses are never requirements.

Labels the lexicon does not know still become requirements (``parameter=None``, label kept).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from stdbench.errors import StdbenchError
from stdbench.model import Clause, ListBlock, ListItem, Paragraph, Requirement, Standard, Table
from stdbench.normalize.text import fold_width, squash
from stdbench.readers.req_sentences import (
    is_skip_clause,
    sentence_requirements,
    tables_only,
    unit_from_statement,
    vocab,
)
from stdbench.readers.req_tables import TableContext, table_requirements

__all__ = [
    "TableContext", "continuation_base", "extract_requirements", "merge_continuations",
    "sentence_requirements", "table_requirements",
]


def _items(items: list[ListItem]) -> list[str]:
    out: list[str] = []
    for item in items:
        out.append(item.text)
        out.extend(_items(item.children))
    return out


def merge_continuations(std: Standard) -> list[tuple[Clause, Table, str | None]]:
    """Every table of ``std`` in document order as (clause, table, unit statement before it), with
    continued tables ("表1（续）", "Table 1 (continued)") appended to the table they continue."""
    out: list[tuple[Clause, Table, str | None]] = []
    by_label: dict[str, int] = {}
    for clause in std.walk():
        before: Paragraph | None = None  # the block just before, when a paragraph: it may state the unit
        for block in clause.blocks:
            if not isinstance(block, Table):
                before = block if isinstance(block, Paragraph) else None
                continue
            pending_unit = (unit_from_statement(before.text) or None) if before is not None else None
            before = None
            from_label = continuation_base(block.label)
            base = from_label or continuation_base(block.title)
            if base is not None and _key(base) in by_label:
                i = by_label[_key(base)]
                owner, first, unit = out[i]
                merged = first.model_copy(update={
                    "rows": first.rows + block.rows,
                    "footnotes": first.footnotes + [f for f in block.footnotes if f not in first.footnotes],
                    "notes": first.notes + [n for n in block.notes if n not in first.notes],
                })
                out[i] = (owner, merged, unit)
            else:
                table = block.model_copy(update={"label": from_label}) if from_label else block
                if table.label:
                    by_label[_key(table.label)] = len(out)
                out.append((clause, table, pending_unit))
    return out


def _key(label: str) -> str:
    return "".join(fold_width(label).split()).lower()


def extract_requirements(std: Standard, warnings: list[str] | None = None) -> list[Requirement]:
    """All requirements of a standard: its tables, then the sentences of each clause, in clause order.

    ``warnings`` (optional) collects what could not be understood (e.g. an unreadable sampling plan)."""
    tables = merge_continuations(std)
    per_clause: dict[int, list[tuple[Table, str | None]]] = {}
    for clause, table, unit in tables:
        per_clause.setdefault(id(clause), []).append((table, unit))
    notes = warnings if warnings is not None else []
    parents: dict[int, Clause] = {}
    if per_clause:  # (only tables look at the enclosing clauses' titles)
        for parent in std.walk():
            for child in parent.children:
                parents[id(child)] = parent
    out: list[Requirement] = []
    for clause, with_sentences in _requirement_clauses(std.clauses, True):
        where = f"clause {clause.number or clause.title}"
        clause_tables = per_clause.get(id(clause), [])
        titles: list[str] = []
        up = parents.get(id(clause)) if clause_tables else None
        while up is not None:
            if up.title:
                titles.append(up.title)
            up = parents.get(id(up))
        for table, unit in clause_tables:
            ctx = TableContext(unit=unit, context_titles=titles)
            out.extend(_guarded(lambda t=table, k=clause, c=ctx: table_requirements(t, k, c), notes,
                                f"{where} {table.label or 'table'}"))
            notes.extend(f"{where}: {w}" for w in ctx.warnings)
        if not with_sentences:
            continue
        texts = [b.text for b in clause.blocks if isinstance(b, Paragraph) and not unit_from_statement(b.text)]
        texts += [t for b in clause.blocks if isinstance(b, ListBlock) for t in _items(b.items)]
        for text in texts:
            out.extend(_guarded(lambda x=text, k=clause: sentence_requirements(x, k), notes, where))
    return out


def _guarded(run: Callable[[], list[Requirement]], notes: list[str], where: str) -> list[Requirement]:
    """Run one extraction; what cannot be understood is reported, never raised (the text stays in the
    clause blocks)."""
    try:
        return run()
    except (StdbenchError, ValueError, ArithmeticError, LookupError) as exc:
        notes.append(f"{where}: requirements not extracted: {exc}")
        return []


def _requirement_clauses(clauses: list[Clause], sentences: bool) -> list[tuple[Clause, bool]]:
    """Clauses in document order with whether their sentences count, without 前言/范围/规范性引用文件/术语 …
    and their sub-clauses; sub-clauses of a test-method clause or informative annex give tables only."""
    out: list[tuple[Clause, bool]] = []
    for clause in clauses:
        if not is_skip_clause(clause):
            own = sentences and not tables_only(clause)
            out.append((clause, own))
            out.extend(_requirement_clauses(clause.children, own))
    return out


@lru_cache(maxsize=1024)
def continuation_base(label: str | None) -> str | None:
    """The label a continued table belongs to ("表1（续）" → "表1", "Table 1 (continued)" → "Table 1")."""
    if not label:
        return None
    t = squash(fold_width(label))
    for pattern in vocab()["continuation"]["patterns"]:
        m = re.match(pattern, t, re.IGNORECASE)
        if m:
            return squash(m.group(1))
    return None
