"""Standard designations as real documents print them: parse, find in running text, format, classify.

``GB/T 1354—2018``, ``DB23/T 1942-2017``, ``DBS23/ 003-2018``, ``T/HHCX 0001-2025``, ``Q/ABC 0001S-2023``,
``ISO 17301-1:2016``, ``CXS 12-1981``, ``Regulation (EU) 2023/915`` all become a
:class:`~stdbench.model.Designation`. Conventions (documented in README):

* ``number`` is the sequence number, ``part`` the part after the first ``.`` (Chinese codes) or ``-`` (ISO,
  IEC, EN): ``GB/T 1.1`` → number ``1``, part ``1``; ``ISO 17301-1`` → ``17301`` / ``1``.
* ``year`` is always four digits (``GB 2716-88`` → 1988; two-digit years ≥ 50 are 19xx, else 20xx).
* ``suffix`` holds the ``S`` of food enterprise standards, then any amendment as printed canonically:
  ``GB 2762-2017(XG1-2021)`` → suffix ``(XG1-2021)``; ``ISO 22000:2018/Amd 1:2020`` → ``/Amd 1:2020``.
  Text from the first ``(`` or ``/`` of the suffix is rendered after the year; :func:`undated` and
  :func:`key` drop it (an amendment belongs to its edition).
* Local standards keep their slash in the prefix: ``DB23/T``, mandatory ``DB23/``, food safety ``DBS23/``.
* Codex legacy codes map to current ones (``CODEX STAN`` → ``CXS``, ``CAC/GL`` → ``CXG``, ``CAC/RCP`` →
  ``CXC``; ``raw`` keeps what was written).
* EU acts: prefix ``[Implementing |Delegated ]<Act> (<Union>)``, number as printed (``2023/915``,
  ``1881/2006``, ``2001/110``), year taken from the number. The author (Commission, Council) is dropped; a
  bare ``(EU) 2023/915`` is read as a Regulation.
"""
from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from stdbench.errors import NormalizeError
from stdbench.model import Designation, Level
from stdbench.normalize.text import fold_width

__all__ = [
    "find_designations", "format_designation", "is_mandatory", "issuer_kind", "key", "level_of",
    "parse_designation", "province_name", "same_standard", "sector_name", "try_parse", "undated",
]

# every dash that documents print between number and year (§2.8); mapped 1:1 so offsets stay valid
_DASHES = {ord(c): "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63"}
_DATA = Path(__file__).resolve().parent.parent / "data" / "codes.toml"
_TRAILING = " \t\r\n。，,;；、.:：!！?？"


@cache
def _vocab() -> dict[str, Any]:
    """codes.toml, loaded once."""
    with open(_DATA, "rb") as fh:
        return tomllib.load(fh)


def _normalize(text: str) -> str:
    """Width-fold and unify dashes, keeping one character per input character (offsets survive)."""
    folded = fold_width(text)
    if len(folded) != len(text):  # zero-width characters were dropped: fold char by char instead
        folded = "".join(fold_width(c) or " " for c in text)
    return folded.translate(_DASHES)


def _alt(words: Any) -> str:
    """Regex alternation of literal words, longest first; '/' may carry a space, ' ' may repeat."""
    out = []
    for w in sorted(words, key=len, reverse=True):
        out.append(re.escape(w).replace("/", " ?/ ?").replace("\\ ", " +"))
    return "|".join(out)


def _year(f: str) -> str:
    return rf"(?: *- *(?P<{f}_year>(?:19|20)\d{{2}}|\d{{2}})(?!\d))?"


def _part(f: str) -> str:
    return rf"(?P<{f}_num>\d+)(?:\.(?P<{f}_part>\d+(?:\.\d+)*))?"


def _amd(f: str) -> str:
    # 修改单: GB 2762-2017(XG1-2021) or GB 2760-2014/XG1-2018
    return rf"(?: *[(/] *XG *(?P<{f}_xg>\d+) *- *(?P<{f}_xgy>(?:19|20)\d{{2}}) *\)?)?"


