"""Block handling of the Word reader: notes, examples, captions, unit statements, figures, list items,
term entries and tables, as a mixin of :class:`stdbench.readers.docx._Reader` (which owns the clause
stack and the heading logic). Patterns for typed labels (注1：, 表1, 示例, ——) live here too.
"""
from __future__ import annotations

import re

from lxml import etree

from stdbench.model import (
    Block,
    Cell,
    Clause,
    ClauseKind,
    Example,
    Figure,
    ListBlock,
    ListItem,
    Note,
    Paragraph,
    Row,
    Standard,
    Table,
    Term,
)
from stdbench.normalize.text import cjk_ratio, squash
from stdbench.readers.ooxml import W, para_text, table_rows, wattr

_NUM = re.compile(r"^\s*(?P<num>\d{1,2}(?:\.\d{1,3}){0,5}|[A-Z](?:\.\d{1,3}){1,5})(?P<sep>\s*\t\s*|[ \u3000]+|$)"
                  r"(?P<rest>.*)$", re.DOTALL)
_ANNEX = re.compile(r"^(?:附\s*录|Annex|ANNEX|Appendix)\s*(?P<letter>[A-Z])(?![A-Za-z])\s*(?P<rest>.*)$", re.DOTALL)
_OBLIGATION = re.compile(r"^[（(]\s*(规范性|资料性|normative|informative)\s*(附录)?\s*[）)]\s*(?P<rest>.*)$", re.DOTALL)
_NOTE = re.compile(r"^(?P<label>(?:注|NOTE|Note)\s*\d*(?:\s*to entry)?)\s*(?:[：:]|\t)\s*(?P<rest>.*)$", re.DOTALL)
_EXAMPLE = re.compile(r"^(?P<label>(?:示例|EXAMPLE|Example)\s*\d*)\s*(?:[：:—]|\t)\s*(?P<rest>.*)$", re.DOTALL)
_TABLE = re.compile(r"^(?P<label>(?:表|Table)\s*(?:[A-Z]\.)?\d+)\s*(?P<cont>[（(](?:续|continued)[）)])?"
                    r"\s*[—–-]?\s*(?P<title>.*)$", re.DOTALL)
_FIGURE = re.compile(r"^(?P<label>(?:图|Figure)\s*(?:[A-Z]\.)?\d+)\s*[—–-]?\s*(?P<title>.*)$", re.DOTALL)
_LIST = re.compile(r"^(?P<label>——|—|·|•|[a-z][)）]|\d{1,2}[)）])\s*(?P<rest>.+)$", re.DOTALL)
_SOURCE = re.compile(r"^[\[【]\s*(来源|SOURCE)\s*[:：]", re.IGNORECASE)
_ENDS_SENTENCE = ("。", "；", ";", "：", ":", "，")


def clean(text: str) -> str:
    """Tabs and line breaks to spaces, soft hyphens dropped, whitespace collapsed."""
    return squash(text.replace("\u00ad", "").replace("\t", " ").replace("\n", " "))


