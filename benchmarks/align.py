"""Benchmark clause alignment: two synthetic Chinese standards of 250 … 2,000 clauses, against a naive baseline.

The first standard is generated from real food-standard vocabulary (the Chinese clause titles of
stdbench/data/clauses.toml and the parameter names of stdbench/data/parameters.toml, in sentence patterns of
GB product standards); the second is a perturbed new edition: clauses edited, deleted, inserted and moved,
then renumbered. Measured: wall time and peak traced memory of ``stdbench.align`` (redlines included), its
accuracy against the known correspondence, and a naive baseline (difflib ratio on every pair + greedy
matching). The naive baseline is timed on all rows up to ``--naive-full`` clauses and on a sample of rows
above that, extrapolated linearly in the number of rows (marked "~").

    python benchmarks/align.py [--sizes 250,500,1000,2000] [--naive-full 500]
"""
from __future__ import annotations

import argparse
import difflib
import os
import platform
import random
import sys
import time
import tomllib
import tracemalloc
from datetime import date
from importlib import resources
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # measure this checkout, not an installed copy
from stdbench.analysis.align import align
from stdbench.model import Clause, Paragraph, Standard

SENTENCES = [  # patterns of GB product standards; {p} a parameter, {v} a value, {n} a method number
    "{p}应不大于{v} mg/kg。",
    "{p}的含量应不低于{v}%。",
    "{p}按GB 5009.{n}规定的方法测定。",
    "取样品{v} g，按GB/T 5492的规定检验{p}。",
    "{p}应符合GB 2762的规定，限量为{v} mg/kg。",
    "同一批次产品中{p}不合格时，可在原批次中加倍抽样复检{p}。",
    "检验结果中{p}以两次平行测定的算术平均值表示，结果保留{n}位有效数字。",
    "{p}的测定应在室温{v} ℃条件下进行，并记录环境湿度。",
]


def vocabulary() -> tuple[list[str], list[str]]:
    """Chinese clause titles and parameter names from the project's own data files."""
    data = resources.files("stdbench.data")
    clauses = tomllib.loads(data.joinpath("clauses.toml").read_text("utf-8"))
    params = tomllib.loads(data.joinpath("parameters.toml").read_text("utf-8"))
    titles = sorted({t for c in clauses.get("clause", []) for t in c.get("zh", [])})
    names = sorted({p["zh"] for p in params.get("parameter", []) if p.get("zh")})
    return titles, names


def _sentence(rng: random.Random, names: list[str]) -> str:
    return rng.choice(SENTENCES).format(p=rng.choice(names), v=round(rng.uniform(0.01, 90), 2), n=rng.randint(1, 300))


def _clause(rng: random.Random, titles: list[str], names: list[str]) -> Clause:
    title = rng.choice(titles) if rng.random() < 0.3 else rng.choice(names)
    text = "".join(_sentence(rng, names) for _ in range(rng.randint(1, 4)))
    return Clause(title=title, blocks=[Paragraph(text=text)])


def _numbered(clauses: list[Clause], per_chapter: int = 20) -> Standard:
    """Number flat clauses as chapters with sub-clauses (5, 5.1 … 5.19, 6 …) in order."""
    out: list[Clause] = []
    for k, c in enumerate(clauses):
        chapter, sub = divmod(k, per_chapter)
        out.append(c.model_copy(update={"number": f"{chapter + 1}.{sub + 1}"}))
    return Standard(clauses=out, language="zh")


