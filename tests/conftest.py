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
