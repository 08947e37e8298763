"""The 对标 report as Word .docx: cover, TOC, sections 1–7 and the annex, charts as PNG.

All text goes into plain runs (python-docx escapes it), so titles or cells that look like field codes or
markup stay inert text. Fonts: 黑体 headings, 宋体 body, set as w:eastAsia on every run (see :mod:`.ooxml`).
"""
from __future__ import annotations

import io
import re
from datetime import datetime, time
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.shared import Cm, Pt, RGBColor

from stdbench.analysis.redline import Op, Redline
from stdbench.outputs import write_atomic
from stdbench.render import ooxml
from stdbench.render.report_data import (
    MatrixCell,
    MatrixRow,
    ReportData,
    Texts,
    alignment_summary,
    cap,
    conclusion_lines,
    count_columns,
    horizontal_line,
    legend_flags,
    tighten_lines,
)

_XML_BAD = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_REDLINE_CHARS = 160  # a redline op in a table cell is cut here: the annex shows changes, not whole tables
_TABLE_CHANGES = 12  # table-cell changes listed per clause pair, then "另有 N 处"
_LANDSCAPE_WIDTH = 29.7 - 2 * 2.0  # cm of text width in the landscape matrix section (2 cm margins)


def clean(text: object) -> str:
    """Text safe for XML (control characters dropped); None → ''."""
    return _XML_BAD.sub("", "" if text is None else str(text))


def _date(d) -> str:
    return d.isoformat() if d else "—"


