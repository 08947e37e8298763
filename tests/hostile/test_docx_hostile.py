"""Hostile and broken .docx: zip bombs, missing or corrupt parts, external relationships, OLE files."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from stdbench import read
from stdbench.errors import ReaderError
from tests.hostile import builders as b
from tests.hostile.conftest import run_cli


def test_zip_bomb_1gib_member(sandbox: Path, refused) -> None:
    doc = b.zip_bomb_ratio(sandbox / "bomb.docx", 1024)
    assert doc.stat().st_size < 16 * 1024 * 1024
    with zipfile.ZipFile(doc) as zf:
        assert zf.getinfo("word/document.xml").file_size == 1024**3
    line = refused(doc)
    assert "word/document.xml" in line


def test_zip_bomb_100k_members(sandbox: Path, refused) -> None:
    line = refused(b.zip_many_members(sandbox / "many.docx", 100_000))
    assert "100002 members" in line


@pytest.mark.parametrize("missing", ["word/document.xml", "[Content_Types].xml"])
def test_missing_required_part(sandbox: Path, refused, missing: str) -> None:
    line = refused(b.docx_without(sandbox / "parts.docx", missing))
    assert missing in line


def test_corrupt_document_xml(sandbox: Path, refused) -> None:
    line = refused(b.docx_corrupt_document(sandbox / "corrupt.docx"))
    assert "word/document.xml" in line and "malformed XML" in line


@pytest.mark.parametrize("stream", ["EncryptedPackage", "WordDocument"], ids=["password", "doc-renamed"])
def test_ole_compound_file(sandbox: Path, refused, stream: str) -> None:
    line = refused(b.ole_file(sandbox / "locked.docx", stream))
    assert "OLE" in line


def test_damaged_deflate_stream_cli(sandbox: Path, refused) -> None:
    refused(b.docx_bad_crc(sandbox / "crc.docx"))


def test_zip_version_from_the_future_cli(sandbox: Path, refused) -> None:
    refused(b.zip_future_version(sandbox / "future.docx"))


def test_ratio_bomb_below_size_cap(tmp_path: Path) -> None:
    """60 MiB of zeros passes the 64 MiB size cap but not the 100:1 ratio check."""
    doc = b.zip_bomb_ratio(tmp_path / "ratio.docx", 60, member="word/styles.xml")
    with pytest.raises(ReaderError, match="ratio") as info:
        read(doc)
    assert info.value.location == "word/styles.xml"


def _stored_with_bad_crc(path: Path) -> Path:
    """A stored (uncompressed) document.xml whose bytes were altered: only the CRC notices."""
    xml = b.document_xml(b.p("红肠红肠"))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", xml)
    data = path.read_bytes()
    return b.write(path, data.replace("红肠红肠".encode(), "绿肠绿肠".encode(), 1))


@pytest.mark.parametrize("builder", [
    lambda p: b.docx_without(p, "[Content_Types].xml"), lambda p: b.docx_without(p, "word/document.xml"),
    b.docx_corrupt_document, _stored_with_bad_crc, b.ole_file, lambda p: b.write(p, b"PK\x03\x04garbage"),
    lambda p: b.write(p, b"PK" + bytes(5000)),
], ids=["no-content-types", "no-document", "corrupt-xml", "bad-crc", "ole", "garbage-zip", "zero-zip"])
def test_in_process_reader_error(tmp_path: Path, builder) -> None:
    doc = builder(tmp_path / "h.docx")
    with pytest.raises(ReaderError) as info:
        read(doc)
    assert info.value.file == str(doc)
    assert "\n" not in str(info.value)


def test_in_process_damaged_deflate(tmp_path: Path) -> None:
    with pytest.raises(ReaderError):
        read(b.docx_bad_crc(tmp_path / "crc.docx"))


def test_in_process_zip_version_from_the_future(tmp_path: Path) -> None:
    with pytest.raises(ReaderError):
        read(b.zip_future_version(tmp_path / "future.docx"))


def test_external_relationships_never_fetched_in_process(tmp_path: Path, no_network, listener) -> None:
    url, _ = listener
    std = read(b.docx_external_rels(tmp_path / "ext.docx", url))
    assert no_network == []
    assert std.titles.get("zh") == "哈尔滨红肠"
    assert std.clause("1") is not None and std.clause("1").title == "范围"
    warned = " ".join(std.warnings)
    assert "never fetched" in warned and f"{url}/img.png" in warned


def test_external_relationships_cli(sandbox: Path, child_env, listener) -> None:
    url, _ = listener
    doc = b.docx_external_rels(sandbox / "ext.docx", url)
    res = run_cli("parse", doc, "--format", "json", cwd=sandbox, env=child_env)
    assert res.rc == 0, res.err
    assert "NETWORK ATTEMPT" not in res.err
    assert '"T/HOSTILE"' in res.out or "HOSTILE" in res.out
