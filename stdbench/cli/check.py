"""``stdbench check``: a group or enterprise standard against the mandatory floor and the currency of citations."""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from stdbench.cli.base import EXIT_FINDINGS, emit, format_option, main, output_options
from stdbench.cli.base import load_standard as load
from stdbench.cli.corpus import db_option, open_corpus
from stdbench.errors import StdbenchError

_SEV = {"zh": {"error": "错误", "warning": "警告", "note": "提示"}, "en": {}}


def _date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise StdbenchError(f"--on: not a date (YYYY-MM-DD): {text}") from None


@main.command()
@click.argument("file")
@click.option("--on", "on", default=None, help="Check date YYYY-MM-DD (default: today).")
@click.option("--product", default=None, help="Product (大米, 蜂蜜 …) when it cannot be inferred.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@format_option("text", "json")
@output_options
@db_option
def check(file: str, on: str | None, product: str | None, lang: str, fmt: str, output: Path | None, force: bool,
          db: Path | None) -> None:
    """Check FILE against the mandatory national standards; exit 1 when errors are found."""
    from stdbench.analysis.check import check as run

    when = _date(on)
    corpus = open_corpus(db)
    std = load(file, corpus)
    res = run(std, corpus=corpus, on=when, product=product, lang=lang)
    if fmt == "json":
        out = res.to_json() + "\n"
    else:
        lines = [f"{res.standard}  ({res.product or '?'}, {res.on})"]
        for f in res.findings:
            sev = _SEV[lang].get(f.severity, f.severity)
            where = f" [{f.clause}]" if f.clause else ""
            lines.append(f"{sev} {f.rule}{where}: {f.message}")
        n = len(res.errors)
        lines.append(f"{n} 个错误" if lang == "zh" else f"{n} error(s)")
        out = "\n".join(lines) + "\n"
    emit(out, output, force, inputs=(Path(file),) if Path(file).exists() else ())
    if res.errors:
        sys.exit(EXIT_FINDINGS)
