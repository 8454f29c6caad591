"""Sentence alignment inside a segment: English sentences to Chinese sentences.

A Gale–Church style dynamic programme over "beads" (1-1, 1-2, 2-1, 2-2, 3-1,
1-3, 1-0, 0-1 and a few rarer shapes) scores each bead by

* a prior for its shape, tuned for talk translations (mostly 1-1);
* how well the lengths match: Chinese non-space characters against English
  characters, with the ratio measured on the segment itself (so a terse or a
  wordy translator is the norm, not an outlier);
* anchors: numbers, Latin-script names and acronyms the Chinese keeps
  (``GPT-2``, ``LSTM``, ``Ilya``), and matching ``?``/``!``. An anchor found
  on one side of a bead but on the other side of the segment elsewhere costs.

The cost of a bead is :mod:`diglot.align.scoring`'s; this module searches the
cheapest beads (pruned with the bounds of :mod:`diglot.align.prune`).

:func:`align_sentences` works on sentence lists and returns beads as index
lists; :func:`align_document` splits every segment, aligns it and stores the
result as :class:`~diglot.model.SentencePair` tuples on the segments.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any

from ..lang.sentences import split_chinese, split_english, split_paragraphs
from ..model import MIN_ALIGN_CONFIDENCE, Document, Segment, SentencePair
from .prune import MARGIN, dual_points, upper_bound
from .scoring import DEFAULT_PARAMS, SQRT2, SQRT_PI, AlignParams, BeadCost, bead_scorer, target_length

__all__ = [
    "Bead",
    "align_sentences",
    "align_segment",
    "align_document",
    "document_ratio",
    "is_partial",
    "MIN_ALIGN_CONFIDENCE",
    "join_source",
    "join_target",
]

#: One bead: indices of the source sentences and of the target sentences.
Bead = tuple[list[int], list[int]]


_RARE_SHAPE = 0.0005
#: cost (nats) of each sentence a partial segment's fragment is taken not to translate
_UNMATCHED_COST = -math.log(0.15)
#: a segment whose length ratio is this far off the document's (either way)
#: holds only part of its translation: it is aligned as partial
PARTIAL_RATIO = 0.6
#: above this many cells, the table is searched in a band around the diagonal
_FULL_TABLE = 40 * 40
_MIN_BAND = 10
#: from this many cells on, the table is pruned with proven bounds (diglot.align.prune)
_PRUNE_CELLS = 36
_BAND_SHARE = 0.08


def align_sentences(
    source_sents: Sequence[str],
    target_sents: Sequence[str],
    params: AlignParams = DEFAULT_PARAMS,
    *,
    ratio: float | None = None,
    partial: str | None = None,
) -> list[Bead]:
    """Align English *source_sents* with Chinese *target_sents*.

    Returns beads in order; together they cover every index of both lists
    exactly once, each bead's lists ascending and contiguous. Deterministic.
    Either list may be empty (every sentence of the other becomes a 1-0 or
    0-1 bead). *ratio* overrides the length ratio measured on the lists.
    *partial* says one side may hold only part of the other's translation:
    ``"any"`` (a run at the start or end of either side may have no
    counterpart) or ``"tail"`` (the target is the end of the translation, its
    beginning lost); see :func:`_align_partial`.
    """
    n, m = len(source_sents), len(target_sents)
    if n == 0 or m == 0:
        return [([i], []) for i in range(n)] + [([], [j]) for j in range(m)]
    if partial:
        return _align_partial(source_sents, target_sents, params, ratio, tail=partial == "tail")
    if n == 1 or m == 1:
        # one sentence on a side: everything on the other side translates it
        return [(list(range(n)), list(range(m)))]

    return _best_path(n, m, params, bead_scorer(source_sents, target_sents, params, ratio))[0]


@lru_cache(maxsize=256)
def _shape_table(
    priors: tuple[tuple[int, int, float], ...], long_end: int, wide_end: int
) -> tuple[tuple[tuple[int, int, float], ...], tuple[tuple[int, int, int], ...], int, tuple[tuple[float, float], ...]]:
    """The shapes a table searches (each with its cost, ``-log`` of its prior) and what pruning reads of them.

    The priors' shapes, plus k-1 beads for k below *long_end* and 1-k beads
    for k below *wide_end* beyond the longest and widest the priors list
    (rare). Also: for each English step ``a >= 1`` the smallest and largest
    Chinese step ``(a, low, high)``, the largest Chinese-only step, and the
    dual points of :func:`diglot.align.prune.dual_points`.
    """
    shapes = [(a, b, -math.log(p)) for a, b, p in priors]
    longest = max(a for a, _, _ in shapes)
    widest = max(b for _, b, _ in shapes)
    for k in range(longest + 1, long_end):
        shapes.append((k, 1, -math.log(_RARE_SHAPE)))
    for k in range(widest + 1, wide_end):
        shapes.append((1, k, -math.log(_RARE_SHAPE)))
    # columns a cell can be reached from: per English step a >= 1, the smallest and largest Chinese step
    reach: dict[int, tuple[int, int]] = {}
    for a, b, _ in shapes:
        if a:
            low, high = reach.get(a, (b, b))
            reach[a] = (min(low, b), max(high, b))
    steps = tuple((a, low, high) for a, (low, high) in sorted(reach.items()))
    along = max((b for a, b, _ in shapes if not a), default=0)  # Chinese-only beads extend a row rightwards
    return tuple(shapes), steps, along, dual_points(tuple(shapes))


def _best_path(n: int, m: int, params: AlignParams, bead_cost: BeadCost) -> tuple[list[Bead], list[float]]:
    """The cheapest beads for *n* English and *m* Chinese sentences (both at least 2), and each one's cost.

    A bead's cost is what ``bead_cost`` gives it (the same floats: its
    arithmetic is inlined here), without the shape's prior.
    """
    # a translation that punctuates far less (or more) than the original
    # needs wider beads than the priors list; make them possible, if unlikely
    shapes, steps, along, dual = _shape_table(
        params.priors, min(4 * math.ceil(n / m) + 3, n - m + 2), min(4 * math.ceil(m / n) + 3, m - n + 2)
    )
    # long segments: search a band around the diagonal only
    # (both sides long, so consecutive rows' bands always overlap)
    band = max(_MIN_BAND, int(_BAND_SHARE * max(n, m))) if n * m > _FULL_TABLE and min(n, m) >= 20 else None

    def band_of(i: int) -> tuple[int, int]:
        """First and last column of row *i* the table searches."""
        if band is None:
            return 0, m
        centre = i * m / n
        return max(0, math.floor(centre - band)), min(m, math.ceil(centre + band))

    # proven pruning (see diglot.align.prune): a cell whose cost plus a lower bound on finishing
    # from it exceeds the cost of one complete path is on no best path; it is left infinite
    # (small tables: the bounds would cost more than the cells they save)
    limit = math.inf
    points: tuple[tuple[float, float], ...] = ()
    if n * m >= _PRUNE_CELLS:
        limit = upper_bound(shapes, n, m, bead_cost, lambda i, j: band_of(i)[0] <= j <= band_of(i)[1])
        limit += MARGIN * (1.0 + limit)
        points = dual
    alive_lo = [m + 1] * (n + 1)  # first and last column of each row left finite
    alive_hi = [-1] * (n + 1)
    inf = math.inf
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    spent = [[0.0] * (m + 1) for _ in range(n + 1)]  # the cost of the bead chosen at each cell
    cost[0][0] = 0.0
    # the innermost loop: BeadCost.__call__ inlined (the same arithmetic, so the same floats),
    # its tables bound to locals; a bead with an anchor adds its anchors' cost (unless its length alone loses)
    p1, p2, variance, anchored = bead_cost.p1, bead_cost.p2, bead_cost.variance, bead_cost.anchored
    en_has, zh_has = bead_cost.en_has, bead_cost.zh_has
    question_weight, en_q, zh_q = bead_cost.question_weight, bead_cost.en_q, bead_cost.zh_q
    sqrt, erfc, log = math.sqrt, math.erfc, math.log
    for i in range(n + 1):
        first, last = band_of(i)
        start, end = m + 1, -1
        for a, low, high in steps:
            if a > i:
                break
            lo, hi = alive_lo[i - a], alive_hi[i - a]
            if lo <= hi:
                if lo + low < start:
                    start = lo + low
                if hi + high > end:
                    end = hi + high
        if not points:
            end = last  # nothing is pruned: the whole row (as far as the band goes)
        row_lo, row_hi = (0, 0) if i == 0 else (m + 1, -1)  # row 0 starts at the empty cell (0, 0)
        if i == 0:
            start = 1
        if start < first:
            start = first
        # what each shape reads of this row, once: the row it comes from, its English length and anchors
        row_shapes = [
            (b, prior, (a, b), cost[i - a], i - a, p1[i] - p1[i - a], en_has[i] - en_has[i - a], question_weight and a)
            for a, b, prior in shapes
            if a <= i
        ]
        en_q_i = en_q[i - 1] if i else False
        row = cost[i]
        back_row = back[i]
        spent_row = spent[i]
        for j in range(start, last + 1):
            if j > end and j > row_hi + along:
                break  # nothing left in this row can be reached
            best = best_total = inf
            best_shape: tuple[int, int] | None = None
            for b, prior, shape, prev_row, i0, len1, en_any, ask in row_shapes:
                if b > j:
                    continue
                prev = prev_row[j - b] + prior
                if prev >= best:
                    continue  # cannot win: bead costs are never negative
                j0 = j - b
                len2 = p2[j] - p2[j0]
                mean = (len1 + len2) / 2.0
                if mean < 1.0:
                    mean = 1.0
                x = abs((len2 - len1) / sqrt(mean * variance)) / SQRT2
                if x < 5.0:
                    e = erfc(x)
                    total = -log(e if e > 1e-300 else 1e-300)
                else:
                    total = x * x + log(x * SQRT_PI)
                if en_any or zh_has[j] - zh_has[j0]:
                    if prev + total >= best:
                        continue  # cannot win: the anchors and the question only add
                    total = anchored(i0, i, j0, j, total)
                elif ask and b and en_q_i != zh_q[j - 1]:
                    total += question_weight
                c = prev + total
                if c < best:
                    best = c
                    best_shape = shape
                    best_total = total
            if best <= limit and best < inf:
                dead = False
                if points:
                    r, s = n - i, m - j
                    for u, v in points:
                        if best + (r * u + s * v) > limit:
                            dead = True
                            break
                if not dead:
                    row[j] = best
                    back_row[j] = best_shape
                    spent_row[j] = best_total
                    if j < row_lo:
                        row_lo = j
                    row_hi = j
        alive_lo[i], alive_hi[i] = row_lo, row_hi

    beads: list[Bead] = []
    costs: list[float] = []
    i, j = n, m
    while i > 0 or j > 0:
        step = back[i][j]
        assert step is not None
        a, b = step
        beads.append((list(range(i - a, i)), list(range(j - b, j))))
        costs.append(spent[i][j])
        i, j = i - a, j - b
    beads.reverse()
    costs.reverse()
    return beads, costs


def _align_partial(
    source_sents: Sequence[str], target_sents: Sequence[str], params: AlignParams, ratio: float | None, tail: bool
) -> list[Bead]:
    """Beads for a segment one side of which translates only a contiguous part of the other.

    A repaired or truncated turn loses the beginning or the end of one side.
    Every way of dropping a run of sentences at the start or the end of one
    side is tried (the rest aligned as usual, at *ratio*); the cheapest wins,
    each dropped sentence costing :data:`_UNMATCHED_COST`. With *tail*, the
    target is known to be the end of the translation: only a run at the start
    of the source may go unmatched (length alone cannot tell which end a
    fragment translates; the reader can). Dropped sentences
    become 1-0 / 0-1 beads: never forced onto a neighbour's translation.
    """
    n, m = len(source_sents), len(target_sents)
    ratio = ratio if ratio is not None else params.default_ratio
    cost = bead_scorer(source_sents, target_sents, params, ratio)
    priors = {(a, b): -math.log(p) for a, b, p in params.priors}
    best: tuple[float, list[Bead]] | None = None
    # (source kept [i0, i1), target kept [j0, j1))
    spans = [((0, n), (0, m))]
    spans += [((k, n), (0, m)) for k in range(1, n)]
    if not tail:
        spans += [((0, n - k), (0, m)) for k in range(1, n)]
        spans += [((0, n), (k, m)) for k in range(1, m)] + [((0, n), (0, m - k)) for k in range(1, m)]
    for (i0, i1), (j0, j1) in spans:
        inner = align_sentences(source_sents[i0:i1], target_sents[j0:j1], params, ratio=ratio)
        total = _UNMATCHED_COST * ((n - (i1 - i0)) + (m - (j1 - j0)))
        beads: list[Bead] = [([i], []) for i in range(i0)] + [([], [j]) for j in range(j0)]
        for src, tgt in inner:
            src, tgt = [i + i0 for i in src], [j + j0 for j in tgt]
            total += priors.get((len(src), len(tgt)), -math.log(_RARE_SHAPE))
            total += cost(src[0], src[-1] + 1, tgt[0], tgt[-1] + 1) if src and tgt else 0.0
            beads.append((src, tgt))
        beads += [([i], []) for i in range(i1, n)] + [([], [j]) for j in range(j1, m)]
        if best is None or total < best[0] - 1e-9:
            best = (total, beads)
    assert best is not None
    return best[1]


# --- document transform ----------------------------------------------------


def join_source(sentences: Sequence[str]) -> str:
    """English sentences of one bead as one string (joined with a space)."""
    return " ".join(sentences)


def join_target(sentences: Sequence[str]) -> str:
    """Chinese sentences of one bead as one string.

    Joined with nothing, except a space between two pieces of Latin text
    (a Chinese translation that keeps an English sentence).
    """
    out = ""
    for s in sentences:
        if out and _latin_edge(out[-1]) and _latin_edge(s[0]):
            out += " "
        out += s
    return out


def _latin_edge(ch: str) -> bool:
    return ch.isascii() and not ch.isspace()


def align_segment(
    segment: Segment, params: AlignParams = DEFAULT_PARAMS, doc_ratio: float | None = None
) -> tuple[SentencePair, ...]:
    """Sentence pairs of *segment*: source-only or target-only when a side is missing.

    When both sides have the same number of paragraphs (blank-line separated),
    paragraphs are aligned one to one and sentences inside each pair of them.
    Given the document's length ratio *doc_ratio*, a partial segment (see
    :func:`is_partial`) is aligned at that ratio, so its fragment pairs with
    the sentences it translates and the rest become 1-0 / 0-1 beads.
    """
    partial = is_partial(segment, doc_ratio) if doc_ratio is not None else None
    if partial:
        return _pairs(segment.source, segment.target, params, ratio=doc_ratio, partial=partial)
    en_paras = split_paragraphs(segment.source) if segment.source else []
    zh_paras = split_paragraphs(segment.target) if segment.target else []
    if len(en_paras) > 1 and len(en_paras) == len(zh_paras):
        return tuple(p for en, zh in zip(en_paras, zh_paras) for p in _pairs(en, zh, params))
    return _pairs(segment.source, segment.target, params)


def _pairs(
    source: str | None,
    target: str | None,
    params: AlignParams,
    ratio: float | None = None,
    partial: str | None = None,
) -> tuple[SentencePair, ...]:
    en = split_english(source) if source else []
    zh = split_chinese(target) if target else []
    pairs = []
    cost = bead_scorer(en, zh, params, ratio) if en and zh else None
    costs: list[float] | None = None
    if cost is not None and not partial and len(en) > 1 and len(zh) > 1:
        beads, costs = _best_path(len(en), len(zh), params, cost)  # what align_sentences returns, with each bead's cost
    else:
        beads = align_sentences(en, zh, params, ratio=ratio, partial=partial)
    for k, (src_idx, tgt_idx) in enumerate(beads):
        confidence = None
        if cost is not None and src_idx and tgt_idx:
            # the probability of a length (and anchor) disagreement at least this large
            # between true translations: exp(-cost), cost in nats
            spent = costs[k] if costs is not None else cost(src_idx[0], src_idx[-1] + 1, tgt_idx[0], tgt_idx[-1] + 1)
            confidence = round(math.exp(-spent), 4)
        pairs.append(
            SentencePair(
                source=join_source([en[i] for i in src_idx]) if src_idx else None,
                target=join_target([zh[j] for j in tgt_idx]) if tgt_idx else None,
                align_confidence=confidence,
            )
        )
    return tuple(pairs)


def document_ratio(doc: Document, params: AlignParams = DEFAULT_PARAMS) -> float:
    """Chinese characters per English character over the document's translated segments."""
    en = sum(len(s.source or "") for s in doc.segments if not s.untranslated)
    zh = sum(target_length(s.target or "") for s in doc.segments if not s.untranslated)
    ratio = zh / en if en and zh else params.default_ratio
    return min(max(ratio, params.default_ratio / 4), params.default_ratio * 4)


