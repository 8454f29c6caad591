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
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .sentences import (
    _EN_WORD,
    _NUMBER,
    _NUMBER_WORDS,
    DEFAULT_PARAMS,
    AlignParams,
    _is_question,
    _neg_log_tail,
    _zh_anchors,
)

_SPACE = re.compile(r"\s")


def _nonspace(text: str) -> int:
    """Characters that are not white space (the aligner's Chinese length)."""
    return len(text) - len(_SPACE.findall(text))


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
        zh_len = sum(_nonspace(zh) for _, zh in pairs)
        ratio = zh_len / en_len if en_len and zh_len else params.default_ratio
        kept: set[str] = set()
        for _en, zh in pairs:
            kept |= set(_zh_anchors(zh))
        return cls(ratio, frozenset(kept), params)

    def cost(self, en: str, zh: str) -> float:
        """Cost (nats) of *zh* being the translation of *en*: length, anchors, questions."""
        return self.cost_of(self.english(en), self.chinese(zh))

    def english(self, en: str) -> Side:
        """What the cost needs of an English text (compute once, score against many)."""
        words = {w.lower() for w in _EN_WORD.findall(en)}
        found = {w for w in words if w in self.kept}
        found |= {"#" + _NUMBER_WORDS[w] for w in words if w in _NUMBER_WORDS}
        found |= {"#" + n.replace(",", "") for n in _NUMBER.findall(en)}
        # the same anchors as the aligner's _en_anchors, as a set, only those the Chinese ever keeps
        return Side(float(len(en)), frozenset(a for a in found if a in self.kept), _is_question(en))

    def chinese(self, zh: str) -> Side:
        return Side(_nonspace(zh) / self.ratio, frozenset(_zh_anchors(zh)), _is_question(zh))

    def cost_of(self, en: Side, zh: Side) -> float:
        mean = max((en.length + zh.length) / 2.0, 1.0)
        total = _neg_log_tail((zh.length - en.length) / math.sqrt(mean * self.params.variance))
        total += self.params.anchor_weight * len(en.anchors ^ zh.anchors)
        if en.question != zh.question:
            total += self.params.question_weight
        return total


@dataclass(frozen=True, slots=True)
class Side:
    """One side of a pair as the cost sees it: length in English characters, anchors, a question or not."""

    length: float
    anchors: frozenset[str]
    question: bool
