"""Property tests: every parser and reader returns a result or raises StdbenchError — never anything else.

Modest example counts keep this part of the normal suite; tests/fuzz/run_fuzz.py runs the same properties long.
"""
from __future__ import annotations

import random
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from stdbench import read
from stdbench.errors import NormalizeError, StdbenchError
from stdbench.model import Standard
from stdbench.normalize.codes import find_designations, parse_designation
from stdbench.normalize.quantity import parse_limit, parse_number
from stdbench.normalize.units import parse_unit
from tests.fuzz.strategies import NUMBERS, code_texts, docx_bodies, limit_texts, sts_documents, write_docx
from tests.hostile.builders import requirements_sec, sts_xml

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
DOCS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                       HealthCheck.function_scoped_fixture])


def _finite(value: Decimal | None) -> None:
    assert value is None or value.is_finite()


def check_limit(text: str) -> None:
    """parse_limit: a Limit with ordered, finite bounds — or NormalizeError."""
    for kwargs in ({}, {"unit": "mg/kg", "direction": "max"}, {"direction": "min"}):
        try:
            limit = parse_limit(text, **kwargs)
        except NormalizeError:
            continue
        b = limit.bound
        for v in (b.lower, b.upper, b.nominal, b.tolerance, b.detection_limit):
            _finite(v)
        assert limit.text == text


def check_number(text: str) -> None:
    try:
        value = parse_number(text)
    except NormalizeError:
        return
    assert isinstance(value, Decimal) and value.is_finite()


def check_unit(text: str) -> None:
    try:
        unit = parse_unit(text)
    except NormalizeError:
        return
    assert isinstance(unit, str) and unit
    assert parse_unit(unit) == unit  # canonical units are fixed points


def check_code(text: str) -> None:
    """parse_designation round-trips through its canonical text; find_designations gives valid spans."""
    try:
        d = parse_designation(text)
    except NormalizeError:
        d = None
    if d is not None:
        again = parse_designation(str(d))
        assert (again.prefix, again.number, again.part, again.year) == (d.prefix, d.number, d.part, d.year)
    for found, start, end in find_designations(text):
        assert 0 <= start < end <= len(text)
        assert found.number


@FAST
@given(limit_texts())
@example("≤0.2")
@example("不得检出")
def test_parse_limit_never_crashes(text: str) -> None:
    check_limit(text)


def test_parse_limit_domain_values() -> None:
    """The control for the property: real limits parse to the right bound."""
    assert parse_limit("≤0.2", unit="mg/kg").bound.upper == Decimal("0.2")
    assert parse_limit("≥15.5", unit="%").bound.lower == Decimal("15.5")


@FAST
@given(st.one_of(NUMBERS, limit_texts()))
def test_parse_number_never_crashes(text: str) -> None:
    check_number(text)


@pytest.mark.parametrize("text", ["1e400", "1e100", "1×10^400"])
def test_parse_number_huge_exponent(text: str) -> None:
    check_number(text)
    check_limit("≤" + text)


@FAST
@given(st.one_of(limit_texts(), st.text(max_size=20)))
def test_parse_unit_never_crashes(text: str) -> None:
    check_unit(text)


@FAST
@given(code_texts())
@example("GB/T 1354—2018")
@example("T/HLJFIA 001-2024")
def test_codes_never_crash_and_round_trip(text: str) -> None:
    check_code(text)




def check_reader(path: Path, tolerate: tuple[type[BaseException], ...] = ()) -> Standard | None:
    """A reader returns a Standard or raises StdbenchError; a returned grid is rectangular."""
    try:
        std = read(path)
    except StdbenchError as exc:
        assert "\n" not in str(exc)
        return None
    except tolerate:
        return None
    for clause in std.walk():
        for block in clause.blocks:
            if block.type == "table":
                grid = block.grid()
                assert len({len(row) for row in grid}) <= 1
    return std


@DOCS
@given(sts_documents())
def test_sts_reader_random_documents(doc: str) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "s.xml"
        path.write_text(doc, encoding="utf-8")
        std = check_reader(path)
    assert std is not None  # well-formed STS always reads
    assert std.source_format == "sts"


@DOCS
@given(docx_bodies())
def test_docx_reader_random_documents(body: str) -> None:
    with tempfile.TemporaryDirectory() as d:
        std = check_reader(write_docx(Path(d) / "w.docx", body))
    assert std is not None


def mutate(data: bytes, rng: random.Random, flips: int) -> bytes:
    """Flip, drop or duplicate a few bytes: the classic dumb fuzzer."""
    buf = bytearray(data)
    for _ in range(flips):
        i = rng.randrange(len(buf))
        op = rng.randrange(3)
        if op == 0:
            buf[i] = rng.randrange(256)
        elif op == 1:
            del buf[i]
        else:
            buf[i:i] = buf[i:i + rng.randrange(1, 16)]
    return bytes(buf)


def seeds(d: Path) -> list[Path]:
    from tests.docx_builders import gbt_template_docx

    sts = d / "seed.xml"
    sts.write_text(sts_xml(body=requirements_sec("铅（以Pb计）", "≤0.2")), encoding="utf-8")
    return [sts, gbt_template_docx(d / "seed.docx")]


def test_mutated_documents(tmp_path: Path) -> None:
    """40 mutants of a valid STS file and of a valid .docx (fixed seeds: reproducible)."""
    refused = 0
    for seed in range(40):
        rng = random.Random(seed)
        for src in seeds(tmp_path):
            bad = tmp_path / f"m{src.suffix}"
            bad.write_bytes(mutate(src.read_bytes(), rng, rng.randrange(1, 8)))
            refused += check_reader(bad) is None
    assert refused > 20  # most mutants are broken and must have been refused cleanly


@pytest.mark.parametrize("name", ["rice-2016-en.isosts.xml", "rice-2016-zh.metanorma.xml"])
def test_mutated_real_samples(tmp_path: Path, name: str) -> None:
    """A few mutants of the real ISO 17301-1 samples (read from ../shared, never copied into the repo)."""
    from tests.conftest import sample

    data = sample(name).read_bytes()
    rng = random.Random(name)
    for i in range(4):
        bad = tmp_path / f"{i}-{name}"
        bad.write_bytes(mutate(data, rng, rng.randrange(1, 6)))
        check_reader(bad)
