"""The 标准体系表: for each industry and product of catalogue.toml, the standards that apply, by level.

A standard applies to a product when the catalogue lists it, when its product categories (GB 2760 表E.1
codes) cover or refine the product's category *and* its title names the product or that category (GB/T 1535
大豆油 does not apply to 紫苏籽油 although both sit in 02.01.01.01 植物油), or when it is a horizontal standard
(GB 2762, GB 2761, GB 2763, GB 7718 …, ``stdbench/data/system.toml``). Real gaps — no product standard, only
superseded ones — are candidates for new group standards; standards missing from the index (未收录) are listed
apart, as a gap of the database, not of the standards system.
"""
from __future__ import annotations

import re
import tomllib
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from stdbench.analysis.categories import CategoryTree
from stdbench.errors import StdbenchError
from stdbench.normalize.codes import key as code_key
from stdbench.normalize.codes import level_of, try_parse
from stdbench.normalize.text import fold

if TYPE_CHECKING:
    from stdbench.corpus import Corpus, Entry

__all__ = ["ProductRow", "SystemEntry", "load_catalogue", "standard_system"]

_DATA = Path(__file__).resolve().parent.parent / "data" / "system.toml"


@cache
def _config() -> dict[str, Any]:
    with open(_DATA, "rb") as fh:
        return tomllib.load(fh)


class SystemEntry(BaseModel):
    """One standard in a product's row of the table."""

    standard: str  # dated key when indexed, else the code as listed
    level: str
    status: str  # current / upcoming / replaced / withdrawn / unknown (not verified, or not indexed)
    title: str = ""
    via: str  # catalogue | category | horizontal
    indexed: bool
    category: str | None = None  # the category code that matched
    successor: str | None = None
    dated_status: str | None = None  # status from the dates alone, when the document's own status is unknown


class ProductRow(BaseModel):
    industry_id: str
    industry: str
    kind: str = ""
    places: list[str] = Field(default_factory=list)
    product: str
    gb2762_codes: list[str] = Field(default_factory=list)  # stdbench's own numbering of 表A.1 (类别序号)
    gb2762_categories: list[str] = Field(default_factory=list)  # 表A.1 names as the catalogue writes them
    gb2760_codes: list[str] = Field(default_factory=list)
    standards: list[SystemEntry] = Field(default_factory=list)
    gaps: list[str] = Field(default_factory=list)  # no-product-standard, only-superseded, not-indexed:<code>
    not_indexed: list[str] = Field(default_factory=list)  # applicable standards missing from the index (未收录)

    def real_gaps(self) -> list[str]:
        """Gaps of the standards system (no product standard, only superseded ones), not of the index."""
        return [g for g in self.gaps if not g.startswith("not-indexed")]


def load_catalogue(path: str | Path) -> list[dict[str, Any]]:
    """The [[industry]] tables of catalogue.toml; a malformed file raises StdbenchError."""
    p = Path(path)
    try:
        with open(p, "rb") as fh:
            data = tomllib.load(fh)
    except OSError as exc:
        raise StdbenchError(f"cannot read catalogue: {exc.strerror}", file=p) from None
    except tomllib.TOMLDecodeError as exc:
        raise StdbenchError(f"invalid TOML: {exc}", file=p) from None
    industries = data.get("industry", [])
    if not isinstance(industries, list) or not all(isinstance(i, dict) and "name" in i for i in industries):
        raise StdbenchError("expected [[industry]] tables with a name", file=p)
    return industries


def _trees(corpus: Corpus) -> dict[str, CategoryTree]:
    out = {}
    for name, code in (("gb2762_categories", "GB 2762"), ("gb2760_categories", "GB 2760")):
        std = corpus.get(code)
        out[name] = CategoryTree.from_standard(std) if std is not None else CategoryTree()
    return out


def _codes(tree: CategoryTree, names: list[str]) -> list[str]:
    """Category codes for names as the catalogue writes them ("code name" or "大类 > 亚类")."""
    out = []
    for name in names:
        lead = fold(name.split()[0]) if name.split() else ""
        code = tree.find(name) or (lead if lead[:2].isdigit() else None)
        if code and code not in out:
            out.append(code)
    return out


def _category_names(written: list[str]) -> dict[str, str]:
    """code → name from the catalogue's "code name" strings ("06.02.01 大米" → {"06.02.01": "大米"})."""
    out = {}
    for text in written:
        code, _, name = text.strip().partition(" ")
        if code[:2].isdigit():
            out[fold(code)] = name.strip()
    return out


def _related(a: str, b: str) -> bool:
    """Same category, or one contains the other (by code prefix)."""
    a, b = a.removesuffix(".0"), b.removesuffix(".0")
    return a == b or a.startswith(b + ".") or b.startswith(a + ".")


def _entry_row(corpus: Corpus, e: Entry, via: str, category: str | None, on: date) -> SystemEntry:
    """An indexed standard; a document whose own status is unknown stays "unknown" (shown 未核实), the
    status its dates alone suggest is kept in ``dated_status``."""
    info = corpus.status_of(e.key, on)
    unverified = e.status == "unknown" and info.status.value not in ("replaced", "withdrawn")
    return SystemEntry(standard=e.key, level=e.level, status="unknown" if unverified else info.status.value,
                       title=e.titles.get("zh") or e.titles.get("en", ""), via=via, indexed=True,
                       category=category, successor=info.successor,
                       dated_status=info.status.value if unverified else None)


