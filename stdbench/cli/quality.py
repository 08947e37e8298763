"""``stdbench quality``: laboratory results judged against standards (产品品质对比), GB/T 8170-2008."""
from __future__ import annotations

from pathlib import Path

import click

from stdbench.cli.base import emit, format_option, load_standard, main, output_options
from stdbench.cli.corpus import db_option, open_corpus
from stdbench.errors import StdbenchError
from stdbench.model import Standard

__all__ = ["lang_option", "load_standards", "quality"]


def lang_option(f):
    """``--lang zh|en``: the wording of text, HTML, Word and CSV headers (Chinese by default)."""
    return click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
                        help="Report language.")(f)


def load_standards(items: tuple[str, ...], db: Path | None) -> tuple[list[Standard], object | None]:
    """Each item a file (read it) or a code (from the corpus index; commas separate several codes).

    The corpus is returned too (None when it cannot be opened and every item was a file)."""
    codes = [c.strip() for item in items for c in item.split(",") if c.strip()]
    corpus = None
    out: list[Standard] = []
    for code in codes:
        if Path(code).exists() or Path(code).suffix.lower() in (".xml", ".docx"):
            out.append(load_standard(code))  # a file, or a missing one reported as such
            continue
        if corpus is None:
            corpus = open_corpus(db)
        out.append(load_standard(code, corpus))
    if corpus is None:
        try:
            corpus = open_corpus(db)
        except StdbenchError:
            corpus = None
    return out, corpus


@main.command()
@click.argument("results", type=click.Path(path_type=Path))
@click.option("--against", "against", multiple=True, required=True,
              help="Standard code from the corpus or a standard file; repeat or separate by commas.")
@click.option("--category", default=None, help="Product category for category limits (大米); default: inferred.")
@click.option("--rounded", is_flag=True, help="GB/T 8170 修约值比较法: round to the limit's decimals first.")
@click.option("--share", type=click.FloatRange(0, 1, min_open=True), default=0.9, show_default=True,
              help="Share of samples a proposed limit must be met by (limit evidence in json/html/docx).")
@format_option("text", "json", "csv")
@lang_option
@db_option
@output_options
def quality(results: Path, against: tuple[str, ...], category: str | None, rounded: bool, share: float,
            fmt: str, lang: str, db: Path | None, output: Path | None, force: bool) -> None:
    """Judge lab RESULTS (.csv/.xlsx) against standards: pass/fail/margin, distribution, pass rates.

    With -o report.docx or report.html a report is written (distribution charts and limit evidence).

    \b
    stdbench quality results.csv --against "GB 2762" --category 大米 -o quality.docx
    stdbench quality results.csv --against "GB 2762,GB/T 1354" --lang en --format csv
    """
    from stdbench.analysis.quality import judge_results, limit_evidence
    from stdbench.readers.results import read_results
    from stdbench.render import quality_report as qr

    rs = read_results(results)
    standards, corpus = load_standards(against, db)
    report = judge_results(rs, standards, category=category, rounded=rounded, corpus=corpus)
    suffix = output.suffix.lower() if output else ""
    evidence = []
    if fmt == "json" or suffix in (".html", ".htm", ".docx"):
        for s in report.summaries:
            try:
                evidence.append(limit_evidence(rs, s.parameter, share, category=report.category,
                                               corpus=corpus, standards=standards))
            except StdbenchError:
                continue
    for line in qr.skipped_lines(report, lang)[:1]:
        click.echo(line, err=True)
    if suffix == ".docx":
        from stdbench.outputs import write_atomic

        write_atomic(output, lambda tmp: qr.quality_docx(report, tmp, evidence, lang=lang), force=force,
                     inputs=(results,))
        click.echo(f"wrote {output}", err=True)
        return
    if suffix in (".html", ".htm"):
        text = qr.quality_html(report, evidence, lang=lang)
    elif fmt == "json":
        text = qr.quality_json(report, evidence)
    elif fmt == "csv":
        text = qr.quality_csv(report, lang)
    else:
        text = qr.quality_text(report, lang)
    emit(text, output, force, inputs=(results,))
