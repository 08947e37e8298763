"""``stdbench compare``: the 对标 matrix of several standards against a baseline."""
from __future__ import annotations

from pathlib import Path

import click

from stdbench.cli.base import emit, format_option, load_standard, main, output_options
from stdbench.cli.corpus import db_option, open_corpus


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--baseline", "-b", default=None, help="Baseline: a corpus code or a file (default: the first input).")
@click.option("--also-baseline", "also", multiple=True, metavar="FILE_OR_CODE",
              help="A further baseline for the parameters the baseline does not state (repeatable; e.g. GB 2761 "
                   "for mycotoxins beside GB 2762).")
@click.option("--product", default=None, help="Product (大米, 蜂蜜 …) when it cannot be inferred.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@format_option("text", "json", "csv")
@output_options
@db_option
def compare(inputs: tuple[str, ...], baseline: str | None, also: tuple[str, ...], product: str | None, lang: str,
            fmt: str, output: Path | None, force: bool, db: Path | None) -> None:
    """Compare the limits of FILE_OR_CODE… against a baseline (严于/等同/宽于/未规定/不可比)."""
    from stdbench.analysis.compare import compare as run
    from stdbench.render.matrix import matrix_csv, matrix_text

    corpus = open_corpus(db)
    stds = [load_standard(a, corpus) for a in inputs]
    base = load_standard(baseline, corpus) if baseline else None
    if also and base is None:
        raise click.UsageError("--also-baseline needs --baseline")
    extra = [load_standard(a, corpus) for a in also]
    m = run(stds, baseline=base, corpus=corpus, product=product, lang=lang, also=extra)
    out: str | bytes
    if fmt == "json":
        out = m.to_json() + "\n"
    elif fmt == "csv":
        out = matrix_csv(m, lang)
    else:
        out = matrix_text(m, lang)
    sources = (*inputs, *also, baseline) if baseline else inputs
    emit(out, output, force, inputs=tuple(Path(a) for a in sources if Path(a).exists()))
