"""Quality comparison: results judged against standards' limits, margins, pass rates, limit evidence."""
from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

from click.testing import CliRunner

from stdbench.analysis.quality import judge_results, limit_evidence, pick_limit
from stdbench.model import Bound, Designation, Level, Requirement, Standard, Subject
from stdbench.readers.results import Result, read_results
from stdbench.render.quality_report import quality_csv, quality_html, quality_json, quality_text

ROOT = Path(__file__).resolve().parents[1]
SYNTH = ROOT / "standards_corpus" / "samples" / "rice_results_synthetic.csv"


def _std(code: str, reqs: list[Requirement], level: Level = Level.group) -> Standard:
    prefix, number = code.rsplit(" ", 1)
    return Standard(designation=Designation(prefix=prefix, number=number, year=2025), level=level,
                    titles={"zh": "示例 大米"}, product_categories=["06.02.01"], requirements=reqs)


def _req(pid: str, bound: Bound, unit: str, **subject: str) -> Requirement:
    return Requirement(parameter=pid, label=pid, bound=bound, unit=unit, subject=Subject(**subject))


def _res(sid: str, pid: str, value: str | None, unit: str, censored: bool = False, dl: str | None = None,
         product: str = "大米（粳米）", row: int = 2) -> Result:
    return Result(sample_id=sid, product=product, parameter=pid, label=pid, value_text=value or "ND",
                  value=D(value) if value else None, censored=censored, detection_limit=D(dl) if dl else None,
                  unit=unit, row=row, file="lab.csv")


STD = _std("T/TEST 001", [
    _req("cadmium", Bound(upper=D("0.20")), "mg/kg"),
    _req("moisture", Bound(upper=D("14.5")), "%", category="籼米"),
    _req("moisture", Bound(upper=D("15.5")), "%", category="粳米"),
    _req("broken_kernels_total", Bound(upper=D("10.0")), "%", grade="一级"),
    _req("broken_kernels_total", Bound(upper=D("15.0")), "%", grade="二级"),
])


def _one(results, **kw):
    report = judge_results(results, [STD], **kw)
    return report, {(j.sample_id, j.parameter): j for j in report.judgements}


def test_hand_checked_rows():
    report, js = _one([
        _res("S1", "cadmium", "0.156", "mg/kg"),
        _res("S2", "cadmium", "205", "μg/kg"),  # converted: 0.205 mg/kg > 0.20
        _res("S3", "cadmium", None, "mg/kg", censored=True, dl="0.005"),
        _res("S4", "moisture", "15.2", "%"),  # 粳米 → ≤15.5
        _res("S5", "moisture", "15.2", "%", product="大米（籼米）"),  # 籼米 → ≤14.5
        _res("S6", "broken_kernels_total", "12.0", "%"),  # no grade → loosest (二级 15.0)
    ])
    assert (js["S1", "cadmium"].outcome, js["S1", "cadmium"].margin, js["S1", "cadmium"].margin_pct) == \
        ("pass", D("-0.044"), D("-22.0"))
    assert js["S2", "cadmium"].outcome == "fail" and js["S2", "cadmium"].compared == D("0.205")
    assert js["S2", "cadmium"].margin == D("0.005")
    assert js["S3", "cadmium"].outcome == "pass"
    assert js["S4", "moisture"].outcome == "pass" and js["S4", "moisture"].limit == D("15.5")
    assert js["S5", "moisture"].outcome == "fail" and js["S5", "moisture"].margin == D("0.7")
    j6 = js["S6", "broken_kernels_total"]
    assert j6.outcome == "pass" and j6.limit == D("15.0") and "loosest" in j6.note
    cd = next(s for s in report.summaries if s.parameter == "cadmium")
    pr = cd.pass_rates["T/TEST 001-2025"]
    assert (pr.passed, pr.failed, pr.rate) == (2, 1, D("66.7"))
    assert cd.distribution.n == 3 and cd.distribution.n_censored == 1 and cd.distribution.max == D("0.205")


