"""``stdbench draft`` and ``stdbench explain``: a group standard and its 编制说明 from a TOML spec."""
from __future__ import annotations

from pathlib import Path

import click

from stdbench.cli.base import main


def _db_option(f):
    return click.option("--db", type=click.Path(path_type=Path), default=None,
                        help="Corpus index (default: $STDBENCH_DB or the per-user index).")(f)


@main.command()
@click.argument("spec", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="The .docx to write.")
@click.option("--force", is_flag=True, help="Overwrite an existing output file.")
@_db_option
def draft(spec: Path, output: Path, force: bool, db: Path | None) -> None:
    """Draft a group standard (团体标准, GB/T 1.1—2020) from SPEC (TOML) as .docx.

    Limits follow each parameter's policy (fixed, strictest, tighten, percentile); microbiological limits
    may be sampling plans (n, c, m, M). A limit or plan looser than the mandatory national standard is
    refused (exit 2).
    """
    from stdbench.drafting import build_draft

    warnings: list[str] = []
    build_draft(spec, output, db, force=force, warnings=warnings)
    for w in warnings:
        click.echo(f"warning: {w}", err=True)
    click.echo(f"wrote {output}", err=True)


@main.command()
@click.argument("spec", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="The .docx to write.")
@click.option("--force", is_flag=True, help="Overwrite an existing output file.")
@_db_option
def explain(spec: Path, output: Path, force: bool, db: Path | None) -> None:
    """Write the 编制说明 (drafting explanation) of the group standard described by SPEC as .docx."""
    from stdbench.drafting import build_explain

    build_explain(spec, output, db, force=force)
    click.echo(f"wrote {output}", err=True)
