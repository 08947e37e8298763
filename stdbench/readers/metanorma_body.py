"""The Metanorma body walker: sections → clauses with their blocks (paragraphs, lists, notes, admonitions,
examples, tables, figures, formulas), terms and bibliography items; footnotes and citations are collected
on the way. :mod:`stdbench.readers.metanorma` numbers the document first and then drives it.
"""
from __future__ import annotations

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
from stdbench.readers.metanorma_meta import _first, _grouped, _kids, _Numbers
from stdbench.readers.sts_meta import parse_designation, text_of
from stdbench.readers.xmlclauses import LINE, clause_kind_of, squash_lines
from stdbench.readers.xmltext import (
    footnote_entry,
    localname,
    marker,
    math_text,
    warn,
    xhtml_section_rows,
)

_SECTIONS = {"clause", "terms", "definitions", "references", "annex", "appendix", "foreword", "introduction",
             "abstract", "acknowledgements"}
_BLOCKS = {"ul", "ol", "dl", "note", "admonition", "example", "table", "figure", "formula", "quote", "sourcecode"}
_LINES = {"p", "li", "dd", "dt", "ul", "ol", "dl", "note", "quote", "sourcecode", "body", "callout-annotation",
          "termnote", "termexample", "verbal-definition", "example", "admonition", "modification", "formula"}
_SKIP = {"asciimath", "refterm", "bookmark", "index", "review", "latexmath", "fmt-name", "fmt-title", "image",
         "xref-label", "semx"}