class BlockReader:
    """Body blocks of the open clause; the reader supplies the clause stack (``stack``, ``std``), the
    footnote texts (``notes``), the pending caption/unit statement and the current term."""

    std: Standard
    stack: list[tuple[int, Clause]]
    notes: dict[str, str]
    term: Term | None
    caption: tuple[str | None, str, bool] | None
    unit: str | None
    cover: list[str]
    _ilvl: int

    @property
    def current(self) -> Clause | None:
        return self.stack[-1][1] if self.stack else None

    def add_block(self, block: Block) -> None:
        """Append a block to the open clause (blocks before the first clause are cover text)."""
        if self.current is None:
            return
        self.current.blocks.append(block)

    def set_term_words(self, text: str) -> None:
        """"大米　milled rice" → term 大米, English equivalent milled rice."""
        assert self.term is not None
        parts = [x for x in re.split(r"\u3000+|\s{2,}|\t", text) if x.strip()]
        if len(parts) == 1 and cjk_ratio(text) > 0:
            m = re.match(r"^([^A-Za-z]+?)\s+([A-Za-z].*)$", text)
            parts = [m.group(1), m.group(2)] if m else parts
        self.term.term = clean(parts[0])
        self.term.lang = "zh" if cjk_ratio(parts[0]) > 0.3 else "en"
        if len(parts) > 1:
            other = "en" if self.term.lang == "zh" else "zh"
            self.term.alternatives.setdefault(other, []).append(clean(" ".join(parts[1:])))


    def body_paragraph(self, role: str | None, raw: str, text: str, label: str | None, style: str | None,
                       jc: str | None) -> None:
        clause = self.current
        assert clause is not None
        if clause.kind == ClauseKind.annex and not clause.blocks and not clause.children:
            if om := _OBLIGATION.match(text):
                clause.obligation = "normative" if om.group(1) in ("规范性", "normative") else "informative"
                text = clean(om.group("rest"))
                if not text:
                    return
            if not clause.title and len(text) <= 80 and not text.endswith(_ENDS_SENTENCE):
                clause.title = text
                return
        if self.term_block(role, raw, text, label):
            return
        if role == "note" or (nm := _NOTE.match(raw)):
            nm = _NOTE.match(raw)
            self.flush_pending()
            self.add_block(Note(label=clean(nm.group("label")) if nm else None,
                                text=clean(nm.group("rest")) if nm else text))
            return
        if role == "example" or (em := _EXAMPLE.match(raw)):
            em = _EXAMPLE.match(raw)
            self.flush_pending()
            self.add_block(Example(label=clean(em.group("label")) if em else None,
                                   text=clean(em.group("rest")) if em else text))
            return
        tm = _TABLE.match(text)
        if (role == "table-title" or tm) and len(text) <= 120:
            self.flush_pending()
            self.caption = (clean(tm.group("label")), clean(tm.group("title")), bool(tm.group("cont"))) if tm \
                else (None, text, False)
            return
        if (text.startswith("单位为") or re.match(r"^Units?\b", text) or (jc == "right" and "单位" in text)) \
                and len(text) <= 60:
            self.unit = text
            return
        self.flush_pending()
        fm = _FIGURE.match(text)
        if role == "figure-title" or (fm and len(text) <= 120):
            self.add_block(Figure(label=clean(fm.group("label")) if fm else None,
                                  title=clean(fm.group("title")) if fm else text))
            return
        if self.list_item(role, text, label):
            return
        self.add_block(Paragraph(text=text, style=style))

    def term_block(self, role: str | None, raw: str, text: str, label: str | None) -> bool:
        """Term roles (ISO TermNum/Term(s)/Definition …, 标准文件_术语条一) and paragraphs of a term entry."""
        clause = self.current
        if role == "term-num" or (role == "term-entry"):
            number = text if role == "term-num" else (label or "").rstrip(".") or None
            rest = "" if role == "term-num" else text
            if role == "term-entry" and (m := _NUM.match(raw)) and m.group("sep"):
                number, rest = m.group("num"), clean(m.group("rest"))
            self.term = Term(number=number, term="")
            clause.terms.append(self.term)
            if rest:
                self.set_term_words(rest)
            return True
        term = self.term
        if term is None or not clause.terms or clause.terms[-1] is not term:
            return False
        if role == "term" and not term.term:
            self.set_term_words(text)
        elif role == "term" or role == "alt-term":
            term.alternatives.setdefault(term.lang or "en", []).append(text)
        elif role == "deprecated-term":
            term.alternatives.setdefault("deprecated", []).append(text)
        elif role == "term-source" or _SOURCE.match(text):
            term.source = text
        elif role == "note" or _NOTE.match(raw):
            term.notes.append(text)
        elif role == "example" or _EXAMPLE.match(raw):
            term.examples.append(text)
        elif not term.term:
            self.set_term_words(text)
        else:
            term.definition = f"{term.definition}\n{text}" if term.definition else text
        return True

    def list_item(self, role: str | None, text: str, label: str | None) -> bool:
        lm = _LIST.match(text)
        if not (label or lm or (role or "").startswith("list")):
            return False
        item_label = label or (lm.group("label") if lm else None)
        item = ListItem(label=item_label, text=clean(lm.group("rest")) if lm and not label else text)
        clause = self.current
        last = clause.blocks[-1] if clause.blocks else None
        nested = label is not None and getattr(self, "_ilvl", 0) > 0 or role == "list-number" or (
            item_label in ("·", "•") or bool(item_label and item_label[0].isdigit()))
        if isinstance(last, ListBlock):
            if nested and last.items and last.items[-1].label != item_label and _kind(last.items[-1].label) != \
                    _kind(item_label):
                last.items[-1].children.append(item)
            else:
                last.items.append(item)
        else:
            ordered = bool(item_label and item_label[0].isalnum())
            self.add_block(ListBlock(ordered=ordered, items=[item]))
        return True

    def flush_pending(self) -> None:
        """A caption or unit statement not followed by a table stays as text."""
        if self.caption and self.current is not None:
            lab, title, _ = self.caption
            self.current.blocks.append(Paragraph(text=clean(f"{lab or ''} {title}")))
        if self.unit and self.current is not None:
            self.current.blocks.append(Paragraph(text=self.unit))
        self.caption = self.unit = None

    # ------------------------------------------------------------------ tables

    def table(self, tbl: etree._Element) -> None:
        if self.current is None:
            self.cover.extend(para_text(p).text for p in tbl.iter(W + "p"))
            return
        label, title, continued = self.caption or (None, None, False)
        table = Table(label=label, title=title or None, unit_statement=self.unit)
        self.caption = self.unit = None
        for raw in table_rows(tbl):
            cells = []
            for rc in raw.cells:
                texts = []
                for p in rc.paras:
                    pt = para_text(p)
                    if t := clean(pt.text):
                        texts.append(t)
                    table.footnotes.extend(self.notes[r] for r in pt.notes if r in self.notes)
                jc = next((wattr(p.find(f"{W}pPr/{W}jc"), "val") for p in rc.paras if p.find(f"{W}pPr/{W}jc")
                           is not None), None)
                cells.append(Cell(text="\n".join(texts), colspan=rc.colspan, rowspan=rc.rowspan, header=raw.header,
                                  align=jc))
            table.rows.append(Row(cells=cells, section="head" if raw.header else "body"))
        if continued and label:
            prev = next((b for b in reversed(self.current.blocks) if isinstance(b, Table) and b.label == label), None)
            if prev is not None:
                prev.rows.extend(r for r in table.rows if r.section != "head")
                return
        self.add_block(table)


def _kind(label: str | None) -> str:
    if not label:
        return ""
    return "digit" if label[0].isdigit() else "letter" if label[0].isalpha() else "mark"
