"""Quality-comparison and front-runner outputs: text table, JSON, CSV, self-contained HTML, Word.

All wording comes from ``stdbench/data/quality_text.toml`` (Chinese default, ``lang="en"``). HTML draws per
parameter an inline SVG box plot, Word the same chart as a PNG (:mod:`quality_charts`). CSV starts with a BOM
(Excel opens it as UTF-8) and neutralises text cells beginning with = + - @ so a spreadsheet never runs them.
"""
from __future__ import annotations

import csv
import io
import tomllib
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from stdbench.analysis.quality import Evidence, ParameterSummary, QualityReport
from stdbench.analysis.rank import RankResult, RankRow
from stdbench.normalize.quantity import format_number
from stdbench.render.cells import neutralise
from stdbench.render.quality_charts import box_svg, distribution_png, limit_values, parameter_name

__all__ = ["box_svg", "distribution_png", "quality_csv", "quality_docx", "quality_html", "quality_json",
           "quality_text", "rank_csv", "rank_docx", "rank_html", "rank_section_html", "rank_text", "skipped_lines",
           "texts"]

_CSV_FIELDS = ("row", "sample_id", "enterprise", "product", "parameter", "label", "value", "unit", "standard",
               "limit", "limit_unit", "clause", "outcome", "compared", "margin", "margin_pct", "note")
_DIST_COLS = ("parameter", "unit", "n", "censored", "min", "median", "p90", "max")
_FAIL_COLS = ("sample", "enterprise", "parameter", "result", "standard", "limit", "margin", "margin_pct")
_EVIDENCE_COLS = ("parameter", "share", "n", "quantile", "proposed", "meeting", "national", "international")


@cache
def _text_data() -> dict[str, Any]:
    raw = resources.files("stdbench").joinpath("data/quality_text.toml").read_text(encoding="utf-8")
    return tomllib.loads(raw)


class Texts:
    """Wording of one section (``quality`` or ``rank``) in one language: ``t("col_n")``, ``t("skipped", n=3)``."""

    def __init__(self, section: str = "quality", lang: str = "zh"):
        data = _text_data()[section]
        self.lang = lang if lang in data else "zh"
        self._d: dict[str, str] = data[self.lang]

    def __call__(self, key: str, **kw: Any) -> str:
        text = self._d.get(key, key)
        return text.format(**kw) if kw else text

    def cols(self, keys: tuple[str, ...], prefix: str = "col_") -> list[str]:
        return [self(prefix + k) for k in keys]


def texts(section: str = "quality", lang: str = "zh") -> Texts:
    """The wording of ``section`` in ``lang`` (unknown languages fall back to Chinese)."""
    return Texts(section, lang)


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


def _mode(report: QualityReport, t: Texts) -> str:
    return t("mode_rounded") if report.rounded else t("mode_whole")


def skipped_lines(report: QualityReport, lang: str = "zh") -> list[str]:
    """The summary of skipped rows and each problem, one line each."""
    t, skipped = texts("quality", lang), report.skipped()
    lines = []
    if skipped:
        sep = "，" if t.lang == "zh" else ", "
        what = sep.join(f"{t('reason_' + k)} {v}" for k, v in skipped.items())
        lines.append(t("skipped", n=sum(skipped.values()), what=what))
    lines += [f"  {i}" for i in report.issues]
    return lines


def _summary_table(report: QualityReport, t: Texts) -> list[list[str]]:
    rows = [[*t.cols(_DIST_COLS), *report.standards]]
    for s in report.summaries:
        d = s.distribution
        rows.append([parameter_name(s.parameter, s.name, t.lang), d.unit or "", str(d.n), str(d.n_censored), _n(d.min),
                     _n(d.median), _n(d.p90), _n(d.max), *(_rate(s, c) for c in report.standards)])
    return rows


def _fail_table(report: QualityReport, t: Texts) -> list[list[str]]:
    rows = [t.cols(_FAIL_COLS)]
    rows += [[j.sample_id, j.enterprise, j.label, f"{j.value_text} {j.unit or ''}".strip(), j.standard,
              j.limit_text, _n(j.margin), _n(j.margin_pct)] for j in report.judgements if j.outcome == "fail"]
    return rows


