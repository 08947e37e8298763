"""Clause similarity for alignment: one combined score matrix from titles, text, numbers, lexicon, kind, order.

Every component is computed for all clause pairs at once (``rapidfuzz.process.cdist`` and numpy outer
operations), never in a Python double loop. Chinese is compared character by character (``fuzz.ratio`` is an
Indel distance over characters), because token scorers see unsegmented Chinese as one token. Across scripts
(a Chinese and an English text of the same standard) titles and words cannot be compared; the clause-title
lexicon (范围 ↔ Scope), equal clause numbers and the numbers quoted in the text carry the evidence instead.
"""
from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
from rapidfuzz import fuzz, process

from stdbench.model import Clause, Standard
from stdbench.normalize.text import fold, has_cjk

Scorer = Callable[..., float]

#: Default weights. ``title``/``text`` mix the content similarity; ``number``, ``lexicon``, ``kind`` and
#: ``order`` are independent boosts combined by noisy-OR (``number_same_text`` scales the number boost when
#: both texts are in one script and comparable); ``conflict`` scales a pair whose titles map to different
#: lexicon keys (Scope vs Sampling) down.
DEFAULT_WEIGHTS: dict[str, float] = {
    "title": 0.4,
    "text": 0.6,
    "number": 0.55,
    "number_same_text": 0.4,
    "lexicon": 0.6,
    "kind": 0.15,
    "order": 0.15,
    "conflict": 0.35,
}
TEXT_CHARS = 400  # texts are compared on their first characters: enough to identify a clause, bounded cost
SIMD_CHARS = 64  # rapidfuzz's fast path: strings of up to 64 characters
ORDER_WINDOW = 0.1  # relative positions closer than this (share of the document) count as "in order"
_NUM = re.compile(r"\d+(?:[.,]\d+)?")
_PUNCT = re.compile(r"[\s\W_]+")


@dataclass(frozen=True)
class ClauseView:
    """A clause flattened for comparison: its position in document order and its folded strings."""

    index: int
    number: str | None
    title: str
    kind: str
    key: str | None  # canonical title key from the lexicon
    text: str  # folded own text, truncated to TEXT_CHARS
    numbers: str  # the numbers quoted in the text, space-separated (cross-language evidence)
    cjk: bool  # the clause is written in Chinese
    clause: Clause


def views(std: Standard) -> list[ClauseView]:
    """The clauses of ``std`` in document order, ready for scoring."""
    out: list[ClauseView] = []
    for i, c in enumerate(std.walk()):
        full = c.text()
        text = fold(full)[:TEXT_CHARS]
        title = _PUNCT.sub(" ", fold(c.title)).strip()
        out.append(ClauseView(
            index=i, number=c.number, title=title, kind=c.kind.value, key=title_key(c.title), text=text,
            numbers=" ".join(n.replace(",", ".") for n in _NUM.findall(fold(full))),
            cjk=has_cjk(c.title + full[:200]), clause=c,
        ))
    return out


# --------------------------------------------------------------------------- lexicon


@lru_cache(maxsize=4096)
def title_key(title: str) -> str | None:
    """Canonical clause-title key shared across languages ("scope" for 范围 / Scope), or None."""
    if not title.strip():
        return None
    try:
        from stdbench.normalize.lexicon import clause_title_key
    except ImportError:
        return _fallback_keys().get(_PUNCT.sub("", fold(title)))
    return clause_title_key(title)


@lru_cache(maxsize=1)
def _fallback_keys() -> dict[str, str]:
    """Exact-title look-up from stdbench/data/clauses.toml, used until the shared lexicon module exists."""
    data = tomllib.loads(resources.files("stdbench.data").joinpath("clauses.toml").read_text("utf-8"))
    keys: dict[str, str] = {}
    for entry in data.get("clause", []):
        for title in [*entry.get("zh", []), *entry.get("en", [])]:
            keys.setdefault(_PUNCT.sub("", fold(title)), entry["id"])
    return keys


# --------------------------------------------------------------------------- matrices


def _cdist(a: list[str], b: list[str], scorer: Scorer) -> np.ndarray:
    """Pairwise scores 0..1 (float32); pairs where either string is empty score 0."""
    if not a or not b:
        return np.zeros((len(a), len(b)), dtype=np.float32)
    m = process.cdist(a, b, scorer=scorer, dtype=np.float32, workers=-1)
    m *= np.float32(0.01)
    m[np.array([not s for s in a]), :] = 0
    m[:, np.array([not s for s in b])] = 0
    return m


def _ids(values: list[str | None], table: dict[str, int], none: int) -> np.ndarray:
    """Map strings to integer ids (shared ``table``); None gets a unique negative id per side."""
    return np.array([table.setdefault(v, len(table)) if v else none for v in values], dtype=np.int64)


def _equal(a: list[str | None], b: list[str | None]) -> np.ndarray:
    """1.0 where both values are set and equal."""
    table: dict[str, int] = {}
    return np.equal.outer(_ids(a, table, -1), _ids(b, table, -2)).astype(np.float32)


