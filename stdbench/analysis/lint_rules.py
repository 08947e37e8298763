"""The GB/T 1.1—2020 drafting rules checked by :mod:`stdbench.analysis.lint`, one function per rule family.

Each rule takes the :class:`Standard` and yields ``(rule id, severity, message in Chinese, location)``.
Rule sources: cn_standards_conventions.md §1.2 (elements and order), §1.4/§1.7/§1.8 (fixed sentences),
§1.11 (numbering, 列项, 悬置段), §1.12 (附录C modal verbs), §1.13 (tables, figures), §1.14 (number–unit
spacing), §2.5 (group codes); no provisions in term definitions (§1.10, GB/T 1.1 8.7); for .docx, 目次 and 前言 on
separate pages and a non-empty 目次 (:func:`page_layout`).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from stdbench.drafting.gbt11 import vocab
from stdbench.model import (
    Clause,
    ClauseKind,
    Figure,
    Level,
    ListBlock,
    ListItem,
    Paragraph,
    Standard,
    Table,
    block_texts,
)
from stdbench.normalize.codes import find_designations, key
from stdbench.normalize.text import cjk_ratio, fold_width

Hit = tuple[str, str, str, str]  # rule, severity, message, location
_SPACES = re.compile(r"[\s\u3000]+")
_LABEL_NUM = re.compile(r"^(?:表|图)\s*(?:(?P<annex>[A-Z])\.)?(?P<n>\d+)")
_DECIMAL_COMMA = re.compile(r"(?<![\d,])\d+,\d{1,2}(?![\d,])")
_UNIT_GLUED = re.compile(r"(?<![A-Za-z.\d])\d+(?:\.\d+)?(?:mg|μg|µg|kg|g|mL|ml|L|mm|cm|CFU|MPN)(?![A-Za-z])")
_POINTER = re.compile(r"^\s*(?:的|中的?|第)?\s*(?:\d+(?:\.\d+)*\s*(?:条|章)?|表\s*[A-Z\d]|图\s*[A-Z\d]|附录\s*[A-Z])")
_LIST_MARK = re.compile(r"^\s*(?:——|—|·|[a-z][)）]|\d+[)）])\s*")
_LEAD_IN = ("：", ":")
_CHAPTER_KINDS = {"范围": ClauseKind.scope, "规范性引用文件": ClauseKind.normative_references,
                  "术语和定义": ClauseKind.terms}


def _squash(text: str) -> str:
    return _SPACES.sub("", fold_width(text)).replace("-", "—")


def _paragraphs(clause: Clause) -> list[str]:
    """The clause's own running text (not table cells): paragraphs, notes, list items."""
    return [t for b in clause.blocks if not isinstance(b, (Table, Figure)) for t in block_texts([b])]


def _foreword(std: Standard) -> Clause | None:
    return next((c for c in std.clauses if c.kind == ClauseKind.foreword), None)


def _chapter(std: Standard, kind: ClauseKind) -> Clause | None:
    return next((c for c in std.clauses if c.kind == kind and c.number), None)


def _body(std: Standard) -> Iterator[Clause]:
    """Every clause whose text makes provisions: not 前言/引言, not chapter 2, not 参考文献."""
    skip = (ClauseKind.foreword, ClauseKind.introduction, ClauseKind.normative_references, ClauseKind.bibliography)
    for top in std.clauses:
        if top.kind not in skip:
            yield from top.walk()


# --------------------------------------------------------------------------- elements


def elements(std: Standard) -> Iterator[Hit]:
    """L001 required elements present; L002 in the GB/T 1.1 order (前言, 1 范围, 2 规范性引用文件, 3 术语和定义)."""
    fw = _foreword(std)
    if fw is None:
        yield "L001", "error", "缺少必备要素：前言", "前言"
    for number, (title, kind) in enumerate(_CHAPTER_KINDS.items(), 1):
        ch = _chapter(std, kind)
        if ch is None:
            yield "L001", "error", f"缺少必备要素：{number} {title}", f"第{number}章"
        elif ch.number != str(number):
            yield "L002", "error", f"要素顺序不符合GB/T 1.1：“{title}”应为第{number}章，实为第{ch.number}章", \
                f"第{ch.number}章"
    if fw is not None and std.clauses.index(fw) > 0 and any(c.number for c in std.clauses[:std.clauses.index(fw)]):
        yield "L002", "error", "前言应位于正文各章之前", "前言"


