"""Which requirements of a standard apply to a product, and what a reference ("应符合GB 2762的规定") brings in.

Shared by :mod:`compare` and :mod:`check`. Horizontal standards (GB 2762, GB 2760 …) set limits per food
category: a row applies when its category covers the product's category in the GB 2762 附录A tree (a limit for
谷物及其制品 reaches 大米). Rows of international standards whose category is English ("Rice, polished") are
placed in that tree through the crosswalk (:mod:`crosswalk`, ``category_crosswalk.toml``). A product standard's
rows apply to the whole product unless they name varieties (GB 14963 表2: 桉树蜂蜜… vs 其他蜂蜜). Product facts
come from ``stdbench/data/mandatory.toml``.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Protocol

from pydantic import Field

from stdbench.analysis import crosswalk
from stdbench.analysis.categories import CategoryTree, split_items
from stdbench.errors import StdbenchError
from stdbench.model import BoundKind, Requirement, Standard
from stdbench.normalize import codes, lexicon
from stdbench.normalize.text import fold

__all__ = ["Memo", "Placed", "Product", "StandardSet", "applicable", "inherited", "is_horizontal",
           "matched_category", "memo", "parameter_of", "product_for", "row_key", "tree_for", "vocab"]


@cache
def vocab() -> dict[str, Any]:
    """stdbench/data/mandatory.toml, loaded once."""
    return tomllib.loads(resources.files("stdbench.data").joinpath("mandatory.toml").read_text("utf-8"))


class CorpusLike(Protocol):
    def get(self, code: str) -> Standard | None: ...


class StandardSet:
    """A tiny in-memory corpus over given Standards: ``get(code)`` with or without year (latest edition)."""

    def __init__(self, standards: list[Standard]):
        self.standards = [s for s in standards if s.designation is not None]

    def get(self, code: str) -> Standard | None:
        want = codes.try_parse(code)
        if want is None:
            return None
        hits = [s for s in self.standards if codes.same_standard(s.designation, want)]
        if want.year is not None:
            return next((s for s in hits if s.designation.year == want.year), None)
        return max(hits, key=lambda s: s.designation.year or 0, default=None)


class Memo:
    """A corpus wrapper that parses each looked-up standard once per analysis (``get`` is called often)."""

    def __init__(self, corpus: CorpusLike):
        self.corpus = corpus
        self._seen: dict[str, Standard | None] = {}

    def get(self, code: str) -> Standard | None:
        if code not in self._seen:
            self._seen[code] = self.corpus.get(code)
        return self._seen[code]

    def __getattr__(self, name: str) -> Any:  # status_of, chain … pass through
        return getattr(self.corpus, name)


def memo(corpus: CorpusLike | None) -> CorpusLike | None:
    """``corpus`` wrapped in a :class:`Memo` (None stays None)."""
    return corpus if corpus is None or isinstance(corpus, Memo) else Memo(corpus)


def lookup(corpus: CorpusLike | None, code: str) -> Standard | None:
    """``corpus.get(code)``, None when there is no corpus or it does not know the code."""
    if corpus is None:
        return None
    try:
        return corpus.get(code)
    except StdbenchError:
        return None


def undated_key(std_or_code: Standard | str) -> str:
    d = std_or_code.designation if isinstance(std_or_code, Standard) else codes.try_parse(std_or_code)
    return codes.key(d, with_year=False) if d is not None else ""


def is_horizontal(std: Standard) -> bool:
    """True for standards whose limits are set per food category (GB 2762, GB 2760, CXS 193 …)."""
    return undated_key(std) in {undated_key(c) for c in vocab()["horizontal"]}


# ------------------------------------------------------------------------------------ parameters


def parameter_of(req: Requirement, std: Standard | None = None) -> str | None:
    """The canonical parameter of a requirement: its own, else from its label's caption, else its clause title."""
    if req.parameter:
        return req.parameter
    tries = [req.label]
    for pat in vocab()["caption_patterns"]:
        if m := re.match(pat, req.label or ""):
            tries.append(m.group(1))
    if std is not None and req.provenance.clause:
        number = req.provenance.clause
        while number:
            clause = std.clause(number)
            if clause is not None and clause.title:
                tries.append(clause.title)
            number = number.rpartition(".")[0]
    for t in tries:
        if t and (hit := lexicon.lookup(t)) is not None:
            return hit.parameter.id
    return None


