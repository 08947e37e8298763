"""Units and bases: canonical spellings, dimensions and exact Decimal conversions.

The table lives in ``stdbench/data/units.toml``. Conversions inside one dimension use exact decimal
factors; across dimensions only a parameter-specific factor from the lexicon may bridge (peroxide value
g/100 g → mmol/kg), otherwise :class:`~stdbench.errors.UnitError` is raised.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache
from importlib import resources
from typing import NamedTuple

from stdbench.errors import NormalizeError, UnitError
from stdbench.model import Bound
from stdbench.normalize.text import fold_width, squash

# characters folded before any look-up (besides full-width → ASCII): micro sign → Greek mu (the SI
# prefix is U+03BC; U+00B5 is the legacy micro sign), degree Celsius sign → °C, variant operators.
_CHAR_FOLD = str.maketrans({"\u00b5": "\u03bc", "\u2103": "°C", "\u2266": "≤", "\u2267": "≥",
                            "\u301c": "~", "\u223c": "~", "\u2212": "-", "\uff5e": "~"})
_CHAR_FOLDABLE = re.compile("[" + "".join(re.escape(chr(c)) for c in _CHAR_FOLD) + "]")  # any key of _CHAR_FOLD


@dataclass(frozen=True)
class UnitInfo:
    """One canonical unit: its dimension(s) and exact factor to the dimension's base unit."""

    name: str
    dimension: str
    factor: Decimal | None
    also: tuple[str, ...] = ()

    @property
    def dimensions(self) -> tuple[str, ...]:
        return (self.dimension, *self.also)


def normalize_chars(text: str) -> str:
    """Width-fold and unify variant characters (μ, °C, ≤, ~, minus); whitespace squashed. Never NFKC."""
    s = fold_width(text)
    if _CHAR_FOLDABLE.search(s) is not None:  # rare: a scan costs far less than translate
        s = s.translate(_CHAR_FOLD)
    return squash(s)


@cache
def vocabulary() -> dict:
    """The parsed ``units.toml`` (loaded once)."""
    data = resources.files("stdbench.data").joinpath("units.toml").read_text(encoding="utf-8")
    return tomllib.loads(data)


def _key(text: str) -> str:
    """Look-up key of a unit spelling: folded, no spaces, lower-case, outer brackets removed."""
    s = normalize_chars(text).replace(" ", "").lower()
    s = s.replace("³", "3").replace("ug/", "μg/")
    while len(s) > 2 and s[0] + s[-1] in ("()", "[]") and _balanced(s[1:-1]):
        s = s[1:-1]
    return s


_DEPTH = {"(": 1, "[": 1, ")": -1, "]": -1}  # how a bracket changes the nesting depth


def _balanced(s: str) -> bool:
    depth = 0
    for ch in s:
        depth += _DEPTH.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


@cache
def _table() -> tuple[dict[str, UnitInfo], dict[str, str]]:
    units: dict[str, UnitInfo] = {}
    index: dict[str, str] = {}
    for name, spec in vocabulary()["units"].items():
        factor = Decimal(spec["factor"]) if "factor" in spec else None
        units[name] = UnitInfo(name, spec["dimension"], factor, tuple(spec.get("also", ())))
        for spelling in (name, *spec.get("aliases", ())):
            index.setdefault(_key(spelling), name)
    return units, index


def units() -> dict[str, UnitInfo]:
    """Every canonical unit, by name."""
    return _table()[0]


# "mg KOH/g", "meq O2/kg": the substance written inside the unit is a basis
_SUBSTANCE_IN_UNIT = re.compile(
    r"^(?P<pre>[mμn]?(?:g|mol|eq))\s+(?P<sub>[A-Z][A-Za-z0-9₀-₉]*)\s*/\s*(?P<post>.+)$")
_BASIS_PAREN = re.compile(r"\(([^()]*)\)")
_ELEMENT_BASIS = re.compile(r"以\s*([^\s计()]+(?:\s+[^\s计()]+)*)\s*计")
_AS_BASIS = re.compile(r"^(?:as|expressed as|calculated as)\s+(\S+)$", re.IGNORECASE)
_FORMULA = re.compile(r"^(?:[A-Z][a-z]?[0-9₀-₉]*){1,6}[⁺⁻+-]?$")


def parse_unit(text: str) -> str:
    """The canonical spelling of a unit (``"µg/kg"`` → ``"μg/kg"``); raises UnitError if unknown."""
    unit, _ = split_unit_basis(text)
    if unit is None:
        raise UnitError(f"no unit in {text!r}")
    return unit


def lookup_unit(text: str) -> str | None:
    """The canonical unit for an exact spelling (no basis stripping), or None."""
    return _table()[1].get(_key(text)) if text.strip() else None


