"""The split search's yes/no line fit and its two-line search answer as the full line-break search does."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

from diglot.exporters.subtitles.split import GOOD_BREAK, side_of
from diglot import load

from ...conftest import FRONTMATTER_SEED, PAIRED_SEED


def seed_spans(seed: int, step: int, per_side: int, reach: int) -> Iterator[tuple[Any, int, int]]:
    """(side, a, b): random spans of real sentences in both languages (the speaker mark included, as
    cues have it), every *step*-th sentence, *per_side* spans of up to *reach* line widths each."""
    rng = random.Random(seed)
    for path in (PAIRED_SEED, FRONTMATTER_SEED):
        doc = load(path)
        texts = [(s.source, doc.source_lang, 42) for s in doc.segments] + [(s.target, doc.target_lang, 16) for s in doc.segments]
        for text, lang, width in texts[::step]:
            for mark in ("", "Host: "):
                side = side_of(text, lang, width, mark)
                if side is None:
                    continue
                n = len(side.text)
                for _ in range(per_side):
                    a = rng.randrange(n)
                    yield side, a, rng.randrange(a, min(n, a + reach * width) + 1)


def test_fits_agrees_with_wrapping_on_seed_sentences():
    """Every line limit and break cost the splitter uses: ``fits`` is True exactly when ``lines`` finds lines."""
    checked = fitting = 0
    for side, a, b in seed_spans(13, step=3, per_side=12, reach=4):  # up to about three lines' worth and more
        for max_lines in (1, 2, 3):
            for cost in (GOOD_BREAK, None):
                want = side.lines(a, b, max_lines, cost) is not None
                assert side.fits(a, b, max_lines, cost) == want, (side.text[a:b], max_lines, cost)
                checked += 1
                fitting += want
    assert checked > 2000 and 0.2 < fitting / checked < 0.8  # both answers well represented


def test_two_lines_are_the_lines_wrap_chooses():
    """``lines`` with two lines (its own search over the side's prefix sums) gives exactly the lines of
    :func:`wrap` over the span's text and breaks, on spans of real sentences (lines found or not)."""
    from diglot.lang.linebreak import wrap

    checked = found = 0
    for side, a, b in seed_spans(7, step=2, per_side=10, reach=3):
        local = [(p - a, c) for p, c in side.breaks if a < p < b]
        for cost in (GOOD_BREAK, None):
            want = wrap(side.text[a:b], local, side.measure, side.width, 2, cost)
            assert side.lines(a, b, 2, cost) == want, (side.text[a:b], cost)
            checked += 1
            found += want is not None and len(want) == 2
    assert checked > 1000 and found > checked // 5  # two-line answers well represented
