"""The requirement extractor's vocabulary and the readings that tables and sentences share: memoised limit
parsing, footnote marks glued to values and labels, empty cells, parameter look-up, test methods, unit
statements, references to other standards, and which clauses can hold requirements.

Vocabulary (column roles, operator phrases, unit-statement words) lives in ``data/table_headers.toml``.
"""
from __future__ import annotations

import re
import tomllib
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from stdbench.errors import NormalizeError
from stdbench.model import Bound, BoundKind, Clause, ClauseKind, SamplingPlan
from stdbench.normalize import codes, lexicon
from stdbench.normalize.quantity import Limit, parse_limit, parse_unit
from stdbench.normalize.text import fold, fold_width, squash

_CJK_END = re.compile(r"([\u3400-\u9fff）)\]】])([a-f])$")
_SUPERSCRIPT = "ᵃᵇᶜᵈᵉᶠ¹²³⁴⁵⁶⁷⁸⁹⁰*"
_MARK_KEY = str.maketrans("ᵃᵇᶜᵈᵉᶠ¹²³⁴⁵⁶⁷⁸⁹⁰", "abcdef1234567890")
_VALUE_MARK = re.compile(r"^(.*?[\d%)）])([a-f]|[" + _SUPERSCRIPT + r"]+)$", re.DOTALL)
_LABEL_GLUED = re.compile(r"^(.*?[a-z])([a-f]|\d{1,2})$", re.DOTALL)
_FOOTNOTE = re.compile(r"^\s*([a-z]|\d{1,2}|[" + _SUPERSCRIPT + r"])[\s:：.)）]+(.*)$", re.DOTALL)
_METHOD_SPLIT = re.compile(r"[、;；,，\n]+")
_DIGIT = re.compile(r"\d")


def limit_of(text: str, unit: str | None = None, direction: str | None = None) -> Limit:
    """:func:`parse_limit`, memoised (tables repeat the same cells: "—", "0.2", "不得检出"); each caller
    gets its own bound and sampling plan, so no two requirements share a mutable model."""
    found = _remembered_limit(text, unit, direction)
    return found.model_copy(update={
        "bound": found.bound.model_copy(),
        "sampling_plan": found.sampling_plan.model_copy() if found.sampling_plan is not None else None,
    })


def limit_parts(
    text: str, unit: str | None = None, direction: str | None = None,
) -> tuple[Bound, str | None, str | None, SamplingPlan | None]:
    """:func:`limit_of` as (bound, unit, basis, sampling plan), for callers that take it apart anyway:
    the bound and plan are the caller's own copies, and no :class:`Limit` is copied around them."""
    found = _remembered_limit(text, unit, direction)
    plan = found.sampling_plan.model_copy() if found.sampling_plan is not None else None
    return found.bound.model_copy(), found.unit, found.basis, plan


def _remembered_limit(text: str, unit: str | None, direction: str | None) -> Limit:
    """The memoised parse, shared (callers copy what they hand out); a remembered failure is raised
    afresh (no frames kept in the cache)."""
    found = _limit(text, unit, direction)
    if isinstance(found, tuple):
        cls, message, location = found
        raise cls(message, location=location)
    return found


@lru_cache(maxsize=8192)
def _limit(text: str, unit: str | None, direction: str | None) -> Limit | tuple[type[NormalizeError], str, str | None]:
    try:
        return parse_limit(text, unit=unit, direction=direction)
    except NormalizeError as exc:  # remembered too: a cell that is not a limit is asked about again
        return type(exc), exc.message, exc.location


