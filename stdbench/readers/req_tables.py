"""Requirement tables → :class:`Requirement`: header rows, column roles, grade/product-type columns,
units (header, row label, cell, table statement), n/c/m/M sampling plans. Works on the model's grid only,
so STS, Metanorma and Word tables are read the same way. Header rows and column roles are worked out in
:mod:`.req_headers`; this module turns the data rows into requirements.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from stdbench.errors import NormalizeError
from stdbench.model import (
    Bound,
    BoundKind,
    Clause,
    Provenance,
    Requirement,
    SamplingPlan,
    Subject,
    Table,
)
from stdbench.normalize.quantity import parse_number, parse_sampling_plan, parse_unit
from stdbench.normalize.text import squash
from stdbench.readers import req_vocab as rv
from stdbench.readers.req_headers import (
    _PLAN_ROLES,
    _Column,
    _columns,
    _is_header_row,
    _label_direction,
    _label_row_text,
    _numeric,
    _qualify,
    _role,
    _single_cell,
    _split_label,
)

_ROW_ROLES = ("category", "category_code", "unit", "method", "basis", "source", "remarks")


@dataclass
class TableContext:
    """What a table inherits from around it: the unit statement before it, a parameter for tables
    without a parameter column (GB 2762: one table per contaminant), the first data-row index."""

    unit: str | None = None
    parameter_label: str | None = None
    context_titles: list[str] = field(default_factory=list)  # titles of the enclosing clauses, nearest first
    row_offset: int = 0
    warnings: list[str] = field(default_factory=list)


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
            M=None if rv.is_empty_cell(big) else parse_number(big), unit=unit, portion=portion,
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
    unit = ctx.unit or rv.unit_from_statement(table.unit_statement)
    group_label = ctx.parameter_label
    start = 0
    while start < len(grid) and table.rows[start].section != "head":
        only = _single_cell(grid[start])
        if only is None:
            break
        text = squash(only.text)
        stated = rv.unit_from_statement(text)
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
        unit = rv.implied_unit(" ".join([table.title or "", *(t for h in header_texts for t in h)]))
    layout = _Layout(table, clause, cols, limit_cols, role_col, unit, rv.footnote_marks(table.footnotes), ctx)
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
        label, mark = rv.strip_label_mark(raw_label, layout.mark_keys)
        match = rv.identify(label) or rv.identify(_split_label(label)[0])
    else:
        candidates = [x for x in (group_label, table.title, rv.caption_subject(table.title), clause.title,
                                  *ctx.context_titles) if x]
        if not candidates:
            return []
        found = [(x, m) for x in candidates if (m := rv.identify(x)) is not None]
        label, match = found[0] if found else (candidates[0], None)
        mark = None
    if mark and mark in marks:
        notes.append(marks[mark])
    row_dir = _label_direction(label)
    name, row_unit, row_basis = _split_label(label)
    name = name or label
    v = {role: texts[c] if c is not None else "" for role, c in layout.row_roles}
    if v["unit"] and not rv.is_empty_cell(v["unit"]):
        row_unit = row_unit or _unit(v["unit"])
    if v["remarks"] and not rv.is_empty_cell(v["remarks"]):
        notes.append(v["remarks"])
    source = v["source"] or None
    verified = not (source and any(w in source.lower() for w in rv.vocab()["source"]["unverified"]))
    methods = rv.split_methods(v["method"]) if v["method"] else []
    param = match.parameter.id if match else None
    lex_dir = match.parameter.direction if match and match.parameter.direction in ("max", "min", "range") else None
    basis = row_basis or (v["basis"] if v["basis"] and not rv.is_empty_cell(v["basis"]) else None)
    common: dict[str, Any] = {"parameter": param, "label": name, "methods": methods, "verified": verified}
    category, category_code = v["category"] or None, v["category_code"] or None
    out: list[Requirement] = []
    if layout.has_plan:
        values = {k: texts[c] for k, c in layout.plan_cols}
        if not rv.is_empty_cell(values["m"]):
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
        if rv.is_empty_cell(raw):
            continue
        value, vmark = rv.strip_value_mark(raw)
        cell_notes = list(notes) + ([marks[vmark]] if vmark and vmark in marks else [])
        default_unit = row_unit or col.unit or layout.unit or (match.unit if match else None)
        # subject and provenance as field dicts: the Requirement builds its own models from them
        subject = {"category": category, "category_code": category_code, "grade": col.grade,
                   "product_type": col.product_type}
        prov = {"clause": clause.number, "table": table.label, "row": row_index, "column": col.index, "text": raw,
                "source": source}
        refs = rv.reference_bounds(value)
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
        bound, limit_unit, limit_basis, plan = rv.limit_parts(value, unit=unit, direction=direction)
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
        return rv.unit_from_statement("单位为" + text)
