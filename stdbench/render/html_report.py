"""The 对标 report as one self-contained HTML file (inline CSS, JS and SVG; nothing fetched).

jinja2 with autoescape on: every title, limit and message from a document is escaped. The only unescaped
inserts are the SVG charts matplotlib drew (it escapes the text it places in them).
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2

from stdbench.outputs import write_atomic
from stdbench.render.report_data import (
    VERDICTS,
    ReportData,
    Texts,
    alignment_summary,
    cap,
    conclusion_lines,
    count_columns,
    horizontal_line,
    legend_flags,
    tighten_lines,
)

_TEMPLATE = "report.html.j2"


def template_dirs() -> list[Path]:
    """Where report.html.j2 is looked for: the package's templates/ (installed with it)."""
    pkg = Path(__file__).resolve().parents[1]
    return [d for d in (pkg / "templates",) if d.is_dir()]


@cache
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs()]),
        autoescape=True,  # always, whatever the file name
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
    )


def render_html(data: ReportData, charts: dict[str, str] | None = None) -> str:
    """The report as an HTML string (charts: inline SVG by name; rendered when None)."""
    if charts is None:
        from stdbench.render.charts import charts_svg

        charts = charts_svg(data)
    t = Texts(data.lang)
    row_verdicts = [" ".join(sorted({c.verdict for c in r.cells if c.verdict not in ("baseline", "absent")})) for r in data.rows]
    summaries = [horizontal_line(al, t) if al.horizontal else alignment_summary(al, t, data.baseline)
                 for al in data.alignments]
    return _env().get_template(_TEMPLATE).render(
        cap=lambda text: cap(text or "", 160, t("redline_cut")), count_columns=count_columns(data.counts),
        d=data, t=t, colors=t.colors, verdicts=VERDICTS, groups=data.groups(), row_verdicts=row_verdicts,
        summaries=summaries, charts={"limits": "", "counts": "", **charts}, conclusions=conclusion_lines(data, t),
        tighten=tighten_lines(data, t), legend=legend_flags(data),
    )


def write_html(data: ReportData, path: str | Path, force: bool = False,
               charts: dict[str, str] | None = None) -> Path:
    """Write the HTML report atomically (refuses to overwrite without force)."""
    return write_atomic(path, render_html(data, charts), force=force)