def fixed_sentences(std: Standard) -> Iterator[Hit]:
    """L003 fixed sentences of 前言, chapter 2 and chapter 3 present; L004 2009 forms reported as outdated."""
    s, old = vocab()["sentences"], vocab()["sentences_2009"]
    fw = _foreword(std)
    if fw is not None:
        text = _squash("".join(_paragraphs(fw)))
        if any(_squash(x) in text for x in old["drafting_rules"]) or "GB/T1.1—2009" in text:
            yield "L004", "warning", "起草规则句为GB/T 1.1—2009的旧表述，应改为：" + s["drafting_rules"], "前言"
        elif _squash(s["drafting_rules"]) not in text:
            yield "L003", "error", "前言缺少固定句：" + s["drafting_rules"], "前言"
        if _squash(s["patent"]) not in text:
            yield "L003", "warning", "前言缺少专利说明：" + s["patent"], "前言"
    refs = _chapter(std, ClauseKind.normative_references)
    if refs is not None:
        text = _squash("".join(_paragraphs(refs)))
        if any(_squash(x) in text for x in old["refs_lead_in"]):
            yield "L004", "warning", "规范性引用文件的引导语为2009年旧表述，应改为2020年表述", "第2章"
        elif _squash(s["refs_lead_in"]) not in text and _squash(s["refs_none"]) not in text:
            yield "L003", "error", "第2章缺少引导语：" + s["refs_lead_in"], "第2章"
    terms = _chapter(std, ClauseKind.terms)
    if terms is not None:
        text = _squash("".join(_paragraphs(terms)))
        if not re.search(r"(下列|界定的(以及下列)?)术语和定义适用于本文件|本文件没有需要界定的术语和定义", text):
            yield "L003", "error", "第3章缺少引导语：" + s["terms_lead_in"], "第3章"


# --------------------------------------------------------------------------- numbering


def _sequence(numbers: list[str], expected: list[str], what: str, where: str) -> Iterator[Hit]:
    for got, want in zip(numbers, expected):
        if got != want:
            yield "L005", "error", f"{what}编号不连续：应为{want}，实为{got}", where or got
            return


def numbering(std: Standard) -> Iterator[Hit]:
    """L005 numbering continuous at every level: chapters, clauses, annexes, annex clauses, tables, figures."""
    chapters = [c for c in std.clauses if c.number and c.kind != ClauseKind.annex]
    yield from _sequence([c.number or "" for c in chapters], [str(i) for i in range(1, len(chapters) + 1)],
                         "章", "")
    annexes = [c for c in std.clauses if c.kind == ClauseKind.annex and c.number]
    yield from _sequence([c.number or "" for c in annexes], [chr(65 + i) for i in range(len(annexes))], "附录", "")
    for top in chapters + annexes:
        for parent in top.walk():
            kids = [k for k in parent.children if k.number]
            want = [f"{parent.number}.{i}" for i in range(1, len(kids) + 1)]
            yield from _sequence([k.number or "" for k in kids], want, "条", f"{parent.number}")
    for kind, label in ((Table, "表"), (Figure, "图")):
        seen: dict[str | None, list[str]] = {}
        for top in chapters + annexes:
            annex = top.number if top.kind == ClauseKind.annex else None
            for c in top.walk():
                for b in c.blocks:
                    if isinstance(b, kind):
                        if not b.label:
                            yield "L011", "warning", f"{label}没有编号", c.number or ""
                        elif m := _LABEL_NUM.match(fold_width(b.label)):
                            seen.setdefault(annex, []).append(m["n"])
        for annex, nums in seen.items():
            pre = f"{label}{annex + '.' if annex else ''}"
            yield from _sequence([pre + n for n in nums], [f"{pre}{i}" for i in range(1, len(nums) + 1)],
                                 label, annex or "")


