"""Canonical parameters and clause titles: zh/en synonyms → one id (data in stdbench/data/*.toml).

``lookup("铅（以Pb计）/(mg/kg)")`` finds the parameter ``lead``; ``clause_title_key("规格")`` and
``clause_title_key("Specifications")`` both give ``requirements``. Matching is exact on normalised keys
first (width, sub/superscripts, spelling variants, fillers such as 含量/content, word order); rapidfuzz
only ranks candidates for typos, and a guard refuses any candidate whose words differ by more than a
filler or a one-letter typo, so 铅 never becomes 锌 and Aflatoxin B1 never becomes Aflatoxin M1.
"""
from __future__ import annotations

import math
import re
import sys
import tomllib
from bisect import bisect_left, bisect_right
from collections import Counter, deque
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, lru_cache
from importlib import resources

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from stdbench.errors import NormalizeError, StdbenchError
from stdbench.model import ClauseKind
from stdbench.normalize.text import fold, fold_width

__all__ = ["ClauseTitle", "Conversion", "Match", "Parameter", "clause_kind", "clause_title_key",
           "clause_titles", "conversion_factor", "get", "lookup", "parameters"]


# --------------------------------------------------------------------------- data classes


@dataclass(frozen=True)
class Conversion:
    """A parameter-specific factor: value_in_to = value_in_from × factor (with its source)."""

    from_unit: str
    to_unit: str
    factor: Decimal
    source: str


@dataclass(frozen=True)
class Parameter:
    """A canonical parameter: id, names, usual limit direction, dimension, preferred unit, group."""

    id: str
    zh: str
    en: str
    synonyms: tuple[str, ...]
    direction: str
    dimension: str
    unit: str | None
    group: str
    conversions: tuple[Conversion, ...] = ()
    note: str | None = None

    def names(self) -> tuple[str, ...]:
        """Every spelling the parameter is known by: zh, en, synonyms."""
        return (self.zh, self.en, *self.synonyms)


@dataclass(frozen=True)
class Match:
    """A label resolved to a parameter; unit and basis are what the label carried besides the name."""

    parameter: Parameter
    score: float  # 100 exact, 95 after normalisation (footnote, filler, order), else the fuzzy ratio
    label: str
    unit: str | None
    basis: str | None


@dataclass(frozen=True)
class ClauseTitle:
    """A canonical clause title: key, ClauseKind, zh/en titles, Heilongjiang plan dimension(s)."""

    id: str
    kind: ClauseKind
    zh: tuple[str, ...]
    en: tuple[str, ...]
    plan: tuple[str, ...] = ()  # 原料, 辅料, 工艺, 产品, 包装, 物流
    part: bool = False  # a part of 标志、标签、包装、运输和贮存


# --------------------------------------------------------------------------- keys and the guard

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


# --------------------------------------------------------------------------- parameters


@cache
def _parameter_data() -> tuple[dict[str, Parameter], _Index]:
    data = _read("parameters.toml")
    index = _Index(_keyer(data.get("matching", {})))
    params: dict[str, Parameter] = {}
    for row in data["parameter"]:
        convs = tuple(Conversion(c["from"], c["to"], Decimal(c["factor"]), c["source"])
                      for c in row.get("conversions", ()))
        p = Parameter(row["id"], row["zh"], row["en"], tuple(row.get("synonyms", ())), row["direction"],
                      row["dimension"], row.get("unit") or None, row["group"], convs, row.get("note"))
        if p.id in params:
            raise NormalizeError(f"duplicate parameter id {p.id!r}", file="stdbench/data/parameters.toml")
        params[p.id] = p
        for name in (*p.names(), p.id.replace("_", " ")):
            index.add(name, p.id)
    return params, index


def parameters() -> dict[str, Parameter]:
    """Every canonical parameter by id (loaded once from parameters.toml)."""
    return _parameter_data()[0]


def get(pid: str) -> Parameter:
    """The parameter with this id; raises NormalizeError when unknown."""
    try:
        return parameters()[pid]
    except KeyError:
        raise NormalizeError(f"unknown parameter id {pid!r}") from None


_LEAD = re.compile(r"^\s*(?:[(（]\s*\d{1,2}\s*[)）]|\d{1,2}(?:\.\d{1,2})*[.、．]?\s+|\d{1,2}[、．.](?!\d)"
                   r"|[a-zA-Z][)）]|[①-⑳]|[—–\-•·▪●◆*]+)\s*")
