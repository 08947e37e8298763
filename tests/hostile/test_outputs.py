"""No data loss: atomic writes, no overwrite without --force, inputs never written."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from stdbench.cli import main
from stdbench.errors import OutputExistsError, StdbenchError
from stdbench.outputs import write_atomic
from tests.hostile import builders as b
from tests.hostile.conftest import assert_refused, run_cli, sha


def _leftovers(d: Path) -> list[str]:
    return sorted(p.name for p in d.iterdir() if p.name.endswith(".tmp"))


def test_renderer_raising_halfway_keeps_old_output(tmp_path: Path) -> None:
    target = b.write(tmp_path / "report.html", "OLD REPORT")

    def half(tmp: Path) -> None:
        tmp.write_text("<html><body>partial")
        raise RuntimeError("renderer died halfway")

    with pytest.raises(RuntimeError):
        write_atomic(target, half, force=True)
    assert target.read_text() == "OLD REPORT"
    assert _leftovers(tmp_path) == []


def test_failed_rename_keeps_old_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = b.write(tmp_path / "matrix.csv", "OLD")

    def boom(*_a: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        write_atomic(target, "new,data\n", force=True)
    assert target.read_text() == "OLD"
    assert _leftovers(tmp_path) == []


def test_writer_killed_mid_write_keeps_old_output(tmp_path: Path) -> None:
    """SIGKILL while the temp file is half written: the target is still the old file, whole."""
    target = b.write(tmp_path / "draft.docx", b"OLD DOCX BYTES")
    code = (
        "import sys, time\nfrom pathlib import Path\nfrom stdbench.outputs import write_atomic\n"
        "def slow(tmp):\n    tmp.write_bytes(b'PK half a zip')\n    print('HALF', flush=True)\n    time.sleep(60)\n"
        "write_atomic(Path(sys.argv[1]), slow, force=True)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code, str(target)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "HALF"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(10)
    assert target.read_bytes() == b"OLD DOCX BYTES"
    # a killed process cannot clean up: its temp file stays, hidden and clearly named beside the target
    assert all(n.startswith(".draft.docx.") for n in _leftovers(tmp_path))


def test_write_atomic_refuses_existing_without_force(tmp_path: Path) -> None:
    target = b.write(tmp_path / "out.json", "{}")
    with pytest.raises(OutputExistsError) as info:
        write_atomic(target, "[]")
    assert info.value.file == str(target)
    assert target.read_text() == "{}"


def test_write_atomic_refuses_input(tmp_path: Path) -> None:
    src = b.write(tmp_path / "in.xml", b.sts_xml())
    before = sha(src)
    (tmp_path / "sub").mkdir()
    with pytest.raises(StdbenchError, match="input"):
        write_atomic(tmp_path / "sub" / ".." / "in.xml", "x", force=True, inputs=(src,))
    assert sha(src) == before


def test_cli_existing_output_not_overwritten(sandbox: Path, child_env) -> None:
    src = b.write(sandbox / "in.xml", b.sts_xml())
    out = b.write(sandbox / "out.txt", "PRECIOUS")
    res = run_cli("parse", src, "-o", out, cwd=sandbox, env=child_env)
    assert "exists" in assert_refused(res, "out.txt")
    assert out.read_text() == "PRECIOUS"
    assert _leftovers(sandbox) == []


def _invoke(*args: str) -> tuple[int, str]:
    res = CliRunner().invoke(main, list(args))
    return res.exit_code, res.output


def test_cli_force_overwrites_with_real_outline(tmp_path: Path) -> None:
    src = b.write(tmp_path / "in.xml", b.sts_xml())
    out = b.write(tmp_path / "out.txt", "OLD")
    code, _ = _invoke("parse", str(src), "-o", str(out), "--force")
    assert code == 0
    assert out.read_text().startswith("T/HOSTILE 001-2025  哈尔滨红肠")
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("spelling", ["same", "dotdot", "symlink"])
def test_cli_output_equal_to_input_refused_even_with_force(tmp_path: Path, spelling: str) -> None:
    src = b.write(tmp_path / "in.xml", b.sts_xml())
    before = sha(src)
    out = {"same": src, "dotdot": tmp_path / "x" / ".." / "in.xml", "symlink": tmp_path / "link.xml"}[spelling]
    if spelling == "dotdot":
        (tmp_path / "x").mkdir()
    if spelling == "symlink":
        out.symlink_to(src)
    for fmt in ("text", "sts", "json"):
        code, output = _invoke("parse", str(src), "--format", fmt, "-o", str(out), "--force")
        assert code == 2, output
        assert "input" in output
    assert sha(src) == before


def test_cli_reading_never_writes_inputs(tmp_path: Path) -> None:
    srcs = [b.write(tmp_path / "in.xml", b.sts_xml(body=b.requirements_sec("铅（以Pb计）", "≤0.2"))),
            b.simple_docx(tmp_path / "in.docx")]
    before = {p: (sha(p), p.stat().st_mtime_ns) for p in srcs}
    for src in srcs:
        for fmt in ("text", "json", "sts"):
            code, output = _invoke("parse", str(src), "--format", fmt)
            assert code == 0, output
    assert {p: (sha(p), p.stat().st_mtime_ns) for p in srcs} == before


def test_cli_output_into_missing_directory(tmp_path: Path) -> None:
    src = b.write(tmp_path / "in.xml", b.sts_xml())
    code, output = _invoke("parse", str(src), "-o", str(tmp_path / "nodir" / "out.txt"))
    assert code == 2 and "does not exist" in output
    assert not (tmp_path / "nodir").exists()


def test_cli_output_is_a_directory(tmp_path: Path) -> None:
    src = b.write(tmp_path / "in.xml", b.sts_xml())
    (tmp_path / "outdir").mkdir()
    code, output = _invoke("parse", str(src), "-o", str(tmp_path / "outdir"), "--force")
    assert code == 2 and "directory" in output
    assert list((tmp_path / "outdir").iterdir()) == []


@pytest.fixture
def example_inputs(tmp_path: Path, index_copy: Path) -> tuple[Path, Path, Path]:
    """A copy of an example .docx and an example STS file, and a private index."""
    import shutil

    from tests.conftest import CORPUS

    q = tmp_path / "q.docx"
    t = tmp_path / "t.xml"
    shutil.copy2(CORPUS / "examples" / "T-EXAMPLE_001-2025.docx", q)
    shutil.copy2(CORPUS / "examples" / "T-EXAMPLE_002-2025.xml", t)
    return q, t, index_copy


def test_report_output_equal_to_input_refused(example_inputs) -> None:
    q, _, db = example_inputs
    before = sha(q)
    code, output = _invoke("report", str(q), "--baseline", "GB 2762-2025", "-o", str(q), "--force", "--db", str(db))
    assert sha(q) == before
    assert code == 2 and "input" in output


def test_compare_output_equal_to_baseline_file_refused(example_inputs) -> None:
    q, t, db = example_inputs
    before = sha(t)
    code, output = _invoke("compare", str(q), "--baseline", str(t), "--format", "csv", "-o", str(t), "--force",
                           "--db", str(db))
    assert sha(t) == before
    assert code == 2 and "input" in output


def test_compare_output_equal_to_positional_input_refused(example_inputs) -> None:
    q, t, db = example_inputs
    before = sha(t)
    code, output = _invoke("compare", str(q), str(t), "--baseline", "GB 2762-2025", "--format", "csv",
                           "-o", str(t), "--force", "--db", str(db))
    assert code == 2 and "input" in output
    assert sha(t) == before


def test_report_existing_output_needs_force(example_inputs, tmp_path: Path) -> None:
    q, _, db = example_inputs
    out = b.write(tmp_path / "report.html", "MY NOTES")
    code, output = _invoke("report", str(q), "--baseline", "GB 2762-2025", "-o", str(out), "--db", str(db))
    assert code == 2 and "exists" in output
    assert out.read_text() == "MY NOTES"


def test_output_mode_follows_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        fresh = write_atomic(tmp_path / "fresh.csv", "a,b\n")
    finally:
        os.umask(old)
    assert fresh.stat().st_mode & 0o777 == 0o644
