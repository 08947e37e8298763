"""Hostile inputs built by the tests themselves (never committed): XML attacks, zip bombs, odd paths.

Large inputs are written streamed so the test process itself stays small.
"""
from __future__ import annotations

import os
import struct
import zipfile
import zlib
from pathlib import Path
from xml.sax.saxutils import escape

from tests.docx_builders import R_NS, build_docx, document_xml, p, tbl, tc, tr
from tests.docx_builders import run as b_run

PASSWD_MARKERS = ("root:x:0:0", "/bin/bash", "/usr/sbin/nologin", "daemon:")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sts_xml(title: str = "哈尔滨红肠", body: str = "", code: str = "T/HOSTILE 001-2025",
            doctype: str = "", title_raw: str | None = None) -> str:
    """A small NISO STS document; ``title_raw`` is inserted unescaped (for entity references)."""
    org, rest = code.split(" ", 1)
    number, year = rest.rsplit("-", 1)
    title_xml = title_raw if title_raw is not None else escape(title)
    body = body or (
        '<sec id="s1" sec-type="scope"><label>1</label><title>范围</title>'
        "<p>本文件规定了红肠的要求。</p></sec>"
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{doctype}'
        '<standard xml:lang="zh"><front><std-meta>'
        f'<title-wrap xml:lang="zh"><main>{title_xml}</main></title-wrap>'
        f"<std-ident><originator>{org}</originator><doc-type>standard</doc-type>"
        f"<doc-number>{number}</doc-number><version>{year}</version></std-ident>"
        f'<std-ref type="dated">{escape(code)}</std-ref>'
        f"</std-meta></front><body>{body}</body></standard>"
    )


def requirements_sec(label: str, limit: str, clause: str = "4", title: str = "理化指标") -> str:
    """A requirements clause with one table row: parameter ``label`` and its ``limit``."""
    return (
        f'<sec id="s{clause}" sec-type="requirements"><label>{clause}</label><title>{escape(title)}</title>'
        '<table-wrap id="t1"><label>表1</label><caption><title>理化指标</title></caption>'
        "<table><thead><tr><th>项目</th><th>指标</th></tr></thead>"
        f"<tbody><tr><td>{escape(label)}</td><td>{escape(limit)}</td></tr></tbody></table></table-wrap></sec>"
    )


def write(path: Path, data: str | bytes) -> Path:
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# --------------------------------------------------------------------------- XML attacks


def xxe(path: Path, url: str) -> Path:
    """An external general entity (file or network) used in the title."""
    dt = f'<!DOCTYPE standard [<!ENTITY ext SYSTEM "{url}">]>'
    return write(path, sts_xml(doctype=dt, title_raw="红肠&ext;"))


def metanorma_xxe(path: Path) -> Path:
    """The same attack in a Metanorma document (a different reader, the same hardened parser)."""
    return write(path, '<?xml version="1.0"?><!DOCTYPE iso-standard [<!ENTITY ext SYSTEM "file:///etc/passwd">]>'
                       '<iso-standard xmlns="https://www.metanorma.org/ns/iso"><bibdata><title>&ext;</title>'
                       "</bibdata></iso-standard>")


def external_dtd(path: Path, dtd_url: str, entity: str = "secret") -> Path:
    """A document relying on an external DTD (that could declare ``entity``) and using ``&entity;``."""
    dt = f'<!DOCTYPE standard SYSTEM "{dtd_url}">'
    return write(path, sts_xml(doctype=dt, title_raw=f"红肠&{entity};"))


def billion_laughs(path: Path, depth: int = 10) -> Path:
    ents = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, depth)
    ]
    dt = f"<!DOCTYPE standard [{''.join(ents)}]>"
    return write(path, sts_xml(doctype=dt, title_raw=f"&lol{depth - 1};"))


def quadratic_blowup(path: Path, size: int = 50_000, uses: int = 50_000) -> Path:
    """One big entity used many times: small file, gigabytes once expanded."""
    dt = f'<!DOCTYPE standard [<!ENTITY a "{"a" * size}">]>'
    return write(path, sts_xml(doctype=dt, title_raw="&a;" * uses))


def deep_nesting(path: Path, levels: int = 100_000) -> Path:
    body = "<sec><title>x</title>" * levels + "</sec>" * levels
    return write(path, sts_xml(body=body))


