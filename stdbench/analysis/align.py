"""Clause alignment: which clause of standard A corresponds to which clause of standard B.

1. :func:`stdbench.analysis.similarity.score_matrix` scores every pair at once (titles, text, numbers,
   lexicon, kind, order).
2. An order-preserving optimal alignment (Needleman-Wunsch with zero gap cost and a match gain of
   ``score - threshold``: a clause stays unmatched unless a counterpart scores above the threshold). The
   dynamic programme runs only over *candidate* cells — those above the threshold that are among the best
   ``candidates`` of their row or column — as a maximum-weight increasing chain with a Fenwick tree of
   prefix maxima: O(K log n) for K candidates instead of O(n·m) cells.
3. Moves: clauses left over that still score ``move_threshold`` or more are paired greedily (no "order").
4. Parents: two leftover clauses whose subclauses were paired with each other are the same clause, whatever
   their titles say (B.5 Determination ↔ B.5 判定, a heading translated with a word the lexicon reads
   differently); evidence "subclauses".
5. Splits and merges: a leftover clause whose text is mostly contained in the counterpart of a neighbour
   (or in a leftover clause of the corresponding gap) joins that pair.
"""
from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field
from rapidfuzz import fuzz

from stdbench.analysis.redline import Redline, redline
from stdbench.analysis.similarity import ClauseView, Scorer, containment, evidence, score_matrix, views
from stdbench.model import Standard

Evidence = Literal["number-and-title", "number", "title", "text", "lexicon", "kind", "order", "subclauses"]
PairKind = Literal["match", "split", "merge", "a-only", "b-only"]
SPARSE_CELLS = 64  # candidates are ranked sparsely while at most this many cells per clause pass the threshold


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Pair(_Model):
    """One line of an alignment: a clause of A, of B, or both."""

    a: str | None = None  # clause number in A (None: unnumbered, or no counterpart)
    b: str | None = None
    a_title: str | None = None
    b_title: str | None = None
    score: float = 0.0
    evidence: list[Evidence] = Field(default_factory=list)
    kind: PairKind = "match"
    redline: Redline | None = None
    a_index: int | None = Field(default=None, exclude=True)  # position in A.walk(); internal
    b_index: int | None = Field(default=None, exclude=True)


class Alignment(_Model):
    """The clause alignment of two standards, in document order."""

    a: str
    b: str
    pairs: list[Pair] = Field(default_factory=list)

    def matched(self) -> list[Pair]:
        """Pairs with a clause on both sides (match, split, merge)."""
        return [p for p in self.pairs if p.kind in ("match", "split", "merge")]

    def counterpart(self, a_number: str) -> list[str | None]:
        """The B clause numbers paired with clause ``a_number`` of A."""
        return [p.b for p in self.matched() if p.a == a_number]


def align(
    a: Standard, b: Standard, *, scorer: Scorer = fuzz.ratio, threshold: float = 0.5,
    weights: dict[str, float] | None = None, move_threshold: float = 0.75, split_threshold: float = 0.85,
    candidates: int = 12, redlines: bool = True,
) -> Alignment:
    """Align the clauses of ``a`` and ``b``; ``threshold`` is the least score for an in-order match."""
    va, vb = views(a), views(b)
    s = score_matrix(va, vb, scorer=scorer, weights=weights)
    partners = _chain(s, threshold, candidates)
    _moves(s, partners, move_threshold)
    by_structure = _parents(va, vb, partners)
    links = _splits_and_merges(va, vb, partners, split_threshold)
    return Alignment(a=a.code, b=b.code, pairs=_pairs(va, vb, s, links, scorer, redlines, by_structure))


def _chain(s: np.ndarray, threshold: float, k: int) -> dict[int, int]:
    """Maximum-weight order-preserving matching over candidate cells (gain = score - threshold)."""
    n, m = s.shape
    if not n or not m:
        return {}
    ci, cj = _candidates(s, threshold, k)
    order = np.lexsort((-cj, ci))  # rows ascending, columns descending within a row: update as we go
    ci, cj = ci[order].tolist(), cj[order].tolist()
    gain = (s[ci, cj] - threshold).tolist() if ci else []
    tree_val = [0.0] * (m + 1)  # Fenwick tree of prefix maxima over columns (1-based)
    tree_arg = [-1] * (m + 1)
    pred = [-1] * len(ci)
    best_val, best_arg = 0.0, -1
    for c, (j, g) in enumerate(zip(cj, gain)):
        v, arg, x = 0.0, -1, j  # best chain ending in a column < j
        while x > 0:
            if tree_val[x] > v:
                v, arg = tree_val[x], tree_arg[x]
            x -= x & -x
        total = v + g
        pred[c] = arg
        if total > best_val:
            best_val, best_arg = total, c
        x = j + 1
        while x <= m:
            if tree_val[x] < total:
                tree_val[x], tree_arg[x] = total, c
            x += x & -x
    partners: dict[int, int] = {}
    while best_arg >= 0:
        partners[ci[best_arg]] = cj[best_arg]
        best_arg = pred[best_arg]
    return partners


