"""``stdbench check``: group or enterprise standards against the mandatory floor and the currency of citations.

One file: its findings. Several files or a directory: every *.xml / *.docx checked across processes, one
summary line per file and totals (the regulator's use case).
"""
from __future__ import annotations

import csv
import io
import json
import sys
from datetime import date
from pathlib import Path

import click

from stdbench.cli.base import EXIT_FINDINGS, emit, format_option, main, output_options
from stdbench.cli.base import load_standard as load
from stdbench.cli.corpus import db_option, open_corpus
from stdbench.errors import StdbenchError

_SEV = {"zh": {"error": "错误", "warning": "警告", "note": "提示"}, "en": {}}
_CSV_HEADER = ("file", "standard", "rule", "severity", "clause", "message", "reference")
_TEXT = {
    "zh": {"counts": "错误 {e} 警告 {w} 提示 {n}", "unreadable": "无法读取：{err}",
           "totals": "共 {files} 个文件：已检查 {checked}，无法读取 {unreadable}，有错误 {with_errors}，无错误 {clean}"},
    "en": {"counts": "{e} error(s) {w} warning(s) {n} note(s)", "unreadable": "unreadable: {err}",
           "totals": "{files} file(s): {checked} checked, {unreadable} unreadable, {with_errors} with errors, "
                     "{clean} clean"},
}


def _date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise StdbenchError(f"--on: not a date (YYYY-MM-DD): {text}") from None


def _csv(rows: list[tuple]) -> bytes:
    """UTF-8 with BOM (Excel), formula-looking cells neutralised."""
    from stdbench.render.cells import neutralise

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    for row in [_CSV_HEADER, *rows]:
        w.writerow([neutralise(x) for x in row])
    return "\ufeff".encode() + buf.getvalue().encode("utf-8")


def _finding_rows(file: str, standard: str | None, findings: list) -> list[tuple]:
    return [(file, standard, f.rule, f.severity, f.clause, f.message, f.reference) for f in findings]


@main.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE_OR_DIR...")
@click.option("--on", "on", default=None, help="Check date YYYY-MM-DD (default: today).")
@click.option("--product", default=None, help="Product (大米, 蜂蜜 …) when it cannot be inferred.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes for several files (default: the number of CPUs).")
@click.option("--dask-scheduler", "scheduler", default=None, metavar="ADDRESS",
              help="Check several files on a Dask cluster (e.g. tcp://10.0.0.5:8786) instead of local "
                   "processes; needs stdbench[dask].")
@format_option("text", "json", "csv")
@output_options
@db_option
def check(files: tuple[str, ...], on: str | None, product: str | None, lang: str, jobs: int | None,
          scheduler: str | None, fmt: str, output: Path | None, force: bool, db: Path | None) -> None:
    """Check each FILE_OR_DIR (every *.xml / *.docx under a directory) against the mandatory national standards
    and the currency of cited standards.

    One FILE (or a standard code in the index): its findings. Several files or a directory: one summary
    line per file (code, product, errors / warnings / notes, the first error) and totals; a file that
    cannot be read is reported on its row and does not stop the batch.

    Exit code: 1 when any error finding; otherwise 2 when any file could not be read (or bad options);
    0 when every file was checked without errors.
    """
    when = _date(on)
    if scheduler is not None and jobs is not None:
        raise click.UsageError("--jobs and --dask-scheduler exclude each other (the cluster has its own workers)")
    if len(files) == 1 and not Path(files[0]).is_dir() and scheduler is None:
        _check_one(files[0], when, product, lang, fmt, output, force, db)
    else:
        _check_batch(files, when, product, lang, jobs, fmt, output, force, db, scheduler)


def _check_one(file: str, when: date | None, product: str | None, lang: str, fmt: str, output: Path | None,
               force: bool, db: Path | None) -> None:
    from stdbench.analysis.check import check as run

    corpus = open_corpus(db)
    std = load(file, corpus)
    res = run(std, corpus=corpus, on=when, product=product, lang=lang)
    if fmt == "json":
        out: str | bytes = res.to_json() + "\n"
    elif fmt == "csv":
        out = _csv(_finding_rows(file, res.standard, res.findings))
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


def _check_batch(files: tuple[str, ...], when: date | None, product: str | None, lang: str, jobs: int | None,
                 fmt: str, output: Path | None, force: bool, db: Path | None, scheduler: str | None = None) -> None:
    from stdbench.analysis.batch import check_many, collect
    from stdbench.outputs import check_target

    paths = collect(files)
    if output is not None:  # refuse a bad target before checking thousands of files
        check_target(output, force=force, inputs=tuple(paths))
    tty = sys.stderr.isatty()

    def progress(done: int, total: int, _res: object) -> None:
        click.echo(f"\r{done}/{total}", err=True, nl=done == total)

    res = check_many(paths, db, on=when, lang=lang, jobs=jobs, product=product,
                     progress=progress if tty else None, scheduler=scheduler)
    if fmt == "json":
        out: str | bytes = json.dumps(res.to_dict(), ensure_ascii=False, indent=2) + "\n"
    elif fmt == "csv":
        rows: list[tuple] = []
        for r in res.files:
            rows += (_finding_rows(r.file, r.standard, r.findings) if r.readable
                     else [(r.file, None, "unreadable", "error", None, r.error, None)])
        out = _csv(rows)
    else:
        out = _summary(res, lang)
    emit(out, output, force, inputs=tuple(paths))
    if res.exit_code:
        sys.exit(res.exit_code)


def _summary(res, lang: str) -> str:
    """One line per file (tab-separated), then the totals."""
    t = _TEXT[lang]
    lines = []
    for r in res.files:
        if not r.readable:
            lines.append(f"{r.file}\t{t['unreadable'].format(err=r.error)}")
            continue
        first = r.first_error
        cols = [r.file, r.standard or "?", r.product or "?", t["counts"].format(e=r.errors, w=r.warnings, n=r.notes)]
        if first is not None:
            cols.append(f"{first.rule}{' [' + first.clause + ']' if first.clause else ''}: {first.message}")
        lines.append("\t".join(cols))
    lines.append(t["totals"].format(**res.totals.model_dump()))
    return "\n".join(lines) + "\n"
