"""Quality-comparison outputs: text table, JSON, CSV, self-contained HTML, Word.

All wording comes from ``stdbench/data/quality_text.toml`` (Chinese default, ``lang="en"``). HTML draws per
parameter an inline SVG box plot, Word the same chart as a PNG (:mod:`quality_charts`). CSV starts with a BOM
(Excel opens it as UTF-8) and neutralises text cells beginning with = + - @ so a spreadsheet never runs them.
The ranking outputs (:mod:`rank_report`) and the shared wording (:mod:`quality_formats`) are re-exported here.
"""
from __future__ import annotations

import io
from pathlib import Path

from stdbench.analysis.quality import Evidence, ParameterSummary, QualityReport, SampleJudgement
from stdbench.analysis.rank import RankResult
from stdbench.normalize.quantity import format_number
from stdbench.readers.results import Issue
from stdbench.render.quality_charts import box_svg, distribution_png, limit_values, parameter_name
from stdbench.render.quality_formats import (
    Texts,
    _csv,
    _docx_finish,
    _docx_table,
    _lim,
    _n,
    _page,
    _safe,
    _table,
    texts,
)
from stdbench.render.rank_report import (
    _rank_into,
    _rank_view,
    rank_csv,
    rank_docx,
    rank_html,
    rank_section_html,
    rank_text,
)

__all__ = ["box_svg", "distribution_png", "issue_text", "quality_csv", "quality_docx", "quality_html", "quality_json",
           "quality_text", "rank_csv", "rank_docx", "rank_html", "rank_section_html", "rank_text", "skipped_lines",
           "texts"]

_CSV_FIELDS = ("row", "sample_id", "enterprise", "product", "parameter", "label", "value", "unit", "standard",
               "limit", "limit_unit", "clause", "outcome", "compared", "margin", "margin_pct", "note")
_DIST_COLS = ("parameter", "unit", "n", "censored", "min", "median", "p90", "max")
_FAIL_COLS = ("sample", "enterprise", "parameter", "result", "standard", "limit", "margin", "margin_pct")
_EVIDENCE_COLS = ("parameter", "share", "n", "quantile", "proposed", "meeting", "national", "international")

def _file(report: QualityReport) -> str:
    """The data file by name only (an absolute path says nothing to the reader and leaks the machine)."""
    return Path(report.file).name if report.file else ""


def _unverified(report: QualityReport) -> bool:
    return any(not j.verified and j.limit_text for j in report.judgements)


def _rate(summary: ParameterSummary, code: str) -> str:
    pr = summary.pass_rates.get(code)
    if pr is None or pr.rate is None:
        return "—"
    return f"{_lim(pr.limit_text, pr.verified)} {format_number(pr.rate)}% ({pr.passed}/{pr.passed + pr.failed})"


def _mode(report: QualityReport, t: Texts) -> str:
    return t("mode_rounded") if report.rounded else t("mode_whole")


def issue_text(issue: Issue, lang: str = "zh", file: bool = True) -> str:
    """One data problem worded in ``lang``: file name, row, column (as written in the file) and reason."""
    t = texts("quality", lang)
    where = t.sep.join(x for x in (t("issue_row", row=issue.row) if issue.row else "",
                                   t("issue_column", column=issue.column) if issue.column else "") if x)
    key = "issue_" + issue.reason + ("" if issue.value or issue.reason != "unknown-parameter" else "_empty")
    what = t(key, item=issue.item, value=issue.value, target=issue.target, standard=issue.standard) \
        if t.has(key) else issue.message
    head = t.colon.join(x for x in (Path(issue.file).name if file and issue.file else "", where) if x)
    return f"{head}{t.colon}{what}" if head else what


def skipped_lines(report: QualityReport, lang: str = "zh") -> list[str]:
    """The count of problem rows (and how many were skipped), then each problem, one line each.

    The count is the number of rows listed below it: a row whose unit cannot be converted for one standard
    is a problem but is still judged against the others, so it is counted as a problem, not as skipped."""
    t = texts("quality", lang)
    problems, skipped = report.problem_rows(), report.skipped()
    lines = []
    if problems:
        what = t.sep.join(f"{t('reason_' + k)} {v}" for k, v in problems.items())
        n_problem = len({i.row or id(i) for i in report.issues})
        n_skipped = len({i.row or id(i) for i in report.issues if i.reason in skipped})
        key = "skipped" if n_problem == n_skipped else "problems"
        lines.append(t(key, n=n_skipped, rows=n_problem, what=what))
    lines += [f"  {issue_text(i, lang)}" for i in report.issues]
    return lines


