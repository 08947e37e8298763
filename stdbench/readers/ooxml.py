"""Low-level OOXML for the .docx reader: bounded zip access, styles.xml, numbering.xml, run text.

Kept apart from :mod:`stdbench.readers.docx` so that the reader deals in paragraphs and clauses while the
raw WordprocessingML details (tracked changes, fields, content controls, list counters) live here: the
package (bounded zip access) in this module; the ``w:`` namespace in :mod:`.ooxml_attrs`, styles and
numbering in :mod:`.ooxml_styles`, paragraph text in :mod:`.ooxml_text`, tables in :mod:`.ooxml_tables`,
all importable from here.
"""
from __future__ import annotations

import posixpath
import zipfile
import zlib
from pathlib import Path

from lxml import etree

from stdbench.errors import ReaderError
from stdbench.readers.ooxml_attrs import W_NS, W, wattr
from stdbench.readers.ooxml_styles import Level, Numbering, StyleInfo, Styles, format_number
from stdbench.readers.ooxml_tables import RawCell, RawRow, table_rows
from stdbench.readers.ooxml_text import MC_NS, M, ParaText, notes_text, omml_text, para_text
from stdbench.readers.xmlsafe import parse_xml_bytes

__all__ = [  # the package's names and those re-exported from the ooxml_* modules
    "MAX_MEMBERS", "MAX_MEMBER_BYTES", "MAX_RATIO", "MC_NS", "REL_NS", "W_NS", "Level", "M", "Numbering",
    "Package", "ParaText", "RawCell", "RawRow", "StyleInfo", "Styles", "W", "format_number", "notes_text",
    "omml_text", "para_text", "table_rows", "wattr",
]

REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
MAX_MEMBER_BYTES = 64 * 1024 * 1024
MAX_RATIO = 100
MAX_MEMBERS = 5000
_RATIO_FLOOR = 1024 * 1024  # tiny members may compress well (a run of spaces); judge ratio above this size


class Package:
    """A .docx opened with every member checked against zip-bomb limits before it is read."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.warnings: list[str] = []
        try:
            self._zip = zipfile.ZipFile(self.path)
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
            raise ReaderError(f"not a valid .docx (corrupt zip): {exc}", file=self.path) from None
        if len(infos) > MAX_MEMBERS:
            raise ReaderError(f"zip has {len(infos)} members (limit {MAX_MEMBERS})", file=self.path)
        self._infos = {i.filename: i for i in infos}
        for name in ("[Content_Types].xml", "word/document.xml"):
            if name not in self._infos:
                raise ReaderError(f"not a Word document: {name} is missing", file=self.path)

    def close(self) -> None:
        self._zip.close()

    def has(self, name: str) -> bool:
        return name in self._infos

    def read(self, name: str) -> bytes | None:
        """The bytes of a member (None if absent); refuses members too large or too compressed."""
        info = self._infos.get(name)
        if info is None:
            return None
        if info.file_size > MAX_MEMBER_BYTES:
            raise ReaderError(f"member too large ({info.file_size} bytes)", file=self.path, location=name)
        if info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ReaderError("member compression ratio above 100:1 (zip bomb?)", file=self.path, location=name)
        try:
            with self._zip.open(info) as fh:
                data = fh.read(MAX_MEMBER_BYTES + 1)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError,
                zlib.error) as exc:  # zlib.error: a damaged deflate stream
            raise ReaderError(f"corrupt zip member: {exc}", file=self.path, location=name) from None
        if len(data) > MAX_MEMBER_BYTES:
            raise ReaderError("member larger than declared", file=self.path, location=name)
        return data

    def xml(self, name: str) -> etree._Element | None:
        """A member parsed with the hardened parser (None if absent)."""
        data = self.read(name)
        return None if data is None else parse_xml_bytes(data, file=self.path, member=name)

    def rels(self, part: str) -> dict[str, str]:
        """Internal relationships of ``part`` (id → member name); external targets are warned about, never fetched."""
        folder, base = posixpath.split(part)
        root = self.xml(posixpath.join(folder, "_rels", base + ".rels"))
        out: dict[str, str] = {}
        if root is None:
            return out
        for rel in root.iter(REL_NS + "Relationship"):
            target = rel.get("Target") or ""
            if rel.get("TargetMode") == "External":
                kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
                if kind in ("image", "attachedTemplate", "oleObject", "subDocument", "frame"):
                    self.warnings.append(f"external {kind} {target!r} ignored (never fetched)")
                continue
            out[rel.get("Id") or ""] = posixpath.normpath(posixpath.join(folder, target)).lstrip("/")
        return out
