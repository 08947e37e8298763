"""Limit policies (fixed, strictest, tighten, percentile) and the mandatory national floor.

A group standard may be stricter than a mandatory national standard, never looser (标准化法; 团体标准管理规定):
whatever the policy, the resolved limit is checked against the floor found in the corpus for the product's
food category, and a looser one is refused with a :class:`PolicyError` naming parameter and both limits.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from stdbench.analysis.applicability import is_horizontal, memo
from stdbench.analysis.categories import CategoryTree, mentions
from stdbench.drafting.gbt11 import vocab as gbt11_vocab
from stdbench.drafting.spec import DraftSpec, ParameterSpec
from stdbench.errors import PolicyError, StdbenchError
from stdbench.model import Requirement, SamplingPlan, Standard
from stdbench.normalize import lexicon, units
from stdbench.normalize.codes import format_designation, try_parse

# mandatory horizontal food-safety standards that set the floor for every food (when no spec.floor)
DEFAULT_FLOOR = ("GB 2762", "GB 2761", "GB 29921")
# table titles used as labels by some corpus tables: 食品中铅限量指标 → 铅
_LABEL_NOISE = re.compile(r"^食品中|限量指标$|限量$")


class CorpusLike(Protocol):
    """What the drafter needs of :class:`stdbench.corpus.Corpus`."""

    def get(self, code: str) -> Standard | None: ...


@dataclass
class Source:
    """One limit found in a standard: where it is, its value in the draft's unit."""

    code: str  # printed form, GB 2762—2025
    value: Decimal
    unit: str
    direction: str
    where: str = ""  # clause and table, e.g. 4.2 表2
    subject: str = ""
    mandatory: bool = False
    verified: bool = True  # False: the corpus value could not be checked against a second source (※)


@dataclass
class DataCheck:
    """Product-quality results checked against a limit that was not derived from them."""

    file: str
    n: int
    meeting: int
    extreme: Decimal  # the highest result for a maximum, the lowest for a minimum


@dataclass
class ResolvedLimit:
    """A parameter's final limit with the evidence behind it."""

    spec: ParameterSpec
    parameter: str | None
    label: str
    unit: str
    direction: str  # max | min
    value: Decimal
    sources: list[Source] = field(default_factory=list)  # benchmark rows considered
    floor: Source | None = None
    warnings: list[str] = field(default_factory=list)
    plan: SamplingPlan | None = None  # microbiological limits: the sampling plan (value = its M, else m)
    floor_plan: SamplingPlan | None = None  # the binding national plan
    source_plans: dict[str, SamplingPlan] = field(default_factory=dict)  # benchmark code (printed) → its plan
    evidence: Any = None  # percentile: stdbench.analysis.quality.Evidence behind the limit
    data_check: DataCheck | None = None  # other policies with ``data``: how the results meet the limit

    @property
    def limit_text(self) -> str:
        if self.plan is not None:
            from stdbench.drafting.plans import plan_text

            return plan_text(self.plan)
        return f"{'≤' if self.direction == 'max' else '≥'}{tidy(self.value)}"

    def stricter_than_floor(self) -> bool | None:
        if self.floor is None:
            return None
        return self.value < self.floor.value if self.direction == "max" else self.value > self.floor.value


def tidy(value: Decimal) -> str:
    """0.150 → 0.15, 15.0 stays 15.0 (one decimal kept for whole numbers written with one)."""
    text = format(value.normalize(), "f")
    return text if "." in text or value.as_tuple().exponent >= 0 else f"{text}.0"


def printed(code: str) -> str:
    d = try_parse(code)
    return format_designation(d, "gb") if d else code


def param_id(req: Requirement) -> str | None:
    """The requirement's canonical parameter, looking the label up again when the reader left it empty."""
    if req.parameter:
        return req.parameter
    for text in (req.label, _LABEL_NOISE.sub("", req.label)):
        hit = lexicon.lookup(text) if text else None
        if hit:
            return hit.parameter.id
    return None


def spec_param(ps: ParameterSpec) -> tuple[str | None, str]:
    """(canonical id, printed label) of a spec parameter given by lexicon id or by label."""
    try:
        p = lexicon.get(ps.parameter)
        return p.id, ps.label or p.zh
    except StdbenchError:
        hit = lexicon.lookup(ps.parameter)
        return (hit.parameter.id if hit else None), ps.label or ps.parameter


_TREES: dict[str, CategoryTree] = {}


