"""Look-up keys and the index behind the lexicon: names normalised into keys, the guard against wrong matches.

A :class:`_Keyer` follows the ``[matching]`` table of a vocabulary file (stdbench/data/parameters.toml,
clauses.toml): width, sub/superscripts, spelling variants, fillers such as 含量/content, word order. An
:class:`_Index` answers from exact, skeleton and order-free keys; rapidfuzz only ranks candidates for typos,
and the guard refuses any candidate whose words differ by more than a filler or a one-letter typo.
"""
from __future__ import annotations

import math
import re
import sys
import tomllib
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from stdbench.errors import NormalizeError
from stdbench.normalize.text import fold

_SUBSUP = str.maketrans("₀₁₂₃₄₅₆₇₈₉⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻µ", "01234567890123456789+-μ")
_TOKEN = re.compile(r"[a-z0-9α-ωμ]+|[\u3400-\u9fff]")
_WORD = re.compile(r"[a-z]+")


@dataclass(eq=False)  # hashed by identity: a keyer is part of the _norm memo's key
class _Keyer:
    """Normalises names into look-up keys, following the [matching] table of a TOML file."""

    cjk_filler: tuple[str, ...] = ()
    en_filler: frozenset[str] = frozenset()
    en_variants: dict[str, str] = field(default_factory=dict)
    cjk_variants: dict[str, str] = field(default_factory=dict)
    # cjk_variants as a str.translate table (only single characters can match, as in a per-character map)
    cjk_table: dict[int, str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.cjk_table = str.maketrans({c: v for c, v in self.cjk_variants.items() if len(c) == 1})

    def norm(self, text: str) -> str:
        return _norm(self, text)

    def tokens(self, text: str, skeleton: bool = False) -> list[str]:
        s = self.norm(text)
        if skeleton:
            for filler in self.cjk_filler:
                s = s.replace(filler, " ")
        toks = _TOKEN.findall(s)
        return [t for t in toks if t not in self.en_filler] if skeleton else toks

    def key(self, text: str) -> str:
        return "".join(self.tokens(text))

    def skeleton(self, text: str) -> str:
        return "".join(self.tokens(text, skeleton=True))

    def bag(self, text: str) -> str:
        return " ".join(sorted(self.tokens(text, skeleton=True)))

    def compatible(self, a: str, b: str) -> bool:
        """True when a and b differ only by fillers, word order or a one-letter typo in a long word."""
        ca, cb = Counter(self.tokens(a, True)), Counter(self.tokens(b, True))
        left, right = list((ca - cb).elements()), list((cb - ca).elements())
        if len(left) != len(right):
            return False
        for word in left:
            twin = next((w for w in right if _typo(word, w)), None)
            if twin is None:
                return False
            right.remove(twin)
        return True


@lru_cache(maxsize=8192)
def _norm(keyer: _Keyer, text: str) -> str:
    """Folded text with sub/superscripts, CJK and English spelling variants unified; memoised because
    one label is normalised for its exact, skeleton and order-free keys and again by the fuzzy guard."""
    s = fold(text).translate(_SUBSUP).translate(keyer.cjk_table)
    return _WORD.sub(lambda m: _singular(keyer.en_variants.get(m[0], m[0])), s)


def _singular(word: str) -> str:
    """Crude English singular for matching only: kernels → kernel, aflatoxins → aflatoxin."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _typo(a: str, b: str) -> bool:
    """One edit apart, both long ASCII words without digits (gelatinsed ~ gelatinised)."""
    return (min(len(a), len(b)) >= 8 and a.isalpha() and b.isalpha() and a.isascii() and b.isascii()
            and Levenshtein.distance(a, b) <= 1)


def _keyer(matching: dict) -> _Keyer:
    return _Keyer(tuple(matching.get("cjk_filler", ())), frozenset(matching.get("en_filler", ())),
                  dict(matching.get("en_variants", {})), dict(matching.get("cjk_variants", {})))


@dataclass
class _Index:
    """Exact, skeleton and word-order-free keys → id, plus the fuzzy choice list."""

    keyer: _Keyer
    exact: dict[str, str | None] = field(default_factory=dict)
    skeleton: dict[str, str | None] = field(default_factory=dict)
    bag: dict[str, str | None] = field(default_factory=dict)
    choices: list[tuple[str, str, str]] = field(default_factory=list)  # (key, name, id)
    clashes: list[tuple[str, str, str]] = field(default_factory=list)  # exact key shared by two ids
    # the choice keys sorted by length, their lengths and their positions in choices (built on first use)
    by_length: tuple[list[str], list[int], list[int]] | None = field(default=None, repr=False)

    def add(self, name: str, ident: str) -> None:
        k = self.keyer
        for table, key in ((self.exact, k.key(name)), (self.skeleton, k.skeleton(name)),
                           (self.bag, k.bag(name))):
            if not key:
                continue
            if table.get(key, ident) != ident:
                if table is self.exact:
                    self.clashes.append((name, table[key] or "?", ident))
                table[key] = None  # ambiguous: never answer from it
            elif key not in table:
                table[key] = ident
        self.choices.append((k.key(name), name, ident))
        self.by_length = None

    def find(self, text: str, min_score: float) -> tuple[str, float] | None:
        """Exact key (100), then skeleton / order-free key (95); None when not found."""
        k = self.keyer
        if (ident := self.exact.get(k.key(text))) is not None:
            return ident, 100.0
        if min_score <= 95.0:
            for table, key in ((self.skeleton, k.skeleton(text)), (self.bag, k.bag(text))):
                if (ident := table.get(key)) is not None:
                    return ident, 95.0
        return None

    def fuzzy(self, text: str, min_score: float) -> tuple[str, float] | None:
        """Best rapidfuzz candidate (character-level ratio) that passes the guard."""
        query = self.keyer.key(text)
        if not query:
            return None
        for i, score in self._ranked(query, min_score):
            if self.keyer.compatible(text, self.choices[i][1]):
                return self.choices[i][2], float(score)
        return None

    def _ranked(self, query: str, min_score: float) -> list[tuple[int, float]]:
        """(choice position, score) of the ten best keys with fuzz.ratio ≥ min_score, ranked as
        process.extract over all keys ranks them: score down, then position in choices.

        Only keys of a length that can reach min_score are scored (a fraction of the ~1,300 choices);
        the slice is ordered by length, so its hits are re-ranked by position before the cut at ten.
        """
        if self.by_length is None:
            order = sorted(range(len(self.choices)), key=lambda i: len(self.choices[i][0]))
            self.by_length = ([self.choices[i][0] for i in order], [len(self.choices[i][0]) for i in order], order)
        keys, lengths, positions = self.by_length
        shortest, longest = _length_window(len(query), min_score)
        start, stop = bisect_left(lengths, shortest), bisect_right(lengths, longest)
        hits = process.extract(query, keys[start:stop], scorer=fuzz.ratio, processor=None, limit=None,
                               score_cutoff=min_score)
        return sorted(((positions[start + j], score) for _, score, j in hits), key=lambda h: (-h[1], h[0]))[:10]


def _length_window(length: int, min_score: float) -> tuple[int, int]:
    """Shortest and longest key that can score min_score against a query of this length.

    fuzz.ratio = 100·(1 − indel/(a+b)) and indel ≥ |a − b|, so ratio ≤ 200·min(a, b)/(a + b); a hair
    of slack keeps float rounding at an exact boundary from dropping a candidate.
    """
    if not 0 < min_score <= 100:
        return 0, sys.maxsize
    shortest = math.ceil(length * min_score / (200 - min_score) - 1e-6)
    longest = math.floor(length * (200 - min_score) / min_score + 1e-6)
    return shortest, longest


def _read(name: str) -> dict:
    try:
        return tomllib.loads(resources.files("stdbench.data").joinpath(name).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:  # a broken package, reported as one line
        raise NormalizeError(f"cannot load lexicon: {exc}", file=f"stdbench/data/{name}") from exc
