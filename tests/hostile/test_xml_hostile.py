"""Hostile and broken XML through the real CLI: refused in one line, nothing leaked, nothing fetched."""
from __future__ import annotations

from pathlib import Path

import pytest

from stdbench import read
from stdbench.errors import ReaderError
from tests.hostile import builders as b
from tests.hostile.conftest import run_cli


def _no_passwd(text: str) -> None:
    for marker in b.PASSWD_MARKERS:
        assert marker not in text


@pytest.mark.parametrize("url", ["file:///etc/passwd", "http://127.0.0.1:9/x"])
def test_external_entity_refused_and_not_expanded(sandbox: Path, refused, url: str) -> None:
    doc = b.xxe(sandbox / "xxe.xml", url)
    line = refused(doc)
    assert "entities" in line
    _no_passwd(line)


def test_external_entity_to_listener_never_connects(sandbox: Path, refused, listener) -> None:
    url, _ = listener
    refused(b.xxe(sandbox / "xxe-net.xml", f"{url}/x"))


@pytest.mark.parametrize("where,fmt", [("network", "json"), ("file", "sts")])
def test_external_dtd_not_loaded_entity_not_expanded(sandbox: Path, child_env, listener, where: str,
                                                     fmt: str) -> None:
    """A DOCTYPE pointing at a DTD is common in real STS files: read, but the DTD is never fetched or used."""
    url, _ = listener
    local_dtd = b.write(sandbox / "evil.dtd", '<!ENTITY secret SYSTEM "file:///etc/passwd">')
    dtd = f"{url}/sts.dtd" if where == "network" else local_dtd.as_uri()
    doc = b.external_dtd(sandbox / "dtd.xml", dtd)
    res = run_cli("parse", doc, "--format", fmt, cwd=sandbox, env=child_env)
    assert res.rc == 0, res.err
    assert "HOSTILE" in res.out and "红肠" in res.out
    _no_passwd(res.out + res.err)


def test_external_dtd_in_process_keeps_title(tmp_path: Path, no_network) -> None:
    """The undeclared entity stays an unexpanded reference: the rest of the title survives, nothing is read."""
    dtd = b.write(tmp_path / "evil.dtd", '<!ENTITY secret SYSTEM "file:///etc/passwd">')
    std = read(b.external_dtd(tmp_path / "d.xml", dtd.as_uri()))
    assert std.titles["zh"].startswith("红肠")
    assert std.code == "T/HOSTILE 001-2025"
    _no_passwd(std.model_dump_json())
    assert no_network == []


def test_external_dtd_entity_is_kept_literally(tmp_path: Path) -> None:
    # policy (stdbench/readers/xmlsafe.py): an undeclared name is neither fetched nor dropped, but kept as text
    std = read(b.external_dtd(tmp_path / "d.xml", "http://127.0.0.1:9/x.dtd"))
    assert std.titles["zh"] == "红肠&secret;"
    assert any("&secret;" in w for w in std.warnings)


@pytest.mark.parametrize("builder", [b.billion_laughs, b.quadratic_blowup], ids=["billion-laughs", "quadratic"])
def test_entity_expansion_bombs(sandbox: Path, refused, builder) -> None:
    refused(builder(sandbox / "bomb.xml"))


def test_deep_nesting_100k_levels(sandbox: Path, refused) -> None:
    line = refused(b.deep_nesting(sandbox / "deep.xml", 100_000))
    assert "depth" in line.lower() or "nested" in line.lower()


def test_200mb_text_node(sandbox: Path, refused) -> None:
    doc = b.huge_text_node(sandbox / "huge.xml", 200)
    assert doc.stat().st_size > 200 * 1024 * 1024
    refused(doc)


def test_invalid_utf8(sandbox: Path, refused) -> None:
    line = refused(b.invalid_utf8(sandbox / "bad-utf8.xml"))
    assert "line 1" in line


@pytest.mark.parametrize("declared", ["UTF-16", "x-no-such-encoding"])
def test_wrong_encoding_declaration(sandbox: Path, refused, declared: str) -> None:
    refused(b.wrong_encoding(sandbox / "enc.xml", declared))


def test_truncated_file(sandbox: Path, refused) -> None:
    refused(b.truncated(sandbox / "cut.xml"))


def test_gb18030_declared_document_reads_correctly(tmp_path: Path) -> None:
    """Not hostile, the control: a correct non-UTF-8 declaration is honoured."""
    std = read(b.gb18030_document(tmp_path / "gb.xml", "哈尔滨红肠"))
    assert std.titles["zh"] == "哈尔滨红肠"
    assert std.code == "T/HOSTILE 001-2025"


@pytest.mark.parametrize("builder", [
    lambda p: b.xxe(p, "file:///etc/passwd"), b.billion_laughs, b.quadratic_blowup, b.truncated, b.invalid_utf8,
    lambda p: b.deep_nesting(p, 5000), b.metanorma_xxe,
], ids=["xxe", "laughs", "quadratic", "truncated", "utf8", "deep", "metanorma-xxe"])
def test_in_process_reader_raises_reader_error(tmp_path: Path, builder) -> None:
    """The library (not only the CLI) raises the one error family, naming the file."""
    doc = builder(tmp_path / "h.xml")
    with pytest.raises(ReaderError) as info:
        read(doc)
    assert info.value.file == str(doc)
    _no_passwd(str(info.value))
