"""Low-level OOXML for the .docx reader: bounded zip access, styles.xml, numbering.xml, run text.

Kept apart from :mod:`stdbench.readers.docx` so that the reader deals in paragraphs and clauses while the
raw WordprocessingML details (tracked changes, fields, content controls, list counters) live here.
"""
from __future__ import annotations

import posixpath
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from stdbench.errors import ReaderError
from stdbench.readers.xmlsafe import parse_xml_bytes

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{" + W_NS + "}"
REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
MAX_MEMBER_BYTES = 64 * 1024 * 1024
MAX_RATIO = 100
MAX_MEMBERS = 5000
_RATIO_FLOOR = 1024 * 1024  # tiny members may compress well (a run of spaces); judge ratio above this size


def wattr(el: etree._Element | None, name: str) -> str | None:
    """The value of attribute ``w:name`` (or None)."""
    return None if el is None else el.get(W + name)


# --------------------------------------------------------------------------- package


class Package:
    """A .docx opened with every member checked against zip-bomb limits before it is read."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.warnings: list[str] = []
        try:
            self._zip = zipfile.ZipFile(self.path)
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
            raise ReaderError(f"not a valid .docx (corrupt zip): {exc}", file=self.path) from None
        if len(infos) > MAX_MEMBERS:
            raise ReaderError(f"zip has {len(infos)} members (limit {MAX_MEMBERS})", file=self.path)
        self._infos = {i.filename: i for i in infos}
        for name in ("[Content_Types].xml", "word/document.xml"):
            if name not in self._infos:
                raise ReaderError(f"not a Word document: {name} is missing", file=self.path)

    def close(self) -> None:
        self._zip.close()

    def has(self, name: str) -> bool:
        return name in self._infos

    def read(self, name: str) -> bytes | None:
        """The bytes of a member (None if absent); refuses members too large or too compressed."""
        info = self._infos.get(name)
        if info is None:
            return None
        if info.file_size > MAX_MEMBER_BYTES:
            raise ReaderError(f"member too large ({info.file_size} bytes)", file=self.path, location=name)
        if info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ReaderError("member compression ratio above 100:1 (zip bomb?)", file=self.path, location=name)
        try:
            with self._zip.open(info) as fh:
                data = fh.read(MAX_MEMBER_BYTES + 1)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError,
                zlib.error) as exc:  # zlib.error: a damaged deflate stream
            raise ReaderError(f"corrupt zip member: {exc}", file=self.path, location=name) from None
        if len(data) > MAX_MEMBER_BYTES:
            raise ReaderError("member larger than declared", file=self.path, location=name)
        return data

    def xml(self, name: str) -> etree._Element | None:
        """A member parsed with the hardened parser (None if absent)."""
        data = self.read(name)
        return None if data is None else parse_xml_bytes(data, file=self.path, member=name)

    def rels(self, part: str) -> dict[str, str]:
        """Internal relationships of ``part`` (id → member name); external targets are warned about, never fetched."""
        folder, base = posixpath.split(part)
        root = self.xml(posixpath.join(folder, "_rels", base + ".rels"))
        out: dict[str, str] = {}
        if root is None:
            return out
        for rel in root.iter(REL_NS + "Relationship"):
            target = rel.get("Target") or ""
            if rel.get("TargetMode") == "External":
                kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
                if kind in ("image", "attachedTemplate", "oleObject", "subDocument", "frame"):
                    self.warnings.append(f"external {kind} {target!r} ignored (never fetched)")
                continue
            out[rel.get("Id") or ""] = posixpath.normpath(posixpath.join(folder, target)).lstrip("/")
        return out


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


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


# --------------------------------------------------------------------------- text of paragraphs


MC_NS = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
_SKIP = {W + t for t in ("del", "moveFrom", "delText", "instrText", "delInstrText", "pPr", "rPr", "sdtPr",
                          "sdtEndPr", "trPr", "tcPr", "tblPr", "tblGrid", "commentReference", "fldChar",
                          "bookmarkStart", "bookmarkEnd", "proofErr", "lastRenderedPageBreak")}


# tags of the hot loops, built once
_R, _RPR, _PPR, _VANISH, _P = W + "r", W + "rPr", W + "pPr", W + "vanish", W + "p"
_OMATH, _ALTERNATE = M + "oMath", MC_NS + "AlternateContent"
_T, _TABS, _BRS, _NBH, _SYM = W + "t", (W + "tab", W + "ptab"), (W + "br", W + "cr"), W + "noBreakHyphen", W + "sym"
_NOTE_REFS = {W + "footnoteReference": "footnote", W + "endnoteReference": "endnote"}
_OBJECTS = (W + "drawing", W + "pict", W + "object")
_TXBX = W + "txbxContent"


@dataclass
class ParaText:
    """The accepted text of a paragraph, the footnote ids it cites, and whether it is hidden."""

    text: str = ""
    notes: list[str] = field(default_factory=list)
    hidden: bool = False


def para_text(p: etree._Element) -> ParaText:
    """Text as Word shows it with changes accepted: w:ins/w:moveTo kept, w:del/w:moveFrom dropped,
    field codes dropped (results kept), content controls unwrapped, w:tab → \t, w:br → \n."""
    out = ParaText()
    parts: list[str] = []
    ppr = p.find(_PPR)
    mark_rpr = ppr.find(_RPR) if ppr is not None else None
    visible_runs = 0
    hidden_runs = 0

    def walk(el: etree._Element) -> None:
        nonlocal visible_runs, hidden_runs
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == _R:
                rpr = child.find(_RPR)
                if rpr is not None and _on(rpr.find(_VANISH)):
                    hidden_runs += 1
                    continue
                visible_runs += 1
                _run(child, parts, out.notes)
            elif tag == _OMATH:
                parts.append(omml_text(child).strip())
            elif tag == _ALTERNATE:
                choice = next((c for c in child if isinstance(c.tag, str)), None)
                if choice is not None:
                    walk(choice)
            elif tag == _P:  # text boxes: paragraphs inside a run's drawing
                parts.append("\n")
                walk(child)
            else:
                walk(child)

    walk(p)
    out.text = "".join(parts)
    out.hidden = bool(hidden_runs) and not visible_runs and (mark_rpr is None or _on(mark_rpr.find(_VANISH)))
    return out


def omml_text(el: etree._Element) -> str:
    """Office Math as readable text, in the same style as MathML in the XML readers: w_max, x^2, a/b."""
    tag = el.tag
    if tag == M + "t":
        return el.text or ""
    if not isinstance(tag, str) or tag.endswith("Pr"):
        return ""
    part = {c.tag: omml_text(c) for c in el if isinstance(c.tag, str)}
    if tag == M + "sSub":
        return f"{part.get(M + 'e', '')}_{part.get(M + 'sub', '')}"
    if tag == M + "sSup":
        return f"{part.get(M + 'e', '')}^{part.get(M + 'sup', '')}"
    if tag == M + "sSubSup":
        return f"{part.get(M + 'e', '')}_{part.get(M + 'sub', '')}^{part.get(M + 'sup', '')}"
    if tag == M + "f":
        return f"{part.get(M + 'num', '')}/{part.get(M + 'den', '')}"
    if tag == M + "rad":
        return f"√({part.get(M + 'e', '')})"
    return "".join(omml_text(c) for c in el if isinstance(c.tag, str))


def _run(r: etree._Element, parts: list[str], notes: list[str]) -> None:
    for child in r:
        tag = child.tag
        if tag == _T:
            parts.append(child.text or "")
        elif tag in _TABS:
            parts.append("\t")
        elif tag in _BRS:
            if wattr(child, "type") != "page":
                parts.append("\n")
        elif tag == _NBH:
            parts.append("-")
        elif tag == _SYM:
            code = wattr(child, "char") or ""
            try:
                cp = int(code, 16)
                parts.append(chr(cp - 0xF000) if cp >= 0xF000 else chr(cp))
            except ValueError:
                pass
        elif tag in _NOTE_REFS:
            notes.append(f"{_NOTE_REFS[tag]}:{wattr(child, 'id')}")
        elif tag in _OBJECTS or (isinstance(tag, str) and tag.startswith(MC_NS)):
            for box in child.iter(_TXBX):
                for bp in box.iter(_P):
                    parts.append("\n" + para_text(bp).text)
                break
        # w:softHyphen: an optional hyphen, invisible in running text → dropped


def _on(el: etree._Element | None) -> bool:
    """A toggle property (w:vanish, w:b …) that is present and not switched off."""
    return el is not None and wattr(el, "val") not in ("0", "false", "off")


def notes_text(root: etree._Element | None, kind: str) -> dict[str, str]:
    """footnotes.xml / endnotes.xml → {"footnote:2": "text", …} (separators skipped)."""
    out: dict[str, str] = {}
    if root is None:
        return out
    for note in root.iter(W + kind):
        if wattr(note, "type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        text = " ".join(para_text(p).text.strip() for p in note.iter(W + "p"))
        out[f"{kind}:{wattr(note, 'id')}"] = " ".join(text.split())
    return out


# --------------------------------------------------------------------------- tables


@dataclass
class RawCell:
    """A table cell with its spans resolved from w:gridSpan and w:vMerge."""

    paras: list[etree._Element]
    col: int
    colspan: int = 1
    rowspan: int = 1


@dataclass
class RawRow:
    cells: list[RawCell]
    header: bool = False


def table_rows(tbl: etree._Element) -> list[RawRow]:
    """Rows of a w:tbl; vertically merged continuation cells are folded into the restart cell's rowspan."""
    rows: list[RawRow] = []
    open_merge: dict[int, RawCell] = {}  # grid column → the cell a w:vMerge continue extends
    for tr in _children(tbl, "tr"):
        trpr = tr.find(W + "trPr")
        if trpr is not None and trpr.find(W + "del") is not None:  # a tracked row deletion: accepted
            continue
        header = trpr is not None and _on(trpr.find(W + "tblHeader"))
        col = _int(wattr(trpr.find(W + "gridBefore"), "val"), 0) if trpr is not None else 0
        cells: list[RawCell] = []
        for tc in _children(tr, "tc"):
            tcpr = tc.find(W + "tcPr")
            span = max(_int(wattr(tcpr.find(W + "gridSpan"), "val"), 1), 1) if tcpr is not None else 1
            vm = tcpr.find(W + "vMerge") if tcpr is not None else None
            paras = list(tc.iter(W + "p"))
            if vm is not None and wattr(vm, "val") in (None, "continue") and col in open_merge:
                owner = open_merge[col]
                owner.rowspan += 1
                owner.paras.extend(p for p in paras if para_text(p).text.strip())
            else:
                cell = RawCell(paras=paras, col=col, colspan=span)
                cells.append(cell)
                for c in range(col, col + span):
                    open_merge.pop(c, None)
                if vm is not None and wattr(vm, "val") == "restart":
                    open_merge[col] = cell
            col += span
        rows.append(RawRow(cells=cells, header=header))
    return rows


def _children(el: etree._Element, name: str) -> list[etree._Element]:
    """Direct w:name children, looking through content controls and custom XML wrappers."""
    out: list[etree._Element] = []
    for child in el:
        if child.tag == W + name:
            out.append(child)
        elif child.tag in (W + "sdt", W + "customXml", W + "sdtContent", W + "ins", W + "moveTo"):
            out.extend(_children(child, name))
    return out
