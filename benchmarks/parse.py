"""Time and peak memory to read each sample, and the ratio to a bare lxml parse of the same XML.

Run: ``python benchmarks/parse.py [samples_dir]`` (default ../shared/samples/iso-17301-1). For a .docx
the baseline is a bare parse of word/document.xml. "req ms" is the part spent in the shared requirement
extractor, "ratio-req" the ratio without it. Peak memory is what tracemalloc sees (Python objects, not
lxml's C heap). Prints a table; not part of the test suite.
"""
from __future__ import annotations

import sys
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "samples" / "iso-17301-1"
REPEAT = 5


def measure(fn: Callable[[], object]) -> tuple[float, float]:
    """Best wall time over REPEAT runs (s) and peak traced memory of one run (MB)."""
    best = min(_timed(fn) for _ in range(REPEAT))
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return best, peak / 1e6


def _timed(fn: Callable[[], object]) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def bare(path: Path) -> Callable[[], object]:
    if path.suffix == ".docx":
        data = zipfile.ZipFile(path).read("word/document.xml")
        return lambda: etree.fromstring(data)
    return lambda: etree.parse(str(path))


def reader(path: Path) -> Callable[[], object] | None:
    from stdbench.readers import sniff

    kind = sniff(path)
    if kind == "docx":
        try:
            from stdbench.readers.docx import read_docx
        except ImportError:
            return None
        return lambda: read_docx(path)
    if kind == "sts":
        from stdbench.readers.sts import read_sts

        return lambda: read_sts(path)
    from stdbench.readers.metanorma import read_metanorma

    return lambda: read_metanorma(path)


def main(folder: Path) -> None:
    print(f"{'sample':32} {'read ms':>8} {'req ms':>7} {'lxml ms':>8} {'ratio':>6} {'ratio-req':>9} "
          f"{'peak MB':>8}")
    for path in sorted(folder.iterdir()):
        if path.suffix not in (".xml", ".docx"):
            continue
        fn = reader(path)
        if fn is None:
            print(f"{path.name:32} (no reader yet)")
            continue
        t_read, m_read = measure(fn)
        t_req = requirements_time(fn())
        t_bare, _ = measure(bare(path))
        print(f"{path.name:32} {t_read * 1e3:8.1f} {t_req * 1e3:7.1f} {t_bare * 1e3:8.1f} {t_read / t_bare:6.1f} "
              f"{(t_read - t_req) / t_bare:9.1f} {m_read:8.1f}")


def requirements_time(std: object) -> float:
    """Share of a read spent in the shared requirement extractor (run again on the read model)."""
    try:
        from stdbench.readers.requirements import extract_requirements
    except ImportError:
        return 0.0
    return min(_timed(lambda: extract_requirements(std)) for _ in range(REPEAT))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)
