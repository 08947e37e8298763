"""Metanorma metadata and numbering: ``bibdata`` → the Standard's metadata, and the display numbers
(clauses, annexes, tables, figures, terms) that semantic XML leaves to its renderers; with the child
look-ups every Metanorma module uses.
"""
from __future__ import annotations

from lxml import etree

from stdbench.model import Standard
from stdbench.readers.sts_meta import _derive_level, parse_date, parse_designation, text_of
from stdbench.readers.xmltext import localname

_WORDS = {"en": {"note": "NOTE", "example": "EXAMPLE", "table": "Table ", "figure": "Figure ", "annex": "Annex "},
          "zh": {"note": "注", "example": "示例", "table": "表", "figure": "图", "annex": "附录"}}


def _kids(el: etree._Element, *names: str) -> list[etree._Element]:
    """Element children of ``el`` (only those with one of these local names, when given), in order."""
    if not names:
        return [c for c in el if c.tag.__class__ is str]
    return list(el.iterchildren(*[f"{{*}}{n}" for n in names]))  # lxml matches the names in C


def _grouped(el: etree._Element, *names: str) -> dict[str, list[etree._Element]]:
    """The element children of ``el`` (those with one of these local names, when given) by local name, each
    list in document order: one pass instead of one scan per name."""
    out: dict[str, list[etree._Element]] = {}
    for c in (el.iterchildren(*[f"{{*}}{n}" for n in names]) if names else el):
        if c.tag.__class__ is str:
            name = localname(c)
            if name in out:
                out[name].append(c)
            else:
                out[name] = [c]
    return out


def _first(el: etree._Element | None, name: str) -> etree._Element | None:
    return None if el is None else next(el.iterchildren(f"{{*}}{name}"), None)


class _Numbers:
    """Display numbers of clauses, annexes, tables, figures and terms, keyed by anchor and id."""

    def __init__(self, words: dict[str, str]):
        self.words = words
        self.by_el: dict[etree._Element, str | None] = {}
        self.labels: dict[str, str] = {}

    def assign(self, el: etree._Element, number: str | None, label: str | None = None) -> None:
        self.by_el[el] = number
        shown = label or number
        if shown:
            for key in (el.get("anchor"), el.get("id")):
                if key:
                    self.labels[key] = shown

    def walk(self, el: etree._Element, number: str | None, annex: str | None) -> None:
        """Number the subclauses and terms of a section, and its tables and figures."""
        n = 0
        for c in _kids(el, "clause", "terms", "definitions", "term", "references", "appendix"):
            name = localname(c)
            if name in ("clause", "terms", "definitions", "term", "references"):
                n += 1
                sub = f"{number}.{n}" if number else None
                self.assign(c, sub)
                if name != "term":
                    self.walk(c, sub, annex)
            elif name == "appendix":
                self.assign(c, None)
                self.walk(c, None, annex)


def _count_floats(root: etree._Element, nums: _Numbers, order: list[tuple[etree._Element, str | None]]) -> None:
    """Tables and figures are numbered through the main body, and per annex (Table A.1)."""
    counters: dict[tuple[str, str | None], int] = {}
    for top, annex in order:
        for el in top.iter("{*}table", "{*}figure"):
            kind = localname(el)
            parent = el.getparent()
            if kind == "figure" and parent is not None and localname(parent) == "figure":
                continue
            key = (kind, annex)
            counters[key] = counters.get(key, 0) + 1
            num = f"{annex}.{counters[key]}" if annex else str(counters[key])
            nums.labels[el.get("anchor") or el.get("id") or f"{kind}{num}"] = nums.words[kind] + num
            nums.by_el[el] = nums.words[kind] + num


def _bibdata(std: Standard, bib: etree._Element | None) -> None:
    if bib is None:
        return
    std.language = text_of(_first(bib, "language")) or None
    titles: dict[str, dict[str, str]] = {}
    for t in _kids(bib, "title"):
        titles.setdefault(t.get("language") or std.language or "und", {})[t.get("type") or "main"] = text_of(t)
    for lang, parts in titles.items():
        full = parts.get("main") or " — ".join(
            parts[k] for k in ("title-intro", "title-main", "title-part") if parts.get(k))
        std.titles[lang] = full.replace("\u2009—\u2009", " — ")
    ids = _kids(bib, "docidentifier")
    primary = next((d for d in ids if d.get("primary") == "true"), ids[0] if ids else None)
    d = parse_designation(text_of(primary)) if primary is not None else None
    if d:
        std.designation, std.designations = d, [d]
    std.edition = text_of(_first(bib, "edition")) or None
    for date_el in _kids(bib, "date"):
        when = parse_date(_first(date_el, "on"))
        if date_el.get("type") in ("published", "issued"):
            std.issued = std.issued or when
        elif date_el.get("type") in ("implemented", "effective"):
            std.implemented = std.implemented or when
    for ics in bib.iter("{*}ics"):
        code = text_of(_first(ics, "code"))
        if code and code not in std.ics:
            std.ics.append(code)
    _derive_level(std)