def is_partial(segment: Segment, doc_ratio: float) -> str | None:
    """How *segment* holds only part of its translation (or of its original), if it does.

    ``"tail"`` for a segment the reader repaired (its translation is what
    followed a broken tag: the beginning was lost), ``"any"`` for one whose
    length ratio is more than :data:`PARTIAL_RATIO` off the document's,
    either way; else ``None``.
    """
    if segment.untranslated:
        return None
    if segment.repaired:
        return "tail"
    en, zh = len(segment.source or ""), target_length(segment.target or "")
    if not en or not zh:
        return None
    r = (zh / en) / doc_ratio
    return "any" if r < PARTIAL_RATIO or r > 1 / PARTIAL_RATIO else None


#: below this many characters to align, a document is aligned in one process whatever *workers* says
#: (forking and sending the pairs back cost more than half the work saves)
PARALLEL_CHARS = 150_000


def align_document(doc: Document, params: AlignParams = DEFAULT_PARAMS, *, workers: int = 1) -> Document:
    """A copy of *doc* whose segments carry sentence pairs.

    Segments that already have pairs keep them (so the transform is
    idempotent and never drops times a timing transform added). Untranslated
    segments get source-only pairs, segments without a source target-only
    pairs. Never raises on odd text.

    With *workers* > 1 a long document (:data:`PARALLEL_CHARS`) is aligned in
    that many processes, its segments cut into runs of about equal length,
    all but the first run in forked children (:func:`diglot.fanout.fork_map`).
    Each segment is aligned on its own, so the pairs are the same whichever
    process aligns it.
    """
    ratio = document_ratio(doc, params)
    todo = [seg for seg in doc.segments if not seg.pairs]
    aligned = iter(_align_segments(todo, params, ratio, workers))
    segments = tuple(seg if seg.pairs else replace(seg, pairs=next(aligned)) for seg in doc.segments)
    return replace(doc, segments=segments)


