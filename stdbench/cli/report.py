"""``stdbench report``: the 对标 report as Word, HTML, CSV and JSON."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from stdbench.cli.base import load_standard, main
from stdbench.cli.corpus import db_option, open_corpus


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="FILE_OR_CODE...")
@click.option("--baseline", "-b", required=True, help="Baseline standard: a corpus code or a file.")
@click.option("--also-baseline", "also", multiple=True, metavar="FILE_OR_CODE",
              help="A further baseline for the parameters the baseline does not state (repeatable; e.g. GB 2761 "
                   "for mycotoxins beside GB 2762).")
@click.option("-o", "--output", "output", type=click.Path(path_type=Path), required=True,
              help="report.docx, report.html, matrix.csv, report.json, or a directory for all four.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("--date", "day", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Report date (default: today); also the date of the currency check.")
@click.option("--product", default=None, help="Product (大米, 蜂蜜 …) when it cannot be inferred.")
@click.option("--force", is_flag=True, help="Overwrite existing output files.")
@db_option
def report(inputs: tuple[str, ...], baseline: str, also: tuple[str, ...], output: Path, lang: str, day,
           product: str | None, force: bool, db: Path | None) -> None:
    """Benchmark FILE_OR_CODE… against --baseline and write the 对标对比报告.

    \b
    stdbench report Q-rice.docx "T/EXAMPLE 001-2025" "GB/T 1354-2018" --baseline "GB 2762-2025" -o out/
    """
    from stdbench.render import build_report, planned_outputs, write_report

    sources = tuple(Path(x) for x in (*inputs, *also, baseline) if Path(x).exists())
    planned_outputs(output, force=force, inputs=sources)  # refuse existing outputs before the (slower) analysis
    corpus = open_corpus(db)
    stds = [load_standard(x, corpus) for x in inputs]
    base = load_standard(baseline, corpus)
    extra = [load_standard(x, corpus) for x in also]
    data = build_report(stds, base, corpus, date=day.date() if day else date.today(), lang=lang,
                        product=product, also=extra)
    for path in write_report(data, output, force=force, inputs=sources):
        click.echo(f"wrote {path}", err=True)
