"""Safe output: write to a temporary file beside the target, then rename into place.

An existing output is never overwritten without ``force``; a failure midway leaves the old file (or no
file) — never a partial one. Inputs are never written.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from stdbench.errors import OutputExistsError, StdbenchError


def check_target(path: str | Path, force: bool = False, inputs: tuple[str | Path, ...] = ()) -> Path:
    """Refuse an existing target (without force), a directory, or a path that is one of the inputs."""
    target = Path(path)
    for src in inputs:
        try:
            if target.exists() and Path(src).exists() and target.resolve() == Path(src).resolve():
                raise StdbenchError("refusing to overwrite an input file", file=target)
        except OSError:
            pass
    if target.is_dir():
        raise StdbenchError("output is a directory, expected a file", file=target)
    if target.exists() and not force:
        raise OutputExistsError("exists; use --force to overwrite", file=target)
    if not target.parent.exists():
        raise StdbenchError("output directory does not exist", file=target.parent)
    return target


def _set_mode(tmp: Path, target: Path) -> None:
    """mkstemp makes 0600 files: give the output the mode a plain open() would (umask), or keep the
    mode of the file it replaces."""
    if target.exists():
        shutil.copymode(target, tmp)
        return
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)


def write_atomic(
    path: str | Path,
    data: bytes | str | Callable[[Path], None],
    force: bool = False,
    inputs: tuple[str | Path, ...] = (),
    encoding: str = "utf-8",
) -> Path:
    """Write ``data`` (bytes, str, or a callable that writes to a given temp path) atomically to ``path``."""
    target = check_target(path, force=force, inputs=inputs)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        _set_mode(tmp, target)
        if callable(data):
            os.close(fd)
            data(tmp)
        else:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data.encode(encoding) if isinstance(data, str) else data)
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise
    return target