def _subject(title: str) -> str:
    """The product a title names: "食品安全国家标准 蜂蜜" → 蜂蜜, "示例 黑龙江大米（示例…）" → 黑龙江大米."""
    s = re.sub(r"[（(][^（）()]*[）)]", "", fold(title)).strip()
    for prefix in _config()["matching"]["title_prefixes"]:
        s = s.removeprefix(fold(prefix)).strip()
    return s.split()[-1] if s.split() else s


def _names_product(e: Entry, product: str, category_name: str) -> bool:
    """True when a category-matched standard is about this product or the whole category, by its title."""
    titles = [t for t in (e.titles.get("zh"), e.titles.get("en")) if t]
    if not titles or not e.titles.get("zh"):
        return True  # nothing to judge by: keep the category match
    title, subject = fold(e.titles["zh"]), _subject(e.titles["zh"])
    names = [fold(n) for n in (product, category_name) if n]
    return any(n in title for n in names) or bool(subject and subject in fold(product))


def _horizontal(corpus: Corpus, h: dict[str, Any], row: ProductRow, on: date) -> SystemEntry | None:
    """The horizontal standard ``h`` for a product, or None when the product has no category for it."""
    codes = {"gb2762_categories": row.gb2762_codes, "gb2760_categories": row.gb2760_codes}.get(h["tree"], [])
    if h["tree"] != "all" and not codes:
        return None
    e = corpus.entry(h["code"])
    if e is not None:
        return _entry_row(corpus, e, "horizontal", codes[0] if codes else None, on)
    return SystemEntry(standard=h["code"], level="national", status="unknown", title=h.get("title", ""),
                       via="horizontal", indexed=False, category=codes[0] if codes else None)


def standard_system(corpus: Corpus, catalogue: str | Path, industry: str | None = None,
                    on: date | None = None) -> list[ProductRow]:
    """The table: one row per catalogue product (``industry`` filters by id or name)."""
    on = on or date.today()
    trees = _trees(corpus)
    entries = corpus.list()
    horizontal = [h for h in _config()["horizontal"]]
    order = _config()["levels"]["order"]
    rows: list[ProductRow] = []
    for ind in load_catalogue(catalogue):
        if industry and fold(industry) not in (fold(str(ind.get("id", ""))), fold(ind["name"])):
            continue
        for prod in ind.get("product", []):
            row = ProductRow(industry_id=str(ind.get("id", "")), industry=ind["name"], kind=ind.get("kind", ""),
                             places=list(ind.get("places", [])), product=prod.get("name", ""),
                             gb2762_codes=_codes(trees["gb2762_categories"], prod.get("gb2762_categories", [])),
                             gb2762_categories=list(prod.get("gb2762_categories", [])),
                             gb2760_codes=_codes(trees["gb2760_categories"], prod.get("gb2760_categories", [])))
            seen: set[str] = set()
            for listed in prod.get("standards", []):
                e = corpus.entry(listed)
                if e is not None:
                    row.standards.append(_entry_row(corpus, e, "catalogue", None, on))
                    seen.add(e.undated_key)
                    continue
                d = try_parse(listed)
                row.standards.append(SystemEntry(
                    standard=code_key(d) if d else listed, level=level_of(d).value if d else "unknown",
                    status="unknown", via="catalogue", indexed=False))
                row.gaps.append(f"not-indexed:{listed}")
                row.not_indexed.append(code_key(d) if d else listed)
                if d:
                    seen.add(code_key(d, with_year=False))
            horizontal_keys = set()
            for h in horizontal:
                entry = _horizontal(corpus, h, row, on)
                if entry is None:
                    continue
                undated = code_key(hd, with_year=False) if (hd := try_parse(entry.standard)) else entry.standard
                horizontal_keys.add(undated)
                if undated not in seen:
                    row.standards.append(entry)
                    seen.add(undated)
                    if not entry.indexed:
                        row.not_indexed.append(entry.standard)
            names = _category_names(prod.get("gb2760_categories", []))
            for e in entries:
                if e.undated_key in seen or e.undated_key in horizontal_keys:
                    continue
                match = next((c for c in e.categories for p in row.gb2760_codes if _related(c, p)
                              and _names_product(e, row.product, names.get(p, ""))), None)
                if match:
                    row.standards.append(_entry_row(corpus, e, "category", match, on))
                    seen.add(e.undated_key)
            row.standards.sort(key=lambda s: (order.index(s.level) if s.level in order else len(order),
                                              s.standard))
            product_std = [s for s in row.standards if s.via != "horizontal" and s.indexed]
            if not product_std and not any(g.startswith("not-indexed") for g in row.gaps):
                row.gaps.insert(0, "no-product-standard")
            elif product_std and all(s.status in ("replaced", "withdrawn") for s in product_std):
                row.gaps.insert(0, "only-superseded")
            rows.append(row)
    return rows