def _tree(std: Standard) -> CategoryTree:
    """The standard's food-category tree, built once per edition."""
    if std.code not in _TREES:
        _TREES[std.code] = CategoryTree.from_standard(std)
    return _TREES[std.code]


def _applicable(std: Standard, reqs: list[Requirement], category: str) -> list[Requirement]:
    """Rows that apply to the category: the most specific by the standard's category tree, else by name."""
    tree = _tree(std)
    if len(tree) and (hit := tree.applicable(reqs, category)) is not None:
        return [hit]
    return [r for r in reqs if mentions(r.subject.category or "", category)]


def _source(std: Standard, req: Requirement, unit: str, pid: str | None) -> Source | None:
    b = req.bound
    direction = b.direction
    value = b.upper if direction == "max" else b.lower if direction == "min" else None
    if value is None:
        return None
    try:
        if req.unit and unit and req.unit != unit:
            value = units.convert(value, req.unit, unit, pid)
    except StdbenchError:
        return None
    where = " ".join(x for x in (req.provenance.clause, req.provenance.table) if x)
    subject = "、".join(x for x in (req.subject.category, req.subject.product_type, req.subject.grade) if x)
    return Source(printed(std.code), value, unit, direction, where, subject, bool(std.mandatory), req.verified)


def _strictest(sources: list[Source], direction: str) -> Source | None:
    pool = [s for s in sources if s.direction == direction]
    if not pool:
        return None
    return min(pool, key=lambda s: s.value) if direction == "max" else max(pool, key=lambda s: s.value)


def national_floor(pid: str | None, unit: str, category: str, corpus: CorpusLike,
                   codes: tuple[str, ...] | list[str] = DEFAULT_FLOOR) -> Source | None:
    """The binding (strictest) mandatory national limit for a parameter and food category, or None."""
    found: list[Source] = []
    for code in codes:
        std = corpus.get(code)
        if std is None or not std.mandatory or pid is None:
            continue
        reqs = [r for r in std.requirements if param_id(r) == pid]
        for req in _applicable(std, reqs, category):
            if (src := _source(std, req, unit, pid)) is not None:
                found.append(src)
    max_floor = _strictest(found, "max")
    return max_floor or _strictest(found, "min")


def _subject_text(req: Requirement) -> str:
    return " ".join(filter(None, req.subject.key()))


def for_product_type(reqs: list[Requirement], product_type: str) -> list[Requirement]:
    """Rows naming the product type (粳米); else the rows that name none of its siblings (籼米 …)."""
    if not product_type:
        return reqs
    named = [r for r in reqs if product_type in _subject_text(r)]
    if named:
        return named
    others = {o for group in gbt11_vocab()["product_types"]["groups"] if product_type in group
              for o in group if o != product_type}
    return [r for r in reqs if not any(o in _subject_text(r) for o in others)]


def benchmark_sources(pid: str | None, ps: ParameterSpec, unit: str, category: str, corpus: CorpusLike,
                      codes: list[str], product_type: str = "") -> tuple[list[Source], list[str]]:
    """Per benchmark standard, its strictest limit for the parameter among the rows that apply to the product
    (subject, else product type for product standards, else food category for mandatory/horizontal ones)."""
    out: list[Source] = []
    missing: list[str] = []
    for code in codes:
        std = corpus.get(code)
        if std is None:
            missing.append(f"{code}: not in the index")
            continue
        reqs = [r for r in std.requirements if pid is not None and param_id(r) == pid]
        if ps.subject:
            named = [r for r in reqs if ps.subject in " ".join(filter(None, r.subject.key()))]
            # a subject in one language (Rice, polished) leaves a mandatory standard to its category tree
            reqs = named or (_applicable(std, reqs, category) if std.mandatory else [])
        elif std.mandatory or is_horizontal(std):
            # horizontal standards (GB 2762, CXS 193) by food category, not their strictest row for any food
            reqs = _applicable(std, reqs, category)
        else:
            reqs = for_product_type(reqs, product_type)
        srcs = [s for r in reqs if (s := _source(std, r, unit, pid)) is not None]
        direction = lexicon.get(pid).direction if pid else "max"
        best = _strictest(srcs, direction)
        if best is not None:
            out.append(best)
    return out, missing


