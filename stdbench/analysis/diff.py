"""Edition diff: what changed between two editions of a standard — clauses and every limit.

Clauses are paired with :func:`stdbench.analysis.align.align` (added, removed, moved, modified with redlines);
limits are matched by parameter and subject (category, grade, product type) and judged with the verdict logic:
tightened, relaxed, added, removed, or changed but not comparable. What the old file says it did not record
(its "未收录" notes and editorial notes) is reported as ``not-recorded``, never as added. The summary reads
like the "主要技术变化" list of a foreword, beside the change list the new edition's own foreword states.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, Field

from stdbench.analysis.applicability import parameter_of
from stdbench.analysis.verdict import Verdict, compare_requirements
from stdbench.model import BoundKind, Clause, ClauseKind, ListBlock, Paragraph, Requirement, Standard
from stdbench.normalize import lexicon

__all__ = ["ClauseChange", "EditionDiff", "LimitChange", "diff", "stated_changes"]

ClauseKindOfChange = Literal["unchanged", "modified", "added", "removed", "moved", "not-recorded"]
LimitKindOfChange = Literal["tightened", "relaxed", "added", "removed", "changed-not-comparable", "not-recorded"]


class ClauseChange(BaseModel):
    old: str | None = None
    new: str | None = None
    change: ClauseKindOfChange
    score: float = 0.0
    old_title: str | None = None
    new_title: str | None = None
    reason: str = ""  # for not-recorded: what the old file says it did not record
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

    def values(self) -> str:
        """Old → new with the unit, e.g. ``— → 30 mg/kg``."""
        unit = f" {self.unit}" if self.unit and not any(self.unit in (v or "") for v in (self.old, self.new)) else ""
        return f"{self.old or '—'} → {self.new or '—'}{unit}"


class EditionDiff(BaseModel):
    old: str
    new: str
    clauses: list[ClauseChange] = Field(default_factory=list)
    limits: list[LimitChange] = Field(default_factory=list)
    stated_changes: list[str] = Field(default_factory=list)  # the new edition's foreword change list
    summary: str = ""

    def to_json(self, indent: int | None = 2) -> str:
        """The JSON contract: old, new, clauses […], limits […], stated_changes [str], summary."""
        data = {"old": self.old, "new": self.new,
                "clauses": [c.model_dump(include={"old", "new", "change", "score", "reason"}) for c in self.clauses],
                "limits": [lc.model_dump(include={"clause", "parameter", "subject", "old", "new", "unit", "change",
                                                  "reason"}) for lc in self.limits],
                "stated_changes": self.stated_changes,
                "summary": self.summary}
        return json.dumps(data, ensure_ascii=False, indent=indent)

    def find(self, parameter: str, category: str | None = None) -> list[LimitChange]:
        return [lc for lc in self.limits if lc.parameter == parameter
                and (category is None or lc.subject.get("category") == category)]


# --------------------------------------------------------------------------- what the old file did not record

# A corpus note "未收录（…）：item；item；item。" lists what a partial file leaves out; only the list up to the
# first "。" counts (a later sentence such as "表8食用燕窝行为2025年新增" states a real absence).
_NOTE = re.compile(r"未收录[^：:。]*[：:]([^。]+)")
_TABLE = re.compile(r"表\s*([A-Z]\.\d+|\d+)")
_CHAPTER = re.compile(r"第\s*(\d+)\s*章|附录\s*([A-Z])(?![A-Za-z.])")
_OPENING = "（("


@dataclass
class _Unrecorded:
    """The parts of a (partial) corpus file that it says it did not record."""

    code: str
    partial: bool = False
    clauses: dict[str, str] = field(default_factory=dict)  # clause number (whole subtree) → note
    flagged: dict[str, str] = field(default_factory=dict)  # clauses holding an editorial 未收录 note → note
    tables: dict[str, str] = field(default_factory=dict)  # "表10" → note: every row unrecorded
    rows: list[str] = field(default_factory=list)  # items naming a category and parameters (and maybe a table)

    def clause(self, number: str | None) -> str | None:
        if not number:
            return None
        for c, note in self.clauses.items():
            if number == c or number.startswith(c + "."):
                return note
        return self.flagged.get(number)

    def row(self, req: Requirement, name: str) -> str | None:
        """The note saying this row was not recorded, or None."""
        table = (req.provenance.table or "").replace(" ", "")
        if table in self.tables:
            return self.tables[table]
        if note := self.clause(req.provenance.clause):
            return note
        cat = req.subject.category
        for item in self.rows:
            tabs = {"表" + t for t in _TABLE.findall(item)}
            if (tabs and table not in tabs) or not cat or not _mentions(item, cat):
                continue
            if any(x and x in item for x in (name, req.label)):
                return item
        return None


def _mentions(item: str, category: str) -> bool:
    """``category`` occurs in ``item`` as itself, not as the head of a longer, qualified name."""
    i = item.find(category)
    while i >= 0:
        after = item[i + len(category):i + len(category) + 1]
        if not after or after not in _OPENING:
            return True
        i = item.find(category, i + 1)
    return False


def _unrecorded(std: Standard) -> _Unrecorded:
    """Read a file's coverage note, its "未收录：…" notes and its editorial notes."""
    u = _Unrecorded(code=std.code)
    for note in std.notes:
        if note.startswith("coverage:") and "complete" not in note.split(":", 2)[1]:
            u.partial = True
        for listed in _NOTE.findall(note):
            for item in (x.strip() for x in re.split(r"[；;]", listed) if x.strip()):
                chapters = [a or b for a, b in _CHAPTER.findall(item)]
                for ch in chapters:
                    u.clauses[ch] = item
                if chapters:
                    continue
                if "全部" in item:
                    u.tables.update({"表" + t: item for t in _TABLE.findall(item)})
                else:
                    u.rows.append(item)
    for clause in std.walk():
        for b in clause.blocks:
            if not (isinstance(b, Paragraph) and b.style == "editorial-note" and "未收录" in b.text):
                continue
            text = b.text.strip("（）()")
            head = text.split("未收录")[0]
            if tabs := _TABLE.findall(head):
                u.tables.update({"表" + t: text for t in tabs})
            elif clause.number:
                u.clauses[clause.number] = text
            if clause.number:
                u.flagged[clause.number] = text
    u.partial = u.partial or bool(u.clauses or u.flagged or u.tables or u.rows)
    return u