_UNIT_TAIL = re.compile(r"\s*[/／]\s*(?P<u>[(（\[［].*[)）\]］]|[%‰]|[\u4e00-\u9fff]{1,2}|[A-Za-zμµ°℃%]+(?:/[\w μµ·.()]+)?)\s*$")
_UNIT_PAREN = re.compile(r"\s*[(（\[［]\s*(?P<u>[^()（）\u4e00-\u9fff]*[/%‰][^()（）\u4e00-\u9fff]*)[)）\]］]\s*$")
_BASIS = re.compile(r"\s*(?:[(（]\s*(?P<b>以[^()（）]+计|as [^()（）]+|on [^()（）]+|[^()（）]*基)\s*[)）]"
                    r"|(?P<c>以[^()（）\s]+计))\s*$")
_PAREN_TAIL = re.compile(r"\s*[(（](?P<p>[^()（）]{1,20})[)）]\s*$")
_FOOTNOTE = re.compile(r"(?<=[a-z\u4e00-\u9fff)）])(?:[a-h]|\s?\d{1,2}|[¹²³⁴⁵⁶⁷⁸⁹⁰ᵃᵇᶜᵈᵉ]+|\*{1,3}|[†‡])$")


def _strip_unit_basis(text: str) -> tuple[str, str | None, str | None]:
    """Own fallback for quantity.split_label: trailing "/(unit)", "(unit)" and "（以X计）" parts."""
    s, unit, basis = fold_width(text).strip(), None, None
    for _ in range(3):
        if (m := _UNIT_TAIL.search(s)) or (m := _UNIT_PAREN.search(s)):
            unit = unit or m["u"].strip(" ()（）[]［］")
        elif m := _BASIS.search(s):
            basis = basis or (m["b"] or m["c"]).strip()
        else:
            break
        s = s[: m.start()].strip()
    return s, unit, basis


def _split(label: str) -> tuple[str, str | None, str | None]:
    name, unit, basis = label, None, None
    try:  # a colleague's parser, when present, knows more units and bases than the fallback below
        from stdbench.normalize.quantity import split_label
    except ImportError:
        split_label = None
    if split_label is not None:
        try:
            name, unit, basis = split_label(label)
        except (StdbenchError, ValueError, TypeError):
            name = label
        name = name or label
    name, unit2, basis2 = _strip_unit_basis(name)
    return name, unit or unit2, basis or basis2


def _canonical_unit(unit: str | None) -> str | None:
    if not unit:
        return None
    try:
        from stdbench.normalize.units import lookup_unit
        return lookup_unit(unit) or unit
    except (ImportError, StdbenchError):
        return unit


def _candidates(name: str, prefixes: tuple[str, ...]) -> list[tuple[str, str | None]]:
    """The cleaned name, then variants without a glued footnote mark and/or a trailing (…)."""
    s = fold(name)
    for _ in range(2):
        s = _LEAD.sub("", s, count=1)
        for pre in prefixes:
            if s.startswith(pre):
                s = s[len(pre):].lstrip(" :：,，")
    out = [(s, None)]
    if (m := _PAREN_TAIL.search(s)) and (orig := _PAREN_TAIL.search(fold_width(name).strip())):
        out.append((s[: m.start()].strip(), orig["p"].strip()))  # the (…) as written: (KOH), not (koh)
    out += [(_FOOTNOTE.sub("", t).strip(), p) for t, p in list(out) if _FOOTNOTE.search(t)]
    return [(t, p) for t, p in out if t]


@lru_cache(maxsize=8192)
def lookup(label: str, min_score: float = 85.0) -> Match | None:
    """The parameter a printed label names ("铅（以Pb计）/(mg/kg)" → lead), or None."""
    params, index = _parameter_data()
    prefixes = tuple(fold(p) for p in _read_prefixes())
    name, unit, basis = _split(label)
    cands = _candidates(name, prefixes)
    found = next(((hit, p) for t, p in cands if (hit := index.find(t, min_score))), None)
    if found is None:
        found = next(((hit, p) for t, p in cands if (hit := index.fuzzy(t, min_score))), None)
    if found is None:
        return None
    (pid, score), paren = found
    return Match(params[pid], score, label, _canonical_unit(unit), basis or paren)


@cache
def _read_prefixes() -> tuple[str, ...]:
    return tuple(_read("parameters.toml").get("matching", {}).get("prefixes", ()))


def _unit_key(unit: str) -> str:
    return fold(_canonical_unit(unit) or unit).replace(" ", "").replace("µ", "μ")