def huge_text_node(path: Path, mib: int = 200) -> Path:
    """A ``mib`` MiB text node, written streamed."""
    head, tail = sts_xml(body="<sec><title>x</title><p>@@</p></sec>").split("@@")
    chunk = ("红肠" * 174_763)[: 349_525].encode("utf-8")[: 1024 * 1024]
    chunk = chunk[: len(chunk) - len(chunk) % 3]  # whole UTF-8 characters only
    with path.open("wb") as fh:
        fh.write(head.encode("utf-8"))
        written = 0
        while written < mib * 1024 * 1024:
            fh.write(chunk)
            written += len(chunk)
        fh.write(tail.encode("utf-8"))
    return path


def invalid_utf8(path: Path) -> Path:
    data = sts_xml(title="TITLE").encode("utf-8").replace(b"TITLE", b"\xc3\x28\xff\xfe\xa0\xa1")
    return write(path, data)


def wrong_encoding(path: Path, declared: str) -> Path:
    """UTF-8 bytes under a false encoding declaration."""
    return write(path, sts_xml().replace('encoding="UTF-8"', f'encoding="{declared}"'))


def gb18030_document(path: Path, title: str) -> Path:
    """A correct, non-UTF-8 document: GB18030 bytes, GB18030 declaration."""
    return write(path, sts_xml(title=title).replace('encoding="UTF-8"', 'encoding="GB18030"').encode("gb18030"))


def truncated(path: Path) -> Path:
    data = sts_xml(body=requirements_sec("铅（以Pb计）", "≤0.2")).encode("utf-8")
    return write(path, data[: len(data) // 2])


# --------------------------------------------------------------------------- .docx attacks


def simple_docx(path: Path, members: dict[str, str | bytes] | None = None, body: str | None = None) -> Path:
    body = body or (p("T/HOSTILE 001—2025") + p("哈尔滨红肠") + p("1 范围") + p("本文件规定了红肠的要求。"))
    return build_docx(path, body, members=members)


def zip_bomb_ratio(path: Path, mib: int = 1024, member: str = "word/document.xml") -> Path:
    """A .docx whose ``member`` inflates to ``mib`` MiB of zeros (streamed; a few MB on disk)."""
    zeros = bytes(1024 * 1024)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open(member, "w", force_zip64=True) as fh:
            for _ in range(mib):
                fh.write(zeros)
        if member != "word/document.xml":
            zf.writestr("word/document.xml", document_xml(p("红肠")))
    return path


def zip_many_members(path: Path, count: int = 100_000) -> Path:
    """A zip with ``count`` one-byte stored members, assembled with struct (zipfile is too slow for 100 000)."""
    members = [("[Content_Types].xml", b"<Types/>"), ("word/document.xml", document_xml(p("红肠")).encode())]
    local, central = bytearray(), bytearray()
    one = b"x"
    one_crc = zlib.crc32(one)
    for i in range(count + len(members)):
        name, data = members[i] if i < len(members) else (f"word/media/m{i}.bin", one)
        raw = name.encode()
        crc = one_crc if data is one else zlib.crc32(data)
        offset = len(local)
        local += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 0, 0, 0, crc, len(data), len(data), len(raw), 0)
        local += raw + data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 0, 0, 0, crc, len(data), len(data),
                               len(raw), 0, 0, 0, 0, 0, offset) + raw
    total = count + len(members)
    end = b""
    if total >= 0xFFFF:  # zip64 end records: the classic record's count field holds only 65 535
        z64 = struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, total, total, len(central), len(local))
        loc = struct.pack("<IIQI", 0x07064B50, 0, len(local) + len(central), 1)
        end = z64 + loc
    eocd = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, min(total, 0xFFFF), min(total, 0xFFFF), len(central),
                       len(local), 0)
    with path.open("wb") as fh:
        fh.write(local + central + end + eocd)
    return path


def docx_without(path: Path, missing: str) -> Path:
    """A .docx lacking a required part ('word/document.xml' or '[Content_Types].xml')."""
    if missing == "[Content_Types].xml":
        return build_docx(path, p("红肠"), content_types=False)
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/styles.xml", "<styles/>")
    return path


def docx_corrupt_document(path: Path) -> Path:
    return build_docx(path, document=document_xml(p("红肠"))[:-40])


def docx_bad_crc(path: Path) -> Path:
    """A .docx whose document.xml bytes were flipped after zipping (CRC mismatch)."""
    build_docx(path, p("红肠" * 200))
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + 10
    for i in range(start, start + 20):
        data[i] ^= 0x5A
    return write(path, bytes(data))