# --------------------------------------------------------------------------- provisions


def _provision(text: str) -> str | None:
    """The 附录C provision verb in a sentence (应, 宜, 可 …), ignoring words such as 可能 or 相应."""
    lint = vocab()["lint"]
    cleaned = text
    for word in lint["provision_exceptions"]:
        cleaned = cleaned.replace(word, "")
    return next((v for v in sorted(lint["provision_verbs"], key=len, reverse=True) if v in cleaned), None)


def provisions(std: Standard) -> Iterator[Hit]:
    """L006 前言 not subdivided, no provisions; L007 范围 without 应/宜/可; L008 必须 not a 附录C verb."""
    fw = _foreword(std)
    if fw is not None:
        if fw.children:
            yield "L006", "error", "前言不应分条", "前言"
        for text in _paragraphs(fw):
            if (verb := _provision(text)) and not text.startswith("注"):
                yield "L006", "error", f"前言不应包含要求型条款（“{verb}”）：{text[:30]}", "前言"
    scope = _chapter(std, ClauseKind.scope)
    if scope is not None:
        for text in _paragraphs(scope):
            if verb := _provision(text):
                yield "L007", "error", f"范围应为陈述型条款，不应使用“{verb}”：{text[:30]}", "第1章"
    for c in _body(std):
        for text in block_texts(c.blocks):
            for word in vocab()["lint"]["forbidden_verbs"]:
                if word in text:
                    msg = f"“{word}”不是GB/T 1.1附录C的能愿动词，要求型条款应使用“应”：{text[:30]}"
                    yield "L008", "warning", msg, c.number or c.title


# --------------------------------------------------------------------------- references


def _listed(std: Standard) -> dict[str, str]:
    """Undated key → code as listed in chapter 2 (from the reader's references and the chapter's text)."""
    out: dict[str, str] = {}
    for ref in std.references:
        if ref.designation is not None and ref.normative and ref.clause in (None, "2"):
            out.setdefault(key(ref.designation, with_year=False), ref.text.split()[0] if ref.text else "")
    refs = _chapter(std, ClauseKind.normative_references)
    for text in _paragraphs(refs) if refs else []:
        for d, _, _ in find_designations(text):
            out.setdefault(key(d, with_year=False), d.raw or key(d))
    return out


def references(std: Standard) -> Iterator[Hit]:
    """L009 references cited and listed agree both ways; L010 undated reference with a clause/table pointer."""
    listed = _listed(std)
    cited: dict[str, str] = {}
    for c in _body(std):
        for text in block_texts(c.blocks) + [t for term in c.terms for t in ([term.source] if term.source else [])]:
            for d, _, end in find_designations(text):
                k = key(d, with_year=False)
                cited.setdefault(k, c.number or c.title)
                if d.year is None and _POINTER.match(text[end:]):
                    yield "L010", "warning", f"不注日期引用{key(d)}只能用于引用文件的全部内容；引用具体章条或表时应注日期", \
                        c.number or c.title
    for k, where in cited.items():
        if k not in listed:
            yield "L009", "error", f"文中规范性引用了{k}，但第2章未列出", where
    for k in listed:
        if k not in cited:
            yield "L009", "warning", f"第2章列出了{k}，但文中未引用", "第2章"


# --------------------------------------------------------------------------- tables, figures, style


def citations(std: Standard) -> Iterator[Hit]:
    """L011 every table and figure cited in the text (应符合表1的规定 / 见图1)."""
    running = "".join(fold_width(t) for c in std.walk() for t in _paragraphs(c))
    running = re.sub(r"\s+", "", running)
    for c in std.walk():
        for b in c.blocks:
            if isinstance(b, (Table, Figure)) and b.label:
                label = re.sub(r"\s+", "", fold_width(b.label))
                if not re.search(re.escape(label) + r"(?![.\d])", running):
                    yield "L011", "warning", f"{b.label}未在条文中提及", c.number or c.title


