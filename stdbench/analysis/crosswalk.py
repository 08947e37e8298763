"""International food categories placed in the GB 2762 附录A tree (``stdbench/data/category_crosswalk.toml``).

Codex, EU and ISO tables name their categories in English ("Rice, polished", "Cereals"); the crosswalk says
which GB 2762 表A.1 category each corresponds to and how (same / broader / narrower / none), so that their rows
apply to a product like GB rows do. Specificity is on a doubled scale (GB depth × 2) so that a broader row
ranks half a level below, and a narrower row half a level above, a row for the GB category itself.
"""
from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from stdbench.analysis.categories import CategoryTree
from stdbench.errors import StdbenchError
from stdbench.normalize import codes
from stdbench.normalize.text import fold

__all__ = ["RELATIONS", "Correspondence", "correspondences", "crosswalk", "gb_code", "specificity"]

RELATIONS = ("same", "broader", "narrower", "none")
_FILE = "category_crosswalk.toml"


@dataclass(frozen=True)
class Correspondence:
    """One entry: an international category (as written in ``standard``) and a GB 2762 category name."""

    standard: str  # undated key of the standard ("CXS 193", "Regulation (EU) 2023/915")
    category: str
    relation: str
    gb2762: str | None = None
    part: tuple[str, ...] = ()
    excluding: tuple[str, ...] = ()
    note: str = ""


def _standard_key(code: str) -> str:
    d = codes.try_parse(code)
    return codes.key(d, with_year=False) if d is not None else code


def _category_key(text: str) -> str:
    return fold(text)


def _entry(raw: dict, n: int) -> Correspondence:
    where = f"{_FILE} [[map]] #{n}"
    try:
        standard, category, relation = raw["standard"], raw["category"], raw["relation"]
    except KeyError as exc:
        raise StdbenchError(f"missing {exc.args[0]!r}", file=_FILE, location=where) from None
    if relation not in RELATIONS:
        raise StdbenchError(f"relation {relation!r} is not one of {', '.join(RELATIONS)}", file=_FILE,
                            location=where)
    gb = raw.get("gb2762") or None
    if (gb is None) != (relation == "none"):
        raise StdbenchError("gb2762 is required unless relation is 'none' (and must be absent then)", file=_FILE,
                            location=where)
    return Correspondence(standard=_standard_key(standard), category=category, relation=relation, gb2762=gb,
                          part=tuple(raw.get("part", ())), excluding=tuple(raw.get("excluding", ())),
                          note=raw.get("note", ""))


@cache
def crosswalk() -> dict[tuple[str, str], tuple[Correspondence, ...]]:
    """The crosswalk, loaded once: (undated standard key, folded category) → its correspondences."""
    text = resources.files("stdbench.data").joinpath(_FILE).read_text("utf-8")
    out: dict[tuple[str, str], list[Correspondence]] = {}
    for n, raw in enumerate(tomllib.loads(text).get("map", []), start=1):
        e = _entry(raw, n)
        out.setdefault((e.standard, _category_key(e.category)), []).append(e)
    return {k: tuple(v) for k, v in out.items()}


def correspondences(standard: str, category: str | None) -> tuple[Correspondence, ...] | None:
    """The entries for a category as written in ``standard`` (dated or not); None when it is not listed."""
    if not category:
        return None
    return crosswalk().get((_standard_key(standard), _category_key(category)))


def gb_code(tree: CategoryTree, name: str) -> str | None:
    """The tree code of a GB 2762 name as printed in 表A.1 (exact after folding, else the tree's own look-up)."""
    want = _category_key(name)
    exact = [c for c, n in tree.names.items() if _category_key(n) == want]
    return min(exact) if exact else tree.find(name)


def _named(words: Iterable[str], names: Iterable[str], contained: bool = False) -> bool:
    ws = [fold(w).replace(" ", "") for w in words if w]
    for n in names:
        n = fold(n).replace(" ", "")
        if n and any(n == w or (contained and n in w) for w in ws):
            return True
    return False


def specificity(entries: Iterable[Correspondence], tree: CategoryTree, code: str,
                words: Iterable[str]) -> int | None:
    """How closely crosswalked rows fit product category ``code`` (doubled scale), None if they do not apply.

    ``words`` name the product (its name and synonyms): a narrower entry with ``part`` needs one of them, an
    entry's ``excluding`` must match none (a product word containing an excluded name counts)."""
    words = list(words)
    best: int | None = None
    for e in entries:
        if e.relation == "none" or e.gb2762 is None or _named(words, e.excluding, contained=True):
            continue
        gb = gb_code(tree, e.gb2762)
        if gb is None:
            continue
        depth = 2 * tree.depth(gb)
        if e.relation == "narrower":
            score = depth + 1 if code == gb and (not e.part or _named(words, e.part)) else None
        elif tree.is_within(code, gb):
            score = depth if e.relation == "same" else depth - 1
        else:
            score = None
        if score is not None and (best is None or score > best):
            best = score
    return best
