"""Laboratory results (检验结果) from .csv or .xlsx → :class:`Result` rows, with every bad row reported.

Headers are recognised by meaning (样品编号 / Sample ID / 样品编码 …, vocabulary in
``stdbench/data/results_headers.toml``): width-folded, units in brackets dropped, then fuzzy. Values keep the
precision they were reported with (``0.120`` stays ``0.120``, GB/T 8170 needs it); ``未检出``, ``ND`` and
``<0.01`` become censored results with their detection limit. A row that cannot be judged (no value, an
unknown parameter, "见附件", an unknown unit) is skipped with an :class:`Issue` naming file, row and column;
the rest of the file is still read. A whole required column missing is a :class:`ReaderError`.
"""
from __future__ import annotations

import csv
import io
import re
import tomllib
import zipfile
from collections import Counter
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field
from rapidfuzz import fuzz, process

from stdbench.errors import ReaderError, StdbenchError
from stdbench.normalize.lexicon import lookup
from stdbench.normalize.quantity import parse_number
from stdbench.normalize.text import fold
from stdbench.normalize.units import normalize_chars, parse_unit, split_unit_basis

__all__ = ["Issue", "Result", "ResultSet", "header_field", "parse_result_value", "read_results"]

MAX_BYTES = 50 * 1024 * 1024  # a results table is small; refuse anything larger
MAX_ROWS = 200_000


class Result(BaseModel):
    """One measured value: sample × parameter, as the lab reported it (value kept exact)."""

    sample_id: str
    enterprise: str = ""
    product: str = ""
    grade: str | None = None
    parameter: str | None = None  # canonical id from the lexicon
    label: str = ""  # the parameter as written
    value_text: str = ""
    value: Decimal | None = None  # the number as reported; None when censored
    censored: bool = False  # below the detection limit (未检出, ND, <0.01)
    detection_limit: Decimal | None = None
    unit: str | None = None  # canonical unit
    basis: str | None = None
    method: str = ""
    date: str = ""
    row: int = 0  # 1-based row in the file (header = its own row number)
    file: str = ""


class Issue(BaseModel):
    """A row (or cell) that could not be used, and why."""

    file: str = ""
    row: int | None = None
    column: str | None = None
    reason: str  # missing-value, unknown-parameter, non-numeric, unknown-unit, incompatible-unit, missing-sample
    message: str
    item: str = ""  # the parameter as written in the row (镉), for worded messages in any language
    value: str = ""  # the offending cell text (见附件, furlongs) or, for incompatible-unit, the result's unit
    target: str = ""  # incompatible-unit: the limit's unit
    standard: str = ""  # incompatible-unit: the standard whose limit could not be compared

    def __str__(self) -> str:
        where = ", ".join(x for x in (f"row {self.row}" if self.row else "",
                                      f"column {self.column!r}" if self.column else "") if x)
        return f"{self.file}: {where}: {self.message}" if where else f"{self.file}: {self.message}"


class ResultSet(BaseModel):
    """What a results file gave: usable results, skipped rows, and which header went to which field."""

    file: str = ""
    results: list[Result] = Field(default_factory=list)
    issues: list[Issue] = Field(default_factory=list)
    columns: dict[str, str] = Field(default_factory=dict)  # field → header as written
    rows_read: int = 0

    def skipped(self) -> Counter:
        """How many rows were skipped, by reason."""
        return Counter(i.reason for i in self.issues if i.row is not None)


# ------------------------------------------------------------------------------------ vocabulary


