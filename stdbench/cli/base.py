"""The click group and what every command shares: error handling, --format, -o/--force."""
from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from stdbench import __version__
from stdbench.errors import StdbenchError

EXIT_ERROR = 2  # bad input / request
EXIT_FINDINGS = 1  # check/lint found violations


class _Group(click.Group):
    """A group that turns any StdbenchError into one line on stderr and exit code 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except StdbenchError as exc:
            click.echo(f"stdbench: error: {exc}", err=True)
            sys.exit(EXIT_ERROR)
        except KeyboardInterrupt:
            click.echo("stdbench: interrupted", err=True)
            sys.exit(130)
        except click.UsageError as exc:  # a bad option or argument: one line too, with the command named
            path = exc.ctx.command_path.split()[1:] if exc.ctx is not None else []  # argv[0] may be "-c"
            where = " ".join(["stdbench", *path])
            click.echo(f"stdbench: error: {where}: {exc.format_message()} (see --help)", err=True)
            sys.exit(EXIT_ERROR)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit):
            raise
        except OSError as exc:  # disk full, permissions … still one line
            where = getattr(exc, "filename", None)
            click.echo(f"stdbench: error: {where + ': ' if where else ''}{exc.strerror or exc}", err=True)
            sys.exit(EXIT_ERROR)
        except RecursionError:
            click.echo("stdbench: error: input nested too deeply", err=True)
            sys.exit(EXIT_ERROR)
        except MemoryError:
            click.echo("stdbench: error: input too large", err=True)
            sys.exit(EXIT_ERROR)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="stdbench")
def main() -> None:
    """stdbench — 标准对标与团体标准编制工具 / standards benchmarking and group-standard authoring.

    Read standards (STS XML, Metanorma XML, Word .docx), align them clause by clause, compare their
    limits, check them against the mandatory national floor, and write reports and draft standards.
    """


def format_option(*choices: str, default: str | None = None) -> Callable:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=default or choices[0],
        show_default=True,
        help="Output format.",
    )


def output_options(f: Callable) -> Callable:
    f = click.option("--force", is_flag=True, help="Overwrite an existing output file.")(f)
    f = click.option("-o", "--output", "output", type=click.Path(path_type=Path), default=None,
                     help="Write to this file instead of standard output.")(f)
    return f


def load_standard(arg: str, corpus=None):
    """A FILE_OR_CODE argument: an existing path is read; a standard code (with or without year) is looked
    up in the corpus index (``corpus``, or the default index when None); anything else is reported as a
    missing file."""
    from stdbench.normalize.codes import try_parse
    from stdbench.readers import read

    path = Path(arg)
    if path.exists() or path.suffix.lower() in (".xml", ".docx"):
        return read(path)  # a missing .xml/.docx is reported as a missing file
    if try_parse(arg) is None:
        raise StdbenchError(f"neither a file nor a standard in the corpus: {arg}")
    if corpus is None:
        from stdbench.corpus import Corpus

        with Corpus.open() as default:
            return default.resolve(arg)
    std = corpus.get(arg)
    if std is None:
        raise StdbenchError(f"neither a file nor a standard in the corpus: {arg}")
    return std


def emit(text: str | bytes, output: Path | None, force: bool, inputs: tuple = ()) -> None:
    """Print to stdout, or write atomically to ``output``."""
    if output is None:
        if isinstance(text, bytes):
            sys.stdout.buffer.write(text)
        else:
            click.echo(text, nl=not text.endswith("\n"))
        return
    from stdbench.outputs import write_atomic

    write_atomic(output, text, force=force, inputs=inputs)
    click.echo(f"wrote {output}", err=True)


