"""The 编制说明 (drafting explanation) of a group standard: work summary, principles, the benchmark matrix
and the reason for every limit, the relation to mandatory national standards and to international ones.

Section order follows the consolidated outline in cn_standards_conventions.md §4.1 (一 … 七).
"""
from __future__ import annotations

from decimal import Decimal
from math import ceil
from pathlib import Path
from typing import Any

from stdbench.drafting import gbt11
from stdbench.drafting.gbt11 import para, vocab
from stdbench.drafting.plans import plan_text
from stdbench.drafting.policy import ResolvedLimit, Source, printed, tidy
from stdbench.drafting.spec import DraftSpec
from stdbench.model import Level
from stdbench.normalize.codes import level_of, try_parse


def _relation(r: ResolvedLimit, value: Any) -> str:
    e = vocab()["explain"]
    if r.value == value:
        return e["relation_equal"]
    stricter = r.value < value if r.direction == "max" else r.value > value
    return e["relation_stricter"] if stricter else e["relation_looser"]


def plan_reason(r: ResolvedLimit) -> str:
    """A sampling plan against the binding national plan (GB 29921, a product standard)."""
    from stdbench.analysis.verdict import Verdict, compare_plans

    e = vocab()["explain"]
    assert r.plan is not None
    if r.floor is None or r.floor_plan is None:
        return e["plan_no_floor"].format(label=r.label, plan=plan_text(r.plan))
    v = compare_plans(r.plan, r.floor_plan, r.parameter).verdict
    relation = e["relation_equal"] if v == Verdict.equal else e["relation_stricter"]
    return e["plan_reason"].format(label=r.label, plan=plan_text(r.plan), relation=relation, floor_code=r.floor.code,
                                   floor_plan=plan_text(r.floor_plan), floor_where=r.floor.where or r.floor.subject)


def _is_international(code: str) -> bool:
    d = try_parse(code)
    return d is not None and level_of(d) in (Level.international, Level.regional)


def evidence_line(r: ResolvedLimit) -> str | None:
    """The percentile policy's evidence: n, share, the quantile, the rule, beside national and international limits."""
    ev = r.evidence
    if ev is None:
        return None
    e = vocab()["explain"]
    k = ceil(round(ev.share * ev.n, 9))
    rule = e["rule"][ev.direction].format(share=ev.share, n=ev.n, k=k if ev.direction == "max" else ev.n - k + 1,
                                          decimals=ev.decimals)
    sign = "≤" if ev.direction == "max" else "≥"
    national = [f"{r.floor.code} {sign}{tidy(r.floor.value)} {r.unit}"] if r.floor else []
    intl = [f"{s.code} {sign}{tidy(s.value)} {s.unit}" for s in r.sources if _is_international(s.code)]
    for ref in ev.references:
        shown = printed(ref.standard)
        pool = intl if ref.level in ("international", "regional") else national
        if not any(x.startswith(shown + " ") for x in pool):
            pool.append(f"{shown} {ref.limit_text}")
    return e["evidence"].format(label=r.label, n=ev.n, share=format((Decimal(str(ev.share)) * 100).normalize(), "f"), rule=rule,
                                quantile=tidy(ev.quantile), limit=tidy(ev.limit), unit=ev.unit or r.unit,
                                meeting=ev.meeting, national="，".join(national) or e["none"],
                                international="，".join(intl) or e["none"])


def mark(src: Source) -> str:
    """※ after a value the corpus could not verify against a second source."""
    return "" if src.verified else vocab()["explain"]["unverified_mark"]


def _src_text(src: Source) -> str:
    """GB/T 1354—2018 15.5 %※（粳米、粳糯米、一级）: code, value, ※, the row it comes from."""
    row = f"（{src.subject}）" if src.subject else ""
    return f"{src.code} {tidy(src.value)} {src.unit}{mark(src)}{row}"


def _policy_text(r: ResolvedLimit) -> str:
    """The rule behind the limit, naming the national value (tighten) or the benchmark row (strictest)."""
    e = vocab()["explain"]
    ps = r.spec
    best = next((s for s in r.sources if s.value == r.value), None)
    floor = r.floor
    return e["policy"][ps.policy].format(
        factor=tidy(ps.factor) if ps.factor else "", share=ps.share or "", best=_src_text(best) if best else "",
        floor_code=floor.code if floor else "", floor_value=tidy(floor.value) if floor else "", unit=r.unit,
        value=tidy(r.value))


def _basis(r: ResolvedLimit) -> list[str]:
    """The data or reason given for the limit; said plainly when a fixed or tightened limit has neither."""
    e = vocab()["explain"]
    out = [e["reason"].format(text=r.spec.reason.rstrip("。"))] if r.spec.reason else []
    if (dc := r.data_check) is not None:
        percent = format((Decimal(dc.meeting) * 100 / dc.n).quantize(Decimal("0.1")).normalize(), "f")
        out.append(e["data_check"].format(file=dc.file, n=dc.n, meeting=dc.meeting, percent=percent,
                                          extreme_word=e["extreme_word"][r.direction], extreme=tidy(dc.extreme),
                                          unit=r.unit))
    if not out and r.spec.policy in ("fixed", "tighten"):
        out.append(e["no_reason"])
    return out


