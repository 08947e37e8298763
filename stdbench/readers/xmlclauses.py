"""What the STS and Metanorma readers share above the level of text: block text kept in lines (a
``<break/>`` or a paragraph boundary is a sentinel until the block is squashed), the clause kind from a
sec-type or a title, and inline citations turned into references.
"""
from __future__ import annotations

from stdbench.errors import StdbenchError
from stdbench.model import ClauseKind, Designation, Reference, Standard
from stdbench.normalize.lexicon import clause_kind
from stdbench.normalize.text import squash
from stdbench.readers.sts_meta import parse_designation

_SEC_TYPES = {
    "foreword": ClauseKind.foreword, "intro": ClauseKind.introduction, "introduction": ClauseKind.introduction,
    "scope": ClauseKind.scope, "norm-refs": ClauseKind.normative_references,
    "normative-references": ClauseKind.normative_references, "terms": ClauseKind.terms,
    "bibl": ClauseKind.bibliography,
}
LINE = "\x1e"  # a <break/> or a paragraph boundary: becomes "\n" in block text


def squash_lines(text: str) -> str:
    """Squash whitespace per line; lines come from <break/> (sentinel) or already joined blocks."""
    if LINE not in text:  # one line (the common case): no split, no join
        return squash(text)
    return "\n".join([line for x in text.split(LINE) if (line := " ".join(x.split()))])  # squash() inlined


def clause_kind_of(sec_type: str | None, title: str) -> ClauseKind | None:
    """sec-type first (ISO values and our ClauseKind values), then the title lexicon when present."""
    if sec_type:
        if sec_type in _SEC_TYPES:
            return _SEC_TYPES[sec_type]
        try:
            return ClauseKind(sec_type)
        except ValueError:  # a sec-type of another vocabulary: the title decides below
            pass
    try:
        kind = clause_kind(title)
    except (StdbenchError, ValueError, TypeError):
        return None
    return ClauseKind(kind) if kind else None


def _add_citations(std: Standard, cites: list[tuple[str | None, str]]) -> None:
    """Inline citations become references; normative when the code is in the normative list."""
    listed = {_key(r.designation) for r in std.references if r.normative and r.designation}
    seen: set[tuple[str | None, str]] = set()
    for clause_no, text in cites:
        if (clause_no, text) in seen:
            continue
        seen.add((clause_no, text))
        d = parse_designation(text)
        std.references.append(Reference(designation=d, text=text, dated=bool(d and d.year),
                                        normative=bool(d and _key(d) in listed), clause=clause_no,
                                        all_parts="all parts" in text or "所有部分" in text))


def _key(d: Designation | None) -> tuple[str, str, str | None] | None:
    return (d.prefix, d.number, d.part) if d else None
