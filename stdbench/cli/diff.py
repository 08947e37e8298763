"""``stdbench diff``: what changed between two editions of a standard (clauses and limits)."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import click
from jinja2 import Environment

from stdbench.cli.base import emit, format_option, main, output_options
from stdbench.cli.base import load_standard as load
from stdbench.cli.corpus import db_option, open_corpus

_HTML = """<!DOCTYPE html>
<html lang="{{ lang }}"><head><meta charset="utf-8"><title>{{ d.old }} → {{ d.new }}</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #999;
padding:2px 6px}.tightened{background:#dfd}.relaxed{background:#fdd}.added{background:#def}
.not-recorded{color:#666;font-style:italic}</style></head><body>
<h1>{{ d.old }} → {{ d.new }}</h1><p>{{ d.summary }}</p>
{% if d.stated_changes %}<h2>{{ h.stated }}</h2><ol>{% for s in d.stated_changes %}<li>{{ s }}</li>{% endfor %}
</ol>{% endif %}
<h2>{{ h.limits }}</h2><table><tr><th>{{ h.clause }}</th><th>{{ h.parameter }}</th><th>{{ h.subject }}</th>
<th>{{ d.old }}</th><th>{{ d.new }}</th><th>{{ h.change }}</th></tr>
{% for x in d.limits %}<tr class="{{ x.change }}" data-change="{{ x.change }}"><td>{{ x.clause or "" }}</td>
<td>{{ x.label }}</td><td>{{ x.subject.values()|join(" ") }}</td><td>{{ unit(x.old, x.unit) }}</td>
<td>{{ unit(x.new, x.unit) }}</td><td title="{{ x.reason }}">{{ label(x.change, lang) }}</td></tr>{% endfor %}
</table>
<h2>{{ h.clauses }}</h2><table><tr><th>{{ d.old }}</th><th>{{ d.new }}</th><th>{{ h.change }}</th>
<th>{{ h.score }}</th></tr>
{% for c in d.clauses if c.change != "unchanged" %}<tr class="{{ c.change }}" data-change="{{ c.change }}">
<td>{{ c.old or "" }} {{ c.old_title or "" }}</td><td>{{ c.new or "" }} {{ c.new_title or "" }}</td>
<td title="{{ c.reason }}">{{ label(c.change, lang, false) }}</td><td>{{ c.score }}</td></tr>{% endfor %}
</table></body></html>
"""
_HEAD = {"zh": {"stated": "前言所列主要技术变化", "limits": "限量", "clauses": "条款", "clause": "条款",
                "parameter": "项目", "subject": "适用对象", "change": "变化", "score": "相似度"},
         "en": {"stated": "Changes stated in the foreword", "limits": "Limits", "clauses": "Clauses",
                "clause": "clause", "parameter": "parameter", "subject": "subject", "change": "change",
                "score": "score"}}


def _unit(value: str | None, unit: str | None) -> str:
    """A limit with its unit ("30 mg/kg"), or "—"."""
    if not value:
        return "—"
    return f"{value} {unit}" if unit and unit not in value else value


def _pad(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns (CJK characters take two)."""
    cols = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(width - cols, 1)


def _text(d, lang: str) -> str:
    """Plain-text diff: summary, stated changes, clause changes, limit rows with units (labels in ``lang``)."""
    from stdbench.analysis.diff import label

    lines = [d.summary, ""]
    if d.stated_changes:
        lines.append(_HEAD[lang]["stated"] + ("：" if lang == "zh" else ":"))
        lines += [f"  —— {s}" for s in d.stated_changes]
        lines.append("")
    width = max((len(label(x.change, lang)) * 2 for x in [*d.clauses, *d.limits]), default=0) + 1
    lines += [f"{_pad(label(c.change, lang, limit=False), width)}{c.old or '—':>8} → {c.new or '—':<8} "
              f"{c.new_title or c.old_title or ''}" for c in d.clauses if c.change != "unchanged"]
    lines.append("")
    lines += [f"{_pad(label(x.change, lang), width)}{x.clause or '':12} {x.label} {' '.join(x.subject.values())}: "
              f"{x.values()}" for x in d.limits]
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
    from stdbench.analysis.diff import label

    needs_corpus = not (Path(old).exists() and Path(new).exists())
    corpus = open_corpus(db) if needs_corpus else None
    d = run(load(old, corpus), load(new, corpus), lang=lang)
    if fmt == "json":
        out = d.to_json() + "\n"
    elif fmt == "html":
        out = Environment(autoescape=True).from_string(_HTML).render(d=d, lang=lang, h=_HEAD[lang], label=label,
                                                                     unit=_unit)
    else:
        out = _text(d, lang)
    emit(out, output, force, inputs=tuple(Path(x) for x in (old, new) if Path(x).exists()))