class _Writer:
    def __init__(self, data: ReportData):
        self.data = data
        self.t = Texts(data.lang)
        self.doc: Document = docx.Document()
        sec = self.doc.sections[0]
        sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)  # A4, as GB/T 1.1 prescribes
        sec.left_margin = sec.right_margin = Cm(2.5)
        normal = self.doc.styles["Normal"]
        normal.font.size = Pt(10.5)  # 五号

    # ------------------------------------------------------------------ primitives
    def para(self, text: str = "", bold: bool = False, size: float | None = None, align: int | None = None):
        p = self.doc.add_paragraph()
        if text:
            run = p.add_run(clean(text))
            run.bold = bold or None
            if size:
                run.font.size = Pt(size)
        if align is not None:
            p.alignment = align
        return p

    def heading(self, text: str, level: int) -> None:
        h = self.doc.add_heading(level=level)
        run = h.add_run(clean(text))
        run.font.color.rgb = RGBColor(0, 0, 0)

    def table(self, header: list[str], rows: list[list[str]], fills: list[list[str | None]] | None = None,
              size: float | None = None):
        tbl = self.doc.add_table(rows=1, cols=len(header))
        ooxml.set_table_borders(tbl)
        for cell, text in zip(tbl.rows[0].cells, header):
            run = cell.paragraphs[0].add_run(clean(text))
            run.bold = True
            if size:
                run.font.size = Pt(size)
            ooxml.shade_cell(cell, "D9D9D9")
        ooxml.repeat_header_row(tbl.rows[0])
        for r, values in enumerate(rows):
            cells = tbl.add_row().cells
            for c, (cell, text) in enumerate(zip(cells, values)):
                lines = clean(text).split("\n")
                par = cell.paragraphs[0]
                for i, line in enumerate(lines):
                    if i:
                        par.add_run().add_break()
                    run = par.add_run(line)
                    if size:
                        run.font.size = Pt(size)
                fill = fills[r][c] if fills else None
                if fill:
                    ooxml.shade_cell(cell, fill)
        return tbl

    def redline_runs(self, par, ops: list[Op]) -> None:
        for op in ops:
            if op.op == "equal":
                par.add_run(clean(op.new))
                continue
            if op.old:
                run = par.add_run(clean(cap(op.old, _REDLINE_CHARS, self.t("redline_cut"))))
                run.font.strike = True
                run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
            if op.new:
                run = par.add_run(clean(cap(op.new, _REDLINE_CHARS, self.t("redline_cut"))))
                run.font.underline = True
                run.font.color.rgb = RGBColor(0x00, 0x60, 0xC0)

    # ------------------------------------------------------------------ sections
    def cover(self) -> None:
        d, t = self.data, self.t
        for _ in range(6):
            self.para()
        self.para(t("report_title"), bold=True, size=26, align=1)
        self.para()
        self.para("、".join(s.code for s in d.benchmarked), size=16, align=1)
        self.para(t("cover_subtitle", baseline=d.baseline_label), size=14, align=1)
        for _ in range(8):
            self.para()
        self.para(t("org_line"), size=12, align=1)
        self.para(t("cover_date", date=d.date.isoformat()), size=12, align=1)
        self.para(t("cover_tool", version=d.version), size=10.5, align=1)
        ooxml.page_break(self.doc.paragraphs[-1])
        self.para(t("toc"), bold=True, size=16, align=1)
        ooxml.add_toc(self.doc.add_paragraph(), "1-2", t("toc_placeholder"))
        ooxml.page_break(self.doc.add_paragraph())

    def overview(self) -> None:
        d, t = self.data, self.t
        self.heading(f"1 {t('s1')}", 1)
        self.para(t("purpose", objects="、".join(s.code for s in d.benchmarked), baseline=d.baseline_label))
        self.table([t("col_item"), t("col_content")], [[t("objects"), "、".join(s.code for s in d.benchmarked)],
                                         [t("baseline"), d.baseline_label], [t("date"), d.date.isoformat()],
                                         [t("version"), f"stdbench {d.version}"]])

    def objects(self) -> None:
        d, t = self.data, self.t
        self.heading(f"2 {t('s2')}", 1)
        rows = []
        for s in d.standards:
            nature = t("unknown") if s.mandatory is None else t("mandatory_yes" if s.mandatory else "mandatory_no")
            rows.append([s.code, s.title or s.title_en, t.level(s), nature, t(f"status_{s.status}"), _date(s.issued),
                         _date(s.implemented), t.issuer(s.issuer), t(f"role_{s.role}")])
        self.table([t(k) for k in ("col_code", "col_title", "col_level", "col_mandatory", "col_status",
                                   "col_issued", "col_implemented", "col_issuer", "col_role")], rows)

    def method(self) -> None:
        t = self.t
        self.heading(f"3 {t('s3')}", 1)
        self.para(t("method_align"))
        self.para(t("method_compare"))
        if self.data.conversions:
            self.para(t("method_units"))
            for line in self.data.conversions:
                self.para(f"—— {line}")
        else:
            self.para(t("method_no_units"))

    def structure(self) -> None:
        t = self.t
        self.heading(f"4 {t('s4')}", 1)
        for n, al in enumerate(self.data.alignments, start=1):
            self.heading(f"4.{n} {al.a} — {al.b}", 2)
            if al.horizontal:
                self.para(horizontal_line(al, t))
                continue
            self.para(alignment_summary(al, t, self.data.baseline))
            rows = [[t("only_in", code=code), al.lonely(side)] for side, code in (("a", al.a), ("b", al.b))
                    if al.lonely(side)]
            if rows:
                self.table([t("col_standard"), t("no_counterpart")], rows)

    def matrix(self, charts: dict[str, bytes]) -> None:
        d, t = self.data, self.t
        self._orient(landscape=True)  # the matrix is wide: its own landscape section
        self.heading(f"5 {t('s5')}", 1)
        self.para(t("matrix_intro", baseline=d.baseline_label))
        codes = [s.code for s in d.standards]
        widths = _column_widths(codes)
        for n, (group, rows) in enumerate(d.groups(), start=1):
            self.heading(f"5.{n} {t.group(group)}", 2)
            body, fills = [], []
            for row in rows:
                subject = t.term(row.shown_subject(d.baseline))
                line, fill = [row.name or row.parameter, subject or "—"], [None, None]
                for code in codes:
                    cell = row.cell(code)
                    v = cell.shown_verdict() if cell else "absent"
                    line.append(_cell_text(cell, v, t, subject))
                    fill.append(t.colors.get(v))
                body.append(line)
                fills.append(fill)
            tbl = self.table([t("col_parameter"), t("col_subject"), *codes], body, fills, size=8)
            ooxml.set_column_widths(tbl, widths)
            for note in _original_notes(rows, codes, t):
                self.para(note, size=8)
        flags = legend_flags(d)
        for key, text in (("inherited", "legend_inherited"), ("unverified", "legend_unverified"),
                          ("normalized", "legend_normalized_docx")):
            if flags[key]:
                self.para(t(text), size=9)
        self._orient(landscape=False)
        if "limits" in charts:
            self.doc.add_picture(io.BytesIO(charts["limits"]), width=Cm(15.5))
            self.para(t("figure_limits"), align=1)
        self.edition(len(d.groups()) + 1)

    def edition(self, n: int) -> None:
        d, t = self.data, self.t
        if not d.edition_changes and not d.edition_summaries:
            return
        first = d.edition_changes[0] if d.edition_changes else None
        self.heading(f"5.{n} " + t("edition_heading", old=first.old_code if first else "",
                                   new=first.new_code if first else ""), 2)
        for line in d.edition_summaries:
            self.para(line)
        if d.edition_changes:
            self.table([t("col_clause"), t("col_parameter"), t("col_subject"), t("col_old"), t("col_new"),
                        t("col_change")],
                       [[c.clause or "—", c.label or c.parameter or "—", c.subject or "—", c.old or "—",
                         c.new or "—", t(f"change_{c.change}")] for c in d.edition_changes])

    def compliance(self) -> None:
        t = self.t
        self.heading(f"6 {t('s6')}", 1)
        fs = self.data.findings
        if not fs:
            self.para(t("no_findings"))
            return
        self.para(t("findings_intro"))
        fill = {"error": "FFC7CE", "warning": "FFEB9C"}
        self.table([t("col_standard"), t("col_severity"), t("col_rule"), t("col_clause"), t("col_message"),
                    t("col_reference")],
                   [[f.standard, t(f"severity_{f.severity}"), t.rule(f.rule), f.clause or "—", f.message,
                     f.reference or "—"] for f in fs],
                   [[None, fill.get(f.severity), None, None, None, None] for f in fs])

    def conclusions(self, charts: dict[str, bytes]) -> None:
        d, t = self.data, self.t
        self.heading(f"7 {t('s7')}", 1)
        self.para(t("counts_intro", baseline=d.baseline_label))
        cols = count_columns(d.counts)
        self.table([t("col_standard"), *(t.verdict(v) for v in cols)],
                   [[code, *(str(c.get(v, 0)) for v in cols)] for code, c in d.counts.items()])
        if "counts" in charts:
            self.doc.add_picture(io.BytesIO(charts["counts"]), width=Cm(15.5))
            self.para(t("figure_counts"), align=1)
        for line in conclusion_lines(d, t):
            self.para(line)
        if d.tighten:
            self.para(t("tighten_intro"))
            for line in tighten_lines(d, t):
                self.para("—— " + line)
        else:
            self.para(t("no_tighten"))

    def annex(self) -> None:
        t = self.t
        self.heading(t("appendix"), 1)
        self.para(t("redline_legend"))
        for n, al in enumerate(self.data.alignments, start=1):
            self.heading(f"A.{n} {al.a} — {al.b}", 2)
            if al.horizontal:
                self.para(horizontal_line(al, t))
                continue
            tbl = self.table([t("col_a", code=al.a), t("col_b", code=al.b), t("col_kind"), t("col_score"),
                              t("col_changes")],
                             [[f"{p.a or ''} {p.a_title}".strip() or "—", f"{p.b or ''} {p.b_title}".strip() or "—",
                               t(f"kind_{p.kind.replace('-', '_')}"), f"{p.score:.2f}", ""] for p in al.pairs])
            for row, pair in zip(tbl.rows[1:], al.pairs):
                self._redline_cell(row.cells[4], pair.redline)

    def _redline_cell(self, cell, red: Redline | None) -> None:
        par = cell.paragraphs[0]
        if red is None or not red.changed:
            par.add_run(self.t("unchanged") if red is not None else "—")
            return
        if any(op.op != "equal" for op in red.title):
            par.add_run(self.t("title_change") + "：")
            self.redline_runs(par, red.title)
        if any(op.op != "equal" for op in red.text):
            par = cell.add_paragraph() if par.runs else par
            self.redline_runs(par, _trim(red.text))
        for td in red.tables:
            for ch in td.changes[:_TABLE_CHANGES]:
                p = cell.add_paragraph()
                p.add_run(self.t("table_change", label=td.new_label or td.old_label or "",
                                 row=ch.row + 1, col=ch.column + 1) + "：")
                self.redline_runs(p, _trim(ch.ops))
            if len(td.changes) > _TABLE_CHANGES:
                cell.add_paragraph().add_run(self.t("redline_more", n=len(td.changes) - _TABLE_CHANGES))

    def _orient(self, landscape: bool) -> None:
        """Start a new section in landscape (the matrix) or back in portrait, on a new page."""
        sec = self.doc.add_section(WD_SECTION.NEW_PAGE)
        sec.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        long, short = Cm(29.7), Cm(21.0)
        sec.page_width, sec.page_height = (long, short) if landscape else (short, long)
        sec.left_margin = sec.right_margin = Cm(2.0 if landscape else 2.5)

    def build(self, charts: dict[str, bytes]) -> Document:
        self.cover()
        self.overview()
        self.objects()
        self.method()
        self.structure()
        self.matrix(charts)
        self.compliance()
        self.conclusions(charts)
        self.annex()
        ooxml.add_page_number_footer(self.doc, self.t("page"))
        for sec in self.doc.sections[1:]:
            sec.different_first_page_header_footer = False
        ooxml.blank_first_page(self.doc.sections[0])  # the cover carries no page number
        ooxml.set_update_fields(self.doc)
        ooxml.apply_east_asian_fonts(self.doc)
        ooxml.stable_ids(self.doc)
        stamp = datetime.combine(self.data.date, time())
        props = self.doc.core_properties
        props.title, props.author, props.last_modified_by = self.t("report_title"), "stdbench", "stdbench"
        props.created = props.modified = stamp
        props.revision = 1
        return self.doc


