"""The group-standard writer: a spec and its resolved limits → a GB/T 1.1—2020 .docx.

The body is composed first as an outline (numbers, table numbers and cross-references generated), so the
normative references of chapter 2 can be built from the citations the text actually makes, each checked
for currency in the corpus before anything is written.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stdbench.drafting import gbt11
from stdbench.drafting.gbt11 import FULL_SPACE, para, vocab
from stdbench.drafting.policy import ResolvedLimit, printed, tidy
from stdbench.drafting.spec import DraftSpec
from stdbench.errors import PolicyError
from stdbench.model import Status
from stdbench.normalize.codes import find_designations, format_designation, key, level_of


@dataclass
class Item:
    """One thing to write: heading (h1/h2/annex), paragraph (p), term entry or table."""

    kind: str
    text: str = ""
    number: str = ""
    rows: list[list[str]] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)


@dataclass
class Outline:
    """The body as items, with chapter/clause/table counters."""

    items: list[Item] = field(default_factory=list)
    chapter: int = 0
    clause: int = 0
    tables: int = 0

    def h1(self, title: str) -> None:
        self.chapter += 1
        self.clause = 0
        self.items.append(Item("h1", title, str(self.chapter)))

    def h2(self, title: str) -> None:
        self.clause += 1
        self.items.append(Item("h2", title, f"{self.chapter}.{self.clause}"))

    def p(self, *texts: str) -> None:
        self.items.extend(Item("p", t) for t in texts if t)

    def table(self, title: str, rows: list[list[str]]) -> int:
        self.tables += 1
        self.items.append(Item("table", title, f"表{self.tables}", rows))
        return self.tables

    def texts(self) -> list[str]:
        """Every text that may cite a document (paragraphs and table cells)."""
        out = [i.text for i in self.items if i.kind in ("p", "term", "note")]
        out += [i.extra[-1] for i in self.items if i.kind == "term" and i.extra]
        out += [c for i in self.items if i.kind == "table" for row in i.rows for c in row]
        return out

    def replace(self, old: str, new: str) -> None:
        for i in self.items:
            i.text = i.text.replace(old, new)
            i.rows = [[c.replace(old, new) for c in row] for row in i.rows]


def _unit_label(r: ResolvedLimit) -> str:
    if not r.unit or (r.plan is not None and r.plan.portion):
        return r.label
    return f"{r.label}/{r.unit}" if r.unit == "%" else f"{r.label}/({r.unit})"


def _limit_table(o: Outline, title: str, rows: list[ResolvedLimit]) -> None:
    """项目 | 指标 | 检验方法, or for sampling plans 项目 | n | c | m | M | 检验方法 with the GB 4789.1 footnote."""
    t, s = vocab()["titles"], vocab()["sentences"]
    if any(r.plan is not None for r in rows):
        from stdbench.drafting.plans import plan_cells

        body = [[_unit_label(r), *(plan_cells(r.plan) if r.plan else ["—", "—", r.limit_text, "—"]), r.spec.method]
                for r in rows]
        o.table(title, [t["micro_head"]] + body)
        o.items.append(Item("note", s["micro_sampling"]))
    else:
        o.table(title, [t["table_head"]] + [[_unit_label(r), r.limit_text, r.spec.method] for r in rows])


def _requirements(o: Outline, spec: DraftSpec, limits: list[ResolvedLimit]) -> None:
    """Chapter 4 技术要求: only the sub-clauses the spec has, each with its numbered table."""
    t, s = vocab()["titles"], vocab()["sentences"]
    o.h1(t["requirements"])
    by_section = {sec: [r for r in limits if r.spec.section == sec] for sec in ("physchem", "contaminant",
                                                                                  "microbe")}
    for sec in t["requirement_sections"]:
        if sec == "raw_materials" and spec.raw_materials:
            o.h2(t[sec])
            o.p(*spec.raw_materials)
        elif sec == "sensory" and spec.sensory:
            o.h2(t[sec])
            n = o.tables + 1
            o.p(s["section_pointer"].format(title=t[sec], n=n))
            o.table(t[sec], [t["sensory_head"]] + [[x.item, x.requirement, x.method] for x in spec.sensory])
        elif by_section.get(sec):
            o.h2(t[sec])
            n = o.tables + 1
            floors = sorted({r.floor.code.split("—")[0] for r in by_section[sec] if r.floor})
            if floors and sec in ("contaminant", "microbe"):
                o.p(s["floor_pointer"].format(title=t[sec], codes="、".join(floors), n=n))
            else:
                o.p(s["section_pointer"].format(title=t[sec], n=n))
            _limit_table(o, t[sec], by_section[sec])
        elif sec == "additive" and spec.additives:
            o.h2(t[sec])
            o.p(*spec.additives)
        elif sec in vocab()["horizontal"] and getattr(spec.horizontal, sec):
            # horizontal clauses of a food product standard (§1.10): GB 2761, GB 2763, 净含量, GB 14881
            o.h2(t[sec])
            o.p(vocab()["horizontal"][sec])


def compose(spec: DraftSpec, limits: list[ResolvedLimit]) -> Outline:
    """Chapters 3 onwards (and annexes) as an outline; chapters 1–2 are added by :func:`write_draft`."""
    t, s = vocab()["titles"], vocab()["sentences"]
    o = Outline(chapter=2)
    o.h1(t["terms"])
    if spec.terms:
        o.p(s["terms_lead_in"])
        for i, term in enumerate(spec.terms, 1):
            head = f"{term.term}{FULL_SPACE}{term.en}" if term.en else term.term
            o.items.append(Item("term", head, f"3.{i}", extra=[term.definition]))
    else:
        o.p(s["terms_none"])
    _requirements(o, spec, limits)
    o.h1(t["test_methods"])
    tables = "、".join(f"表{n}" for n in range(1, o.tables + 1))
    o.p(*(spec.test_methods or [s["methods_default"].format(tables=tables)]))
    if spec.horizontal.net_content and not any("JJF 1070" in m for m in spec.test_methods):
        o.p(s["net_content_method"])
    o.h1(t["inspection"])
    ins = spec.inspection
    o.h2(t["batch"])
    o.p(ins.batch)
    o.h2(t["sampling"])
    o.p(ins.sampling)
    o.h2(t["factory"])
    o.p(s["factory"].format(items="、".join(ins.factory_items or [r.label for r in limits])))
    o.h2(t["type_test"])
    o.p(s["type_lead"])
    conds = ins.type_conditions
    o.p(*(f"——{c}{'。' if i == len(conds) - 1 else '；'}" for i, c in enumerate(conds)))
    o.h2(t["judgement"])
    o.p(ins.judgement)
    o.h1(t["marking"])
    o.p(*spec.marking)
    return o


def _sort_key(code: str) -> tuple:
    """GB/T 1.1 order: national (GB and GB/T interleaved by number), industry, others (JJF), international."""
    d = next(iter(find_designations(code)), (None,))[0]
    rank = {"national": 0, "industry": 1, "local": 2, "group": 3}.get(level_of(d).value, 4) if d else 5
    if d and d.prefix.startswith("JJ"):  # 计量技术规范 (JJF 1070) after the standards, before regulations
        rank = 4
    nums = tuple(int(x) for x in re.findall(r"\d+", d.number + "." + (d.part or "0"))) if d else ()
    return rank, nums, code


def normative_references(o: Outline, spec: DraftSpec, corpus: Any) -> tuple[list[str], list[str]]:
    """The chapter 2 list from the citations in the text, each checked current; (lines, warnings).

    A dated citation of a superseded edition is replaced by its successor in the text (with a warning);
    one without a known successor, or a withdrawn document, is refused (GB/T 1.1 8.6)."""
    warnings: list[str] = []
    cited: dict[str, str] = {}  # index key → printed code
    unchecked: list[str] = []
    for text in o.texts():
        for d, _, _ in find_designations(text):
            cited.setdefault(key(d), format_designation(d, "gb"))
    lines: list[str] = []
    for k, shown in cited.items():
        status_of = getattr(corpus, "status_of", None)
        info = status_of(k) if status_of else None
        if info is not None and info.status in (Status.replaced, Status.withdrawn):
            if info.successor is None or info.status == Status.withdrawn:
                raise PolicyError(f"引用文件 {shown} 已{'废止' if info.status == Status.withdrawn else '被代替'}"
                                  f"，无可用的代替文件 / cited document is no longer current",
                                  location="normative references")
            new = printed(info.successor)
            warnings.append(f"{shown} 已被 {new} 代替，文中引用已改为 {new}")
            o.replace(shown, new)
            shown, k = new, info.successor
        elif info is None or info.key is None:
            unchecked.append(shown)
        std = corpus.get(k) if hasattr(corpus, "get") else None
        title = (std.titles.get("zh") if std else None) or spec.references.get(shown.replace("—", "-")) \
            or spec.references.get(shown) or spec.references.get(k.split("-")[0] if "/" in k else k, "") \
            or vocab()["reference_titles"].get(shown.split("—")[0], "")
        if not title:
            warnings.append(f"{shown}: no title known; add it under [references] in the spec")
        lines.append(f"{shown}{FULL_SPACE}{title}".rstrip())
    if unchecked:
        warnings.append(f"not in the index, currency not checked: {', '.join(unchecked)}")
    lines.sort(key=lambda ln: _sort_key(ln.split(FULL_SPACE)[0]))
    regs = vocab()["regulations"]
    text = "".join(o.texts())
    return lines + [regs[name] for name in regs if f"《{name}》" in text], warnings


def cited_documents(spec: DraftSpec, limits: list[ResolvedLimit], corpus: Any) -> list[str]:
    """The codes of chapter 2 exactly as the draft cites them (undated when cited undated), in list order."""
    body = compose(spec, limits)
    _annexes(body, spec)
    refs, _ = normative_references(body, spec, corpus)
    return [ln.split(FULL_SPACE)[0] for ln in refs if FULL_SPACE in ln or find_designations(ln)]


def _lines(text: str, per_line: int = 40) -> float:
    return max(1, -(-len(text) // per_line))


def toc_entries(spec: DraftSpec, refs: list[str], items: list[Item]) -> list[tuple[int, str, str]]:
    """目次 entries (level, text, page) with pages estimated at about 40 lines a page; Word recomputes them
    when it updates the field on opening."""
    t = vocab()["titles"]
    entries: list[tuple[int, str, str]] = [(1, t["foreword"], "I")]
    used = 3.0 + sum(_lines(x) for x in spec.scope) + sum(_lines(x) for x in refs) + 4
    entries += [(1, f"1{FULL_SPACE}{t['scope']}", "1"), (1, f"2{FULL_SPACE}{t['references']}", "1")]
    for it in items:
        page = str(int(used // 40) + 1)
        if it.kind in ("h1", "h2"):
            entries.append((1 if it.kind == "h1" else 2, f"{it.number}{FULL_SPACE}{it.text}", page))
        elif it.kind == "annex":
            used = (int(used // 40) + 1) * 40.0  # an annex starts a page
            entries.append((1, f"{it.number}{it.extra[0]}{FULL_SPACE}{it.text}", str(int(used // 40) + 1)))
        used += 1.5 * len(it.rows) + 2 if it.kind == "table" else _lines(it.text) + (0.5 if it.kind != "p" else 0)
    return entries


def _write_items(doc: Any, items: list[Item]) -> None:
    for it in items:
        if it.kind == "h1":
            para(doc, f"{it.number}{FULL_SPACE}{it.text}", "标准文件_章标题")
        elif it.kind == "h2":
            para(doc, f"{it.number}{FULL_SPACE}{it.text}", "标准文件_一级条标题")
        elif it.kind == "term":
            # GB/T 1.1 §8.7: the entry number on its own line, then 术语　English term, then the definition
            para(doc, it.number, "标准文件_术语条一")
            para(doc, it.text, "标准文件_术语")
            para(doc, it.extra[0])
        elif it.kind == "table":
            para(doc, f"{it.number}{FULL_SPACE}{it.text}", "标准文件_正文表标题")
            gbt11.table(doc, it.rows)
        elif it.kind == "note":
            para(doc, it.text, "标准文件_注：")
        elif it.kind == "annex":
            # GB/T 1.1 §1.11: three centred lines — 附录A / （资料性） / title
            para(doc, it.number, "标准文件_附录标识")
            para(doc, it.extra[0], "标准文件_附录性质和名称")
            para(doc, it.text, "标准文件_附录性质和名称")
        else:
            para(doc, it.text)


def _annexes(o: Outline, spec: DraftSpec) -> None:
    t = vocab()["titles"]
    for i, annex in enumerate(spec.annexes):
        letter = chr(ord("A") + i)
        nature = t["normative"] if annex.normative else t["informative"]
        o.items.append(Item("annex", annex.title, t["annex"].format(letter=letter), extra=[nature]))
        o.p(*annex.paragraphs)


def foreword(spec: DraftSpec) -> list[str]:
    """前言 paragraphs in the GB/T 1.1 order: rules, patents, 提出/归口, units, drafters, first edition."""
    s = vocab()["sentences"]
    out = [s["drafting_rules"], s["patent"]]
    if not spec.administrator or spec.administrator == spec.proposer:
        out.append(s["proposed_and_administered"].format(proposer=spec.proposer))
    else:
        out += [s["proposed"].format(proposer=spec.proposer),
                s["administered"].format(administrator=spec.administrator)]
    out.append(s["drafting_units"].format(units="、".join(spec.drafting_units)))
    out.append(s["drafters"].format(names="、".join(spec.drafters)))
    out.append(s["first_edition"])
    return out


def write_draft(spec: DraftSpec, limits: list[ResolvedLimit], corpus: Any, path: Path) -> list[str]:
    """Write the draft to ``path`` (a temporary file; the caller renames it); return the warnings."""
    t, s = vocab()["titles"], vocab()["sentences"]
    body = compose(spec, limits)
    _annexes(body, spec)
    refs, warnings = normative_references(body, spec, corpus)
    doc = gbt11.new_document()
    blank = s["date_placeholder"]
    gbt11.add_cover(doc, ics=spec.ics, ccs=spec.ccs, code=spec.code, title_zh=spec.title_zh, title_en=spec.title_en,
                    issued=spec.issued.isoformat() if spec.issued and not spec.is_draft else blank,
                    implemented=spec.implemented.isoformat() if spec.implemented and not spec.is_draft else blank,
                    issuer=spec.association.name, stage=spec.stage if spec.is_draft else "")
    gbt11.new_section(doc, spec.code, "upperRoman")
    gbt11.add_toc(doc, toc_entries(spec, refs, body.items))
    gbt11.page_break_before(para(doc, t["foreword"], "标准文件_前言、引言标题"))
    for line in foreword(spec):
        para(doc, line)
    if spec.note:
        para(doc, f"注：{spec.note}", "标准文件_注：")
    gbt11.new_section(doc, spec.code, "decimal")
    para(doc, spec.title_zh, "标准文件_正文标准名称")
    para(doc, f"1{FULL_SPACE}{t['scope']}", "标准文件_章标题")
    for line in spec.scope:
        para(doc, line)
    para(doc, f"2{FULL_SPACE}{t['references']}", "标准文件_章标题")
    para(doc, s["refs_lead_in"] if refs else s["refs_none"])
    for line in refs:
        para(doc, line)
    _write_items(doc, body.items)
    doc.save(str(path))
    return warnings + [w for r in limits for w in r.warnings]


def limit_summary(r: ResolvedLimit) -> str:
    """One line for the CLI: 镉 ≤0.1 mg/kg (tighten; GB 2762—2025 ≤0.2)."""
    floor = f"; {r.floor.code} {r.limit_text[0]}{tidy(r.floor.value)}" if r.floor else ""
    return f"{r.label} {r.limit_text} {r.unit} ({r.spec.policy}{floor})"
