"""GB/T 1.1—2020 page layout for python-docx: A4, paragraph styles from the font table, East Asian fonts on
every run, the code in the header, Roman/Arabic page numbers, a TOC field and the cover.

Fields, East Asian fonts and header rows come from :mod:`stdbench.render.ooxml`; the GB/T 1.1 specifics
(styles from the font table, header with the code, page-number formats, cover) live here.
"""
from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from stdbench.render import ooxml

_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
          "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
FULL_SPACE = "\u3000"


@cache
def vocab() -> dict[str, Any]:
    """stdbench/data/gbt11.toml, loaded once."""
    with resources.files("stdbench.data").joinpath("gbt11.toml").open("rb") as fh:
        return tomllib.load(fh)


def size_pt(name: str) -> float:
    """Points for a Chinese size name (五号 → 10.5)."""
    return vocab()["sizes"][name]


def set_fonts(rpr_owner: Any, east_asian: str, size: float | None = None, bold: bool | None = None) -> None:
    """Latin font, w:eastAsia font, size and bold on a run or a style (python-docx has no eastAsia API)."""
    font = rpr_owner.font
    font.name = vocab()["fonts"]["latin"]
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    ooxml.set_rfonts(rpr_owner.element.get_or_add_rPr(), east_asian, vocab()["fonts"]["latin"])


def new_document() -> DocxDocument:
    """An empty A4 document carrying the GB/T 1.1 paragraph styles of the font table."""
    doc = Document()
    page = vocab()["page"]
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(page["width"]), Mm(page["height"])
    sec.top_margin, sec.bottom_margin = Mm(page["top"]), Mm(page["bottom"])
    sec.left_margin, sec.right_margin = Mm(page["left"]), Mm(page["right"])
    set_fonts(doc.styles["Normal"], "宋体", size_pt("五号"))
    for name, (east, size, bold, align) in vocab()["styles"].items():
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        set_fonts(style, east, size_pt(size), bold)
        style.paragraph_format.alignment = _ALIGN[align]
        if name in vocab()["outline"]:  # Word's TOC field (TOC \o) lists outline levels
            ppr = style.element.get_or_add_pPr()
            lvl = OxmlElement("w:outlineLvl")
            lvl.set(qn("w:val"), str(vocab()["outline"][name]))
            ppr.append(lvl)
    return doc


def text_width(doc: DocxDocument) -> Any:
    """The width between the margins of the last section (for right tab stops)."""
    sec = doc.sections[-1]
    return sec.page_width - sec.left_margin - sec.right_margin


def set_style(p: DocxParagraph, doc: Any, style: str) -> None:
    """Paragraph style by id: python-docx's ``p.style = name`` scans every style for the default each time."""
    p._p.get_or_add_pPr().style = doc.styles[style].style_id


def para(doc: Any, text: str, style: str = "标准文件_段") -> DocxParagraph:
    """A paragraph of one run whose fonts (eastAsia included) follow the style's row in the font table."""
    p = doc.add_paragraph()
    set_style(p, doc, style)
    if text:
        east, size, bold, _ = vocab()["styles"][style]
        set_fonts(p.add_run(text), east, size_pt(size), bold)
    return p


def table(doc: DocxDocument, rows: list[list[str]], header_rows: int = 1) -> DocxTable:
    """A grid table, 小五号宋体 cells (header row repeated on each page)."""
    east, size, bold, _ = vocab()["styles"]["标准文件_表格"]
    t = doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    t.style = doc.styles["Table Grid"]
    t.alignment = 1  # centred
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            cell = t.cell(r, c)
            cp = cell.paragraphs[0]
            set_style(cp, doc, "标准文件_表格")
            set_fonts(cp.add_run(value), east, size_pt(size), bold)
        if r < header_rows:
            ooxml.repeat_header_row(t.rows[r])
    return t


def _fld(p: DocxParagraph, kind: str, instruction: str = "") -> None:
    """A complex-field run (begin / instrText / separate / end) appended to a paragraph."""
    r = OxmlElement("w:r")
    if instruction:
        el = OxmlElement("w:instrText")
        el.set(qn("xml:space"), "preserve")
        el.text = f" {instruction} "
    else:
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            el.set(qn("w:dirty"), "true")
    r.append(el)
    p._p.append(r)


