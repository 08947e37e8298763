"""``stdbench system``: the 标准体系表 of catalogue.toml — standards per industry and product, and gaps."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import click
from pydantic import TypeAdapter

from stdbench.cli.base import emit, format_option, main, output_options
from stdbench.cli.corpus import db_option, open_corpus
from stdbench.render.cells import neutralise

_CSV_HEAD = ["industry_id", "industry", "kind", "places", "product", "level", "standard", "title", "status",
             "via", "category", "successor", "gaps"]
_GAP_ZH = {"no-product-standard": "无产品标准", "only-superseded": "仅有被代替/废止的标准",
           "not-indexed": "未收录"}


_cell = neutralise  # a CSV cell; text a spreadsheet would run as a formula is prefixed with '


def _gap_text(gap: str) -> str:
    kind, _, code = gap.partition(":")
    return _GAP_ZH.get(kind, kind) + (f" {code}" if code else "")


def _csv(rows: list) -> bytes:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(_CSV_HEAD)
    for r in rows:
        base = [r.industry_id, r.industry, r.kind, "、".join(r.places), r.product]
        gaps = "；".join(_gap_text(g) for g in r.gaps)
        if not r.standards:
            w.writerow([_cell(x) for x in base + ["", "", "", "", "", "", "", gaps]])
        for s in r.standards:
            w.writerow([_cell(x) for x in base + [s.level, s.standard, s.title, s.status, s.via, s.category,
                                                  s.successor, gaps]])
    return "\ufeff".encode() + buf.getvalue().encode("utf-8")


def _table(rows: list) -> str:
    lines: list[str] = []
    current = None
    for r in rows:
        if r.industry_id != current:
            current = r.industry_id
            places = f"（{'、'.join(r.places)}）" if r.places else ""
            lines.append(f"■ {r.industry}{places} [{r.kind}]")
        lines.append(f"  ● {r.product}  GB 2762: {', '.join(r.gb2762_codes) or '—'}  "
                     f"GB 2760: {', '.join(r.gb2760_codes) or '—'}")
        for s in r.standards:
            tail = f" → {s.successor}" if s.successor else ""
            mark = "" if s.indexed else " (未收录)"
            lines.append(f"      {s.level:<13} {s.standard:<24} {s.status:<9} {s.via:<10} {s.title}{mark}{tail}"
                         .rstrip())
        for g in r.gaps:
            lines.append(f"      缺口 gap: {_gap_text(g)}")
    gaps = sum(1 for r in rows if any(not g.startswith("not-indexed") for g in r.gaps))
    lines.append(f"{len(rows)} products, {gaps} with gaps (candidates for group standards)")
    return "\n".join(lines) + "\n"


@main.command()
@click.option("--industry", default=None, help="Only this industry (id or name as in catalogue.toml).")
@click.option("--catalogue", type=click.Path(path_type=Path), default=None,
              help="catalogue.toml to use (default: the bundled standards_corpus/catalogue.toml).")
@format_option("table", "csv", "json")
@db_option
@output_options
def system(industry: str | None, catalogue: Path | None, fmt: str, db: Path | None, output: Path | None,
           force: bool) -> None:
    """The 标准体系表: applicable standards per industry and product, their status and the gaps."""
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
        out = _csv(rows)
    else:
        out = _table(rows)
    emit(out, output, force, inputs=(catalogue,) if catalogue else ())