def number_style(std: Standard) -> Iterator[Hit]:
    """L012 decimal point not comma; L013 a space between number and unit; L014 ℃ not °C in Chinese text."""
    for c in std.walk():
        for text in block_texts(c.blocks):
            if cjk_ratio(text) < 0.3:
                continue
            where = c.number or c.title
            if m := _DECIMAL_COMMA.search(text):
                yield "L012", "warning", f"小数点应使用“.”而不是逗号：{m.group(0)}", where
            if m := _UNIT_GLUED.search(text):
                yield "L013", "warning", f"数值与单位之间应留空隙：{m.group(0)}", where
            if "°C" in text or "° C" in text:
                yield "L014", "warning", "中文文本中摄氏度应写作“℃”而不是“°C”", where


def code_format(std: Standard) -> Iterator[Hit]:
    """L015 the code fits the level: T/<社会团体代号> for 团体标准, Q/ for 企业标准, with a year."""
    d = std.designation
    if d is None:
        yield "L015", "error", "封面缺少标准编号", "封面"
        return
    want = {Level.group: "T/", Level.enterprise: "Q/"}.get(std.level)
    if want and not d.prefix.startswith(want):
        yield "L015", "error", f"{'团体' if want == 'T/' else '企业'}标准的编号应以{want}开头：{key(d)}", "封面"
    if d.prefix.startswith("T/") and not re.fullmatch(r"T/[A-Z][A-Z0-9]{1,15}", d.prefix):
        yield "L015", "error", f"社会团体代号应由大写拉丁字母或字母加数字组成：{d.prefix}", "封面"
    if d.year is None:
        yield "L015", "error", f"标准编号缺少年代号：{key(d)}", "封面"


# --------------------------------------------------------------------------- lists, terms, paragraphs


def _list_after(blocks: list, i: int) -> list[ListItem]:
    """The list items following the lead-in at ``blocks[i]``: a list block, or paragraphs with list marks."""
    rest = blocks[i + 1:]
    if rest and isinstance(rest[0], ListBlock):
        return rest[0].items
    items: list[ListItem] = []
    for b in rest:
        if not (isinstance(b, Paragraph) and (m := _LIST_MARK.match(b.text))):
            break
        items.append(ListItem(label=m.group(0).strip(), text=b.text[m.end():]))
    return items


def _leaves(items: list[ListItem]) -> Iterator[tuple[ListItem, bool]]:
    """(item, has sub-items) in reading order, depth first."""
    for it in items:
        yield it, bool(it.children)
        yield from _leaves(it.children)


def list_punctuation(std: Standard) -> Iterator[Hit]:
    """L016 a lead-in ending in “：” → every item ends with “；”, the last with “。”; an item with sub-items
    ends with “：” (GB/T 1.1—2020 7.5, cn_standards_conventions.md §1.11)."""
    for c in std.walk():
        for i, b in enumerate(c.blocks):
            if not (isinstance(b, Paragraph) and b.text.rstrip().endswith(_LEAD_IN)):
                continue
            flat = list(_leaves(_list_after(c.blocks, i)))
            for k, (item, has_children) in enumerate(flat):
                text = item.text.rstrip()
                want = "：" if has_children else ("。" if k == len(flat) - 1 else "；")
                if not text.endswith(want) and not (want == "：" and text.endswith(":")):
                    which = "最后一项" if want == "。" else "各项"
                    msg = f"列项的引语以“：”结尾时，{which}应以“{want}”结尾：{item.label or ''}{text[:30]}"
                    yield "L016", "warning", msg, c.number or c.title


def term_definitions(std: Standard) -> Iterator[Hit]:
    """L017 a definition states what a term means: no 应/宜/可 (nor 必须) in it (GB/T 1.1—2020 8.7)."""
    forbidden = vocab()["lint"]["forbidden_verbs"]
    for c in std.walk():
        for term in c.terms:
            text = term.definition
            verb = _provision(text) or next((w for w in forbidden if w in text), None)
            if text and verb:
                msg = f"术语的定义不应包含要求型条款（“{verb}”）：{term.term}——{text[:30]}"
                yield "L017", "error", msg, term.number or c.number or c.title


