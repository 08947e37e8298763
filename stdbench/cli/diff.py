"""``stdbench diff``: what changed between two editions of a standard (clauses and limits)."""
from __future__ import annotations

from pathlib import Path

import click
from jinja2 import Environment

from stdbench.cli.base import emit, format_option, main, output_options
from stdbench.cli.base import load_standard as load
from stdbench.cli.corpus import db_option, open_corpus

_HTML = """<!DOCTYPE html>
<html lang="{{ lang }}"><head><meta charset="utf-8"><title>{{ d.old }} → {{ d.new }}</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #999;
padding:2px 6px}.tightened{background:#dfd}.relaxed{background:#fdd}.added{background:#def}</style></head><body>
<h1>{{ d.old }} → {{ d.new }}</h1><p>{{ d.summary }}</p>
<h2>{{ "限量" if lang == "zh" else "Limits" }}</h2><table><tr><th>clause</th><th>parameter</th><th>subject</th>
<th>{{ d.old }}</th><th>{{ d.new }}</th><th>change</th></tr>
{% for x in d.limits %}<tr class="{{ x.change }}"><td>{{ x.clause or "" }}</td><td>{{ x.label }}</td>
<td>{{ x.subject.values()|join(" ") }}</td><td>{{ x.old or "—" }}</td><td>{{ x.new or "—" }}</td>
<td>{{ x.change }}</td></tr>{% endfor %}</table>
<h2>{{ "条款" if lang == "zh" else "Clauses" }}</h2><table><tr><th>{{ d.old }}</th><th>{{ d.new }}</th>
<th>change</th><th>score</th></tr>
{% for c in d.clauses if c.change != "unchanged" %}<tr><td>{{ c.old or "" }} {{ c.old_title or "" }}</td>
<td>{{ c.new or "" }} {{ c.new_title or "" }}</td><td>{{ c.change }}</td><td>{{ c.score }}</td></tr>{% endfor %}
</table></body></html>
"""


def _text(d) -> str:
    lines = [d.summary, ""]
    lines += [f"{c.change:9} {c.old or '—':>8} → {c.new or '—':<8} {c.new_title or c.old_title or ''}"
              for c in d.clauses if c.change != "unchanged"]
    lines.append("")
    lines += [f"{x.change:22} {x.clause or '':12} {x.label} {' '.join(x.subject.values())}: "
              f"{x.old or '—'} → {x.new or '—'}" for x in d.limits]
    return "\n".join(lines) + "\n"


@main.command()
@click.argument("old")
@click.argument("new")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@format_option("text", "json", "html")
@output_options
@db_option
def diff(old: str, new: str, lang: str, fmt: str, output: Path | None, force: bool, db: Path | None) -> None:
    """Compare edition OLD with edition NEW (files or corpus codes): clauses and limits that changed."""
    from stdbench.analysis.diff import diff as run

    needs_corpus = not (Path(old).exists() and Path(new).exists())
    corpus = open_corpus(db) if needs_corpus else None
    d = run(load(old, corpus), load(new, corpus), lang=lang)
    if fmt == "json":
        out = d.to_json() + "\n"
    elif fmt == "html":
        out = Environment(autoescape=True).from_string(_HTML).render(d=d, lang=lang)
    else:
        out = _text(d)
    emit(out, output, force, inputs=tuple(Path(x) for x in (old, new) if Path(x).exists()))
