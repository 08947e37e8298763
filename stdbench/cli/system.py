"""``stdbench system``: the 标准体系表 of catalogue.toml — standards per industry and product, and gaps."""
from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import click
from pydantic import TypeAdapter

from stdbench.cli.base import emit, format_option, main, output_options
from stdbench.cli.corpus import db_option, open_corpus
from stdbench.cli.quality import lang_option
from stdbench.render.cells import neutralise

_CSV_HEAD = ["industry_id", "industry", "kind", "places", "product", "level", "standard", "title", "status",
             "via", "category", "successor", "gaps", "not_indexed"]


_cell = neutralise  # a CSV cell; text a spreadsheet would run as a formula is prefixed with '


def _labels(lang: str = "zh") -> dict[str, Any]:
    """The wording of the table in ``lang`` (system.toml [labels.*]; unknown languages → Chinese)."""
    from stdbench.analysis.system import _config

    labels = _config()["labels"]
    return labels.get(lang, labels["zh"])


def _gap_text(gap: str, lang: str = "zh") -> str:
    kind, _, code = gap.partition(":")
    return _labels(lang)["gap"].get(kind, kind) + (f" {code}" if code else "")


def _csv(rows: list, lang: str = "zh") -> bytes:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(_CSV_HEAD)
    for r in rows:
        base = [r.industry_id, r.industry, r.kind, "、".join(r.places), r.product]
        tail = ["；".join(_gap_text(g, lang) for g in r.real_gaps()), "；".join(r.not_indexed)]
        if not r.standards:
            w.writerow([_cell(x) for x in base + ["", "", "", "", "", "", "", *tail]])
        for s in r.standards:
            w.writerow([_cell(x) for x in base + [s.level, s.standard, s.title, s.status, s.via, s.category,
                                                  s.successor, *tail]])
    return "\ufeff".encode() + buf.getvalue().encode("utf-8")


def _pad(text: str, width: int) -> str:
    """Pad to a display width (CJK characters are two columns wide)."""
    used = sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
    return text + " " * max(width - used, 1)


def _table(rows: list, lang: str = "zh") -> str:
    """The table as text: industry, product (categories), one line per standard, real gaps, then 未收录."""
    lb = _labels(lang)
    sep, none = lb["sep"], lb["none"]
    lines: list[str] = []
    current = None
    for r in rows:
        if r.industry_id != current:
            current = r.industry_id
            places = f"（{sep.join(r.places)}）" if r.places else ""
            lines.append(f"■ {r.industry}{places} [{lb['kind'].get(r.kind, r.kind or none)}]")
        cats = lb["categories"].format(names=sep.join(r.gb2762_categories) or none,
                                       codes=", ".join(r.gb2762_codes) or none) if r.gb2762_categories \
            else lb["categories"].format(names=none, codes=none)
        lines.append(f"  ● {r.product}  {cats}  {lb['categories_2760'].format(codes=', '.join(r.gb2760_codes) or none)}")
        for s in r.standards:
            tail = f" → {s.successor}" if s.successor else ""
            status = lb["status"].get(s.status, s.status) if s.indexed else lb["status"]["not-indexed"]
            mark = "" if s.indexed else lb["not_indexed_mark"]
            lines.append(("      " + _pad(lb["level"].get(s.level, s.level), 14) + _pad(s.standard, 26)
                          + _pad(status, 13) + _pad(lb["via"].get(s.via, s.via), 11) + f"{s.title}{mark}{tail}")
                         .rstrip())
        for g in r.real_gaps():
            lines.append("      " + lb["gap_line"].format(what=_gap_text(g, lang)))
        if r.not_indexed:
            lines.append("      " + lb["not_indexed_line"].format(codes=sep.join(r.not_indexed)))
    gaps = sum(1 for r in rows if r.real_gaps())
    missing = sum(1 for r in rows if any(g.startswith("not-indexed") for g in r.gaps))
    horizontal = sorted({s.standard for r in rows for s in r.standards if s.via == "horizontal" and not s.indexed})
    lines.append(lb["summary"].format(products=len(rows), gaps=gaps, missing=missing,
                                      horizontal=sep.join(horizontal) or none))
    return "\n".join(lines) + "\n"


@main.command()
@click.option("--industry", default=None, help="Only this industry (id or name as in catalogue.toml).")
@click.option("--catalogue", type=click.Path(path_type=Path), default=None,
              help="catalogue.toml to use (default: the bundled standards_corpus/catalogue.toml).")
@format_option("table", "csv", "json")
@lang_option
@db_option
@output_options
def system(industry: str | None, catalogue: Path | None, fmt: str, lang: str, db: Path | None,
           output: Path | None, force: bool) -> None:
    """The 标准体系表: applicable standards per industry and product, their status and the gaps.

    \b
    stdbench system --industry rice-base
    stdbench system --format csv -o 标准体系表.csv
    stdbench system --lang en
    """
    from stdbench.analysis.system import ProductRow, standard_system
    from stdbench.errors import StdbenchError

    with open_corpus(db) as c:
        if catalogue is None:
            found = [d / "catalogue.toml" for d in c.dirs if (d / "catalogue.toml").is_file()]
            if not found:
                raise StdbenchError("no catalogue.toml in the bundled corpus; pass --catalogue")
            catalogue = found[0]
        rows = standard_system(c, catalogue, industry=industry)
    if industry and not rows:
        raise StdbenchError(f"no industry {industry!r} in the catalogue", file=catalogue)
    if fmt == "json":
        out: str | bytes = TypeAdapter(list[ProductRow]).dump_json(rows, indent=2).decode() + "\n"
    elif fmt == "csv":
        out = _csv(rows, lang)
    else:
        out = _table(rows, lang)
    emit(out, output, force, inputs=(catalogue,) if catalogue else ())
