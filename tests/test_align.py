"""Clause alignment: real ISO 17301-1 texts (en/zh, docx/STS), two editions built here, the DP, the CLI."""
from __future__ import annotations

import csv
import io
import itertools
import json
import random

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import stdbench
from stdbench.analysis.align import _chain, align
from stdbench.cli import main
from stdbench.model import Clause, ClauseKind, Designation, Paragraph, Standard
from tests.conftest import sample


def _f1(a: Standard, b: Standard) -> float:
    """F1 of matched numbered pairs against gold = the same clause number on both sides."""
    result = align(a, b, redlines=False)
    gold = {c.number for c in a.walk() if c.number} & {c.number for c in b.walk() if c.number}
    pred = [(p.a, p.b) for p in result.matched() if p.a and p.b]
    tp = sum(1 for x, y in pred if x == y)
    return 2 * tp / (len(pred) + len(gold))


@pytest.fixture(scope="module")
def en_mn() -> Standard:
    return stdbench.read(sample("rice-2016-en.metanorma.xml"))


@pytest.fixture(scope="module")
def zh_mn() -> Standard:
    return stdbench.read(sample("rice-2016-zh.metanorma.xml"))


@pytest.fixture(scope="module")
def en_sts() -> Standard:
    return stdbench.read(sample("rice-2016-en.isosts.xml"))


def test_english_and_chinese_metanorma_pair_clause_by_clause(en_mn, zh_mn):
    assert _f1(en_mn, zh_mn) >= 0.95
    result = align(en_mn, zh_mn)
    scope = next(p for p in result.pairs if p.a == "1")
    assert (scope.b, scope.a_title, scope.b_title, scope.kind) == ("1", "Scope", "范围", "match")
    assert {"number-and-title", "lexicon", "kind"} <= set(scope.evidence)
    foreword = next(p for p in result.pairs if p.a_title == "Foreword")
    assert foreword.b_title == "前言" and "lexicon" in foreword.evidence
    # annex E exists only in English
    assert next(p for p in result.pairs if p.a == "E").kind == "a-only"
    assert result.counterpart("6.5.2.3") == ["6.5.2.3"]  # Reproducibility ↔ 再生性
    # B.5 Determination ↔ B.5 判定: the lexicon reads 判定 as judgement rules, but their subclauses pair up
    determination = next(p for p in result.pairs if p.a == "B.5")
    assert (determination.b, determination.kind) == ("B.5", "match")
    assert "subclauses" in determination.evidence and "lexicon" not in determination.evidence


def test_iso_sts_english_against_chinese(en_sts, zh_mn):
    assert _f1(en_sts, zh_mn) >= 0.95


def test_docx_and_sts_of_the_same_standard_align_identically(en_sts):
    docx = stdbench.read(sample("rice-2016-en.docx"))
    result = align(docx, en_sts)
    numbered = [p for p in result.pairs if p.a or p.b]
    assert numbered and all(p.a == p.b and p.kind == "match" for p in numbered)
    assert {p.a for p in numbered} == {c.number for c in en_sts.walk() if c.number}
    assert result.counterpart("6.3") == ["6.3"]


def test_no_counterpart_stays_unmatched(en_mn):
    result = align(en_mn, Standard(clauses=[]))
    assert result.pairs and {p.kind for p in result.pairs} == {"a-only"}
    assert len(result.pairs) == sum(1 for _ in en_mn.walk())


# --------------------------------------------------------------------------- two editions

OLD = [
    ("1", "范围", "本标准规定了大米的术语和定义、分类、质量要求、检验方法、检验规则以及标签标识、包装、储存和运输要求。"),
    ("2", "规范性引用文件", "下列文件对于本文件的应用是必不可少的。GB 2715 粮食卫生标准；GB/T 5009.3 食品中水分的测定。"),
    ("3", "分类", "大米按原料稻谷类型分为籼米、粳米和糯米三类，籼米分为早籼米和晚籼米。"),
    ("4", "质量要求", ("各类大米按加工精度分为一级、二级、三级，碎米总量应不大于15.0%，水分含量应不大于14.5%。"
                      "黄粒米含量应不大于1.0%，不完善粒含量应不大于3.0%。")),
    ("5", "卫生要求", "大米中铅的含量应不大于0.2 mg/kg，镉的含量应不大于0.2 mg/kg，黄曲霉毒素B1应不大于10 μg/kg。"),
    ("6", "检验方法", "水分按GB 5009.3规定的方法测定；碎米按GB/T 5503规定的方法测定。"),
    ("7", "检验规则", "同一批次产品中，如有一项指标不合格，可在原批中加倍抽样复检，复检结果仍不合格则判定该批产品不合格。"),
    ("8", "标签标识", "产品标签应符合GB 7718的规定，应标明产品名称、质量等级、产地和生产日期。"),
]


