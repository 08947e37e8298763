"""The one vocabulary of stdbench: a standard, whatever its format or level, as a pydantic model.

Readers produce it, analyses consume it, writers render it. Values are :class:`decimal.Decimal` so that
``0.2`` stays ``0.2`` through a JSON round trip (pydantic dumps Decimals as strings in JSON mode).
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=False, validate_assignment=False)


# --------------------------------------------------------------------------- enums


class Level(str, Enum):
    """Level of a standard (标准层级)."""

    international = "international"  # ISO, IEC, Codex
    regional = "regional"  # EN, EU acts
    national = "national"  # GB, GB/T, GB/Z, foreign national (DIN, BS …)
    industry = "industry"  # NY/T, SB/T, LS/T …
    local = "local"  # DB23/T, DBS23
    group = "group"  # T/<org>
    enterprise = "enterprise"  # Q/<org>
    unknown = "unknown"


class Status(str, Enum):
    current = "current"  # 现行
    upcoming = "upcoming"  # 即将实施
    replaced = "replaced"  # 被代替
    withdrawn = "withdrawn"  # 废止
    unknown = "unknown"


class ClauseKind(str, Enum):
    foreword = "foreword"
    introduction = "introduction"
    scope = "scope"
    normative_references = "normative-references"
    terms = "terms"
    symbols = "symbols"
    classification = "classification"
    requirements = "requirements"
    test_methods = "test-methods"
    inspection_rules = "inspection-rules"
    sampling = "sampling"
    marking_packaging_transport_storage = "marking-packaging-transport-storage"
    annex = "annex"
    bibliography = "bibliography"
    other = "other"


class BoundKind(str, Enum):
    interval = "interval"  # lower and/or upper numbers
    not_detected = "not-detected"  # 不得检出, optionally with a detection limit / test portion
    by_reference = "by-reference"  # 应符合GB 2762的规定
    quantum_satis = "quantum-satis"  # 按生产需要适量使用
    not_specified = "not-specified"  # "—", "/", "Not applicable"
    text = "text"  # a qualitative requirement (sensory wording …)


# --------------------------------------------------------------------------- designations


class Designation(_Model):
    """A parsed standard code: ``GB/T 1354-2018``, ``ISO 17301-1:2016``, ``T/HLJFIA 001-2024`` …

    ``prefix`` is the code proper (``GB/T``, ``ISO/IEC``, ``DB23/T``, ``T/HHCX``, ``Q/ABC``, ``CXS``,
    ``Regulation (EU)``), ``number`` the sequence number, ``part`` the part number if any (``1`` in
    ``GB/T 1.1`` and ``ISO 17301-1``), ``year`` the edition year when dated.
    """

    prefix: str
    number: str
    part: str | None = None
    year: int | None = None
    suffix: str | None = None  # the S of food enterprise standards (Q/ABC 0001S-2023)
    raw: str = ""

    @property
    def dated(self) -> bool:
        return self.year is not None

    def __str__(self) -> str:  # canonical text; codes.py formats the same way
        from stdbench.normalize.codes import format_designation

        return format_designation(self)


class Adoption(_Model):
    """How a standard relates to an international one (GB/T 20000.2: IDT, MOD, NEQ)."""

    designation: Designation | None = None
    text: str = ""
    degree: Literal["IDT", "MOD", "NEQ"] | None = None


# --------------------------------------------------------------------------- blocks


class Cell(_Model):
    text: str = ""
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    align: str | None = None


class Row(_Model):
    cells: list[Cell] = Field(default_factory=list)
    section: Literal["head", "body", "foot"] = "body"


class Paragraph(_Model):
    type: Literal["paragraph"] = "paragraph"
    text: str = ""
    style: str | None = None  # e.g. the Word style it came from


class Note(_Model):
    type: Literal["note"] = "note"
    label: str | None = None  # 注1 / NOTE 1
    text: str = ""


class Example(_Model):
    type: Literal["example"] = "example"
    label: str | None = None
    text: str = ""


class ListItem(_Model):
    label: str | None = None  # a), 1), ——
    text: str = ""
    children: list[ListItem] = Field(default_factory=list)


class ListBlock(_Model):
    type: Literal["list"] = "list"
    ordered: bool = False
    items: list[ListItem] = Field(default_factory=list)


class Table(_Model):
    """A table; cells keep their spans so the grid can be rebuilt (see :meth:`grid`)."""

    type: Literal["table"] = "table"
    id: str | None = None
    label: str | None = None  # 表1 / Table 1 / 表A.1
    title: str | None = None
    unit_statement: str | None = None  # 单位为毫克每千克
    rows: list[Row] = Field(default_factory=list)
    footnotes: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)

    def grid(self) -> list[list[Cell | None]]:
        """The table as a rectangular grid; a spanned cell is repeated in every slot it covers.

        Built fresh on each call (a table may change between calls), with a short path for the usual cell
        that spans one row and one column."""
        out: list[list[Cell | None]] = []
        pending: dict[tuple[int, int], Cell] = {}  # (row, column) → the cell spanning down into it
        for r, row in enumerate(self.rows):
            line: list[Cell | None] = []
            for cell in row.cells:
                while pending and (r, len(line)) in pending:
                    line.append(pending.pop((r, len(line))))
                c = len(line)
                span = max(1, cell.colspan)  # a span below 1 counts as 1
                if span == 1:
                    line.append(cell)
                else:
                    line.extend([cell] * span)
                if cell.rowspan > 1:
                    for dr in range(1, cell.rowspan):
                        for dc in range(span):
                            pending[(r + dr, c + dc)] = cell
            while pending and (r, len(line)) in pending:
                line.append(pending.pop((r, len(line))))
            out.append(line)
        width = max((len(line) for line in out), default=0)
        for line in out:
            if len(line) < width:
                line.extend([None] * (width - len(line)))
        return out


class Formula(_Model):
    type: Literal["formula"] = "formula"
    label: str | None = None
    text: str = ""


class Figure(_Model):
    type: Literal["figure"] = "figure"
    label: str | None = None
    title: str | None = None
    text: str = ""  # alt text, caption, key


Block = Annotated[
    Paragraph | Note | Example | ListBlock | Table | Formula | Figure, Field(discriminator="type")
]


# --------------------------------------------------------------------------- terms, references


class Term(_Model):
    number: str | None = None  # 3.1
    term: str  # preferred term in the document's language
    lang: str | None = None
    alternatives: dict[str, list[str]] = Field(default_factory=dict)  # {"en": ["husked rice"], "zh": [...]}
    definition: str = ""
    notes: list[str] = Field(default_factory=list)
    examples: list[str] = Field(default_factory=list)
    source: str | None = None  # [来源：GB/T xxxx—yyyy，3.2]


class Reference(_Model):
    """A cited document: in the reference list (chapter 2 / bibliography) or inline in the text."""

    designation: Designation | None = None
    text: str = ""  # as written, e.g. "GB 2762 食品安全国家标准 食品中污染物限量"
    title: str | None = None
    dated: bool = False
    normative: bool = True
    clause: str | None = None  # where it is listed or cited
    all_parts: bool = False  # GB/T 24734（所有部分）


# --------------------------------------------------------------------------- requirements


class Bound(_Model):
    """A limit as numbers: lower and/or upper, each inclusive or not; or one of the special kinds."""

    kind: BoundKind = BoundKind.interval
    lower: Decimal | None = None
    lower_inclusive: bool = True
    upper: Decimal | None = None
    upper_inclusive: bool = True
    nominal: Decimal | None = None  # 65 in (65±2)%
    tolerance: Decimal | None = None  # 2 in (65±2)%
    detection_limit: Decimal | None = None  # for not-detected: the method's LOD/LOQ, in the unit
    portion: str | None = None  # for not-detected: the test portion, e.g. "25 g"
    reference: Designation | None = None  # for by-reference
    text: str | None = None  # qualitative wording, or the referenced rule as written

    @property
    def direction(self) -> Literal["max", "min", "range", "none"]:
        if self.kind == BoundKind.not_detected:
            return "max"
        if self.kind != BoundKind.interval:
            return "none"
        if self.lower is not None and self.upper is not None:
            return "range"
        if self.upper is not None:
            return "max"
        if self.lower is not None:
            return "min"
        return "none"


class SamplingPlan(_Model):
    """Microbiological sampling plan (GB 4789.1 / GB 29921): n units, c may exceed m, none may exceed M."""

    n: int
    c: int
    m: Decimal
    M: Decimal | None = None  # None: two-class plan
    unit: str | None = None
    portion: str | None = None  # m=0/25 g: absence in 25 g


class Subject(_Model):
    """What a requirement applies to."""

    category: str | None = None  # food category as written (稻谷、糙米、大米（粉）)
    category_code: str | None = None  # GB 2762 Annex A / GB 2760 code, e.g. "01.01"
    grade: str | None = None  # 一级, 优级, Grade 1
    product_type: str | None = None  # husked rice, 籼米
    condition: str | None = None  # further qualifier (e.g. "出厂时", "tropical origin")

    def key(self) -> tuple[str | None, ...]:
        return (self.category_code or self.category, self.grade, self.product_type, self.condition)


class Provenance(_Model):
    """Where a requirement came from, so every value can be traced to its clause and cell."""

    clause: str | None = None
    table: str | None = None  # label, e.g. 表1 / Table 1
    row: int | None = None  # 0-based data row in the table grid
    column: int | None = None  # 0-based column in the table grid
    text: str | None = None  # the sentence or cell text it was read from
    source: str | None = None  # for corpus facts: the published source (e.g. "GB 2762-2025 表1")


class Requirement(_Model):
    """The unit of comparison: one parameter, one subject, one bound."""

    parameter: str | None = None  # canonical id from the lexicon (None when unknown)
    label: str = ""  # the parameter as written
    subject: Subject = Field(default_factory=Subject)
    bound: Bound = Field(default_factory=Bound)
    unit: str | None = None
    basis: str | None = None  # 以Pb计, dry matter, 以脂肪计
    sampling_plan: SamplingPlan | None = None
    methods: list[str] = Field(default_factory=list)  # test methods as cited (GB 5009.12)
    limit_text: str = ""  # the limit as written
    provenance: Provenance = Field(default_factory=Provenance)
    inherited_from: str | None = None  # set when resolved from a referenced standard
    notes: list[str] = Field(default_factory=list)
    verified: bool = True  # False: a corpus value that could not be verified against a second source


# --------------------------------------------------------------------------- clauses and standard


class Clause(_Model):
    id: str | None = None
    number: str | None = None  # "4.2", "A.1", "A" for an annex, None for unnumbered (前言)
    title: str = ""
    kind: ClauseKind = ClauseKind.other
    obligation: Literal["normative", "informative"] | None = None  # annexes
    blocks: list[Block] = Field(default_factory=list)
    terms: list[Term] = Field(default_factory=list)
    children: list[Clause] = Field(default_factory=list)

    def walk(self) -> Iterator[Clause]:
        yield self
        for child in self.children:
            yield from child.walk()

    def text(self) -> str:
        """The clause's own text (not its children's), blocks and terms joined by newlines."""
        return "\n".join(block_texts(self.blocks) + [t for term in self.terms for t in term_texts(term)])


class Standard(_Model):
    designation: Designation | None = None
    designations: list[Designation] = Field(default_factory=list)  # every layer of an adoption
    level: Level = Level.unknown
    mandatory: bool | None = None
    status: Status = Status.unknown
    titles: dict[str, str] = Field(default_factory=dict)  # {"zh": ..., "en": ...}
    language: str | None = None
    edition: str | None = None
    issued: date | None = None
    implemented: date | None = None
    replaces: list[str] = Field(default_factory=list)
    replaced_by: list[str] = Field(default_factory=list)
    adoption: Adoption | None = None
    ics: list[str] = Field(default_factory=list)
    ccs: list[str] = Field(default_factory=list)
    issuer: str | None = None
    product_categories: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)  # e.g. "example of no real enterprise"
    source_format: str | None = None  # sts, metanorma, docx
    source_path: str | None = None
    clauses: list[Clause] = Field(default_factory=list)
    references: list[Reference] = Field(default_factory=list)
    requirements: list[Requirement] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)  # what a reader could not place

    @property
    def code(self) -> str:
        return str(self.designation) if self.designation else ""

    @property
    def title(self) -> str:
        return self.titles.get("zh") or self.titles.get("en") or next(iter(self.titles.values()), "")

    def walk(self) -> Iterator[Clause]:
        for clause in self.clauses:
            yield from clause.walk()

    def clause(self, number: str) -> Clause | None:
        for c in self.walk():
            if c.number == number:
                return c
        return None

    def text(self) -> str:
        return "\n".join(c.text() for c in self.walk())


def block_texts(blocks: list) -> list[str]:
    """Every piece of text held in blocks: paragraphs, notes, list items, table cells, footnotes."""
    out: list[str] = []
    for b in blocks:
        if isinstance(b, Table):
            out.extend(x for x in (b.label, b.title, b.unit_statement) if x)
            out.extend(cell.text for row in b.rows for cell in row.cells)
            out.extend(b.notes)
            out.extend(b.footnotes)
        elif isinstance(b, ListBlock):
            out.extend(item_texts(b.items))
        elif isinstance(b, Figure):
            out.extend(x for x in (b.label, b.title, b.text) if x)
        else:
            out.append(b.text)
    return out


def item_texts(items: list[ListItem]) -> list[str]:
    """The text of every list item, nested items included, in order."""
    out: list[str] = []
    for it in items:
        out.append(it.text)
        out.extend(item_texts(it.children))
    return out


def term_texts(term: Term) -> list[str]:
    alts = [a for values in term.alternatives.values() for a in values]
    return [term.term, *alts, term.definition, *term.notes, *term.examples, *([term.source] if term.source else [])]


ListItem.model_rebuild()
Clause.model_rebuild()