def zip_future_version(path: Path, version: int = 171) -> Path:
    """A .docx whose central directory asks for zip version 17.1 to extract (found by the long fuzz run)."""
    simple_docx(path)
    data = bytearray(path.read_bytes())
    at = data.find(b"PK\x01\x02")
    while at != -1:
        data[at + 6:at + 8] = struct.pack("<H", version)
        at = data.find(b"PK\x01\x02", at + 4)
    return write(path, bytes(data))


def docx_external_rels(path: Path, url: str) -> Path:
    """Remote image, remote attached template and a remote subdocument: must never be fetched."""
    rt = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    doc_rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rIdImg" Type="{rt}image" Target="{url}/img.png" TargetMode="External"/>'
        f'<Relationship Id="rIdSub" Type="{rt}subDocument" Target="{url}/sub.docx" TargetMode="External"/>'
        f'<Relationship Id="rIdLink" Type="{rt}hyperlink" Target="{url}/page" TargetMode="External"/>'
        "</Relationships>"
    )
    settings_rels = doc_rels.replace("rIdImg", "rIdTpl").replace(f"{rt}image", f"{rt}attachedTemplate")
    pic = (
        '<w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
        '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData>'
        '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:blipFill>'
        f'<a:blip xmlns:r="{R_NS}" r:link="rIdImg"/></pic:blipFill></pic:pic></a:graphicData></a:graphic>'
        "</wp:inline></w:drawing></w:r>"
    )
    body = (p("T/HOSTILE 001—2025") + p("哈尔滨红肠") + p("1 范围") + p("本文件规定了红肠的要求。")
            + p(runs=pic) + '<w:subDoc xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>')
    settings = (f'<?xml version="1.0" encoding="UTF-8"?><w:settings xmlns:w="{W_NS_}" xmlns:r="{R_NS}">'
                '<w:attachedTemplate r:id="rIdTpl"/></w:settings>')
    return build_docx(path, body, members={"word/_rels/document.xml.rels": doc_rels,
                                           "word/settings.xml": settings,
                                           "word/_rels/settings.xml.rels": settings_rels})


W_NS_ = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def ole_file(path: Path, stream: str = "EncryptedPackage") -> Path:
    """An OLE compound file header naming ``stream`` (password-protected OOXML or a legacy .doc)."""
    head = OLE_MAGIC + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff\x09\x00" + b"\x00" * 486
    name = stream.encode("utf-16-le")
    return write(path, head + name + b"\x00" * (2048 - len(head) - len(name)))


PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    '=HYPERLINK("http://evil.example/x","click")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    '{ INCLUDETEXT "c:\\\\x" }',
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def injection_sts(path: Path) -> Path:
    """A group standard whose title, clause title, paragraph and table labels are all payloads."""
    rows = "".join(f"<tr><td>{escape(x)}/(mg/kg)</td><td>≤0.{i + 1}</td></tr>" for i, x in enumerate(PAYLOADS))
    body = (f'<sec id="s4" sec-type="requirements"><label>4</label><title>{escape(PAYLOADS[0])}</title>'
            f"<p>{escape(PAYLOADS[6])}</p><p>{escape(PAYLOADS[2])}</p>"
            '<table-wrap id="t1"><label>表1</label><caption><title>污染物限量</title></caption>'
            "<table><thead><tr><th>项目</th><th>指标</th></tr></thead><tbody>"
            f"<tr><td>铅（以Pb计）/(mg/kg)</td><td>≤0.1</td></tr>{rows}</tbody></table></table-wrap></sec>")
    return write(path, sts_xml(title=PAYLOADS[0] + PAYLOADS[1], body=body))


def injection_docx(path: Path, payloads: list[str]) -> Path:
    """A hand-typed group standard carrying the payloads as text, plus a literal w:fldSimple INCLUDETEXT."""
    fld = ('<w:fldSimple w:instr=" INCLUDETEXT &quot;c:\\\\x&quot; "><w:r><w:t>FIELD-RESULT</w:t></w:r>'
           "</w:fldSimple>")
    body = (p("团体标准") + p("T/HOSTILE 001—2025") + p(payloads[0]) + p("2025-01-01 发布")
            + p("前　言") + p("本文件按照GB/T 1.1—2020的规定起草。") + p("1 范围") + p(f"本文件规定了{payloads[1]}的要求。")
            + p("2 要求") + p("2.1 污染物限量") + p(runs=b_run("字段：") + fld) + p(payloads[6])
            + p("表1 污染物限量") + p("单位为毫克每千克")
            + tbl(tr(tc("项目"), tc("指标"), header=True), *(tr(tc(x), tc(f"≤0.{i + 1}"))
                                                           for i, x in enumerate(payloads))))
    return build_docx(path, body)


def fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path