def limit_reason(r: ResolvedLimit) -> str:
    """Why a limit sits where it does: its policy with the data or rule behind it, the national floor and the
    benchmark rows that apply to the product (※ for unverified values)."""
    e = vocab()["explain"]
    if r.plan is not None:
        return plan_reason(r)
    word = e["limit_word"][r.spec.section]
    value = f"{r.limit_text[0] if r.direction == 'min' else ''}{tidy(r.value)}"
    if r.floor is None:
        head = e["no_floor"].format(label=r.label, value=value, unit=r.unit)
    else:
        head = e["limit_reason"].format(label=r.label, value=value, unit=r.unit, relation=_relation(r, r.floor.value),
                                        floor_code=r.floor.code, floor_value=tidy(r.floor.value),
                                        floor_where=r.floor.where or r.floor.subject).replace("限量", word, 1)
    policy = "；".join([_policy_text(r), *_basis(r)])
    bench = "，".join(_src_text(s) for s in r.sources)
    tail = e["benchmarks"].format(items=bench) if bench else ""
    return f"{head}；{policy}。{tail}"


def has_unverified(limits: list[ResolvedLimit]) -> bool:
    return any(not s.verified for r in limits for s in r.sources)


def matrix_rows(spec: DraftSpec, limits: list[ResolvedLimit]) -> list[list[str]]:
    """项目 | 单位 | 本文件 | each benchmark | 强制性国家标准: the comparison behind the draft's limits."""
    e = vocab()["explain"]
    codes = [printed(c) for c in spec.benchmark]
    rows = [e["matrix_head_first"] + codes + [e["matrix_head_floor"]]]
    for r in limits:
        if r.plan is not None:
            floor_plan = f"{plan_text(r.floor_plan)}（{r.floor.code}）" if r.floor and r.floor_plan else "—"
            cells = [plan_text(r.source_plans[c]) if c in r.source_plans else "—" for c in codes]
            rows.append([r.label, r.unit or "—", plan_text(r.plan), *cells, floor_plan])
            continue
        by_code = {s.code: s for s in r.sources}
        sign = r.limit_text[0]
        cells = [f"{sign}{tidy(by_code[c].value)}{mark(by_code[c])}" if c in by_code else "—" for c in codes]
        floor = f"{sign}{tidy(r.floor.value)}（{r.floor.code}）" if r.floor else "—"
        rows.append([r.label, r.unit or "—", r.limit_text, *cells, floor])
    return rows


def international_lines(spec: DraftSpec, limits: list[ResolvedLimit]) -> list[str]:
    """五: each limit against the international benchmarks (ISO, Codex) that set one."""
    e = vocab()["explain"]
    intl = {printed(c) for c in spec.benchmark
            if (d := try_parse(c)) is not None and level_of(d) == Level.international}
    if not intl:
        return [e["no_international"]]
    out = []
    for r in limits:
        items = [f"{s.code} {tidy(s.value)} {s.unit}{mark(s)}（本文件{_relation(r, s.value)}该值）" for s in r.sources
                 if s.code in intl]
        if items:
            out.append(e["intl_line"].format(label=r.label, value=r.limit_text, unit=r.unit, items="，".join(items)))
    return out or [e["intl_none"]]


def mandatory_cited(spec: DraftSpec, limits: list[ResolvedLimit], corpus: Any) -> list[str]:
    """Every mandatory national standard (GB, not GB/T) the draft cites, exactly as cited, in chapter-2 order."""
    from stdbench.drafting.draft_docx import cited_documents

    return [c for c in cited_documents(spec, limits, corpus) if c.startswith("GB ")]


def write_explain(spec: DraftSpec, limits: list[ResolvedLimit], corpus: Any, path: Path) -> None:
    """Write the 编制说明 .docx to ``path``."""
    e = vocab()["explain"]
    h = e["headings"]
    doc = gbt11.new_document()
    para(doc, e["title"].format(title=spec.title_zh), "标准文件_前言、引言标题")
    para(doc, h[0], "标准文件_章标题")
    x = spec.explain
    if x.task_source:
        para(doc, e["task"].format(text=x.task_source))
    if x.necessity:
        para(doc, e["necessity"].format(text=x.necessity))
    para(doc, e["units_line"].format(units="、".join(spec.drafting_units), names="、".join(spec.drafters)))
    if x.process:
        para(doc, e["process_lead"])
        for step in x.process:
            para(doc, f"——{step}")
    para(doc, h[1], "标准文件_章标题")
    for line in e["principles"]:
        para(doc, line)
    para(doc, h[2], "标准文件_章标题")
    if spec.benchmark:
        para(doc, e["matrix_intro"].format(codes="、".join(printed(c) for c in spec.benchmark)))
    para(doc, e["matrix_title"], "标准文件_正文表标题")
    gbt11.table(doc, matrix_rows(spec, limits))
    if has_unverified(limits):
        para(doc, e["unverified_note"], "标准文件_注：")
    for r in limits:
        para(doc, limit_reason(r))
        if line := evidence_line(r):
            para(doc, line)
    if has_unverified(limits):
        para(doc, e["unverified_note"], "标准文件_注：")
    para(doc, h[3], "标准文件_章标题")
    para(doc, e["law_relation"])
    cited = mandatory_cited(spec, limits, corpus)
    if cited:
        para(doc, e["floors"].format(codes="、".join(cited)))
    floors = sorted({r.floor.code for r in limits if r.floor})
    if floors:
        para(doc, e["floor_values"].format(codes="、".join(floors)))
    para(doc, h[4], "标准文件_章标题")
    for line in international_lines(spec, limits):
        para(doc, line)
    para(doc, h[5], "标准文件_章标题")
    para(doc, x.disagreements or e["no_disagreement"])
    para(doc, h[6], "标准文件_章标题")
    for line in x.implementation or [e["implementation_default"]]:
        para(doc, line)
    doc.save(str(path))
