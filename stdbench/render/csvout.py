"""The 对标 matrix as CSV for spreadsheets: UTF-8 with BOM (Excel), formula-looking cells neutralised."""
from __future__ import annotations

import csv
import io

from stdbench.render.cells import neutralise
from stdbench.render.report_data import ReportData, Texts


def matrix_csv(data: ReportData) -> bytes:
    """One line per matrix row: group, parameter, subject, then limit and verdict for every standard."""
    t = Texts(data.lang)
    codes = [s.code for s in data.standards]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    header = [t("col_group"), t("col_parameter"), t("col_subject")]
    for code in codes:
        header += [code, f"{code} {t('col_verdict')}"]
    w.writerow([neutralise(h) for h in header])
    for row in data.rows:
        line = [t.group(row.group), row.name or row.parameter, row.subject]
        for code in codes:
            cell = row.cell(code)
            line += [cell.limit if cell else "", _verdict(t, cell.verdict if cell else "absent")]
        w.writerow([neutralise(x) for x in line])
    return "\ufeff".encode() + buf.getvalue().encode("utf-8")


def _verdict(t: Texts, v: str) -> str:
    return "" if v in ("absent", "baseline") else t.verdict(v)
