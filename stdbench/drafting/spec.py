"""The drafting spec: what a group standard should say, loaded from TOML into a pydantic model.

Every problem (bad TOML, missing or mistyped key) is a :class:`StdbenchError` naming the file and the key.
"""
from __future__ import annotations

import re
import tomllib
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from stdbench.errors import StdbenchError

Section = Literal["physchem", "contaminant", "microbe"]
PolicyName = Literal["fixed", "strictest", "tighten", "percentile"]
Stage = Literal["征求意见稿", "送审稿", "报批稿", "发布稿"]
_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,15}$")


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Association(_Spec):
    """The issuing social organisation (社会团体) and its code (社会团体代号)."""

    name: str
    code: str

    @field_validator("code")
    @classmethod
    def _code(cls, v: str) -> str:
        if not _CODE.match(v):
            raise ValueError("association code: upper-case Latin letters and digits, e.g. HLJRICE")
        return v


class Term(_Spec):
    term: str
    en: str = ""
    definition: str


class SensoryItem(_Spec):
    item: str
    requirement: str
    method: str = ""


class ParameterSpec(_Spec):
    """One indicator: the parameter (lexicon id or label) and how its limit is set."""

    parameter: str
    label: str = ""  # as printed in the table, e.g. 镉（以Cd计）; default: the lexicon's zh name
    section: Section = "physchem"
    unit: str = ""
    method: str = ""
    policy: PolicyName = "fixed"
    max: Decimal | None = None  # fixed policy: upper limit
    min: Decimal | None = None  # fixed policy: lower limit
    factor: Decimal | None = None  # tighten: factor applied to the national limit
    subject: str = ""  # strictest: only benchmark rows whose subject mentions this (e.g. 粳米)
    data: str = ""  # percentile: CSV of product-quality results
    share: Decimal | None = None  # percentile: share of results the limit should pass
    reason: str = ""  # the data or rule behind the limit, printed in the 编制说明
    # microbiological sampling plan (GB 4789.1): n units, c may exceed m, none may exceed M (absent: two-class)
    n: int | None = None
    c: int | None = None
    m: str | None = None  # "10^4", "1×10⁴", "100", "0/25 g"
    M: str | None = None

    @field_validator("m", "M", mode="before")
    @classmethod
    def _plan_text(cls, v: object) -> object:
        return str(v) if isinstance(v, (int, float, Decimal)) else v

    @property
    def has_plan(self) -> bool:
        return self.n is not None

    @model_validator(mode="after")
    def _policy_fields(self) -> ParameterSpec:
        given = [k for k in ("n", "c", "m", "M") if getattr(self, k) is not None]
        if given and not {"n", "c", "m"} <= set(given):
            raise ValueError(f"{self.parameter}: a sampling plan needs n, c and m (M for a three-class plan)")
        if given and (self.policy != "fixed" or self.max is not None or self.min is not None):
            raise ValueError(f"{self.parameter}: a sampling plan is a fixed limit; give no policy, max or min")
        if given:
            return self
        if self.policy == "fixed" and self.max is None and self.min is None:
            raise ValueError(f"{self.parameter}: policy 'fixed' needs max or min")
        if self.policy == "tighten" and (self.factor is None or not 0 < self.factor <= 1):
            raise ValueError(f"{self.parameter}: policy 'tighten' needs a factor in (0, 1]")
        if self.policy == "percentile" and (not self.data or self.share is None):
            raise ValueError(f"{self.parameter}: policy 'percentile' needs data and share")
        return self


class Horizontal(_Spec):
    """Horizontal clauses of a food product standard (cn_standards_conventions §1.10); all on by default."""

    mycotoxins: bool = True  # 真菌毒素限量 应符合GB 2761的规定
    pesticides: bool = True  # 农药残留限量 应符合GB 2763的规定
    net_content: bool = True  # 净含量 定量包装商品计量监督管理办法, JJF 1070
    hygiene: bool = True  # 生产加工过程卫生要求 应符合GB 14881的规定