# --------------------------------------------------------------------------- the foreword's change list

_CHANGES_INTRO = re.compile(r"主要(技术)?变化|变化如下|main (technical )?changes|changes compared",
                            re.IGNORECASE)
_BULLET = re.compile(r"^\s*(——|—|--|-|•|[a-z]\)|\d+\))\s*")


def stated_changes(std: Standard) -> list[str]:
    """The change list of ``std``'s foreword ("——修改了…；——增加了…"), items without bullets or end marks."""
    out: list[str] = []
    for clause in std.walk():
        if clause.kind not in (ClauseKind.foreword, ClauseKind.introduction):
            continue
        listing = False
        for b in clause.blocks:
            texts = [it.text for it in b.items] if isinstance(b, ListBlock) else [getattr(b, "text", "")]
            for text in texts:
                if _CHANGES_INTRO.search(text):
                    listing = True
                elif listing and (isinstance(b, ListBlock) or _BULLET.match(text)):
                    out.append(_BULLET.sub("", text).rstrip("；;。.，, "))
                elif listing and out:
                    listing = False
    return out


# --------------------------------------------------------------------------- clauses


def _clauses(old: Standard, new: Standard, gaps: _Unrecorded) -> list[ClauseChange]:
    from stdbench.analysis.align import align

    a_walk, b_walk = list(old.walk()), list(new.walk())
    old_has_foreword = any(c.kind == ClauseKind.foreword for c in a_walk)
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
        reason = ""
        if change in ("added", "modified", "moved"):
            b_clause = b_walk[p.b_index] if p.b_index is not None else None
            reason = gaps.clause(p.b) or gaps.clause(p.a) or _foreword_gap(b_clause, old_has_foreword, gaps) or ""
            if reason:
                change = "not-recorded"
        out.append(ClauseChange(old=p.a, new=p.b, change=change, score=round(p.score, 3), old_title=p.a_title,
                                new_title=p.b_title, reason=reason, redline=p.redline))
    return out


def _foreword_gap(clause: Clause | None, old_has_foreword: bool, gaps: _Unrecorded) -> str | None:
    """A foreword "added" to a partial file that holds none: the file did not record it."""
    if clause is not None and clause.kind == ClauseKind.foreword and not old_has_foreword and gaps.partial:
        return f"{gaps.code}为部分收录，未收录{clause.title or '前言'}"
    return None


# --------------------------------------------------------------------------- limits


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
    return lexicon.display_name(req.parameter, req.label)


def _where(req: Requirement) -> str | None:
    p = req.provenance
    return " ".join(x for x in (p.clause, p.table) if x) or None


