"""The coverage check's quick proof (whitespace chunks) against the full token count, on real inputs.

:func:`diglot.readers.coverage.measure` first tries :func:`~diglot.readers.coverage._balanced`,
which counts only the chunks that are not written as often on both sides; the full count
(:func:`~diglot.readers.coverage._by_count`) decides whenever that proof is not had. The two must
agree: the quick proof may only say "balanced" when the full count finds every token placed once.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import diglot
from diglot.errors import InputError
from diglot.readers import coverage

from ..conftest import FRONTMATTER_SEED, PAIRED_SEED
from .test_coverage import ALL_FIXTURES, mutated

HOSTILE = Path(__file__).resolve().parent.parent / "data" / "hostile" / "accepted"
#: the accepted torture inputs read by a reader with a coverage check (the blog families)
HOSTILE_TEXTS = sorted(p for p in HOSTILE.iterdir() if p.suffix in (".md", ".txt"))
REAL = [PAIRED_SEED, FRONTMATTER_SEED, *ALL_FIXTURES, *HOSTILE_TEXTS]


def _calls(monkeypatch: pytest.MonkeyPatch, load) -> list[tuple[str, int, list[str], list[str]]]:
    """The arguments of every :func:`coverage.measure` made while *load* runs."""
    seen: list[tuple[str, int, list[str], list[str]]] = []
    original = coverage.measure

    def spy(body, first_line, placed, discarded):
        placed, discarded = list(placed), list(discarded)
        seen.append((body, first_line, placed, discarded))
        return original(body, first_line, placed, discarded)

    monkeypatch.setattr(coverage, "measure", spy)
    load()
    return seen


def _full(body: str, first_line: int, placed: list[str], discarded: list[str]) -> coverage.Coverage:
    return coverage._by_count(coverage.strip_markup(body), first_line, [p for p in placed if p], discarded)


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_quick_proof_agrees_with_the_full_count_on_real_inputs(path, monkeypatch):
    (call,) = _calls(monkeypatch, lambda: diglot.load(path))
    assert coverage.measure(*call) == _full(*call)
    body, _, placed, discarded = call
    balanced = coverage._balanced(coverage.strip_markup(body), [p for p in placed if p], discarded)
    if balanced:
        assert _full(*call) == coverage.Coverage(1.0, (), ())


@pytest.mark.parametrize("path", [PAIRED_SEED, FRONTMATTER_SEED, HOSTILE / "frontmatter.md", HOSTILE / "paired-utf8.txt"], ids=lambda p: p.name)
def test_the_seeds_are_proved_without_counting_every_character(path, monkeypatch):
    """The point of the quick proof: on the seeds it decides, and the full count is never run."""
    (call,) = _calls(monkeypatch, lambda: diglot.load(path))
    monkeypatch.setattr(coverage, "_by_count", None)  # calling it would raise
    assert coverage.measure(*call) == coverage.Coverage(1.0, (), ())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(mutated())
def test_quick_proof_agrees_with_the_full_count_on_mutated_posts(monkeypatch, text):
    """Posts with lines deleted, doubled, swapped and tags broken: lost and doubled text found as before."""
    with monkeypatch.context() as m:
        try:
            calls = _calls(m, lambda: diglot.loads(text, "mutated.md"))
        except InputError:
            return
    for call in calls:
        assert coverage.measure(*call) == _full(*call)


@pytest.mark.parametrize(
    ("body", "placed", "discarded", "balanced"),
    [
        ("**Host:** 你好。\nHi there.", ["你好。", "Hi there."], ["**Host:** "], True),
        ("Host:你好。Hi there.", ["你好。Hi", "there."], ["Host"], True),  # a label glued to its text
        ("一个想法（idea: 念头）。", ["一个想法。", "idea", "念头"], [], True),  # a note taken out of its sentence
        ("第一行\n第二行", ["第一行第二行"], [], True),  # a paragraph's lines joined
        ("One two three.", ["One two three.", "two"], [], False),  # placed twice
        ("One two three.", ["One three."], [], False),  # lost
        ("One two.", ["One two."], ["Host"], False),  # a discarded label that is not in the body: the full count decides
        ("Host Host said", ["Host said"], ["Host"], True),
        ("ab", ["a b"], [], False),  # one ASCII word is not two
        ("中文 12", ["中文1 2"], [], True),  # digits and Han characters are single tokens
        ("  Same line.  \nOther 中文", ["Same line.", "中文 Other"], [], True),  # a line set aside whole, one cut in chunks
        ("Same line.\nSame line.", ["Same line."], [], False),  # a line written twice, placed once
        ("A b.\nc d.", ["A b. c", "d."], [], True),
    ],
)
def test_quick_proof_cases(body, placed, discarded, balanced):
    assert coverage._balanced(body, placed, discarded) is balanced
    full = coverage._by_count(body, 1, placed, discarded) == coverage.Coverage(1.0, (), ())
    assert not balanced or full
    assert coverage.measure(body, 1, placed, discarded) == coverage._by_count(body, 1, placed, discarded)


_OLD_EMPHASIS = re.compile(r"\*+|__+")


@given(st.text(alphabet="*_a 中\n", max_size=30))
def test_emphasis_markers_taken_out_as_one_pass_of_the_old_pattern(text):
    assert coverage.strip_markup(text) == _OLD_EMPHASIS.sub("", text)