def test_rounded_value_comparison():
    _, whole = _one([_res("S", "cadmium", "0.205", "mg/kg")])
    _, rounded = _one([_res("S", "cadmium", "0.205", "mg/kg")], rounded=True)
    assert whole["S", "cadmium"].outcome == "fail"
    assert rounded["S", "cadmium"].outcome == "pass" and rounded["S", "cadmium"].compared == D("0.20")


def test_incompatible_unit_reported_rest_judged():
    report, js = _one([_res("S1", "cadmium", "0.11", "CFU/g", row=7), _res("S2", "cadmium", "0.1", "mg/kg")])
    assert js["S1", "cadmium"].outcome == "not-comparable"
    assert js["S2", "cadmium"].outcome == "pass"
    assert any(i.row == 7 and i.reason == "incompatible-unit" and i.column == "unit" for i in report.issues)


def test_grade_column_picks_grade():
    r = _res("S", "broken_kernels_total", "12.0", "%")
    r.grade = "一级"
    _, js = _one([r])
    assert js["S", "broken_kernels_total"].outcome == "fail" and js["S", "broken_kernels_total"].limit == D("10.0")


def test_pick_limit_strictest():
    req, note = pick_limit(STD.requirements[3:], "大米", pick="strictest")
    assert req.bound.upper == D("10.0") and "strictest" in note


def test_limit_evidence_known_distribution():
    results = [_res(f"S{i}", "moisture", str(i), "%") for i in range(1, 101)]
    ev = limit_evidence(results, "moisture", 0.9)
    assert (ev.limit, ev.n, ev.direction, ev.meeting) == (D(90), 100, "max", 90)
    low = limit_evidence(results, "水分", 0.9, direction="min")
    assert low.limit == D(11) and low.direction == "min"


def test_limit_evidence_rounds_up_sensibly():
    vals = ["0.101", "0.123", "0.150", "0.176", "0.050", "0.090", "0.110", "0.130", "0.140", "0.160"]
    ev = limit_evidence([_res(f"S{i}", "cadmium", v, "mg/kg") for i, v in enumerate(vals)], "cadmium", 0.9)
    assert ev.quantile == D("0.160") and ev.limit == D("0.16") and ev.decimals == 2
    ev = limit_evidence([_res(f"S{i}", "cadmium", v, "mg/kg") for i, v in enumerate(vals)], "cadmium", 1.0)
    assert ev.quantile == D("0.176") and ev.limit == D("0.18")


def test_limit_evidence_from_file():
    ev = limit_evidence(SYNTH, "镉", 0.9)
    assert ev.parameter == "cadmium" and ev.unit == "mg/kg" and ev.n == 200
    assert D("0.1") < ev.limit <= D("0.25")


def test_outputs():
    report, _ = _one([_res("=cmd", "cadmium", "0.3", "mg/kg"), _res("S2", "cadmium", "0.1", "mg/kg")])
    text = quality_text(report)
    assert "超出对标值 1 项" in text and "不合格 1 项" not in text and "≤0.20 mg/kg" in text  # group standard
    csv_text = quality_csv(report)
    assert csv_text.startswith("\ufeff") and "'=cmd" in csv_text and ",=cmd" not in csv_text
    assert '"outcome": "fail"' in quality_json(report)
    html = quality_html(report)
    assert "<svg" in html and "<script" not in html and "http://" not in html.replace(
        'xmlns="http://www.w3.org/2000/svg"', "")


def test_synthetic_against_corpus(corpus):
    rs = read_results(SYNTH)
    stds = [corpus.resolve("GB 2762"), corpus.resolve("GB/T 1354")]
    report = judge_results(rs, stds, category="大米", corpus=corpus)
    cd = next(s for s in report.summaries if s.parameter == "cadmium")
    pr = cd.pass_rates["GB 2762-2025"]
    assert pr.limit_text == "≤0.2 mg/kg" and pr.passed + pr.failed == 200 and pr.failed > 0
    assert cd.pass_rates["GB/T 1354-2018"].rate is None  # not regulated there
    assert any(i.reason == "incompatible-unit" for i in report.issues)


