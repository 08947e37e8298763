"""Quality-comparison and front-runner outputs: text table, JSON, CSV, self-contained HTML, Word.

HTML draws per parameter an inline SVG box plot with every value as a strip point and each standard's limit
as a line (no scripts, no external files). CSV starts with a BOM (Excel opens it as UTF-8) and neutralises
text cells beginning with = + - @ so a spreadsheet never runs them as formulas.
"""
from __future__ import annotations

import csv
import html
import io
from decimal import Decimal
from importlib import resources
from pathlib import Path

from stdbench.analysis.quality import ParameterSummary, QualityReport
from stdbench.analysis.rank import RankResult
from stdbench.normalize.quantity import format_number

__all__ = ["box_svg", "quality_csv", "quality_docx", "quality_html", "quality_json", "quality_text",
           "rank_csv", "rank_section_html", "rank_text"]

_OUTCOME_ZH = {"pass": "合格", "fail": "不合格", "not-comparable": "不可比"}
_REASON_ZH = {"missing-value": "缺少结果值", "unknown-parameter": "未知检验项目", "non-numeric": "结果非数值",
              "unknown-unit": "未知单位", "incompatible-unit": "单位无法换算", "missing-sample": "缺少样品编号"}


def _n(x: Decimal | None) -> str:
    return "" if x is None else format_number(x)


def _rate(summary: ParameterSummary, code: str) -> str:
    pr = summary.pass_rates.get(code)
    if pr is None or pr.rate is None:
        return "—"
    return f"{pr.limit_text} {format_number(pr.rate)}% ({pr.passed}/{pr.passed + pr.failed})"


def _table(rows: list[list[str]]) -> str:
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c + " " * (w - _width(c)) for c, w in zip(r, widths)).rstrip() for r in rows)


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def skipped_lines(report: QualityReport) -> list[str]:
    """The summary of skipped rows and each problem, one line each."""
    skipped = report.skipped()
    lines = []
    if skipped:
        what = "，".join(f"{_REASON_ZH.get(k, k)} {v}" for k, v in skipped.items())
        lines.append(f"跳过 {sum(skipped.values())} 行 / skipped {sum(skipped.values())} rows: {what}")
    lines += [f"  {i}" for i in report.issues]
    return lines


def quality_text(report: QualityReport) -> str:
    """Per parameter the distribution and pass rate under each standard, then the failures and problems."""
    mode = "修约值比较法 (rounded-value)" if report.rounded else "全数值比较法 (whole-value)"
    out = [f"产品品质对比 {report.file}  品类: {report.category or '—'}  判定: GB/T 8170-2008 {mode}", ""]
    head = ["参数", "单位", "n", "未检出", "最小", "中位数", "P90", "最大", *report.standards]
    rows = [head]
    for s in report.summaries:
        d = s.distribution
        rows.append([s.name, d.unit or "", str(d.n), str(d.n_censored), _n(d.min), _n(d.median), _n(d.p90),
                     _n(d.max), *(_rate(s, c) for c in report.standards)])
    out.append(_table(rows))
    fails = [j for j in report.judgements if j.outcome == "fail"]
    if fails:
        out += ["", f"不合格 {len(fails)} 项 / failures:"]
        rows = [["样品", "企业", "参数", "结果", "标准", "限量", "差值", "%"]]
        rows += [[j.sample_id, j.enterprise, j.label, f"{j.value_text} {j.unit or ''}".strip(), j.standard,
                  j.limit_text, _n(j.margin), _n(j.margin_pct)] for j in fails]
        out.append(_table(rows))
    lines = skipped_lines(report)
    if lines:
        out += ["", *lines]
    return "\n".join(out) + "\n"


def quality_json(report: QualityReport, evidence: list | None = None) -> str:
    """The report as JSON (Decimals as strings), with the limit evidence when given."""
    import json

    data = report.model_dump(mode="json")
    data["skipped"] = dict(report.skipped())
    for s, raw in zip(report.summaries, data["summaries"]):
        for code, pr in s.pass_rates.items():
            raw["pass_rates"][code]["rate"] = None if pr.rate is None else str(pr.rate)
    if evidence:
        data["evidence"] = [e.model_dump(mode="json") for e in evidence]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _safe(cell: str) -> str:
    """Neutralise a spreadsheet formula: a text cell starting with = + - @ gets a leading apostrophe."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


_CSV_HEAD = ["row", "sample_id", "enterprise", "product", "parameter", "label", "value", "unit", "standard",
             "limit", "limit_unit", "clause", "outcome", "compared", "margin", "margin_pct", "note"]


def quality_csv(report: QualityReport) -> str:
    """One line per sample × parameter × standard; text cells neutralised; starts with a BOM."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(_CSV_HEAD)
    for j in report.judgements:
        text = [j.sample_id, j.enterprise, j.product, j.parameter, j.label, j.value_text, j.unit or "",
                j.standard, j.limit_text, j.limit_unit or "", j.clause or ""]
        w.writerow([str(j.row), *(_safe(t) for t in text), j.outcome, _n(j.compared), _n(j.margin),
                    _n(j.margin_pct), _safe(j.note)])
    return "\ufeff" + buf.getvalue()


# ------------------------------------------------------------------------------------ SVG + HTML


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


def _limit_values(report: QualityReport, summary: ParameterSummary) -> dict[str, Decimal]:
    """The limit each standard applied to this parameter (in the distribution's unit when it is the same)."""
    out: dict[str, Decimal] = {}
    for j in report.judgements:
        if j.parameter == summary.parameter and j.standard not in out and j.limit is not None \
                and j.limit_unit == summary.distribution.unit:
            out[j.standard] = j.limit
    return out


