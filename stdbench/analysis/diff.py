"""Edition diff: what changed between two editions of a standard — clauses and every limit.

Clauses are paired with :func:`stdbench.analysis.align.align` (added, removed, moved, modified with redlines);
limits are matched by parameter and subject (category, grade, product type) and judged with the verdict logic:
tightened, relaxed, added, removed, or changed but not comparable. The summary reads like the "主要技术变化"
list of a foreword: counts first, then the main changes.
"""
from __future__ import annotations

import json
from collections import Counter
from typing import Literal

from pydantic import BaseModel, Field

from stdbench.analysis.applicability import parameter_of
from stdbench.analysis.verdict import Verdict, compare_requirements
from stdbench.errors import StdbenchError
from stdbench.model import BoundKind, Requirement, Standard
from stdbench.normalize import lexicon

__all__ = ["ClauseChange", "EditionDiff", "LimitChange", "diff"]

ClauseKindOfChange = Literal["unchanged", "modified", "added", "removed", "moved"]
LimitKindOfChange = Literal["tightened", "relaxed", "added", "removed", "changed-not-comparable"]


class ClauseChange(BaseModel):
    old: str | None = None
    new: str | None = None
    change: ClauseKindOfChange
    score: float = 0.0
    old_title: str | None = None
    new_title: str | None = None
    redline: object | None = Field(default=None, exclude=True)  # stdbench.analysis.redline.Redline


class LimitChange(BaseModel):
    clause: str | None = None  # clause (and table) in the new edition, else the old one
    parameter: str | None = None
    label: str = ""
    subject: dict[str, str] = Field(default_factory=dict)
    old: str | None = None
    new: str | None = None
    unit: str | None = None
    change: LimitKindOfChange
    reason: str = ""


class EditionDiff(BaseModel):
    old: str
    new: str
    clauses: list[ClauseChange] = Field(default_factory=list)
    limits: list[LimitChange] = Field(default_factory=list)
    summary: str = ""

    def to_json(self, indent: int | None = 2) -> str:
        """The JSON contract: old, new, clauses [{old, new, change, score}], limits […], summary."""
        data = {"old": self.old, "new": self.new,
                "clauses": [c.model_dump(include={"old", "new", "change", "score"}) for c in self.clauses],
                "limits": [lc.model_dump(include={"clause", "parameter", "subject", "old", "new", "change"})
                           for lc in self.limits],
                "summary": self.summary}
        return json.dumps(data, ensure_ascii=False, indent=indent)

    def find(self, parameter: str, category: str | None = None) -> list[LimitChange]:
        return [lc for lc in self.limits if lc.parameter == parameter
                and (category is None or lc.subject.get("category") == category)]


def _clauses(old: Standard, new: Standard) -> list[ClauseChange]:
    from stdbench.analysis.align import align

    out: list[ClauseChange] = []
    for p in align(old, new).pairs:
        if p.a is None and p.b is None and p.kind not in ("a-only", "b-only"):
            continue
        if p.kind == "a-only":
            change: ClauseKindOfChange = "removed"
        elif p.kind == "b-only":
            change = "added"
        elif p.a != p.b:
            change = "moved"
        elif p.redline is not None and p.redline.changed:
            change = "modified"
        else:
            change = "unchanged"
        out.append(ClauseChange(old=p.a, new=p.b, change=change, score=round(p.score, 3), old_title=p.a_title,
                                new_title=p.b_title, redline=p.redline))
    return out


def _subject(req: Requirement) -> dict[str, str]:
    s = req.subject
    return {k: v for k, v in (("category", s.category), ("grade", s.grade), ("product_type", s.product_type),
                              ("condition", s.condition)) if v}


def _keyed(std: Standard) -> dict[tuple, Requirement]:
    out: dict[tuple, Requirement] = {}
    for req in std.requirements:
        if req.bound.kind == BoundKind.by_reference:
            continue
        pid = parameter_of(req, std)
        s = req.subject
        base = (pid or req.label, s.category, s.grade, s.product_type, s.condition)
        key, n = base, 1
        while key in out:
            n += 1
            key = (*base, n)
        out[key] = req.model_copy(update={"parameter": pid})
    return out