def _align_segments(
    segments: Sequence[Segment], params: AlignParams, ratio: float, workers: int
) -> list[tuple[SentencePair, ...]]:
    """:func:`align_segment` of each of *segments*, in order; in *workers* processes when they are long enough."""
    sizes = [len(seg.source or "") + len(seg.target or "") for seg in segments]
    total = sum(sizes)
    if workers <= 1 or total < PARALLEL_CHARS or len(segments) < workers:
        return [align_segment(seg, params, ratio) for seg in segments]
    from ..fanout import ChildFailed, fork_map, frozen_heap

    # cut where the running length passes each 1/workers of the total: runs of about equal work
    cuts, running, share = [0], 0, 1
    for k, size in enumerate(sizes):
        running += size
        if share < workers and running * workers >= total * share:
            cuts.append(k + 1)
            share += 1
    cuts.append(len(segments))
    runs = [segments[a:b] for a, b in zip(cuts, cuts[1:]) if b > a]

    def align_run(run: Sequence[Segment]) -> list[Any]:
        pairs = [align_segment(seg, params, ratio) for seg in run]
        if run is runs[0]:  # this process's own run
            return pairs
        # a child's pairs come back as plain tuples of what _pairs sets (source, target, align_confidence):
        # pickling the dataclasses themselves costs several times more
        return [[(p.source, p.target, p.align_confidence) for p in seg_pairs] for seg_pairs in pairs]

    try:
        with frozen_heap():  # the children leave the document's pages unwritten
            done = fork_map(align_run, runs)
    except ChildFailed:  # a child died or hit a bug: align here, as one process does (the same pairs)
        return [align_segment(seg, params, ratio) for seg in segments]
    out: list[tuple[SentencePair, ...]] = list(done[0])
    for bare_run in done[1:]:
        out += [tuple(SentencePair(source, target, align_confidence=c) for source, target, c in bare) for bare in bare_run]
    return out
