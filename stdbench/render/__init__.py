"""Renderers: results → documents. :func:`build_report` gathers one :class:`ReportData`; writers format it.

    data = build_report([q, t], baseline=gb2762, corpus=corpus, date=date(2026, 1, 1))
    write_report(data, "out/", force=True)   # report.docx, report.html, matrix.csv, report.json
"""
from __future__ import annotations

import inspect
from datetime import date as Date
from pathlib import Path
from typing import Any

from stdbench import __version__
from stdbench.errors import StdbenchError
from stdbench.model import Level, Standard
from stdbench.normalize.text import has_cjk
from stdbench.render.report_data import (
    VERDICTS,
    FindingView,
    LimitChangeView,
    MatrixCell,
    MatrixRow,
    ReportData,
    StandardInfo,
    Texts,
    advice,
    chart_value,
    conversions_applied,
    normalize_verdict,
    standard_conclusion,
    structure_alignments,
)

__all__ = ["DIRECTORY_FILES", "OUTPUT_KINDS", "ReportData", "build_report", "planned_outputs", "write_report"]

OUTPUT_KINDS = {".docx": "docx", ".html": "html", ".htm": "html", ".csv": "csv", ".json": "json"}
_CHECKED_LEVELS = (Level.group, Level.enterprise, Level.local)


def _info(std: Standard, role: str) -> StandardInfo:
    return StandardInfo(code=std.code, title=std.titles.get("zh") or std.title, title_en=std.titles.get("en", ""),
                        level=std.level.value, mandatory=std.mandatory, status=std.status.value, issued=std.issued,
                        implemented=std.implemented, issuer=std.issuer, role=role)


def _value(cell: Any) -> Any:
    req = getattr(cell, "requirement", None)
    if req is not None:
        return chart_value(req.bound)
    if getattr(cell, "limit", None):
        from stdbench.normalize.quantity import parse_limit

        try:
            return chart_value(parse_limit(cell.limit).bound)
        except StdbenchError:
            return None
    return None


def _subject_text(subject: Any) -> str:
    if isinstance(subject, dict):
        return " ".join(str(v) for v in subject.values() if v)
    return str(subject or "")


def _rows(matrix: Any, baseline: str, lang: str = "zh") -> list[MatrixRow]:
    """Adapt :class:`stdbench.analysis.compare.Matrix` rows into the report's rows."""
    out = []
    for row in matrix.rows:
        cells = []
        for c in row.cells:
            verdict = "baseline" if c.standard == (row.reference or baseline) else normalize_verdict(c.verdict)
            limit = _with_unit(c.limit, c.unit) or ""  # "0.2" + mg/kg → "0.2 mg/kg" (the unit was a header)
            shown = getattr(c, "normalized", None)
            if shown and lang != "zh":
                shown = shown.replace("不得检出", "not detected")
            cells.append(MatrixCell(standard=c.standard, limit=shown or limit, original=limit if shown else "",
                                    verdict=verdict, unit=c.unit, value=_value(c), inherited_from=c.inherited_from,
                                    verified=getattr(c, "verified", True), clause=getattr(c, "clause", None),
                                    conversion=getattr(c, "conversion", None), missing=c.missing,
                                    inherited_superseded=c.inherited_superseded, category=c.category))
        subject = _subject_text(row.subject)
        if not subject and matrix.product and not any(c.category and has_cjk(c.category) for c in cells):
            subject = matrix.product  # a whole-product row: the product, not a foreign category ("rice")
        out.append(MatrixRow(parameter=row.parameter or "", name=row.parameter_name, group=row.group,
                             subject=subject, cells=cells,
                             reference="" if row.reference in (None, baseline) else row.reference))
    return out


def _findings(std: Standard, corpus: Any, on: Date, lang: str) -> list[FindingView]:
    from stdbench.analysis.check import check

    kwargs: dict[str, Any] = {"corpus": corpus, "on": on}
    if "lang" in inspect.signature(check).parameters:
        kwargs["lang"] = lang
    result = check(std, **kwargs)
    items = getattr(result, "findings", result)
    out = []
    for f in items:
        ref = getattr(f, "reference", None)
        out.append(FindingView(standard=std.code, rule=str(getattr(f, "rule", "")),
                               severity=str(getattr(getattr(f, "severity", "note"), "value",
                                                    getattr(f, "severity", "note"))),
                               clause=getattr(f, "clause", None), message=str(getattr(f, "message", "")),
                               reference=None if ref is None else str(ref), parameter=getattr(f, "parameter", None)))
    return out


def _edition_changes(others: list[Standard], baseline: Standard, lang: str) -> tuple[list, list[str]]:
    """Limit changes between the baseline and any benchmarked standard that is another edition of it."""
    from stdbench.analysis.diff import diff
    from stdbench.normalize.codes import same_standard

    changes: list[LimitChangeView] = []
    summaries: list[str] = []
    for std in others:
        if not (std.designation and baseline.designation and same_standard(std.designation, baseline.designation)):
            continue
        old, new = (std, baseline) if (std.designation.year or 0) <= (baseline.designation.year or 0) \
            else (baseline, std)
        d = diff(old, new, lang=lang)
        summaries.append(d.summary)
        changes += [LimitChangeView(old_code=d.old, new_code=d.new, clause=c.clause, parameter=c.parameter,
                                    label=c.label, subject=_subject_text(c.subject),
                                    old=_with_unit(c.old, c.unit), new=_with_unit(c.new, c.unit), change=c.change)
                    for c in d.limits]
    return changes, summaries


