"""The WordprocessingML namespace and how its attributes read: a ``w:`` value, an on/off toggle, an integer.

The ground floor of the OOXML modules (:mod:`.ooxml_styles`, :mod:`.ooxml_text`, :mod:`.ooxml_tables`).
"""
from __future__ import annotations

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{" + W_NS + "}"


def wattr(el: etree._Element | None, name: str) -> str | None:
    """The value of attribute ``w:name`` (or None)."""
    return None if el is None else el.get(W + name)


def _on(el: etree._Element | None) -> bool:
    """A toggle property (w:vanish, w:b …) that is present and not switched off."""
    return el is not None and wattr(el, "val") not in ("0", "false", "off")


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
