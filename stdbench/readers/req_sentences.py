"""Requirements written as sentences ("水分应不大于15.5%", "…shall not be greater than 15 %",
"应符合GB 2762的规定", "不得检出"). The vocabulary and the label helpers it shares with the table extractor
are in :mod:`.req_vocab` (re-exported here).

Vocabulary (column roles, operator phrases, unit-statement words) lives in ``data/table_headers.toml``.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from stdbench.errors import NormalizeError
from stdbench.model import Bound, BoundKind, Clause, Provenance, Requirement
from stdbench.normalize import codes
from stdbench.normalize.quantity import Limit
from stdbench.normalize.text import squash
from stdbench.readers.req_vocab import (
    _DIGIT,
    caption_subject,
    footnote_marks,
    identify,
    implied_unit,
    is_empty_cell,
    is_pointer,
    is_skip_clause,
    limit_of,
    limit_parts,
    norm,
    reference_bounds,
    split_methods,
    strip_label_mark,
    strip_value_mark,
    tables_only,
    unit_from_statement,
    vocab,
)

__all__ = [  # sentence_requirements, and the names re-exported from req_vocab
    "caption_subject", "footnote_marks", "identify", "implied_unit", "is_empty_cell", "is_pointer",
    "is_skip_clause", "limit_of", "limit_parts", "norm", "reference_bounds", "sentence_requirements",
    "split_methods", "strip_label_mark", "strip_value_mark", "tables_only", "unit_from_statement", "vocab",
]

_SENTENCE_SPLIT = re.compile(r"(?<=[。；;])|(?<=\.)(?=\s|$)|\n")
_CLAUSE_BOUNDARY = re.compile(r"[，,；;：:]")
_VALUE_END = re.compile(r"^\s*(.*?)(?:\.(?!\d)|[,;，；。]|$)", re.DOTALL)


@lru_cache(maxsize=1)
def _operator_re() -> re.Pattern[str]:
    ops = sorted(vocab()["sentences"]["operators"], key=len, reverse=True)
    nd = sorted(vocab()["sentences"]["not_detected"]["cues"], key=len, reverse=True)
    ref = sorted(vocab()["sentences"]["reference"]["cues"], key=len, reverse=True)
    alt = "|".join(re.escape(x) for x in ops)
    return re.compile(
        rf"{_guard((*ops, *nd, *ref))}(?:(?P<nd>{'|'.join(re.escape(x) for x in nd)})"
        rf"|(?P<ref>{'|'.join(re.escape(x) for x in ref)})|(?P<op>{alt}))",
        re.IGNORECASE,
    )


def _guard(phrases: tuple[str, ...]) -> str:
    """A lookahead for the characters the phrases start with ("(?=[ns不应][ho不大…])"). It changes no match:
    it lets the scanner reject most positions with one or two class tests instead of trying every phrase
    there (2-10x faster on running text)."""
    classes = [sorted({re.escape(x[0]) for x in phrases})]
    if all(len(x) > 1 for x in phrases):
        classes.append(sorted({re.escape(x[1]) for x in phrases}))
    return "(?=" + "".join(f"[{''.join(chars)}]" for chars in classes) + ")"


@lru_cache(maxsize=4096)
def _subject(before: str) -> str:
    """The parameter phrase before the operator: last clause segment, English subject before its comma."""
    text = before.strip()
    if re.search(r"[A-Za-z]", text) and not re.search(r"[\u4e00-\u9fff]", text):
        first, _, rest = text.partition(",")
        if rest and first.strip().split(" ")[0].lower() in vocab()["sentences"]["conditions"]:
            first = rest.split(",")[0]
        text = first
        text = re.sub(r"^(the|a|an)\s+", "", text.strip(), flags=re.IGNORECASE)
    else:
        text = _CLAUSE_BOUNDARY.split(text)[-1].strip()
        for word in vocab()["sentences"]["zh_leading"]:
            if text.startswith(word):
                text = text[len(word):]
                break
    text = text.strip(" \t\"'“”‘’：:（(")
    return "" if text.lower() in vocab()["sentences"]["pronouns"] else text


def _methods_in(before: str) -> list[str]:
    """Test methods named in the text before an operator ("determined in accordance with ISO 712")."""
    return list(_methods_named(before))


@lru_cache(maxsize=4096)
def _methods_named(before: str) -> tuple[str, ...]:
    low = before.lower()
    for cue in vocab()["sentences"]["method_cues"]:
        i = low.find(cue)
        if i >= 0:
            segment = re.split(r"[,，;；]", before[i + len(cue):])[0]
            return tuple(str(d) for d, _s, _e in codes.find_designations(segment))
    return ()


def _value_text(after: str) -> tuple[str, int]:
    """The value phrase after an operator, up to the clause end ("15 %.1 Formerly…" → "15 %"), and
    where it ends in ``after``."""
    m = _VALUE_END.match(after)
    return (squash(m.group(1)), m.end(1)) if m else ("", 0)


def _base(label: str, clause: Clause, sentence: str) -> dict[str, Any]:
    return {"label": label, "provenance": Provenance(clause=clause.number, text=squash(sentence))}


def sentence_requirements(text: str, clause: Clause) -> list[Requirement]:
    """Requirements stated in running text; a pointer to a table ("应符合表1的规定") is not one."""
    out: list[Requirement] = []
    if not text or _operator_re().search(text) is None:  # no phrase in the text, so none in its sentences
        return out
    for sentence in _SENTENCE_SPLIT.split(text):
        sentence = sentence.strip()
        if not sentence:
            continue
        pos = 0
        for m in _operator_re().finditer(sentence):
            if m.start() < pos:
                continue
            before = sentence[pos:m.start()]
            label = _subject(before)
            after = sentence[m.end():]
            if m.group("ref"):
                bounds = reference_bounds(sentence[m.start():])
                if bounds and not is_pointer(after):
                    for b in bounds:
                        out.append(Requirement(
                            parameter=None, bound=b, limit_text=squash(sentence[m.start():]).rstrip("。."),
                            **_base(label or clause.title, clause, sentence),
                        ))
                pos = m.end()
                continue
            if not label:
                continue
            value, end = _value_text(after)
            if m.group("nd"):
                try:
                    limit = limit_of(m.group("nd") + value)
                except NormalizeError:
                    limit = Limit(bound=Bound(kind=BoundKind.not_detected))
                written = m.group("nd")
            else:
                symbol = vocab()["sentences"]["operators"].get(m.group("op").lower(), "")
                try:
                    limit = limit_of(symbol + value) if _DIGIT.search(value) else None
                except NormalizeError:
                    limit = None
                if limit is None or limit.bound.kind not in (BoundKind.interval, BoundKind.not_detected):
                    continue
                written = squash(sentence[m.start():m.end() + end])
            for name, match in _targets(label):
                out.append(Requirement(
                    parameter=match.parameter.id if match else None, bound=limit.bound,
                    unit=limit.unit or (match.unit if match else None),
                    basis=limit.basis or (match.basis if match else None),
                    limit_text=written, methods=_methods_in(before), **_base(name, clause, sentence),
                ))
            pos = m.end()
    return out


def _targets(label: str) -> list[tuple[str, Any]]:
    """The parameter(s) a sentence subject names, with their lexicon matches: "沙门氏菌、志贺氏菌" is two
    when the lexicon knows both; "…烤箱测定的水分质量分数" is "水分质量分数" when that is what it knows."""
    match = identify(label)
    if match is None and "、" in label:
        parts = [p.strip() for p in label.split("、") if p.strip()]
        matches = [identify(p) for p in parts]
        if all(matches):
            return list(zip(parts, matches))
    if match is None and "的" in label:
        tail = label.rsplit("的", 1)[1]
        if (found := identify(tail)) is not None:
            return [(tail, found)]
    return [(label, match)]