def _with_unit(limit: str | None, unit: str | None) -> str | None:
    return f"{limit} {unit}" if limit and unit and unit not in limit else limit


def _tighten(matrix: Any, rows: list[MatrixRow], baseline: str, codes: list[str]) -> list:
    """Per row where some benchmarked standard is stricter than the baseline: the strictest limit found, where it
    stands, and which other standards share it (strictness by the verdict rules, units converted)."""
    from stdbench.analysis.verdict import Verdict, compare_requirements

    out = []
    for mrow, row in zip(matrix.rows, rows):
        mine, _ = advice([row], baseline, codes)
        if not mine:
            continue
        reqs = {c.standard: c.requirement for c in mrow.cells}
        best = mine[0]
        for a in mine[1:]:
            if compare_requirements(reqs.get(a.standard), reqs.get(best.standard)).verdict == Verdict.stricter:
                best = a
        same = [a.standard for a in mine if a is not best and compare_requirements(
            reqs.get(a.standard), reqs.get(best.standard)).verdict == Verdict.equal]
        cell = row.cell(best.standard)
        out.append(best.model_copy(update={"clause": cell.clause if cell else None, "also": same}))
    return out


def build_report(standards: list[Standard], baseline: Standard, corpus: Any = None, *, date: Date | None = None,
                 lang: str = "zh", product: str | None = None, check: bool = True,
                 also: list[Standard] | tuple[Standard, ...] = ()) -> ReportData:
    """Align, compare and check ``standards`` against ``baseline`` and gather what the report shows; ``also``:
    further baselines for the parameters ``baseline`` does not state (GB 2761 for mycotoxins beside GB 2762)."""
    from stdbench.analysis.compare import compare

    day = date or Date.today()
    extra = [s for s in also if s.code != baseline.code]
    floor = {baseline.code, *(s.code for s in extra)}
    others = [s for s in standards if s.code not in floor]
    if not others:
        raise StdbenchError("give at least one standard besides the baseline")
    matrix = compare([baseline, *extra, *others], baseline=baseline, corpus=corpus, product=product, lang=lang,
                     also=extra)
    base_code = matrix.baseline
    codes = [s.code for s in others]
    rows = _rows(matrix, base_code, lang)
    findings: list[FindingView] = []
    if check:
        for std in others:
            if std.level in _CHECKED_LEVELS:
                findings.extend(_findings(std, corpus, day, lang))
    leads, lags = advice(rows, base_code, codes)
    edition_changes, edition_summaries = _edition_changes(others, baseline, lang)
    # counts as compare made them: each requirement once, the silent side and replaced-edition values apart
    counts = {code: {**dict.fromkeys(VERDICTS, 0), **matrix.counts.get(code, {})} for code in codes}
    data = ReportData(
        lang=lang, date=day, version=__version__, baseline=base_code, baselines=list(matrix.baselines),
        standards=[_info(s, "baseline") for s in (baseline, *extra)] + [_info(s, "benchmarked") for s in others],
        conversions=conversions_applied(rows, base_code, Texts(lang)),
        alignments=structure_alignments(others, baseline),
        rows=rows, counts=counts, findings=findings,
        leads=leads, lags=lags, tighten=_tighten(matrix, rows, base_code, codes),
        edition_changes=edition_changes, edition_summaries=edition_summaries,
    )
    t = Texts(lang)
    data.conclusions = {code: standard_conclusion(code, data, t) for code in codes}
    return data


DIRECTORY_FILES = ("report.docx", "report.html", "matrix.csv", "report.json")


def planned_outputs(out: str | Path, force: bool = False, inputs: tuple[str | Path, ...] = ()) -> list[Path]:
    """The files ``write_report`` will write for ``out``; raises if one exists (without force), is one of
    the ``inputs``, or is refused."""
    from stdbench.outputs import check_target

    target = Path(out)
    if target.suffix.lower() in OUTPUT_KINDS:
        if target.parent.exists():
            check_target(target, force=force, inputs=inputs)
        return [target]
    if (target.exists() and not target.is_dir()) or (target.suffix and not target.is_dir()):
        # report.pdf (or any other file name) must not quietly become a folder of four files
        raise StdbenchError("expected a directory or a .docx/.html/.csv/.json file", file=target)
    files = [target / name for name in DIRECTORY_FILES]
    if target.is_dir():
        for path in files:
            check_target(path, force=force, inputs=inputs)
    return files


def write_report(data: ReportData, out: str | Path, force: bool = False,
                 inputs: tuple[str | Path, ...] = ()) -> list[Path]:
    """Write by suffix (.docx, .html, .csv, .json), or all four into ``out`` when it is a directory.
    An output that is one of the ``inputs`` is refused, even with ``force``."""
    from stdbench.outputs import check_target, write_atomic
    from stdbench.render.csvout import matrix_csv
    from stdbench.render.docx_report import write_docx
    from stdbench.render.html_report import write_html

    target = Path(out)
    kind = OUTPUT_KINDS.get(target.suffix.lower())
    if kind is None:
        files = planned_outputs(target, force, inputs)
        target.mkdir(parents=True, exist_ok=True)
        for path in files:  # refuse before writing anything, not halfway through
            check_target(path, force=force, inputs=inputs)
        return [p for path in files for p in write_report(data, path, force, inputs)]
    check_target(target, force=force, inputs=inputs)
    if kind == "docx":
        return [write_docx(data, target, force)]
    if kind == "html":
        return [write_html(data, target, force)]
    if kind == "csv":
        return [write_atomic(target, matrix_csv(data), force=force)]
    return [write_atomic(target, data.model_dump_json(indent=2), force=force)]