def _cell_text(cell: MatrixCell | None, verdict: str, t: Texts, subject: str = "") -> str:
    """A matrix cell in Word: limit (normalised), ※ when unverified, [source] when inherited, the category it
    applies to when that differs from the row's 适用对象, then the verdict (the original goes in a note)."""
    if cell is None or not cell.limit:
        text = "—"
    else:
        text = cell.limit + ("" if cell.verified else t("unverified_mark"))
        if cell.inherited_from:
            text += f" [{cell.inherited_from}]"
        category = t.term(cell.category or "")
        if category and category != subject:
            text += "\n" + t("applies_to", x=category)
    if cell is not None and verdict not in ("baseline", "absent"):
        verdict = cell.shown_verdict()
    return text if verdict in ("baseline", "absent") else f"{text}\n{t.verdict(verdict)}"


def _original_notes(rows: list[MatrixRow], codes: list[str], t: Texts) -> list[str]:
    """Under a matrix table, once per standard: the limits written as sentences, as written (not on every row)."""
    notes = []
    for code in codes:
        seen: dict[str, str] = {}
        for row in rows:
            cell = row.cell(code)
            if cell is not None and cell.original and cell.limit not in seen:
                seen[cell.limit] = cell.original
        if seen:
            items = t("clause_sep").join(f"{limit}：{orig}" for limit, orig in seen.items())
            notes.append(t("matrix_original_note", code=code, items=items))
    return notes


