"""The pairing check's costs (:func:`diglot.align.shifts.pairing_costs`) against the cost object they stand for.

``pairing_costs`` scores each turn's Chinese against its own English and its neighbours' over a window of
three turns. It once made a :func:`~diglot.align.scoring.scorer_of` cost object per window; it now does the
same arithmetic for the three beads it needs. The floats must be the very same (the Viterbi path, the
notices and the repairs depend on them), on every real input.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

import diglot
from diglot.align.scoring import DEFAULT_PARAMS, AlignParams, features, scorer_of, segment_ratio
from diglot.align.shifts import _OFFSETS, pairing_costs

from ..conftest import FRONTMATTER_SEED, PAIRED_SEED

ROOT = Path(__file__).resolve().parent.parent
INPUTS = [
    PAIRED_SEED,
    FRONTMATTER_SEED,
    *sorted((ROOT / "readers" / "fixtures").glob("*.md")),
    *sorted((ROOT / "readers" / "fixtures").glob("*.txt")),
    *sorted(p for p in (ROOT / "data" / "hostile" / "accepted").iterdir() if p.is_file()),
]


def costs_by_the_scorer(sources, targets, ratio, params=DEFAULT_PARAMS):
    """What pairing_costs computed before: one scorer_of cost object per window."""
    n = len(sources)
    l1, l2, en_anchor, zh_anchor, en_q, zh_q = features(sources, targets)
    out = []
    for k in range(n):
        lo, hi = max(0, k - 1), min(n, k + 2)
        w = slice(lo, hi)
        cost = scorer_of(l1[w], l2[w], en_anchor[w], zh_anchor[w], en_q[w], zh_q[w], params, ratio)
        out.append({d: cost(k + d - lo, k + d - lo + 1, k - lo, k - lo + 1) for d in _OFFSETS if lo <= k + d < hi})
    return out


def _pairs(doc):
    paired = [s for s in doc.segments if s.source and s.target and not s.sound]
    return [s.source for s in paired], [s.target for s in paired]


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name)
@pytest.mark.parametrize("params", [DEFAULT_PARAMS, AlignParams(question_weight=0.0, anchor_weight=3.5)], ids=["default", "other"])
def test_the_same_floats_as_the_cost_object(path, params):
    sources, targets = _pairs(diglot.load(path, repair_pairing=False))
    ratio = segment_ratio(sources, targets)
    assert pairing_costs(sources, targets, ratio, params) == costs_by_the_scorer(sources, targets, ratio, params)


def test_the_same_floats_on_the_three_hour_talk_and_with_turns_slipped(tmp_path):
    text = FRONTMATTER_SEED.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    head, body = text.split("\n---\n", 1)
    talk = tmp_path / "long5.txt"
    talk.write_text(head + "\n---\n" + body * 5, encoding="utf-8")
    sources, targets = _pairs(diglot.load(talk))
    ratio = segment_ratio(sources, targets)
    assert pairing_costs(sources, targets, ratio) == costs_by_the_scorer(sources, targets, ratio)
    slipped = sources[:40] + sources[41:90] + [sources[40]] + sources[90:]  # a run shifted by one turn
    assert pairing_costs(slipped, targets, ratio) == costs_by_the_scorer(slipped, targets, ratio)
    assert len(pairing_costs(sources[:1], targets[:1], ratio)) == 1 and pairing_costs([], [], ratio) == []


def test_a_segment_list_the_reader_did_not_make():
    doc = diglot.load(PAIRED_SEED)
    segs = [replace(s, source=(s.source or "") + " 42 GPT-4?") for s in doc.segments[:12]]
    sources, targets = _pairs(replace(doc, segments=tuple(segs)))
    ratio = segment_ratio(sources, targets)
    assert pairing_costs(sources, targets, ratio) == costs_by_the_scorer(sources, targets, ratio)
