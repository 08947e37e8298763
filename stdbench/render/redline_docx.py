"""NEW as a Word document whose differences from OLD are real tracked changes (w:ins / w:del).

Clauses are paired with :func:`stdbench.analysis.align.align`; text is diffed with
:func:`stdbench.analysis.redline.diff_text`. Accepting every revision gives NEW's text, rejecting every
revision gives OLD's: inserted/deleted line breaks become tracked paragraph marks, table rows that exist on
one side only are tracked row insertions/deletions. Within a clause, prose comes first, then its tables.
"""
from __future__ import annotations

import io
from pathlib import Path

import docx
from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from stdbench.analysis.redline import Op, clause_prose, diff_text
from stdbench.model import Clause, Standard, Table
from stdbench.outputs import write_atomic
from stdbench.render import ooxml
from stdbench.render.docx_report import clean
from stdbench.render.report_data import Texts

AUTHOR = "stdbench"
DEFAULT_DATE = "2025-01-01T00:00:00Z"  # fixed, so two runs give identical XML


def heading_text(clause: Clause) -> str:
    """A clause's heading line as the document shows it: "4.2 感官要求"."""
    return f"{clause.number or ''} {clause.title}".strip()


def table_slots(table: Table | None) -> list[list[str]]:
    """The grid of a table with each (spanned) cell's text at its first slot only."""
    if table is None:
        return []
    seen: set[int] = set()
    out = []
    for line in table.grid():
        row = []
        for cell in line:
            if cell is None or id(cell) in seen:
                row.append("")
            else:
                seen.add(id(cell))
                row.append(cell.text)
        out.append(row)
    return out