@cache
def vocabulary() -> dict[str, Any]:
    """results_headers.toml, loaded once."""
    text = resources.files("stdbench.data").joinpath("results_headers.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


_BRACKET_TAIL = re.compile(r"\s*[(\[（［][^()\[\]（）［］]*[)\]）］]\s*$")


def _header_key(text: str) -> str:
    s = fold(text).strip().rstrip(":：*")
    s = _BRACKET_TAIL.sub("", s) or s
    s = re.sub(r"\s*/\s*[^/]*$", "", s) if "/" in s and not s.startswith("/") else s  # 检测结果/(mg/kg)
    return s.replace(" ", "").replace("_", "").replace(".", "")


@cache
def _header_index() -> dict[str, str]:
    out: dict[str, str] = {}
    for field, spec in vocabulary()["columns"].items():
        for name in spec["names"]:
            out.setdefault(_header_key(name), field)
    return out


def header_field(header: str) -> tuple[str | None, float]:
    """The field a column header names (``"检测结果(mg/kg)"`` → ``"value"``) and the match score (100 exact)."""
    key = _header_key(header)
    if not key:
        return None, 0.0
    index = _header_index()
    if key in index:
        return index[key], 100.0
    hit = process.extractOne(key, list(index), scorer=fuzz.ratio,
                             score_cutoff=vocabulary()["matching"]["min_score"])
    return (index[hit[0]], float(hit[1])) if hit else (None, 0.0)


def _map_columns(headers: list[str], file: str) -> tuple[dict[str, int], dict[str, str]]:
    """field → column index (exact matches before fuzzy ones; the first column wins a field)."""
    scored = []
    for i, h in enumerate(headers):
        field, score = header_field(h)
        if field is not None:
            scored.append((-score, i, field))
    cols: dict[str, int] = {}
    for _, i, field in sorted(scored):
        if field not in cols and i not in cols.values():
            cols[field] = i
    missing = [f for f, spec in vocabulary()["columns"].items() if spec.get("required") and f not in cols]
    if missing:
        names = "、".join(vocabulary()["columns"][f]["names"][0] for f in missing)
        raise ReaderError(f"missing required column(s): {names} ({', '.join(missing)}); "
                          f"headers found: {', '.join(h for h in headers if h) or '(none)'}", file=file,
                          location="header")
    return cols, {f: headers[i] for f, i in cols.items()}


# ------------------------------------------------------------------------------------ values

_LT = re.compile(r"^(?:<|＜|≤|小于|低于)\s*(?P<rest>.+)$")
_NUM_HEAD = re.compile(r"^(?P<num>[-+]?(?:[0-9]+(?:[.,][0-9]+)?|\.[0-9]+)(?:\s*[×xX*]\s*10\^?[-+]?[0-9]+"
                       r"|[eE][-+]?[0-9]+)?)\s*(?P<rest>.*)$")


def _nd_pattern() -> re.Pattern[str]:
    words = sorted(vocabulary()["values"]["not_detected"], key=len, reverse=True)
    alts = [re.escape(w) + (r"(?![A-Za-z])" if w[-1].isalpha() else "") for w in words]
    return re.compile(r"(?<![A-Za-z])(?:" + "|".join(alts) + ")", re.IGNORECASE)


_ND = None


def _number_and_unit(text: str) -> tuple[Decimal, str | None]:
    """``"0.12 mg/kg"`` → (0.12, "mg/kg"); raises StdbenchError when no number leads the text."""
    m = _NUM_HEAD.match(text.strip())
    if m is None:
        raise StdbenchError(f"not a number: {text!r}")
    value = parse_number(m["num"])
    rest = m["rest"].strip(" ()（）")
    return value, (parse_unit(rest) if rest else None)


def parse_result_value(text: str) -> tuple[Decimal | None, bool, Decimal | None, str | None]:
    """A result cell → (value, censored, detection_limit, unit written in the cell).

    ``"0.120"`` → (0.120, False, None, None); ``"<0.01"`` → (None, True, 0.01, None); ``"未检出(<0.005 mg/kg)"``
    → (None, True, 0.005, "mg/kg"); ``"ND"`` → (None, True, None, None). Raises StdbenchError otherwise.
    """
    global _ND
    _ND = _ND or _nd_pattern()
    s = normalize_chars(text).strip()
    if not s:
        raise StdbenchError("empty value")
    nd = _ND.search(s)
    if nd is not None:
        rest = (s[: nd.start()] + " " + s[nd.end():]).strip(" ()（）:：,，")
        for word in vocabulary()["values"]["detection_limit"]:
            rest = re.sub(rf"(?<![A-Za-z]){re.escape(word)}(?![A-Za-z])", "", rest, flags=re.IGNORECASE)
        rest = rest.strip(" ()（）:：=,，<＜")
        if not rest:
            return None, True, None, None
        dl, unit = _number_and_unit(rest)
        return None, True, dl, unit
    if (lt := _LT.match(s)) is not None:
        dl, unit = _number_and_unit(lt["rest"])
        return None, True, dl, unit
    value, unit = _number_and_unit(s)
    return value, False, None, unit


# ------------------------------------------------------------------------------------ files


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value) if value != int(value) else str(int(value))
    return str(value).strip()


def _csv_rows(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:  # gb18030 decodes nearly anything; kept for clarity
        raise ReaderError("not a text file (neither UTF-8 nor GB18030)", file=path)
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text), dialect)]
    except csv.Error as exc:
        raise ReaderError(f"malformed CSV: {exc}", file=path) from None


def _check_zip(path: Path) -> None:
    from stdbench.readers.ooxml import MAX_MEMBER_BYTES, MAX_MEMBERS, MAX_RATIO

    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise ReaderError(f"not an .xlsx file: {exc}", file=path) from None
    if len(infos) > MAX_MEMBERS:
        raise ReaderError(f"too many zip members ({len(infos)})", file=path)
    for info in infos:
        if info.file_size > MAX_MEMBER_BYTES or (
                info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1)):
            raise ReaderError("zip member too large or too highly compressed", file=path, location=info.filename)


