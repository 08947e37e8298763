"""``stdbench demo``: the flagship rice report, from the bundled corpus only (offline, a few seconds).

The example enterprise and group standards (standards_corpus/examples/, fictional) are benchmarked against
GB 2762-2025, GB/T 1354-2018, GB/T 19266-2008 (地理标志产品 五常大米), ISO 17301-1:2016 and CXS 198-1995, and
for contaminants against Codex CXS 193-1995
and Regulation (EU) 2023/915 (through the category crosswalk), with GB 2762-2025 as the baseline and
GB 2761-2017 for the mycotoxins GB 2762 does not state: together they are the mandatory floor, so 宽于 reads as a violation and 严于 as a real improvement (the planted findings of
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
REFERENCES = ("GB/T 1354-2018", "GB/T 19266-2008", "ISO 17301-1:2016", "CXS 198-1995", "CXS 193-1995",
              "Regulation (EU) 2023/915")
BASELINE = "GB 2762-2025"
ALSO_BASELINE = ("GB 2761-2017",)  # the national floor for mycotoxins, which GB 2762 does not state
OUTPUTS = ("report.docx", "report.html", "matrix.csv", "report.json")
SPEC = "specs/rice_group_standard.toml"  # the example group standard that learns from this benchmark
RESULTS = "samples/rice_results_synthetic.csv"  # synthetic lab results (no real enterprise)
QUALITY_AGAINST = ("GB 2762-2025", "GB/T 1354-2018", "ISO 17301-1:2016")
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
    """Write the flagship rice benchmark into ./stdbench-demo/ (offline; replaces its own outputs).

    report.docx / report.html / matrix.csv / report.json: the 对标对比报告; draft-group-standard.docx and
    编制说明.docx: the example group standard drafted from it; quality.html: synthetic lab results judged
    against GB 2762, GB/T 1354 and ISO 17301-1."""
    from stdbench.corpus import Corpus
    from stdbench.readers import read
    from stdbench.render import build_report, write_report

    _prepare(output)
    examples = _examples_dir()
    with tempfile.TemporaryDirectory(prefix="stdbench-demo-") as tmp:
        corpus = Corpus.open(Path(tmp) / "index.sqlite3")
        try:
            stds = [read(examples / name) for name in EXAMPLES] + [corpus.resolve(c) for c in REFERENCES]
            data = build_report(stds, corpus.resolve(BASELINE), corpus, date=date.today(), lang=lang,
                                also=[corpus.resolve(c) for c in ALSO_BASELINE])
        finally:
            corpus.close()
        written = []
        for name in OUTPUTS:  # only our own files in our own folder are replaced
            written += write_report(data, output / name, force=True)
        written += _draft_and_quality(examples.parent, output, corpus_path=Path(tmp) / "index.sqlite3")
    click.echo(f"stdbench demo: rice benchmarking report written to {output.resolve()}/")
    for path in written:
        click.echo(f"  {path.name}")


def _draft_and_quality(corpus_dir: Path, output: Path, corpus_path: Path) -> list[Path]:
    """The group standard drafted from the benchmark, its 编制说明, and the product-quality comparison."""
    from stdbench.analysis.quality import judge_results
    from stdbench.corpus import Corpus
    from stdbench.drafting import build_draft, build_explain
    from stdbench.outputs import write_atomic
    from stdbench.readers.results import read_results
    from stdbench.render import quality_report as qr

    spec = corpus_dir / "examples" / SPEC
    written: list[Path] = []
    with Corpus.open(corpus_path) as corpus:
        written.append(build_draft(spec, output / "draft-group-standard.docx", corpus=corpus, force=True))
        written.append(build_explain(spec, output / "编制说明.docx", corpus=corpus, force=True))
        results = read_results(corpus_dir / RESULTS)
        standards = [corpus.resolve(code) for code in QUALITY_AGAINST]
        report = judge_results(results, standards, category="大米", corpus=corpus)
        written.append(write_atomic(output / "quality.html", qr.quality_html(report, []), force=True))
    return written