def _limits(old: Standard, new: Standard, gaps: _Unrecorded) -> list[LimitChange]:
    a, b = _keyed(old), _keyed(new)
    out: list[LimitChange] = []
    for key in list(dict.fromkeys([*b, *a])):
        o, n = a.get(key), b.get(key)
        ref = n or o
        if o is None or n is None:
            change: LimitKindOfChange = "added" if o is None else "removed"
            reason = ""
            if o is None and (note := gaps.row(n, _name(n))):
                change, reason = "not-recorded", note
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


# --------------------------------------------------------------------------- wording

WORDS = {
    "zh": {"clauses": {"added": "新增", "removed": "删除", "modified": "修改", "moved": "移动",
                       "not-recorded": "旧版未收录", "unchanged": "未变"},
           "limits": {"tightened": "收严", "relaxed": "放宽", "added": "新增", "removed": "删除",
                      "changed-not-comparable": "改变（不可比）", "not-recorded": "旧版未收录"},
           "head": "{new}与{old}相比：条款{c}；限量{l}。", "none": "无变化", "sep": "、", "main": "主要变化：",
           "item": "{what}{subject}{param}限量{detail}（{where}）", "end": "。", "join": "；",
           "gap": "{old}文件未收录、无法比较（不计为新增）：{what}。", "gap_c": "条款{n}", "gap_l": "限量{n}",
           "stated": "前言所列主要技术变化：{items}。", "not_comparable": "旧版未收录，无法比较"},
    "en": {"clauses": {"added": "added", "removed": "removed", "modified": "modified", "moved": "moved",
                       "not-recorded": "not recorded in old edition", "unchanged": "unchanged"},
           "limits": {"tightened": "tightened", "relaxed": "relaxed", "added": "added", "removed": "removed",
                      "changed-not-comparable": "changed (not comparable)",
                      "not-recorded": "not recorded in old edition"},
           "head": "{new} compared with {old}: clauses {c}; limits {l}.", "none": "no change", "sep": ", ",
           "main": " Main changes: ", "item": "{what} {param} limit for {subject}{detail} ({where})", "end": ".",
           "join": "; ", "gap": " Not recorded in the {old} file, cannot compare (not counted as added): {what}.",
           "gap_c": "clauses {n}", "gap_l": "limits {n}",
           "stated": " Changes stated in the foreword: {items}.", "not_comparable": "not recorded in old edition, "
                                                                                  "cannot compare"},
}
_RANK = {"relaxed": 0, "tightened": 1, "added": 2, "removed": 3, "changed-not-comparable": 4}


def label(change: str, lang: str = "zh", limit: bool = True) -> str:
    """The change as a reader's word: 收严, 新增, 旧版未收录，无法比较 … (``lang`` "en" for English)."""
    w = WORDS["en" if lang == "en" else "zh"]
    if change == "not-recorded":
        return w["not_comparable"]
    return w["limits" if limit else "clauses"].get(change, change)


def _summary(d: EditionDiff, lang: str) -> str:
    w = WORDS["en" if lang == "en" else "zh"]
    cc = Counter(c.change for c in d.clauses)
    lc = Counter(x.change for x in d.limits)
    shown = [k for k in w["clauses"] if k not in ("unchanged", "not-recorded")]
    c = w["sep"].join(f"{w['clauses'][k]} {cc[k]}" for k in shown if cc[k]) or w["none"]
    lim = w["sep"].join(f"{w['limits'][k]} {lc[k]}" for k in w["limits"] if k != "not-recorded" and lc[k]) \
        or w["none"]
    text = w["head"].format(new=d.new, old=d.old, c=c, l=lim)
    top = sorted((x for x in d.limits if x.change in _RANK), key=lambda x: _RANK[x.change])[:5]
    if top:
        items = []
        for x in top:
            subject = x.subject.get("category") or "/".join(x.subject.values())
            items.append(w["item"].format(what=w["limits"][x.change], param=x.label, subject=subject,
                                          detail=" " + x.values(), where=x.clause or "?"))
        text += w["main"] + w["join"].join(items) + w["end"]
    gaps = [w[k].format(n=n) for k, n in (("gap_c", cc["not-recorded"]), ("gap_l", lc["not-recorded"])) if n]
    if gaps:
        text += w["gap"].format(old=d.old, what=w["sep"].join(gaps))
    if d.stated_changes:
        text += w["stated"].format(items=w["join"].join(d.stated_changes))
    return text


def diff(old: Standard, new: Standard, lang: str = "zh") -> EditionDiff:
    """Clauses and limits that changed from ``old`` to ``new``, the new foreword's change list, and a summary."""
    gaps = _unrecorded(old)
    d = EditionDiff(old=old.code, new=new.code, clauses=_clauses(old, new, gaps), limits=_limits(old, new, gaps),
                    stated_changes=stated_changes(new))
    d.summary = _summary(d, lang)
    return d
