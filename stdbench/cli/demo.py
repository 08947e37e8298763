"""``stdbench demo``: the flagship rice report, from the bundled corpus only (offline, a few seconds).

The example enterprise and group standards (standards_corpus/examples/, fictional) are benchmarked against
GB 2762-2025, GB/T 1354-2018, ISO 17301-1:2016 and CXS 198-1995 with GB 2762-2025 as the baseline: it is
the mandatory floor, so 宽于 reads as a violation and 严于 as a real improvement (the planted findings of
examples/EXPECTED.md), while the quality parameters of GB/T 1354, ISO 17301-1 and Codex still appear side by
side in their own columns. GB/T 1354 as baseline splits every quality limit into 12 variety × grade rows
and leaves the contaminants "unspecified".
"""
from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import click

from stdbench.cli.base import main
from stdbench.errors import StdbenchError

EXAMPLES = ("Q-EXAMPLE_0001S-2025.xml", "T-EXAMPLE_001-2025.xml")
REFERENCES = ("GB/T 1354-2018", "ISO 17301-1:2016", "CXS 198-1995")
BASELINE = "GB 2762-2025"
OUTPUTS = ("report.docx", "report.html", "matrix.csv", "report.json")
MARKER = ".stdbench-demo"


def _examples_dir() -> Path:
    from stdbench.corpus import bundled_dirs

    for d in bundled_dirs():
        if (d / "examples" / EXAMPLES[0]).exists():
            return d / "examples"
    raise StdbenchError("the bundled example standards (standards_corpus/examples) are not installed")


def _prepare(folder: Path) -> None:
    """Create the demo folder, or reuse it if it is ours (marker file); refuse any other non-empty folder."""
    if folder.exists() and not folder.is_dir():
        raise StdbenchError("exists and is not a directory", file=folder)
    if folder.exists() and any(folder.iterdir()) and not (folder / MARKER).exists():
        raise StdbenchError("exists and was not made by 'stdbench demo'; choose another --output", file=folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MARKER).write_text("made by stdbench demo; its outputs here are replaced on every run\n",
                                 encoding="utf-8")


@main.command()
@click.option("-o", "--output", "output", type=click.Path(path_type=Path), default=Path("stdbench-demo"),
              show_default=True, help="Folder for report.docx, report.html, matrix.csv and report.json.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
def demo(output: Path, lang: str) -> None:
    """Write the flagship 对标 report for rice into ./stdbench-demo/ (offline; replaces its own outputs)."""
    from stdbench.corpus import Corpus
    from stdbench.readers import read
    from stdbench.render import build_report, write_report

    _prepare(output)
    examples = _examples_dir()
    with tempfile.TemporaryDirectory(prefix="stdbench-demo-") as tmp:
        corpus = Corpus.open(Path(tmp) / "index.sqlite3")
        try:
            stds = [read(examples / name) for name in EXAMPLES] + [corpus.resolve(c) for c in REFERENCES]
            data = build_report(stds, corpus.resolve(BASELINE), corpus, date=date.today(), lang=lang)
        finally:
            corpus.close()
    written = []
    for name in OUTPUTS:  # only our own files in our own folder are replaced
        written += write_report(data, output / name, force=True)
    click.echo(f"stdbench demo: rice benchmarking report written to {output.resolve()}/")
    for path in written:
        click.echo(f"  {path.name}")
