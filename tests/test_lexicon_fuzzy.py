"""The lexicon's fuzzy ranking scores only keys of a length that can pass, yet ranks exactly as rapidfuzz
over every key would: same candidates, same order (score down, then the order names were added)."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from stdbench.normalize import lexicon

INDEXES = {"parameters": lambda: lexicon._parameter_data()[1], "clauses": lambda: lexicon._clause_data()[1]}


def _reference(index: lexicon._Index, query: str, min_score: float) -> list[tuple[int, float]]:
    """The ranking of process.extract over the whole choice list (what fuzzy used before)."""
    keys = [c[0] for c in index.choices]
    return [(i, score) for _, score, i in process.extract(query, keys, scorer=fuzz.ratio, limit=10,
                                                          score_cutoff=min_score)]


@pytest.mark.parametrize("which", list(INDEXES))
@pytest.mark.parametrize("min_score", [50.0, 80.0, 85.0, 90.0, 100.0])
def test_ranking_matches_extract_over_all_keys(which: str, min_score: float) -> None:
    index = INDEXES[which]()
    queries = [c[0] for c in index.choices[::7]]
    queries += [k[:-1] for k in queries if len(k) > 2] + [k + "s" for k in queries] + [k[::-1] for k in queries]
    for query in queries:
        assert index._ranked(query, min_score) == _reference(index, query, min_score), query


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aeimnorstu 水分含量铅锌黄曲霉毒素B1M")), min_size=1, max_size=25),
       st.sampled_from([60.0, 75.0, 80.0, 85.0, 90.0, 95.0]))
def test_ranking_matches_extract_on_arbitrary_queries(query: str, min_score: float) -> None:
    index = lexicon._parameter_data()[1]
    assert index._ranked(query, min_score) == _reference(index, query, min_score)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="abcde", min_size=1, max_size=20), st.text(alphabet="abcde", max_size=20),
       st.floats(min_value=1, max_value=100))
def test_length_window_never_drops_a_passing_key(a: str, b: str, min_score: float) -> None:
    shortest, longest = lexicon._length_window(len(a), min_score)
    if fuzz.ratio(a, b, score_cutoff=min_score):
        assert shortest <= len(b) <= longest


def test_fuzzy_still_corrects_typos() -> None:
    match = lexicon.lookup("Partly gelatinsed kernels")  # one letter short of a long word: let through
    assert match is not None
    assert match.parameter.id == "partly_gelatinized_kernels"
    assert 90 < match.score < 100
    assert lexicon.clause_title_key("Specificatons") == "requirements"
    assert lexicon.clause_title_key("Samplling") == "sampling"
    assert lexicon.lookup("Chalky kernals") is None  # the guard refuses a typo in a short word