@cache
def _pattern() -> re.Pattern[str]:
    """One alternation of every family, each in its own named group ``F_<family>``."""
    v = _vocab()
    intl, eu = v["international"], v["eu"]
    nb = _alt(intl["national_bodies"])
    dl = _alt(intl["deliverables"])
    families = {
        "eu": rf"(?:(?P<eu_auth>{_alt(eu['authors'])}) +)?(?:(?P<eu_q>{_alt(eu['qualifiers'])}) +)?"
              rf"(?:(?P<eu_act>(?i:{_alt(eu['acts'])})) *)?\( *(?P<eu_un>{_alt(eu['unions'])}) *\) *"
              rf"(?P<eu_no>No\.? *)?(?P<eu_num>\d{{1,4}}/\d{{1,5}})(?![\d/])",
        "eo": rf"(?:(?P<eo_auth>{_alt(eu['authors'])}) +)?(?:(?P<eo_q>{_alt(eu['qualifiers'])}) +)?"
              rf"(?P<eo_act>(?i:Directive|Decision)) +(?P<eo_num>\d{{2,4}}/\d{{1,5}})/"
              rf"(?P<eo_un>{_alt(eu['unions'])})(?![A-Za-z])",
        "is": rf"(?P<is_pre>(?:(?:{nb}) +)?(?:EN +)?(?:{_alt(intl['bodies'])})(?:(?: ?/ ?| +)(?:{dl}))?"
              rf"|(?:{nb})(?: +EN)?|EN) *(?P<is_num>\d+)(?:-(?P<is_part>\d+(?:-\d+)*))?"
              rf"(?: *: *(?P<is_year>(?:19|20)\d{{2}})(?!\d))?"
              rf"(?P<is_amd>(?: ?/ ?(?:Amd|AMD|Cor|COR)\.? ?\d+(?: *: *(?:19|20)\d{{2}})?)*)",
        "cx": rf"(?P<cx_pre>{_alt(v['codex']['kinds'])}|(?i:{_alt(v['codex']['legacy'])})|CAC ?/ ?[A-Z]+)"
              rf" *(?P<cx_num>\d+[A-Z]?)(?: *- *(?P<cx_year>(?:19|20)\d{{2}})(?!\d))?",
        "lo": rf"DB(?P<lo_s>S)? ?(?P<lo_div>\d{{6}}|\d{{4}}|\d{{2}}) ?/ ?(?P<lo_t>T)? *{_part('lo')}"
              + _year("lo") + _amd("lo"),
        "na": rf"(?P<na_pre>{_alt(v['national'])}) *{_part('na')}" + _year("na") + _amd("na"),
        "gr": rf"T ?/ ?(?P<gr_org>[A-Z][A-Z0-9]*(?= )|[A-Z](?:[A-Z0-9]*[A-Z])?) *{_part('gr')}" + _year("gr") + _amd("gr"),
        "en": rf"Q ?/ ?(?P<en_org>[A-Z0-9]+(?:/[A-Z]+)?(?= )|[A-Z0-9]*[A-Z](?:/[A-Z]+)?) *{_part('en')}(?P<en_s>S)?"
              + _year("en") + _amd("en"),
        "in": rf"(?P<in_code>{_alt(v['industry'])})(?: ?/ ?(?P<in_kind>[TZ]))? *{_part('in')}"
              + _year("in") + _amd("in"),
    }
    body = "|".join(f"(?P<F_{name}>{pat})" for name, pat in families.items())
    # not glued to a preceding word or code ("16GB", the T of GB/T); "2007/ISO 712" is allowed
    return re.compile(rf"(?<![A-Za-z0-9])(?<![A-Za-z]/)(?:{body})(?![0-9])")


# --------------------------------------------------------------------------- building


class _Reject(Exception):
    """A regex match that is not a designation after all."""


def _to_year(text: str | None) -> int | None:
    if not text:
        return None
    y = int(text)
    if len(text) == 2:
        return 1900 + y if y >= 50 else 2000 + y
    return y


def _eu_year(number: str, union: str, numbered: bool = False) -> tuple[int | None, bool]:
    """Year of an EU act from its number, and whether the number is written year first. ``numbered``:
    the number was printed after "No", the older style (Regulation (EU) No 1169/2011), never year first."""
    first, _, last = number.partition("/")
    since = _vocab()["eu"]["year_first_since"]
    if not numbered and len(first) == 4 and union == "EU" and since <= int(first) <= 2099:
        return int(first), True
    if len(last) in (2, 4):
        return _to_year(last), False
    return None, False