@lru_cache(maxsize=1)
def vocab() -> dict[str, Any]:
    """The extractor's vocabulary from ``stdbench/data/table_headers.toml``, loaded once."""
    text = resources.files("stdbench.data").joinpath("table_headers.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@lru_cache(maxsize=16384)
def norm(text: str | None) -> str:
    """Key for vocabulary matching: width-folded, lower-cased, single-spaced (memoised: the same header
    and vocabulary words are folded over and over)."""
    return fold(text or "")


@lru_cache(maxsize=1)
def _skip_titles() -> frozenset[str]:
    return frozenset(norm(t) for t in vocab()["sentences"]["skip_titles"])


@lru_cache(maxsize=4096)
def is_empty_cell(text: str | None) -> bool:
    """True for cells that state no requirement: blank, "—", "/", "Not applicable", "N/A" …"""
    return norm(strip_value_mark(text or "")[0]) in _empty_cells()


@lru_cache(maxsize=1)
def _empty_cells() -> frozenset[str]:
    return frozenset(norm(x) for x in vocab()["empty"]["cells"])


@lru_cache(maxsize=8192)
def strip_value_mark(text: str) -> tuple[str, str | None]:
    """Split a footnote mark glued to a value ("0,5a" → "0,5", "a"); other text is returned unchanged."""
    t = squash(fold_width(text))
    m = _VALUE_MARK.match(t)
    if m and _DIGIT.search(m.group(1)):
        return m.group(1).strip(), m.group(2).translate(_MARK_KEY)
    return squash(text), None


def strip_label_mark(label: str, marks: set[str] | frozenset[str] | None = None) -> tuple[str, str | None]:
    """Split a footnote mark glued to a label ("铅a", "Extraneous matter: organica" when ``a`` is a
    footnote of the table); the label is kept when the mark is not recognisable as one."""
    return _strip_label_mark(label, frozenset(marks or ()))


@lru_cache(maxsize=8192)
def _strip_label_mark(label: str, marks: frozenset[str]) -> tuple[str, str | None]:
    t = squash(label)
    if t and t[-1] in _SUPERSCRIPT:
        base = t.rstrip(_SUPERSCRIPT)
        return base.strip(), t[len(base):].translate(_MARK_KEY)
    m = _CJK_END.search(t)
    if m:
        return t[: m.start(2)].strip(), m.group(2)
    m = _LABEL_GLUED.match(t)
    if m and (m.group(2) in marks or _better_without(t, m.group(1))):
        return m.group(1).strip(), m.group(2)
    return t, None


def _better_without(raw: str, stripped: str) -> bool:
    """The lexicon knows the label better without its last character ("organica" → "organic")."""
    after = identify(stripped)
    if after is None:
        return False
    before = identify(raw)
    return before is None or (before.parameter.id == after.parameter.id and after.score >= before.score)


def footnote_marks(footnotes: list[str]) -> dict[str, str]:
    """Footnote mark → footnote text, for footnotes written "a 仅适用于…", "a：…", "2 Organic …"."""
    out: dict[str, str] = {}
    for note in footnotes:
        m = _FOOTNOTE.match(fold_width(note))
        if m:
            out[m.group(1).translate(_MARK_KEY)] = squash(m.group(2))
    return out


@lru_cache(maxsize=1024)
def caption_subject(title: str | None) -> str | None:
    """The parameter named by a table caption: "食品中镉限量指标" → "镉",
    "Maximum levels of cadmium in foods" → "cadmium" (patterns in table_headers.toml [caption])."""
    if not title:
        return None
    text = squash(fold_width(title))
    for pattern in _caption_patterns():
        text = pattern.sub("", text).strip()
    return text or None


@lru_cache(maxsize=1)
def _caption_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in vocab().get("caption", {}).get("strip", []))


@lru_cache(maxsize=8192)
def identify(label: str) -> Any:
    """Lexicon match for a parameter label, retrying without filler words ("含量", "the …")."""
    label = squash(label)
    if not label:
        return None
    tries = [label]
    low = label.lower()
    for filler in vocab()["sentences"]["subject_fillers"]:
        if filler in low:
            low = low.replace(filler, " ")
            tries.append(squash(low))
    for t in tries:
        if t:
            match = lexicon.lookup(t)
            if match is not None:
                return match
    return None


def split_methods(text: str) -> list[str]:
    """Test-method cell/phrase → method references, as designations where possible ("GB 5009.3")."""
    return list(_split_methods(text))