def _summary_table(report: QualityReport, t: Texts) -> list[list[str]]:
    rows = [[*t.cols(_DIST_COLS), *report.standards]]
    for s in report.summaries:
        d = s.distribution
        rows.append([parameter_name(s.parameter, s.name, t.lang), d.unit or "", str(d.n), str(d.n_censored), _n(d.min),
                     _n(d.median), _n(d.p90), _n(d.max), *(_rate(s, c) for c in report.standards)])
    return rows


def _fail_table(report: QualityReport, t: Texts, mandatory: bool = True) -> list[list[str]]:
    """Results above the limit: of the mandatory standards (不合格) or of the benchmarks (超出对标值)."""
    rows = [t.cols(_FAIL_COLS)]
    rows += [[j.sample_id, j.enterprise, j.label, f"{j.value_text} {j.unit or ''}".strip(), j.standard,
              _lim(j.limit_text, j.verified), _n(j.margin), _n(j.margin_pct)]
             for j in report.judgements if j.outcome == "fail" and j.mandatory == mandatory]
    return rows


def _outcome(j: SampleJudgement, t: Texts) -> str:
    """不合格 only against a mandatory standard; above a recommended or international limit: 超出对标值."""
    return t("outcome_exceeds") if j.outcome == "fail" and not j.mandatory else t("outcome_" + j.outcome)


def _header(report: QualityReport, t: Texts, key: str = "header") -> str:
    return t(key, file=_file(report), category=report.category or t("none"), mode=_mode(report, t),
             rows=report.rows_read, samples=report.samples)


def _notes(report: QualityReport, t: Texts) -> list[str]:
    """Footnotes: what 不合格 and 超出对标值 mean here, and the ※ mark."""
    out = [t("note_verdicts")]
    if _unverified(report):
        out.append(t("note_unverified"))
    return out


def _evidence_table(evidence: list[Evidence], t: Texts) -> list[list[str]]:
    """The proposed (share-quantile) limit beside the national and the international limits."""
    rows = [t.cols(_EVIDENCE_COLS)]
    for e in evidence:
        refs = {lv: "; ".join(f"{r.standard}: {_lim(r.limit_text, r.verified)}" for r in e.references
                              if (r.level == "national") == (lv == "national")) or t("none")
                for lv in ("national", "international")}
        sign = "≤" if e.direction == "max" else "≥"
        rows.append([parameter_name(e.parameter, e.parameter, t.lang), f"{e.share:g}", str(e.n), _n(e.quantile),
                     f"{sign}{_n(e.limit)} {e.unit or ''}".strip(), f"{e.meeting}/{e.n}", refs["national"],
                     refs["international"]])
    return rows


def quality_text(report: QualityReport, lang: str = "zh") -> str:
    """Per parameter the distribution and pass rate under each standard, then the failures and problems."""
    t = texts("quality", lang)
    out = [_header(report, t, "text_header"), "", _table(_summary_table(report, t))]
    fails, exceeds = _fail_table(report, t), _fail_table(report, t, mandatory=False)
    if len(fails) > 1:
        out += ["", t("failures_text", n=len(fails) - 1), _table(fails)]
    if len(exceeds) > 1:
        out += ["", t("exceeds_text", n=len(exceeds) - 1), _table(exceeds)]
    out += ["", *_notes(report, t)]
    lines = skipped_lines(report, lang)
    if lines:
        out += ["", *lines]
    return "\n".join(out) + "\n"


