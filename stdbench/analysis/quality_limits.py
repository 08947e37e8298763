"""Which limit of a standard a product-quality result is judged against (for :mod:`quality` and :mod:`rank`).

The rows :mod:`applicability` finds for the product (GB 2762 rows by food category, product-standard rows
by variety), narrowed to the variety named in the product (粳米 in 大米（粳米）), then the grade; when several
limits remain and the results name no grade, the loosest is used and the note says so.
"""
from __future__ import annotations

from collections import Counter
from typing import Literal

from stdbench.analysis.applicability import CorpusLike, Product, applicable, product_for, tree_for, vocab
from stdbench.analysis.categories import split_items
from stdbench.analysis.verdict import Verdict, compare_bounds
from stdbench.errors import StdbenchError
from stdbench.model import BoundKind, Requirement, Standard
from stdbench.normalize.quantity import Limit, format_limit
from stdbench.normalize.text import fold
from stdbench.normalize.units import convert_bound

__all__ = ["known_product", "pick_limit"]


def _numeric(req: Requirement) -> bool:
    return req.sampling_plan is None and req.bound.kind in (BoundKind.interval, BoundKind.not_detected) \
        and req.bound.direction != "none"


def _looser(a: Requirement, b: Requirement) -> bool:
    """True when a's bound is looser than b's (units converted)."""
    bound = a.bound
    if a.unit and b.unit and a.unit != b.unit:
        try:
            bound = convert_bound(bound, a.unit, b.unit, a.parameter)
        except StdbenchError:
            return False
    return compare_bounds(bound, b.bound).verdict == Verdict.looser


def pick_limit(reqs: list[Requirement], product: str = "", grade: str | None = None,
               pick: Literal["loosest", "strictest"] = "loosest") -> tuple[Requirement | None, str]:
    """The limit for one product among a standard's rows for one parameter, and a note on the choice.

    Rows naming a variety that occurs in ``product`` (粳米 in 大米（粳米）, the longest name wins) come first;
    then rows for the whole product; then ``grade``; of what remains the loosest (or strictest) bound."""
    rows = [r for r in reqs if _numeric(r)]
    if not rows:
        return None, "no numeric limit"
    name = fold(product).replace(" ", "")
    hits = [(max(len(i) for i in items), r) for r in rows
            if (items := [fold(i) for i in split_items(r.subject.category or "") if fold(i) in name])]
    if hits:
        best = max(n for n, _ in hits)
        rows = [r for n, r in hits if n == best]
    elif any(not r.subject.category for r in rows):
        rows = [r for r in rows if not r.subject.category]
    if grade:
        graded = [r for r in rows if r.subject.grade and fold(r.subject.grade) == fold(grade)]
        rows = graded or rows
    distinct = {(format_limit(Limit(bound=r.bound, unit=r.unit)), r.unit) for r in rows}
    if len(distinct) == 1:
        return rows[0], ""
    chosen = rows[0]
    for r in rows[1:]:
        if (_looser(r, chosen) if pick == "loosest" else _looser(chosen, r)):
            chosen = r
    what = "、".join(x for x in (chosen.subject.category, chosen.subject.grade) if x)
    word = "loosest" if pick == "loosest" else "strictest"
    return chosen, f"{word} of {len(rows)} limits ({what})" if what else f"{word} of {len(rows)} limits"


def known_product(names: list[str]) -> Product | None:
    """The product family (mandatory.toml) whose name occurs in most of ``names`` (大米 in 大米（粳米）)."""
    counts: Counter = Counter()
    for n in names:
        for e in vocab()["product"]:
            if any(w and w in n for w in (e["name"], *e.get("names", []))):
                counts[e["name"]] += 1
                break
    return product_for([], counts.most_common(1)[0][0]) if counts else None


_ROWS: dict[tuple[int, str | None], tuple[Standard, dict[str, list[Requirement]]]] = {}


def _parameter_rows(std: Standard, product: Product | None, corpus: CorpusLike | None,
                    ) -> dict[str, list[Requirement]]:
    """applicable() per standard and product, cached (the standard is kept so its id stays unique)."""
    key = (id(std), product.id if product else None)
    if key not in _ROWS:
        if len(_ROWS) > 256:
            _ROWS.clear()
        _ROWS[key] = (std, applicable(std, product, tree_for(corpus, [std])))
    return _ROWS[key][1]
