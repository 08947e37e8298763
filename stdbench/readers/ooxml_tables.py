"""Rows of a Word table (w:tbl) with their spans resolved from w:gridSpan and w:vMerge; tracked row
deletions accepted, content controls looked through.
"""
from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from stdbench.readers.ooxml_attrs import W, _int, _on, wattr
from stdbench.readers.ooxml_text import para_text


@dataclass
class RawCell:
    """A table cell with its spans resolved from w:gridSpan and w:vMerge."""

    paras: list[etree._Element]
    col: int
    colspan: int = 1
    rowspan: int = 1


@dataclass
class RawRow:
    cells: list[RawCell]
    header: bool = False


def table_rows(tbl: etree._Element) -> list[RawRow]:
    """Rows of a w:tbl; vertically merged continuation cells are folded into the restart cell's rowspan."""
    rows: list[RawRow] = []
    open_merge: dict[int, RawCell] = {}  # grid column → the cell a w:vMerge continue extends
    for tr in _children(tbl, "tr"):
        trpr = tr.find(W + "trPr")
        if trpr is not None and trpr.find(W + "del") is not None:  # a tracked row deletion: accepted
            continue
        header = trpr is not None and _on(trpr.find(W + "tblHeader"))
        col = _int(wattr(trpr.find(W + "gridBefore"), "val"), 0) if trpr is not None else 0
        cells: list[RawCell] = []
        for tc in _children(tr, "tc"):
            tcpr = tc.find(W + "tcPr")
            span = max(_int(wattr(tcpr.find(W + "gridSpan"), "val"), 1), 1) if tcpr is not None else 1
            vm = tcpr.find(W + "vMerge") if tcpr is not None else None
            paras = list(tc.iter(W + "p"))
            if vm is not None and wattr(vm, "val") in (None, "continue") and col in open_merge:
                owner = open_merge[col]
                owner.rowspan += 1
                owner.paras.extend(p for p in paras if para_text(p).text.strip())
            else:
                cell = RawCell(paras=paras, col=col, colspan=span)
                cells.append(cell)
                for c in range(col, col + span):
                    open_merge.pop(c, None)
                if vm is not None and wattr(vm, "val") == "restart":
                    open_merge[col] = cell
            col += span
        rows.append(RawRow(cells=cells, header=header))
    return rows


def _children(el: etree._Element, name: str) -> list[etree._Element]:
    """Direct w:name children, looking through content controls and custom XML wrappers."""
    out: list[etree._Element] = []
    for child in el:
        if child.tag == W + name:
            out.append(child)
        elif child.tag in (W + "sdt", W + "customXml", W + "sdtContent", W + "ins", W + "moveTo"):
            out.extend(_children(child, name))
    return out
