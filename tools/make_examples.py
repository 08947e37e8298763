"""Build the example Q/ and T/ standards as .docx from their STS XML (standards_corpus/examples/*.xml).

The XML is the source of truth; this script renders it in GB/T 1.1—2020 style with python-docx, using
paragraph styles named like the Chinese Word template (``标准文件_章标题`` …) and clause numbers typed
into the heading text ("4.2　理化指标"), so any reader finds them. Run from the repository root::

    python tools/make_examples.py            # build missing .docx
    python tools/make_examples.py --force    # rebuild all
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from lxml import etree

from stdbench.outputs import write_atomic
from stdbench.readers.xmlsafe import localname, parse_xml_file

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "standards_corpus" / "examples"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SPACE = "\u3000"  # full-width space between number and title (GB/T 1.1 layout)
BANNERS = {"enterprise": "企业标准", "group": "团体标准"}

# style name -> (font size in pt, bold, alignment); sizes follow common GB/T 1.1 templates (五号 = 10.5 pt)
STYLES: dict[str, tuple[float, bool, WD_ALIGN_PARAGRAPH | None]] = {
    "标准文件_封面标准代号": (14, True, WD_ALIGN_PARAGRAPH.RIGHT),
    "标准文件_封面标准名称": (26, True, WD_ALIGN_PARAGRAPH.CENTER),
    "标准文件_封面信息": (10.5, False, None),
    "标准文件_前言、引言标题": (16, True, WD_ALIGN_PARAGRAPH.CENTER),
    "标准文件_正文标准名称": (16, True, WD_ALIGN_PARAGRAPH.CENTER),
    "标准文件_章标题": (10.5, True, None),
    "标准文件_一级条标题": (10.5, True, None),
    "标准文件_二级条标题": (10.5, True, None),
    "标准文件_段": (10.5, False, None),
    "标准文件_术语条一": (10.5, True, None),
    "标准文件_正文表标题": (10.5, True, WD_ALIGN_PARAGRAPH.CENTER),
    "标准文件_注：": (9, False, None),
}
HEADING_STYLE = {1: "标准文件_章标题", 2: "标准文件_一级条标题", 3: "标准文件_二级条标题"}


def set_east_asian_font(style, name: str = "宋体") -> None:
    """python-docx sets only w:ascii/w:hAnsi; Chinese text needs w:eastAsia on the run fonts."""
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), name)


def add_styles(doc) -> None:
    """Create the GB/T 1.1 template paragraph styles the example documents use."""
    for name, (size, bold, align) in STYLES.items():
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        style.font.size = Pt(size)
        style.font.bold = bold
        if align is not None:
            style.paragraph_format.alignment = align
        set_east_asian_font(style, "黑体" if bold else "宋体")


def kids(el: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in el if isinstance(c.tag, str) and localname(c) == name]


def kid(el: etree._Element, name: str) -> etree._Element | None:
    found = kids(el, name)
    return found[0] if found else None


def text(el: etree._Element | None) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


def meta_info(root: etree._Element) -> dict:
    """The cover fields of an example: code, titles, dates, ICS/CCS, level, issuer, notes."""
    meta = kid(kid(root, "front"), "std-meta")
    info: dict = {"titles": {}, "notes": []}
    for wrap in kids(meta, "title-wrap"):
        info["titles"][wrap.get(XML_LANG)] = text(kid(wrap, "main"))
    for ref in kids(meta, "std-ref"):
        if ref.get("type") == "dated":
            info["code"] = text(ref)
    info["issued"] = text(kid(meta, "pub-date"))
    info["implemented"] = text(kid(meta, "release-date"))
    info["ics"] = text(kid(meta, "ics"))
    for cm in kids(kid(meta, "custom-meta-group"), "custom-meta"):
        name, value = text(kid(cm, "meta-name")), text(kid(cm, "meta-value"))
        if name == "note":
            info["notes"].append(value)
        else:
            info[name] = value
    return info


def display_code(code: str) -> str:
    """Cover and running text use the em dash before the year (T/EXAMPLE 001—2025)."""
    head, _, year = code.rpartition("-")
    return f"{head}—{year}" if head and year.isdigit() else code


def add_cover(doc, info: dict) -> None:
    """Cover lines in GB/T 1.1 order: ICS/CCS, banner, code, titles, dates, issuer."""
    cover = "标准文件_封面信息"
    doc.add_paragraph(f"ICS {info['ics']}", style=cover)
    doc.add_paragraph(f"CCS {info.get('ccs', '')}", style=cover)
    banner = doc.add_paragraph(BANNERS.get(info.get("level", ""), "标准"), style="标准文件_封面标准名称")
    banner.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(display_code(info["code"]), style="标准文件_封面标准代号")
    doc.add_paragraph(info["titles"].get("zh", ""), style="标准文件_封面标准名称")
    doc.add_paragraph(info["titles"].get("en", ""), style=cover).alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(f"{info['issued']} 发布", style=cover)
    doc.add_paragraph(f"{info['implemented']} 实施", style=cover)
    doc.add_paragraph(f"{info.get('issuer', '')}　发布", style=cover).alignment = WD_ALIGN_PARAGRAPH.CENTER
    for note in info["notes"]:
        doc.add_paragraph(note, style="标准文件_注：")


def add_table(doc, wrap: etree._Element) -> None:
    """Table title (表N　title), optional unit statement, then the grid with a header row."""
    doc.add_paragraph(f"{text(kid(wrap, 'label'))}{SPACE}{text(kid(wrap, 'caption'))}", style="标准文件_正文表标题")
    for p in kids(wrap, "p"):
        if p.get("content-type") == "unit-statement":
            doc.add_paragraph(text(p), style="标准文件_段").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    rows = [tr for tr in kid(wrap, "table").iter() if isinstance(tr.tag, str) and localname(tr) == "tr"]
    cells = [[text(c) for c in tr if isinstance(c.tag, str)] for tr in rows]
    width = max(len(r) for r in cells)
    table = doc.add_table(rows=len(cells), cols=width)
    table.style = doc.styles["Table Grid"]
    for r, values in enumerate(cells):
        for c, value in enumerate(values):
            table.cell(r, c).text = value


def add_block(doc, el: etree._Element) -> None:
    """One body element of a clause: paragraph, reference list, term entry, table, list or note."""
    name = localname(el)
    if name == "p":
        doc.add_paragraph(text(el), style="标准文件_段")
    elif name == "ref-list":
        for std in el.iter("{*}std", "std"):
            code, title = text(kid(std, "std-ref")), text(kid(std, "title"))
            doc.add_paragraph(f"{code}{SPACE}{title}", style="标准文件_段")
    elif name == "term-sec":
        doc.add_paragraph(text(kid(el, "label")), style="标准文件_术语条一")
        langs = [ls for ls in el.iter() if isinstance(ls.tag, str) and localname(ls) == "langSet"]
        terms = [text(t) for ls in langs for t in ls.iter() if isinstance(t.tag, str) and localname(t) == "term"]
        doc.add_paragraph(SPACE.join(terms), style="标准文件_术语条一")
        for ls in langs:
            for d in (d for d in ls.iter() if isinstance(d.tag, str) and localname(d) == "definition"):
                doc.add_paragraph(text(d), style="标准文件_段")
    elif name == "table-wrap":
        add_table(doc, el)
    elif name == "list":
        for item in kids(el, "list-item"):
            doc.add_paragraph(f"——{text(item)}", style="标准文件_段")
    elif name == "non-normative-note":
        doc.add_paragraph(f"注：{text(kid(el, 'p'))}", style="标准文件_注：")
    elif name == "sec":
        add_clause(doc, el)


def add_clause(doc, sec: etree._Element) -> None:
    """A numbered clause: heading with the number typed in, then its blocks and sub-clauses."""
    number = text(kid(sec, "label"))
    depth = number.count(".") + 1 if number else 1
    title = text(kid(sec, "title"))
    heading = f"{number}{SPACE}{title}" if number else title
    doc.add_paragraph(heading, style=HEADING_STYLE.get(depth, "标准文件_二级条标题"))
    for el in sec:
        if isinstance(el.tag, str) and localname(el) not in ("label", "title"):
            add_block(doc, el)


def build(xml_path: Path, docx_path: Path, force: bool = False) -> Path:
    """Render one example STS file as a GB/T 1.1-styled .docx (written atomically)."""
    root = parse_xml_file(xml_path)
    info = meta_info(root)
    doc = Document()
    add_styles(doc)
    add_cover(doc, info)
    front = kid(root, "front")
    for sec in kids(front, "sec"):
        doc.add_paragraph(text(kid(sec, "title")), style="标准文件_前言、引言标题")
        for p in kids(sec, "p"):
            doc.add_paragraph(text(p), style="标准文件_段")
    doc.add_paragraph(info["titles"].get("zh", ""), style="标准文件_正文标准名称")
    for sec in kids(kid(root, "body"), "sec"):
        add_clause(doc, sec)
    doc.core_properties.title = info["titles"].get("zh", "")
    doc.core_properties.identifier = info["code"]
    return write_atomic(docx_path, lambda tmp: doc.save(str(tmp)), force=force, inputs=(xml_path,))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="overwrite existing .docx files")
    parser.add_argument("--dir", type=Path, default=EXAMPLES, help="folder holding the example .xml files")
    args = parser.parse_args(argv)
    for xml_path in sorted(args.dir.glob("*.xml")):
        target = xml_path.with_suffix(".docx")
        if target.exists() and not args.force:
            print(f"skip {target.name} (exists; --force to rebuild)")
            continue
        build(xml_path, target, force=True)
        print(f"wrote {target.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
