"""Throughput of ``check_many``: N copies of the example standards checked with 1 and 2 worker processes.

Run: ``python benchmarks/check_many.py [--files 200] [--jobs 1,2] [--repeat 3]``. The copies (the four
examples of standards_corpus/examples in XML and .docx, cycled) go to a temporary directory with a temporary
corpus index, built once before timing. Times are wall clock (the work runs in other processes), best of
``--repeat`` runs, and include starting the worker processes. Prints a table; not part of the test suite.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from stdbench.analysis.batch import check_many
from stdbench.corpus import Corpus

EXAMPLES = ROOT / "standards_corpus" / "examples"


def make_pile(target: Path, n: int) -> list[Path]:
    """``n`` files: copies of the examples (XML and .docx), named copy-0001-… ."""
    sources = sorted(EXAMPLES.glob("*.xml")) + sorted(EXAMPLES.glob("*.docx"))
    out = []
    for i in range(n):
        src = sources[i % len(sources)]
        dst = target / f"copy-{i:04d}-{src.name}"
        shutil.copy(src, dst)
        out.append(dst)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=200)
    ap.add_argument("--jobs", default="1,2")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    print(f"stdbench from {ROOT}; cpus={os.cpu_count()}; load average {os.getloadavg()}")
    with tempfile.TemporaryDirectory() as tmp:
        pile = Path(tmp) / "pile"
        pile.mkdir()
        make_pile(pile, args.files)
        with Corpus.open(Path(tmp) / "index.sqlite3") as c:
            db = c.path
        print(f"| files | jobs | time (best of {args.repeat}) | files/s | checked | with errors |")
        print("|---|---|---|---|---|---|")
        for jobs in (int(j) for j in args.jobs.split(",")):
            best, res = float("inf"), None
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                res = check_many([pile], db, on=date(2026, 11, 1), jobs=jobs)
                best = min(best, time.perf_counter() - t0)
            t = res.totals
            print(f"| {t.files} | {jobs} | {best:.2f} s | {t.files / best:.0f} | {t.checked} | {t.with_errors} |")
    print(f"load average at the end {os.getloadavg()}")


if __name__ == "__main__":
    main()
