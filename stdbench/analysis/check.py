"""Compliance check of a group or enterprise standard: the mandatory national floor and the currency of citations.

Mandatory national standards are the floor (团体标准管理规定; 企业标准化管理办法): a requirement may be stricter,
never looser. A floor value the corpus marks 未核实 (not verified against the published text) is named as such and
makes a warning, never an error. Mandatory parameters a standard leaves out (neither stated nor covered by
"应符合GB 2762的规定") are listed with the rule they come from. Every cited standard is checked against the corpus: replaced → error
once the successor is in force, warning during the transition; withdrawn → error; unknown → note.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from stdbench.analysis.applicability import (
    CorpusLike,
    Product,
    applicable,
    lookup,
    memo,
    product_for,
    tree_for,
    undated_key,
    vocab,
)
from stdbench.analysis.verdict import Verdict, compare_requirements
from stdbench.errors import StdbenchError
from stdbench.model import BoundKind, Designation, Requirement, Standard, Status
from stdbench.normalize import codes, lexicon

__all__ = ["Finding", "Findings", "check"]

Severity = Literal["error", "warning", "note"]


class Finding(BaseModel):
    rule: str
    severity: Severity
    clause: str | None = None  # clause of the checked standard
    message: str
    reference: str | None = None  # the national standard's clause/table, or the cited code
    parameter: str | None = None


class Findings(BaseModel):
    standard: str
    on: date | None = None
    product: str | None = None
    findings: list[Finding] = Field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    def to_json(self, indent: int | None = 2) -> str:
        """The JSON contract: {"standard", "findings": [{"rule", "severity", "clause", "message", "reference"}]}."""
        data = {"standard": self.standard, "on": self.on.isoformat() if self.on else None, "product": self.product,
                "findings": [f.model_dump(exclude={"parameter"}) | {"parameter": f.parameter}
                             for f in self.findings]}
        return json.dumps(data, ensure_ascii=False, indent=indent)


_MSG = {
    "zh": {
        "looser": "{p} {v}宽于{ref}规定的{n}（强制性标准为底线，不得宽于强制性国家标准限量）",
        "looser-unverified": "{p} {v}宽于{ref}规定的{n}（该国家标准值未核实，请对照标准原文确认）",
        "unverified": "（未核实）",
        "not-comparable": "{p} {v}与{ref}规定的{n}不可比：{why}",
        "missing": "未规定{p}，也未引用{code}；{ref}规定{n}",
        "absent": "适用的强制性标准{code}不在标准库中，未能核对",
        "replaced": "引用的{code}已被{succ}代替（{d}起实施）",
        "transition": "引用的{code}将被{succ}代替（{d}起实施），处于过渡期",
        "withdrawn": "引用的{code}已废止",
        "unknown": "标准库中没有{code}，未能核对其现行状态",
        "no-product": "未能确定产品及其食品类别，未核对强制性国家标准限量（请用 --product 指定，如 大米）",
    },
    "en": {
        "looser": "{p} {v} is looser than {n} in {ref} (mandatory floor)",
        "looser-unverified": "{p} {v} is looser than {n} in {ref} (the national value is not verified: confirm "
                             "against the published standard)",
        "unverified": " (unverified)",
        "not-comparable": "{p} {v} cannot be compared with {n} in {ref}: {why}",
        "missing": "{p} is neither stated nor covered by a reference to {code}; {ref} sets {n}",
        "absent": "the applicable mandatory standard {code} is not in the corpus and was not checked",
        "replaced": "cited {code} is replaced by {succ} (in force from {d})",
        "transition": "cited {code} will be replaced by {succ} (in force from {d}): transition period",
        "withdrawn": "cited {code} is withdrawn",
        "unknown": "{code} is not in the corpus; its status was not checked",
        "no-product": "the product and its food category could not be determined: the mandatory floor was not "
                      "checked (name it with --product, e.g. 大米)",
    },
}


def _where(std: Standard, req: Requirement) -> str:
    p = req.provenance
    return " ".join(x for x in (std.code, p.clause, p.table) if x)


def _pname(req: Requirement, lang: str) -> str:
    return lexicon.display_name(req.parameter, req.label, lang)


def _stated(req: Requirement) -> bool:
    return req.bound.kind not in (BoundKind.by_reference, BoundKind.not_specified)


def _in_force(corpus: CorpusLike | None, code: str, on: date) -> Standard | None:
    """The edition of ``code`` in force on ``on``: during a transition period (GB 2762-2025 issued 2025-09-02, in force
    2026-09-02) the floor is still the edition it replaces."""
    std = lookup(corpus, code)
    if std is None or std.implemented is None or std.implemented <= on or not hasattr(corpus, "chain"):
        return std
    for key in reversed(corpus.chain(code)):  # newest first
        edition = lookup(corpus, key)
        if edition is not None and edition.implemented is not None and edition.implemented <= on:
            return edition
    return std


def _floor(std: Standard, product: Product | None, corpus: CorpusLike | None, tree, lang: str,
           on: date | None = None) -> list[Finding]:
    out: list[Finding] = []
    msg = _MSG[lang]
    mine = applicable(std, product, tree)
    refs = [r.bound.reference for r in std.requirements
            if r.bound.kind == BoundKind.by_reference and r.bound.reference is not None]
    wanted = list(dict.fromkeys([*vocab()["floor"], *(product.standards if product else [])]))
    for code in wanted:
        national = _in_force(corpus, code, on) if on is not None else lookup(corpus, code)
        if national is None:
            if product and code in product.standards:
                out.append(Finding(rule="mandatory-absent", severity="note", message=msg["absent"].format(code=code),
                                   reference=code))
            continue
        if national.mandatory is False or national.code == std.code:
            continue
        covered = any(codes.same_standard(r, national.designation) for r in refs)
        for pid, nreqs in applicable(national, product, tree).items():
            general = [r for r in nreqs if not r.subject.category and _stated(r)]
            if pid.startswith("label:") or not general:
                continue
            nreq = general[0]
            # a corpus value not verified against the published text (未核实) is said so, and never makes an error
            n_text = f"{nreq.limit_text}{' ' + nreq.unit if nreq.unit else ''}{'' if nreq.verified else msg['unverified']}"
            stated = [r for r in mine.get(pid, []) if _stated(r)]
            if not stated:
                if not covered:
                    out.append(Finding(rule="mandatory-missing", severity="warning", parameter=pid,
                                       reference=_where(national, nreq),
                                       message=msg["missing"].format(p=_pname(nreq, lang), code=code,
                                                                     ref=_where(national, nreq), n=n_text)))
                continue
            for req in stated:
                if req.bound.kind == nreq.bound.kind == BoundKind.text:
                    continue  # qualitative wording (sensory): judged by people, not flagged
                res = compare_requirements(req, nreq)
                v_text = f"{req.limit_text}{' ' + req.unit if req.unit else ''}"
                fmt = {"p": _pname(req, lang), "v": v_text, "ref": _where(national, nreq), "n": n_text, "why": res.reason}
                if res.verdict == Verdict.looser:
                    out.append(Finding(rule="mandatory-looser", severity="error" if nreq.verified else "warning",
                                       clause=req.provenance.clause, parameter=pid, reference=_where(national, nreq),
                                       message=msg["looser" if nreq.verified else "looser-unverified"].format(**fmt)))
                elif res.verdict == Verdict.not_comparable:
                    out.append(Finding(rule="mandatory-not-comparable", severity="warning",
                                       clause=req.provenance.clause, parameter=pid,
                                       reference=_where(national, nreq), message=msg["not-comparable"].format(**fmt)))
    return out


@dataclass
class _Status:
    status: Status
    successor: str | None = None
    successor_implemented: date | None = None


def _status(corpus: CorpusLike, code: str, on: date) -> _Status:
    """Currency of a cited code: the corpus's ``status_of`` when it has one, else from the editions it holds."""
    if hasattr(corpus, "status_of"):
        try:
            info = corpus.status_of(code, on=on)
            return _Status(Status(info.status), info.successor, info.successor_implemented)
        except StdbenchError:
            return _Status(Status.unknown)
    cited = lookup(corpus, code)
    if cited is None:
        return _Status(Status.unknown)
    latest = lookup(corpus, undated_key(code))
    if latest is not None and latest.code != cited.code and (latest.designation.year or 0) > (cited.designation.year or 0):
        in_force = latest.implemented is None or latest.implemented <= on
        return _Status(Status.replaced if in_force else Status.current, latest.code, latest.implemented)
    return _Status(Status.withdrawn if cited.status == Status.withdrawn else Status.current)


