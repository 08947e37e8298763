"""The STS body walker: front, body and back sections → clauses with their blocks (paragraphs, lists,
notes, examples, tables, figures, formulas), terms (term-display and TBX) and reference lists; footnotes,
inline citations and warnings are collected on the way. :mod:`stdbench.readers.sts` drives it.
"""
from __future__ import annotations

import re
from typing import Literal

from lxml import etree

from stdbench.model import (
    Block,
    Clause,
    ClauseKind,
    Example,
    Figure,
    Formula,
    ListBlock,
    ListItem,
    Note,
    Paragraph,
    Reference,
    Standard,
    Table,
    Term,
)
from stdbench.normalize.text import squash
from stdbench.readers.sts_meta import XML_LANG, child, parse_designation, text_of
from stdbench.readers.xmlclauses import LINE, clause_kind_of, squash_lines
from stdbench.readers.xmltext import (
    cals_rows,
    footnote_entry,
    localname,
    marker,
    math_text,
    warn,
    xhtml_rows,
)

_BLOCKISH = {"list", "def-list", "array", "table-wrap", "non-normative-note", "non-normative-example", "fig",
             "fig-group", "disp-quote", "boxed-text", "preformat", "code", "table-wrap-group", "note"}
_ANNEX_LABEL = re.compile(r"([A-Z]{1,2}(?:\.\d+)*)\s*$")
_FLAT_LINES = {"p", "list", "list-item", "def-list", "def-item", "term", "def", "array", "table", "tbody", "thead",
               "tfoot", "tr", "row", "disp-quote", "code", "preformat", "title", "caption", "boxed-text",
               "non-normative-note", "non-normative-example", "related-object", "attrib", "table-wrap"}