def canonical_basis(text: str) -> str | None:
    """A basis as written (``以干基计``, ``on dry matter``, ``以 Pb 计``, ``as KOH``) → canonical, or None."""
    s = normalize_chars(text).strip(" ()")
    if not s:
        return None
    if (canon := _basis_table().canonical.get(s.lower())) is not None:
        return canon
    m = _ELEMENT_BASIS.fullmatch(s)
    if m:
        return f"以{m.group(1).replace(' ', '')}计"
    m = _AS_BASIS.match(s)
    if m and _FORMULA.match(m.group(1)):
        return m.group(1)
    if _FORMULA.match(s):
        return s
    return None


class _BasisTable(NamedTuple):
    """The [basis] table of units.toml, prepared once for look-ups.

    ``canonical``: lower-cased spelling → canonical basis (the first basis listing a spelling wins);
    ``trailing``: (canonical, pattern of the spelling ending a text) in look-up order, basis by basis and
    longest spelling first; ``any_trailing`` matches wherever one of those does, so one scan rejects most
    texts (31 case-insensitive scans of a long label cost ~40 µs).
    """

    canonical: dict[str, str]
    trailing: tuple[tuple[str, re.Pattern[str]], ...]
    any_trailing: re.Pattern[str]


@cache
def _basis_table() -> _BasisTable:
    canonical: dict[str, str] = {}
    trailing: list[tuple[str, re.Pattern[str]]] = []
    for canon, spellings in vocabulary()["basis"].items():
        for sp in spellings:
            canonical.setdefault(sp.lower(), canon)
        for sp in sorted(spellings, key=len, reverse=True):
            trailing.append((canon, re.compile(rf"(?:^|[\s,;]){re.escape(sp)}$", re.IGNORECASE)))
    alternatives = "|".join(re.escape(sp) for spellings in vocabulary()["basis"].values() for sp in spellings)
    any_trailing = re.compile(rf"(?:^|[\s,;])(?:{alternatives})$", re.IGNORECASE)
    return _BasisTable(canonical, tuple(trailing), any_trailing)


def split_unit_basis(text: str) -> tuple[str | None, str | None]:
    """Split ``"mg/g (as KOH)"`` → ``("mg/g", "KOH")``, ``"% (m/m)"`` → ``("%", None)``.

    Raises UnitError when something is left that is neither a unit nor a basis.
    """
    s = normalize_chars(text)
    if not s:
        return None, None
    if (unit := lookup_unit(s)) is not None:
        return unit, None
    basis: str | None = None
    m = _ELEMENT_BASIS.search(s)
    if m:
        basis = canonical_basis(m.group(0))
        s = (s[: m.start()] + s[m.end():]).replace("()", "").strip()
    for par in reversed(list(_BASIS_PAREN.finditer(s))):
        if lookup_unit(s[: par.start()]) is not None or not s[: par.start()].strip():
            b = canonical_basis(par.group(1))
            if b is not None and basis is None:
                basis = b
                s = (s[: par.start()] + s[par.end():]).strip()
    table = _basis_table()
    if basis is None and table.any_trailing.search(s):  # a trailing spelling: "mg/kg dry matter"
        for canon, pattern in table.trailing:
            if m2 := pattern.search(s):
                basis, s = canon, s[: m2.start()].strip(" ,;")
                break
    m = _SUBSTANCE_IN_UNIT.match(s)
    if m and lookup_unit(f"{m['pre']}/{m['post']}"):
        return lookup_unit(f"{m['pre']}/{m['post']}"), basis or m["sub"]
    if not s:
        return None, basis
    unit = lookup_unit(s)
    if unit is None:
        raise UnitError(f"unknown unit {text.strip()!r}")
    return unit, basis


def unit_info(unit: str) -> UnitInfo:
    """The table entry of a unit (any known spelling); raises UnitError if unknown."""
    table = units()
    name = unit if unit in table else parse_unit(unit)
    return table[name]


def dimension(unit: str) -> str:
    """What a unit measures: ``"mass fraction"``, ``"mass concentration"``, ``"count per mass"`` …"""
    return unit_info(unit).dimension


def _lexicon_factor(parameter: str, from_unit: str, to_unit: str) -> Decimal | None:
    from stdbench.normalize.lexicon import conversion_factor  # here: the lexicon imports this module
    factor = conversion_factor(parameter, from_unit, to_unit)
    return Decimal(factor) if factor is not None else None