class _Tracker:
    """Emits runs, revisions and paragraph marks with sequential revision ids."""

    def __init__(self, doc: Document, date: str, author: str):
        self.doc, self.date, self.author, self.next_id = doc, date, author, 1

    def _rev(self, tag: str):
        el = OxmlElement(tag)
        el.set(qn("w:id"), str(self.next_id))
        el.set(qn("w:author"), self.author)
        el.set(qn("w:date"), self.date)
        self.next_id += 1
        return el

    @staticmethod
    def _run(text: str, deleted: bool, font: str):
        r = OxmlElement("w:r")
        rpr = OxmlElement("w:rPr")
        ooxml.set_rfonts(rpr, font)
        r.append(rpr)
        t = OxmlElement("w:delText" if deleted else "w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = clean(text)
        r.append(t)
        return r

    def add(self, p, text: str, kind: str, font: str = ooxml.BODY_FONT) -> None:
        """Append text to paragraph element ``p``: kind is 'equal', 'insert' or 'delete'."""
        if not text:
            return
        run = self._run(text, kind == "delete", font)
        if kind == "equal":
            p.append(run)
            return
        wrap = self._rev("w:ins" if kind == "insert" else "w:del")
        wrap.append(run)
        p.append(wrap)

    def mark(self, p, kind: str) -> None:
        """Track the paragraph mark of ``p`` as inserted or deleted (kind 'equal' leaves it plain)."""
        if kind == "equal":
            return
        ppr = p.get_or_add_pPr()
        rpr = ppr.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            ppr.append(rpr)
        rpr.append(self._rev("w:ins" if kind == "insert" else "w:del"))

    def ops_into(self, new_par, ops: list[Op], font: str = ooxml.BODY_FONT, last_mark: str = "equal") -> None:
        """Write ops as paragraphs (a line break in an op ends a paragraph, its mark tracked like the op)."""
        p = new_par()
        for op in ops:
            parts = ([("delete", op.old), ("insert", op.new)] if op.op == "replace"
                     else [("equal", op.new)] if op.op == "equal"
                     else [("insert", op.new)] if op.op == "insert" else [("delete", op.old)])
            for kind, text in parts:
                lines = text.split("\n")
                for i, line in enumerate(lines):
                    if i:
                        self.mark(p, kind)
                        p = new_par()
                    self.add(p, line, kind, font)
        self.mark(p, last_mark)


class _RedlineWriter:
    def __init__(self, old: Standard, new: Standard, date: str, author: str, lang: str):
        self.old, self.new = old, new
        self.doc = docx.Document()
        self.tr = _Tracker(self.doc, date, author)
        self.t = Texts(lang)

    def _par(self, style: str | None = None):
        par = self.doc.add_paragraph(style=style)
        return par._p

    def clause(self, a: Clause | None, b: Clause | None) -> None:
        """One clause: both sides (diffed), only NEW (inserted) or only OLD (deleted)."""
        whole = "insert" if a is None else "delete" if b is None else "equal"
        ref = b or a
        depth = min((ref.number or "").count(".") + 1, 3) if ref and ref.number else 1
        level_style = f"Heading {depth}"
        head = diff_text(heading_text(a) if a else "", heading_text(b) if b else "")
        self.tr.ops_into(lambda: self._par(level_style), head or [Op(op="equal")], ooxml.HEADING_FONT, whole)
        ta = [x for x in a.blocks if isinstance(x, Table)] if a else []
        tb = [x for x in b.blocks if isinstance(x, Table)] if b else []
        prose = diff_text(clause_prose(a) if a else "", clause_prose(b) if b else "")
        if prose:
            self.tr.ops_into(self._par, prose, last_mark=whole if not (ta or tb) else "equal")
        for i in range(max(len(ta), len(tb))):
            self.table(ta[i] if i < len(ta) else None, tb[i] if i < len(tb) else None)

    def table(self, old: Table | None, new: Table | None) -> None:
        ga, gb = table_slots(old), table_slots(new)
        rows = max(len(ga), len(gb))
        cols = max(max((len(r) for r in ga), default=0), max((len(r) for r in gb), default=0))
        if not rows or not cols:
            return
        label = (new or old).label if (new or old) else None
        if label or (new or old).title:
            self.tr.ops_into(lambda: self._par("Caption"), diff_text(
                " ".join(x for x in ((old.label, old.title) if old else ()) if x),
                " ".join(x for x in ((new.label, new.title) if new else ()) if x)) or [Op(op="equal")])
        tbl = self.doc.add_table(rows=rows, cols=cols)
        ooxml.set_table_borders(tbl)
        for r in range(rows):
            row = tbl.rows[r]
            row_kind = "insert" if r >= len(ga) else "delete" if r >= len(gb) else "equal"
            if row_kind != "equal":
                row._tr.get_or_add_trPr().append(self.tr._rev("w:ins" if row_kind == "insert" else "w:del"))
            if r == 0 and row_kind == "equal":
                ooxml.repeat_header_row(row)
            cells = row.cells
            for c in range(cols):
                old_text = ga[r][c] if r < len(ga) and c < len(ga[r]) else ""
                new_text = gb[r][c] if r < len(gb) and c < len(gb[r]) else ""
                p = cells[c].paragraphs[0]._p
                cell_ops = diff_text(old_text, new_text)
                first = [True]

                def new_par(cell=cells[c], p=p, first=first):
                    if first[0]:
                        first[0] = False
                        return p
                    return cell.add_paragraph()._p

                self.tr.ops_into(new_par, cell_ops or [Op(op="equal")])

    def build(self) -> Document:
        from stdbench.analysis.align import align

        title = self.doc.add_paragraph(style="Title")
        self.tr.add(title._p, self.t("redline_title", old=self.old.code, new=self.new.code), "equal",
                    ooxml.HEADING_FONT)
        va, vb = list(self.old.walk()), list(self.new.walk())
        partner: dict[int, int] = {}
        for p in align(self.old, self.new, redlines=False).pairs:
            if p.a_index is not None and p.b_index is not None and p.a_index not in partner \
                    and p.b_index not in partner.values():
                partner[p.a_index] = p.b_index
        of_new = {j: i for i, j in partner.items()}
        after: dict[int, list[int]] = {}  # new index → old-only clauses to show after it (-1: at the start)
        last_new = -1
        for i in range(len(va)):
            if i in partner:
                last_new = partner[i]
            else:
                after.setdefault(last_new, []).append(i)
        for i in after.get(-1, []):
            self.clause(va[i], None)
        for j, clause in enumerate(vb):
            self.clause(va[of_new[j]] if j in of_new else None, clause)
            for i in after.get(j, []):
                self.clause(va[i], None)
        self.doc.add_paragraph()  # a plain last paragraph for tracked marks before it to join
        ooxml.apply_east_asian_fonts(self.doc)
        props = self.doc.core_properties
        props.author = props.last_modified_by = AUTHOR
        props.title = self.t("redline_title", old=self.old.code, new=self.new.code)
        return self.doc


def redline_document(old: Standard, new: Standard, *, date: str = DEFAULT_DATE, author: str = AUTHOR,
                     lang: str = "zh") -> Document:
    """NEW as a python-docx Document with OLD→NEW differences as tracked revisions."""
    return _RedlineWriter(old, new, date, author, lang).build()


def redline_bytes(old: Standard, new: Standard, **kwargs) -> bytes:
    """The tracked-changes .docx as bytes; identical for identical inputs (members dated by the revision date)."""
    from stdbench.render.package import stable_zip

    buf = io.BytesIO()
    redline_document(old, new, **kwargs).save(buf)
    return stable_zip(buf.getvalue(), kwargs.get("date", DEFAULT_DATE))


def write_redline(old: Standard, new: Standard, path: str | Path, force: bool = False,
                  inputs: tuple[str | Path, ...] = (), **kwargs) -> Path:
    """Write the tracked-changes document atomically (never over an input; not over a file without force)."""
    return write_atomic(path, redline_bytes(old, new, **kwargs), force=force, inputs=inputs)


__all__ = ["heading_text", "redline_document", "table_slots", "write_redline"]
