"""Header analysis of requirement tables: which rows are header rows, each column's role (parameter, limit,
n/c/m/M, method, unit …), grade and product-type columns, and the unit, basis and direction a header states.
Works on the model's grid only; vocabulary in ``data/table_headers.toml`` (through :mod:`.req_vocab`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from stdbench.errors import NormalizeError
from stdbench.model import Cell
from stdbench.normalize.quantity import label_direction, parse_unit, split_label
from stdbench.normalize.text import squash
from stdbench.readers import req_vocab as rv

_PLAN_ROLES = ("n", "c", "m", "M")
_PARENTHESISED = re.compile(r"[（(].*?[)）]")
_DIGIT = re.compile(r"\d")
_TWO_HANZI = re.compile(r"[\u4e00-\u9fff]{2,}")
_LATIN = re.compile(r"[A-Za-z]")
_TRAILING_UNIT = re.compile(r"(?:^|[\s/])(%|‰|[^\s/()（）]+/[^\s()（）]+|\([^()]+\))\s*$")


@dataclass
class _Column:
    index: int
    headers: list[str]
    role: str | None = None
    unit: str | None = None
    basis: str | None = None
    direction: str | None = None
    grade: str | None = None
    product_type: str | None = None


@lru_cache(maxsize=8192)
def _split_label(text: str) -> tuple[str, str | None, str | None]:
    """``split_label`` of the quantity module, with a trailing bare unit ("… %") as a fallback."""
    text = squash(text)
    try:
        name, unit, basis = split_label(text)
    except NormalizeError:
        name, unit, basis = text, None, None
    if unit is None and basis is None:
        name = text  # nothing split off: keep the label as written (full-width punctuation and all)
    if unit is None:
        m = _TRAILING_UNIT.search(name)
        if m and m.start(1) > 0:
            try:
                unit = parse_unit(m.group(1).strip("()"))
                name = name[: m.start()].rstrip(" /")
            except NormalizeError:
                pass
    return squash(name), unit, basis


_label_direction = lru_cache(maxsize=8192)(label_direction)


@lru_cache(maxsize=1)
def _role_specs() -> tuple[tuple[str, bool, frozenset[str], re.Pattern[str] | None], ...]:
    """Column roles in vocabulary order as (role, case sensitive, exact keys, a pattern finding any of its
    contained keys — one search instead of a loop over them), built once."""
    out = []
    for role, spec in rv.vocab()["roles"].items():
        sensitive = bool(spec.get("case_sensitive"))
        exact = frozenset(spec["exact"]) if sensitive else frozenset(rv.norm(x) for x in spec["exact"])
        contains = [re.escape(rv.norm(x)) for x in spec["contains"]]
        out.append((role, sensitive, exact, re.compile("|".join(contains)) if contains else None))
    return tuple(out)


@lru_cache(maxsize=8192)
def _role(text: str) -> str | None:
    """Column role named by a header text (see data/table_headers.toml [roles])."""
    raw = rv.strip_label_mark(text)[0]
    name = _split_label(raw)[0]
    keys = {rv.norm(raw), rv.norm(name), rv.norm(_PARENTHESISED.sub("", name))}
    for role, sensitive, exact, contains in _role_specs():
        if sensitive:
            if {raw.strip(), name.strip()} & exact:
                return role
            continue
        if keys & exact:
            return role
        if contains is not None and any(contains.search(k) for k in keys if k):
            return role
    return "grade" if _is_grade(name) else None


@lru_cache(maxsize=1)
def _grade_vocab() -> tuple[frozenset[str], tuple[re.Pattern[str], ...]]:
    g = rv.vocab()["grades"]
    return frozenset(rv.norm(x) for x in g["exact"]), tuple(re.compile(p) for p in g["patterns"])


@lru_cache(maxsize=4096)
def _is_grade(text: str) -> bool:
    key = rv.norm(text)
    exact, patterns = _grade_vocab()
    return key in exact or any(p.match(key) for p in patterns)


@lru_cache(maxsize=1)
def _direction_words() -> tuple[tuple[str, re.Pattern[str]], ...]:
    words = rv.vocab()["direction"]
    return tuple((direction, re.compile(rf"(?<![a-z]){re.escape(rv.norm(w))}(?![a-z])"))
                 for direction in ("max", "min") for w in words[direction])


def _direction(headers: list[str]) -> str | None:
    """"max"/"min" for bare numbers in a column: an operator in a header ("指标 ≤"), else its words."""
    return _direction_of(tuple(headers))


@lru_cache(maxsize=4096)
def _direction_of(headers: tuple[str, ...]) -> str | None:
    for h in headers:
        if (found := _label_direction(h)) is not None:
            return found
    for h in headers:
        low = rv.norm(h)
        for direction, pattern in _direction_words():
            if pattern.search(low):
                return direction
    return None


def _distinct(cells: list[Cell | None]) -> list[Cell]:
    """The cells of a grid row once each (a spanned cell fills several slots), in order."""
    return list({id(cell): cell for cell in cells if cell is not None}.values())


def _single_cell(cells: list[Cell | None]) -> Cell | None:
    """The one cell a grid row is made of (a spanning label or unit-statement row), else None."""
    found: Cell | None = None
    for cell in cells:
        if cell is None or cell is found:
            continue
        if found is not None:
            return None
        found = cell
    return found


def _is_header_row(row_cells: list[Cell | None], flagged: bool) -> bool:
    cells = [c for c in _distinct(row_cells) if squash(c.text)]
    if flagged or (cells and all(c.header for c in cells)):
        return True
    if not cells or any(_numeric(c.text) for c in cells if _role(c.text) not in _PLAN_ROLES):
        return False
    return sum(1 for c in cells if _role(c.text)) * 2 >= len(cells)


@lru_cache(maxsize=8192)
def _numeric(text: str) -> bool:
    t = rv.strip_value_mark(text)[0]
    return bool(_DIGIT.search(t)) and not _TWO_HANZI.search(t) and len(_LATIN.findall(t)) <= 6


def _columns(grid: list[list[Cell | None]], grid_texts: list[list[str]], head: list[int]) -> list[_Column]:
    width = len(grid[0]) if grid else 0
    cols: list[_Column] = []
    for c in range(width):
        texts: list[str] = []
        last: Cell | None = None
        for r in head:
            cell = grid[r][c]
            if cell is not None and cell is not last and grid_texts[r][c]:
                texts.append(grid_texts[r][c])
            last = cell
        col = _Column(c, texts)
        for level, text in reversed(list(enumerate(texts))):
            role = _role(text)
            if role:
                col.role = "limit" if role == "grade" else role
                if role == "grade":
                    col.grade = _split_label(rv.strip_label_mark(text)[0])[0]
                break
        for text in reversed(texts):
            _name, unit, basis = _split_label(rv.strip_label_mark(text)[0])
            col.unit = col.unit or unit
            col.basis = col.basis or basis
        col.direction = _direction(texts)
        cols.append(col)
    return cols


def _qualify(cols: list[_Column]) -> None:
    """Several limit columns: the header levels where they differ name the grade or product type."""
    limits = [c for c in cols if c.role == "limit"]
    if len(limits) < 2:
        return
    depth = max(len(c.headers) for c in limits)
    padded = [c.headers + [c.headers[-1] if c.headers else ""] * (depth - len(c.headers)) for c in limits]
    differing = [lv for lv in range(depth) if len({p[lv] for p in padded}) > 1]
    for col, texts in zip(limits, padded):
        parts = [_split_label(rv.strip_label_mark(texts[lv])[0])[0] for lv in differing]
        qualifier = squash(" ".join(p for p in parts if p))
        for prefix in rv.vocab()["qualifier"]["strip_prefixes"]:
            if qualifier.lower().startswith(prefix) and len(qualifier) > len(prefix) + 1:
                qualifier = qualifier[len(prefix):]
        for suffix in rv.vocab()["qualifier"]["strip_suffixes"]:
            if qualifier.endswith(suffix) and len(qualifier) > len(suffix) + 1:
                qualifier = qualifier[: -len(suffix)]
        if not qualifier or col.grade:
            continue
        if _is_grade(qualifier):
            col.grade = qualifier
        else:
            col.product_type = qualifier


def _label_row_text(text: str) -> str:
    """Parameter name from a spanning label row ("苯甲酸及其钠盐 … CNS号 17.001" → "苯甲酸及其钠盐 …")."""
    t = squash(text)
    for stop in rv.vocab()["label_row"]["stops"]:
        i = t.find(stop)
        if i > 0:
            t = t[:i]
    return t.strip(" ，,;；")
