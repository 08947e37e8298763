"""Hypothesis strategies shared by the fuzz tests and the long run: limit texts, codes, STS and .docx documents."""
from __future__ import annotations

from xml.sax.saxutils import escape

from hypothesis import strategies as st

from tests.docx_builders import build_docx, p, tbl, tc, tr

# XML 1.0 allows no C0 controls except tab/newline/CR, no surrogates, no U+FFFE/U+FFFF
XML_TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\ufffe\uffff",
                  min_codepoint=0x20) | st.sampled_from("\t\n 红肠铅≤≥～±（）%/·—"),
    max_size=30,
)

OPERATORS = ["", "≤", "<", "≥", ">", "不大于", "不小于", "≦", "＜", "不超过", "max. ", "min. ", "≤ ", "＞"]
NUMBERS = st.one_of(
    st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-1000, max_value=10**6).map(str),
    st.sampled_from(["0.2", "１５．５", "1×10³", "5×10^4", "1.0E-3", "10⁵", ".5", "5.", "0,5", "1e400",
                     "NaN", "Infinity", "-0", "1/2", "½", "٣", "六"]),
)
UNITS = st.sampled_from(["", "mg/kg", "%", "μg/kg", "ug/kg", "CFU/g", "g/100g", "mg/L", "MPN/100mL", "g/kg",
                         "％", "mg／kg", "ppm", "kg", "/25g", "mg/kg(以Pb计)"])
JOINERS = st.sampled_from(["", " ", "～", "~", "-", "—", "±", "/", "n=5,c=2,m=", "不得检出", "（以Pb计）", "；"])


@st.composite
def limit_texts(draw: st.DrawFn) -> str:
    """Mostly limit-shaped text (operator, number, unit, joiners) with random text mixed in."""
    if draw(st.integers(0, 4)) == 0:
        return draw(st.text(max_size=40))
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        parts += [draw(st.sampled_from(OPERATORS)), draw(NUMBERS), draw(UNITS), draw(JOINERS)]
    return "".join(parts)


PREFIXES = st.sampled_from(["GB", "GB/T", "GB/Z", "GB ", "ＧＢ／Ｔ", "DB23/T", "DBS23/", "T/HLJFIA", "T/", "Q/ABC",
                            "ISO", "ISO/IEC", "ISO/TS", "CXS", "CAC/GL", "NY/T", "SB/T", "(EU)", "Regulation (EU)",
                            "EN", "DIN", "BS", "GB/T 1.", ""])
SEPARATORS = st.sampled_from(["-", "—", "–", ":", "－", "", " ", "-19", "/"])


@st.composite
def code_texts(draw: st.DrawFn) -> str:
    """Designation-shaped text: prefix, number, part, year, suffix, in running text or alone."""
    if draw(st.integers(0, 4)) == 0:
        return draw(st.text(max_size=40))
    number = draw(st.from_regex(r"[0-9]{1,6}(\.[0-9]{1,3})?(-[0-9]{1,2})?S?", fullmatch=True))
    year = draw(st.from_regex(r"[0-9]{2,4}", fullmatch=True))
    code = f"{draw(PREFIXES)} {number}{draw(SEPARATORS)}{year}"
    return draw(st.sampled_from(["{}", "应符合{}的规定。", "《{}》", "{}（所有部分）", "见{}和{}"])).replace("{}", code)


# --------------------------------------------------------------------------- documents


@st.composite
def sts_clause(draw: st.DrawFn, depth: int, number: str) -> str:
    title = escape(draw(XML_TEXT))
    paras = "".join(f"<p>{escape(t)}</p>" for t in draw(st.lists(XML_TEXT, max_size=3)))
    table = draw(sts_table()) if draw(st.booleans()) else ""
    kids = ""
    if depth < 3:
        n = draw(st.integers(0, 3 - depth))
        kids = "".join(draw(sts_clause(depth + 1, f"{number}.{i + 1}")) for i in range(n))
    sec_type = draw(st.sampled_from(["", ' sec-type="scope"', ' sec-type="requirements"', ' sec-type="x"']))
    return f'<sec{sec_type}><label>{number}</label><title>{title}</title>{paras}{table}{kids}</sec>'


@st.composite
def sts_table(draw: st.DrawFn) -> str:
    rows = []
    for r in range(draw(st.integers(1, 4))):
        cells = []
        for _ in range(draw(st.integers(1, 4))):
            rs, cs = draw(st.integers(0, 4)), draw(st.integers(0, 4))
            tag = "th" if r == 0 else "td"
            attrs = (f' rowspan="{rs}"' if rs != 1 else "") + (f' colspan="{cs}"' if cs != 1 else "")
            text = draw(st.one_of(XML_TEXT, limit_texts().map(lambda s: s.replace("\x00", ""))))
            cells.append(f"<{tag}{attrs}>{escape(_xml_safe(text))}</{tag}>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return ('<table-wrap><label>表1</label><caption><title>理化指标</title></caption><table>'
            f"<thead>{rows[0]}</thead><tbody>{''.join(rows[1:])}</tbody></table></table-wrap>")


def _xml_safe(text: str) -> str:
    return "".join(c for c in text if c in "\t\n\r" or (0x20 <= ord(c) < 0xD800) or 0xE000 <= ord(c) < 0xFFFE
                   or ord(c) > 0xFFFF)


@st.composite
def sts_documents(draw: st.DrawFn) -> str:
    """A small STS standard: random title and code text, a random clause tree with random tables."""
    from tests.hostile.builders import sts_xml

    body = "".join(draw(sts_clause(1, str(i + 1))) for i in range(draw(st.integers(0, 4))))
    code = draw(st.sampled_from(["T/HOSTILE 001-2025", "GB 2762-2025", "Q/ABC 0001S-2023", "X/Y 1-1"]))
    return sts_xml(title=_xml_safe(draw(XML_TEXT)), code=code, body=body)


@st.composite
def docx_bodies(draw: st.DrawFn) -> str:
    """A WordprocessingML body: typed clause numbers, random text, tables with gridSpan/vMerge at random."""
    out = []
    for i in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["clause", "para", "table"]))
        if kind == "clause":
            out.append(p(f"{draw(st.sampled_from(['', '1 ', '4.2 ', 'A.1 ', '附录A ', '5.1.1　']))}"
                         f"{_xml_safe(draw(XML_TEXT))}"))
        elif kind == "para":
            out.append(p(_xml_safe(draw(XML_TEXT))))
        else:
            rows = []
            for _ in range(draw(st.integers(1, 4))):
                cells = [tc(_xml_safe(draw(st.one_of(XML_TEXT, limit_texts()))), span=draw(st.integers(1, 3)),
                            vmerge=draw(st.sampled_from([None, None, "restart", "continue"])))
                         for _ in range(draw(st.integers(1, 4)))]
                rows.append(tr(*cells, header=draw(st.booleans())))
            out.append(tbl(*rows))
    return "".join(out)


def write_docx(path, body: str):
    return build_docx(path, body)
