"""The self-contained HTML report: offline, escaped, filterable and sortable in headless Chromium."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from stdbench.render.csvout import matrix_csv, neutralise
from stdbench.render.html_report import render_html
from tests.test_report_docx import HOSTILE_LIMIT, HOSTILE_TITLE, fixed_data

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
browser = pytest.mark.skipif(CHROMIUM is None, reason="headless chromium not installed")


@pytest.fixture(scope="module")
def html() -> str:
    return render_html(fixed_data())


def _chromium(tmp: Path, url: str, *extra: str) -> str:
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={tmp / 'profile'}", *extra, url]
    return subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=90, cwd=tmp).stdout


def test_self_contained_no_external_urls(html):
    assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", html, re.IGNORECASE)
    assert not re.search(r"<(link|img|iframe|object|embed)\b", html)
    assert not re.search(r"<script[^>]*\bsrc=", html)
    assert html.count("<svg") == 2  # both charts inline
    assert "default-src 'none'" in html  # nothing may be fetched even if a document tried


def test_sections_matrix_and_redline(html):
    for head in ("1 概述", "2 对标对象", "3 对标方法", "4 结构对比", "5 技术指标对比", "6 符合性", "7 结论与建议",
                 "附录 A"):
        assert head in html
    row = re.search(r'<tr data-group="contaminants" data-verdicts="stricter" data-parameter="cadmium">(.*?)</tr>',
                    html, re.DOTALL).group(1)
    assert "≤0.1" in row and "严于" in row and 'class="v-stricter"' in row
    assert "<del>GB 2762—2022</del>" in html and "<ins>表3</ins>" in html
    assert "无机砷 ≤0.25 mg/kg 宽于 GB 2762-2025 ≤0.2 mg/kg" in html


def test_hostile_text_escaped(html):
    assert "<script>alert(" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "&lt;script&gt;alert(&#34;p&#34;)&lt;/script&gt;" in html  # parameter name, in table and chart
    assert HOSTILE_TITLE not in html


def test_csv_bom_and_formula_neutralised():
    raw = matrix_csv(fixed_data())
    assert raw.startswith("\ufeff".encode())
    text = raw.decode("utf-8-sig")
    assert "'" + HOSTILE_LIMIT in text.replace('""', '"')
    assert "镉,大米,0.2,,≤0.1,严于" in text
    assert neutralise("-1") == "'-1" and neutralise("@SUM(A1)") == "'@SUM(A1)" and neutralise("≤0.2") == "≤0.2"


@browser
@pytest.mark.browser
def test_filter_by_verdict_from_hash_in_chromium(tmp_path, html):
    page = tmp_path / "report.html"
    page.write_text(html, encoding="utf-8")
    dom = _chromium(tmp_path, page.as_uri() + "#verdict=looser", "--dump-dom")
    assert 'data-ready="1"' in dom and 'data-errors="[]"' in dom
    rows = dict(re.findall(r'<tr data-group="[^"]*" data-verdicts="[^"]*" data-parameter="([^"]*)"([^>]*)>', dom))
    assert set(rows) == {"cadmium", "inorganic_arsenic", "x"}
    assert "hidden" not in rows["inorganic_arsenic"]  # the looser row stays
    assert "hidden" in rows["cadmium"] and "hidden" in rows["x"]
    dom = _chromium(tmp_path, page.as_uri() + "#group=other", "--dump-dom")
    rows = dict(re.findall(r'<tr data-group="[^"]*" data-verdicts="[^"]*" data-parameter="([^"]*)"([^>]*)>', dom))
    assert "hidden" not in rows["x"] and "hidden" in rows["cadmium"]


@browser
@pytest.mark.browser
def test_screenshot_renders(tmp_path, html):
    page = tmp_path / "report.html"
    page.write_text(html, encoding="utf-8")
    shot = tmp_path / "shot.png"
    _chromium(tmp_path, page.as_uri(), f"--screenshot={shot}", "--window-size=1280,800", "--hide-scrollbars")
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000


@browser
@pytest.mark.browser
def test_sort_by_column_from_hash_in_chromium(tmp_path, html):
    page = tmp_path / "report.html"
    page.write_text(html, encoding="utf-8")
    order = re.compile(r'<tr data-group="[^"]*" data-verdicts="[^"]*" data-parameter="([^"]*)"')
    dom = _chromium(tmp_path, page.as_uri() + "#sort=4", "--dump-dom")  # the T/EXAMPLE column, by value
    assert order.findall(dom)[:2] == ["cadmium", "inorganic_arsenic"]
    dom = _chromium(tmp_path, page.as_uri() + "#sort=-4", "--dump-dom")
    ids = order.findall(dom)
    assert ids.index("inorganic_arsenic") < ids.index("cadmium")
    assert 'data-sort="desc"' in dom


def marked_data():
    """fixed_data with a normalised, unverified, inherited cell and a horizontal-vs-product alignment."""
    data = fixed_data()
    cell = data.rows[1].cells[1]  # 无机砷 in the T/EXAMPLE column
    cell.limit, cell.original, cell.verified, cell.inherited_from = (
        "≤0.25 mg/kg", "shall not be greater than 0.25 mg/kg", False, "GB 2762-2022")
    data.alignments[0].horizontal = "GB 2762-2025"
    data.conclusions = {"T/EXAMPLE 001-2025": "T/EXAMPLE 001-2025：相对基准 GB 2762-2025，严于基准 1 项（镉 ≤0.1）。"}
    return data


def test_matrix_markers_legend_and_horizontal_line():
    html = render_html(marked_data(), charts={})
    row = re.search(r'data-parameter="inorganic_arsenic">(.*?)</tr>', html, re.DOTALL).group(1)
    assert '<span class="normalized" title="原文：shall not be greater than 0.25 mg/kg">≤0.25 mg/kg</span>' in row
    assert '<sup class="unverified" title="未核实">※</sup>' in row and "[GB 2762-2022]" in row
    legend = re.search(r'<ul class="legend" id="matrix-legend">(.*?)</ul>', html, re.DOTALL).group(1)
    assert "※ 未核实" in legend and "[标准编号]" in legend and "原文见悬停提示" in legend
    s4 = html[html.index('id="s4"'):html.index('id="s5"')]
    assert "GB 2762-2025 为按食品类别规定限量的横向（通用）标准" in s4 and "<table" not in s4
    assert '<div id="conclusions"><p>T/EXAMPLE 001-2025：相对基准 GB 2762-2025，严于基准 1 项（镉 ≤0.1）。</p>' in html
    plain = render_html(fixed_data(), charts={})  # nothing marked: no legend items, the clause lists stay
    assert '<ul class="legend" id="matrix-legend"></ul>' in plain and "4.5 净含量" in plain


@browser
@pytest.mark.browser
def test_marked_report_renders_without_errors_in_chromium(tmp_path):
    page = tmp_path / "report.html"
    page.write_text(render_html(marked_data()), encoding="utf-8")
    dom = _chromium(tmp_path, page.as_uri() + "#sort=4", "--dump-dom")
    assert 'data-ready="1"' in dom and 'data-errors="[]"' in dom
    assert 'title="原文：shall not be greater than 0.25 mg/kg"' in dom


def test_review_wording_in_html():
    """Review R1 items 8, 10, 11: rule labels (id kept as data), Chinese product types, both-horizontal line."""
    from stdbench.render.report_data import AlignmentView, FindingView, PairView, StandardInfo

    data = fixed_data()
    data.findings = [FindingView(standard="T/EXAMPLE 001-2025", rule="citation-replaced", severity="error",
                                 message="引用的GB 2762-2022已被GB 2762-2025代替", reference="GB 2762-2022")]
    data.rows[0].subject = "milled rice (non-glutinous)"
    data.standards.append(StandardInfo(code="Regulation (EU) 2023/915", level="regional",
                                       issuer="European Commission"))
    data.alignments.append(AlignmentView(a="CXS 193-1995", b="GB 2762-2025", pairs=[
        PairView(a="1", b="1", a_title="Preamble", b_title="范围", score=0.66)]))
    html = render_html(data, charts={})
    assert '<td data-rule="citation-replaced">引用已被代替标准</td>' in html
    assert "<td>精米（非糯）</td>" in html and "milled rice" not in html
    assert "<td>国外法规（区域法规）</td>" in html and "<td>欧盟委员会</td>" in html
    s4 = html[html.index('id="s4"'):html.index('id="s5"')]
    assert "CXS 193-1995 与 GB 2762-2025：二者均为按食品类别规定限量的横向（通用）标准，横向标准不逐条对齐" in s4
    assert "对齐表共 2 行，已对应 1 对" in s4
    annex = html[html.index('id="annex"'):]
    assert "Preamble" not in annex


def test_table_redline_capped_in_html():
    from stdbench.analysis.redline import Redline, TableDiff

    big = "Cereal grains 0.2 mg/kg; " * 40
    data = fixed_data()
    data.alignments[0].pairs[0].redline = Redline(title=[], text=[], tables=[TableDiff.model_validate({
        "old_label": "表1", "new_label": "表1",
        "changes": [{"row": 0, "column": 1, "change": "changed", "old": big, "new": "0.1"}]})])
    html = render_html(data, charts={})
    assert big not in html and f"<del>{big[:150]}" in html and "……</del>" in html
