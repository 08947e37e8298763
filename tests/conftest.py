"""Shared fixtures: where the third-party samples live (read from ../shared, never copied)."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLES = SHARED / "samples" / "iso-17301-1"
CORPUS = ROOT / "standards_corpus"


def sample(name: str) -> Path:
    p = SAMPLES / name
    if not p.exists():
        pytest.skip(f"sample {name} not available at {SAMPLES}")
    return p


@pytest.fixture
def samples_dir() -> Path:
    if not SAMPLES.exists():
        pytest.skip("../shared/samples not available")
    return SAMPLES


@pytest.fixture(scope="session")
def db(tmp_path_factory) -> Path:
    """The bundled corpus indexed once per test session (reopening the file is instant)."""
    from stdbench.corpus import Corpus

    path = tmp_path_factory.getbasetemp() / "bundled-index.sqlite3"
    Corpus.open(path, corpus_dirs=[CORPUS]).close()
    return path


@pytest.fixture(scope="module")
def corpus(db):
    """A connection to the session's bundled index, one per test module."""
    from stdbench.corpus import Corpus

    c = Corpus.open(db, corpus_dirs=[CORPUS])
    yield c
    c.close()
