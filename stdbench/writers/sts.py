"""Standard → NISO STS 1.2 XML that :func:`stdbench.readers.sts.read_sts` reads back to an equal model.

Layout follows ``standards_corpus/README.md``: std-meta with custom-meta (level, mandatory, status …),
front ``sec`` for the foreword/introduction, body ``sec``, back ``app`` and ``ref-list``; terms as
``term-sec`` with TBX; tables as XHTML inside ``table-wrap``; inline citations as ``<std>``.
"""
from __future__ import annotations

import re

from lxml import etree

from stdbench.model import (
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
from stdbench.readers.sts import format_designation
from stdbench.readers.xmltext import split_footnote

XLINK = "http://www.w3.org/1999/xlink"
MML = "http://www.w3.org/1998/Math/MathML"
TBX = "urn:iso:std:iso:30042:ed-1"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_FRONT_KINDS = {ClauseKind.foreword, ClauseKind.introduction}
_BACK_KINDS = {ClauseKind.annex, ClauseKind.bibliography}


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str | None) -> etree._Element:
    el = etree.SubElement(parent, tag, {k.replace("_", "-"): v for k, v in attrs.items() if v is not None})
    if text is not None:
        el.text = text
    return el


class _Writer:
    def __init__(self, std: Standard):
        self.std = std
        self.cites: dict[str | None, list[str]] = {}
        self.listed: set[int] = set()
        normref_numbers = {c.number for c in std.walk() if c.kind == ClauseKind.normative_references}
        for i, ref in enumerate(std.references):
            if (ref.normative and ref.clause in normref_numbers) or ref.clause is None:
                self.listed.add(i)
            else:
                self.cites.setdefault(ref.clause, []).append(ref.text)
        self.clause_no: str | None = None

    # ------------------------------------------------------------------ text
    def text(self, el: etree._Element, text: str) -> None:
        """Put text into el: newlines become <break/>, cited codes of this clause become <std>."""
        cites = sorted(set(self.cites.get(self.clause_no, [])), key=len, reverse=True)
        pattern = re.compile("|".join(rf"(?<![A-Za-z0-9.:-]){re.escape(c)}(?![A-Za-z0-9-]|[.:][0-9])" for c in cites)) if cites else None
        last: etree._Element | None = None

        def put(s: str) -> None:
            if last is None:
                el.text = (el.text or "") + s
            else:
                last.tail = (last.tail or "") + s

        for i, line in enumerate(text.split("\n")):
            if i:
                last = _sub(el, "break")
            pos = 0
            for m in pattern.finditer(line) if pattern else ():
                put(line[pos:m.start()])
                last = _sub(el, "std")
                _sub(last, "std-ref", m.group(0))
                pos = m.end()
            put(line[pos:])

    def paras(self, parent: etree._Element, text: str) -> None:
        for line in text.split("\n") if text else []:
            self.text(_sub(parent, "p"), line)

    # ------------------------------------------------------------------ blocks
    def block(self, parent: etree._Element, b: object) -> None:
        if isinstance(b, Paragraph):
            self.text(_sub(parent, "p", content_type=b.style), b.text)
        elif isinstance(b, (Note, Example)):
            el = _sub(parent, "non-normative-note" if isinstance(b, Note) else "non-normative-example")
            if b.label:
                _sub(el, "label", b.label)
            self.paras(el, b.text)
        elif isinstance(b, ListBlock):
            self.items(_sub(parent, "list", list_type="order" if b.ordered else "bullet"), b.items)
        elif isinstance(b, Table):
            self.table(parent, b)
        elif isinstance(b, Formula):
            el = _sub(parent, "disp-formula")
            if b.label:
                _sub(el, "label", b.label)
                el[-1].tail = b.text
            else:
                el.text = b.text
        elif isinstance(b, Figure):
            el = _sub(parent, "fig")
            if b.label:
                _sub(el, "label", b.label)
            if b.title or b.text:
                cap = _sub(el, "caption")
                if b.title:
                    self.text(_sub(cap, "title"), b.title)
                self.paras(cap, b.text)

    def items(self, lst: etree._Element, items: list[ListItem]) -> None:
        for it in items:
            li = _sub(lst, "list-item")
            if it.label:
                _sub(li, "label", it.label)
            self.paras(li, it.text)
            if it.children:
                self.items(_sub(li, "list", list_type=lst.get("list-type")), it.children)

    def table(self, parent: etree._Element, t: Table) -> None:
        wrap = _sub(parent, "table-wrap", id=t.id)
        if t.label:
            _sub(wrap, "label", t.label)
        if t.title:
            self.text(_sub(_sub(wrap, "caption"), "title"), t.title)
        if t.unit_statement:
            self.text(_sub(wrap, "p", content_type="unit-statement"), t.unit_statement)
        table = _sub(wrap, "table")
        groups: dict[str, etree._Element] = {}
        for section in ("head", "body", "foot"):
            rows = [r for r in t.rows if r.section == section]
            if rows:
                groups[section] = _sub(table, "t" + section)
                for row in rows:
                    tr = _sub(groups[section], "tr")
                    for cell in row.cells:
                        td = _sub(tr, "th" if cell.header else "td", align=cell.align,
                                  rowspan=str(cell.rowspan) if cell.rowspan != 1 else None,
                                  colspan=str(cell.colspan) if cell.colspan != 1 else None)
                        self.text(td, cell.text)
        if t.footnotes or t.notes:
            foot = _sub(wrap, "table-wrap-foot")
            for note in t.notes:
                self.paras(_sub(foot, "non-normative-note"), note)
            for entry in t.footnotes:
                label, text = split_footnote(entry)
                fn = _sub(foot, "fn")
                if label:
                    _sub(fn, "label", label)
                self.paras(fn, text)

    # ------------------------------------------------------------------ structure
    def clause(self, parent: etree._Element, c: Clause, tag: str = "sec") -> None:
        el = _sub(parent, tag, id=c.id, sec_type=c.kind.value, content_type=c.obligation)
        if c.number:
            _sub(el, "label", f"Annex {c.number}" if tag == "app" else c.number)
        if c.title:
            self.text(_sub(el, "title"), c.title)
        saved, self.clause_no = self.clause_no, c.number or self.clause_no or c.title or None
        for b in c.blocks:
            self.block(el, b)
        if c.kind == ClauseKind.normative_references:
            refs = [r for i, r in enumerate(self.std.references) if i in self.listed and r.clause == c.number]
            if refs:
                self.ref_list(_sub(el, "ref-list", content_type="norm-refs"), refs)
        for term in c.terms:
            self.term(el, term)
        for ch in c.children:
            self.clause(el, ch)
        self.clause_no = saved

    def ref_list(self, rl: etree._Element, refs: list[Reference]) -> None:
        for ref in refs:
            std = _sub(_sub(rl, "ref"), "std")
            code, sep, title = ref.text, "", None
            if ref.title and ref.text.endswith(ref.title) and len(ref.text) > len(ref.title):
                head = ref.text[: -len(ref.title)]
                code = head.rstrip(" ,，")
                sep, title = head[len(code):], ref.title
            _sub(std, "std-ref", code).tail = sep
            if title:
                _sub(std, "title", title)

    def term(self, parent: etree._Element, t: Term) -> None:
        ts = _sub(parent, "term-sec")
        if t.number:
            _sub(ts, "label", t.number)
        entry = _sub(ts, f"{{{TBX}}}termEntry")
        main_lang = t.lang or self.std.language or "und"
        ls = _sub(entry, f"{{{TBX}}}langSet")
        if t.lang:
            ls.set(XML_LANG, t.lang)
        if t.definition:
            self.text(_sub(ls, f"{{{TBX}}}definition"), t.definition)
        for note in t.notes:
            self.text(_sub(ls, f"{{{TBX}}}note"), note)
        for ex in t.examples:
            self.text(_sub(ls, f"{{{TBX}}}example"), ex)
        if t.source:
            self.text(_sub(ls, f"{{{TBX}}}source"), t.source)
        for name in [t.term, *t.alternatives.get(main_lang, [])]:
            _sub(_sub(ls, f"{{{TBX}}}tig"), f"{{{TBX}}}term", name)
        for lang, names in t.alternatives.items():
            if lang != main_lang and names:
                other = _sub(entry, f"{{{TBX}}}langSet")
                other.set(XML_LANG, lang)
                for name in names:
                    _sub(_sub(other, f"{{{TBX}}}tig"), f"{{{TBX}}}term", name)

    # ------------------------------------------------------------------ metadata
    def meta(self, front: etree._Element) -> None:
        s = self.std
        meta = _sub(front, "std-meta")
        for lang, title in s.titles.items():
            wrap = _sub(meta, "title-wrap")
            wrap.set(XML_LANG, lang)
            _sub(wrap, "main", title)
        d = s.designation
        if d is not None:
            ident = _sub(meta, "std-ident")
            _sub(ident, "originator", d.prefix)
            _sub(ident, "doc-type", "standard")
            _sub(ident, "doc-number", d.number)
            if d.part:
                _sub(ident, "part-number", d.part)
            if s.edition:
                _sub(ident, "edition", s.edition)
            if d.year:
                _sub(ident, "version", str(d.year))
            _sub(meta, "std-ref", d.raw or format_designation(d), type="dated" if d.year else "undated")
        elif s.edition:
            _sub(_sub(meta, "std-ident"), "edition", s.edition)
        if s.language:
            _sub(meta, "content-language", s.language)
        if s.issued:
            _sub(meta, "pub-date", s.issued.isoformat(), date_type="issued", iso_8601_date=s.issued.isoformat())
        if s.implemented:
            iso = s.implemented.isoformat()
            _sub(meta, "release-date", iso, date_type="implemented", iso_8601_date=iso)
        for ics in s.ics:
            _sub(meta, "ics", ics)
        for kind, refs in (("replaces", s.replaces), ("replaced-by", s.replaced_by)):
            for ref in refs:
                _sub(_sub(meta, "std-xref", type=kind), "std-ref", ref)
        if s.adoption is not None:
            text = s.adoption.text or (format_designation(s.adoption.designation) if s.adoption.designation else "")
            _sub(_sub(meta, "std-xref", type="adopts", degree=s.adoption.degree), "std-ref", text)
        group = _sub(meta, "custom-meta-group")
        pairs = [("level", s.level.value), ("mandatory", "unknown" if s.mandatory is None else str(s.mandatory).lower()),
                 ("status", s.status.value)]
        pairs += [("issuer", s.issuer)] if s.issuer else []
        pairs += [("ccs", x) for x in s.ccs] + [("product-category", x) for x in s.product_categories]
        pairs += [("note", x) for x in s.notes]
        pairs += [("designation", x.raw or format_designation(x)) for x in s.designations[1:]]
        pairs += [("reader-warning", x) for x in s.warnings]
        for name, value in pairs:
            cm = _sub(group, "custom-meta")
            _sub(cm, "meta-name", name)
            _sub(cm, "meta-value", value)