def group_of(parameter: str | None) -> str:
    """The matrix group of a parameter (contaminants, microbiological …), 'other' when unknown."""
    if not parameter:
        return "other"
    try:
        return vocab()["groups"].get(lexicon.get(parameter).group, "other")
    except (KeyError, StdbenchError):
        return "other"


def dimension_of(req: Requirement, std: Standard | None) -> str:
    """The plan dimension (原料/辅料/工艺/产品/包装/物流) of a requirement, from its clause title."""
    title = req.label or ""
    if std is not None and req.provenance.clause and (c := std.clause(req.provenance.clause)):
        title = f"{c.title}{title}"
    for dim, words in vocab()["dimensions"].items():
        if any(w in title for w in words):
            return dim
    return "产品"


# ------------------------------------------------------------------------------------ products


@dataclass
class Product:
    """The product a comparison is about: its names and its place in the GB 2762 category tree."""

    id: str
    name: str
    names: list[str] = field(default_factory=list)
    category: str | None = None  # the GB 2762 附录A name
    standards: list[str] = field(default_factory=list)
    title: str = ""  # the title of the standard it came from (椴树蜂蜜)

    def words(self) -> list[str]:
        """The names that identify the product (its name and synonyms), for the crosswalk's ``part``."""
        return list(dict.fromkeys([self.name, *self.names]))

    def matches(self, item: str) -> bool:
        """True when one item of a category list names this product (大米（粉） ~ 大米, 椴树蜂蜜 in the title)."""
        bare = re.sub(r"\(.*?\)", "", fold(item).replace(" ", ""))
        if not bare:
            return False
        words = [self.name, *self.names, *([self.category] if self.category else [])]
        if any(re.sub(r"\(.*?\)", "", fold(w)) == bare for w in words):
            return True
        return bool(self.title) and bare in fold(self.title) and len(bare) > len(self.name)


def product_for(standards: list[Standard], product: str | None = None) -> Product | None:
    """The product named by ``product`` (id, name or GB 2762 category), else inferred from the standards."""
    entries = vocab()["product"]
    title = next((s.title for s in standards if not is_horizontal(s)), "")
    if product:
        for e in entries:
            if product in (e["id"], e["name"], e.get("category"), *e.get("names", [])):
                return _product(e, title)
        return Product(id=product, name=product, names=[product], category=product, title=title)
    for std in standards:
        if is_horizontal(std):
            continue
        for e in entries:
            if set(e.get("gb2760", [])) & set(std.product_categories):
                return _product(e, std.title)
        best = max(((len(n), e) for e in entries for n in e.get("names", []) if n in std.title),
                   key=lambda x: x[0], default=None)
        if best:
            return _product(best[1], std.title)
    return None


def _product(e: dict, title: str) -> Product:
    return Product(id=e["id"], name=e["name"], names=list(e.get("names", [])), category=e.get("category"),
                   standards=list(e.get("standards", [])), title=title)


_TREES: dict[str, CategoryTree] = {}


def tree_for(corpus: CorpusLike | None, standards: list[Standard] = ()) -> CategoryTree:
    """The GB 2762 附录A tree: from a GB 2762 among ``standards``, else the corpus; empty when neither has it."""
    gb2762 = next((s for s in standards if undated_key(s) == "GB 2762"), None) or lookup(corpus, "GB 2762")
    if gb2762 is None:
        return CategoryTree()
    if gb2762.code not in _TREES:
        _TREES[gb2762.code] = CategoryTree.from_standard(gb2762)
    return _TREES[gb2762.code]


# ------------------------------------------------------------------------------------ applicability


def _product_code(product: Product, tree: CategoryTree) -> str | None:
    return tree.find(product.category or product.name) if len(tree) else None


def _horizontal_spec(req: Requirement, product: Product, tree: CategoryTree, std_key: str = "") -> int | None:
    """How closely a row of a horizontal standard fits the product (doubled scale, see :mod:`crosswalk`).

    A category listed in the crosswalk for this standard is placed through it (never by fuzzy name); any
    other is looked up in the GB 2762 tree by name or code."""
    if not req.subject.category and not req.subject.category_code:
        return None
    code = _product_code(product, tree)
    entries = crosswalk.correspondences(std_key, req.subject.category) if std_key else None
    if entries is not None:
        return crosswalk.specificity(entries, tree, code, product.words()) if code is not None else None
    if code is not None:
        sp = tree.specificity(req, code)
        return None if sp is None else 2 * sp
    items = split_items(req.subject.category or "")
    return 0 if any(product.matches(i) for i in items) else None