def _xlsx_rows(path: Path) -> list[list[str]]:
    try:
        import openpyxl  # lazily: CSV works without it
    except ImportError:
        raise ReaderError("reading .xlsx needs openpyxl (pip install openpyxl); or save the sheet as CSV",
                          file=path) from None
    _check_zip(path)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            ws = wb.active or wb.worksheets[0]
            rows = []
            for i, row in enumerate(ws.iter_rows(values_only=True)):
                if i >= MAX_ROWS:
                    raise ReaderError(f"more than {MAX_ROWS} rows", file=path)
                rows.append([_cell_text(v) for v in row])
            return rows
        finally:
            wb.close()
    except StdbenchError:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds (KeyError, InvalidFileException …)
        raise ReaderError(f"cannot read the workbook: {type(exc).__name__}: {exc}", file=path) from None


def _is_comment(row: list[str]) -> bool:
    first = next((c for c in row if c), "")
    return not first or any(first.startswith(p) for p in vocabulary()["values"]["comment_prefixes"])


def read_rows(path: str | Path) -> list[list[str]]:
    """The raw cell texts of a .csv or .xlsx file (first sheet), row by row."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise ReaderError(f"cannot read: {exc.strerror or exc}", file=p) from None
    if size > MAX_BYTES:
        raise ReaderError(f"file too large ({size} bytes; limit {MAX_BYTES})", file=p)
    if p.suffix.lower() in (".xlsx", ".xlsm"):
        return _xlsx_rows(p)
    if p.suffix.lower() == ".xls":
        raise ReaderError("the old .xls format is not supported; save as .xlsx or CSV", file=p)
    return _csv_rows(p)


def read_results(path: str | Path) -> ResultSet:
    """Read a results file; bad rows become issues, a missing required column raises ReaderError."""
    p = Path(path)
    rows = read_rows(p)
    start = next((i for i, r in enumerate(rows) if not _is_comment(r)), None)
    if start is None:
        raise ReaderError("no header row (the file is empty or only comments)", file=p)
    headers = rows[start]
    cols, names = _map_columns(headers, str(p))
    header_unit = _header_unit(headers[cols["value"]])
    out = ResultSet(file=str(p), columns=names)
    for n, row in enumerate(rows[start + 1:], start=start + 2):
        if _is_comment(row) and not any(row[1:]):
            continue
        out.rows_read += 1
        try:
            out.results.append(_result(row, cols, names, header_unit, n, str(p)))
        except _RowProblem as prob:
            out.issues.append(Issue(file=str(p), row=n, column=prob.column, reason=prob.reason,
                                    message=prob.message, item=prob.item, value=prob.value))
    return out


class _RowProblem(Exception):
    def __init__(self, reason: str, column: str | None, message: str, item: str = "", value: str = ""):
        super().__init__(message)
        self.reason, self.column, self.message, self.item, self.value = reason, column, message, item, value


def _header_unit(header: str) -> str | None:
    """The unit a value header carries: ``检测结果(mg/kg)`` / ``Result, mg/kg`` → ``mg/kg``."""
    m = re.search(r"[(（\[［]([^()（）\[\]［］]+)[)）\]］]\s*$|[,，/]\s*([^,，/]+/[^,，]+|%)\s*$", fold(header))
    if m is None:
        return None
    try:
        return split_unit_basis(m[1] or m[2])[0]
    except StdbenchError:
        return None


def _result(row: list[str], cols: dict[str, int], names: dict[str, str], header_unit: str | None,
            n: int, file: str) -> Result:
    def cell(field: str) -> str:
        i = cols.get(field)
        return row[i].strip() if i is not None and i < len(row) else ""

    sample = cell("sample_id")
    if not sample:
        raise _RowProblem("missing-sample", names["sample_id"], "no sample id")
    label = cell("parameter")
    match = lookup(label) if label else None
    if match is None:
        raise _RowProblem("unknown-parameter", names["parameter"],
                          f"unknown parameter {label!r}" if label else "no parameter", value=label)
    raw = cell("value")
    if not raw:
        raise _RowProblem("missing-value", names["value"], f"no value for {label!r}", item=label)
    try:
        value, censored, dl, cell_unit = parse_result_value(raw)
    except StdbenchError:
        raise _RowProblem("non-numeric", names["value"], f"not a number: {raw!r} ({label})", item=label,
                          value=raw) from None
    unit_text = cell("unit")
    unit, basis = cell_unit, None
    if unit_text:
        try:
            unit, basis = split_unit_basis(unit_text)
        except StdbenchError:
            raise _RowProblem("unknown-unit", names.get("unit"), f"unknown unit {unit_text!r} ({label})", item=label,
                              value=unit_text) from None
    unit = unit or header_unit or match.unit
    return Result(sample_id=sample, enterprise=cell("enterprise"), product=cell("product"),
                  grade=cell("grade") or None, parameter=match.parameter.id, label=label, value_text=raw,
                  value=value, censored=censored, detection_limit=dl, unit=unit, basis=basis or match.basis,
                  method=cell("method"), date=cell("date"), row=n, file=file)
