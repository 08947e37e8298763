"""Readers: format → :class:`stdbench.model.Standard`, chosen by content, not by extension.

* XML whose root is ``standard`` or ``adoption`` (no namespace, NISO/ISO STS) → :mod:`.sts`
* XML in the Metanorma namespace (``https://www.metanorma.org/ns/...``) → :mod:`.metanorma`
* a zip holding ``word/document.xml`` → :mod:`.docx`
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from stdbench.errors import ReaderError, StdbenchError
from stdbench.model import Standard

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc, or an encrypted (password) OOXML


def sniff(path: str | Path) -> str:
    """Return the reader name for ``path``: 'sts', 'metanorma' or 'docx'; raise ReaderError otherwise."""
    p = Path(path)
    try:
        if p.is_dir():
            raise ReaderError("is a directory, expected a file", file=p)
        if p.exists() and not p.is_file():  # a FIFO or device would block or never end
            raise ReaderError("not a regular file", file=p)
        with p.open("rb") as fh:
            head = fh.read(4096)
    except FileNotFoundError:
        raise ReaderError("no such file", file=p) from None
    except PermissionError:
        raise ReaderError("permission denied", file=p) from None
    except OSError as exc:
        raise ReaderError(f"cannot read: {exc.strerror or exc}", file=p) from None
    if not head.strip():
        raise ReaderError("empty file", file=p)
    if head.startswith(_OLE_MAGIC):
        raise ReaderError(
            "an OLE compound file: a legacy .doc or a password-protected document; save it as .docx", file=p
        )
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(p) as zf:
                names = set(zf.namelist())
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
            raise ReaderError(f"corrupt zip archive: {exc}", file=p) from None
        if "word/document.xml" in names:
            return "docx"
        raise ReaderError("a zip archive without word/document.xml: not a Word document", file=p)
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if text.startswith(b"<"):
        import re

        # first element name after prolog/comments/doctype
        m = re.search(rb"<([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)[\s>/]", _skip_prolog(text))
        local = m.group(2).decode("ascii", "replace") if m else ""
        if b"metanorma.org/ns" in text:
            return "metanorma"
        if local in ("standard", "adoption"):
            return "sts"
        if local.endswith("-standard") or local == "metanorma":
            return "metanorma"
        raise ReaderError(f"XML root <{local}> is neither STS nor Metanorma", file=p)
    raise ReaderError("not a standard document (expected STS/Metanorma XML or .docx)", file=p)


def _skip_prolog(text: bytes) -> bytes:
    import re

    return re.sub(rb"^(\s*(<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(\[.*?\])?\s*>))*", b"", text, flags=re.DOTALL)


def read(path: str | Path, fmt: str | None = None) -> Standard:
    """Read any supported document into a Standard. Raises :class:`StdbenchError` on bad input."""
    p = Path(path)
    kind = fmt or sniff(p)
    try:
        if kind == "sts":
            from stdbench.readers.sts import read_sts as reader
        elif kind == "metanorma":
            from stdbench.readers.metanorma import read_metanorma as reader
        elif kind == "docx":
            from stdbench.readers.docx import read_docx as reader
        else:
            raise ReaderError(f"unknown format {kind!r}", file=p)
        std = reader(p)
    except StdbenchError as exc:
        raise exc.at(file=p)
    except RecursionError:
        raise ReaderError("document nested too deeply", file=p) from None
    except MemoryError:
        raise ReaderError("document too large to read", file=p) from None
    std.source_path = str(p)
    return std