def conversion_factor(from_unit: str, to_unit: str, parameter: str | None = None) -> Decimal:
    """The exact factor f with value_in_to = value_in_from × f; raises UnitError when not convertible."""
    a, b = unit_info(from_unit), unit_info(to_unit)
    if a.name == b.name:
        return Decimal(1)
    common = set(a.dimensions) & set(b.dimensions)
    if common and a.factor is not None and b.factor is not None:
        return a.factor / b.factor
    if parameter:
        factor = _lexicon_factor(parameter, a.name, b.name)
        if factor is not None:
            return factor
    why = f"{a.dimension} vs {b.dimension}" if not common else f"{a.dimension} units without a factor"
    hint = f" for {parameter!r}" if parameter else " (no parameter given for a specific factor)"
    raise UnitError(f"cannot convert {a.name} to {b.name}{hint}: {why}")


def convert(value: Decimal, from_unit: str, to_unit: str, parameter: str | None = None) -> Decimal:
    """``value`` in ``from_unit`` expressed in ``to_unit`` (exact; 0.2 mg/kg → 200 μg/kg)."""
    if not isinstance(value, Decimal):
        raise NormalizeError(f"value must be a Decimal, got {type(value).__name__}")
    return _tidy(value * conversion_factor(from_unit, to_unit, parameter))


def _tidy(d: Decimal) -> Decimal:
    """Drop trailing zeros from a converted value without losing exactness (200.000 → 200)."""
    n = d.normalize()
    return n.quantize(Decimal(1)) if n == n.to_integral_value() else n


def convert_bound(bound: Bound, from_unit: str, to_unit: str, parameter: str | None = None) -> Bound:
    """The bound with every number (limits, nominal, tolerance, detection limit) in ``to_unit``."""
    f = conversion_factor(from_unit, to_unit, parameter)
    changes = {name: _tidy(getattr(bound, name) * f)
               for name in ("lower", "upper", "nominal", "tolerance", "detection_limit")
               if getattr(bound, name) is not None}
    return bound.model_copy(update=changes)


# ------------------------------------------------------------------------------------ labels

_LABEL_OP = re.compile(r"^\s*(?P<lead>≤|≥|<|>)?\s*(?P<body>.*?)\s*(?P<trail>≤|≥|<|>|max\.?|min\.?)?\s*$",
                       re.IGNORECASE | re.DOTALL)
_PAREN = re.compile(r"\(([^()]*)\)")
_NOTE_MARKS = re.compile(r"[ᵃᵇᶜᵈᵉᶠ]+$")


def _label_clean(label: str) -> str:
    s = normalize_chars(label).replace("<=", "≤").replace(">=", "≥")
    return _NOTE_MARKS.sub("", s).strip()


def label_direction(label: str) -> str | None:
    """``"碎米总量/%  ≤"`` → ``"max"``; ``"≥ 出糙率"`` → ``"min"``; None without an operator."""
    m = _LABEL_OP.match(_label_clean(label))
    op = ((m["lead"] or m["trail"] or "") if m else "").lower()
    return {"≤": "max", "<": "max", "max": "max", "max.": "max",
            "≥": "min", ">": "min", "min": "min", "min.": "min"}.get(op)


def _top_level(s: str, char: str) -> list[int]:
    """Positions of ``char`` outside any brackets."""
    if char not in s:
        return []
    depth, out = 0, []
    for i, ch in enumerate(s):
        depth += _DEPTH.get(ch, 0)
        if ch == char and depth == 0:
            out.append(i)
    return out


@lru_cache(maxsize=8192)  # a table's header is split by the table reader and again by the lexicon
def split_label(label: str) -> tuple[str, str | None, str | None]:
    """``"铅（以Pb计）/(mg/kg)"`` → ``("铅", "mg/kg", "以Pb计")``; ``"Moisture, % (m/m)"`` → ``("Moisture", "%", None)``."""
    m = _LABEL_OP.match(_label_clean(label))
    s = m["body"] if m else _label_clean(label)
    name, unit, basis = s, None, None
    # the earliest cut whose remainder is a unit wins: "Acid value, mg KOH/g" cuts at the comma
    candidates = [(i, i + 1) for i in _top_level(s, "/") + _top_level(s, ",")]
    candidates += [(p.start(), p.start()) for p in _PAREN.finditer(s) if p.end() == len(s) and p.start() > 0]
    for cut, start in sorted(candidates):
        try:
            u, b = split_unit_basis(s[start:])
        except UnitError:
            continue
        if u is not None:
            name, unit, basis = s[:cut], u, b
            break
    name = name.strip(" ,")
    for par in reversed(list(_PAREN.finditer(name))):
        b = canonical_basis(par.group(1))
        if b is not None and par.start() > 0:
            basis = basis or b
            name = (name[: par.start()] + name[par.end():]).strip()
    return name.strip(" ,"), unit, basis
