"""The wording of a 对标 report: :class:`Texts` (stdbench/data/report_text.toml, Chinese default) and the
sentences built from :class:`~stdbench.render.report_data.ReportData` — alignment summaries, unit conversions
applied, the per-standard conclusions of section 7 and the 可收紧 list. Used by build_report and the writers.
"""
from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from stdbench.render.report_data import (
        Advice,
        AlignmentView,
        MatrixCell,
        MatrixRow,
        ReportData,
        StandardInfo,
    )


# ------------------------------------------------------------------------------------ wording


@cache
def _text_data() -> dict[str, Any]:
    with (Path(__file__).resolve().parents[1] / "data" / "report_text.toml").open("rb") as fh:
        return tomllib.load(fh)


class Texts:
    """Report wording for one language: ``t("s1")``, ``t("leads", code=…)``; unknown keys echo the key."""

    def __init__(self, lang: str = "zh"):
        data = _text_data()
        self.lang = lang if lang in data else "zh"
        self._d: dict[str, str] = data[self.lang]
        self.colors: dict[str, str] = data["colors"]

    def __call__(self, key: str, **kw: Any) -> str:
        text = self._d.get(key, key)
        return text.format(**kw) if kw else text

    def verdict(self, v: str) -> str:
        return self(f"verdict_{v}")

    def group(self, g: str) -> str:
        return self._d.get(f"group_{g}", g)

    def rule(self, rule: str) -> str:
        """A check rule id as a label (违反强制性限量); the id itself stays in JSON."""
        return self._d.get(f"rule_{rule}", rule)

    def term(self, text: str) -> str:
        """English product terms in a zh report replaced by their Chinese names (husked rice → 糙米)."""
        if self.lang != "zh" or not text:
            return text
        for en, zh in _terms():
            text = text.replace(en, zh)
        return text

    def issuer(self, text: str | None) -> str:
        """Issuing bodies: known foreign bodies in Chinese (zh), several bodies joined by 、."""
        if not text:
            return self("unknown")
        if self.lang == "zh":
            for en, zh in _text_data().get("zh_issuers", {}).items():
                if text.startswith(en):
                    return zh
        return re.sub(r"(?<=[\u4e00-\u9fff）)])\s+(?=[\u4e00-\u9fff（(])", self("list_sep"), text.strip())

    def level(self, info: StandardInfo) -> str:
        """Level label; an EU act (Regulation …) is a foreign regulation, not a regional standard."""
        markers = _text_data().get("regulation", {}).get("markers", [])
        if info.level == "regional" and any(m in info.code for m in markers):
            return self("level_regulation")
        return self(f"level_{info.level}")

    def shown(self, cell: MatrixCell | None) -> str:
        """The label of a cell's verdict (基准未规定 / 本标准未规定 / 引用（已被代替版本） when compare says so)."""
        return self.verdict(cell.shown_verdict() if cell else "absent")


@cache
def _terms() -> list[tuple[str, str]]:
    return sorted(_text_data().get("zh_terms", {}).items(), key=lambda kv: -len(kv[0]))


def cap(text: str, limit: int = 160, more: str = "……") -> str:
    """Text cut to ``limit`` characters (a redline cell shows the change, not a whole table)."""
    return text if len(text) <= limit else text[:limit].rstrip() + more


def horizontal_line(al: AlignmentView, t: Texts) -> str:
    """The one line that replaces the clause lists of a pair with a horizontal standard."""
    if al.both_horizontal():
        return t("align_horizontal_both", a=al.a, b=al.b)
    return t("align_horizontal", a=al.a, b=al.b, h=al.horizontal)


def alignment_summary(al: AlignmentView, t: Texts, baseline: str) -> str:
    """The summary line of a product pair (rows of the alignment table, not "pairs"), with the benchmark used."""
    line = t("align_summary", a=al.a, b=al.b, pairs=len(al.pairs), matched=al.count("match"),
             a_only=al.count("a-only"), b_only=al.count("b-only"), split=al.count("split", "merge"))
    if al.basis == "product":
        line = t("align_against", a=al.a, b=al.b, baseline=baseline) + line
    return line


