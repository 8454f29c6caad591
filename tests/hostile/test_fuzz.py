"""Fuzzing every input family in-process (issue 16): readers raise only InputError, accepted documents
round-trip through JSON, render as SRT, WebVTT, ASS and Anki CSV and read back with the same cues.

The CI runs are bounded (seconds): Hypothesis strategies for the blog and JSON
families, the same property over subtitle files and pairs through
``st.randoms()``, and 40 seeded cases of the fast generator (``fuzzgen``) with
every exporter on some. ``pytest -m fuzz tests/hostile/test_fuzz.py`` runs
longer, and ``benchmarks/fuzz.py --inputs 100000 --workers 2`` is the long run
(see docs/benchmarks.md). Every failure a run found is kept as a case file in
``tests/hostile/fuzz_cases/`` (the shape the long run writes).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .fuzzgen import FAMILIES, case
from .fuzzing import any_document, check, check_one, files_from_json

pytestmark = pytest.mark.filterwarnings("ignore:Failed to parse:RuntimeWarning")  # pysubs2 on hostile ASS style lines

CASES = Path(__file__).parent / "fuzz_cases"

_FAST = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)
_LONG = settings(max_examples=5_000, deadline=None, suppress_health_check=list(HealthCheck), database=None)

#: a fuzzgen case of a subtitle family, its choices drawn by Hypothesis (so it shrinks and replays)
subtitle_case = st.tuples(st.randoms(use_true_random=False), st.sampled_from(["srt", "vtt", "ass", "pair"])).map(
    lambda rf: _of_family(rf[0], rf[1])
)


def _of_family(rng: random.Random, family: str):
    from .fuzzgen import subtitle, subtitle_pair

    return subtitle_pair(rng) if family == "pair" else subtitle(rng, family)


@pytest.mark.parametrize("path", sorted(CASES.glob("*.json")), ids=lambda p: p.stem)
def test_found_cases(path, tmp_path):
    """Every input fuzzing found that once failed (a long run's ``LOG/failures/*.json`` copied here, with the
    outcome it must have as ``expect``), now through every exporter."""
    record = json.loads(path.read_text(encoding="utf-8"))
    assert check(files_from_json(record["files"]), heavy=True, out=tmp_path) == record["expect"]


def test_seeded_cases(tmp_path):
    """40 cases of the fast generator (every family, one big): ASS on every other, EPUB/DOCX/.apkg on one."""
    outcomes, families = set(), set()
    for i in range(40):
        c = case(random.Random(f"ci:{i}"), big=i == 7)
        families.add(c.family)
        outcomes.add(check(c.files, ass=i % 2 == 0, heavy=i == 20, out=tmp_path))
    assert families == set(FAMILIES) and outcomes == {"accepted", "refused"}


def test_same_seed_same_case():
    assert case(random.Random("s:1")) == case(random.Random("s:1")) != case(random.Random("s:2"))


def test_round_trip_check_catches_lost_text():
    """The read-back comparison is real: a cue read back without its text, or a lost cue, fails."""
    from diglot.exporters.subtitles.qc import read_srt

    from .fuzzing import _round_trip

    back = read_srt("1\n00:00:00,000 --> 00:00:01,000\n我们\nWe\n", "x.srt")
    _round_trip("SRT", [(0, 1000, "我们We")], lambda: back)
    with pytest.raises(AssertionError, match="cue 1 of 1"):
        _round_trip("SRT", [(0, 1000, "我们We talk")], lambda: back)
    with pytest.raises(AssertionError, match="cue 2 of 2"):
        _round_trip("SRT", [(0, 1000, "我们We"), (1000, 2000, "x")], lambda: back)


@_FAST
@given(any_document)
def test_fuzz_bounded(text):
    check_one(text)


@_FAST
@given(subtitle_case)
def test_fuzz_subtitles_bounded(c):
    check(c.files, ass=True)


@pytest.mark.fuzz
@_LONG
@given(any_document)
def test_fuzz_long(text):
    check_one(text)


@pytest.mark.fuzz
@_LONG
@given(subtitle_case)
def test_fuzz_subtitles_long(c):
    check(c.files, ass=True)


@pytest.mark.fuzz
def test_fuzz_seeded_long(tmp_path):
    """5,000 fast-generator cases (the long run's property and schedule, one process)."""
    for i in range(5_000):
        c = case(random.Random(f"pytest:{i}"), big=i % 50 == 49)
        check(c.files, ass=i % 4 == 0, heavy=i % 50 == 0, out=tmp_path)
