"""Cover-page metadata of a Word standard: code, titles, dates, ICS/CCS, 代替, banner level, issuer.

The cover is the run of paragraphs before the first clause (前言/Foreword/chapter 1). GB/T 1.1—2020 8.1
lists what a cover carries; ISO drafts carry the designation on the cover and in the page header.
"""
from __future__ import annotations

import re
from datetime import date

from stdbench.model import Designation, Level, Standard
from stdbench.normalize.codes import find_designations, is_mandatory, level_of
from stdbench.normalize.text import cjk_ratio, fold_width, squash

_DASH = r"[—–\-－‐]"
_CODE = re.compile(
    r"(?P<prefix>GB/T|GB/Z|GB|DBS\d{2,6}|DB\d{2,6}/T|DB\d{2,6}|T/[A-Z][A-Z0-9]{1,15}|Q/[A-Z0-9]{1,15}"
    r"|[A-Z]{2}/T|ISO/IEC|ISO/TS|ISO)\s*(?P<number>\d+(?:\.\d+)*)(?P<suffix>[A-Z]?)"
    rf"(?:-(?P<part>\d+))?(?:\s*(?:{_DASH}|:)\s*(?P<year>\d{{4}}))?"
)
_ISO = re.compile(r"ISO(?:/(?:IEC|TS|TR|PAS|CD|DIS|FDIS|WD|NP|AWI))*\s+(\d+)(?:-(\d+))?(?::(\d{4}))?")
_DATE = re.compile(rf"(\d{{4}})\s*{_DASH}\s*(\d{{1,2}})\s*{_DASH}\s*(\d{{1,2}})\s*(发布|实施)")
_BANNERS = [
    ("中华人民共和国国家标准", Level.national),
    ("国家标准", Level.national),
    ("团体标准", Level.group),
    ("企业标准", Level.enterprise),
    ("地方标准", Level.local),
    ("行业标准", Level.industry),
]


def parse_code(text: str) -> Designation | None:
    """The first designation in ``text``: stdbench.normalize.codes when it knows it, else a cover-line fallback."""
    text = fold_width(text)
    found = find_designations(text)
    if found:
        return found[0][0]
    if m := _ISO.search(text):
        year = m.group(3)
        return Designation(prefix="ISO", number=m.group(1), part=m.group(2), year=int(year) if year else None,
                           raw=m.group(0))
    m = _CODE.search(text)
    if not m:
        return None
    year = m.group("year")
    return Designation(
        prefix=m.group("prefix"), number=m.group("number"), part=m.group("part"),
        year=int(year) if year else None, suffix=m.group("suffix") or None, raw=m.group(0).strip(),
    )


# cover lines of a draft (GB/T 1.1 §8.1): the stage (（征求意见稿）…), the patent-information request, and the
# placeholder dates "XXXX-XX-XX 发布"
_DRAFT_COVER = re.compile(r"^[（(](征求意见稿|送审稿|报批稿)[)）]$|提交反馈意见|相关专利|^X{4}-X{2}-X{2}")


def apply_cover(std: Standard, lines: list[str], headers: list[str], std_title: str | None) -> None:
    """Fill ``std`` from cover paragraphs (already squashed text), header texts and the 正文标准名称."""
    zh_title: list[str] = []
    en_title: list[str] = []
    for raw in lines:
        line = squash(raw.replace("\u3000", " "))
        if not line:
            continue
        compact = line.replace(" ", "")
        if _banner(std, compact):
            continue
        if _DRAFT_COVER.search(compact):  # a draft's stage, patent request, placeholder dates: not the title
            continue
        if m := re.match(r"^(ICS|CCS)\s*[:：]?\s*(.+)$", line):
            target = std.ics if m.group(1) == "ICS" else std.ccs
            target.extend(x for x in re.split(r"[;；,，、]\s*", m.group(2).strip()) if x)
            continue
        if compact.startswith("代替"):
            std.replaces.extend(x.strip() for x in re.split(r"[、，,；;]", line[line.index("替") + 1:]) if x.strip())
            continue
        if dates := list(_DATE.finditer(fold_width(line))):
            for d in dates:
                value = _date(d)
                if d.group(4) == "发布":
                    std.issued = value
                else:
                    std.implemented = value
            continue
        if compact.endswith("发布"):
            std.issuer = squash(line[: line.rindex("发布")])
            continue
        if line.startswith("©"):
            continue
        if std.designation is None and len(line) < 60 and (code := parse_code(line)):
            std.designation = code
            continue
        if re.fullmatch(r"[（(].*[）)]", line):  # (ISO 7301:2011, MOD), 征求意见稿 markers …
            continue
        if cjk_ratio(line) > 0.5 and len(compact) <= 60:
            zh_title.append(line)
        elif cjk_ratio(line) == 0 and re.search(r"[A-Za-z]{3}", line) and zh_title and len(line) < 200:
            en_title.append(line)
    if zh_title and "zh" not in std.titles:
        std.titles["zh"] = squash(" ".join(zh_title))
    if en_title and "en" not in std.titles:
        std.titles["en"] = squash(" ".join(en_title))
    if std_title and cjk_ratio(std_title) == 0 and "en" not in std.titles:
        std.titles["en"] = squash(std_title)
    elif std_title and "zh" not in std.titles and cjk_ratio(std_title) > 0.3:
        std.titles["zh"] = squash(std_title)
    for text in headers:  # ISO drafts: "ISO/CD 17301-1:2016(E)" in the page header gives the year
        code = parse_code(text)
        d = std.designation
        if code and (d is None or (d.year is None and (d.prefix, d.number, d.part) == (code.prefix, code.number,
                                                                                        code.part))):
            std.designation = code
    _level_from_code(std)


def _banner(std: Standard, compact: str) -> bool:
    for text, level in _BANNERS:
        if compact.endswith(text) and len(compact) <= len(text) + 20:
            std.level = level
            return True
    return False


def _level_from_code(std: Standard) -> None:
    d = std.designation
    if d is None:
        return
    if std.level == Level.unknown:
        std.level = level_of(d)
    if std.mandatory is None:
        std.mandatory = is_mandatory(d)


def _date(m: re.Match[str]) -> date | None:
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
