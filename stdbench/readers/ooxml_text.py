"""The text of Word paragraphs as Word shows it with changes accepted (tracked changes, fields, content
controls, text boxes, symbols), Office Math as readable text, and foot/endnotes.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from lxml import etree

from stdbench.normalize.text import subscript, superscript
from stdbench.readers.ooxml_attrs import W, _on, wattr

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
_RFONTS, _VERTALIGN = W + "rFonts", W + "vertAlign"


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
                first = child[0] if len(child) else None  # w:rPr comes first in a run
                rpr = first if first is not None and first.tag == _RPR else child.find(_RPR)
                hidden, symbol, raised = _run_props(rpr) if rpr is not None else (False, False, None)
                if hidden:
                    hidden_runs += 1
                    continue
                visible_runs += 1
                _run(child, parts, out.notes, symbol, raised)
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


@cache
def _symbol_font() -> dict[int, str]:
    """The Symbol font's code → character table (stdbench/data/symbol_font.toml), for both forms Word stores:
    the code itself (a run typed in the font) and F000 + code (a private-use character, and w:sym)."""
    data = tomllib.loads(resources.files("stdbench.data").joinpath("symbol_font.toml").read_text("utf-8"))
    table = {int(code, 16): ch for code, ch in data["symbol"].items()}
    return {**table, **{0xF000 + code: ch for code, ch in table.items()}}


def _run_props(rpr: etree._Element) -> tuple[bool, bool, str | None]:
    """A run's direct formatting in one pass over w:rPr: hidden (w:vanish), typed in the Symbol font (w:rFonts
    for Latin text), and "superscript" / "subscript" (w:vertAlign) or None."""
    hidden, symbol, raised = False, False, None
    for c in rpr:
        tag = c.tag
        if tag == _VANISH:
            hidden = _on(c)
        elif tag == _RFONTS:
            symbol = (wattr(c, "ascii") or wattr(c, "hAnsi") or "").lower() == "symbol"
        elif tag == _VERTALIGN:
            value = wattr(c, "val")
            raised = value if value in ("superscript", "subscript") else None
    return hidden, symbol, raised


def _symbol(font: str | None, code: str) -> str:
    """The character of a w:sym: Symbol-font codes through the font's table, other fonts' codes as Unicode
    (F000 + code is the private-use form Word writes); U+FFFD where the code cannot be read."""
    try:
        cp = int(code, 16)
    except ValueError:  # not a hexadecimal code: show that a symbol stood here, never drop it
        return "\ufffd"
    if (font or "").lower() == "symbol":
        return _symbol_font().get(cp, "\ufffd")
    if 0xF020 <= cp <= 0xF0FF:
        cp -= 0xF000
    # control characters, surrogates and non-characters cannot stand in text (nor in XML written from it)
    if cp < 0x20 or 0xD800 <= cp <= 0xDFFF or cp in (0xFFFE, 0xFFFF) or cp >= 0x110000:
        return "\ufffd"
    return chr(cp)


def _shown(text: str, raised: str | None) -> str:
    """A raised run's text as the characters it shows (5×10 + superscript 4 → 5×10⁴, B + subscript 1 → B₁), so
    that an exponent is never read as a digit of the number; text with a character lacking such a form
    (a superscript word) stays as typed."""
    if raised is None:
        return text
    return (superscript(text) if raised == "superscript" else subscript(text)) or text


def _run(r: etree._Element, parts: list[str], notes: list[str], symbol: bool = False,
         raised: str | None = None) -> None:
    """The text of one run; ``symbol``: typed in the Symbol font (its characters are that font's glyphs);
    ``raised``: superscript or subscript (digits become ⁴ / ₁)."""
    for child in r:
        tag = child.tag
        if tag == _T:
            text = child.text or ""
            parts.append(_shown(text.translate(_symbol_font()) if symbol else text, raised))
        elif tag in _TABS:
            parts.append("\t")
        elif tag in _BRS:
            if wattr(child, "type") != "page":
                parts.append("\n")
        elif tag == _NBH:
            parts.append("-")
        elif tag == _SYM:
            parts.append(_symbol(wattr(child, "font"), wattr(child, "char") or ""))
        elif tag in _NOTE_REFS:
            notes.append(f"{_NOTE_REFS[tag]}:{wattr(child, 'id')}")
        elif tag in _OBJECTS or (isinstance(tag, str) and tag.startswith(MC_NS)):
            for box in child.iter(_TXBX):
                for bp in box.iter(_P):
                    parts.append("\n" + para_text(bp).text)
                break
        # w:softHyphen: an optional hyphen, invisible in running text → dropped


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
