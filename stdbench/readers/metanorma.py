"""Metanorma semantic XML reader (standoc; flavours iso and gb) → Standard.

Semantic XML carries no clause numbers: they are assigned the way Metanorma renders ISO documents
(scope 1, normative references 2 — taken from the bibliography —, terms 3 …; subclauses 4.1; annexes
A, B … with A.1; preface unnumbered), which matches the ISO STS of the same standard. Metadata and
numbering are in :mod:`.metanorma_meta`, the body walker in :mod:`.metanorma_body`.
"""
from __future__ import annotations

from pathlib import Path

from lxml import etree

from stdbench.errors import ReaderError, StdbenchError
from stdbench.model import Standard
from stdbench.readers.metanorma_body import _SECTIONS, _MnBody
from stdbench.readers.metanorma_meta import _WORDS, _bibdata, _count_floats, _first, _kids, _Numbers
from stdbench.readers.xmlclauses import _add_citations
from stdbench.readers.xmlsafe import parse_xml_file
from stdbench.readers.xmltext import attach_requirements, localname


def read_metanorma(path: str | Path) -> Standard:
    """Read Metanorma semantic XML (``metanorma`` / ``iso-standard`` / ``gb-standard`` root)."""
    notes: list[str] = []
    root = parse_xml_file(path, warnings=notes)
    try:
        std = _read_root(root)
        std.warnings[:0] = notes  # what the entity policy kept as literal text
        return std
    except StdbenchError as exc:
        raise exc.at(file=path)
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise ReaderError(f"cannot read Metanorma XML: {exc}", file=path,
                          location=f"line {root.sourceline}") from None


def _part(root: etree._Element, name: str) -> list[etree._Element]:
    el = _first(root, name)
    return _kids(el) if el is not None else []


def _read_root(root: etree._Element) -> Standard:
    std = Standard(source_format="metanorma")
    _bibdata(std, _first(root, "bibdata"))
    words = _WORDS["zh" if (std.language or "").startswith("zh") else "en"]
    nums = _Numbers(words)
    preface = [c for c in _part(root, "preface") if localname(c) in _SECTIONS]
    sections = [c for c in _part(root, "sections") if localname(c) in _SECTIONS]
    biblio = [c for c in _part(root, "bibliography") if localname(c) in ("references", "clause")]
    normrefs = [r for r in biblio if r.get("normative") == "true"]
    others = [r for r in biblio if r.get("normative") != "true"]
    at = next((i + 1 for i, s in enumerate(sections) if s.get("type") == "scope"), 0)
    main = sections[:at] + normrefs + sections[at:]
    annexes = _kids(root, "annex")
    order: list[tuple[etree._Element, str | None]] = [(p, None) for p in preface]
    for i, el in enumerate(main, 1):
        nums.assign(el, str(i))
        nums.walk(el, str(i), None)
        order.append((el, None))
    for i, el in enumerate(annexes):
        letter = chr(ord("A") + i)
        nums.assign(el, letter, words["annex"] + letter)
        nums.walk(el, letter, letter)
        order.append((el, letter))
    for el in preface + others:
        nums.assign(el, None)
    _count_floats(root, nums, order)
    body = _MnBody(std, nums)
    for el in preface + main + annexes:
        if localname(el) == "references":
            std.clauses.append(body.references(el, normative=el.get("normative") == "true"))
        else:
            std.clauses.append(body.clause(el))
    for el in others:
        clause = body.references(el, normative=False)
        if clause.blocks or clause.children:
            std.clauses.append(clause)
    _add_citations(std, body.cites)
    attach_requirements(std)
    return std