class _StsBody:
    """Walks front/body/back sections into clauses; keeps footnotes, citations and warnings on the way."""

    def __init__(self, root: etree._Element, std: Standard):
        self.std = std
        self.fns: list[tuple[str, str]] = []
        self.marked_fns = {x.get("rid") for x in root.iter("xref") if x.get("ref-type") == "fn"}
        self.cites: list[tuple[str | None, str]] = []
        self.clause_no: str | None = None
        self.in_refs = False

    # ------------------------------------------------------------------ inline
    def inline(self, el: etree._Element | None, skip_label: bool = False) -> str:
        """Text of an element's content with markup flattened; footnotes collected, citations recorded."""
        if el is None:
            return ""
        out = [el.text or ""]
        for c in el:
            if not (skip_label and localname(c) == "label"):
                out.append(self.one(c))
            out.append(c.tail or "")
        return "".join(out)

    def one(self, c: etree._Element) -> str:
        """Inline text of one child element (its tail excluded)."""
        if not isinstance(c.tag, str):
            return ""
        name = localname(c)
        if name == "fn":
            label = text_of(child(c, "label"))
            self.fns.append((label, squash_lines(self.flat(c, skip_label=True))))
            return marker(label) if c.get("id") not in self.marked_fns else ""
        if name == "xref" and c.get("ref-type") == "fn":
            return "" if self.in_refs else marker(text_of(c))
        if name == "break":
            return LINE
        if name in ("math", "disp-formula", "inline-formula"):
            return " " + self.formula(c) + " "
        if name == "sup":
            return marker(self.inline(c))
        if name == "std":
            ref = text_of(child(c, "std-ref")) or text_of(c)
            if ref and not self.in_refs:
                self.cites.append((self.clause_no, ref))
        elif name in ("alt-text", "graphic"):
            return ""
        return self.inline(c)

    def formula(self, el: etree._Element) -> str:
        maths = list(el.iter("{*}math"))
        if localname(el) == "math":
            return math_text(el)
        if maths:
            return " ".join(math_text(m) for m in maths)
        return squash(self.inline(el, skip_label=True))

    def flat(self, el: etree._Element | None, skip_label: bool = False) -> str:
        """Text of a container of paragraphs (note, cell, list item): paragraphs on their own lines."""
        if el is None:
            return ""
        if not len(el):  # a leaf (most table cells): its text
            return el.text or ""
        parts: list[str] = [el.text or ""]
        for c in el:
            name = localname(c)
            if name == "label" and skip_label:
                parts.append(c.tail or "")  # the label is kept on the block (Note.label …), not in its text
                continue
            if name in _FLAT_LINES:
                parts.append(LINE + self.flat(c) + LINE)
            elif name in ("td", "th", "entry"):
                parts.append(self.flat(c) + " ")
            else:
                parts.append(self.one(c))
            parts.append(c.tail or "")
        return "".join(parts)

    def take_fns(self) -> list[tuple[str, str]]:
        fns, self.fns = self.fns, []
        return fns

    # ------------------------------------------------------------------ blocks
    def blocks(self, el: etree._Element, name: str | None = None) -> list[Block]:
        """The blocks one child of a section makes; ``name`` is its local name when the caller knows it."""
        name = name or localname(el)
        out: list[Block]
        if name == "p":
            out = self.paragraph(el)
        elif name in ("list", "def-list"):
            out = [ListBlock(ordered=el.get("list-type", "bullet") not in ("bullet", "simple", "dash", "none"),
                             items=self.items(el))]
        elif name in ("non-normative-note", "note"):
            out = [Note(label=text_of(child(el, "label")) or None, text=squash_lines(self.flat(el, True)))]
        elif name == "non-normative-example":
            out = [Example(label=text_of(child(el, "label")) or None, text=squash_lines(self.flat(el, True)))]
        elif name in ("table-wrap", "array"):
            out = [self.table(el)]
        elif name in ("table-wrap-group", "fig-group", "boxed-text"):
            out = [b for c in el if isinstance(c.tag, str) for b in self.blocks(c) if localname(c) != "label"]
        elif name == "disp-formula":
            out = [Formula(label=text_of(child(el, "label")) or None, text=self.formula(el))]
        elif name == "fig":
            cap = child(el, "caption")
            texts = [self.flat(p) for p in (cap if cap is not None else []) if localname(p) == "p"]
            texts += [self.flat(p, True) for p in el if localname(p) in ("p", "legend", "non-normative-note")]
            out = [Figure(label=text_of(child(el, "label")) or None,
                          title=squash(self.inline(child(cap, "title"))) if cap is not None and child(
                              cap, "title") is not None else None,
                          text=squash_lines(LINE.join(texts)))]
        elif name in ("disp-quote", "code", "preformat"):
            style = "quote" if name == "disp-quote" else "code"
            out = [Paragraph(text=squash_lines(self.flat(el)), style=style)]
        elif name in ("fn-group", "fn"):
            self.inline(el) if name == "fn-group" else self.one(el)
            out = []
        elif name in ("label", "title", "annex-type", "alt-text", "graphic", "sec-meta"):
            out = []
        elif name == "caption":  # of a fig-group
            out = [Paragraph(text=squash_lines(self.flat(el)))]
        else:
            text = squash_lines(self.flat(el))
            out = [Paragraph(text=text)] if text else []
            if text:
                warn(self.std, f"<{name}> in clause {self.clause_no or '(unnumbered)'} kept as text")
        for label, text in self.take_fns():
            out.append(Paragraph(text=footnote_entry(label, text), style="footnote"))
        return out

    def paragraph(self, p: etree._Element) -> list[Block]:
        """A <p> may hold block content (lists, arrays, tables): split it into several blocks."""
        style = p.get("content-type")
        out: list[Block] = []
        buf = [p.text or ""]
        pending: list[Block] = []

        def flush() -> None:
            text = squash_lines("".join(buf))
            if text:
                out.append(Paragraph(text=text, style=style))
            buf.clear()
            out.extend(pending)
            pending.clear()

        for c in p:
            if isinstance(c.tag, str) and localname(c) in _BLOCKISH:
                flush()
                fns = self.take_fns()
                pending.extend(self.blocks(c))
                self.fns = fns + self.fns
            else:
                buf.append(self.one(c))
            buf.append(c.tail or "")
        flush()
        return out

    def items(self, lst: etree._Element) -> list[ListItem]:
        items: list[ListItem] = []
        for it in lst:
            name = localname(it)
            if name == "list-item":
                nested = [c for c in it if localname(c) == "list"]
                body = [c for c in it if localname(c) not in ("label", "list")]
                text = squash_lines(LINE.join(self.flat(c) if localname(c) == "p" else self.one(c) for c in body))
                kids = [k for n in nested for k in self.items(n)]
                items.append(ListItem(label=text_of(child(it, "label")) or None, text=text, children=kids))
            elif name == "def-item":
                items.append(ListItem(label=squash(self.flat(child(it, "term"))) if child(it, "term") is not None
                                      else None, text=squash_lines(self.flat(child(it, "def")))
                                      if child(it, "def") is not None else ""))
        return items

    def table(self, wrap: etree._Element) -> Table:
        outer = self.take_fns()
        cap = child(wrap, "caption")
        title_el = child(cap, "title") if cap is not None else None
        tbl = Table(id=wrap.get("id"), label=text_of(child(wrap, "label")) or None,
                    title=squash(self.inline(title_el)) or None if title_el is not None else None)
        for c in wrap.iter("{*}p", "{*}table", "{*}tgroup"):  # document order, only the tags wanted
            name = localname(c)
            if name == "p" and c.get("content-type") == "unit-statement":
                tbl.unit_statement = squash(self.inline(c))
            elif name == "table":
                tbl.rows.extend(xhtml_rows(c, lambda td: squash_lines(self.flat(td))))
            elif name == "tgroup":
                tbl.rows.extend(cals_rows(c, lambda td: squash_lines(self.flat(td))))
        for foot in (c for c in wrap if localname(c) == "table-wrap-foot"):
            for c in foot:
                if localname(c) in ("non-normative-note", "p"):
                    tbl.notes.append(squash_lines(self.flat(c, True)))
                else:
                    self.one(c)
        tbl.footnotes = [footnote_entry(label, text) for label, text in self.take_fns()]
        self.fns = outer
        return tbl

    # ------------------------------------------------------------------ structure
    def clause(self, sec: etree._Element, annex: bool = False) -> Clause:
        kids = [(c, localname(c)) for c in sec if c.tag.__class__ is str]  # one pass over the children
        first: dict[str, etree._Element] = {}
        for c, name in kids:
            first.setdefault(name, c)
        label = text_of(first.get("label"))
        number: str | None = label or None
        if annex and label:
            m = _ANNEX_LABEL.search(label)
            number = m.group(1) if m else label
        title_el = first.get("title")
        title = squash(self.inline(title_el)) if title_el is not None else ""
        kind = clause_kind_of(sec.get("sec-type"), title) or (
            ClauseKind.annex if annex else ClauseKind.terms if "term-sec" in first else ClauseKind.other)
        obligation = _obligation(sec, first.get("annex-type")) if annex or sec.get("content-type") else None
        clause = Clause(id=sec.get("id"), number=number, title=title, kind=kind, obligation=obligation)
        saved, self.clause_no = self.clause_no, number or self.clause_no or title or None
        for c, name in kids:
            if name in ("sec", "app"):
                clause.children.append(self.clause(c, annex=name == "app"))
            elif name == "term-sec":
                clause.terms.extend(self.terms(c))
            elif name == "ref-list":
                clause.blocks.extend(self.ref_list(c, kind == ClauseKind.normative_references))
            else:
                clause.blocks.extend(self.blocks(c, name))
        self.clause_no = saved
        return clause

    def ref_list(self, rl: etree._Element, normative: bool) -> list[Block]:
        normative = normative or rl.get("content-type") in ("norm-refs", "normative")
        out: list[Block] = []
        self.in_refs = True
        for c in rl:
            name = localname(c)
            if name == "ref":
                cit = next((x for x in c if localname(x) in ("std", "mixed-citation", "element-citation")), c)
                code = text_of(child(cit, "std-ref"))
                title_el = child(cit, "title")
                text = squash(self.inline(cit, skip_label=cit is c))
                d = parse_designation(code) if code else None
                self.std.references.append(Reference(
                    designation=d, text=text, title=squash(self.inline(title_el)) if title_el is not None
                    else None, dated=bool(d and d.year), normative=normative, clause=self.clause_no,
                    all_parts="all parts" in text or "所有部分" in text))
            elif name == "ref-list":
                out.extend(self.ref_list(c, normative))
            elif name not in ("title", "label"):
                self.in_refs = False
                out.extend(self.blocks(c))
                self.in_refs = True
        self.in_refs = False
        for label, text in self.take_fns():
            out.append(Paragraph(text=footnote_entry(label, text), style="footnote"))
        return out

    def terms(self, ts: etree._Element) -> list[Term]:
        number = text_of(child(ts, "label")) or None
        out: list[Term] = []
        for c in ts:
            name = localname(c)
            if name == "termEntry":
                out.append(self.tbx_entry(c, number))
            elif name == "term-display":
                names = [squash(self.inline(t)) for t in c if localname(t) == "term"]
                defs = [squash_lines(self.flat(t)) for t in c if localname(t) in ("def", "p")]
                notes = [squash_lines(self.flat(t, True)) for t in c if localname(t) == "non-normative-note"]
                out.append(Term(number=number, term=names[0] if names else "", definition="\n".join(defs),
                                notes=notes, alternatives={self.std.language or "und": names[1:]} if names[1:]
                                else {}))
            elif name == "term-sec":
                out.extend(self.terms(c))
        return out

    def tbx_entry(self, entry: etree._Element, number: str | None) -> Term:
        term: Term | None = None
        alts: dict[str, list[str]] = {}
        for ls in (c for c in entry if localname(c) == "langSet"):
            own = ls.get(XML_LANG)
            lang = own or self.std.language or "und"
            names = [squash(self.inline(t)) for tig in ls if localname(tig) in ("tig", "ntig")
                     for t in tig.iter() if localname(t) == "term"]
            names = [n for n in names if n]
            if term is None and names:
                term = Term(number=number, term=names[0], lang=own)
                names = names[1:]
            if names:
                alts.setdefault(lang, []).extend(names)
            for c in ls:
                name = localname(c)
                if term is None:
                    break
                if name == "definition":
                    term.definition = squash_lines(self.flat(c))
                elif name == "note":
                    term.notes.append(squash_lines(self.flat(c)))
                elif name == "example":
                    term.examples.append(squash_lines(self.flat(c)))
                elif name == "source":
                    term.source = squash_lines(self.flat(c))
        term = term or Term(number=number, term="")
        term.alternatives = alts
        for label, text in self.take_fns():
            term.notes.append(footnote_entry(label, text))
        return term


def _obligation(el: etree._Element, annex_type: etree._Element | None) -> Literal["normative", "informative"] | None:
    """From the section's content-type and its <annex-type> child."""
    value = (el.get("content-type") or "") + " " + text_of(annex_type)
    if "inform" in value or "资料性" in value:
        return "informative"
    if "normative" in value or "规范性" in value:
        return "normative"
    return None