def _canon(words: dict[str, Any] | list[str], text: str) -> str:
    """The vocabulary spelling of a word matched case-insensitively."""
    low = " ".join(text.split()).lower()
    return next((w for w in words if w.lower() == low), text)


def _build(m: re.Match[str], raw: str, strict: bool) -> Designation:
    fam = next(name[2:] for name, val in m.groupdict().items() if name.startswith("F_") and val is not None)

    def g(name: str) -> str | None:
        return m.group(f"{fam}_{name}")

    v = _vocab()
    part, suffix = None, ""
    if fam in ("na", "in", "lo", "gr", "en"):
        number, part, year = g("num"), g("part"), _to_year(g("year"))
        if fam == "na":
            prefix = re.sub(r" *\/ *", "/", g("pre"))
        elif fam == "in":
            prefix = g("code") + (f"/{g('kind')}" if g("kind") else "")
            if not g("kind") and year is None and not strict:
                raise _Reject  # a bare "SC 5" in running text is too weak to be a code
        elif fam == "lo":
            prefix = f"DB{g('s') or ''}{g('div')}/{g('t') or ''}"
        elif fam == "gr":
            prefix = f"T/{g('org')}"
        else:
            prefix, suffix = f"Q/{g('org')}", g("s") or ""
        if g("xg"):
            suffix += f"(XG{g('xg')}-{g('xgy')})"
    elif fam == "is":
        prefix = re.sub(r" *\/ *", "/", " ".join(g("pre").split()))
        number, part, year = g("num"), g("part"), _to_year(g("year"))
        if year is None and part and re.fullmatch(r"(?:19|20)\d\d", part.split("-")[-1]):
            year = int(part.split("-")[-1])  # "ISO 712-2009" as Chinese texts cite it
            part = "-".join(part.split("-")[:-1]) or None
        for kind, n, y in re.findall(r"(Amd|Cor)\.? ?(\d+)(?: *: *(\d{4}))?", g("amd") or "", re.IGNORECASE):
            suffix += f"/{kind.title()} {n}" + (f":{y}" if y else "")
    elif fam == "cx":
        pre = re.sub(r" *\/ *", "/", " ".join(g("pre").split())).upper()
        prefix = v["codex"]["legacy"].get(pre, pre)
        number, year = g("num"), _to_year(g("year"))
    else:  # eu / eo
        union = _canon(v["eu"]["unions"], g("un"))
        act = _canon(v["eu"]["acts"], g("act")) if g("act") else v["eu"]["default_act"]
        qual = f"{_canon(v['eu']['qualifiers'], g('q'))} " if g("q") else ""
        prefix, number = f"{qual}{act} ({union})", g("num")
        year = _to_year(number.partition("/")[0]) if fam == "eo" else _eu_year(number, union, bool(g("no")))[0]
    return Designation(prefix=prefix, number=number, part=part, year=year, suffix=suffix or None, raw=raw)


# --------------------------------------------------------------------------- parsing


def try_parse(text: str) -> Designation | None:
    """The designation that *text* is (surrounding space and punctuation ignored), or None."""
    raw = text.strip(_TRAILING)
    m = _pattern().fullmatch(_normalize(raw))
    if m is None:
        return None
    try:
        d = _build(m, raw, strict=True)
    except _Reject:
        return None
    return _drop_draft_stage(d)


def _drop_draft_stage(d: Designation) -> Designation:
    """ISO/CD, ISO/WD … are stages of the document itself, not other deliverables (as ISO/TS is)."""
    body, _, stage = d.prefix.rpartition("/")
    if body in _vocab()["international"]["bodies"] and stage in _vocab()["international"]["draft_stages"]:
        return d.model_copy(update={"prefix": body})
    return d


def parse_designation(text: str) -> Designation:
    """Parse one standard code; raise :class:`NormalizeError` when *text* is not one."""
    d = try_parse(text)
    if d is None:
        raise NormalizeError(f"not a standard designation: {text.strip()!r}")
    return d