def citations(std: Standard) -> list[tuple[Designation, str | None]]:
    """Every cited standard once (reference list + inline references in requirements), with its first clause."""
    seen: dict[str, tuple[Designation, str | None]] = {}
    items = [(r.designation, r.clause) for r in std.references if r.designation is not None]
    items += [(r.bound.reference, r.provenance.clause) for r in std.requirements
              if r.bound.kind == BoundKind.by_reference and r.bound.reference is not None]
    for d, clause in items:
        k = codes.key(d, with_year=d.year is not None)
        if k and k not in seen and not (std.designation and codes.same_standard(d, std.designation)):
            seen[k] = (d, clause)
    return list(seen.values())


def _currency(std: Standard, corpus: CorpusLike, on: date, lang: str) -> list[Finding]:
    out: list[Finding] = []
    msg = _MSG[lang]
    for d, clause in citations(std):
        code = codes.key(d, with_year=d.year is not None)
        st = _status(corpus, code, on)
        fmt = {"code": code, "succ": st.successor or "?", "d": st.successor_implemented or "?"}
        if st.status == Status.replaced:
            out.append(Finding(rule="citation-replaced", severity="error", clause=clause, reference=code,
                               message=msg["replaced"].format(**fmt)))
        elif st.successor and d.year is not None:
            out.append(Finding(rule="citation-replaced", severity="warning", clause=clause, reference=code,
                               message=msg["transition"].format(**fmt)))
        elif st.status == Status.withdrawn:
            out.append(Finding(rule="citation-withdrawn", severity="error", clause=clause, reference=code,
                               message=msg["withdrawn"].format(**fmt)))
        elif st.status == Status.unknown:
            out.append(Finding(rule="citation-unknown", severity="note", clause=clause, reference=code,
                               message=msg["unknown"].format(**fmt)))
    return out


