"""Food-category trees (GB 2762 附录A 表A.1, GB 2760 附录E 表E.1) and limit inheritance.

Codes are hierarchical: ``04.0`` 谷物及其制品 ⊃ ``04.02`` 谷物碾磨加工品 ⊃ ``04.02.02`` 大米（粉）. A limit set for
a category applies to every sub-category unless a more specific limit exists (GB 2762-2025 3.4: 限量指标对
食品类别（名称）有说明的，以食品类别（名称）说明为准; a category's limit covers its sub-categories). Names in
limit tables are written as lists (``稻谷、糙米、大米（粉）``) and may carry exclusions
(``谷物碾磨加工品［糙米、大米（粉）除外］``): both are understood.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from stdbench.model import Requirement, Standard, Table
from stdbench.normalize.text import fold

__all__ = ["CategoryTree", "exclusions", "mentions", "split_items"]

_CODE = re.compile(r"^\d{2}(?:\.\d{1,2})+$")
_CODE_HEADERS = ("食品类别代码", "食品分类号", "类别代码", "food category code")
_NAME_HEADERS = ("食品类别（名称）", "食品类别(名称)", "食品名称", "食品类别", "food category")
_OPEN, _CLOSE = "([［【{", ")]］】}"
# on width-folded text (［］ → []); one level of nested parentheses inside: ［糙米、大米（粉）除外］
_EXCLUDE = re.compile(r"[(\[]((?:[^()\[\]]|\([^()]*\))*?)除外[)\]]")
_EXAMPLE = re.compile(r"[(\[](?:例如|包括|如)(?:[^()\[\]]|\([^()]*\))*[)\]]")
_FUZZY_CUTOFF = 85.0
_TREE_TITLE = re.compile(r"分类系统|类别（名称）说明|类别\(名称\)说明|category system")


@lru_cache(maxsize=65536)
def _norm_name(text: str) -> str:
    """Folded name: width, case, spaces; brackets unified to ASCII parentheses."""
    t = fold(text).replace(" ", "")
    return t.translate(str.maketrans("【】", "[]"))


def split_items(text: str) -> list[str]:
    """The items of a category list (``稻谷、糙米、大米（粉）``), splitting on 、 outside brackets."""
    items, depth, cur = [], 0, []
    for ch in text:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(depth - 1, 0)
        if ch in "、，," and depth == 0:
            items.append("".join(cur).strip())
            cur = []
            continue
        cur.append(ch)
    items.append("".join(cur).strip())
    return [i for i in items if i]


def exclusions(text: str) -> list[str]:
    """Names excluded by ``［…除外］`` in a category as written."""
    return [x for m in _EXCLUDE.finditer(_norm_name(text)) for x in split_items(m.group(1))]


def mentions(category: str, name: str) -> bool:
    """True when a category as written names ``name`` outside its exclusions (大米 in 稻谷、糙米、大米（粉）)."""
    want = _norm_name(name)
    return bool(want) and want in _EXCLUDE.sub("", _norm_name(category))


@lru_cache(maxsize=65536)
def _strip_qualifiers(name: str) -> str:
    """The name without exclusions and example lists: 谷物碾磨加工品［糙米、大米（粉）除外］ → 谷物碾磨加工品."""
    out = _EXCLUDE.sub("", _norm_name(name))
    out = _EXAMPLE.sub("", out)
    return out.strip()


@dataclass
class CategoryTree:
    """A food-category tree: code → name, with parents derived from the code."""

    names: dict[str, str] = field(default_factory=dict)
    source: str = ""
    _found: dict[tuple[str, str | None], str | None] = field(default_factory=dict, repr=False, compare=False)

    # ------------------------------------------------------------------ building

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, str]], source: str = "") -> CategoryTree:
        """Build from (code, name) pairs; rows without a valid code are skipped."""
        tree = cls(source=source)
        for code, name in rows:
            code = fold(code)
            if _CODE.match(code) and name.strip():
                tree.names.setdefault(code, name.strip())
        return tree

    @classmethod
    def from_standard(cls, std: Standard) -> CategoryTree:
        """The tree from every table of a standard with a category-code and a category-name column."""
        ranked: list[tuple[int, int, Table]] = []
        for clause in std.walk():
            for block in clause.blocks:
                if isinstance(block, Table):
                    title = f"{block.title or ''}{clause.title}"
                    rank = 0 if _TREE_TITLE.search(title) else 1 if clause.kind.value == "annex" else 2
                    ranked.append((rank, len(ranked), block))
        rows = [row for _, _, table in sorted(ranked, key=lambda x: x[:2]) for row in _code_name_rows(table)]
        return cls.from_rows(rows, source=std.code)

    def __len__(self) -> int:
        return len(self.names)

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self.names

    # ------------------------------------------------------------------ structure

    def parent(self, code: str) -> str | None:
        """The nearest listed ancestor: 04.02.02 → 04.02 → 04.0 → None."""
        parts = code.split(".")
        while len(parts) > 1:
            parts = parts[:-1]
            cand = ".".join(parts) if len(parts) > 1 else f"{parts[0]}.0"
            if cand != code and cand in self.names:
                return cand
            if len(parts) == 1:
                break
        return None

    def ancestors(self, code: str) -> list[str]:
        """Ancestors from the nearest to the root."""
        out: list[str] = []
        cur = self.parent(code)
        while cur is not None and cur not in out:
            out.append(cur)
            cur = self.parent(cur)
        return out

    def children(self, code: str) -> list[str]:
        """Direct sub-categories, in code order."""
        return sorted(c for c in self.names if self.parent(c) == code)

    def depth(self, code: str) -> int:
        return len(self.ancestors(code))

    def is_within(self, code: str, ancestor: str) -> bool:
        """True when ``code`` is ``ancestor`` or one of its descendants."""
        return code == ancestor or ancestor in self.ancestors(code)

    # ------------------------------------------------------------------ look-up

    def find(self, name_or_code: str) -> str | None:
        """The code of a category given its code, its name as written, or a path ``大类 > 亚类 > 细类``.

        A list of several categories (``稻谷、糙米、大米（粉）``) gives the most specific category that
        covers them all."""
        text = name_or_code.strip()
        if not text:
            return None
        code = fold(text)
        if code in self.names:
            return code
        lead = text.split()[0]
        if _CODE.match(fold(lead)) and fold(lead) in self.names:  # "13.01 婴幼儿配方食品"
            return fold(lead)
        if ">" in text:
            return self._find_path([p for p in (x.strip() for x in text.split(">")) if p])
        items = split_items(_EXCLUDE.sub("", _norm_name(text)))
        if len(items) > 1:
            codes = [c for c in (self._find_one(i) for i in items) if c is not None]
            return self.common_ancestor(codes) if codes else None
        return self._find_one(text)

    def codes_for(self, text: str) -> list[str]:
        """Every category a name list refers to (one code per item that is found)."""
        items = split_items(_EXCLUDE.sub("", _norm_name(text))) or [text]
        return list(dict.fromkeys(c for c in (self._find_one(i) for i in items) if c is not None))

    def common_ancestor(self, codes: list[str]) -> str | None:
        """The deepest category that is or contains every code."""
        if not codes:
            return None
        chain = [codes[0], *self.ancestors(codes[0])]
        return next((c for c in chain if all(self.is_within(x, c) for x in codes)), None)

    def _find_one(self, name: str, within: str | None = None) -> str | None:
        key = (name, within)
        if key not in self._found:  # the tree does not change once built; look-ups repeat a lot
            self._found[key] = self._find_one_uncached(name, within)
        return self._found[key]

    def _find_one_uncached(self, name: str, within: str | None = None) -> str | None:
        pool = {c: n for c, n in self.names.items() if within is None or self.is_within(c, within)}
        if not pool:
            return None
        want = _norm_name(name)
        exact = [c for c, n in pool.items() if _norm_name(n) == want]
        if not exact:
            bare = _strip_qualifiers(name)
            exact = [c for c, n in pool.items() if _strip_qualifiers(n) == bare]
        if not exact:  # 大米 → 大米（粉）: the name before its parenthesis
            bare = re.sub(r"\(.*?\)", "", _strip_qualifiers(name))
            exact = [c for c, n in pool.items() if re.sub(r"\(.*?\)", "", _strip_qualifiers(n)) == bare]
        if exact:
            return min(exact, key=lambda c: (self.depth(c), c))
        choices = {c: _strip_qualifiers(n) for c, n in pool.items()}
        best = process.extractOne(_strip_qualifiers(name), choices, scorer=fuzz.ratio,
                                  score_cutoff=_FUZZY_CUTOFF)
        return best[2] if best else None

    def _find_path(self, parts: list[str]) -> str | None:
        within: str | None = None
        for part in parts:
            found = self._find_one(part, within)
            if found is None:
                return within
            within = found
        return within

    # ------------------------------------------------------------------ inheritance

    def requirement_codes(self, req: Requirement) -> tuple[list[str], list[str]]:
        """(covered codes, excluded codes) of a requirement's subject."""
        subject = req.subject
        covered: list[str] = []
        if subject.category_code and fold(subject.category_code) in self.names:
            covered.append(fold(subject.category_code))
        elif subject.category:
            covered = self.codes_for(subject.category)
        excluded: list[str] = []
        if subject.category:
            excluded = [c for c in (self._find_one(x) for x in exclusions(subject.category)) if c]
        return covered, excluded

    def specificity(self, req: Requirement, code: str) -> int | None:
        """How closely a requirement fits a category: depth of the covering code, None if it does not apply."""
        covered, excluded = self.requirement_codes(req)
        if any(self.is_within(code, x) for x in excluded):
            return None
        depths = [self.depth(c) for c in covered if self.is_within(code, c)]
        return max(depths) if depths else None

    def applicable(self, limits: Iterable[Requirement], code: str) -> Requirement | None:
        """The most specific requirement that applies to category ``code`` (a name is looked up first).

        Pass the limits of one parameter; a limit for a parent category reaches its sub-categories
        unless a more specific one exists. Ties keep the first in table order."""
        target = code if code in self.names else self.find(code)
        if target is None:
            return None
        best: tuple[int, Requirement] | None = None
        for req in limits:
            score = self.specificity(req, target)
            if score is not None and (best is None or score > best[0]):
                best = (score, req)
        return best[1] if best else None

    def applicable_by_parameter(self, limits: Iterable[Requirement], code: str) -> dict[str, Requirement]:
        """:meth:`applicable` for each parameter (canonical id, else label) among ``limits``."""
        groups: dict[str, list[Requirement]] = {}
        for req in limits:
            groups.setdefault(req.parameter or req.label, []).append(req)
        out = {}
        for param, reqs in groups.items():
            hit = self.applicable(reqs, code)
            if hit is not None:
                out[param] = hit
        return out


def _code_name_rows(table: Table) -> list[tuple[str, str]]:
    """(code, name) pairs of a table whose header names a category-code and a category-name column."""
    grid = table.grid()
    if not grid:
        return []
    head = [fold(c.text) if c else "" for c in grid[0]]
    code_col = next((i for i, h in enumerate(head) if any(fold(x) == h for x in _CODE_HEADERS)), None)
    name_col = next((i for i, h in enumerate(head) if i != code_col and any(fold(x) == h for x in _NAME_HEADERS)),
                    None)
    if code_col is None or name_col is None:
        return []
    return [(row[code_col].text, row[name_col].text) for row in grid[1:]
            if row[code_col] is not None and row[name_col] is not None]
