"""How well does an English passage match a Chinese one? The aligner's evidence, for whole turns.

The same three signals the sentence aligner scores beads with
(:mod:`diglot.align.sentences`): the length of the Chinese against the length
of the English at the document's own ratio, anchors (numbers and the Latin
names and acronyms the Chinese keeps) found on one side only, and a question
answered by a statement. :func:`pair_cost` gives the cost in nats (lower is
better); readers use it to notice a post whose pairing slips by one turn, and
a pairing audit can use it per segment.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from .sentences import DEFAULT_PARAMS, AlignParams, _en_anchors, _is_question, _neg_log_tail, _zh_anchors, _zh_length


@dataclass(frozen=True, slots=True)
class PairScorer:
    """Scores (English, Chinese) pairs against one document's own habits."""

    ratio: float  # Chinese characters per English character in this document
    kept: frozenset[str]  # anchors (lower-cased names, "#numbers") the Chinese ever keeps
    params: AlignParams = DEFAULT_PARAMS

    @classmethod
    def fit(cls, pairs: Sequence[tuple[str, str]], params: AlignParams = DEFAULT_PARAMS) -> PairScorer:
        """A scorer for the document whose (English, Chinese) pairs are *pairs*."""
        en_len = sum(len(en) for en, _ in pairs)
        zh_len = sum(_zh_length(zh) for _, zh in pairs)
        ratio = zh_len / en_len if en_len and zh_len else params.default_ratio
        kept: set[str] = set()
        for _en, zh in pairs:
            kept |= set(_zh_anchors(zh))
        return cls(ratio, frozenset(kept), params)

    def cost(self, en: str, zh: str) -> float:
        """Cost (nats) of *zh* being the translation of *en*: length, anchors, questions."""
        len_en = float(len(en))
        len_zh = _zh_length(zh) / self.ratio
        mean = max((len_en + len_zh) / 2.0, 1.0)
        total = _neg_log_tail((len_zh - len_en) / math.sqrt(mean * self.params.variance))
        en_a = {a for a in _en_anchors(en) if a in self.kept}
        zh_a = set(_zh_anchors(zh))
        total += self.params.anchor_weight * len(en_a ^ zh_a)
        if _is_question(en) != _is_question(zh):
            total += self.params.question_weight
        return total