def hanging_paragraphs(std: Standard) -> Iterator[Hit]:
    """L018 悬置段: no paragraph between a heading and its first sub-clause (GB/T 1.1—2020 7.4); make it an
    untitled clause or a “总则” clause instead."""
    skip = (ClauseKind.foreword, ClauseKind.introduction, ClauseKind.normative_references, ClauseKind.terms,
            ClauseKind.bibliography)
    for c in std.walk():
        if c.kind in skip or not c.number or not any(k.number for k in c.children):
            continue
        texts = [t for t in block_texts(c.blocks) if t.strip()]
        if texts:
            msg = f"悬置段：{c.number}下设条，其标题与{c.number}.1之间不应有段，宜改为{c.number}.1 总则或无标题条：{texts[0][:30]}"
            yield "L018", "warning", msg, c.number


# --------------------------------------------------------------------------- page layout (.docx only)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _break_before(p: Any, styles: dict[str, bool]) -> bool:
    """The paragraph starts a page: w:pageBreakBefore on it or on its style (not switched off)."""
    ppr = p.find(_W + "pPr")
    pbb = ppr.find(_W + "pageBreakBefore") if ppr is not None else None
    if pbb is not None:
        return pbb.get(_W + "val") not in ("0", "false", "off")
    sid = ppr.find(_W + "pStyle") if ppr is not None else None
    return styles.get(sid.get(_W + "val") if sid is not None else "", False)


def _breaks_after(p: Any) -> bool:
    """A page break inside the paragraph (w:br w:type="page") or a section break ending it."""
    ppr = p.find(_W + "pPr")
    if ppr is not None and ppr.find(_W + "sectPr") is not None:
        return True
    return any(br.get(_W + "type") == "page" for br in p.iter(_W + "br"))


def page_layout(path: str | Path) -> Iterator[Hit]:
    """L019 目次 and 前言 each begin a page (GB/T 1.1—2020 8.2, 8.3); L020 a 目次 with no entries (a TOC field
    without a cached result shows nothing until the fields are updated)."""
    from stdbench.readers.ooxml import Package

    pkg = Package(path)
    try:
        body = pkg.xml("word/document.xml")
        style_root = pkg.xml("word/styles.xml")
    finally:
        pkg.close()
    styles: dict[str, bool] = {}
    for st in style_root.iter(_W + "style") if style_root is not None else ():
        pbb = st.find(f"{_W}pPr/{_W}pageBreakBefore")
        styles[st.get(_W + "styleId") or ""] = pbb is not None and pbb.get(_W + "val") not in ("0", "false", "off")
    paras = list(body.iter(_W + "p")) if body is not None else []

    def text(p: Any) -> str:
        return _squash("".join(t.text or "" for t in p.iter(_W + "t")))

    def is_toc_entry(p: Any) -> bool:
        sid = p.find(f"{_W}pPr/{_W}pStyle")
        return sid is not None and (sid.get(_W + "val") or "").lower().startswith("toc")

    toc = next((i for i, p in enumerate(paras) if text(p) in ("目次", "目录")), None)
    if toc is None:
        return
    fw = next((i for i in range(toc + 1, len(paras)) if text(paras[i]) == "前言" and not is_toc_entry(paras[i])),
              None)
    if fw is None:
        return
    if not any(text(p) for p in paras[toc + 1:fw]):
        yield "L020", "warning", "目次为空：目次域没有预置条目，更新域之前不显示任何章条", "目次"
    separated = any(_breaks_after(p) for p in paras[toc:fw]) or \
        any(_break_before(p, styles) for p in paras[toc + 1:fw + 1])
    if not separated:
        yield "L019", "warning", "目次与前言应分页：前言应另起一页（GB/T 1.1—2020 8.2、8.3）", "前言"


RULES = (elements, fixed_sentences, numbering, provisions, references, citations, number_style, code_format,
         list_punctuation, term_definitions, hanging_paragraphs)
