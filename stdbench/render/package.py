"""Deterministic OOXML packages: the same document gives the same bytes.

python-docx stamps every zip member with the wall-clock time, so two runs on the same input differ even
when every part is identical. :func:`stable_zip` rewrites the archive with one fixed timestamp per member
(the document's own date when given, else the zip epoch) and members in their original order.
"""
from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def _stamp(when: date | datetime | str | None) -> tuple[int, int, int, int, int, int]:
    if when is None:
        return ZIP_EPOCH
    if isinstance(when, str):
        when = datetime.fromisoformat(when)
    if not isinstance(when, datetime):
        when = datetime(when.year, when.month, when.day)
    stamp = (when.year, when.month, when.day, when.hour, when.minute, when.second)
    return max(stamp, ZIP_EPOCH)


def stable_zip(data: bytes, when: date | datetime | str | None = None) -> bytes:
    """The same zip with every member dated ``when`` (zip members keep their order and compression)."""
    stamp = _stamp(when)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            clone = zipfile.ZipInfo(info.filename, date_time=stamp)
            clone.compress_type = info.compress_type
            clone.external_attr = info.external_attr
            clone.create_system = 0  # not the build machine's OS
            dst.writestr(clone, src.read(info.filename))
    return out.getvalue()
