"""Text from a standard is data, never code: escaped in HTML, neutralised in CSV, literal text in .docx."""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree
from lxml import html as lxml_html

from stdbench import read
from stdbench.cli import main
from tests.conftest import CORPUS
from tests.hostile import builders as b

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
BASELINE = "GB 2762-2025"


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory, built_index: Path) -> Path:
    d = tmp_path_factory.mktemp("inject")
    shutil.copy2(built_index, d / "index.sqlite3")
    b.injection_sts(d / "inj.xml")
    b.injection_docx(d / "inj.docx", b.PAYLOADS)
    return d


def cli(*args: str | Path) -> str:
    res = CliRunner().invoke(main, [str(a) for a in args])
    assert res.exit_code == 0, res.output
    return res.output


def check_html(text: str) -> None:
    """No script, handler or element from the data; the payload is visible as literal text."""
    doc = lxml_html.fromstring(text)
    for script in doc.iter("script"):
        assert "alert(" not in (script.text or "")
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        assert not (el.tag == "img" and el.get("src") == "x")
        for name, value in el.attrib.items():
            assert "alert(" not in value, (el.tag, name)
    shown = doc.text_content()
    assert "alert(1)</script>" in shown and "onerror=alert(2)>" in shown


def check_csv(raw: bytes) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    cells = [c for row in rows for c in row]
    for c in cells:
        assert not c.startswith(b.FORMULA_START), c
    for payload in b.PAYLOADS[2:6]:
        assert any(c.startswith("'" + payload) for c in cells), payload
    return rows


def check_docx(path: Path) -> None:
    """No field instruction from the data (w:fldSimple / w:instrText); the payload text sits in w:t."""
    texts: list[str] = []
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if not (name.startswith("word/") and name.endswith(".xml")):
                continue
            root = etree.fromstring(zf.read(name))
            for fld in root.iter(W + "fldSimple"):
                assert not re.search(r"INCLUDE|HYPERLINK|DDE|evil", fld.get(W + "instr") or "", re.IGNORECASE)
            for instr in root.iter(W + "instrText"):
                assert not re.search(r"INCLUDE|HYPERLINK|DDE|evil", instr.text or "", re.IGNORECASE)
            texts.extend(t.text or "" for t in root.iter(W + "t"))
        rels = " ".join(zf.read(n).decode() for n in zf.namelist() if n.endswith(".rels"))
    assert "evil.example" not in rels and "c:\\" not in rels
    assert any("INCLUDETEXT" in t for t in texts)


def test_reader_keeps_payloads_as_text(work: Path) -> None:
    std = read(work / "inj.xml")
    assert std.titles["zh"] == b.PAYLOADS[0] + b.PAYLOADS[1]
    assert std.clause("4").title == b.PAYLOADS[0]
    limits = {r.limit_text for r in std.requirements}
    assert {"≤0.3", "≤0.6", "≤0.7"} <= limits


def test_docx_reader_drops_field_instruction_keeps_result(work: Path) -> None:
    std = read(work / "inj.docx")
    text = std.text()
    # the field paragraph reads as Word displays it: its result only, never its instruction
    assert "字段：FIELD-RESULT" in text.splitlines()
    labels = [r.label for r in std.requirements]
    assert b.PAYLOADS[0] in labels and b.PAYLOADS[2] in labels


def test_report_outputs_inert(work: Path) -> None:
    out = work / "report"
    cli("report", work / "inj.xml", work / "inj.docx", "--baseline", BASELINE, "-o", out,
        "--db", work / "index.sqlite3")
    check_html((out / "report.html").read_text("utf-8"))
    check_csv((out / "matrix.csv").read_bytes())
    check_docx(out / "report.docx")
    data = json.loads((out / "report.json").read_text("utf-8"))
    assert b.PAYLOADS[0] + b.PAYLOADS[1] in json.dumps(data, ensure_ascii=False)  # kept verbatim as data


def test_compare_csv_inert(work: Path) -> None:
    out = work / "compare.csv"
    cli("compare", work / "inj.docx", "--baseline", BASELINE, "--format", "csv", "-o", out,
        "--db", work / "index.sqlite3")
    rows = check_csv(out.read_bytes())
    assert any("'-2+3" in row for row in rows)


def test_parse_sts_output_escapes(work: Path) -> None:
    """The STS writer: payloads stay character data (no <script> element, no injected markup)."""
    out = work / "round.xml"
    cli("parse", work / "inj.docx", "--format", "sts", "-o", out)
    root = etree.parse(str(out)).getroot()
    assert not list(root.iter("script", "img"))
    assert b.PAYLOADS[1] in "".join(root.itertext())


def test_draft_docx_inert(work: Path) -> None:
    spec_src = CORPUS / "examples" / "specs" / "rice_group_standard.toml"
    if not spec_src.exists():
        pytest.skip("example drafting spec not available")
    text = spec_src.read_text("utf-8")
    esc = [json.dumps(x, ensure_ascii=False) for x in b.PAYLOADS]  # TOML basic strings accept JSON escapes
    text = re.sub(r'(?m)^title_zh = ".*"$', lambda _: f"title_zh = {esc[0]}", text)
    text = text.replace('"不得使用食品添加剂。"', esc[6], 1)
    text = text.replace('requirement = "米粒完整、洁净，无霉变粒"', f"requirement = {esc[2]}", 1)
    text = text.replace('definition = "', f'definition = {esc[3][:-1]}', 1)
    spec = b.write(work / "spec.toml", text)
    out = work / "draft.docx"
    cli("draft", spec, "-o", out, "--db", work / "index.sqlite3")
    check_docx(out)
    import docx

    shown = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    shown += "\n".join(c.text for t in docx.Document(str(out)).tables for row in t.rows for c in row.cells)
    assert b.PAYLOADS[0] in shown and b.PAYLOADS[6] in shown and b.PAYLOADS[2] in shown
