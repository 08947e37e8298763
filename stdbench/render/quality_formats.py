"""Wording and output formats shared by :mod:`quality_report` and :mod:`rank_report`.

Wording comes from ``stdbench/data/quality_text.toml`` (Chinese default, ``lang="en"``). Here too: numbers
and limits as shown (※ marks an unverified value), the plain-text table (CJK characters two columns wide),
CSV with a BOM (Excel opens it as UTF-8) and formula-neutralised cells, the jinja2 HTML page, Word tables.
"""
from __future__ import annotations

import csv
import io
import tomllib
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from stdbench.normalize.quantity import format_number
from stdbench.render.cells import neutralise

__all__ = ["Texts", "texts"]


@cache
def _text_data() -> dict[str, Any]:
    raw = resources.files("stdbench").joinpath("data/quality_text.toml").read_text(encoding="utf-8")
    return tomllib.loads(raw)


class Texts:
    """Wording of one section (``quality`` or ``rank``) in one language: ``t("col_n")``, ``t("skipped", n=3)``."""

    def __init__(self, section: str = "quality", lang: str = "zh"):
        data = _text_data()[section]
        self.lang = lang if lang in data else "zh"
        self._d: dict[str, str] = data[self.lang]

    def __call__(self, key: str, **kw: Any) -> str:
        text = self._d.get(key, key)
        return text.format(**kw) if kw else text

    def has(self, key: str) -> bool:
        return key in self._d

    @property
    def sep(self) -> str:
        return "，" if self.lang == "zh" else ", "

    @property
    def colon(self) -> str:
        return "：" if self.lang == "zh" else ": "

    def cols(self, keys: tuple[str, ...], prefix: str = "col_") -> list[str]:
        return [self(prefix + k) for k in keys]


def texts(section: str = "quality", lang: str = "zh") -> Texts:
    """The wording of ``section`` in ``lang`` (unknown languages fall back to Chinese)."""
    return Texts(section, lang)


def _n(x: Decimal | None) -> str:
    return "" if x is None else format_number(x)


def _lim(text: str, verified: bool = True) -> str:
    """A limit as shown: ※ marks a value not verified against a second source."""
    return f"{text}※" if text and not verified else text


def _table(rows: list[list[str]]) -> str:
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c + " " * (w - _width(c)) for c, w in zip(r, widths)).rstrip() for r in rows)


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


_safe = neutralise


def _csv(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerows(rows)
    return "\ufeff" + buf.getvalue()


@cache
def _template():
    import jinja2

    text = resources.files("stdbench").joinpath("templates/quality.html.j2").read_text(encoding="utf-8")
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return env.from_string(text)


def _page(**kw: Any) -> str:
    base = {"only_section": False, "report": None, "rank": None, "t": None, "header": "", "summary": [],
            "charts": [], "evidence": [], "fails": [], "exceeds": [], "notes": [], "skipped": [], "title": "",
            "lang": "zh-CN"}
    return _template().render({**base, **kw})


def _docx_table(doc, rows: list[list[str]]) -> None:
    from stdbench.render.ooxml import repeat_header_row, set_table_borders

    table = doc.add_table(rows=1, cols=len(rows[0]))
    for cell, text in zip(table.rows[0].cells, rows[0]):
        cell.text = text
    repeat_header_row(table.rows[0])
    for row in rows[1:]:
        for cell, text in zip(table.add_row().cells, row):
            cell.text = text
    set_table_borders(table)


def _docx_finish(doc, path: str | Path) -> None:
    from stdbench.render.ooxml import apply_east_asian_fonts, stable_ids

    apply_east_asian_fonts(doc)
    stable_ids(doc)
    doc.save(str(path))