def _std(rows, code: str) -> Standard:
    return Standard(designation=Designation(prefix="GB/T", number="1354", year=int(code)),
                    clauses=[Clause(number=n, title=t, blocks=[Paragraph(text=x)]) for n, t, x in rows])


def _edition() -> Standard:
    """2018 edition: 卫生要求 removed, 4 split into 4 and 5, 食品添加剂 inserted, 8 edited, renumbered."""
    new = [OLD[0], OLD[1], OLD[2],
           ("4", "质量指标", "各类大米按加工精度分为一级、二级、三级，碎米总量应不大于15.0%，水分含量应不大于14.5%。"),
           ("5", "质量指标（续）", "黄粒米含量应不大于1.0%，不完善粒含量应不大于3.0%。"),
           ("6", "食品添加剂", "食品添加剂的品种和使用量应符合GB 2760的规定，不得添加任何增白剂和香精。"),
           ("7", *OLD[5][1:]), ("8", *OLD[6][1:]),
           ("9", "标签标识", "产品标签应符合GB 7718和GB 28050的规定，应标明产品名称、质量等级、产地、生产日期和保质期。")]
    return _std(new, "2018")


def test_two_editions_removed_inserted_split_edited():
    result = align(_std(OLD, "2008"), _edition())
    got = {(p.a, p.b): p.kind for p in result.pairs}
    assert got[("1", "1")] == got[("2", "2")] == got[("3", "3")] == "match"
    assert got[("4", "4")] == got[("4", "5")] == "split"
    assert got[("5", None)] == "a-only"  # 卫生要求 removed
    assert got[(None, "6")] == "b-only"  # 食品添加剂 inserted
    assert got[("6", "7")] == got[("7", "8")] == got[("8", "9")] == "match"
    assert len(result.pairs) == len(got)  # nothing else
    edited = next(p for p in result.pairs if p.a == "8")
    assert "title" in edited.evidence and "number" not in edited.evidence
    inserted = [op for op in edited.redline.text if op.op in ("insert", "replace")]
    assert "和GB 28050" in "".join(op.new for op in inserted)
    assert "保质期" in "".join(op.new for op in inserted)
    unchanged = next(p for p in result.pairs if p.a == "6")
    assert not unchanged.redline.changed and unchanged.score > 0.9
    # order: pairs follow the document
    assert [p.b for p in result.pairs if p.b] == [str(i) for i in range(1, 10)]


def test_two_editions_merge_and_move():
    old = _edition()
    rows = [(c.number, c.title, c.text()) for c in _std(OLD, "2008").walk()]
    moved = [rows[0], rows[1], rows[7], rows[2], rows[3], rows[4], rows[5], rows[6]]  # 标签标识 moved up
    new = _std([(str(i + 1), t, x) for i, (_, t, x) in enumerate(moved)], "2024")
    result = align(old, new)
    got = {(p.a, p.b): p.kind for p in result.pairs}
    assert got[("4", "5")] == got[("5", "5")] == "merge"  # 2018's 4 and 5 merged back
    assert got[("9", "3")] == "match"  # moved: paired although out of order
    assert "order" not in next(p for p in result.pairs if p.a == "9").evidence


def _heading(title: str, number: str, steps: list[str]) -> Clause:
    return Clause(number=number, title=title, children=[
        Clause(number=f"{number}.{k}", blocks=[Paragraph(text=t)]) for k, t in enumerate(steps, 1)])


