"""ISO STS and NISO STS 1.x reader: metadata, clause tree, terms, references, tables → Standard.

Metadata follow ``standards_corpus/README.md`` (custom-meta level/mandatory/status/issuer/ccs/…). An
``adoption`` stack yields every layer's designation (outermost first) and the adopted text once. The body
walker is :mod:`.sts_body`, the metadata :mod:`.sts_meta`, what both XML readers share :mod:`.xmlclauses`.
"""
from __future__ import annotations

from pathlib import Path

from lxml import etree

from stdbench.errors import ReaderError, StdbenchError
from stdbench.model import Clause, ClauseKind, Standard
from stdbench.readers.sts_body import _StsBody
from stdbench.readers.sts_meta import (  # noqa: F401  (re-exported for the STS writer and older imports)
    META_NAMES,
    XML_LANG,
    _derive_level,
    apply_meta,
    child,
    format_designation,
    parse_date,
    parse_designation,
    text_of,
)
from stdbench.readers.xmlclauses import (  # noqa: F401  (re-exported: they were defined here)
    LINE,
    _add_citations,
    clause_kind_of,
    squash_lines,
)
from stdbench.readers.xmlsafe import parse_xml_file
from stdbench.readers.xmltext import attach_requirements, localname


def read_sts(path: str | Path) -> Standard:
    """Read an ISO STS / NISO STS 1.x document (root ``standard`` or ``adoption``) into a Standard."""
    notes: list[str] = []
    root = parse_xml_file(path, warnings=notes)
    try:
        std = _read_root(root, path)
        std.warnings[:0] = notes  # what the entity policy kept as literal text
        return std
    except StdbenchError as exc:
        raise exc.at(file=path)
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise ReaderError(f"cannot read STS: {exc}", file=path, location=f"line {root.sourceline}") from None


def _read_root(root: etree._Element, path: str | Path) -> Standard:
    if localname(root) not in ("standard", "adoption"):
        raise ReaderError(f"root <{localname(root)}> is not an STS standard/adoption", file=path, location="line 1")
    std = Standard(source_format="sts")
    metas: list[etree._Element] = []
    fronts: list[etree._Element] = []  # sections of front matter, outermost first
    bodies: list[etree._Element] = []
    backs: list[etree._Element] = []  # innermost first (adopted annexes before national ones)
    _layers(root, metas, fronts, bodies, backs)
    apply_meta(std, metas, root.get(XML_LANG))
    reader = _StsBody(root, std)
    for part in fronts + bodies:
        for c in part:
            name = localname(c)
            if name in ("sec", "app"):
                std.clauses.append(reader.clause(c, annex=name == "app"))
            elif name not in META_NAMES and isinstance(c.tag, str) and name not in ("notes", "permissions"):
                blocks = reader.blocks(c)
                if blocks:
                    std.clauses.append(Clause(blocks=blocks))
    for back in backs:
        for c in back.iter("app", "ref-list"):
            if localname(c) == "app":
                std.clauses.append(reader.clause(c, annex=True))
            elif localname(c.getparent()) in ("back", "app-group"):
                reader.clause_no = None
                blocks = reader.ref_list(c, False)
                if blocks:
                    std.clauses.append(Clause(id=c.get("id"), title=text_of(child(c, "title")),
                                              kind=ClauseKind.bibliography, blocks=blocks))
    _add_citations(std, reader.cites)
    attach_requirements(std)
    return std


def _layers(el: etree._Element, metas: list, fronts: list, bodies: list, backs: list) -> None:
    """Collect meta/front/body/back of an adoption stack, outermost layer first."""
    for c in el:
        name = localname(c)
        if name in ("front", "adoption-front"):
            metas.extend(m for m in c if localname(m) in META_NAMES)
            fronts.append(c)
        elif name in ("adoption", "standard"):
            _layers(c, metas, fronts, bodies, backs)
        elif name == "body":
            bodies.append(c)
        elif name == "back":
            backs.append(c)
