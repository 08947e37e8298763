"""Microbiological sampling plans (n, c, m, M) in drafts: the spec's plan, how it is printed, and the floor.

A group standard's plan may be stricter than the mandatory national one (GB 29921 for pathogens, a product
standard such as GB 2726 named in ``floor``), never looser: plans are compared part by part with
:func:`stdbench.analysis.verdict.compare_plans` (same n and class; smaller c, m, M is stricter).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from stdbench.analysis.verdict import Verdict, compare_plans
from stdbench.drafting.spec import DraftSpec, ParameterSpec
from stdbench.errors import PolicyError, StdbenchError
from stdbench.model import SamplingPlan
from stdbench.normalize.quantity import parse_sampling_plan
from stdbench.normalize.text import superscript


@dataclass
class NationalPlan:
    """A plan of a mandatory national standard that applies to the product."""

    code: str  # printed, GB 29921—2021
    plan: SamplingPlan
    where: str = ""
    subject: str = ""


def normal(plan: SamplingPlan) -> SamplingPlan:
    """A unit written as a test portion (/25 g, the GB 29921 单位 column) becomes the plan's portion."""
    if plan.unit and plan.unit.startswith("/"):
        return plan.model_copy(update={"unit": None, "portion": plan.portion or plan.unit[1:].strip()})
    return plan


def spec_plan(ps: ParameterSpec, unit: str) -> SamplingPlan:
    """The spec's n/c/m/M as a plan; the parameter's unit applies unless m is an absence (0/25 g)."""
    big = ps.M if ps.M not in (None, "") else "—"
    text = f"n={ps.n}, c={ps.c}, m={ps.m}, M={big}"
    try:
        plan = parse_sampling_plan(text)
    except StdbenchError as exc:
        raise PolicyError(f"sampling plan not understood: {exc.message}", location=f"parameter {ps.parameter}") \
            from None
    if plan is None:
        raise PolicyError(f"sampling plan not understood: {text}", location=f"parameter {ps.parameter}")
    if plan.portion is None and plan.unit is None and unit and not unit.startswith("/"):
        plan = plan.model_copy(update={"unit": unit})
    return normal(plan)


def number_text(value: Decimal) -> str:
    """10000 → 10⁴, 50000 → 5×10⁴, 100 → 100 (GB 4789 tables write counts from 10⁴ as powers of ten)."""
    if value >= 10000 and value == value.to_integral_value():
        digits = str(int(value))
        head, zeros = digits.rstrip("0"), len(digits) - len(digits.rstrip("0"))
        if len(head) == 1:
            power = f"10{superscript(str(zeros))}"
            return power if head == "1" else f"{head}×{power}"
    text = format(value.normalize(), "f")
    return text


def plan_cells(plan: SamplingPlan) -> list[str]:
    """n | c | m | M as printed in a 微生物限量 table (m = 0/25 g for absence, M = — for two-class plans)."""
    m = f"0/{plan.portion}" if plan.portion else number_text(plan.m)
    return [str(plan.n), str(plan.c), m, "—" if plan.M is None else number_text(plan.M)]


def plan_text(plan: SamplingPlan) -> str:
    """n=5，c=2，m=10⁴，M=10⁵ CFU/g — one line for the 编制说明 and messages."""
    n, c, m, big = plan_cells(plan)
    unit = f" {plan.unit}" if plan.unit and not plan.portion else ""
    return f"n={n}，c={c}，m={m}，M={big}{unit}"


def national_plans(pid: str | None, category: str, corpus: Any, codes: list[str] | tuple[str, ...],
                   explicit: set[str], mandatory: bool = True) -> list[NationalPlan]:
    """Plans of the (mandatory) standards in ``codes`` that apply to the category; in an ``explicit`` standard
    (a product standard named in the spec) a row without a food category applies to the product."""
    from stdbench.drafting.policy import _applicable, param_id, printed

    out: list[NationalPlan] = []
    for code in codes:
        std = corpus.get(code)
        if std is None or (mandatory and not std.mandatory) or pid is None:
            continue
        reqs = [r for r in std.requirements if r.sampling_plan is not None and param_id(r) == pid]
        rows = _applicable(std, reqs, category) if reqs else []
        if not rows and code in explicit:
            rows = [r for r in reqs if not (r.subject.category or r.subject.category_code)]
        for req in rows:
            assert req.sampling_plan is not None
            where = " ".join(x for x in (req.provenance.clause, req.provenance.table) if x)
            out.append(NationalPlan(printed(std.code), normal(req.sampling_plan), where, req.subject.category or ""))
    return out


def check_plan(label: str, pid: str | None, plan: SamplingPlan, nationals: list[NationalPlan],
               where: str) -> tuple[NationalPlan | None, list[str]]:
    """Refuse a plan looser than a national one; (the binding national plan, warnings for incomparable ones)."""
    warnings: list[str] = []
    binding: NationalPlan | None = None
    for nat in nationals:
        v = compare_plans(plan, nat.plan, pid)
        if v.verdict == Verdict.looser:
            raise PolicyError(
                f"{label}: 要求的采样方案 {plan_text(plan)} 宽于强制性国家标准 {nat.code} 的 {plan_text(nat.plan)}"
                f"（{nat.where or nat.subject}）/ asked sampling plan looser than the national one", location=where)
        if v.verdict == Verdict.not_comparable:
            warnings.append(f"{label}: 采样方案 {plan_text(plan)} 与 {nat.code} 的 {plan_text(nat.plan)} 不可比"
                            f"（{v.reason}）; check it by hand")
        elif binding is None:
            binding = nat
    return binding, warnings


def resolve_plan(spec: DraftSpec, ps: ParameterSpec, corpus: Any) -> Any:
    """A parameter given as a sampling plan → ResolvedLimit (value = M, else m) checked against the floor."""
    from stdbench.drafting.policy import DEFAULT_FLOOR, ResolvedLimit, Source, benchmark_sources, spec_param
    from stdbench.normalize import lexicon

    pid, label = spec_param(ps)
    param = lexicon.get(pid) if pid else None
    unit = ps.unit or (param.unit if param and param.unit else "")
    plan = spec_plan(ps, unit)
    codes = list(spec.floor) or list(DEFAULT_FLOOR)
    nationals = national_plans(pid, spec.category, corpus, codes, set(spec.floor))
    nat, warnings = check_plan(label, pid, plan, nationals, f"parameter {ps.parameter}")
    value = plan.M if plan.M is not None else plan.m
    floor = None
    if nat is not None:
        floor = Source(nat.code, nat.plan.M if nat.plan.M is not None else nat.plan.m, nat.plan.unit or "",
                       "max", nat.where, nat.subject, True)
    _, missing = benchmark_sources(pid, ps, unit, spec.category, corpus, spec.benchmark)
    bench: dict[str, SamplingPlan] = {}
    for code in spec.benchmark:
        for found in national_plans(pid, spec.category, corpus, [code], set(spec.benchmark), mandatory=False)[:1]:
            bench[found.code] = found.plan
    return ResolvedLimit(ps, pid, label, plan.unit or unit, "max", value, [], floor, missing + warnings,
                         plan=plan, floor_plan=nat.plan if nat else None, source_plans=bench)