def _column_widths(codes: list[str]) -> list[float]:
    """Matrix column widths (cm, landscape): each standard's column at least as wide as the longest token of its
    code at 8 pt, so a designation breaks only at its spaces ("Q/EXAMPLE 0001S-2025", never "Q/ EXAMP LE")."""
    fixed = [2.4, 3.0]
    need = [max(0.2 * max(len(tok) for tok in code.split()) + 0.4, 1.8) for code in codes]
    spare = _LANDSCAPE_WIDTH - sum(fixed) - sum(need)
    if spare > 0:
        need = [w + spare / len(need) for w in need]
    return fixed + need


def _trim(ops: list[Op], context: int = 60) -> list[Op]:
    """Shorten long unchanged stretches to their ends so the annex shows the changes, not whole clauses."""
    out = []
    for op in ops:
        if op.op == "equal" and len(op.new) > 2 * context:
            text = op.new[:context] + " … " + op.new[-context:]
            out.append(Op(op="equal", old=text, new=text))
        else:
            out.append(op)
    return out


def build_docx(data: ReportData, charts: dict[str, bytes] | None = None) -> Document:
    """The report as a python-docx Document (charts: PNG bytes by name; rendered when None)."""
    if charts is None:
        from stdbench.render.charts import charts_png

        charts = charts_png(data)
    return _Writer(data).build(charts)


def docx_bytes(data: ReportData, charts: dict[str, bytes] | None = None) -> bytes:
    buf = io.BytesIO()
    build_docx(data, charts).save(buf)
    return buf.getvalue()


def write_docx(data: ReportData, path: str | Path, force: bool = False,
               charts: dict[str, bytes] | None = None) -> Path:
    """Write the Word report atomically (refuses to overwrite without force)."""
    return write_atomic(path, docx_bytes(data, charts), force=force)


__all__ = ["build_docx", "clean", "docx_bytes", "write_docx"]