class _MnBody:
    """Builds clauses and blocks from Metanorma elements; collects footnotes and citations."""

    def __init__(self, std: Standard, nums: _Numbers):
        self.std = std
        self.nums = nums
        self.words = nums.words
        self.fns: list[tuple[str, str]] = []
        self.cites: list[tuple[str | None, str]] = []
        self.clause_no: str | None = None
        self.in_refs = False

    # ------------------------------------------------------------------ inline
    def inline(self, el: etree._Element | None) -> str:
        if el is None:
            return ""
        out = [el.text or ""]
        for c in el:
            out.append(self.one(c))
            out.append(c.tail or "")
        return "".join(out)

    def one(self, c: etree._Element) -> str:
        if c.tag.__class__ is not str:  # a comment or processing instruction
            return ""
        name = localname(c)
        if name in _SKIP:
            return ""
        if name == "fn":
            ref = c.get("reference") or ""
            self.fns.append((ref, squash_lines(self.flat(c))))
            return marker(ref)
        if name == "br":
            return LINE
        if name == "stem":
            math = next(c.iter("{*}math"), None)
            return " " + (math_text(math) if math is not None else text_of(_first(c, "asciimath") or c)) + " "
        if name == "math":
            return " " + math_text(c) + " "
        if name == "sup":
            return marker(self.inline(c))
        if name == "eref":
            shown = squash(self.inline(c)) if (c.text or "").strip() else ""
            cite = squash(c.get("citeas") or "")
            if cite and not self.in_refs:
                self.cites.append((self.clause_no, cite))
            locs = [text_of(_first(loc, "referenceFrom")) for loc in c.iter("{*}locality")]
            return shown or cite + "".join(f", {x}" for x in locs if x)
        if name == "xref":
            shown = squash(self.inline(c))
            return shown or self.nums.labels.get(c.get("target", ""), c.get("target", ""))
        if name == "concept":
            shown = _first(c, "renderterm")
            return self.inline(shown) if shown is not None else text_of(_first(c, "refterm"))
        if name == "link":
            return self.inline(c) if "".join(c.itertext()).strip() else c.get("target", "")
        if name == "callout":
            return f"<{text_of(c)}>"
        return self.inline(c)

    def flat(self, el: etree._Element | None) -> str:
        if el is None:
            return ""
        if not len(el):  # a leaf (most table cells): its text
            return el.text or ""
        parts = [el.text or ""]
        for c in el:
            name = localname(c)  # "" for a comment or processing instruction
            if name in ("name", "title") and localname(el) in ("example", "figure", "table", "formula"):
                parts.append(c.tail or "")  # the caption is kept as the block's label/title, not its text
                continue
            if name in _LINES:
                parts.append(LINE + self.flat(c) + LINE)
            elif name in ("tr",):
                parts.append(LINE + " ".join(self.flat(td) for td in _kids(c)) + LINE)
            else:
                parts.append(self.one(c))
            parts.append(c.tail or "")
        return "".join(parts)

    def drain(self) -> list[Block]:
        """The footnotes collected so far as footnote paragraphs (and none kept)."""
        if not self.fns:
            return []
        fns, self.fns = self.fns, []
        return [Paragraph(text=footnote_entry(label, text), style="footnote") for label, text in fns]

    # ------------------------------------------------------------------ blocks
    def blocks(self, el: etree._Element, name: str | None = None) -> list[Block]:
        """The blocks one child of a section makes; ``name`` is its local name when the caller knows it."""
        name = name or localname(el)
        out: list[Block]
        if name == "p":
            out = self.paragraph(el)
        elif name in ("ul", "ol", "dl"):
            out = [ListBlock(ordered=name == "ol", items=self.items(el))]
        elif name == "note":
            out = [Note(label=None, text=squash_lines(self.flat(el)))]
        elif name == "admonition":
            label = text_of(_first(el, "name")) or (el.get("type") or "note").upper()
            out = [Note(label=label, text=squash_lines(self.flat(el)))]
        elif name == "example":
            head = text_of(_first(el, "name"))
            body = squash_lines(self.flat(el))
            out = [Example(label=self.words["example"], text=f"{head}\n{body}" if head else body)]
        elif name == "table":
            out = [self.table(el)]
        elif name == "figure":
            out = self.figure(el)
        elif name == "formula":
            out = self.formula(el)
        elif name in ("quote", "sourcecode"):
            out = [Paragraph(text=squash_lines(self.flat(el)), style="quote" if name == "quote" else "code")]
        elif name in ("title", "name", "bibitem", "bookmark", "index"):
            out = []
        else:
            text = squash_lines(self.flat(el))
            out = [Paragraph(text=text)] if text else []
            if text:
                warn(self.std, f"<{name}> in clause {self.clause_no or '(unnumbered)'} kept as text")
        return out + self.drain()

    def paragraph(self, p: etree._Element) -> list[Block]:
        out: list[Block] = []
        after: list[Block] = []
        buf = [p.text or ""]
        for c in p:
            if c.tag.__class__ is str and localname(c) in _BLOCKS:
                fns = self.fns
                self.fns = []
                after.extend(self.blocks(c))
                self.fns = fns
            else:
                buf.append(self.one(c))
            buf.append(c.tail or "")
        text = squash_lines("".join(buf))
        if text:
            out.append(Paragraph(text=text))
        return out + self.drain() + after

    def items(self, lst: etree._Element) -> list[ListItem]:
        kind = localname(lst)
        if kind == "dl":
            return [ListItem(label=squash(self.flat(dt)) or None, text=squash_lines(self.flat(dd)))
                    for dt, dd in zip(_kids(lst, "dt"), _kids(lst, "dd"))]
        out = []
        for i, li in enumerate(_kids(lst, "li")):
            nested = [k for n in _kids(li, "ul", "ol") for k in self.items(n)]
            text = squash_lines(LINE.join(self.flat(c) for c in _kids(li) if localname(c) not in ("ul", "ol")))
            out.append(ListItem(label=_list_label(kind, lst.get("type"), i), text=text, children=nested))
        return out

    def table(self, el: etree._Element) -> Table:
        outer, self.fns = self.fns, []
        tbl = Table(id=el.get("anchor") or el.get("id"), label=self.nums.by_el.get(el),
                    title=squash(self.inline(_first(el, "name"))) or None)
        for part in _kids(el, "thead", "tbody", "tfoot"):  # each part in document order, head not first
            tbl.rows.extend(xhtml_section_rows((part,), lambda td: squash_lines(self.flat(td))))
        for c in _kids(el, "note", "dl", "p"):
            tbl.notes.append(squash_lines(self.flat(c)))
        tbl.footnotes = [footnote_entry(label, text) for label, text in self.fns]
        self.fns = outer
        return tbl

    def figure(self, el: etree._Element) -> list[Block]:
        subs = _kids(el, "figure")
        texts = [self.flat(c) for c in _kids(el) if localname(c) in ("p", "dl", "note", "key")]
        for fn in _kids(el, "fn"):
            self.one(fn)
        fig = Figure(label=self.nums.by_el.get(el), title=squash(self.inline(_first(el, "name"))) or None,
                     text=squash_lines(LINE.join(texts)))
        return [fig] + [b for s in subs for b in self.figure(s)]

    def formula(self, el: etree._Element) -> list[Block]:
        stem = _first(el, "stem")
        out: list[Block] = [Formula(label=None, text=squash(self.one(stem)) if stem is not None else "")]
        for dl in _kids(el, "dl"):
            out.append(ListBlock(items=self.items(dl)))
        for c in _kids(el, "note", "p"):
            out.extend(self.blocks(c))
        return out

    # ------------------------------------------------------------------ structure
    def clause(self, el: etree._Element, kind: ClauseKind | None = None) -> Clause:
        name = localname(el)
        number = self.nums.by_el.get(el)
        kids = [(c, localname(c)) for c in el if c.tag.__class__ is str]
        title = squash(self.inline(next((c for c, n in kids if n == "title"), None)))
        kind = kind or {"terms": ClauseKind.terms, "definitions": ClauseKind.symbols, "annex": ClauseKind.annex,
                        "foreword": ClauseKind.foreword, "introduction": ClauseKind.introduction}.get(name)
        kind = kind or clause_kind_of(el.get("type"), title) or ClauseKind.other
        obligation = el.get("obligation") if name == "annex" else None
        clause = Clause(id=el.get("anchor") or el.get("id"), number=number, title=title, kind=kind,
                        obligation=obligation if obligation in ("normative", "informative") else None)
        saved, self.clause_no = self.clause_no, number or self.clause_no or title or None
        for c, cn in kids:
            if cn in _SECTIONS and cn != "references":
                clause.children.append(self.clause(c))
            elif cn == "references":
                clause.children.append(self.references(c, normative=c.get("normative") == "true"))
            elif cn == "term":
                clause.terms.append(self.term(c))
            elif cn == "bibitem":
                self.bibitem(c, normative=kind == ClauseKind.normative_references)
            else:
                clause.blocks.extend(self.blocks(c, cn))
        notes = [b for b in clause.blocks if isinstance(b, Note) and b.label is None]
        for i, note in enumerate(notes, 1):
            note.label = self.words["note"] + (f" {i}" if len(notes) > 1 else "")
        self.clause_no = saved
        return clause

    def references(self, el: etree._Element, normative: bool) -> Clause:
        kind = ClauseKind.normative_references if normative else ClauseKind.bibliography
        return self.clause(el, kind)

    def bibitem(self, el: etree._Element, normative: bool) -> None:
        kids = _grouped(el, "docidentifier", "title", "formattedref")
        ids = kids.get("docidentifier", [])
        primary = next((d for d in ids if d.get("primary") == "true"), None)
        primary = primary if primary is not None else next((d for d in ids if d.get("type") not in ("URN", "DOI", "metanorma")), None)
        code = text_of(primary)
        titles = kids.get("title", [])
        title_el = next((t for t in titles if t.get("type") == "main"), titles[0] if titles else None)
        title = text_of(title_el) or None
        text = text_of(kids.get("formattedref", [None])[0]) or ", ".join(x for x in (code, title) if x)
        d = parse_designation(code) if code else None
        self.std.references.append(Reference(
            designation=d, text=text, title=title, dated=bool(d and d.year), normative=normative,
            clause=self.clause_no if normative else None, all_parts="all parts" in text or "所有部分" in text))

    def term(self, el: etree._Element) -> Term:
        lang = self.std.language
        kids = _grouped(el, "preferred", "admitted", "deprecates", "domain", "definition", "termnote",
                        "termexample", "source")
        names = [text for tag in ("preferred", "admitted", "deprecates") for t in kids.get(tag, ())
                 for n in t.iter("{*}name", "{*}letter-symbol") if (text := text_of(n))]
        domain = text_of(kids.get("domain", [None])[0])
        definition = squash_lines(LINE.join(self.flat(d) for d in kids.get("definition", ())))
        term = Term(number=self.nums.by_el.get(el), term=names[0] if names else "", lang=lang,
                    alternatives={lang or "und": names[1:]} if names[1:] else {},
                    definition=f"〈{domain}〉 {definition}" if domain else definition,
                    notes=[squash_lines(self.flat(n)) for n in kids.get("termnote", ())],
                    examples=[squash_lines(self.flat(n)) for n in kids.get("termexample", ())])
        for src in kids.get("source", ()):
            origin = _first(src, "origin")
            parts = [squash(origin.get("citeas", "")) if origin is not None else ""]
            parts += [text_of(_first(loc, "referenceFrom")) for loc in src.iter("{*}locality")]
            text = ", ".join(p for p in parts if p)
            mod = _first(src, "modification")
            if src.get("status") == "modified" or mod is not None:
                text += ", modified" + (f" — {squash_lines(self.flat(mod))}" if mod is not None else "")
            term.source = f"{term.source}; {text}" if term.source else text
        term.notes.extend(footnote_entry(label, text) for label, text in self.fns)
        self.fns = []
        return term


def _list_label(kind: str, style: str | None, i: int) -> str:
    if kind == "ul":
        return "—"
    if style in ("alphabet", None):
        return f"{chr(ord('a') + i % 26)})"
    if style == "alphabet_upper":
        return f"{chr(ord('A') + i % 26)})"
    return f"{i + 1})"
