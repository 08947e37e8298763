"""styles.xml and numbering.xml: paragraph styles with their basedOn chains resolved, and list levels with
live counters, so that the number Word shows ("5.1", "a)", "附录A") can be rebuilt.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from stdbench.readers.ooxml_attrs import W, _int, wattr

# --------------------------------------------------------------------------- styles


@dataclass
class StyleInfo:
    """A paragraph style with its basedOn chain resolved."""

    id: str
    name: str
    chain: list[str] = field(default_factory=list)  # own name first, then the names it is based on
    outline: int | None = None  # 0-based w:outlineLvl
    num_id: str | None = None
    ilvl: int | None = None
    jc: str | None = None


class Styles:
    """styles.xml: style id → name, basedOn chain, outline level and numbering."""

    def __init__(self, root: etree._Element | None):
        self._raw: dict[str, etree._Element] = {}
        self._cache: dict[str, StyleInfo] = {}
        self.default_para: str | None = None
        if root is None:
            return
        for st in root.iter(W + "style"):
            sid = wattr(st, "styleId")
            if sid and wattr(st, "type") in (None, "paragraph"):
                self._raw[sid] = st
                if wattr(st, "default") in ("1", "true"):
                    self.default_para = sid

    def get(self, sid: str | None) -> StyleInfo | None:
        sid = sid or self.default_para
        if sid is None or sid not in self._raw:
            return None
        if sid not in self._cache:
            self._cache[sid] = self._resolve(sid)
        return self._cache[sid]

    def _resolve(self, sid: str) -> StyleInfo:
        info = StyleInfo(id=sid, name=sid)
        seen: set[str] = set()
        cur: str | None = sid
        while cur and cur in self._raw and cur not in seen and len(seen) < 20:
            seen.add(cur)
            st = self._raw[cur]
            name = wattr(st.find(W + "name"), "val") or cur
            if cur == sid:
                info.name = name
            info.chain.append(name)
            ppr = st.find(W + "pPr")
            if ppr is not None:
                lvl = wattr(ppr.find(W + "outlineLvl"), "val")
                if info.outline is None and lvl is not None and lvl.isdigit():
                    info.outline = int(lvl)
                num = ppr.find(W + "numPr")
                if num is not None and info.num_id is None:
                    info.num_id = wattr(num.find(W + "numId"), "val")
                    il = wattr(num.find(W + "ilvl"), "val")
                    info.ilvl = int(il) if il and il.isdigit() else None
                if info.jc is None:
                    info.jc = wattr(ppr.find(W + "jc"), "val")
            cur = wattr(st.find(W + "basedOn"), "val")
        return info


# --------------------------------------------------------------------------- numbering


@dataclass
class Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    restart: int | None = None  # w:lvlRestart: restart after this (1-based) level
    style: str | None = None  # w:pStyle bound to this level


_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
_CN_DIGITS = "〇一二三四五六七八九"


def format_number(n: int, fmt: str) -> str:
    """One list counter in a w:numFmt (decimal, upperLetter, lowerRoman, chineseCounting …)."""
    if fmt in ("upperLetter", "lowerLetter"):
        k = max(n, 1)
        s = chr(ord("A") + (k - 1) % 26) * ((k - 1) // 26 + 1)
        return s if fmt == "upperLetter" else s.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        out, k = "", n
        for value, sym in _ROMAN:
            while k >= value:
                out, k = out + sym, k - value
        return out.upper() if fmt == "upperRoman" else out
    if fmt.startswith("chinese") or fmt in ("ideographTraditional", "taiwaneseCounting"):
        if n < 10:
            return _CN_DIGITS[n]
        tens, ones = divmod(n, 10)
        return (_CN_DIGITS[tens] if tens > 1 else "") + "十" + (_CN_DIGITS[ones] if ones else "")
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


class Numbering:
    """numbering.xml with live counters, so that "5.1" can be rebuilt for auto-numbered paragraphs."""

    def __init__(self, root: etree._Element | None):
        self._abstract: dict[str, dict[int, Level]] = {}
        self._num: dict[str, tuple[str, dict[int, int]]] = {}  # numId → (abstractId, start overrides)
        self._counters: dict[str, list[int]] = {}
        self._started: dict[str, set[int]] = {}
        if root is None:
            return
        for ab in root.iter(W + "abstractNum"):
            levels: dict[int, Level] = {}
            for lvl in ab.iter(W + "lvl"):
                levels[_int(wattr(lvl, "ilvl"), 0)] = _level(lvl)
            self._abstract[wattr(ab, "abstractNumId") or ""] = levels
        for num in root.iter(W + "num"):
            aid = wattr(num.find(W + "abstractNumId"), "val") or ""
            overrides: dict[int, int] = {}
            for ov in num.iter(W + "lvlOverride"):
                so = ov.find(W + "startOverride")
                if so is not None:
                    overrides[_int(wattr(ov, "ilvl"), 0)] = _int(wattr(so, "val"), 1)
            self._num[wattr(num, "numId") or ""] = (aid, overrides)

    def level(self, num_id: str | None, ilvl: int) -> Level | None:
        if not num_id or num_id not in self._num:
            return None
        aid, _ = self._num[num_id]
        return self._abstract.get(aid, {}).get(ilvl)

    def next_label(self, num_id: str | None, ilvl: int) -> str | None:
        """Advance the counter of (numId, ilvl) and return the label Word would show ("5.1", "a)", "附录A")."""
        lvl = self.level(num_id, ilvl)
        if lvl is None or num_id is None:
            return None
        if lvl.fmt in ("bullet", "none"):
            return lvl.text if lvl.fmt == "bullet" else None
        aid, overrides = self._num[num_id]
        levels = self._abstract[aid]
        key = f"{aid}"
        counters = self._counters.setdefault(key, [0] * 10)
        started = self._started.setdefault(key, set())
        if ilvl not in started:
            counters[ilvl] = overrides.get(ilvl, lvl.start) - 1
            started.add(ilvl)
        counters[ilvl] += 1
        for deeper in range(ilvl + 1, 10):  # a higher level restarts the lower ones
            dl = levels.get(deeper)
            # w:lvlRestart N: restart after a level at or above N (1-based) is used; 0: never restart
            if dl is None or dl.restart is None or (dl.restart and ilvl < dl.restart):
                started.discard(deeper)
        text = lvl.text
        for k in range(9):
            if f"%{k + 1}" in text:
                lv = levels.get(k) or Level()
                value = counters[k] if k in started else lv.start
                text = text.replace(f"%{k + 1}", format_number(value, lv.fmt))
        return text.strip()


def _level(lvl: etree._Element) -> Level:
    restart = wattr(lvl.find(W + "lvlRestart"), "val")
    return Level(
        fmt=wattr(lvl.find(W + "numFmt"), "val") or "decimal",
        text=wattr(lvl.find(W + "lvlText"), "val") or "",
        start=_int(wattr(lvl.find(W + "start"), "val"), 1),
        restart=_int(restart, 0) if restart is not None else None,
        style=wattr(lvl.find(W + "pStyle"), "val"),
    )
