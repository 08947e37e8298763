"""Metadata of STS documents (iso-meta, nat-meta, reg-meta, std-meta) and designation parsing.

Used by the STS and Metanorma readers and the STS writer; corpus conventions (custom-meta level,
mandatory, status, issuer, ccs, product-category …) are in ``standards_corpus/README.md``.
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from lxml import etree

from stdbench.errors import StdbenchError
from stdbench.model import Adoption, Designation, Level, Standard, Status
from stdbench.normalize.codes import format_designation, is_mandatory, level_of, try_parse  # noqa: F401  (format_designation re-exported for the STS writer)
from stdbench.normalize.text import squash
from stdbench.readers.xmltext import localname, warn

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
META_NAMES = ("std-meta", "nat-meta", "reg-meta", "iso-meta")
_DESIG = re.compile(
    r"^(?P<prefix>[A-Z][A-Za-z/]*(?:\s+[A-Z]{1,4}(?=\s))?)\s*(?P<number>\d+(?:\.\d+)?)"
    r"(?:-(?P<part>\d+))?(?:\s*[:：—–-]\s*(?P<year>\d{4}))?"
)
_ALL_PARTS = re.compile(r"\s*[(（]\s*(?:all parts|所有部分)\s*[)）]", re.IGNORECASE)
_UNDATED = re.compile(r"\s*[:：]\s*[—–-]+\s*$")


def parse_designation(text: str) -> Designation | None:
    """Parse a code with stdbench.normalize.codes, else a minimal prefix/number/part/year.

    "(all parts)" and an undated ":—" (under preparation) are dropped before parsing. Memoised (a
    document cites the same codes again and again); each caller gets its own copy.
    """
    d = _parse_designation(text)
    return d.model_copy() if d is not None else None


@lru_cache(maxsize=4096)
def _parse_designation(text: str) -> Designation | None:
    text = _UNDATED.sub("", _ALL_PARTS.sub("", squash(text))).strip()
    if not text:
        return None
    try:
        d = try_parse(text)
    except (StdbenchError, ValueError):
        d = None
    if d is not None:
        return d
    m = _DESIG.match(text)  # a looser form codes.try_parse does not take
    if not m:
        return None
    year = m.group("year")
    return Designation(prefix=m.group("prefix").strip(), number=m.group("number"), part=m.group("part"),
                       year=int(year) if year else None, raw=text)


def _derive_level(std: Standard, said: set[str] = frozenset()) -> None:
    """Level and mandatory from the code when the document does not say (codes.level_of/is_mandatory)."""
    d = std.designation
    if d is None:
        return
    if std.level == Level.unknown and "level" not in said:
        std.level = level_of(d)
    if std.mandatory is None and "mandatory" not in said:
        std.mandatory = is_mandatory(d)


def text_of(el: etree._Element | None) -> str:
    """The element's text content, whitespace squashed; "" for None."""
    if el is None:
        return ""
    return squash(el.text or "") if not len(el) else squash("".join(el.itertext()))


def child(el: etree._Element, name: str) -> etree._Element | None:
    """The first child element with this local name (any namespace), or None."""
    return next(el.iterchildren(f"{{*}}{name}"), None)  # lxml matches the name in C


def children(el: etree._Element, name: str) -> list[etree._Element]:
    """The child elements with this local name (any namespace), in document order."""
    return list(el.iterchildren(f"{{*}}{name}"))


def meta_designation(meta: etree._Element) -> Designation | None:
    """The designation of one meta block: dated std-ref, else undated, else std-ident parts."""
    refs = children(meta, "std-ref")
    for wanted in ("dated", "undated", None):
        for ref in refs:
            if wanted is None or ref.get("type") == wanted:
                d = parse_designation(text_of(ref))
                if d:
                    return d
    ident = child(meta, "std-ident")
    if ident is None:
        return None
    prefix, number = text_of(child(ident, "originator")), text_of(child(ident, "doc-number"))
    if not prefix or not number:
        return None
    part = text_of(child(ident, "part-number")) or None
    year_m = re.match(r"(\d{4})", text_of(child(ident, "version")))
    year = int(year_m.group(1)) if year_m else None
    raw = f"{prefix} {number}" + (f"-{part}" if part else "") + (f":{year}" if year else "")
    return Designation(prefix=prefix, number=number, part=part, year=year, raw=raw)


