"""``stdbench rank``: front-runner (企业标准"领跑者") ranking of standards for one product."""
from __future__ import annotations

from pathlib import Path

import click

from stdbench.cli.base import emit, format_option, main, output_options
from stdbench.cli.corpus import db_option
from stdbench.cli.quality import lang_option, load_standards


@main.command()
@click.argument("standards", nargs=-1, required=True)
@click.option("--product", required=True, help="Product category the standards are for (大米).")
@click.option("--indicators", default=None, help="Core indicators, comma-separated (镉,水分 or cadmium,moisture).")
@format_option("table", "csv", "json")
@lang_option
@db_option
@output_options
def rank(standards: tuple[str, ...], product: str, indicators: str | None, fmt: str, lang: str, db: Path | None,
         output: Path | None, force: bool) -> None:
    """Rank STANDARDS (files or corpus codes) on core indicators against each other and the national floor.

    -o rank.html or -o rank.docx writes a report; otherwise --format decides.

    \b
    stdbench rank Q-a.xml Q-b.xml Q-c.xml --product 大米 -o rank.html
    """
    from stdbench.analysis.applicability import product_for
    from stdbench.analysis.rank import baseline_standards
    from stdbench.analysis.rank import rank as do_rank
    from stdbench.render import quality_report as qr

    stds, corpus = load_standards(standards, db)
    prod = product_for(stds, product)
    baseline = baseline_standards(prod, corpus) if corpus is not None and prod is not None else []
    wanted = [i.strip() for i in indicators.split(",") if i.strip()] if indicators else None
    result = do_rank(stds, product, baseline, indicators=wanted, corpus=corpus)
    inputs = tuple(Path(s) for s in standards if Path(s).is_file())
    suffix = output.suffix.lower() if output else ""
    if suffix == ".docx":
        from stdbench.outputs import write_atomic

        write_atomic(output, lambda tmp: qr.rank_docx(result, tmp, lang), force=force, inputs=inputs)
        click.echo(f"wrote {output}", err=True)
        return
    if suffix in (".html", ".htm"):
        text = qr.rank_html(result, lang)
    elif fmt == "json":
        text = result.model_dump_json(indent=2) + "\n"
    elif fmt == "csv":
        text = qr.rank_csv(result, lang)
    else:
        text = qr.rank_text(result, lang)
    emit(text, output, force, inputs=inputs)
