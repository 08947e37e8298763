"""Build small .docx files for tests: raw WordprocessingML parts zipped by hand, or python-docx documents.

Raw parts give full control over numbering.xml, tracked changes and hostile packages; python-docx gives a
realistic Word default template for hand-typed documents.
"""
from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>'
)


def run(text: str, extra: str = "") -> str:
    """One w:r with text; tabs in ``text`` become w:tab."""
    pieces = []
    for i, chunk in enumerate(text.split("\t")):
        if i:
            pieces.append("<w:tab/>")
        if chunk:
            pieces.append(f'<w:t xml:space="preserve">{escape(chunk)}</w:t>')
    return f"<w:r>{extra}{''.join(pieces)}</w:r>"


def p(text: str = "", style: str | None = None, num: tuple[int, int] | None = None, jc: str | None = None,
      runs: str | None = None) -> str:
    """A paragraph: style id, optional (numId, ilvl), alignment; ``runs`` replaces the text runs."""
    ppr = ""
    if style:
        ppr += f'<w:pStyle w:val="{style}"/>'
    if num:
        ppr += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    if jc:
        ppr += f'<w:jc w:val="{jc}"/>'
    body = runs if runs is not None else (run(text) if text else "")
    return f"<w:p>{'<w:pPr>' + ppr + '</w:pPr>' if ppr else ''}{body}</w:p>"


def tc(text: str, span: int = 1, vmerge: str | None = None) -> str:
    """A table cell; ``vmerge`` is 'restart' or 'continue'."""
    pr = ""
    if span > 1:
        pr += f'<w:gridSpan w:val="{span}"/>'
    if vmerge == "restart":
        pr += '<w:vMerge w:val="restart"/>'
    elif vmerge == "continue":
        pr += "<w:vMerge/>"
    return f"<w:tc>{'<w:tcPr>' + pr + '</w:tcPr>' if pr else ''}{p(text)}</w:tc>"


def tr(*cells: str, header: bool = False) -> str:
    pr = "<w:trPr><w:tblHeader/></w:trPr>" if header else ""
    return f"<w:tr>{pr}{''.join(cells)}</w:tr>"


def tbl(*rows: str) -> str:
    return f"<w:tbl><w:tblPr/>{''.join(rows)}</w:tbl>"


def style(sid: str, name: str, based_on: str | None = None, num: tuple[int, int] | None = None,
          outline: int | None = None) -> str:
    """A paragraph style definition for styles.xml."""
    ppr = ""
    if num:
        ppr += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    if outline is not None:
        ppr += f'<w:outlineLvl w:val="{outline}"/>'
    based = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    return (f'<w:style w:type="paragraph" w:styleId="{sid}"><w:name w:val="{escape(name)}"/>{based}'
            f"{'<w:pPr>' + ppr + '</w:pPr>' if ppr else ''}</w:style>")