def check(std: Standard, corpus: CorpusLike | None = None, on: date | None = None, product: str | None = None,
          lang: str = "zh") -> Findings:
    """Findings for ``std``: looser than the mandatory floor, mandatory parameters left out, stale citations."""
    if lang not in _MSG:
        raise StdbenchError(f"unknown language {lang!r} (zh or en)")
    on = on or date.today()
    corpus = memo(corpus)
    prod = product_for([std], product)
    tree = tree_for(corpus, [std])
    if product and prod is not None and prod.id == product and prod.category and tree.names \
            and tree.find(prod.category) is None:
        # a name that is neither a known product nor a GB 2762 food category: a typo must not pass as clean
        raise StdbenchError(f"unknown product or food category: {product}")
    findings = _floor(std, prod, corpus, tree, lang, on)
    if prod is None:  # never report a standard as clean when its floor could not be checked
        findings.append(Finding(rule="product-unknown", severity="warning", clause=None,
                                message=_MSG[lang]["no-product"], reference=None))
    if corpus is not None:
        findings += _currency(std, corpus, on, lang)
    order = {"error": 0, "warning": 1, "note": 2}
    findings.sort(key=lambda f: order[f.severity])
    return Findings(standard=std.code, on=on, product=prod.name if prod else None, findings=findings)
