"""``stdbench parse``: read one document and show its outline, its model (JSON) or its STS XML."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import click

from stdbench.cli.base import emit, format_option, main, output_options
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
            label = f"{c.number} " if c.number else ""
            tail = f"  [{n} req]" if n else ""
            lines.append(f"{'  ' * depth}{label}{c.title}{tail}")
            visit(c.children, depth + 1)

    visit(std.clauses, 0)
    for w in std.warnings:
        lines.append(f"warning: {w}")
    return "\n".join(lines) + "\n"


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@format_option("text", "json", "sts")
@output_options
def parse(file: Path, fmt: str, output: Path | None, force: bool) -> None:
    """Read FILE (STS XML, Metanorma XML or .docx) and print its outline, model (json) or STS XML."""
    from stdbench.readers import read

    std = read(file)
    if fmt == "json":
        out: str | bytes = std.model_dump_json(indent=2) + "\n"
    elif fmt == "sts":
        from stdbench.writers.sts import write_sts

        out = write_sts(std)
    else:
        out = outline_text(std)
    emit(out, output, force, inputs=(file,))
