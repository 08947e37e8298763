"""Hardened XML parsing shared by every XML reader.

Policy (see README "Security and robustness"): no DTD is loaded, no entity is resolved, nothing is
fetched from the network, no huge trees. Named entities of an undeclared DTD (``&nbsp;`` in a file that
relies on an external DTD) are *not* expanded: lxml keeps them as unresolved entity references, which the
readers turn into their text replacement for the five XML built-ins only and drop otherwise, with a
warning on the model. Any parse error becomes a :class:`ReaderError` naming the file and line.
"""
from __future__ import annotations

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


def parse_xml_bytes(data: bytes, file: str | Path | None = None, member: str | None = None) -> etree._Element:
    """Parse bytes with the hardened parser; return the root element."""
    where = member
    if len(data) > MAX_XML_BYTES:
        raise ReaderError(f"XML too large ({len(data)} bytes)", file=file, location=where)
    if not data.strip():
        raise ReaderError("empty document", file=file, location=where)
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
    return root


def parse_xml_file(path: str | Path) -> etree._Element:
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_XML_BYTES:
            raise ReaderError(f"XML too large ({size} bytes)", file=p)
        data = p.read_bytes()
    except OSError as exc:
        raise ReaderError(f"cannot read: {exc.strerror or exc}", file=p) from None
    return parse_xml_bytes(data, file=p)


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
