"""stdbench parse: outline, model JSON and STS output of one document."""
import json

from click.testing import CliRunner

from stdbench.cli import main
from stdbench.model import Standard
from tests.conftest import CORPUS, sample


def test_text_outline_has_numbers_titles_and_requirement_counts():
    res = CliRunner().invoke(main, ["parse", str(sample("rice-2016-en.isosts.xml"))])
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert lines[0].startswith("ISO 17301-1:2016")
    assert any(line.split() == ["4.2.1", "[1", "req]"] for line in lines)  # untitled in the ISO STS
    assert any(line.split() == ["4.2.2", "[54", "req]"] for line in lines)
    assert "  4.2 Physical and chemical characteristics" in lines


def test_json_is_the_model_with_self_contained_requirements():
    res = CliRunner().invoke(main, ["parse", str(CORPUS / "GB_2762-2025.xml"), "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    std = Standard.model_validate(data)
    assert str(std.designation) == "GB 2762-2025"
    rice_cd = [r for r in data["requirements"]
               if r["parameter"] == "cadmium" and r["subject"]["category"] == "稻谷、糙米、大米（粉）"]
    assert len(rice_cd) == 1
    req = rice_cd[0]
    assert req["bound"]["upper"] == "0.2" and req["unit"] == "mg/kg"
    assert req["provenance"]["table"] == "表2" and req["provenance"]["clause"] == "4.2.1"


def test_sts_output_reads_back(tmp_path):
    out = tmp_path / "rice.sts.xml"
    res = CliRunner().invoke(main, ["parse", str(sample("rice-2016-en.docx")), "--format", "sts", "-o", str(out)])
    assert res.exit_code == 0, res.output
    import stdbench

    back = stdbench.read(out)
    assert back.code == "ISO 17301-1:2016"
    assert back.clause("4.2").title == "Physical and chemical characteristics"


def test_existing_output_not_overwritten_without_force(tmp_path):
    out = tmp_path / "o.json"
    out.write_text("keep", encoding="utf-8")
    res = CliRunner().invoke(main, ["parse", str(CORPUS / "GB_2762-2025.xml"), "--format", "json", "-o", str(out)])
    assert res.exit_code == 2
    assert out.read_text(encoding="utf-8") == "keep"
    res = CliRunner().invoke(main, ["parse", str(CORPUS / "GB_2762-2025.xml"), "-o", str(out), "--force"])
    assert res.exit_code == 0 and out.read_text(encoding="utf-8").startswith("GB 2762-2025")


def test_bad_input_one_line_exit_2(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_bytes(b"<standard><front></standard>")
    res = CliRunner().invoke(main, ["parse", str(bad)])
    assert res.exit_code == 2
    assert res.output.count("\n") == 1 and "bad.xml" in res.output and "Traceback" not in res.output


def test_usage_errors_are_one_line_exit_2():
    import subprocess
    import sys

    for args in (["parse", "x.xml", "--format", "yaml"], ["nosuch"], ["parse"], ["corpus", "list", "--level", "x"]):
        res = subprocess.run([sys.executable, "-c", "from stdbench.cli import main; main()", *args],
                             check=False, capture_output=True, text=True, timeout=60)
        assert res.returncode == 2, args
        assert res.stderr.count("\n") == 1 and res.stderr.startswith("stdbench: error: stdbench"), res.stderr
        assert "Traceback" not in res.stderr


def test_parse_a_code_from_the_index(db):
    res = CliRunner().invoke(main, ["parse", "GB 2762", "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert res.output.startswith("GB 2762-2025")  # undated code: the current edition
    assert "  4.2 镉" in res.output.splitlines()


def test_report_to_an_unknown_suffix_is_refused(db, tmp_path):
    target = tmp_path / "report.pdf"
    res = CliRunner().invoke(main, ["report", "GB 2762-2022", "--baseline", "GB 2762-2025", "-o", str(target),
                                    "--db", str(db)])
    assert res.exit_code == 2 and "expected a directory or a .docx/.html/.csv/.json file" in res.output
    assert not target.exists()
