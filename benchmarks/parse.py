"""Time and peak memory to read each sample, and the ratio to a bare lxml parse of the same XML.

Run: ``python benchmarks/parse.py [samples_dir] [--repeat N] [--wall]`` (default
../shared/samples/iso-17301-1, 15 runs). Times are CPU time of this process (``time.process_time``) so
that other jobs on a shared machine do not count; ``--wall`` measures wall-clock time instead. For a .docx
the baseline is a bare parse of word/document.xml. Columns:

* "read ms": best of N reads in one process (memo caches warm: a second read of the same document);
* "cold ms": best of N reads with every per-string memo cache of stdbench cleared first (vocabularies
  loaded from TOML stay loaded) — what the first read of a new document costs;
* "req ms": the part spent in the shared requirement extractor (run again on the read model, warm);
* "ratio" = read / lxml, "ratio-cold" = cold / lxml. Peak memory is what tracemalloc sees (Python
  objects, not lxml's C heap);
* "floor ms": what any reader that walks the tree in Python and returns the same pydantic model must
  spend at least: the bare parse, one Python visit of every element (tag, text, tail) and building the
  read model from a plain dict in one ``Standard.model_validate`` call (pydantic's fastest route), with
  no reading logic and no requirement extraction at all; "floor ratio" = floor / lxml.

Prints a table; not part of the test suite.
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
sys.path.insert(0, str(ROOT))  # measure this checkout, not an installed copy
DEFAULT = ROOT.parent / "shared" / "samples" / "iso-17301-1"


def measure(fn: Callable[[], object], repeat: int, before: Callable[[], None] | None = None) -> float:
    """Best wall time over ``repeat`` runs (s); ``before`` runs untimed ahead of each."""
    best = float("inf")
    for _ in range(repeat):
        if before is not None:
            before()
        best = min(best, _timed(fn))
    return best


def peak_mb(fn: Callable[[], object]) -> float:
    """Peak traced memory of one run (MB)."""
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


CLOCK = time.process_time


def _timed(fn: Callable[[], object]) -> float:
    t = CLOCK()
    fn()
    return CLOCK() - t


def clear_memos() -> None:
    """Clear stdbench's per-string memo caches (lru_cache with maxsize > 1); loaded vocabularies stay."""
    for name, module in list(sys.modules.items()):
        if not name.startswith("stdbench") or module is None:
            continue
        for obj in list(vars(module).values()):
            params = getattr(obj, "cache_parameters", None)
            if callable(params) and params().get("maxsize") not in (None, 1):
                obj.cache_clear()


def bare(path: Path) -> Callable[[], object]:
    if path.suffix == ".docx":
        data = zipfile.ZipFile(path).read("word/document.xml")
        return lambda: etree.fromstring(data)
    return lambda: etree.parse(str(path))


def _visit(el: etree._Element) -> None:
    for c in el:
        c.tag, c.text, c.tail  # noqa: B018  (touching them is the point: lxml builds a proxy per element)
        _visit(c)


def floor(path: Path, std: object) -> Callable[[], object]:
    """Parse, visit every element once in Python, build the same model from a dict: no reading logic."""
    from stdbench.model import Standard

    data = std.model_dump()  # type: ignore[attr-defined]
    if path.suffix == ".docx":
        xml = zipfile.ZipFile(path).read("word/document.xml")

        def run() -> object:
            _visit(etree.fromstring(xml))
            return Standard.model_validate(data)
    else:
        def run() -> object:
            _visit(etree.parse(str(path)).getroot())
            return Standard.model_validate(data)
    return run


def reader(path: Path) -> Callable[[], object]:
    from stdbench.readers import sniff

    kind = sniff(path)
    if kind == "docx":
        from stdbench.readers.docx import read_docx

        return lambda: read_docx(path)
    if kind == "sts":
        from stdbench.readers.sts import read_sts

        return lambda: read_sts(path)
    from stdbench.readers.metanorma import read_metanorma

    return lambda: read_metanorma(path)


def main(folder: Path, repeat: int) -> None:
    print(f"{'sample':28} {'read ms':>8} {'cold ms':>8} {'req ms':>7} {'lxml ms':>8} {'ratio':>6} "
          f"{'ratio-cold':>10} {'floor ms':>9} {'floor ratio':>11} {'peak MB':>8}")
    for path in sorted(folder.iterdir()):
        if path.suffix not in (".xml", ".docx"):
            continue
        fn = reader(path)
        fn()  # imports and vocabularies loaded before timing
        t_read = measure(fn, repeat)
        t_cold = measure(fn, repeat, before=clear_memos)
        t_req = requirements_time(fn(), repeat)
        t_bare = measure(bare(path), repeat)
        t_floor = measure(floor(path, fn()), repeat)
        print(f"{path.name:28} {t_read * 1e3:8.1f} {t_cold * 1e3:8.1f} {t_req * 1e3:7.1f} {t_bare * 1e3:8.1f} "
              f"{t_read / t_bare:6.1f} {t_cold / t_bare:10.1f} {t_floor * 1e3:9.1f} {t_floor / t_bare:11.1f} "
              f"{peak_mb(fn):8.1f}")


def requirements_time(std: object, repeat: int) -> float:
    """Share of a read spent in the shared requirement extractor (run again on the read model)."""
    from stdbench.readers.requirements import extract_requirements

    return measure(lambda: extract_requirements(std), repeat)


if __name__ == "__main__":
    args = sys.argv[1:]
    if "--wall" in args:
        args.remove("--wall")
        CLOCK = time.perf_counter
    n = 15
    if "--repeat" in args:
        i = args.index("--repeat")
        n = int(args[i + 1])
        del args[i:i + 2]
    main(Path(args[0]) if args else DEFAULT, n)
