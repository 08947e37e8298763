"""Low-level OOXML the python-docx API does not offer: East Asian fonts, fields, header rows, shading.

Kept here so report code calls one clean function per need (as python-docx keeps its ``oxml`` layer apart).
"""
from __future__ import annotations

from collections.abc import Iterator

from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.table import Table, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

HEADING_FONT = "黑体"  # GB/T 1.1-2020 layout: headings in 黑体, body in 宋体
BODY_FONT = "宋体"
LATIN_FONT = "Times New Roman"


def _get_or_add(parent, tag: str, first: bool = False):
    el = parent.find(qn(tag))
    if el is None:
        el = OxmlElement(tag)
        if first:
            parent.insert(0, el)
        else:
            parent.append(el)
    return el


def set_rfonts(rpr, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Set w:rFonts on an rPr element, with w:eastAsia explicitly (python-docx sets only ascii/hAnsi)."""
    fonts = _get_or_add(rpr, "w:rFonts", first=True)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)


def set_run_font(run: Run, east_asia: str = BODY_FONT, size: float | None = None, bold: bool | None = None) -> None:
    set_rfonts(run._r.get_or_add_rPr(), east_asia)
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold


def all_paragraphs(doc: Document) -> Iterator[Paragraph]:
    """Every paragraph of body, tables (nested too), headers and footers."""
    def walk(container) -> Iterator[Paragraph]:
        yield from container.paragraphs
        for table in getattr(container, "tables", []):
            for row in table.rows:
                for cell in row.cells:
                    yield from walk(cell)

    yield from walk(doc)
    for section in doc.sections:
        yield from walk(section.header)
        yield from walk(section.footer)


def apply_east_asian_fonts(doc: Document, heading: str = HEADING_FONT, body: str = BODY_FONT) -> None:
    """Give every run and the document defaults an explicit w:eastAsia font (headings 黑体, rest 宋体)."""
    styles = doc.styles.element
    defaults = _get_or_add(_get_or_add(_get_or_add(styles, "w:docDefaults", first=True), "w:rPrDefault"),
                           "w:rPr")
    set_rfonts(defaults, body)
    for style in doc.styles:
        el = style.element
        if el.get(qn("w:type")) in ("paragraph", "character"):
            name = style.name or ""
            set_rfonts(el.get_or_add_rPr(), heading if name.startswith(("Heading", "Title")) else body)
    roots = [doc.element.body] + [part._element for section in doc.sections
                                  for part in (section.header, section.footer) if not part.is_linked_to_previous]
    for root in roots:
        for p in root.iter(qn("w:p")):
            style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            sid = style.get(qn("w:val"), "") if style is not None else ""
            font = heading if sid.startswith(("Heading", "Title")) else body
            for r in p.iter(qn("w:r")):
                rpr = r.find(qn("w:rPr"))
                if rpr is None:
                    rpr = OxmlElement("w:rPr")
                    r.insert(0, rpr)
                fonts = rpr.find(qn("w:rFonts"))
                if fonts is None or fonts.get(qn("w:eastAsia")) is None:
                    set_rfonts(rpr, font)


def add_field(paragraph: Paragraph, instruction: str, placeholder: str = "") -> None:
    """Append a complex field (begin / instrText / separate / placeholder / end) to a paragraph."""
    def run_with(child) -> None:
        r = OxmlElement("w:r")
        r.append(child)
        paragraph._p.append(r)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run_with(sep)
    if placeholder:
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = placeholder
        run_with(t)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def add_toc(paragraph: Paragraph, levels: str = "1-2", placeholder: str = "") -> None:
    """A TOC field over heading levels (filled by Word/LibreOffice when fields update on open)."""
    add_field(paragraph, f'TOC \\o "{levels}" \\h \\z \\u', placeholder)


def set_update_fields(doc: Document) -> None:
    """Ask Word to update all fields (TOC, PAGE) when the document opens: w:updateFields in settings.xml."""
    settings = doc.settings.element
    upd = _get_or_add(settings, "w:updateFields")
    upd.set(qn("w:val"), "true")


def add_page_number_footer(doc: Document, template: str = "{n}") -> None:
    """Centre a PAGE field in every section's footer, wrapped by the template text (e.g. 第 {n} 页)."""
    before, _, after = template.partition("{n}")
    for i, section in enumerate(doc.sections):
        if i and section.footer.is_linked_to_previous:
            continue  # shares the footer above: one PAGE field, not one per section
        par = section.footer.paragraphs[0] if section.footer.paragraphs else section.footer.add_paragraph()
        par.alignment = 1  # centre
        if before:
            par.add_run(before)
        add_field(par, "PAGE", "1")
        if after:
            par.add_run(after)


def repeat_header_row(row: _Row) -> None:
    """Mark a table row as a header row repeated on every page (w:tblHeader)."""
    trpr = row._tr.get_or_add_trPr()
    hdr = _get_or_add(trpr, "w:tblHeader")
    hdr.set(qn("w:val"), "true")


def shade_cell(cell, fill: str) -> None:
    """Background colour of a table cell (hex RGB without #)."""
    tcpr = cell._tc.get_or_add_tcPr()
    shd = _get_or_add(tcpr, "w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)


def page_break(paragraph: Paragraph) -> None:
    r = OxmlElement("w:r")
    br = OxmlElement("w:br")
    br.set(qn("w:type"), "page")
    r.append(br)
    paragraph._p.append(r)


def set_table_borders(table: Table) -> None:
    """Single-line borders on every edge (the default template's 'Table Grid' may be missing)."""
    tblpr = table._tbl.tblPr
    borders = _get_or_add(tblpr, "w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = _get_or_add(borders, f"w:{edge}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "4")
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), "000000")


def stable_ids(doc: Document) -> None:
    """Renumber drawing ids (wp:docPr/@id) in document order so identical input gives identical XML."""
    for n, el in enumerate(doc.element.body.iter(qn("wp:docPr")), start=1):
        el.set("id", str(n))


def blank_first_page(section) -> None:
    """No header/footer on the section's first page (w:titlePg with empty first-page parts): a cover without a
    page number."""
    section.different_first_page_header_footer = True
    for part in (section.first_page_header, section.first_page_footer):
        if not part.paragraphs:
            part.add_paragraph()


def set_column_widths(table: Table, widths_cm: list[float]) -> None:
    """Fixed table layout with the given column widths (w:tblLayout fixed, w:gridCol and every w:tcW)."""
    from docx.shared import Cm

    table.autofit = False
    layout = _get_or_add(table._tbl.tblPr, "w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_cm):
        col.set(qn("w:w"), str(int(Cm(width).twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm):
            cell.width = Cm(width)
