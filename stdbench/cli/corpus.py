"""``stdbench corpus``: the embedded index of standards — list, show, search, add, rebuild."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click
from pydantic import BaseModel, TypeAdapter

from stdbench.cli.base import emit, format_option, main

__all__ = ["corpus", "db_option", "open_corpus"]


def db_option(f: Callable) -> Callable:
    """``--db PATH``: the index file (default $STDBENCH_DB, else the user's data directory)."""
    return click.option("--db", "db", type=click.Path(path_type=Path), default=None,
                        help="Index database file (default: $STDBENCH_DB or the user data directory).")(f)


def open_corpus(db: Path | None):
    """Open the index (built or refreshed from the bundled corpus on first use)."""
    from stdbench.corpus import Corpus

    return Corpus.open(db)


def _filters(f: Callable) -> Callable:
    f = click.option("--category", default=None, help="Product category code or name.")(f)
    f = click.option("--status", type=click.Choice(["current", "upcoming", "replaced", "withdrawn", "unknown"]),
                     default=None, help="Only standards with this status.")(f)
    f = click.option("--level", type=click.Choice(["international", "regional", "national", "industry", "local",
                                                    "group", "enterprise", "unknown"]),
                     default=None, help="Only standards of this level.")(f)
    return f


class OutlineItem(BaseModel):
    number: str | None = None
    title: str = ""
    kind: str
    depth: int


class ChainLink(BaseModel):
    key: str
    indexed: bool
    status: str | None = None
    implemented: str | None = None


class Shown(BaseModel):
    """``corpus show --format json``."""

    entry: dict
    outline: list[OutlineItem]
    requirements: int
    chain: list[ChainLink]


@main.group()
def corpus() -> None:
    """The index of standards (standards_corpus/ plus documents you add) — 标准库索引."""


@corpus.command("list")
@_filters
@format_option("text", "json")
@db_option
def list_cmd(level: str | None, status: str | None, category: str | None, fmt: str, db: Path | None) -> None:
    """List indexed standards."""
    from stdbench.corpus import Entry

    with open_corpus(db) as c:
        entries = c.list(level=level, status=status, category=category)
    if fmt == "json":
        emit(TypeAdapter(list[Entry]).dump_json(entries, indent=2).decode() + "\n", None, False)
        return
    lines = [f"{e.key:<28} {e.level:<13} {e.status:<9} {e.titles.get('zh') or e.titles.get('en', '')}"
             for e in entries]
    emit("\n".join(lines + [f"{len(entries)} standards"]) + "\n", None, False)


@corpus.command()
@click.argument("code")
@format_option("text", "json")
@db_option
def show(code: str, fmt: str, db: Path | None) -> None:
    """Show one standard: metadata, outline, requirement count, supersession chain (undated → current)."""
    with open_corpus(db) as c:
        std = c.resolve(code)
        entry = c.entry(code)
        assert entry is not None
        chain = []
        for k in c.chain(entry.key):
            e = c.entry(k)
            chain.append(ChainLink(key=k, indexed=e is not None, status=e.status if e else None,
                                   implemented=e.implemented.isoformat() if e and e.implemented else None))
    outline = []

    def visit(clauses: list, depth: int) -> None:
        for cl in clauses:
            outline.append(OutlineItem(number=cl.number, title=cl.title, kind=cl.kind.value, depth=depth))
            visit(cl.children, depth + 1)

    visit(std.clauses, 0)
    shown = Shown(entry=entry.model_dump(mode="json"), outline=outline, requirements=len(std.requirements),
                  chain=chain)
    if fmt == "json":
        emit(shown.model_dump_json(indent=2) + "\n", None, False)
        return
    lines = [f"{entry.key}  {std.title}".rstrip()]
    if std.titles.get("en") and std.titles.get("en") != std.title:
        lines.append(f"  {std.titles['en']}")
    meta = [f"level={entry.level}", f"status={entry.status}"]
    meta += [f"{n}={v}" for n, v in (("issued", entry.issued), ("implemented", entry.implemented)) if v]
    lines.append("  " + "  ".join(meta))
    if entry.issuer:
        lines.append(f"  issuer: {entry.issuer}")
    if entry.categories:
        lines.append(f"  categories: {', '.join(entry.categories)}")
    lines.append(f"  source: {entry.source} {entry.path}")
    lines.append(f"  {shown.requirements} requirements")
    if len(chain) > 1:
        lines.append("  supersession: " + " → ".join(
            link.key + ("" if link.indexed else " (not indexed)") for link in chain))
    lines.append("outline:")
    lines += [f"  {'  ' * o.depth}{o.number + ' ' if o.number else ''}{o.title}".rstrip() for o in outline]
    emit("\n".join(lines) + "\n", None, False)


@corpus.command()
@click.argument("query")
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
@_filters
@format_option("text", "json")
@db_option
def search(query: str, limit: int, level: str | None, status: str | None, category: str | None, fmt: str,
           db: Path | None) -> None:
    """Full-text search in clauses and requirement rows (Chinese or English; every term must match)."""
    from stdbench.corpus_search import Hit

    with open_corpus(db) as c:
        hits = c.search(query, limit=limit, level=level, status=status, category=category)
    if fmt == "json":
        emit(TypeAdapter(list[Hit]).dump_json(hits, indent=2).decode() + "\n", None, False)
        return
    lines = []
    for h in hits:
        where = f"{h.standard} {h.clause or ''}".strip()
        lines.append(f"{where}  {h.title}  {h.snippet}".rstrip())
    emit("\n".join(lines + [f"{len(hits)} hits"]) + "\n", None, False)


@corpus.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@format_option("text", "json")
@db_option
def add(files: tuple[Path, ...], fmt: str, db: Path | None) -> None:
    """Add your own documents (STS/Metanorma XML, .docx) to the index; they survive refreshes."""
    with open_corpus(db) as c:
        keys = c.add(files)
        entries = c.list()
    for key in keys:  # the same edition twice: say which copy look-ups will use
        if sum(e.key == key for e in entries) > 1:
            click.echo(f"stdbench: note: {key} is also in the bundled corpus; look-ups of {key} now use your copy",
                       err=True)
    if fmt == "json":
        emit(TypeAdapter(dict[str, list[str]]).dump_json({"added": keys}, indent=2).decode() + "\n", None, False)
        return
    emit("".join(f"added {k}\n" for k in keys), None, False)


@corpus.command()
@format_option("text", "json")
@db_option
def rebuild(fmt: str, db: Path | None) -> None:
    """Re-read every document (bundled and added) and rebuild the index."""
    from stdbench.corpus import Corpus

    with Corpus.open(db, refresh=False) as c:
        report = c.rebuild()
        total = len(c.list())
    if fmt == "json":
        emit(report.model_dump_json(indent=2) + "\n", None, False)
        return
    summary = (f"{total} standards indexed ({len(report.added)} new, {len(report.updated)} re-read, "
               f"{len(report.removed)} removed)")
    lines = [summary]
    lines += [f"warning: {e}" for e in report.errors]
    emit("\n".join(lines) + "\n", None, False)