def quality_json(report: QualityReport, evidence: list | None = None) -> str:
    """The report as JSON (Decimals as strings, ids not wording), with the limit evidence when given."""
    import json

    data = report.model_dump(mode="json")
    data["skipped"] = dict(report.skipped())
    for s, raw in zip(report.summaries, data["summaries"]):
        for code, pr in s.pass_rates.items():
            raw["pass_rates"][code]["rate"] = None if pr.rate is None else str(pr.rate)
    if evidence:
        data["evidence"] = [e.model_dump(mode="json") for e in evidence]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def quality_csv(report: QualityReport, lang: str = "zh") -> str:
    """One line per sample × parameter × standard; headers and outcomes worded; text cells neutralised."""
    t = texts("quality", lang)
    rows = [t.cols(_CSV_FIELDS, prefix="csv_")]
    for j in report.judgements:
        text = [j.sample_id, j.enterprise, j.product, j.parameter, j.label, j.value_text, j.unit or "",
                j.standard, _lim(j.limit_text, j.verified), j.limit_unit or "", j.clause or ""]
        rows.append([str(j.row), *(_safe(x) for x in text), _outcome(j, t), _n(j.compared),
                     _n(j.margin), _n(j.margin_pct), _safe(j.note)])
    return _csv(rows)


# ------------------------------------------------------------------------------------ HTML


def quality_html(report: QualityReport, evidence: list | None = None, rank: RankResult | None = None,
                 lang: str = "zh") -> str:
    """A self-contained HTML report: summary, a box/strip plot per parameter, limit evidence, failures,
    problems, and the ranking when given — every value escaped by jinja2 autoescape."""
    from markupsafe import Markup

    t = texts("quality", lang)
    charts = [{"caption": f"{parameter_name(s.parameter, s.name, t.lang)} ({s.distribution.unit or ''})",
               "svg": Markup(box_svg(s, limit_values(report, s)))} for s in report.summaries]
    fails, exceeds = _fail_table(report, t), _fail_table(report, t, mandatory=False)
    return _page(report=report, t=t, title=f"{t('title')} — {report.category or _file(report)}",
                 lang=t("html_lang"), header=_header(report, t), summary=_summary_table(report, t), charts=charts,
                 evidence=_evidence_table(evidence, t) if evidence else [], fails=fails if len(fails) > 1 else [],
                 exceeds=exceeds if len(exceeds) > 1 else [], notes=_notes(report, t),
                 skipped=skipped_lines(report, lang), rank=_rank_view(rank, lang) if rank else None)


# ------------------------------------------------------------------------------------ Word


def quality_docx(report: QualityReport, path: str | Path, evidence: list | None = None,
                 lang: str = "zh", rank: RankResult | None = None) -> None:
    """Write the report as .docx: summary, a distribution chart per parameter (PNG), the limit evidence,
    failures, data problems, and the ranking when given (Chinese fonts set for East Asian text)."""
    from docx import Document
    from docx.shared import Cm

    t = texts("quality", lang)
    doc = Document()
    doc.add_heading(t("title"), level=1)
    doc.add_paragraph(_header(report, t))
    doc.add_heading(t("distribution_heading"), level=2)
    _docx_table(doc, _summary_table(report, t))
    if report.summaries:
        doc.add_heading(t("charts_heading"), level=2)
    for n, s in enumerate(report.summaries, start=1):
        name = parameter_name(s.parameter, s.name, t.lang)
        png = distribution_png(s, limit_values(report, s), values_label=t("chart_values"),
                               axis_label=t("chart_axis", name=name, unit=s.distribution.unit or ""))
        doc.add_picture(io.BytesIO(png), width=Cm(15))
        doc.add_paragraph(t("chart_caption", n=n, name=name))
    if evidence:
        doc.add_heading(t("evidence_heading"), level=2)
        doc.add_paragraph(t("evidence_intro"))
        _docx_table(doc, _evidence_table(evidence, t))
    fails, exceeds = _fail_table(report, t), _fail_table(report, t, mandatory=False)
    if len(fails) > 1:
        doc.add_heading(t("failures_heading", n=len(fails) - 1), level=2)
        _docx_table(doc, fails)
    if len(exceeds) > 1:
        doc.add_heading(t("exceeds_heading", n=len(exceeds) - 1), level=2)
        _docx_table(doc, exceeds)
    for note in _notes(report, t):
        doc.add_paragraph(note)
    lines = skipped_lines(report, lang)
    if lines:
        doc.add_heading(t("problems_heading"), level=2)
        for line in lines:
            doc.add_paragraph(line.strip())
    if rank is not None:
        _rank_into(doc, rank, lang)
    _docx_finish(doc, path)