def _template():
    import jinja2

    text = resources.files("stdbench").joinpath("templates/quality.html.j2").read_text(encoding="utf-8")
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return env.from_string(text)


def quality_html(report: QualityReport, evidence: list | None = None, rank: RankResult | None = None) -> str:
    """A self-contained HTML report: summary table, a box/strip plot per parameter, failures, problems."""
    from markupsafe import Markup

    params = []
    for s in report.summaries:
        params.append({"s": s, "svg": Markup(box_svg(s, _limit_values(report, s))),
                       "rates": [_rate(s, c) for c in report.standards]})
    fails = [j for j in report.judgements if j.outcome == "fail"]
    return _template().render(report=report, params=params, fails=fails, fmt=_n,
                              skipped=skipped_lines(report), evidence=evidence or [],
                              rank_html=Markup(rank_section_html(rank)) if rank else "")


def quality_docx(report: QualityReport, path: str | Path) -> None:
    """Write the report as .docx (summary and failures tables; Chinese fonts set for East Asian text)."""
    from docx import Document

    from stdbench.render.ooxml import apply_east_asian_fonts, repeat_header_row, set_table_borders

    doc = Document()
    doc.add_heading("产品品质对比报告", level=1)
    mode = "修约值比较法" if report.rounded else "全数值比较法"
    doc.add_paragraph(f"数据：{report.file}；品类：{report.category or '—'}；判定：GB/T 8170-2008 {mode}。")
    head = ["参数", "单位", "n", "未检出", "最小", "中位数", "P90", "最大", *report.standards]
    body = [[s.name, s.distribution.unit or "", str(s.distribution.n), str(s.distribution.n_censored),
             _n(s.distribution.min), _n(s.distribution.median), _n(s.distribution.p90), _n(s.distribution.max),
             *(_rate(s, c) for c in report.standards)] for s in report.summaries]
    _docx_table(doc, head, body, repeat_header_row, set_table_borders)
    fails = [j for j in report.judgements if j.outcome == "fail"]
    if fails:
        doc.add_heading(f"不合格项（{len(fails)}）", level=2)
        _docx_table(doc, ["样品", "企业", "参数", "结果", "标准", "限量", "差值"],
                    [[j.sample_id, j.enterprise, j.label, f"{j.value_text} {j.unit or ''}".strip(), j.standard,
                      j.limit_text, _n(j.margin)] for j in fails], repeat_header_row, set_table_borders)
    lines = skipped_lines(report)
    if lines:
        doc.add_heading("数据问题", level=2)
        for line in lines:
            doc.add_paragraph(line.strip())
    apply_east_asian_fonts(doc)
    doc.save(str(path))


def _docx_table(doc, head: list[str], body: list[list[str]], repeat_header_row, set_table_borders) -> None:
    table = doc.add_table(rows=1, cols=len(head))
    for cell, text in zip(table.rows[0].cells, head):
        cell.text = text
    repeat_header_row(table.rows[0])
    for row in body:
        for cell, text in zip(table.add_row().cells, row):
            cell.text = text
    set_table_borders(table)


# ------------------------------------------------------------------------------------ ranking


def _rank_rows(result: RankResult) -> list[list[str]]:
    head = ["名次", "标准", "层级", *(f"{i.name}" for i in result.indicators), "最严项数", "名次和", "说明"]
    rows = [head, ["", "国家标准 (national)", "", *(i.national or "—" for i in result.indicators), "", "", ""]]
    for r in result.rows:
        cells = []
        for i in result.indicators:
            p = r.indicators.get(i.parameter)
            ranked = p is not None and i.ranked and p.place is not None
            cells.append(f"{p.limit_text or '—'} [{p.place}]" if ranked else ((p.limit_text if p else "") or "—"))
        rows.append([str(r.place) if r.place else "×", r.standard, r.level, *cells, str(r.strictest),
                     str(r.rank_sum), "; ".join([r.reason, *r.flags])])
    return rows


def rank_text(result: RankResult) -> str:
    """The ranking as a text table; × marks a standard excluded for being looser than the national value."""
    out = [f"领跑者对标排名 / front-runner ranking — {result.product}", "", _table(_rank_rows(result))]
    out += [f"注：{n}" for n in result.notes]
    return "\n".join(out) + "\n"


def rank_csv(result: RankResult) -> str:
    """The ranking table as CSV (BOM, formula-neutralised)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    for row in _rank_rows(result):
        w.writerow([_safe(c) for c in row])
    return "\ufeff" + buf.getvalue()


def rank_section_html(result: RankResult) -> str:
    """An HTML ``<section>`` with the ranking table, for embedding in a report."""
    rows = _rank_rows(result)
    e = html.escape
    out = ['<section class="rank">', f"<h2>领跑者对标排名 — {e(result.product)}</h2>", "<table>",
           "<thead><tr>" + "".join(f"<th>{e(c)}</th>" for c in rows[0]) + "</tr></thead><tbody>"]
    for row, data in zip(rows[1:], [None, *result.rows]):
        cls = ' class="excluded"' if data is not None and data.excluded else ""
        out.append(f"<tr{cls}>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>")
    out.append("</tbody></table>")
    out += [f"<p class=\"note\">{e(n)}</p>" for n in result.notes]
    out.append("</section>")
    return "\n".join(out)
