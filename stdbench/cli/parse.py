"""``stdbench parse``: read one document and show its outline, its model (JSON) or its STS XML."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import click

from stdbench.cli.base import emit, format_option, load_standard, main, output_options
from stdbench.cli.corpus import db_option, open_corpus
from stdbench.model import Standard


def outline_text(std: Standard) -> str:
    """The clause outline with numbers, titles and requirement counts, one clause a line."""
    counts = Counter(r.provenance.clause for r in std.requirements)
    head = std.code or "(no designation)"
    lines = [f"{head}  {std.title}".rstrip()]
    meta = [f"level={std.level.value}", f"status={std.status.value}"]
    if std.issued:
        meta.append(f"issued={std.issued}")
    if std.implemented:
        meta.append(f"implemented={std.implemented}")
    lines.append("  " + "  ".join(meta))
    lines.append(f"  {sum(1 for _ in std.walk())} clauses, {len(std.requirements)} requirements, "
                 f"{len(std.references)} references")

    def visit(clauses, depth):
        for c in clauses:
            n = counts.get(c.number, 0) if c.number else 0
            head = " ".join(x for x in (c.number, c.title) if x)
            tail = f"  [{n} req]" if n else ""
            lines.append(f"{'  ' * depth}{head}{tail}")
            visit(c.children, depth + 1)

    visit(std.clauses, 0)
    for w in std.warnings:
        lines.append(f"warning: {w}")
    return "\n".join(lines) + "\n"


@main.command()
@click.argument("file", metavar="FILE_OR_CODE")
@format_option("text", "json", "sts")
@output_options
@db_option
def parse(file: str, fmt: str, output: Path | None, force: bool, db: Path | None) -> None:
    """Read FILE_OR_CODE (STS XML, Metanorma XML, .docx, or a standard in the index) and print its outline,
    model (json) or STS XML."""
    std = load_standard(file, open_corpus(db) if db is not None else None)
    if fmt == "json":
        out: str | bytes = std.model_dump_json(indent=2) + "\n"
    elif fmt == "sts":
        from stdbench.writers.sts import write_sts

        out = write_sts(std)
    else:
        out = outline_text(std)
    emit(out, output, force, inputs=(Path(file),) if Path(file).exists() else ())