class Inspection(_Spec):
    batch: str
    sampling: str
    factory_items: list[str] = Field(default_factory=list)  # 出厂检验项目 (labels)
    type_conditions: list[str] = Field(default_factory=list)  # 型式检验的情形
    judgement: str


class Annex(_Spec):
    title: str
    normative: bool = False
    paragraphs: list[str]


class Explain(_Spec):
    """Material for the 编制说明 that the spec alone cannot know."""

    task_source: str = ""
    necessity: str = ""
    process: list[str] = Field(default_factory=list)
    disagreements: str = ""
    implementation: list[str] = Field(default_factory=list)


class DraftSpec(_Spec):
    association: Association
    number: str
    year: int
    title_zh: str
    title_en: str = ""
    ics: str
    ccs: str
    stage: Stage = "征求意见稿"  # drafts print （征求意见稿）, the patent request and XXXX-XX-XX dates
    issued: date | None = None  # required for the 发布稿
    implemented: date | None = None
    proposer: str
    administrator: str = ""  # 归口; default: the proposer ("提出并归口")
    drafting_units: list[str]
    drafters: list[str]
    note: str = ""  # e.g. "示例：不代表任何真实协会"
    product: str  # product name as used in the text
    product_type: str = ""  # e.g. 粳米: benchmark rows for other types (籼米) do not apply
    category: str  # food category as in GB 2762 附录A (大米（粉）) — drives the national floor
    scope: list[str]
    terms: list[Term] = Field(default_factory=list)
    raw_materials: list[str] = Field(default_factory=list)
    sensory: list[SensoryItem] = Field(default_factory=list)
    additives: list[str] = Field(default_factory=list)
    parameters: list[ParameterSpec] = Field(default_factory=list, alias="parameter")
    floor: list[str] = Field(default_factory=list)  # mandatory standards for the floor (default in data)
    benchmark: list[str] = Field(default_factory=list)
    references: dict[str, str] = Field(default_factory=dict)  # code → title for documents not in the index
    test_methods: list[str] = Field(default_factory=list)
    inspection: Inspection
    marking: list[str]
    horizontal: Horizontal = Field(default_factory=Horizontal)
    annexes: list[Annex] = Field(default_factory=list, alias="annex")
    explain: Explain = Field(default_factory=Explain)

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    @field_validator("number")
    @classmethod
    def _number(cls, v: str) -> str:
        if not v.isdigit():
            raise ValueError("number: digits only, e.g. 001")
        return v

    @model_validator(mode="after")
    def _dates(self) -> DraftSpec:
        if self.stage == "发布稿" and (self.issued is None or self.implemented is None):
            raise ValueError("stage 发布稿 needs issued and implemented dates")
        return self

    @property
    def is_draft(self) -> bool:
        return self.stage != "发布稿"

    @property
    def code(self) -> str:
        """The printed code: T/<org> nnn—yyyy (GB/T 1.1 form with an em dash)."""
        return f"T/{self.association.code} {self.number}—{self.year}"

    @property
    def ascii_code(self) -> str:
        return f"T/{self.association.code} {self.number}-{self.year}"


def _key_path(loc: tuple) -> str:
    """pydantic's error location as a TOML key: parameter[2].factor."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def load_spec(path: str | Path) -> DraftSpec:
    """Read and validate a drafting spec; errors name the file and the offending key."""
    p = Path(path)
    try:
        raw = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise StdbenchError("no such file", file=p) from None
    except UnicodeDecodeError:
        raise StdbenchError("not UTF-8 text", file=p) from None
    except tomllib.TOMLDecodeError as exc:
        raise StdbenchError(f"not valid TOML: {exc}", file=p) from None
    except OSError as exc:
        raise StdbenchError(f"cannot read: {exc.strerror or exc}", file=p) from None
    try:
        return DraftSpec.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        msg = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        raise StdbenchError(msg, file=p, location=f"key {_key_path(tuple(err['loc'])) or '(top)'}") from None