@lru_cache(maxsize=4096)
def _split_methods(text: str) -> tuple[str, ...]:
    out: list[str] = []
    for piece in _METHOD_SPLIT.split(text or ""):
        piece = squash(piece)
        if not piece or is_empty_cell(piece):
            continue
        found = codes.find_designations(piece)
        if found:
            out.extend(str(d) for d, _start, _end in found)
        else:
            out.append(piece)
    return tuple(dict.fromkeys(out))


@lru_cache(maxsize=8192)
def unit_from_statement(text: str | None) -> str | None:
    """Unit of a table unit statement ("单位为毫克每千克" → "mg/kg"); None when it is not one."""
    t = squash(fold_width(text or ""))
    low = t.lower()
    for prefix in vocab()["unit_statement"]["prefixes"]:
        if low.startswith(prefix):
            rest = t[len(prefix):].strip(" ：:。.")
            break
    else:
        return None
    if not rest:
        return None
    try:
        return parse_unit(rest)
    except NormalizeError:
        return vocab()["unit_statement"]["words"].get(rest.lower())


@lru_cache(maxsize=1024)
def implied_unit(text: str) -> str | None:
    """The unit implied by a quantity named in a table title/header ("mass fraction" → %), if any."""
    low = squash(fold_width(text)).lower()
    for unit, phrases in vocab().get("implied_units", {}).items():
        if any(p in low for p in phrases):
            return unit
    return None


def is_pointer(text: str) -> bool:
    """True when text (after "应符合") points into this document ("表1的规定", "Table 1")."""
    low = norm(text)
    return any(p.match(low) for p in _pointer_patterns())


@lru_cache(maxsize=1)
def _pointer_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in vocab()["sentences"]["reference"]["pointer_patterns"])


@lru_cache(maxsize=1)
def _reference_cues() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(re.escape(c), re.IGNORECASE) for c in vocab()["sentences"]["reference"]["cues"])


@lru_cache(maxsize=1)
def _any_reference_cue() -> re.Pattern[str]:
    """Matches where any reference cue does: one search rules out most texts (table cells, sentences)."""
    return re.compile("|".join(c.pattern for c in _reference_cues()), re.IGNORECASE)


def reference_bounds(text: str) -> list[Bound]:
    """By-reference bounds in text ("应符合GB 2762的规定" → Bound(by_reference, GB 2762)); [] if none.
    Memoised; each caller gets its own bounds and designations."""
    return [b.model_copy(update={"reference": b.reference.model_copy() if b.reference else None})
            for b in _reference_bounds(text)]


@lru_cache(maxsize=4096)
def _reference_bounds(text: str) -> tuple[Bound, ...]:
    folded = fold_width(text)
    if _any_reference_cue().search(folded) is None:
        return ()
    for cue in _reference_cues():  # the first cue in vocabulary order decides, not the leftmost one
        m = cue.search(folded)
        if not m:
            continue
        found = codes.find_designations(folded[m.end():])
        return tuple(Bound(kind=BoundKind.by_reference, reference=d, text=squash(text)) for d, _s, _e in found)
    return ()


def is_skip_clause(clause: Clause) -> bool:
    """Clauses whose content is never a requirement: 前言, 范围, 规范性引用文件, 术语 … (GB/T 1.1-2020)."""
    if clause.kind in _clause_kinds("skip_kinds"):
        return True
    return norm(clause.title) in _skip_titles()


def tables_only(clause: Clause) -> bool:
    """Clauses whose sentences are procedure (test methods, sampling, inspection rules, informative annexes)."""
    return clause.kind in _clause_kinds("table_only_kinds") or clause.obligation == "informative"


@cache
def _clause_kinds(key: str) -> frozenset[ClauseKind]:
    """The clause kinds a [sentences] vocabulary list names (by value: "test-methods" …)."""
    names = vocab()["sentences"][key]
    return frozenset(kind for kind in ClauseKind if kind.value in names)