def make_pair(size: int, seed: int = 17) -> tuple[Standard, Standard, dict[int, int]]:
    """A standard of ``size`` clauses, a perturbed edition, and the true map old index → new index."""
    rng = random.Random(seed)
    titles, names = vocabulary()
    old = [_clause(rng, titles, names) for _ in range(size)]
    new: list[tuple[int | None, Clause]] = []
    for i, c in enumerate(old):
        r = rng.random()
        if r < 0.05:  # deleted
            continue
        if r < 0.20:  # edited: a sentence replaced or appended
            text = c.blocks[0].text
            cut = text.find("。") + 1
            text = (text[cut:] if rng.random() < 0.5 and cut < len(text) else text) + _sentence(rng, names)
            c = c.model_copy(update={"blocks": [Paragraph(text=text)]})
        new.append((i, c))
        if rng.random() < 0.05:  # inserted
            new.append((None, _clause(rng, titles, names)))
    for _ in range(max(1, size // 50)):  # moved
        x = new.pop(rng.randrange(len(new)))
        new.insert(rng.randrange(len(new)), x)
    truth = {i: j for j, (i, _) in enumerate(new) if i is not None}
    return _numbered(old), _numbered([c for _, c in new]), truth


def accuracy(a: Standard, b: Standard, result, truth: dict[int, int]) -> float:
    """F1 of the predicted clause pairs against the true correspondence."""
    na = {c.number: i for i, c in enumerate(a.walk())}
    nb = {c.number: j for j, c in enumerate(b.walk())}
    pred = {(na[p.a], nb[p.b]) for p in result.matched()}
    gold = set(truth.items())
    tp = len(pred & gold)
    return 2 * tp / (len(pred) + len(gold)) if pred or gold else 1.0


def naive(a: Standard, b: Standard, rows: int | None = None) -> tuple[float, int]:
    """difflib ratio on every pair (of the first ``rows`` rows) + greedy matching; returns (seconds, pairs)."""
    ta = [c.text() for c in a.walk()][:rows]
    tb = [c.text() for c in b.walk()]
    t0 = time.perf_counter()
    scored = []
    for i, x in enumerate(ta):
        sm = difflib.SequenceMatcher(None, autojunk=False)
        sm.set_seq2(x)
        for j, y in enumerate(tb):
            sm.set_seq1(y)
            scored.append((sm.ratio(), i, j))
    scored.sort(reverse=True)
    used_a: set[int] = set()
    used_b: set[int] = set()
    for s, i, j in scored:
        if s >= 0.5 and i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
    return time.perf_counter() - t0, len(used_a)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            cpu = next((ln.split(":", 1)[1].strip() for ln in fh if ln.startswith("model name")), cpu)
    except OSError:
        pass
    return (f"{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}, {date.today().isoformat()}, "
            f"{load()}")


def load() -> str:
    """The load average (1, 5, 15 minutes), as `uptime` prints it: a shared machine makes times noisy."""
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="250,500,1000,2000")
    ap.add_argument("--naive-full", type=int, default=500, help="largest size timed on all rows")
    ap.add_argument("--naive-sample", type=int, default=100, help="rows timed above --naive-full")
    ap.add_argument("--repeat", type=int, default=3, help="best of N runs for stdbench.align")
    args = ap.parse_args()
    print(machine())
    print(f"stdbench from {Path(sys.modules['stdbench'].__file__).parent}")
    print("| clauses A × B | align time | peak memory | F1 vs truth | naive time | speed-up |")
    print("|---|---|---|---|---|---|")
    for size in (int(x) for x in args.sizes.split(",")):
        a, b, truth = make_pair(size)
        best = float("inf")
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            result = align(a, b)
            best = min(best, time.perf_counter() - t0)
        tracemalloc.start()
        align(a, b)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        nb = sum(1 for _ in b.walk())
        if size <= args.naive_full:
            nt, _ = naive(a, b)
            mark = ""
        else:
            rows = min(args.naive_sample, size)
            nt, _ = naive(a, b, rows)
            nt *= size / rows  # all rows cost alike: linear extrapolation, the greedy sort is not counted
            mark = "~"
        print(f"| {size} × {nb} | {best:.3f} s | {peak / 2**20:.1f} MiB | {accuracy(a, b, result, truth):.3f} "
              f"| {mark}{nt:.1f} s | {mark}{nt / best:.0f}× |", flush=True)
    print(load())


if __name__ == "__main__":
    main()
