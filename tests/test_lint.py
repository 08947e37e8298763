"""GB/T 1.1—2020 linter: each rule on a small .docx that breaks it and on one that does not."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from stdbench.analysis.lint import lint, lint_file
from stdbench.cli import main
from stdbench.drafting import gbt11
from stdbench.readers import read

DRAFTING = "本文件按照GB/T 1.1—2020《标准化工作导则 第1部分：标准化文件的结构和起草规则》的规定起草。"
PATENT = "请注意本文件的某些内容可能涉及专利。本文件的发布机构不承担识别专利的责任。"
REFS = ("下列文件中的内容通过文中的规范性引用而构成本文件必不可少的条款。其中，注日期的引用文件，仅该日期对应的版本适用于"
        "本文件；不注日期的引用文件，其最新版本（包括所有的修改单）适用于本文件。")
H1, P, T = "标准文件_章标题", "标准文件_段", "table"

GOOD: list[tuple] = [
    ("标准文件_封面标准文稿类别", "团体标准"),
    ("标准文件_封面标准号", "T/ABC 001—2026"),
    ("标准文件_封面标准名称", "示例大米"),
    ("标准文件_前言、引言标题", "前言"),
    (P, DRAFTING),
    (P, PATENT),
    (P, "本文件由示例协会提出并归口。"),
    (H1, "1　范围"),
    (P, "本文件规定了示例大米的技术要求。"),
    (H1, "2　规范性引用文件"),
    (P, REFS),
    (P, "GB 2762　食品安全国家标准 食品中污染物限量"),
    (P, "GB 5009.12　食品安全国家标准 食品中铅的测定"),
    (H1, "3　术语和定义"),
    (P, "本文件没有需要界定的术语和定义。"),
    (H1, "4　技术要求"),
    ("标准文件_一级条标题", "4.1　污染物限量"),
    (P, "污染物限量应符合GB 2762的规定，并应符合表1的规定。"),
    ("标准文件_正文表标题", "表1　污染物限量"),
    (T, [["项目", "指标", "检验方法"], ["铅（以Pb计）/(mg/kg)", "≤0.15", "GB 5009.12"]]),
    ("标准文件_一级条标题", "4.2　贮存"),
    (P, "产品应在25 ℃以下贮存，每袋不少于2 kg。"),
]


def build(path: Path, lines: list[tuple]) -> Path:
    doc = gbt11.new_document()
    for style, content in lines:
        if style == T:
            gbt11.table(doc, content)
        else:
            gbt11.para(doc, content, style)
    doc.save(str(path))
    return path


def edit(replace: dict[str, str] | None = None, drop: tuple[str, ...] = (), add: list[tuple] = ()) -> list[tuple]:
    """GOOD with texts replaced (whole line), lines starting with ``drop`` removed, ``add`` appended."""
    out = []
    for style, content in GOOD:
        if isinstance(content, str):
            if any(content.startswith(d) for d in drop):
                continue
            content = (replace or {}).get(content, content)
        out.append((style, content))
    return out + list(add)


def rules(tmp_path: Path, lines: list[tuple]) -> dict[str, list]:
    found: dict[str, list] = {}
    for f in lint_file(build(tmp_path / "doc.docx", lines)):
        found.setdefault(f.rule, []).append(f)
    return found


def test_good_document_is_clean(tmp_path):
    assert rules(tmp_path, GOOD) == {}


def test_L001_missing_foreword_and_terms(tmp_path):
    lines = [x for x in GOOD if x[1] not in ("前言", DRAFTING, PATENT, "本文件由示例协会提出并归口。")]
    lines = [x for x in lines if x[1] not in ("3　术语和定义", "本文件没有需要界定的术语和定义。")]
    found = rules(tmp_path, lines)
    messages = [f.message for f in found["L001"]]
    assert "缺少必备要素：前言" in messages
    assert "缺少必备要素：3 术语和定义" in messages
    assert all(f.severity == "error" for f in found["L001"])


def test_L002_order_scope_not_first(tmp_path):
    lines = edit(replace={"1　范围": "1　总则", "4　技术要求": "4　技术要求"})
    lines = [x for x in lines if x[1] != "本文件规定了示例大米的技术要求。"]
    lines += [(H1, "5　范围"), (P, "本文件适用于示例大米。")]
    found = rules(tmp_path, lines)
    assert any("“范围”应为第1章，实为第5章" in f.message for f in found["L002"])


def test_L003_missing_drafting_sentence_and_L004_outdated(tmp_path):
    found = rules(tmp_path, edit(drop=(DRAFTING,)))
    assert found["L003"][0].location == "前言" and DRAFTING in found["L003"][0].message
    old = rules(tmp_path, edit(replace={DRAFTING: "本标准按照GB/T 1.1—2009给出的规则起草。"}))
    assert "L003" not in old
    assert old["L004"][0].severity == "warning" and "2009" in old["L004"][0].message


def test_L003_references_lead_in(tmp_path):
    found = rules(tmp_path, edit(drop=(REFS[:10],)))
    assert [f.location for f in found["L003"]] == ["第2章"]


def test_L005_numbering_gaps(tmp_path):
    found = rules(tmp_path, edit(replace={"4.2　贮存": "4.3　贮存"}))
    assert found["L005"][0].message == "条编号不连续：应为4.2，实为4.3"
    found = rules(tmp_path, edit(add=[(H1, "6　检验规则"), (P, "按批检验。")]))
    assert found["L005"][0].message == "章编号不连续：应为5，实为6"
    found = rules(tmp_path, edit(add=[("标准文件_正文表标题", "表3　其他"), (T, [["项目"], ["x"]]),
                                      (P, "见表3。")]))
    assert found["L005"][0].message == "表编号不连续：应为表2，实为表3"


def test_L006_foreword_with_requirement(tmp_path):
    found = rules(tmp_path, GOOD[:7] + [(P, "使用者应遵守本文件。")] + GOOD[7:])
    assert found["L006"][0].location == "前言" and "应" in found["L006"][0].message


def test_L007_scope_with_provision(tmp_path):
    found = rules(tmp_path, edit(replace={"本文件规定了示例大米的技术要求。": "示例大米应符合本文件的规定。"}))
    assert found["L007"][0].location == "第1章"
    assert "不应使用“应”" in found["L007"][0].message


def test_L008_must_flagged(tmp_path):
    found = rules(tmp_path, edit(replace={"产品应在25 ℃以下贮存，每袋不少于2 kg。": "产品必须在25 ℃以下贮存。"}))
    assert found["L008"][0].location == "4.2" and "必须" in found["L008"][0].message


def test_L009_cited_not_listed_and_listed_not_cited(tmp_path):
    found = rules(tmp_path, edit(add=[(P, "包装应符合GB/T 191的规定。")], drop=("GB 5009.12　",)))
    msgs = {f.message: f.severity for f in found["L009"]}
    assert msgs["文中规范性引用了GB/T 191，但第2章未列出"] == "error"
    assert msgs["文中规范性引用了GB 5009.12，但第2章未列出"] == "error"
    listed_only = rules(tmp_path, GOOD[:12] + [(P, "GB/T 5492　粮油检验 色泽、气味鉴定")] + GOOD[12:])
    assert listed_only["L009"][0].message == "第2章列出了GB/T 5492，但文中未引用"
    assert listed_only["L009"][0].severity == "warning"


def test_L010_undated_reference_with_table_pointer(tmp_path):
    found = rules(tmp_path, edit(add=[(P, "铅的限量见GB 2762的表1。")]))
    assert "GB 2762" in found["L010"][0].message and found["L010"][0].location == "4.2"


def test_L011_table_not_cited(tmp_path):
    found = rules(tmp_path, edit(replace={"污染物限量应符合GB 2762的规定，并应符合表1的规定。":
                                          "污染物限量应符合GB 2762的规定。"}))
    assert found["L011"][0].message == "表1未在条文中提及"


@pytest.mark.parametrize(("text", "rule"), [
    ("水分不超过15,5 %。", "L012"),
    ("每袋不少于2kg。", "L013"),
    ("产品应在25 °C以下贮存。", "L014"),
])
def test_number_and_unit_style(tmp_path, text, rule):
    found = rules(tmp_path, edit(replace={"产品应在25 ℃以下贮存，每袋不少于2 kg。": text}))
    assert list(found) == [rule]
    assert found[rule][0].location == "4.2"


def test_L015_code_for_group_level(tmp_path):
    found = rules(tmp_path, edit(replace={"T/ABC 001—2026": "Q/ABC 001—2026"}))
    assert found["L015"][0].message.startswith("团体标准的编号应以T/开头")


def test_lint_is_pure_on_sts(tmp_path):
    """The STS example group standard has its chapters in order and the 2020 sentences."""
    from tests.conftest import CORPUS

    std = read(CORPUS / "examples" / "T-EXAMPLE_001-2025.xml")
    findings = lint(std)
    assert not [f for f in findings if f.severity == "error"]
    assert {f.rule for f in findings} <= {"L009"}


def test_cli_json_and_exit_codes(tmp_path):
    runner = CliRunner()
    good = build(tmp_path / "good.docx", GOOD)
    res = runner.invoke(main, ["lint", str(good), "--format", "json"])
    assert res.exit_code == 0
    assert json.loads(res.output) == {"file": str(good), "findings": []}
    bad = build(tmp_path / "bad.docx", edit(drop=(DRAFTING,)))
    res = runner.invoke(main, ["lint", str(bad), "--format", "json"])
    assert res.exit_code == 1
    data = json.loads(res.output)
    assert data["findings"][0] == {"rule": "L003", "severity": "error", "location": "前言",
                                   "message": "前言缺少固定句：" + DRAFTING}
    res = runner.invoke(main, ["lint", str(bad)])
    assert res.exit_code == 1 and "error L003" in res.output


def test_L005_annex_letters(tmp_path):
    annexes = [("标准文件_附录标识", "附录A"), (P, "（资料性）"), (P, "产区"), (P, "产区见正文。"),
               ("标准文件_附录标识", "附录C"), (P, "（资料性）"), (P, "品种"), (P, "品种见正文。")]
    found = rules(tmp_path, GOOD + annexes)
    assert [f.message for f in found["L005"]] == ["附录编号不连续：应为B，实为C"]
    assert "L005" not in rules(tmp_path, GOOD + annexes[:4])


STORAGE = "产品应在25 ℃以下贮存，每袋不少于2 kg。"


def test_L016_list_punctuation(tmp_path):
    clean = [(P, "贮存场所应符合下列要求："), (P, "——阴凉；"), (P, "——干燥；"), (P, "——通风。")]
    assert rules(tmp_path, edit(add=clean)) == {}
    bad = [(P, "贮存场所应符合下列要求："), (P, "——阴凉，"), (P, "——干燥；"), (P, "——通风")]
    found = rules(tmp_path, edit(add=bad))
    assert list(found) == ["L016"]
    assert [(f.location, f.message) for f in found["L016"]] == [
        ("4.2", "列项的引语以“：”结尾时，各项应以“；”结尾：——阴凉，"),
        ("4.2", "列项的引语以“：”结尾时，最后一项应以“。”结尾：——通风")]
    lettered = rules(tmp_path, edit(add=[(P, "检验项目如下："), (P, "a) 水分；"), (P, "b) 铅；")]))
    assert [f.message for f in lettered["L016"]] == ["列项的引语以“：”结尾时，最后一项应以“。”结尾：b)铅；"]


def test_L017_modal_verb_in_term_definition(tmp_path):
    def with_term(definition: str) -> list[tuple]:
        lines = edit(replace={"本文件没有需要界定的术语和定义。": "下列术语和定义适用于本文件。"})
        i = lines.index((P, "下列术语和定义适用于本文件。")) + 1
        entry = [("标准文件_术语条一", "3.1"), ("标准文件_术语", "示例大米　example rice"), (P, definition)]
        return lines[:i] + entry + lines[i:]

    assert rules(tmp_path, with_term("以稻谷为原料，经清理、砻谷、碾米加工而成的可食用大米。")) == {}
    found = rules(tmp_path, with_term("以稻谷为原料加工而成、水分应不超过15.0 %的大米。"))
    assert list(found) == ["L017"]
    f = found["L017"][0]
    assert (f.severity, f.location) == ("error", "3.1")
    assert f.message.startswith("术语的定义不应包含要求型条款（“应”）：示例大米——")
    assert "“必须”" in rules(tmp_path, with_term("必须以稻谷为原料加工而成的大米。"))["L017"][0].message


def test_L018_hanging_paragraph(tmp_path):
    i = next(k for k, x in enumerate(GOOD) if x[1] == "4　技术要求")
    hanging = GOOD[:i + 1] + [(P, "产品应符合本章的要求。")] + GOOD[i + 1:]
    found = rules(tmp_path, hanging)
    assert list(found) == ["L018"]
    assert found["L018"][0].location == "4"
    assert found["L018"][0].message.startswith("悬置段：4下设条，其标题与4.1之间不应有段")
    # the same text as 4.1 总则 is fine
    fixed = GOOD[:i + 1] + [("标准文件_一级条标题", "4.1　总则"), (P, "产品应符合本章的要求。")] + [
        (s, c.replace("4.1　", "4.2　").replace("4.2　贮存", "4.3　贮存") if isinstance(c, str) else c)
        for s, c in GOOD[i + 1:]]
    assert rules(tmp_path, fixed) == {}


@pytest.mark.parametrize(("entries", "page_break", "expected"), [
    ([], False, [("L020", "目次"), ("L019", "前言")]),
    ([(1, "前言", "I"), (1, "1　范围", "1")], False, [("L019", "前言")]),
    ([(1, "前言", "I"), (1, "1　范围", "1")], True, []),
])
def test_toc_and_foreword_on_separate_pages(tmp_path, entries, page_break, expected):
    """GB/T 1.1—2020 8.2/8.3: 目次 and 前言 each begin a page; an empty 目次 field is reported."""
    doc = gbt11.new_document()
    for style, content in GOOD[:3]:
        gbt11.para(doc, content, style)
    gbt11.add_toc(doc, entries)
    for style, content in GOOD[3:]:
        if style == T:
            gbt11.table(doc, content)
            continue
        p = gbt11.para(doc, content, style)
        if content == "前言" and page_break:
            gbt11.page_break_before(p)
    path = tmp_path / "toc.docx"
    doc.save(str(path))
    found = lint_file(path)
    assert [(f.rule, f.location) for f in found] == expected
    assert all(f.severity == "warning" for f in found)
    assert all("分页" in f.message for f in found if f.rule == "L019")