def find_designations(text: str) -> list[tuple[Designation, int, int]]:
    """Every code inside running text, with its (start, end) offsets in *text*."""
    out: list[tuple[Designation, int, int]] = []
    for m in _pattern().finditer(_normalize(text)):
        start, end = m.span()
        try:
            out.append((_drop_draft_stage(_build(m, text[start:end], strict=False)), start, end))
        except _Reject:
            continue
    return out


# --------------------------------------------------------------------------- families


def _family(d: Designation) -> str:
    """Which family a parsed prefix belongs to (same short names as the regex groups)."""
    v, p = _vocab(), d.prefix
    if p in v["national"]:
        return "na"
    if re.fullmatch(r"DBS?\d{2,6}/T?", p):
        return "lo"
    if p.startswith("T/"):
        return "gr"
    if p.startswith("Q/"):
        return "en"
    code = re.fullmatch(r"([A-Z]{2})(?:/[TZ])?", p)
    if code and code.group(1) in v["industry"]:
        return "in"
    if p in v["codex"]["kinds"] or p.startswith("CAC/") or p.upper() in v["codex"]["legacy"]:
        return "cx"
    if re.search(rf"\((?:{'|'.join(v['eu']['unions'])})\)$", p):
        return "eu"
    if _first_token(p) in {*v["international"]["bodies"], *_iso_bodies()}:
        return "is"
    return "unknown"


def _first_token(prefix: str) -> str:
    return prefix.split(" ")[0].split("/")[0]


def _iso_bodies() -> set[str]:
    intl = _vocab()["international"]
    return {*intl["national_bodies"], *intl["regional"]}


def _split_suffix(suffix: str | None) -> tuple[str, str]:
    """(glued to the number, after the year): "S(XG1-2024)" → ("S", "(XG1-2024)")."""
    if not suffix:
        return "", ""
    m = re.search(r"[(/]", suffix)
    return (suffix, "") if m is None else (suffix[: m.start()], suffix[m.start():])


# --------------------------------------------------------------------------- formatting


def format_designation(d: Designation, style: str = "ascii") -> str:
    """Canonical text: "ascii" is the GB/T 22373 metadata form (``-``), "gb" the printed form (``—``)."""
    if style not in ("ascii", "gb"):
        raise NormalizeError(f"unknown designation style {style!r} (use 'ascii' or 'gb')")
    dash = "—" if style == "gb" else "-"
    fam = _family(d)
    glued, after = _split_suffix(d.suffix)
    if fam == "eu":
        return _format_eu(d)
    if fam == "is":
        text = f"{d.prefix} {d.number}" + (f"-{d.part}" if d.part else "")
        return text + (f":{d.year}" if d.year is not None else "") + glued + after
    text = f"{d.prefix} {d.number}" + (f".{d.part}" if d.part else "") + glued
    if d.year is not None:
        text += f"{dash}{d.year}"
    return text + after.replace("-", dash)


def _format_eu(d: Designation) -> str:
    """Regulation (EU) 2023/915 · Regulation (EC) No 1881/2006 · Directive 2001/110/EC."""
    m = re.fullmatch(r"(.*?) ?\((\w+)\)", d.prefix)
    words, union = (m.group(1), m.group(2)) if m else (d.prefix, "EU")
    first, _, last = d.number.partition("/")
    if d.year is not None and str(d.year) in (first, last) and first != last:  # the year says which style
        year_first = str(d.year) == first and union == "EU" and d.year >= _vocab()["eu"]["year_first_since"]
    else:
        year_first = _eu_year(d.number, union)[1]
    if year_first:
        return f"{words} ({union}) {d.number}"
    if words.split()[-1] in ("Directive", "Decision"):
        return f"{words} {d.number}/{union}"
    return f"{words} ({union}) No {d.number}"


def undated(d: Designation) -> Designation:
    """The same document without edition year (and without amendment): "any/latest edition"."""
    glued, _ = _split_suffix(d.suffix)
    return d.model_copy(update={"year": None, "suffix": glued or None})


