"""The aligner's pruned table (diglot.align.prune) finds the same beads, with the same costs, as the full table."""

from __future__ import annotations

import math
import random

import pytest

from diglot.align import sentences
from diglot.align.prune import dual_points, remaining_bound, upper_bound
from diglot.align.scoring import DEFAULT_PARAMS, bead_scorer
from diglot.lang.sentences import split_chinese, split_english


def _paths(monkeypatch, en: list[str], zh: list[str]):
    """(beads, bead costs) with every table pruned, and with none pruned."""
    scorer = bead_scorer(en, zh)
    monkeypatch.setattr(sentences, "_PRUNE_CELLS", 0)
    pruned = sentences._best_path(len(en), len(zh), DEFAULT_PARAMS, scorer)
    monkeypatch.setattr(sentences, "_PRUNE_CELLS", 10**9)
    full = sentences._best_path(len(en), len(zh), DEFAULT_PARAMS, scorer)
    return pruned, full


def _seed_sentences(paired_doc, frontmatter_doc) -> tuple[list[str], list[str]]:
    en: list[str] = []
    zh: list[str] = []
    for doc in (paired_doc, frontmatter_doc):
        for seg in doc.segments:
            en += split_english(seg.source) if seg.source else []
            zh += split_chinese(seg.target) if seg.target else []
    return en, zh


def test_every_seed_segment_same_beads_and_costs(monkeypatch, paired_doc, frontmatter_doc):
    checked = 0
    for doc in (paired_doc, frontmatter_doc):
        for seg in doc.segments:
            if not (seg.source and seg.target):
                continue
            en, zh = split_english(seg.source), split_chinese(seg.target)
            if len(en) < 2 or len(zh) < 2:
                continue
            pruned, full = _paths(monkeypatch, en, zh)
            assert pruned == full, seg.id
            checked += 1
    assert checked > 100


def test_random_long_and_lopsided_lists_same_beads_and_costs(monkeypatch, paired_doc, frontmatter_doc):
    """Runs of real sentences, unrelated or shifted, up to 70 a side (the banded table included)."""
    en, zh = _seed_sentences(paired_doc, frontmatter_doc)
    rnd = random.Random(13)
    shapes = [(2, 2), (3, 2), (2, 9), (30, 8), (8, 30), (45, 40), (70, 66), (25, 60)]
    shapes += [(rnd.randint(2, 40), rnd.randint(2, 40)) for _ in range(12)]
    for n, m in shapes:
        a = rnd.randrange(len(en) - n)
        b = rnd.choice([a * len(zh) // len(en), rnd.randrange(len(zh) - m)])  # roughly the same text, or not
        b = min(b, len(zh) - m)
        pruned, full = _paths(monkeypatch, en[a : a + n], zh[b : b + m])
        assert pruned == full, (n, m, a, b)


def test_long_synthetic_turn_same_beads_and_costs(monkeypatch):
    en = [f"This is sentence number {i} of a very long turn." for i in range(120)]
    zh = [f"这是很长的发言中的第 {i} 句话。" for i in range(115)]
    pruned, full = _paths(monkeypatch, en, zh)
    assert pruned == full


def _cheapest_priors(shapes, r: int, s: int) -> float:
    """The least sum of shape costs over runs of beads covering r English and s Chinese sentences."""
    best = [[math.inf] * (s + 1) for _ in range(r + 1)]
    best[0][0] = 0.0
    for i in range(r + 1):
        for j in range(s + 1):
            for a, b, p in shapes:
                if (a or b) and a <= i and b <= j:
                    best[i][j] = min(best[i][j], best[i - a][j - b] + p)
    return best[r][s]


@pytest.mark.parametrize("n, m", [(9, 9), (12, 4), (4, 12)])
def test_remaining_bound_is_a_lower_bound(n, m):
    shapes, _, _, points = sentences._shape_table(
        DEFAULT_PARAMS.priors, min(4 * math.ceil(n / m) + 3, n - m + 2), min(4 * math.ceil(m / n) + 3, m - n + 2)
    )
    for u, v in points:
        assert all(a * u + b * v <= p for a, b, p in shapes)
    assert points == dual_points(shapes)
    bound = remaining_bound(shapes, n, m)
    for i in range(n + 1):
        for j in range(m + 1):
            exact = _cheapest_priors(shapes, n - i, m - j)
            assert 0.0 <= bound(i, j) <= exact
    # and it is not vacuous: far off the diagonal it costs several unlikely beads
    assert bound(0, m) > 5.0 and bound(n, 0) > 5.0


def test_upper_bound_is_at_least_the_best_path(paired_doc, frontmatter_doc):
    en, zh = _seed_sentences(paired_doc, frontmatter_doc)
    for n, m, a, b in [(12, 11, 0, 0), (20, 7, 40, 30), (7, 20, 90, 120)]:
        src, tgt = en[a : a + n], zh[b : b + m]
        scorer = bead_scorer(src, tgt)
        shapes = sentences._shape_table(
            DEFAULT_PARAMS.priors, min(4 * math.ceil(n / m) + 3, n - m + 2), min(4 * math.ceil(m / n) + 3, m - n + 2)
        )[0]
        prior = {(x, y): p for x, y, p in shapes}
        beads, costs = sentences._best_path(n, m, DEFAULT_PARAMS, scorer)
        best = sum(prior[(len(s), len(t))] + c for (s, t), c in zip(beads, costs))
        assert upper_bound(shapes, n, m, scorer, lambda i, j: True) >= best - 1e-9
