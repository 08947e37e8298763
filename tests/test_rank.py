"""Front-runner ranking on three small standards with a known order, and the national floor."""
from __future__ import annotations

import re
from decimal import Decimal as D

import pytest
from click.testing import CliRunner

from stdbench.analysis.rank import rank
from stdbench.model import Bound, Designation, Level, Requirement, Standard
from stdbench.render.quality_report import rank_csv, rank_section_html, rank_text


def _std(code: str, level: Level = Level.enterprise, mandatory: bool | None = None, **limits: str) -> Standard:
    prefix, number = code.rsplit(" ", 1)
    units = {"cadmium": "mg/kg", "lead": "mg/kg", "moisture": "%", "head_rice_yield": "%"}
    reqs = []
    for pid, text in limits.items():
        op, value = text[0], D(text[1:])
        bound = Bound(upper=value) if op == "<" else Bound(lower=value)
        reqs.append(Requirement(parameter=pid, label=pid, bound=bound, unit=units[pid]))
    return Standard(designation=Designation(prefix=prefix, number=number, year=2025), level=level,
                    mandatory=mandatory, titles={"zh": "大米"}, product_categories=["06.02.01"],
                    requirements=reqs)


A = _std("Q/AAA 0001S", cadmium="<0.10", lead="<0.15", moisture="<15.0")
B = _std("Q/BBB 0001S", cadmium="<0.10", lead="<0.10", moisture="<15.5")
C = _std("Q/CCC 0001S", cadmium="<0.15", lead="<0.20", moisture="<14.5")
NATIONAL = _std("GB 9999", level=Level.national, mandatory=True, cadmium="<0.2", lead="<0.2")


def test_known_order():
    result = rank([A, B, C], "大米", [NATIONAL])
    order = [(r.standard, r.place, r.strictest, r.rank_sum) for r in result.rows]
    # B strictest on cadmium (tied with A) and lead; A on cadmium; C on moisture
    assert order == [("Q/BBB 0001S-2025", 1, 2, 5), ("Q/AAA 0001S-2025", 2, 1, 5), ("Q/CCC 0001S-2025", 3, 1, 7)]
    b = result.rows[0]
    assert b.indicators["lead"].place == 1 and b.indicators["cadmium"].place == 1
    assert b.indicators["moisture"].place == 3
    assert b.indicators["cadmium"].vs_national == "stricter"
    assert result.indicators[0].national.startswith("GB 9999-2025")


def test_tie_same_place_with_reason():
    a2 = _std("Q/DDD 0001S", cadmium="<0.10", lead="<0.15", moisture="<15.0")
    result = rank([A, a2], "大米", [NATIONAL])
    assert [r.place for r in result.rows] == [1, 1]
    assert all(r.reason.startswith("tied with") for r in result.rows)
    assert "not ranked" in result.notes[0]  # every indicator equal → none is ranked


def test_looser_than_national_excluded():
    loose = _std("Q/EEE 0001S", cadmium="<0.25", lead="<0.05", moisture="<14.0")
    result = rank([A, B, loose], "大米", [NATIONAL])
    row = next(r for r in result.rows if r.standard == "Q/EEE 0001S-2025")
    assert row.excluded and row.place is None
    assert row.indicators["cadmium"].vs_national == "looser"
    assert any("镉" in f for f in row.flags)
    # places among A and B alone: cadmium equal → not ranked; B strictest on lead, A on moisture → tied
    assert [(r.place, r.strictest, r.rank_sum) for r in result.rows if not r.excluded] == [(1, 1, 3), (1, 1, 3)]
    assert not next(i for i in result.indicators if i.parameter == "cadmium").ranked
    assert result.rows[-1].standard == "Q/EEE 0001S-2025" and "excluded" in result.rows[-1].reason


def test_given_indicators_and_renderers():
    result = rank([A, B, C], "大米", [NATIONAL], indicators=["水分"])
    assert [i.parameter for i in result.indicators] == ["moisture"]
    assert next(r.standard for r in result.rows) == "Q/CCC 0001S-2025"
    assert "Q/CCC 0001S-2025" in rank_text(result)
    assert rank_csv(result).startswith("\ufeff")
    html = rank_section_html(result)
    assert html.startswith("<section") and "≤14.5%" in html


# ------------------------------------------------------------------------------------ wording, escaping, CLI


def test_wording_from_data_zh_default_en_option():
    result = rank([A, B, C], "大米", [NATIONAL])
    zh, en = rank_text(result), rank_text(result, "en")
    assert zh.splitlines()[2].split()[:3] == ["名次", "标准", "层级"]
    assert "3 项排名指标中 2 项最严；名次和 5" in zh and "（名次和次于 Q/AAA 0001S-2025）" in zh
    assert en.splitlines()[2].split()[:2] == ["Place", "Standard"]
    assert "strictest on 2 of 3 ranked indicators; sum of places 5" in en
    assert rank_csv(result, "en").splitlines()[0].lstrip("\ufeff").startswith("Place,Standard,Level,Cadmium")
    tied = rank([A, _std("Q/DDD 0001S", cadmium="<0.10", lead="<0.15", moisture="<15.0")], "大米", [NATIONAL])
    assert "与 Q/DDD 0001S-2025 并列" in rank_text(tied)
    assert "tied with Q/AAA 0001S-2025" in rank_text(tied, "en")
    loose = rank([A, B, _std("Q/EEE 0001S", cadmium="<0.25", lead="<0.05", moisture="<14.0")], "大米", [NATIONAL])
    assert "镉：≤0.25 mg/kg 宽于 GB 9999-2025: ≤0.2 mg/kg" in rank_text(loose)


