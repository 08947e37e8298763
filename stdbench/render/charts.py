"""The report's two charts, drawn once with matplotlib: inline SVG for HTML, PNG for Word.

1. a dot plot, one labelled row per parameter × standard: the limit relative to the baseline (ratio; log scale
   when ratios span a decade), so every marker sits on the line of its own label;
2. per standard, its verdict counts as a stacked bar.
Chinese labels need a CJK font (Debian fonts-noto-cjk, "Noto Sans CJK SC"); without one a warning is issued.
"""
from __future__ import annotations

import io
import re
import warnings
from functools import cache

from stdbench.render.report_data import ReportData, Texts, count_columns

_CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "SimHei",
              "Microsoft YaHei", "PingFang SC")
_MARKERS = "osD^v<>ph*"


@cache
def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    family = cjk_font()
    matplotlib.rcParams.update({
        "font.family": "sans-serif",
        "font.sans-serif": ([family] if family else []) + ["DejaVu Sans"],
        "axes.unicode_minus": False,
        "svg.fonttype": "none",  # keep text as text in SVG (small, searchable)
        "svg.hashsalt": "stdbench",  # deterministic ids
    })
    return plt


@cache
def cjk_font() -> str | None:
    """The name of an installed CJK font matplotlib can use, or None (with a warning)."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    for name in _CJK_FONTS:
        if name in installed:
            return name
    warnings.warn("no CJK font found (install fonts-noto-cjk): Chinese chart labels will not render",
                  stacklevel=2)
    return None


def ratio_points(data: ReportData) -> list[tuple[str, list[tuple[str, float]]]]:
    """(row label, [(standard, limit / baseline limit)]) for rows where the baseline and another have numbers
    (in the baseline's unit: a converted cell is plotted with the conversion compare applied)."""
    out: list[tuple[str, list[tuple[str, float]]]] = []
    for row in data.rows:
        ref = row.reference or data.baseline  # the baseline this row is judged against
        base = row.cell(ref)
        if base is None or base.value is None or base.value <= 0:
            continue
        pts = [(c.standard, float(c.value_in_baseline_unit() / base.value)) for c in row.cells
               if c.standard != ref and c.value is not None and c.value > 0
               and (not c.unit or not base.unit or c.unit == base.unit or c.conversion is not None)]
        if pts:
            label = row.name + (f"（{row.subject}）" if row.subject else "")
            out.append((label, pts))
    return out


def dot_rows(data: ReportData) -> list[tuple[str, str, float]]:
    """Figure 1's rows, one per parameter × standard: (parameter label, standard, ratio), parameters in order."""
    return [(label, code, ratio) for label, pts in ratio_points(data) for code, ratio in pts]


def _limits_figure(data: ReportData, t: Texts):
    plt = _pyplot()
    rows = dot_rows(data)
    codes = [s.code for s in data.benchmarked]
    fig, ax = plt.subplots(figsize=(8, max(2.6, 0.3 * len(rows) + 2.0)), dpi=100)
    if not rows:
        ax.text(0.5, 0.5, "—", ha="center", va="center")
        ax.set_axis_off()
        return fig
    ratios = [r for _, _, r in rows] + [1.0]
    for i, code in enumerate(codes):
        mine = [(y, r) for y, (_, c, r) in enumerate(rows) if c == code]
        if mine:
            ax.scatter([r for _, r in mine], [y for y, _ in mine], label=code,
                       marker=_MARKERS[i % len(_MARKERS)], s=36, zorder=3)
    for y, (_, _, r) in enumerate(rows):  # the ratio printed beside its marker
        ax.annotate(f"{r:.3g}", (r, y), xytext=(6, 0), textcoords="offset points", va="center", fontsize=7)
    for y in range(1, len(rows)):  # a rule between parameters
        if rows[y][0] != rows[y - 1][0]:
            ax.axhline(y - 0.5, color="#BBBBBB", linewidth=0.6)
    ax.axvline(1.0, color="#555555", linewidth=1, linestyle="--", label=data.baseline)
    if max(ratios) / min(ratios) >= 10:  # limits span decades
        ax.set_xscale("log")
    ax.set_yticks(range(len(rows)), [f"{label} · {code}" for label, code, _ in rows])
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xlabel(t("chart_ratio_axis"))
    ax.set_title(t("chart_limits"))
    ax.grid(axis="x", alpha=0.3)
    ax.legend(fontsize=8, ncol=3, loc="upper center", bbox_to_anchor=(0.5, -0.14 - 1.2 / fig.get_figheight() / 10))
    fig.tight_layout()
    return fig


def _counts_figure(data: ReportData, t: Texts):
    plt = _pyplot()
    codes = [s.code for s in data.benchmarked]
    fig, ax = plt.subplots(figsize=(8, max(2.0, 0.5 * len(codes) + 1.4)), dpi=100)
    left = [0] * len(codes)
    columns = count_columns(data.counts)
    for v in columns:
        vals = [data.counts.get(code, {}).get(v, 0) for code in codes]
        ax.barh(range(len(codes)), vals, left=left, label=t.verdict(v), color="#" + t.colors.get(v, "EDEDED"),
                edgecolor="#666666", linewidth=0.5)
        left = [a + b for a, b in zip(left, vals)]
    ax.set_yticks(range(len(codes)), codes)
    ax.invert_yaxis()
    ax.set_title(t("chart_counts"))
    ax.legend(fontsize=8, ncol=len(columns), loc="upper center", bbox_to_anchor=(0.5, -0.12))
    fig.tight_layout()
    return fig


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=150, metadata={"Software": None})
    _pyplot().close(fig)
    return buf.getvalue()


def _svg(fig) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None})
    _pyplot().close(fig)
    svg = buf.getvalue()
    svg = svg[svg.index("<svg"):]  # drop the XML declaration and DOCTYPE
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.DOTALL)
    return re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", svg)  # inline SVG in HTML needs no namespace URLs


def charts_png(data: ReportData) -> dict[str, bytes]:
    """{"limits": PNG, "counts": PNG} for the Word report."""
    t = Texts(data.lang)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Glyph")
        return {"limits": _png(_limits_figure(data, t)), "counts": _png(_counts_figure(data, t))}


def charts_svg(data: ReportData) -> dict[str, str]:
    """{"limits": <svg…>, "counts": <svg…>} for inline use in the HTML report."""
    t = Texts(data.lang)
    return {"limits": _svg(_limits_figure(data, t)), "counts": _svg(_counts_figure(data, t))}


__all__ = ["charts_png", "charts_svg", "cjk_font", "dot_rows", "ratio_points"]