def test_cli_quality(corpus, tmp_path):
    from stdbench.cli import main

    out = tmp_path / "r.html"
    args = ["quality", str(SYNTH), "--against", "GB 2762", "--category", "大米", "--db", str(corpus.path)]
    r = CliRunner().invoke(main, [*args, "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert "<svg" in out.read_text(encoding="utf-8")
    r = CliRunner().invoke(main, [*args, "-o", str(tmp_path / "r.docx")])
    assert r.exit_code == 0 and (tmp_path / "r.docx").stat().st_size > 1000
    r = CliRunner().invoke(main, ["quality", str(tmp_path / "missing.csv"), "--against", "GB 2762",
                                  "--db", str(corpus.path)])
    assert r.exit_code == 2


# ------------------------------------------------------------------------------------ --lang, Word charts, evidence


def _cli(*args: str):
    from stdbench.cli import main

    return CliRunner().invoke(main, list(args))


def test_lang_en_headers_and_chinese_default():
    report, _ = _one([_res("S1", "cadmium", "0.3", "mg/kg"), _res("S2", "cadmium", "0.1", "mg/kg")])
    en = quality_text(report, lang="en")
    assert en.splitlines()[2].split()[:4] == ["Parameter", "Unit", "n", "Not"]
    assert "1 exceed the benchmark" in en and "Cadmium" in en and "whole-value comparison" in en
    zh = quality_text(report)
    assert zh.splitlines()[2].split()[:3] == ["参数", "单位", "n"] and "全数值比较法" in zh
    head_en = quality_csv(report, "en").splitlines()[0].lstrip("\ufeff")
    assert head_en == ("row,sample_id,enterprise,product,parameter,label,value,unit,standard,limit,limit_unit,"
                       "clause,outcome,compared,margin,margin_pct,note")
    rows_zh = quality_csv(report).splitlines()
    assert rows_zh[0].lstrip("\ufeff").startswith("行号,样品编号,企业名称") and ",超出对标值," in rows_zh[1]
    assert ",exceeds benchmark," in quality_csv(report, "en").splitlines()[1]
    html_en = quality_html(report, lang="en")
    assert '<html lang="en">' in html_en and "<th>Median</th>" in html_en and "中位数" not in html_en
    assert "<h2>Exceeds benchmark (1)</h2>" in html_en and "Failures (" not in html_en


def test_html_escapes_values():
    report, _ = _one([_res("<img src=x onerror=alert(1)>", "cadmium", "0.3", "mg/kg")])
    page = quality_html(report)
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_cli_docx_has_charts_and_evidence(corpus, tmp_path):
    import zipfile

    from docx import Document

    out = tmp_path / "q.docx"
    r = _cli("quality", str(SYNTH), "--against", "GB 2762", "--category", "大米", "--db", str(corpus.path),
             "-o", str(out))
    assert r.exit_code == 0, r.output
    with zipfile.ZipFile(out) as z:
        pngs = [n for n in z.namelist() if n.startswith("word/media/") and n.endswith(".png")]
        assert len(pngs) == 4  # cadmium, lead, moisture, broken kernels
        assert all(z.read(n)[:8] == b"\x89PNG\r\n\x1a\n" and len(z.read(n)) > 5000 for n in pngs)
    doc = Document(str(out))
    texts = [p.text for p in doc.paragraphs]
    assert "图 1  镉 的分布与限量" in texts and "限量依据" in texts
    evidence = next(t for t in doc.tables if t.rows[0].cells[4].text == "建议限量")
    cd = next(row for row in evidence.rows if row.cells[0].text == "镉")
    # 0.9-quantile of the 200 cadmium values is 0.176 → proposed ≤0.18 beside the national ≤0.2
    assert [c.text for c in cd.cells[3:7]] == ["0.176", "≤0.18 mg/kg", "182/200", "GB 2762-2025: ≤0.2 mg/kg"]


def test_cli_lang_en_csv_and_html(corpus, tmp_path):
    args = ["quality", str(SYNTH), "--against", "GB 2762", "--category", "大米", "--db", str(corpus.path)]
    r = _cli(*args, "--format", "csv", "--lang", "en")
    assert r.exit_code == 0
    assert r.stdout.lstrip("\ufeff").startswith("row,sample_id,enterprise,product,parameter")
    assert r.stderr.startswith("4 rows with problems, 3 skipped: missing value 1, unknown parameter 1, "
                               "non-numeric result 1, unit cannot be converted 1")
    r = _cli(*args, "--lang", "en", "-o", str(tmp_path / "q.html"))
    page = (tmp_path / "q.html").read_text(encoding="utf-8")
    assert r.exit_code == 0 and "<h2>Limit evidence</h2>" in page and "<td>≤0.18 mg/kg</td>" in page
    assert "<th>Proposed limit</th>" in page and "<th>National limits</th>" in page


def test_cli_uses_shared_db_option():
    from stdbench.cli import corpus as corpus_cli
    from stdbench.cli import quality as quality_cli

    assert quality_cli.db_option is corpus_cli.db_option
    opt = next(p for p in quality_cli.quality.params if p.name == "db")
    assert opt.help.startswith("Index database file")


# ------------------------------------------------------------------------------------ review item 16


def _gb(code: str = "GB 9999", mandatory: bool = True, level: Level = Level.national, verified: bool = True):
    req = _req("cadmium", Bound(upper=D("0.20")), "mg/kg")
    req.verified = verified
    std = _std(code, [req], level=level)
    std.mandatory = mandatory
    return std


def test_fail_only_against_mandatory_standards():
    gb, gbt, eu = _gb(), _gb("GB/T 9998", mandatory=False), _gb("EU 9997", level=Level.regional)
    report = judge_results([_res("S1", "cadmium", "0.3", "mg/kg")], [gb, gbt, eu])
    assert report.mandatory == ["GB 9999-2025"]  # a foreign regulation is a benchmark for a Chinese product
    outcomes = {j.standard: (j.outcome, j.mandatory) for j in report.judgements}
    assert outcomes == {"GB 9999-2025": ("fail", True), "GB/T 9998-2025": ("fail", False),
                        "EU 9997-2025": ("fail", False)}
    rows = quality_csv(report).splitlines()[1:]
    verdicts = {r.split(",")[8]: r.split(",")[12] for r in rows}
    assert verdicts == {"GB 9999-2025": "不合格", "GB/T 9998-2025": "超出对标值", "EU 9997-2025": "超出对标值"}
    text = quality_text(report)
    assert "不合格 1 项（超出强制性标准限量）" in text and "超出对标值 2 项" in text
    html = quality_html(report)
    assert "不合格项（1）" in html and "超出对标值（2）" in html
    en = quality_text(report, lang="en")
    assert "1 failures (above a mandatory limit)" in en and "2 exceed the benchmark" in en


def test_unverified_limit_marked():
    report = judge_results([_res("S1", "cadmium", "0.3", "mg/kg")], [_gb("GB/T 9996", False, verified=False)])
    j = report.judgements[0]
    assert j.verified is False and j.limit_text == "≤0.20 mg/kg"  # JSON keeps the limit as written
    text = quality_text(report)
    assert "≤0.20 mg/kg※ 0.0% (0/1)" in text and "※ 该限量未经第二来源核实" in text
    assert ",≤0.20 mg/kg※," in quality_csv(report)


def test_problem_counts_match_listed_issues_and_are_chinese(corpus):
    rs = read_results(SYNTH)
    report = judge_results(rs, [corpus.resolve("GB 2762")], category="大米", corpus=corpus)
    from stdbench.render.quality_report import skipped_lines

    lines = skipped_lines(report)
    listed = lines[1:]
    assert lines[0] == f"{len(listed)} 行有问题，跳过 3 行：缺少结果值 1，未知检验项目 1，结果非数值 1，单位无法换算 1"
    assert listed[0].strip() == "rice_results_synthetic.csv：第 803 行，“检测结果”列：“无机砷（以As计）”无检测结果"
    assert "第 806 行，“单位”列：单位 CFU/g 无法换算为 GB 2762-2025 限量的单位 mg/kg" in listed[3]
    assert all("/" not in line.split("：")[0] for line in listed)  # the file name, never a path
    html = quality_html(report)
    assert str(SYNTH.parent) not in html and "no value for" not in html
    assert "读取 804 行数据（200 个样品" in html