def title_of(wrap: etree._Element) -> str:
    full = text_of(child(wrap, "full"))
    if full:
        return full
    parts = [text_of(child(wrap, n)) for n in ("intro", "main", "compl")]
    return " — ".join(p for p in parts if p)


def parse_date(el: etree._Element | None) -> date | None:
    if el is None:
        return None
    for value in (el.get("iso-8601-date"), text_of(el)):
        m = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", value or "")
        if m:
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
    return None


def apply_meta(std: Standard, metas: list[etree._Element], root_lang: str | None) -> None:
    """Fill the Standard's metadata from meta blocks given outermost first (outer values win)."""
    said: set[str] = set()
    for meta in metas:
        d = meta_designation(meta)
        if d and d not in std.designations:
            std.designations.append(d)
        for wrap in children(meta, "title-wrap"):
            lang = wrap.get(XML_LANG) or root_lang or "und"
            title = title_of(wrap)
            if title and lang not in std.titles:
                std.titles[lang] = title
        std.language = std.language or text_of(child(meta, "content-language")) or None
        ident = child(meta, "std-ident")
        edition = text_of(child(meta, "edition")) or (text_of(child(ident, "edition")) if ident is not None else "")
        std.edition = std.edition or edition or None
        for ics in children(meta, "ics"):
            code = text_of(ics).split(" ")[0]
            if code and code not in std.ics:
                std.ics.append(code)
        for pd in children(meta, "pub-date"):
            std.issued = std.issued or parse_date(pd)
        for rd in children(meta, "release-date"):
            if localname(meta) == "iso-meta" and rd.get("date-type") != "implemented":
                std.issued = std.issued or parse_date(rd)
            else:
                std.implemented = std.implemented or parse_date(rd)
        for xref in children(meta, "std-xref"):
            _apply_xref(std, xref)
        for group in children(meta, "custom-meta-group"):
            for cm in children(group, "custom-meta"):
                said.add(text_of(child(cm, "meta-name")))
                _apply_custom(std, text_of(child(cm, "meta-name")), text_of(child(cm, "meta-value")))
    std.language = std.language or root_lang
    if std.designations:
        std.designation = std.designations[0]
    _derive_level(std, said)


def _apply_xref(std: Standard, xref: etree._Element) -> None:
    kind = xref.get("type", "")
    ref = text_of(child(xref, "std-ref")) or text_of(xref)
    if kind == "replaces":
        std.replaces.append(ref)
    elif kind == "replaced-by":
        std.replaced_by.append(ref)
    elif kind == "adopts":
        degree = xref.get("degree")
        std.adoption = Adoption(designation=parse_designation(ref), text=ref,
                                degree=degree if degree in ("IDT", "MOD", "NEQ") else None)


def _apply_custom(std: Standard, name: str, value: str) -> None:
    if name == "level" and value in Level.__members__:
        std.level = Level(value)
    elif name == "mandatory":
        std.mandatory = None if value == "unknown" else value.lower() in ("true", "yes", "1", "强制")
    elif name == "status" and value in Status.__members__:
        std.status = Status(value)
    elif name == "issuer":
        std.issuer = value
    elif name == "ccs":
        std.ccs.append(value)
    elif name == "product-category":
        std.product_categories.append(value)
    elif name == "designation":
        d = parse_designation(value)
        if d and d not in std.designations:
            std.designations.append(d)
    elif name == "reader-warning":
        warn(std, value)
    elif name in ("note", "coverage"):
        std.notes.append(value if name == "note" else f"coverage: {value}")
    else:
        warn(std, f"custom-meta {name!r} not understood: {value}")
