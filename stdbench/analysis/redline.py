"""Redlines: what changed between two versions of a clause — text as diff operations, tables cell by cell.

Text is diffed on tokens: words (with their attached digits and decimal marks) for Latin scripts, single
characters for Chinese, whitespace and punctuation as tokens of their own, so that joining the ``old``
(``new``) side of the operations gives back the old (new) text exactly. The tracked-changes Word writer and
the HTML report render these operations; they do not diff again.
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from stdbench.model import Cell, Clause, Table, block_texts, term_texts
from stdbench.normalize.text import fold

# a Latin word or number ("14,5", "GB/T", "don't"), a run of whitespace, or any single other character
_TOKEN = re.compile(r"[A-Za-z0-9\u00c0-\u024f\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+"
                    r"(?:[.,'’/\-][A-Za-z0-9\u00c0-\u024f]+)*|\s+|.", re.DOTALL)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Op(_Model):
    """One diff operation: ``old`` text replaced by ``new`` (equal: both the same; insert: old empty …)."""

    op: Literal["equal", "insert", "delete", "replace"]
    old: str = ""
    new: str = ""


class CellChange(_Model):
    """A table slot whose text differs; row/column are 0-based positions in the grid."""

    row: int
    column: int
    change: Literal["changed", "added", "removed"]
    old: str = ""
    new: str = ""
    ops: list[Op] = Field(default_factory=list)


class TableDiff(_Model):
    """Cell-by-cell differences of two tables aligned by grid position."""

    old_label: str | None = None
    new_label: str | None = None
    old_shape: tuple[int, int] = (0, 0)
    new_shape: tuple[int, int] = (0, 0)
    changes: list[CellChange] = Field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.changes) or self.old_shape != self.new_shape


class Redline(_Model):
    """The differences within one aligned clause pair."""

    title: list[Op] = Field(default_factory=list)
    text: list[Op] = Field(default_factory=list)
    tables: list[TableDiff] = Field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(op.op != "equal" for op in self.title + self.text) or any(t.changed for t in self.tables)


def tokens(text: str) -> list[str]:
    """Split text into diff tokens; ``"".join(tokens(t)) == t``."""
    return _TOKEN.findall(text)


def diff_text(old: str, new: str) -> list[Op]:
    """The operations turning ``old`` into ``new`` (words for Latin scripts, characters for Chinese)."""
    if old == new:
        return [Op(op="equal", old=old, new=new)] if old else []
    ta, tb = tokens(old), tokens(new)
    ops: list[Op] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, ta, tb, autojunk=False).get_opcodes():
        ops.append(Op(op=tag, old="".join(ta[i1:i2]), new="".join(tb[j1:j2])))  # type: ignore[arg-type]
    return ops


def _provenance_columns(grid: list[list[Cell | None]]) -> set[int]:
    """Columns that record where a corpus value came from (来源 / Source): annotations, not the standard's text."""
    from stdbench.readers.req_sentences import vocab

    names = {fold(x) for x in vocab()["roles"]["source"]["exact"]}
    head = grid[0] if grid else []
    return {i for i, cell in enumerate(head) if cell is not None and fold(cell.text) in names}


def _without_columns(grid: list[list[Cell | None]], drop: set[int]) -> list[list[Cell | None]]:
    return [[cell for i, cell in enumerate(row) if i not in drop] for row in grid] if drop else grid


def diff_table(old: Table, new: Table) -> TableDiff:
    """Compare two tables slot by slot after :meth:`Table.grid`; a spanned cell is reported once.

    Provenance columns of corpus files (来源 / Source) are left out: they annotate, they are not text."""
    ga, gb = old.grid(), new.grid()
    ga, gb = _without_columns(ga, _provenance_columns(ga)), _without_columns(gb, _provenance_columns(gb))
    rows = max(len(ga), len(gb))
    cols = max(len(ga[0]) if ga else 0, len(gb[0]) if gb else 0)
    changes: list[CellChange] = []
    seen: set[tuple[int, int]] = set()
    for r in range(rows):
        for c in range(cols):
            ca = ga[r][c] if r < len(ga) and c < len(ga[r]) else None
            cb = gb[r][c] if r < len(gb) and c < len(gb[r]) else None
            key = (id(ca), id(cb))
            if key in seen:  # the same spanned pair of cells, already compared at its first slot
                continue
            seen.add(key)
            ta, tb = (ca.text if ca else ""), (cb.text if cb else "")
            if ca is not None and cb is not None and ta == tb:
                continue
            if ca is None and cb is None:
                continue
            change = "added" if ca is None else "removed" if cb is None else "changed"
            changes.append(CellChange(row=r, column=c, change=change, old=ta, new=tb, ops=diff_text(ta, tb)))
    return TableDiff(
        old_label=old.label, new_label=new.label, old_shape=(len(ga), len(ga[0]) if ga else 0),
        new_shape=(len(gb), len(gb[0]) if gb else 0), changes=changes,
    )


def clause_prose(clause: Clause) -> str:
    """The clause's own text without its tables (tables are diffed cell by cell instead)."""
    return "\n".join(block_texts([b for b in clause.blocks if not isinstance(b, Table)])
                     + [t for term in clause.terms for t in term_texts(term)])


def redline(old: Clause, new: Clause) -> Redline:
    """Title and text operations and table differences (tables paired by their order in the clause)."""
    ta = [b for b in old.blocks if isinstance(b, Table)]
    tb = [b for b in new.blocks if isinstance(b, Table)]
    tables = [diff_table(x, y) for x, y in zip(ta, tb)]
    tables += [diff_table(x, Table()) for x in ta[len(tb):]]
    tables += [diff_table(Table(), y) for y in tb[len(ta):]]
    return Redline(title=diff_text(old.title, new.title), text=diff_text(clause_prose(old), clause_prose(new)),
                   tables=tables)