def _percentile(ps: ParameterSpec, pid: str | None, unit: str, direction: str, base: Path) -> tuple[Decimal, Any]:
    """The limit that ``share`` of the product-quality results meet, and the Evidence (analysis.quality)."""
    try:
        from stdbench.analysis import quality
    except ImportError:
        quality = None  # type: ignore[assignment]
    fn: Any = getattr(quality, "limit_evidence", None)
    if fn is None:
        raise PolicyError("percentile policy needs the quality module (stdbench.analysis.quality)",
                          location=f"parameter {ps.parameter}")
    evidence = fn(base / ps.data, parameter=pid or ps.parameter, share=float(ps.share or 0), direction=direction)
    value = evidence.limit
    if evidence.unit and unit and evidence.unit != unit:
        value = units.convert(value, evidence.unit, unit, pid)
    return value, evidence


def _data_check(ps: ParameterSpec, pid: str | None, unit: str, direction: str, value: Decimal,
                base: Path) -> DataCheck | None:
    """How many product-quality results of ``ps.data`` meet the limit (censored results meet a maximum)."""
    from stdbench.readers.results import read_results

    rows = [r for r in read_results(base / ps.data).results if r.parameter == pid]
    values: list[Decimal] = []
    for r in rows:
        if r.value is None:
            continue
        try:
            values.append(units.convert(r.value, r.unit, unit, pid) if r.unit and unit and r.unit != unit
                          else r.value)
        except StdbenchError:
            continue
    censored = sum(1 for r in rows if r.censored)
    if not values:
        return None
    if direction == "max":
        meeting = sum(v <= value for v in values) + censored
        extreme = max(values)
    else:
        meeting = sum(v >= value for v in values)
        extreme = min(values)
    return DataCheck(Path(ps.data).name, len(values) + censored, meeting, extreme)


def resolve_limit(spec: DraftSpec, ps: ParameterSpec, corpus: CorpusLike, base: Path = Path(".")) -> ResolvedLimit:
    """Apply the parameter's policy, then refuse a limit looser than the national floor."""
    if ps.has_plan:
        from stdbench.drafting.plans import resolve_plan

        return resolve_plan(spec, ps, corpus)
    pid, label = spec_param(ps)
    param = lexicon.get(pid) if pid else None
    unit = ps.unit or (param.unit if param and param.unit else "")
    direction = "min" if (ps.min is not None and ps.max is None) else (param.direction if param else "max")
    direction = direction if direction in ("max", "min") else "max"
    floor = national_floor(pid, unit, spec.category, corpus, tuple(spec.floor) or DEFAULT_FLOOR)
    sources, missing = benchmark_sources(pid, ps, unit, spec.category, corpus, spec.benchmark, spec.product_type)
    where = f"parameter {ps.parameter}"
    evidence = None
    if ps.policy == "fixed":
        value = ps.max if direction == "max" else ps.min
    elif ps.policy == "strictest":
        best = _strictest(sources, direction)
        if best is None:
            raise PolicyError(f"{label}: no benchmark standard sets a limit for {spec.category}", location=where)
        value = best.value
    elif ps.policy == "tighten":
        if floor is None:
            raise PolicyError(f"{label}: no mandatory national limit to tighten for {spec.category}",
                              location=where)
        value = floor.value * ps.factor if direction == "max" else floor.value / ps.factor
    else:
        value, evidence = _percentile(ps, pid, unit, direction, base)
    assert value is not None  # the spec model guarantees it for fixed
    value = Decimal(tidy(value))
    check = None
    if ps.data and ps.policy != "percentile":  # supporting data only: a missing file is a warning, not a refusal
        try:
            check = _data_check(ps, pid, unit, direction, value, base)
        except StdbenchError as exc:
            missing.append(f"{label}: 产品质量数据未读取（{exc}），编制说明中不列数据核对")
    res = ResolvedLimit(ps, pid, label, unit, direction, value, sources, floor, missing, evidence=evidence,
                        data_check=check)
    if floor is not None and res.stricter_than_floor() is False and value != floor.value:
        sign = "≤" if direction == "max" else "≥"
        raise PolicyError(
            f"{label}: 要求的限量 {sign}{tidy(value)} {unit} 宽于强制性国家标准 {floor.code} 的 "
            f"{sign}{tidy(floor.value)} {unit}（{floor.where}）/ asked limit looser than the national one",
            location=where)
    return res


def resolve_limits(spec: DraftSpec, corpus: CorpusLike, base: Path = Path(".")) -> list[ResolvedLimit]:
    """Every parameter of the spec resolved, in spec order."""
    cached = memo(corpus)
    return [resolve_limit(spec, ps, cached, base) for ps in spec.parameters]
