"""Front-runner (领跑者) ranking outputs: text table, CSV, HTML (a page or a section to embed) and Word.

The table lists the national values first, then each standard with its place per indicator, the rank sum and
the reason for its place, worded from the structured fields of :class:`~stdbench.analysis.rank.RankResult`.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from stdbench.analysis.rank import RankResult, RankRow
from stdbench.render.quality_charts import parameter_name
from stdbench.render.quality_formats import (
    Texts,
    _csv,
    _docx_finish,
    _docx_table,
    _page,
    _safe,
    _table,
    texts,
)

__all__ = ["rank_csv", "rank_docx", "rank_html", "rank_section_html", "rank_text"]


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