def key(d: Designation, with_year: bool = True) -> str:
    """Canonical index key: ``GB/T 1354-2018`` or, undated, ``GB/T 1354`` (amendments never included)."""
    base = undated(d)
    if with_year:
        base = base.model_copy(update={"year": d.year})
    return format_designation(base, "ascii")


def _ident(d: Designation) -> tuple[str, str]:
    """Prefix and number+part with leading zeros dropped (a hand-built number "5009.3" is accepted)."""
    if "/" in d.number:  # EU act numbers are compared as printed
        return d.prefix.upper(), d.number
    full = d.number + (f".{d.part}" if d.part else "")
    return d.prefix.upper(), ".".join((x.lstrip("0") or "0") for x in re.split(r"[.-]", full))


def same_standard(a: Designation, b: Designation) -> bool:
    """Same document in any edition: year and amendments ignored, leading zeros ignored."""
    return _ident(a) == _ident(b)


# --------------------------------------------------------------------------- classification


def level_of(d: Designation) -> Level:
    """Level of the standard (national, industry, local, group, enterprise, international, regional)."""
    fam = _family(d)
    if fam == "is":
        first = _first_token(d.prefix)
        if first in _vocab()["international"]["national_bodies"]:
            return Level.national
        return Level.regional if first in _vocab()["international"]["regional"] else Level.international
    return {
        "na": Level.national, "in": Level.industry, "lo": Level.local, "gr": Level.group,
        "en": Level.enterprise, "cx": Level.international, "eu": Level.regional,
    }.get(fam, Level.unknown)


def is_mandatory(d: Designation) -> bool | None:
    """Whether the code makes the document binding: GB, DBS, historic DBxx/XX yes; /T, T/, Q/, ISO no.

    Q/ enterprise standards bind only their own enterprise: False. EU regulations, directives and
    decisions are binding (directives on member states); None when the code alone cannot tell.
    """
    fam = _family(d)
    if fam == "na":
        return _vocab()["national"][d.prefix].get("mandatory")
    if fam in ("in", "lo"):
        return not d.prefix.endswith(("/T", "/Z"))  # no /T: 食品安全地方标准 DBS, or historic mandatory
    if fam in ("gr", "en", "cx", "is"):
        return False
    if fam == "eu":
        act = d.prefix.split(" (")[0].split()[-1]
        return _vocab()["eu"]["acts"].get(act)
    return None


def issuer_kind(d: Designation) -> str:
    """Who issues it: "SAC/SAMR", "industry:LS", "province:23", "city:2301", "association:HHCX",
    "enterprise:ABC", "ISO", "ISO/IEC", "CEN/CENELEC", "DIN", "Codex", "EU" or "unknown"."""
    fam, v = _family(d), _vocab()
    if fam == "na":
        return v["national"][d.prefix]["issuer"]
    if fam == "in":
        return f"industry:{d.prefix[:2]}"
    if fam == "lo":
        div = re.sub(r"\D", "", d.prefix)
        return f"{ {2: 'province', 4: 'city'}.get(len(div), 'county') }:{div}"
    if fam == "gr":
        return f"association:{d.prefix[2:]}"
    if fam == "en":
        return f"enterprise:{d.prefix[2:].split('/')[0]}"
    if fam == "cx":
        return "Codex"
    if fam == "eu":
        return "EU"
    if fam == "is":
        intl, first = v["international"], _first_token(d.prefix)
        if first in intl["national_bodies"]:
            return intl["national_bodies"][first]
        if first in intl["regional"]:
            return intl["regional"][first]
        body = "ISO/IEC" if d.prefix.startswith("ISO/IEC") else first
        return intl["bodies"].get(body, body)
    return "unknown"


def province_name(d: Designation) -> str | None:
    """Chinese name of the province of a DB/DBS code (黑龙江省 for DB23/T, DB2301/T and DBS23/)."""
    if _family(d) != "lo":
        return None
    return _vocab()["provinces"].get(re.sub(r"\D", "", d.prefix)[:2])


def sector_name(d: Designation) -> str | None:
    """Chinese sector name of an industry code (粮食 for LS/T)."""
    return _vocab()["industry"].get(d.prefix[:2]) if _family(d) == "in" else None