def write_sts(std: Standard) -> bytes:
    """Serialise a Standard as NISO STS 1.2 XML (UTF-8 bytes with an XML declaration)."""
    w = _Writer(std)
    root = etree.Element("standard", nsmap={"xlink": XLINK, "mml": MML, "tbx": TBX})
    if std.language:
        root.set(XML_LANG, std.language)
    front = _sub(root, "front")
    w.meta(front)
    clauses = list(std.clauses)
    n_front = 0
    while n_front < len(clauses) and clauses[n_front].number is None and clauses[n_front].kind not in _BACK_KINDS:
        n_front += 1
    n_back = len(clauses)
    while n_back > n_front and clauses[n_back - 1].kind in _BACK_KINDS:
        n_back -= 1
    for c in clauses[:n_front]:
        w.clause(front, c)
    body = _sub(root, "body")
    for c in clauses[n_front:n_back]:
        w.clause(body, c)
    back = _sub(root, "back")
    biblio_done = False
    for c in clauses[n_back:]:
        if c.kind == ClauseKind.annex:
            w.clause(back, c, tag="app")
            continue
        rl = _sub(back, "ref-list", id=c.id, content_type="bibl")
        if c.title:
            _sub(rl, "title", c.title)
        w.clause_no = c.number
        for b in c.blocks:
            w.block(rl, b)
        if not biblio_done:
            w.ref_list(rl, [r for i, r in enumerate(std.references) if i in w.listed and r.clause is None])
            biblio_done = True
    if not biblio_done:
        refs = [r for i, r in enumerate(std.references) if i in w.listed and r.clause is None]
        if refs:
            w.ref_list(_sub(back, "ref-list", content_type="bibl"), refs)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=False)
