"""Odd paths for an input: empty, a directory, unreadable, a FIFO, missing, under a file, a symlink loop."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from stdbench import read
from stdbench.errors import ReaderError
from tests.hostile import builders as b
from tests.hostile.conftest import assert_refused, run_cli


def test_empty_file(sandbox: Path, refused) -> None:
    assert "empty file" in refused(b.write(sandbox / "empty.docx", b""))


def test_whitespace_only_file(tmp_path: Path) -> None:
    with pytest.raises(ReaderError, match="empty"):
        read(b.write(tmp_path / "blank.xml", b" \n\t\n"))


def test_directory(sandbox: Path, refused) -> None:
    d = sandbox / "a-dir.xml"
    d.mkdir()
    assert "directory" in refused(d)


def test_non_existent_path(sandbox: Path, refused) -> None:
    assert "no such file" in refused(sandbox / "nope.xml")


def test_path_inside_non_existent_dir(sandbox: Path, refused) -> None:
    assert "no such file" in refused(sandbox / "no-dir" / "x.xml", name="no-dir/x.xml")


def test_path_under_a_regular_file(sandbox: Path, refused) -> None:
    f = b.write(sandbox / "plain.xml", b.sts_xml())
    refused(f / "child.xml", name="plain.xml/child.xml")


def test_symlink_loop(sandbox: Path, refused) -> None:
    a, c = sandbox / "loop-a.xml", sandbox / "loop-b.xml"
    a.symlink_to(c)
    c.symlink_to(a)
    refused(a)


def test_unreadable_file(sandbox: Path, refused) -> None:
    f = b.write(sandbox / "secret.xml", b.sts_xml())
    f.chmod(0)
    try:
        if os.access(f, os.R_OK):
            pytest.skip("running as root: chmod 000 does not deny reading")
        assert "permission denied" in refused(f)
    finally:
        f.chmod(0o644)


def test_newline_in_file_name_stays_one_line(sandbox: Path, refused) -> None:
    f = b.write(sandbox / "evil\nname.xml", b"")
    line = refused(f, name="evil name.xml")
    assert "empty file" in line


def test_fifo_does_not_hang(sandbox: Path, child_env) -> None:
    fifo = b.fifo(sandbox / "pipe.xml")
    res = run_cli("parse", fifo, cwd=sandbox, env=child_env, timeout=4)
    assert_refused(res, "pipe.xml")


def test_dev_null_is_refused(sandbox: Path, refused) -> None:
    assert "not a regular file" in refused(Path("/dev/null"), name="/dev/null")