def _candidates(s: np.ndarray, threshold: float, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Cells above ``threshold`` among the ``k`` best of their row or of their column (row, column arrays).

    Usually few cells pass the threshold: they are ranked sparsely. A dense matrix (many similar clauses)
    is ranked with ``argpartition`` instead, which needs no index arrays of the size of the matrix.
    """
    n, m = s.shape
    kr, kc = min(k, m), min(k, n)
    above = s > threshold
    if int(np.count_nonzero(above)) > SPARSE_CELLS * (n + m):
        cand = np.zeros((n, m), dtype=bool)
        cand[np.arange(n)[:, None], np.argpartition(-s, kr - 1, axis=1)[:, :kr]] = True
        cand[np.argpartition(-s, kc - 1, axis=0)[:kc, :], np.arange(m)[None, :]] = True
        cand &= above
        return np.nonzero(cand)
    ci, cj = np.nonzero(above)
    val = s[ci, cj]
    keep = _top(ci, val, kr) | _top(cj, val, kc)
    return ci[keep], cj[keep]


def _top(group: np.ndarray, val: np.ndarray, k: int) -> np.ndarray:
    """Mask of the ``k`` largest values of each group (stable: the first cell wins a tie)."""
    if not len(group):
        return np.zeros(0, dtype=bool)
    order = np.lexsort((-val, group))
    g = group[order]
    first = np.r_[0, np.flatnonzero(g[1:] != g[:-1]) + 1]  # where each group starts in ``order``
    rank = np.arange(len(g)) - np.repeat(first, np.diff(np.r_[first, len(g)]))
    mask = np.zeros(len(group), dtype=bool)
    mask[order[rank < k]] = True
    return mask


def _moves(s: np.ndarray, partners: dict[int, int], move_threshold: float) -> None:
    """Pair leftover clauses that still correspond strongly, out of order (moved clauses), greedily."""
    ua = np.array([i for i in range(s.shape[0]) if i not in partners], dtype=np.int64)
    taken = set(partners.values())
    ub = np.array([j for j in range(s.shape[1]) if j not in taken], dtype=np.int64)
    if not len(ua) or not len(ub):
        return
    sub = s[np.ix_(ua, ub)]
    ii, jj = np.nonzero(sub >= move_threshold)
    used_a: set[int] = set()
    used_b: set[int] = set()
    for x in np.argsort(-sub[ii, jj], kind="stable").tolist():
        i, j = int(ua[ii[x]]), int(ub[jj[x]])
        if i not in used_a and j not in used_b:
            partners[i] = j
            used_a.add(i)
            used_b.add(j)


def _children(side: list[ClauseView]) -> dict[int, list[int]]:
    """Positions of each clause's direct subclauses (views are in walk order, parents first)."""
    at = {id(v.clause): v.index for v in side}
    return {v.index: [at[id(c)] for c in v.clause.children if id(c) in at] for v in side if v.clause.children}


def _parents(va: list[ClauseView], vb: list[ClauseView], partners: dict[int, int]) -> set[tuple[int, int]]:
    """Pair leftover clauses whose subclauses are paired with each other; returns the pairs added.

    Most of both clauses' subclauses (at least two) must be partners of one another, and the new pair
    must not cross an existing one (the alignment stays in order)."""
    kids_a, kids_b = _children(va), _children(vb)
    used_b = set(partners.values())
    parent_b = {k: j for j, kids in kids_b.items() for k in kids}
    added: set[tuple[int, int]] = set()
    for i in sorted(kids_a):
        if i in partners:
            continue
        votes: dict[int, int] = {}
        for k in kids_a[i]:
            j = parent_b.get(partners.get(k, -1))
            if j is not None:
                votes[j] = votes.get(j, 0) + 1
        if not votes:
            continue
        j, shared = max(votes.items(), key=lambda kv: (kv[1], -kv[0]))
        if (j in used_b or shared < 2 or 2 * shared < len(kids_a[i]) or 2 * shared < len(kids_b[j])
                or any((x < i) != (y < j) for x, y in partners.items())):
            continue
        partners[i] = j
        used_b.add(j)
        added.add((i, j))
    return added


def _splits_and_merges(
    va: list[ClauseView], vb: list[ClauseView], partners: dict[int, int], cutoff: float
) -> list[tuple[int, int, float | None]]:
    """All links (i, j, override score): the matches plus split/merge links for contained leftovers."""
    links: list[tuple[int, int, float | None]] = [(i, j, None) for i, j in partners.items()]
    a_of = _linked(links, 1, 0)
    b_of = _linked(links, 0, 1)
    # a leftover B clause contained in an A clause: A was split (one A → several B)
    for j in range(len(vb)):
        if j in a_of:
            continue
        found = _best_container(vb[j], _neighbourhood(j, a_of, len(va)), va, cutoff)
        if found is not None:
            links.append((found[0], j, found[1]))
            a_of.setdefault(j, []).append(found[0])
            b_of.setdefault(found[0], []).append(j)
    # a leftover A clause contained in a B clause: several A were merged into one B
    for i in range(len(va)):
        if i in b_of:
            continue
        found = _best_container(va[i], _neighbourhood(i, b_of, len(vb)), vb, cutoff)
        if found is not None:
            links.append((i, found[0], found[1]))
            b_of.setdefault(i, []).append(found[0])
            a_of.setdefault(found[0], []).append(i)
    return links


def _linked(links: list[tuple[int, int, float | None]], key: int, value: int) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for link in links:
        out.setdefault(link[key], []).append(link[value])
    return out


def _neighbourhood(x: int, other_of: dict[int, list[int]], size: int) -> list[int]:
    """Counterparts of the nearest linked neighbours of ``x`` and every clause between them (the gap)."""
    before = next((other_of[y] for y in range(x - 1, -1, -1) if y in other_of), [-1])
    after = next((other_of[y] for y in range(x + 1, x + size + 1) if y in other_of), [size])
    lo, hi = max(min(before), 0), min(max(after), size - 1)
    if hi - lo > 50:  # a wide gap (unrelated documents): only the neighbours' own counterparts
        return sorted({*before, *after} & set(range(size)))
    return list(range(lo, hi + 1))


def _best_container(part: ClauseView, where: list[int], side: list[ClauseView], cutoff: float):
    best: tuple[int, float] | None = None
    for y in where:
        c = containment(part, side[y])
        if c >= cutoff and (best is None or c > best[1]):
            best = (y, c)
    return best


def _pairs(
    va: list[ClauseView], vb: list[ClauseView], s: np.ndarray, links: list[tuple[int, int, float | None]],
    scorer: Scorer, redlines: bool, by_structure: set[tuple[int, int]],
) -> list[Pair]:
    """Pairs in document order of A, B-only clauses placed after the B clause before them."""
    a_count = _linked(links, 0, 1)
    b_count = _linked(links, 1, 0)
    keyed: list[tuple[float, int, Pair]] = []
    n, m = len(va), len(vb)
    for i, j, override in links:
        x, y = va[i], vb[j]
        kind: PairKind = "split" if len(a_count[i]) > 1 else "merge" if len(b_count[j]) > 1 else "match"
        score = float(s[i, j]) if override is None else max(float(s[i, j]), override)
        ev = evidence(x, y, n, m, scorer)
        if override is not None and "text" not in ev:
            ev.append("text")
        if (i, j) in by_structure:
            ev.append("subclauses")
        keyed.append((i, j, Pair(
            a=x.number, b=y.number, a_title=x.clause.title, b_title=y.clause.title, score=round(score, 4),
            evidence=ev, kind=kind, redline=redline(x.clause, y.clause) if redlines else None,
            a_index=i, b_index=j,
        )))
    for i in range(n):
        if i not in a_count:
            keyed.append((i, -1, Pair(a=va[i].number, a_title=va[i].clause.title, kind="a-only", a_index=i)))
    last_a = -1.0
    for j in range(m):
        if j in b_count:
            last_a = max(b_count[j])
        else:
            y = vb[j]
            keyed.append((last_a + 0.5, j, Pair(b=y.number, b_title=y.clause.title, kind="b-only", b_index=j)))
    keyed.sort(key=lambda t: (t[0], t[1]))
    return [p for _, _, p in keyed]