def styles_xml(*styles: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="{W_NS}">{"".join(styles)}</w:styles>'


def numbering_xml(levels: list[tuple[str, str, int]], num_id: int = 1, abstract_id: int = 0) -> str:
    """One abstractNum with levels (numFmt, lvlText, start) bound to ``num_id``."""
    lv = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text, start) in enumerate(levels)
    )
    return (f'<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="{W_NS}">'
            f'<w:abstractNum w:abstractNumId="{abstract_id}">{lv}</w:abstractNum>'
            f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num></w:numbering>')


def document_xml(body: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
            f"<w:body>{body}<w:sectPr/></w:body></w:document>")


def build_docx(path: Path, body: str | None = None, *, styles: str | None = None, numbering: str | None = None,
               members: dict[str, str | bytes] | None = None, document: str | bytes | None = None,
               content_types: bool = True) -> Path:
    """Zip a .docx at ``path`` from a body fragment (or a whole ``document``) and optional parts."""
    parts: dict[str, str | bytes] = {"_rels/.rels": ROOT_RELS}
    if content_types:
        parts["[Content_Types].xml"] = CONTENT_TYPES
    if document is not None:
        parts["word/document.xml"] = document
    elif body is not None:
        parts["word/document.xml"] = document_xml(body)
    if styles:
        parts["word/styles.xml"] = styles
    if numbering:
        parts["word/numbering.xml"] = numbering
    parts.update(members or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


# --------------------------------------------------------------------------- ready-made documents

GBT_STYLES = styles_xml(
    style("a0", "Normal"),
    style("chap", "标准文件_章标题", num=(1, 0)),
    style("l1", "标准文件_一级条标题", num=(1, 1)),
    style("l2", "标准文件_二级条标题", num=(1, 2)),
    style("para", "标准文件_段"),
    style("term", "标准文件_术语条一", num=(1, 1)),
    style("note", "标准文件_注："),
    style("ttl", "标准文件_正文表标题"),
    style("fwd", "标准文件_前言、引言标题"),
    style("dash", "标准文件_破折号列项"),
    style("annex", "标准文件_附录标识", num=(2, 0)),
    style("achap", "标准文件_附录章标题", num=(2, 1)),
)
GBT_NUMBERING = (
    f'<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="{W_NS}">'
    '<w:abstractNum w:abstractNumId="0">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1"/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>'
    '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2.%3"/></w:lvl>'
    "</w:abstractNum>"
    '<w:abstractNum w:abstractNumId="1">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperLetter"/><w:lvlText w:val="附录%1"/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>'
    "</w:abstractNum>"
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
    "</w:numbering>"
)


def gbt_template_docx(path: Path) -> Path:
    """A GB/T 1.1 style document whose clause numbers come from numbering.xml only (none typed)."""
    body = "".join([
        p("ICS 67.060"), p("CCS X 11"), p("中华人民共和国国家标准"), p("GB/T 1354—2018"), p("代替 GB/T 1354—2009"),
        p("大米"), p("Rice"), p("2018-02-06 发布"), p("2018-09-01 实施"),
        p("国家市场监督管理总局　国家标准化管理委员会　发布"),
        p("前　言", "fwd"), p("本文件按照GB/T 1.1—2020给出的规则起草。", "para"),
        p("范围", "chap"), p("本文件规定了大米的术语和定义。", "para"),
        p("规范性引用文件", "chap"), p("GB 2762 食品安全国家标准 食品中污染物限量", "para"),
        p("术语和定义", "chap"), p("下列术语和定义适用于本文件。", "para"),
        p("大米\u3000milled rice", "term"), p("稻谷经碾米工艺制成的成品。", "para"),
        p("注：大米按品种分为籼米、粳米和糯米。", "note"),
        p("[来源：GB/T 8875—2008，3.1]", "para"),
        p("碎米\u3000broken rice", "term"), p("长度小于完整米粒平均长度四分之三的米粒。", "para"),
        p("技术要求", "chap"),
        p("感官要求", "l1"), p("应具有正常的色泽和气味。", "para"),
        p("理化指标", "l1"), p("应符合表1的规定。", "para"),
        p("——水分；", "dash"), p("——杂质。", "dash"),
        p("表1　理化指标", "ttl"),
        tbl(tr(tc("项目", vmerge="restart"), tc("指标", span=2), header=True),
            tr(tc("", vmerge="continue"), tc("籼米"), tc("粳米"), header=True),
            tr(tc("水分/%"), tc("≤14.5"), tc("≤15.5"))),
        p("注1：2018年起执行。", "note"),
        p("检验方法", "chap"), p("按GB 5009.3测定。", "para"),
        p(style="annex", runs=run("（规范性）") + "<w:r><w:br/></w:r>" + run("大米加工精度检验")),
        p("检验方法补充", "achap"), p("附录内容。", "para"),
    ])
    return build_docx(path, body, styles=GBT_STYLES, numbering=GBT_NUMBERING)


def hand_typed_docx(path: Path) -> Path:
    """A hand-typed group standard made with python-docx: numbers typed into the text, no styles."""
    import docx

    d = docx.Document()
    for text in ["团体标准", "T/HLJFIA 001—2025", "哈尔滨红肠", "2025-01-01 发布", "2025-07-01 实施",
                 "黑龙江省食品工业协会　发布", "目　次", "前言\tI", "1 范围\t1", "前　言",
                 "本文件按照GB/T 1.1—2020的规定起草。", "1 范围", "本文件规定了哈尔滨红肠的要求。",
                 "2018年，本文件首次发布。", "4 要求", "15.5%的样品应复检。", "2 规范性引用文件",
                 "GB 2762 食品安全国家标准 食品中污染物限量", "3 术语和定义", "本文件没有需要界定的术语和定义。",
                 "4 要求", "4.1 感官要求", "应具有红肠固有的色泽。", "4.2\t理化指标", "理化指标应符合表1的规定。",
                 "表1 理化指标", "单位为毫克每千克"]:
        d.add_paragraph(text)
    t = d.add_table(rows=2, cols=2)
    for (r, c), text in {(0, 0): "项目", (0, 1): "指标", (1, 0): "铅（以Pb计）", (1, 1): "≤0.2"}.items():
        t.cell(r, c).text = text
    for text in ["a) 出厂检验；", "b) 型式检验。", "附　录　A", "（资料性）", "生产工艺", "A.1 原料", "原料应新鲜。"]:
        d.add_paragraph(text)
    d.save(str(path))
    return path
