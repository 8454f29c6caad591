"""What a bead costs: the sentence aligner's scoring, apart from its search.

A bead (English sentences ``i0..i1-1`` against Chinese sentences
``j0..j1-1``) costs, in nats, apart from its shape's prior
(:class:`AlignParams`):

* how well the lengths match: Chinese non-space characters against English
  characters at the segment's ratio (:func:`segment_ratio`), as the
  probability of a disagreement at least this large between true
  translations;
* anchors: numbers, Latin-script names and acronyms the Chinese keeps, found
  on one side of the bead but on the other side of the segment elsewhere;
* a question on one side only.

:func:`bead_scorer` makes the cost function of two sentence lists, in two
steps (:func:`features`, then :func:`scorer_of`). The pairing check
(:mod:`diglot.align.shifts`) reads the :func:`features` of a whole document
once and costs its windows with the same arithmetic, made only for the three
beads it asks for. The search over beads is :mod:`diglot.align.sentences`.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "AlignParams",
    "DEFAULT_PARAMS",
    "BeadCost",
    "Features",
    "bead_scorer",
    "features",
    "scorer_of",
    "segment_ratio",
    "target_length",
    "is_question",
]


@dataclass(frozen=True, slots=True)
class AlignParams:
    """Parameters of the aligner (defaults fitted to English→Chinese talks)."""

    #: prior probability of each bead shape (source count, target count)
    priors: tuple[tuple[int, int, float], ...] = (
        (1, 1, 0.85),
        (2, 1, 0.06),
        (1, 2, 0.035),
        (3, 1, 0.02),
        (2, 2, 0.01),
        (1, 3, 0.006),
        (4, 1, 0.004),
        (3, 2, 0.003),
        (2, 3, 0.002),
        (1, 0, 0.004),
        (0, 1, 0.004),
    )
    #: Chinese characters per English character when the segment cannot tell
    #: (0.32 and 0.31 on the two seed talks; 0.244 on literary text)
    default_ratio: float = 0.31
    #: variance of the length difference per English character, in English
    #: characters (0.78 Chinese chars² per English char, over the ratio²)
    variance: float = 13.0
    #: cost (nats) of an anchor found in the bead on one side only
    anchor_weight: float = 2.0
    #: cost of a bead ending in a question on one side only
    question_weight: float = 1.5


DEFAULT_PARAMS = AlignParams()


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-'.][A-Za-z0-9]+)*")
_EN_WORD = re.compile(r"[A-Za-z0-9]+(?:[-'.][A-Za-z0-9]+)*")
_NUMBER_WORDS = {
    "zero": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
    "twenty": "20",
    "thirty": "30",
    "forty": "40",
    "fifty": "50",
    "hundred": "100",
}
_ZH_NUMERALS = {
    "零": "0",
    "一": "1",
    "二": "2",
    "两": "2",
    "三": "3",
    "四": "4",
    "五": "5",
    "六": "6",
    "七": "7",
    "八": "8",
    "九": "9",
    "十": "10",
}
_ZH_NUMBER_WORD = re.compile(r"([零一二两三四五六七八九十])(?=[年个次位种件天月岁倍千百万亿])")


def target_length(text: str) -> int:
    """Length of a Chinese text as the aligner measures it: non-space characters."""
    return len("".join(text.split()))  # str.split() cuts at exactly the characters str.isspace() accepts


@lru_cache(maxsize=8192)
def _en_anchors(text: str) -> Counter[str]:  # cached: a sentence is scored by several scorers (read only)
    # counted in C (Counter of a list); the order of the keys is not used
    words = [w.lower() for w in _EN_WORD.findall(text)]
    words += ["#" + _NUMBER_WORDS[w] for w in words if w in _NUMBER_WORDS]
    return Counter(words + ["#" + n.replace(",", "") for n in _NUMBER.findall(text)])


@lru_cache(maxsize=8192)
def _zh_anchors(text: str) -> Counter[str]:
    found = [w.lower() for w in _LATIN.findall(text)]
    found += ["#" + n.replace(",", "") for n in _NUMBER.findall(text)]
    return Counter(found + ["#" + _ZH_NUMERALS[m] for m in _ZH_NUMBER_WORD.findall(text)])


def is_question(text: str) -> bool:
    """True when *text* ends in ``?`` or ``？`` (closing quotes and brackets aside)."""
    return text.rstrip("\"'”’)）」』】 ").endswith(("?", "？"))


#: constants of the length cost (the search in :mod:`diglot.align.sentences` inlines it with these)
SQRT2 = math.sqrt(2.0)
SQRT_PI = math.sqrt(math.pi)


def segment_ratio(source_sents: Sequence[str], target_sents: Sequence[str], params: AlignParams = DEFAULT_PARAMS) -> float:
    """Chinese characters per English character over the given sentences, as the aligner uses it.

    Falls back to ``params.default_ratio`` when a side is empty and is kept
    within a factor of four of it (a freak segment stays sane).
    """
    total1 = sum(len(s) for s in source_sents)
    total2 = sum(target_length(s) for s in target_sents)
    ratio = total2 / total1 if total1 and total2 else params.default_ratio
    return min(max(ratio, params.default_ratio / 4), params.default_ratio * 4)


def bead_scorer(
    source_sents: Sequence[str],
    target_sents: Sequence[str],
    params: AlignParams = DEFAULT_PARAMS,
    ratio: float | None = None,
) -> BeadCost:
    """The aligner's own cost (nats, lower is better) of pairing pieces of the two lists.

    ``cost(i0, i1, j0, j1)`` scores English items ``i0..i1-1`` against Chinese
    items ``j0..j1-1`` as one bead: length agreement at *ratio* (default: the
    ratio of these lists, see :func:`segment_ratio`), anchors (numbers,
    Latin names) the lists share found on one side of the bead only, and a
    question on one side only. The shape prior is not included.
    :func:`align_sentences` minimises the sum of these costs plus priors; the
    pairing audit uses the same function on whole segments.
    """
    if ratio is None:
        ratio = segment_ratio(source_sents, target_sents, params)
    return scorer_of(*features(source_sents, target_sents), params, ratio)


#: what the bead cost reads of each item of the two lists (see :func:`features`)
Features = tuple[list[int], list[int], list[Counter[str]], list[Counter[str]], list[bool], list[bool]]


def features(source_sents: Sequence[str], target_sents: Sequence[str]) -> Features:
    """What :func:`bead_scorer` reads of each item: lengths, anchors and questions of both lists.

    Made once for a list the caller scores in overlapping windows, then
    sliced (see :func:`scorer_of`, and the pairing check's windows in
    :mod:`diglot.align.shifts`).
    """
    return (
        [len(s) for s in source_sents],
        [target_length(s) for s in target_sents],
        [_en_anchors(s) for s in source_sents],
        [_zh_anchors(s) for s in target_sents],
        [is_question(s) for s in source_sents],
        [is_question(s) for s in target_sents],
    )


def scorer_of(
    l1: list[int],
    l2: list[int],
    en_anchor: list[Counter[str]],
    zh_anchor: list[Counter[str]],
    en_q: list[bool],
    zh_q: list[bool],
    params: AlignParams,
    ratio: float,
) -> BeadCost:
    """:func:`bead_scorer` of the items whose :func:`features` these are, at *ratio*."""
    # anchors the two sides share; weighted down when they repeat
    # (set operations in C first: every English word is a candidate, few are shared)
    common = set().union(*en_anchor) & set().union(*zh_anchor)
    shared = {
        a: 1.0 / max(sum(c.get(a, 0) for c in en_anchor), sum(c.get(a, 0) for c in zh_anchor)) for a in common
    }
    en_sets = [c.keys() & common for c in en_anchor]
    zh_sets = [c.keys() & common for c in zh_anchor]
    use_q = any(en_q) and any(zh_q)
    return BeadCost(l1, l2, ratio, params, shared, en_sets, zh_sets, en_q, zh_q, use_q)


class BeadCost:
    """Cost of a bead (sentences i0..i1 against j0..j1) other than its prior."""

    def __init__(
        self,
        l1: list[int],
        l2: list[int],
        ratio: float,
        params: AlignParams,
        shared: dict[str, float],
        en_sets: list[set[str]],
        zh_sets: list[set[str]],
        en_q: list[bool],
        zh_q: list[bool],
        use_q: bool,
    ) -> None:
        self.p1 = _prefix(l1)
        self.p2 = _prefix([x / ratio for x in l2])  # in English characters
        self.variance = params.variance
        self.anchor_weight = params.anchor_weight
        self.question_weight = params.question_weight if use_q else 0.0
        self.shared = shared
        self.en_sets = en_sets
        self.zh_sets = zh_sets
        # prefix counts of sentences holding an anchor: skip beads with none
        self.en_has = _prefix([1 if x else 0 for x in en_sets])
        self.zh_has = _prefix([1 if x else 0 for x in zh_sets])
        self.en_q = en_q
        self.zh_q = zh_q

    def __call__(self, i0: int, i1: int, j0: int, j1: int) -> float:
        len1 = self.p1[i1] - self.p1[i0]
        len2 = self.p2[j1] - self.p2[j0]
        mean = (len1 + len2) / 2.0
        if mean < 1.0:
            mean = 1.0
        # -log P(|Z| >= |delta|) for a standard normal Z, delta the length disagreement in standard
        # deviations; for x >= 5 the asymptotic form erfc(x) ~ exp(-x²) / (x √π). Inlined: the innermost call.
        x = abs((len2 - len1) / math.sqrt(mean * self.variance)) / SQRT2
        total = -math.log(max(math.erfc(x), 1e-300)) if x < 5.0 else x * x + math.log(x * SQRT_PI)
        return self.anchored(i0, i1, j0, j1, total)

    def anchored(self, i0: int, i1: int, j0: int, j1: int, total: float) -> float:
        """*total* (the bead's length cost) plus the cost of its anchors and of a question on one side only."""
        if self.en_has[i1] - self.en_has[i0] or self.zh_has[j1] - self.zh_has[j0]:
            en: set[str] = set().union(*self.en_sets[i0:i1])
            zh: set[str] = set().union(*self.zh_sets[j0:j1])
            for a in en ^ zh:
                total += self.anchor_weight * self.shared[a]
        if self.question_weight and i1 > i0 and j1 > j0 and self.en_q[i1 - 1] != self.zh_q[j1 - 1]:
            total += self.question_weight
        return total


def _prefix(values: Sequence[float]) -> list[float]:
    out = [0.0]
    for v in values:
        out.append(out[-1] + v)
    return out
