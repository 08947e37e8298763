"""``stdbench align A B``: clause-by-clause alignment of two standards as text, JSON or CSV."""
from __future__ import annotations

import csv
import io
import json
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

import click

from stdbench.cli.base import emit, format_option, load_standard, main, output_options
from stdbench.cli.corpus import db_option, open_corpus

if TYPE_CHECKING:
    from stdbench.analysis.align import Alignment
    from stdbench.model import Standard

JSON_FIELDS = ("a", "b", "score", "evidence", "kind", "a_title", "b_title")  # the stable JSON contract


def load(arg: str, corpus=None) -> Standard:
    """A standard from a file path, or from the corpus index when ``arg`` is a code (GB/T 1354-2018)."""
    return load_standard(arg, corpus)


def to_json(al: Alignment) -> str:
    """The JSON contract: {"a", "b", "pairs": [{a, b, score, evidence, kind, a_title, b_title}]}."""
    pairs = [p.model_dump(include=set(JSON_FIELDS)) for p in al.pairs]
    doc = {"a": al.a, "b": al.b, "pairs": [{k: p[k] for k in JSON_FIELDS} for p in pairs]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def to_csv(al: Alignment) -> bytes:
    """UTF-8 with BOM (so Excel reads the Chinese), one pair a line; evidence joined by '+'."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["a", "a_title", "b", "b_title", "kind", "score", "evidence"])
    for p in al.pairs:
        w.writerow([p.a or "", p.a_title or "", p.b or "", p.b_title or "", p.kind, f"{p.score:.3f}",
                    "+".join(p.evidence)])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _cell(number: str | None, title: str | None, width: int) -> str:
    s = " ".join(x for x in (number, title) if x)
    while _width(s) > width:
        s = s[:-2] + "…"
    return s + " " * (width - _width(s))


def to_text(al: Alignment, width: int = 38) -> str:
    """Two aligned columns (display width aware for Chinese) with score and kind."""
    lines = [f"{_cell(None, al.a or 'A', width)}  {_cell(None, al.b or 'B', width)}  score  kind"]
    for p in al.pairs:
        left = _cell(p.a, p.a_title, width) if p.kind != "b-only" else " " * width
        right = _cell(p.b, p.b_title, width) if p.kind != "a-only" else " " * width
        score = f"{p.score:.2f}" if p.kind not in ("a-only", "b-only") else "  — "
        lines.append(f"{left}  {right}  {score}  {p.kind}")
    counts = {k: sum(1 for p in al.pairs if p.kind == k) for k in ("match", "split", "merge", "a-only", "b-only")}
    lines.append("  ".join(f"{k}: {v}" for k, v in counts.items()))
    return "\n".join(lines) + "\n"


@main.command("align")
@click.argument("a")
@click.argument("b")
@format_option("text", "json", "csv")
@click.option("--threshold", type=click.FloatRange(0, 1), default=0.5, show_default=True,
              help="Least score for a match.")
@output_options
@db_option
def align_cmd(a: str, b: str, fmt: str, threshold: float, output: Path | None, force: bool,
              db: Path | None) -> None:
    """Align the clauses of standards A and B (files: STS XML, Metanorma XML or .docx, or corpus codes)."""
    from stdbench.analysis.align import align

    corpus = open_corpus(db) if db is not None else None
    result = align(load(a, corpus), load(b, corpus), threshold=threshold, redlines=False)
    out: str | bytes = to_json(result) if fmt == "json" else to_csv(result) if fmt == "csv" else to_text(result)
    emit(out, output, force, inputs=(Path(a), Path(b)))
