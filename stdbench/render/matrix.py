"""The 对标 matrix as a terminal table and as CSV (UTF-8 with BOM; formula-looking cells neutralised)."""
from __future__ import annotations

import csv
import io
import unicodedata

from stdbench.analysis.compare import Matrix, MatrixRow
from stdbench.analysis.verdict import Verdict
from stdbench.render.cells import neutralise

__all__ = ["matrix_csv", "matrix_text", "neutralise"]

_GROUPS = {"sensory": "感官要求", "physico-chemical": "理化指标", "contaminants": "污染物限量",
           "mycotoxins": "真菌毒素限量", "microbiological": "微生物限量", "additives": "食品添加剂", "other": "其他"}


def _verdict(v: str | None, lang: str) -> str:
    return Verdict(v).label(lang) if v else ""


def _subject(row: MatrixRow) -> str:
    return " ".join(row.subject.values())


def _cell_text(row: MatrixRow, code: str, lang: str) -> str:
    cell = row.cell(code)
    if cell is None or (cell.limit is None and cell.verdict is None):
        return "—"
    limit = (cell.normalized or cell.limit or "—") + ("" if cell.verified else "※")  # ※ 未核实 (unverified)
    if cell.inherited_from:
        limit += f" [{cell.inherited_from}]"
    v = _verdict(cell.verdict, lang)
    return f"{limit} ({v})" if v else limit


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _pad(s: str, w: int) -> str:
    return s + " " * (w - _width(s))


def matrix_text(m: Matrix, lang: str = "zh") -> str:
    """A plain table for the terminal: one line per row, verdicts against the baseline, then the counts."""
    head = ["组别" if lang == "zh" else "group", "项目" if lang == "zh" else "parameter",
            "对象" if lang == "zh" else "subject", *m.standards]
    lines = [[(_GROUPS.get(r.group, r.group) if lang == "zh" else r.group), r.parameter_name, _subject(r),
              *(_cell_text(r, c, lang) for c in m.standards)] for r in m.rows]
    widths = [max(_width(x) for x in col) for col in zip(head, *lines)]
    out = [f"{'基准' if lang == 'zh' else 'baseline'}: {m.baseline}" + (f"  ({m.product})" if m.product else "")]
    out.append("  ".join(_pad(h, w) for h, w in zip(head, widths)).rstrip())
    out.append("  ".join("-" * w for w in widths))
    out += ["  ".join(_pad(x, w) for x, w in zip(line, widths)).rstrip() for line in lines]
    out.append("")
    if any(not c.verified for r in m.rows for c in r.cells):
        out.append("※ " + ("未核实" if lang == "zh" else "unverified corpus value"))
    for code, counts in m.counts.items():
        parts = [f"{_verdict(k, lang)} {n}" for k, n in counts.items()]
        out.append(f"{code}: " + "  ".join(parts))
    return "\n".join(out) + "\n"


def matrix_csv(m: Matrix, lang: str = "zh") -> bytes:
    """One line per row: group, parameter, subject, then limit, verdict and source for every standard."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    header = ["group", "parameter", "parameter_name", "subject"]
    for code in m.standards:
        header += [code, f"{code} verdict", f"{code} inherited_from"]
    w.writerow([neutralise(h) for h in header])
    for row in m.rows:
        line = [row.group, row.parameter or "", row.parameter_name, _subject(row)]
        for code in m.standards:
            cell = row.cell(code)
            line += [cell.limit if cell else "", _verdict(cell.verdict, lang) if cell else "",
                     cell.inherited_from if cell else ""]
        w.writerow([neutralise(x) for x in line])
    return "\ufeff".encode() + buf.getvalue().encode("utf-8")
