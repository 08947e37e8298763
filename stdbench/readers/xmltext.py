"""Helpers shared by the XML readers: MathML as readable text, footnote markers, XHTML and CALS tables.

Text conventions (every reader keeps them so a written file reads back equal): block text is
whitespace-squashed on one line; several paragraphs of one block are joined by ``\\n``; a footnote
marker stays where it sits as superscript (``2,0⁴``, ``organicᵃ``) so numbers keep parsing.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from lxml import etree

from stdbench.errors import StdbenchError
from stdbench.model import Cell, Row, Standard
from stdbench.normalize.text import from_superscript, squash, superscript
from stdbench.readers.xmlsafe import localname as _localname

_LOCAL: dict[str, str] = {}
_LOCAL_MAX = 4096  # distinct tag names remembered; a document with more just starts over


def localname(el: etree._Element) -> str:
    """:func:`stdbench.readers.xmlsafe.localname` memoised per tag (the readers ask several times per
    element; the namespace split is most of the cost). "" for comments and processing instructions."""
    tag = el.tag
    if tag.__class__ is not str:
        return ""
    name = _LOCAL.get(tag)
    if name is None:
        if len(_LOCAL) >= _LOCAL_MAX:
            _LOCAL.clear()
        name = _LOCAL[tag] = _localname(el)
    return name


def marker(text: str) -> str:
    """A footnote marker as it sits in running text: superscript when every character has one."""
    m = squash(text)
    shown = superscript(m)
    if shown is not None:
        return shown
    return f"^{m}" if m else ""


def unmarker(text: str) -> str:
    """Inverse of :func:`marker` for one superscript run."""
    return from_superscript(text)


def footnote_entry(label: str, text: str) -> str:
    """A footnote as stored in Table.footnotes / a footnote paragraph: ``"a Organic matter …"``."""
    label, text = squash(label), squash(text)
    return f"{label} {text}" if label and text else label or text


def split_footnote(entry: str) -> tuple[str, str]:
    """Split a stored footnote entry back into (label, text)."""
    head, _, rest = entry.partition(" ")
    return (head, rest) if rest else ("", entry)


# --------------------------------------------------------------------------- MathML

_MML_JOIN_TIGHT = {"msub": "_", "msup": "^", "mfrac": "/"}
_MML_TOKENS = frozenset(("mi", "mn", "mo", "mtext", "ms"))
_MML_SKIP = frozenset(("annotation", "annotation-xml", "asciimath", "latexmath"))


def math_text(el: etree._Element) -> str:
    """MathML as readable text: tokens joined by spaces, ``x^2``, ``t_90``, ``a/b``, ``√(x)``."""
    name = localname(el)
    if name in _MML_TOKENS:
        return squash(el.text or "") if not len(el) else squash("".join(el.itertext()))
    if name in _MML_SKIP:
        return ""
    kids = []
    for c in el:
        if c.tag.__class__ is str and (text := math_text(c)):
            kids.append(text)
    if name in _MML_JOIN_TIGHT and len(kids) >= 2:
        return _MML_JOIN_TIGHT[name].join(_wrap(k) for k in kids[:2])
    if name == "msubsup" and len(kids) >= 3:
        return f"{_wrap(kids[0])}_{_wrap(kids[1])}^{_wrap(kids[2])}"
    if name in ("msqrt", "mroot"):
        return f"√({' '.join(kids)})"
    if name == "mtr":
        return " ".join(kids)
    if name == "mtable":
        return "[" + " ; ".join(kids) + "]"
    return " ".join(kids)


def _wrap(text: str) -> str:
    return f"({text})" if " " in text else text


# --------------------------------------------------------------------------- tables

CellText = Callable[[etree._Element], str]

_SECTION = {"thead": "head", "tbody": "body", "tfoot": "foot"}


def xhtml_rows(table: etree._Element, cell_text: CellText) -> list[Row]:
    """Rows of an XHTML-like table (STS ``table``, Metanorma ``table``): head, body, foot in that order."""
    return xhtml_section_rows(table, cell_text)


def xhtml_section_rows(parts: Iterable[etree._Element], cell_text: CellText) -> list[Row]:
    """Rows of the given thead/tbody/tfoot/tr elements (the children of a table, or a chosen few), head
    rows first, then body, then foot."""
    groups: dict[str, list[Row]] = {"head": [], "body": [], "foot": []}
    for child in parts:
        name = localname(child)
        if name in _SECTION:
            section = _SECTION[name]
            rows = groups[section]
            for tr in child:
                if localname(tr) == "tr":
                    rows.append(_xhtml_row(tr, section, cell_text))
        elif name == "tr":
            groups["body"].append(_xhtml_row(child, "body", cell_text))
    return groups["head"] + groups["body"] + groups["foot"]


def _xhtml_row(tr: etree._Element, section: str, cell_text: CellText) -> Row:
    cells = []
    for td in tr:
        name = localname(td)
        if name not in ("td", "th"):
            continue
        # only attributes that are present are given: a model validated from fewer fields is cheaper
        fields: dict[str, Any] = {"text": cell_text(td)}
        if name == "th":
            fields["header"] = True
        for attr in td.attrib:
            if attr == "rowspan" or attr == "colspan":
                fields[attr] = _int(td.get(attr))
            elif attr == "align":
                fields["align"] = td.get(attr)
        cells.append(fields)
    # one validation of the whole row builds its Cells (cheaper than a Cell(...) call per cell)
    return Row.model_validate({"cells": cells, "section": section})


def cals_rows(tgroup: etree._Element, cell_text: CellText) -> list[Row]:
    """Rows of a CALS ``tgroup``: namest/nameend become colspan, morerows becomes rowspan."""
    cols: dict[str, int] = {}
    for i, spec in enumerate(c for c in tgroup if localname(c) == "colspec"):
        cols[spec.get("colname") or f"c{i + 1}"] = _int(spec.get("colnum"), i + 1)
    groups: dict[str, list[Row]] = {"head": [], "body": [], "foot": []}
    for part in tgroup:
        section = _SECTION.get(localname(part))
        if not section:
            continue
        for row in part:
            if localname(row) != "row":
                continue
            cells = []
            for entry in row:
                if localname(entry) != "entry":
                    continue
                span = 1
                st, en = entry.get("namest"), entry.get("nameend")
                if st in cols and en in cols:
                    span = max(cols[en] - cols[st] + 1, 1)
                cells.append(Cell(
                    text=cell_text(entry), colspan=span, rowspan=_int(entry.get("morerows"), 0) + 1,
                    header=section == "head", align=entry.get("align"),
                ))
            groups[section].append(Row(cells=cells, section=section))  # type: ignore[arg-type]
    return groups["head"] + groups["body"] + groups["foot"]


def _int(value: str | None, default: int = 1) -> int:
    if value is None:
        return default
    m = re.match(r"\s*(\d+)", value)
    return int(m.group(1)) if m else default


def join_lines(parts: list[str]) -> str:
    """Join squashed non-empty paragraphs of one block with newlines."""
    return "\n".join(p for p in (squash(x) for x in parts) if p)


def attach_requirements(std: Standard) -> None:
    """Run the shared requirement extractor on the clause tree; what it cannot understand goes to
    ``std.warnings`` (per clause, by the extractor). The document is never lost to a failing extractor."""
    from stdbench.readers.requirements import extract_requirements

    try:
        std.requirements = extract_requirements(std, std.warnings)
    except (StdbenchError, ValueError, ArithmeticError, KeyError, IndexError) as exc:
        warn(std, f"requirements not extracted: {type(exc).__name__}: {exc}")


def warn(std: Standard, message: str) -> None:
    """Record what a reader could not place, once."""
    if message not in std.warnings:
        std.warnings.append(message)