def _evidence_table(evidence: list[Evidence], t: Texts) -> list[list[str]]:
    """The proposed (share-quantile) limit beside the national and the international limits."""
    rows = [t.cols(_EVIDENCE_COLS)]
    for e in evidence:
        refs = {lv: "; ".join(f"{r.standard}: {r.limit_text}" for r in e.references
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
    out = [t("text_header", file=report.file, category=report.category or t("none"), mode=_mode(report, t)), "",
           _table(_summary_table(report, t))]
    fails = _fail_table(report, t)
    if len(fails) > 1:
        out += ["", t("failures_text", n=len(fails) - 1), _table(fails)]
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


_safe = neutralise


def _csv(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerows(rows)
    return "\ufeff" + buf.getvalue()


def quality_csv(report: QualityReport, lang: str = "zh") -> str:
    """One line per sample × parameter × standard; headers and outcomes worded; text cells neutralised."""
    t = texts("quality", lang)
    rows = [t.cols(_CSV_FIELDS, prefix="csv_")]
    for j in report.judgements:
        text = [j.sample_id, j.enterprise, j.product, j.parameter, j.label, j.value_text, j.unit or "",
                j.standard, j.limit_text, j.limit_unit or "", j.clause or ""]
        rows.append([str(j.row), *(_safe(x) for x in text), t("outcome_" + j.outcome), _n(j.compared),
                     _n(j.margin), _n(j.margin_pct), _safe(j.note)])
    return _csv(rows)


# ------------------------------------------------------------------------------------ HTML


@cache
def _template():
    import jinja2

    text = resources.files("stdbench").joinpath("templates/quality.html.j2").read_text(encoding="utf-8")
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return env.from_string(text)


def _page(**kw: Any) -> str:
    base = {"only_section": False, "report": None, "rank": None, "t": None, "header": "", "summary": [],
            "charts": [], "evidence": [], "fails": [], "skipped": [], "title": "", "lang": "zh-CN"}
    return _template().render({**base, **kw})


def quality_html(report: QualityReport, evidence: list | None = None, rank: RankResult | None = None,
                 lang: str = "zh") -> str:
    """A self-contained HTML report: summary, a box/strip plot per parameter, limit evidence, failures,
    problems, and the ranking when given — every value escaped by jinja2 autoescape."""
    from markupsafe import Markup

    t = texts("quality", lang)
    charts = [{"caption": f"{parameter_name(s.parameter, s.name, t.lang)} ({s.distribution.unit or ''})",
               "svg": Markup(box_svg(s, limit_values(report, s)))} for s in report.summaries]
    fails = _fail_table(report, t)
    header = t("header", file=report.file, category=report.category or t("none"), mode=_mode(report, t),
               rows=report.rows_read)
    return _page(report=report, t=t, title=f"{t('title')} — {report.category or report.file}",
                 lang=t("html_lang"), header=header, summary=_summary_table(report, t), charts=charts,
                 evidence=_evidence_table(evidence, t) if evidence else [], fails=fails if len(fails) > 1 else [],
                 skipped=skipped_lines(report, lang), rank=_rank_view(rank, lang) if rank else None)


# ------------------------------------------------------------------------------------ Word


def _docx_table(doc, rows: list[list[str]]) -> None:
    from stdbench.render.ooxml import repeat_header_row, set_table_borders

    table = doc.add_table(rows=1, cols=len(rows[0]))
    for cell, text in zip(table.rows[0].cells, rows[0]):
        cell.text = text
    repeat_header_row(table.rows[0])
    for row in rows[1:]:
        for cell, text in zip(table.add_row().cells, row):
            cell.text = text
    set_table_borders(table)


def _docx_finish(doc, path: str | Path) -> None:
    from stdbench.render.ooxml import apply_east_asian_fonts, stable_ids

    apply_east_asian_fonts(doc)
    stable_ids(doc)
    doc.save(str(path))


def quality_docx(report: QualityReport, path: str | Path, evidence: list | None = None,
                 lang: str = "zh", rank: RankResult | None = None) -> None:
    """Write the report as .docx: summary, a distribution chart per parameter (PNG), the limit evidence,
    failures, data problems, and the ranking when given (Chinese fonts set for East Asian text)."""
    from docx import Document
    from docx.shared import Cm

    t = texts("quality", lang)
    doc = Document()
    doc.add_heading(t("title"), level=1)
    doc.add_paragraph(t("header", file=report.file, category=report.category or t("none"), mode=_mode(report, t),
                        rows=report.rows_read))
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
    fails = _fail_table(report, t)
    if len(fails) > 1:
        doc.add_heading(t("failures_heading", n=len(fails) - 1), level=2)
        _docx_table(doc, fails)
    lines = skipped_lines(report, lang)
    if lines:
        doc.add_heading(t("problems_heading"), level=2)
        for line in lines:
            doc.add_paragraph(line.strip())
    if rank is not None:
        _rank_into(doc, rank, lang)
    _docx_finish(doc, path)


# ------------------------------------------------------------------------------------ ranking


def _reason(row: RankRow, ranked: int, t: Texts) -> str:
    """The reason for a row's place, worded from the structured fields of the ranking."""
    if row.excluded:
        return t("reason_excluded")
    why = t("reason", strictest=row.strictest, ranked=ranked, rank_sum=row.rank_sum)
    if row.tied_with:
        return t("reason_tied", others=t("list_sep").join(row.tied_with)) + why
    return why + (t("reason_behind", other=row.behind) if row.behind else "")


def _rank_rows(result: RankResult, lang: str = "zh") -> list[list[str]]:
    t = texts("rank", lang)
    names = {i.parameter: parameter_name(i.parameter, i.name, t.lang) for i in result.indicators}
    head = [t("col_place"), t("col_standard"), t("col_level"), *names.values(), t("col_strictest"),
            t("col_rank_sum"), t("col_reason")]
    rows = [head, ["", t("national_row"), "", *(i.national or t("none") for i in result.indicators), "", "", ""]]
    ranked = sum(1 for i in result.indicators if i.ranked)
    for r in result.rows:
        cells = []
        for i in result.indicators:
            p = r.indicators.get(i.parameter)
            shown = (p.limit_text if p else "") or t("none")
            cells.append(f"{shown} [{p.place}]" if p is not None and i.ranked and p.place is not None else shown)
        flags = [t("flag_" + f.kind, name=names.get(f.parameter, f.parameter), limit=f.limit_text,
                   national=f.national) for f in r.problems]
        rows.append([str(r.place) if r.place else t("excluded_mark"), r.standard, t("level_" + (r.level or "unknown")),
                     *cells, str(r.strictest), str(r.rank_sum), "; ".join([_reason(r, ranked, t), *flags])])
    return rows


def _rank_notes(result: RankResult, lang: str) -> list[str]:
    t = texts("rank", lang)
    unranked = [parameter_name(i.parameter, i.name, t.lang) for i in result.indicators if not i.ranked]
    return [t("note_not_ranked", names=t("list_sep").join(unranked))] if unranked else []


def rank_text(result: RankResult, lang: str = "zh") -> str:
    """The ranking as a text table; × marks a standard excluded for being looser than the national value."""
    t = texts("rank", lang)
    out = [t("title", product=result.product), "", _table(_rank_rows(result, lang))]
    out += [t("note", text=n) for n in _rank_notes(result, lang)]
    return "\n".join(out) + "\n"


def rank_csv(result: RankResult, lang: str = "zh") -> str:
    """The ranking table as CSV (BOM, formula-neutralised)."""
    return _csv([[_safe(c) for c in row] for row in _rank_rows(result, lang)])


def _rank_view(result: RankResult, lang: str) -> dict[str, Any]:
    rows = _rank_rows(result, lang)
    return {"title": texts("rank", lang)("title", product=result.product), "head": rows[0],
            "rows": [{"cells": cells, "excluded": data is not None and data.excluded}
                     for cells, data in zip(rows[1:], [None, *result.rows])],
            "notes": _rank_notes(result, lang)}


def rank_section_html(result: RankResult, lang: str = "zh") -> str:
    """An HTML ``<section>`` with the ranking table for embedding in a report (jinja2 autoescape)."""
    return _page(only_section=True, rank=_rank_view(result, lang)).strip()


def rank_html(result: RankResult, lang: str = "zh") -> str:
    """A self-contained HTML page with the ranking section."""
    t = texts("rank", lang)
    return _page(rank=_rank_view(result, lang), title=t("title", product=result.product),
                 lang=texts("quality", lang)("html_lang"))


def _rank_into(doc, result: RankResult, lang: str, level: int = 2) -> None:
    doc.add_heading(texts("rank", lang)("title", product=result.product), level=level)
    _docx_table(doc, _rank_rows(result, lang))
    for n in _rank_notes(result, lang):
        doc.add_paragraph(texts("rank", lang)("note", text=n))


def rank_docx(result: RankResult, path: str | Path, lang: str = "zh") -> None:
    """Write the ranking as .docx: the table (national row first) and the notes."""
    from docx import Document

    doc = Document()
    _rank_into(doc, result, lang, level=1)
    _docx_finish(doc, path)
