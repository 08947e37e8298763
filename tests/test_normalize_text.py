"""Text helpers: width folding (the fast path gives exactly what a full translate gives) and raised characters."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from stdbench.normalize.text import _FOLD, fold_width


def test_every_character_folds_as_the_table_says() -> None:
    for cp in range(0x3000, 0x10000):  # CJK, full-width forms and every exotic space live here
        assert fold_width(chr(cp)) == chr(cp).translate(_FOLD), hex(cp)
    for cp in (0xA0, 0x2002, 0x2003, 0x2009, 0x200B, 0x202F, 0x2007, 0x2008, 0x205F, 0xFEFF, 0x41, 0xB5):
        assert fold_width(f"a{chr(cp)}b") == f"a{chr(cp)}b".translate(_FOLD), hex(cp)


@given(st.text())
def test_fold_width_matches_translate(text: str) -> None:
    assert fold_width(text) == text.translate(_FOLD)


def test_str_subclass_comes_back_as_plain_str() -> None:
    class Marked(str):
        pass

    for text in ("plain ascii", "水分", "ＡＢＣ"):
        out = fold_width(Marked(text))
        assert type(out) is str
        assert out == text.translate(_FOLD)


def test_raised_characters_and_back():
    from stdbench.normalize.text import from_superscript, subscript, superscript

    assert superscript("4") == "⁴" and superscript("a") == "ᵃ" and superscript("(+5)") == "⁽⁺⁵⁾"
    assert superscript("TM") is None and superscript("q") is None and superscript("") is None
    assert subscript("1") == "₁" and subscript("a") is None
    assert from_superscript("5×10⁴ organicᵃ") == "5×104 organica"
