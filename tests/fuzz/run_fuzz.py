"""The long fuzz run (by hand, not part of the suite): the properties of test_fuzz_parsers.py, many examples.

    python tests/fuzz/run_fuzz.py --examples 20000 --docs 2000 --mutants 5000 --seconds 300

Every distinct escape (exception type + innermost stdbench frame) is collected with its smallest input
instead of stopping at the first; the summary goes to stdout. Record what it finds in tests/fuzz/FINDINGS.md.
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.fuzz import test_fuzz_parsers as props
from tests.fuzz.strategies import NUMBERS, code_texts, docx_bodies, limit_texts, sts_documents

Found = dict[tuple[str, str], tuple[str, int, str]]  # (check: exception, where) → (smallest input, count, message)


def _where(exc: BaseException) -> str:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/stdbench/" in f.filename]
    f = frames[-1] if frames else traceback.extract_tb(exc.__traceback__)[-1]
    return f"{Path(f.filename).name}:{f.lineno} {f.name}"


def record(found: Found, name: str, fn: Callable[[object], object], value: object) -> None:
    """Run one check; an AssertionError or a foreign exception is recorded, never raised."""
    try:
        fn(value)
    except Exception as exc:  # noqa: BLE001 - collecting every escape is the point
        key = (f"{name}: {type(exc).__name__}", _where(exc))
        text = value if isinstance(value, str) else repr(value)
        old = found.get(key)
        if old is None or len(text) < len(old[0]):
            found[key] = (text, (old[1] if old else 0) + 1, str(exc)[:120])
        else:
            found[key] = (old[0], old[1] + 1, old[2])


class _TimeUp(Exception):
    """Raised inside a property when its time share is used up (generation only: nothing to shrink)."""


def run_property(found: Found, name: str, strategy: st.SearchStrategy, fn: Callable, examples: int,
                 deadline: float) -> int:
    count = 0

    @settings(max_examples=examples, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def body(value: object) -> None:
        nonlocal count
        if time.monotonic() > deadline:
            raise _TimeUp
        count += 1
        record(found, name, fn, value)

    try:
        body()
    except _TimeUp:
        pass
    return count


def _sts(doc: str) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "s.xml"
        path.write_text(doc, encoding="utf-8")
        assert props.check_reader(path) is not None, "well-formed STS refused"


def _docx(body: str) -> None:
    with tempfile.TemporaryDirectory() as d:
        assert props.check_reader(props.write_docx(Path(d) / "w.docx", body)) is not None


def run_mutants(found: Found, n: int, deadline: float) -> int:
    done = 0
    with tempfile.TemporaryDirectory() as d:
        srcs = [(s, s.read_bytes()) for s in props.seeds(Path(d))]
        for seed in range(n):
            if time.monotonic() > deadline:
                break
            rng = random.Random(seed)
            for src, data in srcs:
                bad = Path(d) / f"m{src.suffix}"
                bad.write_bytes(props.mutate(data, rng, rng.randrange(1, 12)))
                record(found, f"mutant {src.suffix}", lambda _seed, f=bad: props.check_reader(f), f"seed={seed}")
            done += 1
    return done


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examples", type=int, default=5000, help="examples per text-parser property")
    ap.add_argument("--docs", type=int, default=500, help="examples per document property")
    ap.add_argument("--mutants", type=int, default=2000, help="mutation seeds (each mutates an STS and a .docx)")
    ap.add_argument("--seconds", type=float, default=300, help="overall time budget, shared in order")
    args = ap.parse_args(argv)
    start = time.monotonic()
    stop = start + args.seconds
    found: Found = {}
    plan = [
        ("parse_limit", limit_texts(), props.check_limit, args.examples),
        ("parse_number", st.one_of(NUMBERS, limit_texts()), props.check_number, args.examples),
        ("parse_unit", st.one_of(limit_texts(), st.text(max_size=20)), props.check_unit, args.examples),
        ("codes", code_texts(), props.check_code, args.examples),
        ("sts reader", sts_documents(), _sts, args.docs),
        ("docx reader", docx_bodies(), _docx, args.docs),
    ]
    share = args.seconds / (len(plan) + 1)
    for name, strategy, fn, n in plan:
        t0 = time.monotonic()
        ran = run_property(found, name, strategy, fn, n, min(stop, t0 + share))
        print(f"{name:14} {ran:7d} examples  {time.monotonic() - t0:6.1f} s", flush=True)
    t0 = time.monotonic()
    ran = run_mutants(found, args.mutants, stop)
    print(f"{'mutants':14} {ran:7d} seeds     {time.monotonic() - t0:6.1f} s", flush=True)
    print(f"\n{len(found)} distinct escapes")
    for (what, where), (text, count, message) in sorted(found.items()):
        print(f"- {what}: {message}\n    at {where}; {count}×; smallest input: {text[:200]!r}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
