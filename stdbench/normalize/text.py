"""Width folding, whitespace and raised characters: make text comparable while the original is kept elsewhere.

Only width is folded (full-width ASCII → ASCII, ideographic and no-break spaces → space). NFKC is *not*
used: it would turn ``m²`` into ``m2`` and ``µ`` (micro sign) into ``μ`` in places where the
difference is the information.
"""
from __future__ import annotations

import re

_SPACES = "\u3000\u00a0\u2002\u2003\u2009\u202f\u200b\u2007\u2008\u205f\ufeff"
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FOLD.update({ord(c): " " for c in _SPACES})
_FOLD[0x200B] = None  # zero-width space: drop
_FOLD[0xFEFF] = None
_FOLDABLE = re.compile(f"[\uff01-\uff5e{_SPACES}]")  # any key of _FOLD
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")


_SUP_PLAIN, _SUP_SHOWN = "0123456789abcdefghijklmnoprstuvwxyz()+-", "⁰¹²³⁴⁵⁶⁷⁸⁹ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ⁽⁾⁺⁻"
_SUB_PLAIN, _SUB_SHOWN = "0123456789()+-", "₀₁₂₃₄₅₆₇₈₉₍₎₊₋"
_TO_SUP, _FROM_SUP = str.maketrans(_SUP_PLAIN, _SUP_SHOWN), str.maketrans(_SUP_SHOWN, _SUP_PLAIN)
_TO_SUB = str.maketrans(_SUB_PLAIN, _SUB_SHOWN)
_SUP_CHARS, _SUB_CHARS = frozenset(_SUP_PLAIN), frozenset(_SUB_PLAIN)


def superscript(text: str) -> str | None:
    """``text`` in superscript characters ("4" → "⁴", "a" → "ᵃ"), or None when one of its characters has no
    superscript form (capitals, q, most punctuation) or it is empty. How raised text is kept in the model: an
    exponent stays an exponent (5×10⁴) and a footnote mark stays a mark (铅ᵃ)."""
    return text.translate(_TO_SUP) if text and set(text) <= _SUP_CHARS else None


def from_superscript(text: str) -> str:
    """Superscript characters back to plain ones ("ᵃ" → "a"); other characters unchanged."""
    return text.translate(_FROM_SUP)


def subscript(text: str) -> str | None:
    """``text`` in subscript characters ("1" → "₁"), or None when a character has no subscript form."""
    return text.translate(_TO_SUB) if text and set(text) <= _SUB_CHARS else None


def fold_width(text: str) -> str:
    """Full-width ASCII forms → ASCII; exotic spaces → plain space."""
    # Most text has nothing to fold, and the checks cost far less than translate's per-character look-up.
    # Only a plain str is returned as is: translate turns lxml's str subclasses into plain str.
    if type(text) is str and (text.isascii() or _FOLDABLE.search(text) is None):
        return text
    return text.translate(_FOLD)


def squash(text: str) -> str:
    """Collapse runs of whitespace into one space and strip (str.split() knows the same spaces as \\s)."""
    return " ".join(text.split())


def fold(text: str) -> str:
    """Width-fold, collapse whitespace and lower-case: the key used for fuzzy look-ups."""
    return squash(fold_width(text)).lower()


def has_cjk(text: str) -> bool:
    """True when the text holds Chinese (CJK) characters."""
    return bool(_CJK.search(text))


def cjk_ratio(text: str) -> float:
    """Share of non-space characters that are CJK."""
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return 0.0
    return sum(1 for c in chars if _CJK.match(c)) / len(chars)