def test_parents_of_paired_subclauses_pair_whatever_their_titles():
    steps = ["Weigh about 100 g of milled rice into a beaker.", "Add iodine working solution and stir for 30 s.",
             "Drain the solution through the wire sieve."]
    # B is renumbered (a clause inserted before), and its heading's title maps to another lexicon key
    a = Standard(clauses=[_heading("Sampling", "4", ["Take 1 kg."]), _heading("Determination", "5", steps)])
    b = Standard(clauses=[_heading("Sampling", "4", ["Take 1 kg."]), _heading("Labelling", "5", ["Label it."]),
                          _heading("Judgement", "6", steps)])
    pair = next(p for p in align(a, b).pairs if p.a == "5")
    assert (pair.b, pair.kind, "subclauses" in pair.evidence) == ("6", "match", True)
    # one shared subclause out of three is not enough: the headings stay apart
    c = Standard(clauses=[_heading("Sampling", "4", ["Take 1 kg."]), _heading("Labelling", "5", ["Label it."]),
                          _heading("Judgement", "6", [steps[0], "Lots failing any item are rejected.",
                                                      "Packaging records are kept for two years."])])
    kinds = {(p.a, p.b): p.kind for p in align(a, c).pairs}
    assert ("5", "6") not in kinds and kinds[("5", None)] == "a-only"


def test_kinds_and_lexicon_across_languages_without_numbers():
    zh = Standard(clauses=[Clause(title="前言", kind=ClauseKind.foreword), Clause(title="范围", kind=ClauseKind.scope),
                           Clause(title="术语和定义", kind=ClauseKind.terms)])
    en = Standard(clauses=[Clause(title="Foreword"), Clause(title="Scope"), Clause(title="Terms and definitions")])
    result = align(zh, en)
    assert [(p.a_title, p.b_title) for p in result.pairs] == [
        ("前言", "Foreword"), ("范围", "Scope"), ("术语和定义", "Terms and definitions")]
    assert all("lexicon" in p.evidence for p in result.pairs)


# --------------------------------------------------------------------------- the dynamic programme


def _brute(s: list[list[float]], t: float) -> float:
    """Reference Needleman-Wunsch with zero gap cost and gain score - t, over every cell."""
    n, m = len(s), len(s[0])
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            gain = s[i - 1][j - 1] - t
            best[i][j] = max(best[i - 1][j], best[i][j - 1], best[i - 1][j - 1] + (gain if gain > 0 else -1e9))
    return best[n][m]


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 7), st.integers(1, 7), st.integers(0, 10**6))
def test_sparse_chain_is_optimal(n, m, seed):
    import numpy as np

    rng = random.Random(seed)
    s = [[rng.random() for _ in range(m)] for _ in range(n)]
    partners = _chain(np.array(s, dtype=np.float32), 0.5, k=max(n, m))
    items = sorted(partners.items())
    assert all(i1 < i2 and j1 < j2 for (i1, j1), (i2, j2) in itertools.pairwise(items))
    total = sum(np.float32(s[i][j]) - 0.5 for i, j in items)
    assert total == pytest.approx(_brute([[float(np.float32(x)) for x in r] for r in s], 0.5), abs=1e-5)


# --------------------------------------------------------------------------- speed: blocks, threads, re-coding


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text("大米水分GB 5009.3应不大于%mg/kg检验規則abcé", max_size=70), min_size=1, max_size=6),
       st.lists(st.text("大米水分GB 5009.3应不大于%mg/kg检验規則abcé", max_size=70), min_size=1, max_size=6))
def test_recoding_characters_keeps_every_ratio(xs, ys):
    import numpy as np
    from rapidfuzz import fuzz, process

    from stdbench.analysis.similarity import compact

    cx, cy = compact(xs, ys)
    assert [len(x) for x in cx] == [len(x) for x in xs]
    assert all(ord(ch) < 256 for x in cx + cy for ch in x)  # fewer than 256 distinct characters here
    before = process.cdist(xs, ys, scorer=fuzz.ratio, dtype=np.float32)
    assert np.array_equal(process.cdist(cx, cy, scorer=fuzz.ratio, dtype=np.float32), before)


def test_score_matrix_in_blocks_and_threads_is_the_same(en_mn, zh_mn, monkeypatch):
    import numpy as np

    from stdbench.analysis import similarity

    va, vb = similarity.views(en_mn), similarity.views(zh_mn)
    whole = similarity.score_matrix(va, vb, workers=1)
    assert whole.dtype == np.float32 and whole.shape == (len(va), len(vb))
    monkeypatch.setattr(similarity, "BLOCK_CELLS", 7 * len(vb))  # blocks of 16 rows (the least)
    for workers in (1, 2):
        assert np.array_equal(similarity.score_matrix(va, vb, workers=workers), whole)
    scope = next(i for i, v in enumerate(va) if v.number == "1"), next(j for j, v in enumerate(vb) if v.number == "1")
    assert whole[scope] > 0.85 and whole[scope] == whole[scope[0]].max()  # Scope ↔ 范围


