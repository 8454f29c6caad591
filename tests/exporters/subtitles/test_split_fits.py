"""The split search's yes/no line fit answers as the full line-break search does."""

from __future__ import annotations

import random

from diglot.exporters.subtitles.split import GOOD_BREAK, side_of
from diglot import load

from ...conftest import FRONTMATTER_SEED, PAIRED_SEED


def test_fits_agrees_with_wrapping_on_seed_sentences():
    """Spans of real sentences in both languages (the speaker mark included, as cues have it), every
    line limit and break cost the splitter uses: ``fits`` is True exactly when ``lines`` finds lines."""
    rng = random.Random(13)
    checked = fitting = 0
    for path in (PAIRED_SEED, FRONTMATTER_SEED):
        doc = load(path)
        texts = [(s.source, doc.source_lang, 42) for s in doc.segments] + [(s.target, doc.target_lang, 16) for s in doc.segments]
        for text, lang, width in texts[::3]:
            for mark in ("", "Host: "):
                side = side_of(text, lang, width, mark)
                if side is None:
                    continue
                n = len(side.text)
                for _ in range(12):
                    a = rng.randrange(n)
                    b = rng.randrange(a, min(n, a + 4 * width) + 1)  # up to about three lines' worth and more
                    for max_lines in (1, 2, 3):
                        for cost in (GOOD_BREAK, None):
                            want = side.lines(a, b, max_lines, cost) is not None
                            assert side.fits(a, b, max_lines, cost) == want, (side.text[a:b], max_lines, cost)
                            checked += 1
                            fitting += want
    assert checked > 2000 and 0.2 < fitting / checked < 0.8  # both answers well represented