def _toc_style(doc: DocxDocument, level: int) -> str:
    """Word's own TOC entry style (toc 1, toc 2), created on first use with the body font."""
    name = f"toc {level}"
    if name not in [s.name for s in doc.styles]:
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        set_fonts(style, "宋体", size_pt("五号"))
        style.paragraph_format.left_indent = Pt(size_pt("五号") * (level - 1))
        style.paragraph_format.tab_stops.add_tab_stop(text_width(doc), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    return name


def add_toc(doc: DocxDocument, entries: list[tuple[int, str, str]] = ()) -> None:  # type: ignore[assignment]
    """目次 heading and a TOC field over heading levels 1–2 whose cached result already lists ``entries``
    ((level, text, page)), so the 目次 is not empty before Word updates the field on opening."""
    para(doc, vocab()["titles"]["toc"], "标准文件_目次、标准名称标题")
    rows = list(entries) or [(1, "", "")]
    for i, (level, text, page) in enumerate(rows):
        p = doc.add_paragraph()
        set_style(p, doc, _toc_style(doc, level))
        if i == 0:
            _fld(p, "begin")
            _fld(p, "", 'TOC \\o "1-2" \\h \\z \\u')
            _fld(p, "separate")
        if text:
            set_fonts(p.add_run(f"{text}\t{page}"), "宋体", size_pt("五号"))
        if i == len(rows) - 1:
            _fld(p, "end")
    ooxml.set_update_fields(doc)


def page_break_before(p: DocxParagraph) -> DocxParagraph:
    """Start the paragraph on a new page (GB/T 1.1: 目次 and 前言 each begin a page)."""
    p.paragraph_format.page_break_before = True
    return p


def new_section(doc: DocxDocument, code: str, page_format: str) -> None:
    """A new page section with the code right-aligned in the header and a page-number footer.

    ``page_format``: upperRoman for 目次/前言, decimal for the body (restarting at 1) — GB/T 1.1 §10.
    """
    sec = doc.add_section(WD_SECTION.NEW_PAGE)
    sec.header.is_linked_to_previous = False
    sec.footer.is_linked_to_previous = False
    hp = sec.header.paragraphs[0]
    hp.style = doc.styles["标准文件_页眉"]
    east, size, bold, _ = vocab()["styles"]["标准文件_页眉"]
    set_fonts(hp.add_run(code), east, size_pt(size), bold)
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    ooxml.add_field(fp, "PAGE", "1")
    pg = OxmlElement("w:pgNumType")
    pg.set(qn("w:fmt"), page_format)
    pg.set(qn("w:start"), "1")
    sec._sectPr.append(pg)


def add_cover(doc: DocxDocument, *, ics: str, ccs: str, code: str, title_zh: str, title_en: str,
              issued: str, implemented: str, issuer: str, stage: str = "") -> None:
    """The cover (GB/T 1.1 8.1): ICS/CCS top-left, banner, code, titles, the draft stage with the patent request
    (§1.3), the dates on one line (发布 left, 实施 right) and the issuer."""
    t, s = vocab()["titles"], vocab()["sentences"]
    para(doc, f"ICS {ics}", "标准文件_封面标准分类号")
    para(doc, f"CCS {ccs}", "标准文件_封面标准分类号")
    para(doc, t["banner"], "标准文件_封面标准文稿类别")
    para(doc, code, "标准文件_封面标准号")
    para(doc, title_zh, "标准文件_封面标准名称")
    if title_en:
        para(doc, title_en, "标准文件_封面标准英文名称")
    if stage:
        para(doc, s["stage"].format(stage=stage), "标准文件_封面稿次")
        if stage in s["patent_request_stages"]:
            ooxml_box(para(doc, s["patent_request"], "标准文件_封面专利提示"))
    dates = para(doc, f"{issued} {t['issued']}\t{implemented} {t['implemented']}", "标准文件_发布日期")
    dates.paragraph_format.tab_stops.add_tab_stop(text_width(doc), WD_TAB_ALIGNMENT.RIGHT)
    para(doc, f"{issuer}{FULL_SPACE}{t['issued']}", "标准文件_发布部门")


def ooxml_box(p: DocxParagraph) -> None:
    """A single-line border around a paragraph (the boxed patent request of a draft's cover)."""
    bdr = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "4")
        el.set(qn("w:space"), "4")
        el.set(qn("w:color"), "auto")
        bdr.append(el)
    p._p.get_or_add_pPr().append(bdr)
