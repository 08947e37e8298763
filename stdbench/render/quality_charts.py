"""The quality report's distribution chart: inline SVG for HTML, PNG for Word (same box/strip plot).

A horizontal box plot (min, quartiles, max), every value as a point, each standard's limit as a dashed line.
The PNG uses matplotlib's object API (no global pyplot state) with the CJK font of
:func:`stdbench.render.charts.cjk_font`, so Chinese labels render.
"""
from __future__ import annotations

import html
import io
import warnings
from decimal import Decimal

from stdbench.analysis.quality import ParameterSummary, QualityReport
from stdbench.normalize import lexicon
from stdbench.normalize.quantity import format_number

__all__ = ["box_svg", "distribution_png", "limit_values", "parameter_name"]

_LIMIT_COLORS = ("#c00000", "#e69f00", "#009e73", "#cc79a7", "#0072b2", "#555555")


def parameter_name(pid: str, fallback: str, lang: str) -> str:
    """A parameter's name in the report language (the lexicon's zh/en; ``fallback`` when unknown)."""
    return lexicon.display_name(pid, fallback or pid, lang)


def box_svg(summary: ParameterSummary, limits: dict[str, Decimal], width: int = 560, height: int = 120) -> str:
    """A horizontal box plot (min, quartiles, max) with every value as a point and limits as dashed lines."""
    vals = [float(v) for v in summary.distribution.values]
    marks = {k: float(v) for k, v in limits.items()}
    every = vals + list(marks.values())
    if not every:
        return ""
    lo, hi = min(every), max(every)
    span = (hi - lo) or 1.0
    lo, hi = lo - span * 0.05, hi + span * 0.05
    left, right = 10, width - 10

    def x(v: float) -> float:
        return round(left + (v - lo) / (hi - lo) * (right - left), 1)

    parts = [(f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
              f'viewBox="0 0 {width} {height}" role="img" aria-label="{html.escape(summary.name)}">')]
    if vals:
        s = sorted(vals)
        q1, med, q3 = (s[int((len(s) - 1) * p)] for p in (0.25, 0.5, 0.75))
        parts.append(f'<line x1="{x(s[0])}" y1="40" x2="{x(s[-1])}" y2="40" stroke="#555"/>')
        parts.append(f'<rect x="{x(q1)}" y="25" width="{max(x(q3) - x(q1), 1)}" height="30" fill="#cfe2f3" '
                     f'stroke="#336"/>')
        parts.append(f'<line x1="{x(med)}" y1="25" x2="{x(med)}" y2="55" stroke="#000" stroke-width="2"/>')
        for i, v in enumerate(vals):
            parts.append(f'<circle cx="{x(v)}" cy="{70 + (i * 7) % 20}" r="2" fill="#36c" fill-opacity="0.6"/>')
    for i, (code, v) in enumerate(marks.items()):
        parts.append(f'<line x1="{x(v)}" y1="10" x2="{x(v)}" y2="95" stroke="#c00" stroke-dasharray="4 3"/>')
        parts.append(f'<text x="{x(v) + 3}" y="{105 + (i % 2) * 11}" font-size="10" fill="#c00">'
                     f'{html.escape(code)} {v:g}</text>')
    parts.append("</svg>")
    return "".join(parts)


def distribution_png(summary: ParameterSummary, limits: dict[str, Decimal], values_label: str = "",
                     axis_label: str = "") -> bytes:
    """The box/strip plot of :func:`box_svg` as a PNG for Word; labels come worded from the caller."""
    import matplotlib
    from matplotlib.figure import Figure

    from stdbench.render.charts import cjk_font

    family = cjk_font()
    rc = {"font.family": "sans-serif", "font.sans-serif": ([family] if family else []) + ["DejaVu Sans"],
          "axes.unicode_minus": False}
    vals = [float(v) for v in summary.distribution.values]
    with matplotlib.rc_context(rc), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Glyph")
        fig = Figure(figsize=(6.4, 2.0), dpi=100)
        ax = fig.add_subplot()
        if vals:
            ax.boxplot(vals, orientation="horizontal", widths=0.35, showfliers=False, positions=[1.0])
            ax.scatter(vals, [0.55 + (i * 7 % 20) / 100 for i in range(len(vals))], s=6, alpha=0.5,
                       color="#3366cc", label=values_label or None)
        for i, (code, v) in enumerate(limits.items()):
            ax.axvline(float(v), color=_LIMIT_COLORS[i % len(_LIMIT_COLORS)], linestyle="--", linewidth=1.2,
                       label=f"{code} {format_number(v)}")
        ax.set_yticks([])
        ax.set_ylim(0.4, 1.4)
        ax.set_xlabel(axis_label or summary.name)
        if limits or (vals and values_label):
            ax.legend(fontsize=7, loc="upper right")
        fig.tight_layout()
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=150, metadata={"Software": None})
    return buf.getvalue()


def limit_values(report: QualityReport, summary: ParameterSummary) -> dict[str, Decimal]:
    """The limit each standard applied to this parameter (in the distribution's unit when it is the same)."""
    out: dict[str, Decimal] = {}
    for j in report.judgements:
        if j.parameter == summary.parameter and j.standard not in out and j.limit is not None \
                and j.limit_unit == summary.distribution.unit:
            out[j.standard] = j.limit
    return out