def score_matrix(
    a: list[ClauseView], b: list[ClauseView], *, scorer: Scorer = fuzz.ratio,
    weights: dict[str, float] | None = None,
) -> np.ndarray:
    """The combined similarity (0..1) of every clause of ``a`` with every clause of ``b``."""
    w = {**DEFAULT_WEIGHTS, **(weights or {})}
    n, m = len(a), len(b)
    if not n or not m:
        return np.zeros((n, m), dtype=np.float32)
    same_script = np.equal.outer(np.array([v.cjk for v in a]), np.array([v.cjk for v in b]))
    title = _cdist([v.title for v in a], [v.title for v in b], scorer)
    title[~same_script] = 0
    text = _text_matrix(a, b, scorer)
    if not same_script.all():  # across languages the numbers quoted in the text stand in for the words
        nums = _cdist([v.numbers for v in a], [v.numbers for v in b], fuzz.ratio)
        text = np.where(same_script, text, nums)
        del nums
    has_t = np.logical_and.outer(np.array([bool(v.title) for v in a]), np.array([bool(v.title) for v in b]))
    has_t &= same_script
    has_x = text > 0
    wt, wx = w["title"], w["text"]
    content = np.where(has_t & has_x, (wt * title + wx * text) / (wt + wx), np.where(has_x, text, title))
    # an equal number is strong evidence where the content cannot be compared (across languages, empty
    # heading clauses) and weak where it can: a new edition renumbers everything after an insertion
    number = w["number"] * np.where(has_x & same_script, w["number_same_text"], 1).astype(np.float32)
    del title, text, has_t, has_x, same_script
    keep = 1 - number * _equal([v.number for v in a], [v.number for v in b])
    del number
    keys_a, keys_b = [v.key for v in a], [v.key for v in b]
    same_key = _equal(keys_a, keys_b)
    keep *= 1 - w["lexicon"] * same_key
    kinds = [[v.kind if v.kind != "other" else None for v in side] for side in (a, b)]
    keep *= 1 - w["kind"] * _equal(*kinds)
    keep *= 1 - w["order"] * order_closeness(n, m)
    score = content + (1 - content) * (1 - keep)
    known = np.logical_and.outer(np.array([k is not None for k in keys_a]), np.array([k is not None for k in keys_b]))
    score[known & (same_key == 0)] *= 1 - w["conflict"]
    return score.astype(np.float32, copy=False)


def _text_matrix(a: list[ClauseView], b: list[ClauseView], scorer: Scorer) -> np.ndarray:
    """Text similarity as the mean of the scores of the first and the last SIMD_CHARS characters.

    rapidfuzz compares strings of up to 64 characters many at a time (SIMD); longer ones fall back to a
    slower path. Head and tail together identify a clause as well as the whole at a quarter of the cost.
    """
    if scorer is not fuzz.ratio:
        return _cdist([v.text for v in a], [v.text for v in b], scorer)
    head = _cdist([v.text[:SIMD_CHARS] for v in a], [v.text[:SIMD_CHARS] for v in b], scorer)
    head += _cdist([v.text[-SIMD_CHARS:] for v in a], [v.text[-SIMD_CHARS:] for v in b], scorer)
    head *= np.float32(0.5)
    return head


def order_closeness(n: int, m: int) -> np.ndarray:
    """1 where two clauses sit at the same relative position of their documents, falling to 0 at ORDER_WINDOW."""
    pa = np.arange(n, dtype=np.float32) / max(n - 1, 1)
    pb = np.arange(m, dtype=np.float32) / max(m - 1, 1)
    return np.clip(1 - np.abs(np.subtract.outer(pa, pb)) / ORDER_WINDOW, 0, 1)


# --------------------------------------------------------------------------- per-pair evidence


def evidence(va: ClauseView, vb: ClauseView, n: int, m: int, scorer: Scorer = fuzz.ratio) -> list[str]:
    """Which kinds of evidence support pairing ``va`` with ``vb`` (the vocabulary of :class:`Pair`)."""
    out: list[str] = []
    same_script = va.cjk == vb.cjk
    number = va.number is not None and va.number == vb.number
    lexicon = va.key is not None and va.key == vb.key
    title = same_script and bool(va.title and vb.title) and scorer(va.title, vb.title) >= 80
    if number and (title or lexicon):
        out.append("number-and-title")
    elif number:
        out.append("number")
    if title:
        out.append("title")
    if same_script:
        text = bool(va.text and vb.text) and scorer(va.text, vb.text) >= 50
    else:  # across languages: the numbers quoted in the text
        text = bool(va.numbers and vb.numbers) and fuzz.ratio(va.numbers, vb.numbers) >= 60
    if text:
        out.append("text")
    if lexicon:
        out.append("lexicon")
    if va.kind != "other" and va.kind == vb.kind:
        out.append("kind")
    if abs(va.index / max(n - 1, 1) - vb.index / max(m - 1, 1)) < ORDER_WINDOW / 2:
        out.append("order")
    return out


def containment(part: ClauseView, whole: ClauseView) -> float:
    """How much of ``part``'s text is contained in ``whole`` (0..1): the test for splits and merges."""
    if not part.text or not whole.text or len(part.text) > len(whole.clause.text()) or len(part.text) < 8:
        return 0.0
    if part.cjk != whole.cjk:
        return 0.0
    return fuzz.partial_ratio(part.text, fold(whole.clause.text())) / 100
