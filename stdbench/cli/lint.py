"""``stdbench lint``: GB/T 1.1—2020 drafting rules on a .docx, STS or Metanorma document."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from stdbench.cli.base import EXIT_FINDINGS, format_option, main


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@format_option("text", "json")
def lint(file: Path, fmt: str) -> None:
    """Check FILE against GB/T 1.1—2020 drafting rules; exit 1 when a finding is an error."""
    from stdbench.analysis.lint import has_errors, lint_file, to_json, to_text

    findings = lint_file(file)
    click.echo(to_json(file, findings) if fmt == "json" else to_text(file, findings), nl=False)
    if has_errors(findings):
        sys.exit(EXIT_FINDINGS)