def test_two_editions_score_the_same_in_blocks(monkeypatch):
    import numpy as np

    from stdbench.analysis import similarity

    va, vb = similarity.views(_std(OLD, "2008")), similarity.views(_edition())
    whole = similarity.score_matrix(va, vb, workers=1)
    monkeypatch.setattr(similarity, "BLOCK_CELLS", 1)
    assert np.array_equal(similarity.score_matrix(va, vb, workers=2), whole)
    assert whole[5, 6] > 0.9  # 检验方法 6 → 7 unchanged
    assert whole[4].max() < 0.5  # 卫生要求 removed: no counterpart above the threshold


def test_sparse_and_dense_candidates_agree(monkeypatch):
    import numpy as np

    from stdbench.analysis import align as mod

    rng = np.random.default_rng(7)
    s = rng.random((90, 70)).astype(np.float32)  # distinct values: no ties at the k-th place
    sparse = set(zip(*(x.tolist() for x in mod._candidates(s, 0.5, 5))))
    monkeypatch.setattr(mod, "SPARSE_CELLS", 0)
    dense = set(zip(*(x.tolist() for x in mod._candidates(s, 0.5, 5))))
    assert sparse == dense
    rows_best = {(i, int(np.argmax(s[i]))) for i in range(90) if s[i].max() > 0.5}
    assert rows_best <= sparse and all(s[i, j] > 0.5 for i, j in sparse)
    row5 = np.sort(s, axis=1)[:, -5][:, None] <= s  # among the 5 best of the row …
    col5 = np.sort(s, axis=0)[-5][None, :] <= s  # … or of the column
    assert sparse == set(zip(*(x.tolist() for x in np.nonzero((row5 | col5) & (s > 0.5)))))


# --------------------------------------------------------------------------- CLI


def test_cli_json_csv_text(tmp_path):
    a, b = sample("rice-2016-en.metanorma.xml"), sample("rice-2016-zh.metanorma.xml")
    runner = CliRunner()
    res = runner.invoke(main, ["align", str(a), str(b), "--format", "json"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    assert doc["a"] == "ISO 17301-1:2016" and set(doc) == {"a", "b", "pairs"}
    scope = next(p for p in doc["pairs"] if p["a"] == "1")
    assert set(scope) == {"a", "b", "score", "evidence", "kind", "a_title", "b_title"}
    assert (scope["b"], scope["b_title"], scope["kind"]) == ("1", "范围", "match")

    out = tmp_path / "pairs.csv"
    res = runner.invoke(main, ["align", str(a), str(b), "--format", "csv", "-o", str(out)])
    assert res.exit_code == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert any(r["a"] == "6.4" and r["b"] == "6.4" and r["b_title"] == "糊化时间" for r in rows)
    res = runner.invoke(main, ["align", str(a), str(b), "--format", "csv", "-o", str(out)])
    assert res.exit_code == 2 and "--force" in res.output
    assert runner.invoke(main, ["align", str(a), str(b), "-o", str(out), "--force"]).exit_code == 0
    text = out.read_text("utf-8")
    assert "范围" in text and "Scope" in text and "a-only: 2  b-only: 0" in text


def test_cli_missing_file_is_one_line_error(tmp_path):
    res = CliRunner().invoke(main, ["align", str(tmp_path / "nope.xml"), str(tmp_path / "nope2.xml")])
    assert res.exit_code == 2
    assert "nope.xml" in res.output and "Traceback" not in res.output


def test_cli_resolves_a_corpus_code(tmp_path, monkeypatch):
    monkeypatch.setenv("STDBENCH_DB", str(tmp_path / "index.sqlite"))
    from tests.conftest import CORPUS

    res = CliRunner().invoke(main, ["align", "GB/T 1354-2018", str(CORPUS / "GB-T_1354-2018.xml"), "--format", "json"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    assert doc["a"] == doc["b"] == "GB/T 1354-2018"
    assert next((p["a"], p["b"], p["kind"]) for p in doc["pairs"]) == ("1", "1", "match")