def conversions_applied(rows: list[MatrixRow], baseline: str, t: Texts) -> list[str]:
    """The unit conversions compare applied, one line each: "铅：T/X 的 150 μg/kg = 0.15 mg/kg（系数 0.001）"."""
    from stdbench.normalize.quantity import format_number

    seen: list[str] = []
    for row in rows:
        for cell in row.cells:
            conv = cell.conversion
            if cell.standard in (baseline, row.reference) or conv is None:
                continue
            key = "conversion_specific" if conv.parameter_specific else "conversion"
            value = "" if conv.value is None else format_number(conv.value)
            converted = "" if conv.converted is None else format_number(conv.converted)
            line = t(key, parameter=row.name or row.parameter, standard=cell.standard, value=value,
                     converted=converted, src=conv.from_unit, dst=conv.to_unit,
                     factor=format_number(conv.factor.normalize()))
            if line not in seen:
                seen.append(line)
    return seen


def _items(advices: list[Advice], t: Texts, limit: int = 5) -> str:
    parts = [f"{a.name}{t('paren', x=a.subject) if a.subject else ''} {a.limit}".strip() for a in advices[:limit]]
    more = t("and_more", n=len(advices)) if len(advices) > limit else ""
    return t("list_sep").join(parts) + more


def standard_conclusion(code: str, data: ReportData, t: Texts) -> str:
    """One paragraph for section 7: where ``code`` leads and lags the baseline and where it breaks the floor."""
    counts = data.counts.get(code, {})
    leads = [a for a in data.leads if a.standard == code]
    lags = [a for a in data.lags if a.standard == code]
    floor = [f for f in data.findings if f.standard == code and f.rule == "mandatory-looser"]
    names = {r.parameter: r.name for r in data.rows if r.parameter}
    parts = []
    if leads:
        parts.append(t("c_leads", n=len(leads), items=_items(leads, t)))
    if lags:
        parts.append(t("c_lags", n=len(lags), items=_items(lags, t)))
    if floor:
        items = t("list_sep").join(f"{names.get(f.parameter or '', f.parameter or f.clause or '')}"
                                   f"{t('paren', x=f.reference) if f.reference else ''}" for f in floor)
        parts.append(t("c_floor", n=len(floor), items=items))
    silent = ("baseline-silent", "standard-silent") if any(counts.get(k) for k in ("baseline-silent",
                                                                                  "standard-silent")) else ()
    for key in ("equal", "inherited", "not-comparable", *(silent or ("only-in-one",))):
        if counts.get(key):
            parts.append(t(f"c_{key}", n=counts[key]))
    if not leads and not lags and not counts.get("equal"):
        parts.insert(0, t("c_nothing_comparable"))
    return t("c_head", code=code, baseline=data.baseline) + t("clause_sep").join(parts) + t("c_end")


def conclusion_lines(data: ReportData, t: Texts) -> list[str]:
    """Section 7: one paragraph per benchmarked standard, then the compliance summary."""
    lines = []
    for s in data.benchmarked:
        if s.code in data.conclusions:
            lines.append(data.conclusions[s.code])
            continue
        for kind, items in (("leads", data.leads), ("lags", data.lags)):
            mine = [f"{a.name}（{a.limit}）" for a in items if a.standard == s.code]
            lines.append(t(kind, code=s.code, items="；".join(mine)) if mine else t(f"no_{kind}", code=s.code))
    sev = {k: sum(1 for f in data.findings if f.severity == k) for k in ("error", "warning", "note")}
    lines.append(t("findings_summary", errors=sev["error"], warnings=sev["warning"], notes=sev["note"]))
    return lines


def tighten_lines(data: ReportData, t: Texts) -> list[str]:
    """The 可收紧 list: per parameter the strictest limit found, where it stands, and who shares it."""
    out = []
    for a in data.tighten:
        where = t("tighten_where", code=a.standard, clause=a.clause).strip() if a.clause else a.standard
        also = t("tighten_also", codes=t("list_sep").join(a.also)) if a.also else ""
        out.append(t("tighten_item", name=a.name, subject=t("paren", x=a.subject) if a.subject else "",
                     baseline_limit=a.baseline_limit,
                     limit=a.limit, where=where, also=also, code=a.standard))
    return out