def _name(req: Requirement) -> str:
    if req.parameter:
        try:
            return lexicon.get(req.parameter).zh
        except (KeyError, StdbenchError):
            pass
    return req.label


def _where(req: Requirement) -> str | None:
    p = req.provenance
    return " ".join(x for x in (p.clause, p.table) if x) or None


def _limits(old: Standard, new: Standard) -> list[LimitChange]:
    a, b = _keyed(old), _keyed(new)
    out: list[LimitChange] = []
    for key in list(dict.fromkeys([*b, *a])):
        o, n = a.get(key), b.get(key)
        ref = n or o
        if o is None or n is None:
            change: LimitKindOfChange = "added" if o is None else "removed"
            reason = ""
        else:
            res = compare_requirements(n, o)
            reason = res.reason
            if res.verdict == Verdict.equal:
                continue
            change = {Verdict.stricter: "tightened", Verdict.looser: "relaxed"}.get(res.verdict,
                                                                                    "changed-not-comparable")
            if change == "changed-not-comparable" and o.limit_text == n.limit_text and o.unit == n.unit:
                continue
        out.append(LimitChange(clause=_where(ref), parameter=ref.parameter, label=_name(ref), subject=_subject(ref),
                               old=o.limit_text if o else None, new=n.limit_text if n else None,
                               unit=ref.unit, change=change, reason=reason))
    return out


_WORDS = {
    "zh": {"clauses": {"added": "新增", "removed": "删除", "modified": "修改", "moved": "调整位置"},
           "limits": {"tightened": "收严", "relaxed": "放宽", "added": "新增", "removed": "删除",
                      "changed-not-comparable": "改变（不可比）"},
           "head": "{new}与{old}相比：条款{c}；限量{l}。", "none": "无变化", "sep": "、", "main": "主要变化：",
           "item": "{what}{subject}{param}限量{detail}（{where}）", "end": "。"},
    "en": {"clauses": {"added": "added", "removed": "removed", "modified": "modified", "moved": "moved"},
           "limits": {"tightened": "tightened", "relaxed": "relaxed", "added": "added", "removed": "removed",
                      "changed-not-comparable": "changed (not comparable)"},
           "head": "{new} compared with {old}: clauses {c}; limits {l}.", "none": "no change", "sep": ", ",
           "main": " Main changes: ", "item": "{what} {param} limit for {subject}{detail} ({where})", "end": "."},
}
_RANK = {"relaxed": 0, "tightened": 1, "added": 2, "removed": 3, "changed-not-comparable": 4}


def _summary(d: EditionDiff, lang: str) -> str:
    w = _WORDS["en" if lang == "en" else "zh"]
    cc = Counter(c.change for c in d.clauses)
    lc = Counter(x.change for x in d.limits)
    c = w["sep"].join(f"{w['clauses'][k]} {cc[k]}" for k in w["clauses"] if cc[k]) or w["none"]
    lim = w["sep"].join(f"{w['limits'][k]} {lc[k]}" for k in w["limits"] if lc[k]) or w["none"]
    text = w["head"].format(new=d.new, old=d.old, c=c, l=lim)
    top = sorted(d.limits, key=lambda x: _RANK[x.change])[:5]
    if top:
        items = []
        for x in top:
            unit = f" {x.unit}" if x.unit and not any(x.unit in (v or "") for v in (x.old, x.new)) else ""
            detail = f" {x.old or '—'} → {x.new or '—'}{unit}"
            subject = x.subject.get("category") or "/".join(x.subject.values())
            items.append(w["item"].format(what=w["limits"][x.change], param=x.label, subject=subject,
                                          detail=detail, where=x.clause or "?"))
        text += w["main"] + ("；" if lang != "en" else "; ").join(items) + w["end"]
    return text


def diff(old: Standard, new: Standard, lang: str = "zh") -> EditionDiff:
    """Clauses and limits that changed from ``old`` to ``new``, with a one-paragraph summary."""
    d = EditionDiff(old=old.code, new=new.code, clauses=_clauses(old, new), limits=_limits(old, new))
    d.summary = _summary(d, lang)
    return d
