"""``stdbench redline``: NEW as a Word document with tracked changes against OLD."""
from __future__ import annotations

from pathlib import Path

import click

from stdbench.cli.base import main
from stdbench.cli.corpus import db_option, open_corpus


@main.command()
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@click.option("-o", "--output", "output", type=click.Path(path_type=Path), required=True,
              help="The .docx to write.")
@click.option("--author", default="stdbench", show_default=True, help="Author of the revisions.")
@click.option("--date", "stamp", default="2025-01-01T00:00:00Z", show_default=True,
              help="Date of the revisions (ISO 8601); fixed so repeated runs give identical files.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("--force", is_flag=True, help="Overwrite an existing output file.")
@db_option
def redline(old: str, new: str, output: Path, author: str, stamp: str, lang: str, force: bool,
            db: Path | None) -> None:
    """Write NEW as .docx whose differences from OLD are Word revisions (accept all → NEW, reject all → OLD).

    OLD and NEW are files (STS/Metanorma XML, .docx) or corpus codes.
    """
    from datetime import datetime

    from stdbench.cli.base import load_standard as load
    from stdbench.outputs import check_target
    from stdbench.render.redline_docx import write_redline

    try:  # Word wants an xsd:dateTime in w:date; a bare date means midnight UTC
        when = datetime.fromisoformat(stamp)  # Python 3.11 reads a trailing Z
    except ValueError:
        raise click.BadParameter(f"not an ISO 8601 date: {stamp!r}", param_hint="--date") from None
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")

    inputs = tuple(x for x in (old, new) if Path(x).exists())
    check_target(output, force=force, inputs=inputs)
    corpus = None if len(inputs) == 2 else open_corpus(db)
    a, b = load(old, corpus), load(new, corpus)
    write_redline(a, b, output, force=force, inputs=inputs, date=stamp, author=author, lang=lang)
    click.echo(f"wrote {output}", err=True)