def test_section_html_is_escaped():
    result = rank([A, B], "<script>alert(1)</script>", [NATIONAL])
    html = rank_section_html(result)
    assert "<script" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.startswith('<section class="rank">') and html.endswith("</section>")


def _sts_file(path, code: str, cd: str, pb: str, h2o: str):
    """An enterprise standard as STS XML: the limits in a table of clause 4, as a real file states them."""
    from stdbench.model import Cell, Clause, ClauseKind, Row, Table
    from stdbench.writers.sts import write_sts

    rows = [Row(section="head", cells=[Cell(text="项目", header=True), Cell(text="指标", header=True)])]
    rows += [Row(cells=[Cell(text=label), Cell(text=f"≤{v}")]) for label, v in
             (("镉（以Cd计）/（mg/kg）", cd), ("铅（以Pb计）/（mg/kg）", pb), ("水分/%", h2o))]
    prefix, number = code.rsplit(" ", 1)
    std = Standard(designation=Designation(prefix=prefix, number=number, year=2025), level=Level.enterprise,
                   titles={"zh": "大米"}, product_categories=["06.02.01"],
                   clauses=[Clause(number="4", title="技术要求", kind=ClauseKind.requirements,
                                   blocks=[Table(label="表1", rows=rows)])])
    path.write_bytes(write_sts(std))
    return str(path)


@pytest.fixture(scope="module")
def cli_inputs(tmp_path_factory):
    from stdbench.corpus import Corpus

    tmp = tmp_path_factory.mktemp("rank")
    with Corpus.open(tmp / "i.db"):
        pass
    files = [_sts_file(tmp / "a.xml", "Q/AAA 0001S", "0.10", "0.15", "15.0"),
             _sts_file(tmp / "b.xml", "Q/BBB 0001S", "0.10", "0.10", "15.5"),
             _sts_file(tmp / "c.xml", "Q/CCC 0001S", "0.15", "0.20", "14.5")]
    return tmp, files


def _run(*args: str):
    from stdbench.cli import main

    return CliRunner().invoke(main, list(args))


def test_cli_rank_html_known_order(cli_inputs, tmp_path):
    tmp, files = cli_inputs
    out = tmp_path / "rank.html"
    r = _run("rank", *files, "--product", "大米", "--db", str(tmp / "i.db"), "-o", str(out))
    assert r.exit_code == 0, r.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<section class="rank">' in page
    rows = re.findall(r"<tr><td>(\d)</td><td>([^<]+)</td>", page)
    assert rows == [("1", "Q/BBB 0001S-2025"), ("2", "Q/AAA 0001S-2025"), ("3", "Q/CCC 0001S-2025")]
    assert "<td>GB 2762-2025: ≤0.2 mg/kg</td>" in page  # national floor row from the corpus
    r = _run("rank", *files, "--product", "大米", "--db", str(tmp / "i.db"), "-o", str(out))
    assert r.exit_code == 2 and "--force" in r.output


def test_cli_rank_docx_and_lang_en(cli_inputs, tmp_path):
    from docx import Document

    tmp, files = cli_inputs
    out = tmp_path / "rank.docx"
    r = _run("rank", *files, "--product", "大米", "--db", str(tmp / "i.db"), "--lang", "en", "-o", str(out))
    assert r.exit_code == 0, r.output
    doc = Document(str(out))
    assert doc.paragraphs[0].text == "Front-runner ranking — 大米"
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells[:3]] == ["Place", "Standard", "Level"]
    assert [(row.cells[0].text, row.cells[1].text) for row in table.rows[2:]] == \
        [("1", "Q/BBB 0001S-2025"), ("2", "Q/AAA 0001S-2025"), ("3", "Q/CCC 0001S-2025")]


def test_three_way_tie_and_section_in_quality_page():
    from stdbench.analysis.quality import QualityReport
    from stdbench.render.quality_report import quality_html

    same = [_std(f"Q/T{c}{c}{c} 0001S", cadmium="<0.10", lead="<0.15", moisture="<15.0") for c in "XYZ"]
    result = rank(same, "大米", [NATIONAL])
    assert [sorted(r.tied_with) for r in result.rows] == [
        ["Q/TYYY 0001S-2025", "Q/TZZZ 0001S-2025"], ["Q/TXXX 0001S-2025", "Q/TZZZ 0001S-2025"],
        ["Q/TXXX 0001S-2025", "Q/TYYY 0001S-2025"]]
    page = quality_html(QualityReport(file="lab.csv"), rank=rank([A, B, C], "大米", [NATIONAL]), lang="en")
    assert page.count('<section class="rank">') == 1 and "<h2>Front-runner ranking — 大米</h2>" in page
    assert page.index("Q/BBB 0001S-2025") < page.index("Q/AAA 0001S-2025") < page.index("Q/CCC 0001S-2025")
