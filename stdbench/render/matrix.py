"""The 对标 matrix as a terminal table and as CSV (UTF-8 with BOM; formula-looking cells neutralised).

Values are printed with their operator and unit ("≤0.2 mg/kg"); only-in-one cells say which side is silent
(基准未规定 / 本标准未规定); group names are the report's (``report_text.toml`` ``group_*``)."""
from __future__ import annotations

import csv
import io
import tomllib
import unicodedata
from functools import cache
from importlib import resources

from stdbench.analysis.compare import Cell, Matrix, MatrixRow
from stdbench.analysis.verdict import Verdict, count_label
from stdbench.render.cells import neutralise

__all__ = ["group_label", "matrix_csv", "matrix_text", "neutralise"]

_SILENT = ("baseline-silent", "standard-silent")
_WORDS = {"zh": {"group": "组别", "parameter": "项目", "subject": "对象", "baseline": "基准",
                 "unverified": "未核实", "replaced": "已被代替"},
          "en": {"group": "group", "parameter": "parameter", "subject": "subject", "baseline": "baseline",
                 "unverified": "unverified corpus value", "replaced": "replaced"}}


@cache
def _group_labels() -> dict[str, dict[str, str]]:
    """Per language, group id → label, from the report's wording (report_text.toml ``group_*``)."""
    try:
        data = tomllib.loads(resources.files("stdbench.data").joinpath("report_text.toml").read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return {}
    return {lang: {k.removeprefix("group_"): v for k, v in table.items() if k.startswith("group_")}
            for lang, table in data.items() if isinstance(table, dict)}


def group_label(group: str, lang: str = "zh") -> str:
    """The group's name as the report prints it (污染物, 理化指标 …); the id when there is none."""
    return _group_labels().get(lang, {}).get(group, group)


def _verdict(cell: Cell | None, lang: str) -> str:
    if cell is None or not cell.verdict:
        return ""
    return Verdict(cell.verdict).label(lang, missing=cell.missing)


def _subject(row: MatrixRow) -> str:
    return " ".join(row.subject.values())


def _value(cell: Cell) -> str:
    """The value with operator and unit: the canonical notation when there is one, else as written + unit."""
    text = cell.normalized or cell.limit or "—"
    if cell.unit and cell.limit and not cell.normalized and cell.unit not in text:
        text = f"{text} {cell.unit}"
    return text


def _short(text: str, limit: int = 14) -> str:
    """A long category list cut for the terminal (the JSON and CSV keep it whole)."""
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _cell_text(row: MatrixRow, code: str, lang: str) -> str:
    cell = row.cell(code)
    if cell is None or (cell.limit is None and cell.verdict is None):
        return "—"
    limit = _value(cell) + ("" if cell.verified else "※")  # ※ 未核实 (unverified)
    if cell.category and cell.category not in row.subject.values():
        limit += f" 〔{_short(cell.category)}〕"
    if cell.inherited_from:
        mark = f"{'，' if lang == 'zh' else ', '}{_WORDS[lang]['replaced']}" if cell.inherited_superseded else ""
        limit += f" [{cell.inherited_from}{mark}]"
    v = _verdict(cell, lang)
    return f"{limit} ({v})" if v else limit


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _pad(s: str, w: int) -> str:
    return s + " " * (w - _width(s))


def _counts_line(counts: dict[str, int], lang: str) -> str:
    """严于 2  等同 0  宽于 1  仅一方规定 5（基准未规定 4，本标准未规定 1）  不可比 0  引用（已被代替版本） 3."""
    parts = []
    for key, n in counts.items():
        if key in _SILENT:
            continue
        text = f"{count_label(key, lang)} {n}"
        if key == Verdict.only_in_one.value and any(k in counts for k in _SILENT):
            inner = ("，" if lang == "zh" else ", ").join(f"{count_label(k, lang)} {counts.get(k, 0)}"
                                                         for k in _SILENT)
            text += f"（{inner}）" if lang == "zh" else f" ({inner})"
        parts.append(text)
    return "  ".join(parts)


def matrix_text(m: Matrix, lang: str = "zh") -> str:
    """A plain table for the terminal: one line per row, verdicts against the baseline, then the counts."""
    lang = lang if lang in _WORDS else "zh"
    w = _WORDS[lang]
    head = [w["group"], w["parameter"], w["subject"], *m.standards]
    lines = [[group_label(r.group, lang), r.parameter_name, _subject(r) or (m.product or ""),
              *(_cell_text(r, c, lang) for c in m.standards)] for r in m.rows]
    widths = [max(_width(x) for x in col) for col in zip(head, *lines)]
    out = [f"{w['baseline']}: {'、'.join(m.baselines or [m.baseline])}" + (f"  ({m.product})" if m.product else "")]
    out.append("  ".join(_pad(h, wd) for h, wd in zip(head, widths)).rstrip())
    out.append("  ".join("-" * wd for wd in widths))
    out += ["  ".join(_pad(x, wd) for x, wd in zip(line, widths)).rstrip() for line in lines]
    out.append("")
    if any(not c.verified for r in m.rows for c in r.cells):
        out.append(f"※ {w['unverified']}")
    for code, counts in m.counts.items():
        out.append(f"{code}: {_counts_line(counts, lang)}")
    return "\n".join(out) + "\n"


def matrix_csv(m: Matrix, lang: str = "zh") -> bytes:
    """One line per row: group, parameter, subject, then limit, verdict and source for every standard; unit and
    matched category per standard follow at the end of the line (additions, the first columns are unchanged)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    header = ["group", "parameter", "parameter_name", "subject"]
    for code in m.standards:
        header += [code, f"{code} verdict", f"{code} inherited_from"]
    for code in m.standards:
        header += [f"{code} unit", f"{code} category"]
    w.writerow([neutralise(h) for h in header])
    for row in m.rows:
        line = [row.group, row.parameter or "", row.parameter_name, _subject(row)]
        cells = [row.cell(code) for code in m.standards]
        for cell in cells:
            line += [cell.limit or "" if cell else "", _verdict(cell, lang),
                     cell.inherited_from or "" if cell else ""]
        for cell in cells:
            line += [cell.unit or "" if cell else "", cell.category or "" if cell else ""]
        w.writerow([neutralise(x) for x in line])
    return "\ufeff".encode() + buf.getvalue().encode("utf-8")
