"""Canonical parameters and clause titles: zh/en synonyms → one id (data in stdbench/data/*.toml).

``lookup("铅（以Pb计）/(mg/kg)")`` finds the parameter ``lead``; ``clause_title_key("规格")`` and
``clause_title_key("Specifications")`` both give ``requirements``. Matching is exact on normalised keys
first (width, sub/superscripts, spelling variants, fillers such as 含量/content, word order); rapidfuzz
only ranks candidates for typos, and a guard refuses any candidate whose words differ by more than a
filler or a one-letter typo, so 铅 never becomes 锌 and Aflatoxin B1 never becomes Aflatoxin M1.

This module holds the parameter vocabulary (stdbench/data/parameters.toml) and is the lexicon's public face;
the clause titles live in :mod:`clause_lexicon`, the keys, the guard and the index in :mod:`lexicon_index`.
"""
from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache

from stdbench.errors import NormalizeError, StdbenchError
from stdbench.normalize.clause_lexicon import (  # noqa: F401  (_clause_data re-exported for the tests)
    ClauseTitle,
    _clause_data,
    clause_kind,
    clause_title_key,
    clause_titles,
)
from stdbench.normalize.lexicon_index import (  # noqa: F401  (_length_window re-exported for the tests)
    _Index,
    _keyer,
    _length_window,
    _read,
)
from stdbench.normalize.text import fold, fold_width

__all__ = [
    "ClauseTitle",
    "Conversion",
    "Match",
    "Parameter",
    "clause_kind",
    "clause_title_key",
    "clause_titles",
    "conversion_factor",
    "display_name",
    "get",
    "lookup",
    "parameters",
]


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


def display_name(pid: str | None, fallback: str, lang: str = "zh") -> str:
    """The parameter's name in ``lang`` (the lexicon's zh or en; zh when it has no English), or ``fallback`` (the
    label as written) when the id is missing or unknown."""
    p = parameters().get(pid) if pid else None
    if p is None:
        return fallback
    return (p.en if lang == "en" else p.zh) or p.zh


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
    from stdbench.normalize.quantity import split_label  # here: quantity imports this module

    try:
        name, unit, basis = split_label(label)
    except (StdbenchError, ValueError, TypeError):
        name, unit, basis = label, None, None
    name = name or label
    name, unit2, basis2 = _strip_unit_basis(name)
    return name, unit or unit2, basis or basis2


def _canonical_unit(unit: str | None) -> str | None:
    if not unit:
        return None
    from stdbench.normalize.units import lookup_unit

    try:
        return lookup_unit(unit) or unit
    except StdbenchError:
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
