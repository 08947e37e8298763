"""Hardened XML parsing shared by every XML reader.

Policy (see README "Security and robustness"): no DTD is loaded, no entity is resolved, nothing is
fetched from the network, no huge trees, and a document that declares entities in an internal DTD subset
is refused (billion laughs, quadratic blow-up, external entities).

Named entities of an undeclared DTD — ``&nbsp;`` or ``&mdash;`` in a JATS/STS file that relies on an
external DTD the parser never loads — are a fact of life. They are handled explicitly:

* the HTML5 named character references (``html.entities.html5``; this includes the ISO 8879 sets that the
  JATS/STS DTDs declare) become the characters they name, before parsing;
* any other undeclared name is kept as its literal text (``&foo;``) so nothing is silently lost; without
  a DOCTYPE such a name is a well-formedness error and the file is refused with its line.

Any parse error becomes a :class:`ReaderError` naming the file and line.
"""
from __future__ import annotations

import html.entities
import re
from pathlib import Path

from lxml import etree

from stdbench.errors import ReaderError

MAX_XML_BYTES = 256 * 1024 * 1024  # a standard in XML is a few MB; refuse absurd inputs early


def make_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=False,
        remove_pis=False,
        recover=False,
    )


_XML_BUILTINS = {b"amp", b"lt", b"gt", b"quot", b"apos"}
_ANY_NAMED = re.compile(rb"&(?!(?:amp|lt|gt|quot|apos);|#)")
_NAMED = re.compile(rb"<!\[CDATA\[.*?\]\]>|<!--.*?-->|&([A-Za-z][A-Za-z0-9]{0,31});", re.DOTALL)


def _named_to_numeric(match: re.Match[bytes]) -> bytes:
    name = match.group(1)
    if name is None or name in _XML_BUILTINS:
        return match.group(0)
    chars = html.entities.html5.get(name.decode("ascii") + ";")
    if chars is None:
        return match.group(0)
    return b"".join(b"&#%d;" % ord(c) for c in chars)


_NOT_NAMED = (b"#", b"amp;", b"lt;", b"gt;", b"quot;", b"apos;")


def _has_named_reference(data: bytes) -> bool:
    """True when some ``&`` starts a reference other than the XML five and numeric ones.

    ``bytes.find`` skips to each ``&`` at C speed; the regular expression, which tries its look-ahead at
    every byte, takes over (from where the loop stopped) only in a document with very many ``&``."""
    i = data.find(b"&")
    for _ in range(1000):
        if i == -1:
            return False
        if not data.startswith(_NOT_NAMED, i + 1):
            return True
        i = data.find(b"&", i + 1)
    return _ANY_NAMED.search(data, i) is not None


def expand_named_entities(data: bytes) -> bytes:
    """HTML5 named references → numeric character references (CDATA and comments untouched).

    Only for ASCII-compatible encodings: UTF-16/32 documents are left as they are."""
    if b"&" not in data or data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:64]:
        return data
    if not _has_named_reference(data):  # only built-ins and numeric references: nothing to do
        return data
    return _NAMED.sub(_named_to_numeric, data)


def _inline_unknown_entities(root: etree._Element) -> list[str]:
    """Unexpanded entity references (undeclared names under a DOCTYPE) → their literal text; their names."""
    names: list[str] = []
    for ent in list(root.iter(etree.Entity)):
        if ent.text not in names:
            names.append(ent.text or "")
        literal = (ent.text or "") + (ent.tail or "")
        parent = ent.getparent()
        if parent is None:
            continue
        prev = ent.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + literal
        else:
            parent.text = (parent.text or "") + literal
        parent.remove(ent)
    return names


def parse_xml_bytes(
    data: bytes, file: str | Path | None = None, member: str | None = None, warnings: list[str] | None = None,
) -> etree._Element:
    """Parse bytes with the hardened parser; return the root element. ``warnings`` collects what the
    entity policy left as literal text."""
    where = member
    if len(data) > MAX_XML_BYTES:
        raise ReaderError(f"XML too large ({len(data)} bytes)", file=file, location=where)
    if not data or data.isspace():  # (strip() would copy the whole document)
        raise ReaderError("empty document", file=file, location=where)
    data = expand_named_entities(data)
    try:
        root = etree.fromstring(data, parser=make_parser())
    except etree.XMLSyntaxError as exc:
        line = getattr(exc, "lineno", None)
        loc = f"{member + ' ' if member else ''}line {line}" if line else where
        msg = str(exc.msg if hasattr(exc, "msg") and exc.msg else exc)
        raise ReaderError(f"malformed XML: {msg}", file=file, location=loc) from None
    except (ValueError, etree.LxmlError) as exc:
        raise ReaderError(f"malformed XML: {exc}", file=file, location=where) from None
    if root is None:
        raise ReaderError("no root element", file=file, location=where)
    # DOCTYPE with an internal subset declaring entities: refuse (billion laughs & co.)
    tree = root.getroottree()
    docinfo = tree.docinfo
    dtd = docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise ReaderError("document declares entities in its DTD; refused", file=file, location=where)
    for name in _inline_unknown_entities(root):
        if warnings is not None:
            warnings.append(f"undeclared entity {name} kept as text (the document's DTD is never loaded)")
    return root


def parse_xml_file(path: str | Path, warnings: list[str] | None = None) -> etree._Element:
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_XML_BYTES:
            raise ReaderError(f"XML too large ({size} bytes)", file=p)
        data = p.read_bytes()
    except OSError as exc:
        raise ReaderError(f"cannot read: {exc.strerror or exc}", file=p) from None
    return parse_xml_bytes(data, file=p, warnings=warnings)


def localname(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def namespace(el: etree._Element) -> str:
    tag = el.tag
    if isinstance(tag, str) and tag.startswith("{"):
        return tag[1:].split("}", 1)[0]
    return ""