def row_key(req: Requirement) -> tuple[str | None, ...]:
    """The subject part of a matrix row: grade, product type, condition (category when it is a variety)."""
    s = req.subject
    return (s.category, s.grade, s.product_type, s.condition)


def applicable(std: Standard, product: Product | None, tree: CategoryTree) -> dict[str, list[Requirement]]:
    """Per parameter (canonical id, else ``label:<label>``), the requirements of ``std`` for ``product``.

    Horizontal standards: the most specific applicable row. Product standards: rows for the whole product
    (category cleared); a ``其他…`` row when the product is none of the named varieties; else every variety
    row (category kept, one matrix row each)."""
    by_param: dict[str, list[Requirement]] = {}
    for req in std.requirements:
        pid = parameter_of(req, std)
        key = pid or f"label:{req.label}"
        by_param.setdefault(key, []).append(req.model_copy(update={"parameter": pid}))
    out: dict[str, list[Requirement]] = {}
    horizontal = is_horizontal(std)
    std_key = undated_key(std)
    for key, reqs in by_param.items():
        if horizontal:
            if product is None:
                continue
            scored = [(sp, r) for r in reqs if (sp := _horizontal_spec(r, product, tree, std_key)) is not None]
            if scored:
                best = max(sp for sp, _ in scored)
                out[key] = [_general(r) for sp, r in scored if sp == best][:1]
            continue
        out[key] = _product_rows(reqs, product, tree, std_key)
    return out


class Placed(Requirement):
    """A requirement placed onto the product as a whole; ``matched_category`` keeps the category as written in
    the row that was matched (稻谷、糙米、大米（粉）, Rice, polished). Not serialised (the model is unchanged)."""

    matched_category: str | None = Field(default=None, exclude=True)


def matched_category(req: Requirement) -> str | None:
    """The food category as written in the row a requirement came from (kept when the row was generalised)."""
    return req.subject.category or getattr(req, "matched_category", None)


def _general(req: Requirement) -> Requirement:
    """The requirement with its category cleared: it applies to the product as a whole."""
    fields = {name: getattr(req, name) for name in Requirement.model_fields}
    fields["subject"] = req.subject.model_copy(update={"category": None, "category_code": None})
    return Placed.model_construct(_fields_set=set(req.model_fields_set) | {"subject"}, **fields,
                                  matched_category=matched_category(req))


def _covers(category: str, product: Product | None, tree: CategoryTree, std_key: str) -> bool:
    """True when a product standard's subject crosswalks onto the product ("rice" in CXS 198 for 大米)."""
    entries = crosswalk.correspondences(std_key, category) if product is not None and std_key else None
    code = _product_code(product, tree) if entries else None
    return code is not None and crosswalk.specificity(entries, tree, code, product.words()) is not None


def _product_rows(reqs: list[Requirement], product: Product | None, tree: CategoryTree | None = None,
                  std_key: str = "") -> list[Requirement]:
    general, covered, others, varieties = [], [], [], []
    tree = tree if tree is not None else CategoryTree()
    for r in reqs:
        cat = r.subject.category
        if not cat or (product and any(product.matches(i) for i in split_items(cat))):
            general.append(_general(r))
        elif _covers(cat, product, tree, std_key):  # after rows stated for the product itself
            covered.append(_general(r))
        elif fold(cat).startswith("其他"):
            others.append(_general(r))
        else:
            varieties.append(r)
    general += covered
    if product is None:
        return general + others + varieties
    return general + others if general or others else varieties


def inherited(std: Standard, corpus: CorpusLike | None, product: Product | None, tree: CategoryTree,
              stated: set[str]) -> list[Requirement]:
    """Requirements a standard takes in by reference (应符合GB 2762的规定), for parameters it does not state.

    Each copy carries ``inherited_from`` (the referenced code) and the clause of the referring sentence."""
    out: list[Requirement] = []
    seen = set(stated)
    for ref in std.requirements:
        if ref.bound.kind != BoundKind.by_reference or ref.bound.reference is None:
            continue
        target = lookup(corpus, codes.key(ref.bound.reference, with_year=ref.bound.reference.year is not None))
        if target is None or target.code == std.code:
            continue
        for pid, reqs in applicable(target, product, tree).items():
            if pid in seen or pid.startswith("label:"):
                continue
            seen.add(pid)
            for r in reqs:
                out.append(r.model_copy(update={"inherited_from": target.code}))
    return out
