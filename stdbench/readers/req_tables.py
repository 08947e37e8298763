"""Requirement tables → :class:`Requirement`: header rows, column roles, grade/product-type columns,
units (header, row label, cell, table statement), n/c/m/M sampling plans. Works on the model's grid only,
so STS, Metanorma and Word tables are read the same way.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from stdbench.errors import NormalizeError
from stdbench.model import (
    Bound,
    BoundKind,
    Cell,
    Clause,
    Provenance,
    Requirement,
    SamplingPlan,
    Subject,
    Table,
)
from stdbench.normalize.quantity import (
    label_direction,
    parse_number,
    parse_sampling_plan,
    parse_unit,
    split_label,
)
from stdbench.normalize.text import squash
from stdbench.readers import req_sentences as rs

_PLAN_ROLES = ("n", "c", "m", "M")
_ROW_ROLES = ("category", "category_code", "unit", "method", "basis", "source", "remarks")
_PARENTHESISED = re.compile(r"[（(].*?[)）]")
_DIGIT = re.compile(r"\d")
_TWO_HANZI = re.compile(r"[\u4e00-\u9fff]{2,}")
_LATIN = re.compile(r"[A-Za-z]")
_TRAILING_UNIT = re.compile(r"(?:^|[\s/])(%|‰|[^\s/()（）]+/[^\s()（）]+|\([^()]+\))\s*$")


@dataclass
class TableContext:
    """What a table inherits from around it: the unit statement before it, a parameter for tables
    without a parameter column (GB 2762: one table per contaminant), the first data-row index."""

    unit: str | None = None
    parameter_label: str | None = None
    context_titles: list[str] = field(default_factory=list)  # titles of the enclosing clauses, nearest first
    row_offset: int = 0
    warnings: list[str] = field(default_factory=list)


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


# --------------------------------------------------------------------------- header analysis


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
    for role, spec in rs.vocab()["roles"].items():
        sensitive = bool(spec.get("case_sensitive"))
        exact = frozenset(spec["exact"]) if sensitive else frozenset(rs.norm(x) for x in spec["exact"])
        contains = [re.escape(rs.norm(x)) for x in spec["contains"]]
        out.append((role, sensitive, exact, re.compile("|".join(contains)) if contains else None))
    return tuple(out)


@lru_cache(maxsize=8192)
def _role(text: str) -> str | None:
    """Column role named by a header text (see data/table_headers.toml [roles])."""
    raw = rs.strip_label_mark(text)[0]
    name = _split_label(raw)[0]
    keys = {rs.norm(raw), rs.norm(name), rs.norm(_PARENTHESISED.sub("", name))}
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
    g = rs.vocab()["grades"]
    return frozenset(rs.norm(x) for x in g["exact"]), tuple(re.compile(p) for p in g["patterns"])


@lru_cache(maxsize=4096)
def _is_grade(text: str) -> bool:
    key = rs.norm(text)
    exact, patterns = _grade_vocab()
    return key in exact or any(p.match(key) for p in patterns)


@lru_cache(maxsize=1)
def _direction_words() -> tuple[tuple[str, re.Pattern[str]], ...]:
    words = rs.vocab()["direction"]
    return tuple((direction, re.compile(rf"(?<![a-z]){re.escape(rs.norm(w))}(?![a-z])"))
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
        low = rs.norm(h)
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
    t = rs.strip_value_mark(text)[0]
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
                    col.grade = _split_label(rs.strip_label_mark(text)[0])[0]
                break
        for text in reversed(texts):
            _name, unit, basis = _split_label(rs.strip_label_mark(text)[0])
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
        parts = [_split_label(rs.strip_label_mark(texts[lv])[0])[0] for lv in differing]
        qualifier = squash(" ".join(p for p in parts if p))
        for prefix in rs.vocab()["qualifier"]["strip_prefixes"]:
            if qualifier.lower().startswith(prefix) and len(qualifier) > len(prefix) + 1:
                qualifier = qualifier[len(prefix):]
        for suffix in rs.vocab()["qualifier"]["strip_suffixes"]:
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
    for stop in rs.vocab()["label_row"]["stops"]:
        i = t.find(stop)
        if i > 0:
            t = t[:i]
    return t.strip(" ，,;；")


# --------------------------------------------------------------------------- rows → requirements


def _plan(values: dict[str, str], unit: str | None) -> tuple[SamplingPlan | None, Bound]:
    """n/c/m/M cells → sampling plan and the bound it implies (M, else m; m=0/25 g → not detected)."""
    text = ", ".join(f"{k}={v}" for k, v in values.items() if v)
    plan: SamplingPlan | None = None
    try:
        plan = parse_sampling_plan(text)
    except NormalizeError:
        plan = None
    if plan is None:
        m_text, portion = values.get("m", ""), None
        if "/" in m_text:
            m_text, portion = (squash(x) for x in m_text.split("/", 1))
        big = values.get("M", "")
        plan = SamplingPlan(
            n=int(parse_number(values["n"])), c=int(parse_number(values["c"])), m=parse_number(m_text),
            M=None if rs.is_empty_cell(big) else parse_number(big), unit=unit, portion=portion,
        )
    elif plan.unit is None and unit:
        plan = plan.model_copy(update={"unit": unit})
    if plan.m == Decimal(0) and plan.M is None and plan.portion:
        return plan, Bound(kind=BoundKind.not_detected, portion=plan.portion)
    return plan, Bound(upper=plan.M if plan.M is not None else plan.m)


def table_requirements(table: Table, clause: Clause, context: TableContext | None = None) -> list[Requirement]:
    """Every requirement of one table (merge continued tables first: see ``merge_continuations``)."""
    ctx = context or TableContext()
    grid = table.grid()
    if not grid or not grid[0]:
        return []
    unit = ctx.unit or rs.unit_from_statement(table.unit_statement)
    group_label = ctx.parameter_label
    start = 0
    while start < len(grid) and table.rows[start].section != "head":
        only = _single_cell(grid[start])
        if only is None:
            break
        text = squash(only.text)
        stated = rs.unit_from_statement(text)
        if stated:
            unit = stated
        elif _role(text) is None:
            group_label = _label_row_text(text) or group_label
        else:
            break
        start += 1
    head: list[int] = []
    r = start
    while r < len(grid) and len(head) < 4:
        spanned = bool(head) and any(
            cell is not None and any(cell is o for o in grid[head[-1]]) for cell in grid[r])
        if spanned or _is_header_row(grid[r], table.rows[r].section == "head"):
            head.append(r)
            r += 1
        else:
            break
    if not head:
        return []
    texts = [[squash(x.text) if x is not None else "" for x in line] for line in grid]  # each slot, once
    cols = _columns(grid, texts, head)
    _qualify(cols)
    role_col = {c.role: c.index for c in reversed(cols) if c.role}
    limit_cols = [c for c in cols if c.role == "limit"]
    if "limit" not in role_col and "m" not in role_col:
        return []
    if "parameter" not in role_col:
        first_limit = min([c.index for c in limit_cols] + [role_col.get("m", len(cols))])
        for c in cols[:first_limit]:
            if c.role is None and not any(_numeric(texts[rr][c.index]) for rr in range(r, len(grid))):
                c.role = "parameter"
                role_col["parameter"] = c.index
                break
    header_texts = [texts[h] for h in head]
    if unit is None:
        unit = rs.implied_unit(" ".join([table.title or "", *(t for h in header_texts for t in h)]))
    layout = _Layout(table, clause, cols, limit_cols, role_col, unit, rs.footnote_marks(table.footnotes), ctx)
    out: list[Requirement] = []
    for ri in range(r, len(grid)):
        row_texts = texts[ri]
        if table.rows[ri].section == "foot" or row_texts in header_texts or not any(row_texts):
            continue
        if len(grid[ri]) > 1 and _single_cell(grid[ri]) is not None:
            group_label = _label_row_text(row_texts[0]) or group_label
            continue
        out.extend(_row(layout, row_texts, ctx.row_offset + ri - r, group_label))
    return out


@dataclass
class _Layout:
    """What every data row of one table shares: its columns and their roles, the table unit and the
    footnote marks, worked out once per table rather than once per row."""

    table: Table
    clause: Clause
    cols: list[_Column]
    limit_cols: list[_Column]
    role_col: dict[str, int]
    unit: str | None
    marks: dict[str, str]
    ctx: TableContext
    mark_keys: frozenset[str] = field(init=False)
    row_roles: tuple[tuple[str, int | None], ...] = field(init=False)  # (role, its column) of _ROW_ROLES
    plan_cols: tuple[tuple[str, int], ...] = field(init=False)  # (n/c/m/M, its column) where present
    has_plan: bool = field(init=False)

    def __post_init__(self) -> None:
        self.mark_keys = frozenset(self.marks)
        self.row_roles = tuple((role, self.role_col.get(role)) for role in _ROW_ROLES)
        self.plan_cols = tuple((k, self.role_col[k]) for k in _PLAN_ROLES if k in self.role_col)
        self.has_plan = all(k in self.role_col for k in ("m", "n", "c"))


def _row(layout: _Layout, texts: list[str], row_index: int, group_label: str | None) -> list[Requirement]:
    """The requirements of one data row (``texts``: its squashed cell texts, one per grid column)."""
    table, clause, role_col, marks, ctx = layout.table, layout.clause, layout.role_col, layout.marks, layout.ctx
    notes: list[str] = []
    if "parameter" in role_col:
        raw_label = texts[role_col["parameter"]]
        if not raw_label:
            return []
        label, mark = rs.strip_label_mark(raw_label, layout.mark_keys)
        match = rs.identify(label) or rs.identify(_split_label(label)[0])
    else:
        candidates = [x for x in (group_label, table.title, rs.caption_subject(table.title), clause.title,
                                  *ctx.context_titles) if x]
        if not candidates:
            return []
        found = [(x, m) for x in candidates if (m := rs.identify(x)) is not None]
        label, match = found[0] if found else (candidates[0], None)
        mark = None
    if mark and mark in marks:
        notes.append(marks[mark])
    row_dir = _label_direction(label)
    name, row_unit, row_basis = _split_label(label)
    name = name or label
    v = {role: texts[c] if c is not None else "" for role, c in layout.row_roles}
    if v["unit"] and not rs.is_empty_cell(v["unit"]):
        row_unit = row_unit or _unit(v["unit"])
    if v["remarks"] and not rs.is_empty_cell(v["remarks"]):
        notes.append(v["remarks"])
    source = v["source"] or None
    verified = not (source and any(w in source.lower() for w in rs.vocab()["source"]["unverified"]))
    methods = rs.split_methods(v["method"]) if v["method"] else []
    param = match.parameter.id if match else None
    lex_dir = match.parameter.direction if match and match.parameter.direction in ("max", "min", "range") else None
    basis = row_basis or (v["basis"] if v["basis"] and not rs.is_empty_cell(v["basis"]) else None)
    common: dict[str, Any] = {"parameter": param, "label": name, "methods": methods, "verified": verified}
    category, category_code = v["category"] or None, v["category_code"] or None
    out: list[Requirement] = []
    if layout.has_plan:
        values = {k: texts[c] for k, c in layout.plan_cols}
        if not rs.is_empty_cell(values["m"]):
            col = layout.cols[role_col["m"]]
            plan_unit = row_unit or col.unit or layout.unit or (match.unit if match else None)
            text = ", ".join(f"{k}={x}" for k, x in values.items() if x)
            try:
                plan, bound = _plan(values, plan_unit)
                out.append(Requirement(
                    **common, subject=Subject(category=category, category_code=category_code),
                    bound=bound, unit=plan.unit or plan_unit, basis=basis, sampling_plan=plan, limit_text=text,
                    provenance=Provenance(clause=clause.number, table=table.label, row=row_index,
                                          column=col.index, text=text, source=source),
                    notes=list(notes),
                ))
            except (NormalizeError, ValueError, KeyError):
                ctx.warnings.append(f"{table.label or 'table'} row {row_index}: sampling plan not understood: {text}")
    for col in layout.limit_cols:
        raw = texts[col.index]
        if rs.is_empty_cell(raw):
            continue
        value, vmark = rs.strip_value_mark(raw)
        cell_notes = list(notes) + ([marks[vmark]] if vmark and vmark in marks else [])
        default_unit = row_unit or col.unit or layout.unit or (match.unit if match else None)
        # subject and provenance as field dicts: the Requirement builds its own models from them
        subject = {"category": category, "category_code": category_code, "grade": col.grade,
                   "product_type": col.product_type}
        prov = {"clause": clause.number, "table": table.label, "row": row_index, "column": col.index, "text": raw,
                "source": source}
        refs = rs.reference_bounds(value)
        if refs:
            for b in refs:
                out.append(Requirement(**common, subject=subject, bound=b, limit_text=raw,
                                       provenance=prov, notes=cell_notes))
            continue
        req = _limit_requirement(value, raw, default_unit, row_dir or col.direction or lex_dir, basis or col.basis,
                                 match, common, subject, prov, cell_notes)
        if req is not None:
            out.append(req)
    return out


def _limit_requirement(
    value: str, raw: str, unit: str | None, direction: str | None, basis: str | None, match: Any,
    common: dict[str, Any], subject: dict[str, Any], prov: dict[str, Any], notes: list[str],
) -> Requirement | None:
    """One limit cell → Requirement; a cell that is not a limit is kept as a qualitative (text) bound;
    a cell that states no limit ("—", "not specified") gives None."""
    try:
        bound, limit_unit, limit_basis, plan = rs.limit_parts(value, unit=unit, direction=direction)
    except NormalizeError:
        return Requirement(**common, subject=subject, bound=Bound(kind=BoundKind.text, text=value), limit_text=raw,
                           provenance=prov, notes=notes)
    if bound.kind == BoundKind.not_specified:
        return None
    numeric = bound.kind in (BoundKind.interval, BoundKind.not_detected)
    return Requirement(
        **common, subject=subject, bound=bound, unit=limit_unit if numeric else None,
        basis=limit_basis or basis or (match.basis if match else None),
        sampling_plan=plan, limit_text=raw, provenance=prov, notes=notes,
    )


def _unit(text: str) -> str | None:
    try:
        return parse_unit(text)
    except NormalizeError:
        return rs.unit_from_statement("单位为" + text)