def conversion_factor(pid: str, from_unit: str, to_unit: str) -> Decimal | None:
    """Factor f (value_to = value_from × f) valid only for this parameter (peroxide value g/100 g →
    mmol/kg = 39.4), chaining and inverting the listed factors; None when the parameter has none."""
    p = parameters().get(pid)
    if p is None or not p.conversions:
        return None
    graph: dict[str, list[tuple[str, Decimal]]] = {}
    for c in p.conversions:
        a, b = _unit_key(c.from_unit), _unit_key(c.to_unit)
        graph.setdefault(a, []).append((b, c.factor))
        graph.setdefault(b, []).append((a, Decimal(1) / c.factor))
    start, goal = _unit_key(from_unit), _unit_key(to_unit)
    if start not in graph or goal not in graph:
        return None
    seen, queue = {start}, deque([(start, Decimal(1))])
    while queue:
        node, f = queue.popleft()
        if node == goal:
            return f
        for nxt, g in graph[node]:
            if nxt not in seen:
                seen.add(nxt)
                queue.append((nxt, f * g))
    return None


# --------------------------------------------------------------------------- clause titles


@cache
def _clause_data() -> tuple[dict[str, ClauseTitle], _Index, re.Pattern[str]]:
    data = _read("clauses.toml")
    matching = data.get("matching", {})
    index = _Index(_keyer(matching))
    titles: dict[str, ClauseTitle] = {}
    for row in data["clause"]:
        t = ClauseTitle(row["id"], ClauseKind(row["kind"]), tuple(row.get("zh", ())), tuple(row.get("en", ())),
                        tuple(row.get("plan", ())), bool(row.get("part", False)))
        titles[t.id] = t
        for name in (*t.zh, *t.en):
            index.add(name, t.id)
    seps = sorted(matching.get("separators", ["、", ","]), key=len, reverse=True)
    return titles, index, re.compile("|".join(re.escape(s) for s in seps))


def clause_titles() -> dict[str, ClauseTitle]:
    """Every canonical clause title by key (loaded once from clauses.toml)."""
    return _clause_data()[0]


_CLAUSE_NO = re.compile(r"^\s*(?:第[一二三四五六七八九十\d]+[章节条]|[A-Z](?:\.\d+)+|\d+(?:\.\d+)*)[.．、]?\s*")
_ANNEX = re.compile(r"^\s*(?:附\s*录|annex|appendix)(?:\s*[A-Z]\b|\s*$|\s*[(（])", re.IGNORECASE)
_OBLIGATION = re.compile(r"[(（]\s*(?:规范性|资料性|参考)?(?:附录)?\s*[)）]|[(（]\s*(?:normative|informative)\s*[)）]",
                         re.IGNORECASE)


def _clean_title(title: str) -> str:
    s = _CLAUSE_NO.sub("", fold_width(title).strip(), count=1)
    return _OBLIGATION.sub(" ", s).strip(" :：.。")


@lru_cache(maxsize=8192)
def _title_lookup(title: str) -> tuple[str | None, ClauseKind | None]:
    titles, index, seps = _clause_data()
    raw = fold_width(title).strip()
    if _ANNEX.match(raw):
        return "annex", ClauseKind.annex
    s = _clean_title(raw)
    if not s:
        return None, None
    hit = index.find(s, 90.0)
    if hit is None:  # a combined title: "标志、包装" / "Marking, labelling and packaging"
        parts = [p for p in (x.strip() for x in seps.split(fold(s))) if p]
        ids = [h[0] if (h := index.find(p, 90.0)) else None for p in parts]
        if len(parts) > 1 and None not in ids:
            keys = set(ids)
            if len(keys) == 1:
                return ids[0], titles[ids[0]].kind
            kinds = {titles[i].kind for i in keys}
            if kinds == {ClauseKind.marking_packaging_transport_storage}:
                logistic = keys <= {"transport", "storage", "transport_storage", "shelf_life", "sales"}
                key = "transport_storage" if logistic else "marking_packaging_transport_storage"
                return key, kinds.pop()
            return None, kinds.pop() if len(kinds) == 1 else None
        hit = index.fuzzy(s, 90.0)
    return (hit[0], titles[hit[0]].kind) if hit else (None, None)


def clause_title_key(title: str) -> str | None:
    """Canonical clause-title key shared across languages ("范围" and "Scope" → "scope"), or None."""
    return _title_lookup(title)[0]


def clause_kind(title: str) -> ClauseKind | None:
    """ClauseKind for a clause title in Chinese or English ("4.2 理化指标" → requirements), or None."""
    return _title_lookup(title)[1]
