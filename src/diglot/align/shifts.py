"""Runs of segments whose pairing looks shifted by one turn, or two turns swapped.

A translation someone already made can slip: from some turn on, each Chinese
turn sits next to the English of the turn after (or before) it. Nothing in
the markup shows it; the evidence is the sentence aligner's own bead cost
(:func:`diglot.align.scoring.bead_scorer`: lengths at the document's ratio,
shared numbers and Latin names, questions) of each Chinese turn against its
own English and against its neighbours' English.

A three-state Viterbi path over the turns (0: paired as written, +1: the
Chinese belongs with the next segment's English, -1: with the previous one's),
with a cost for every change of state, says where the pairing slips; a run is
reported only when the written pairing loses clearly over the whole run.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

from .scoring import DEFAULT_PARAMS, SQRT2, SQRT_PI, AlignParams, _prefix, features

__all__ = ["ShiftedRun", "pairing_costs", "find_shifted_runs", "SWITCH_COST", "MIN_GAIN"]

#: cost (nats) of each change between "as written" and a shifted pairing
SWITCH_COST = 3.0
#: a run is reported only when the shifted pairing beats the written one by this much in total (nats)
MIN_GAIN = 6.0
#: ... and by this much per Chinese turn of the run on average
MIN_GAIN_PER_TURN = 1.5

#: off-path turns at the ends of a run that gain no more than this (nats) are not reported
_TRIM_GAIN = 0.5

_OFFSETS = (0, 1, -1)


class ShiftedRun(NamedTuple):
    """Turns ``first..last`` (indices into the sequence given) whose pairing looks wrong.

    ``offset`` is +1 when each Chinese turn matches the *next* turn's English,
    -1 when it matches the previous one's (the offset of most of the run),
    0 for two swapped turns (a +1 then a -1). ``gain`` is how much cheaper (nats, the aligner's cost) the
    better pairing is over the run; ``better`` how many of its Chinese turns
    prefer it.
    """

    first: int
    last: int
    offset: int
    gain: float
    better: int
    turns: int


def pairing_costs(
    sources: Sequence[str], targets: Sequence[str], ratio: float, params: AlignParams = DEFAULT_PARAMS
) -> list[dict[int, float]]:
    """For each turn k, the aligner's cost of its Chinese against English k+d, for d in 0, +1, -1.

    Scored over a window of three turns on each side, so an anchor (a number,
    a name) shared by the window counts wherever it lands on one side only.
    """
    n = len(sources)
    out: list[dict[int, float]] = []
    # each turn's lengths, anchors and question once; each window scores its slice of them
    l1, l2, en_anchor, zh_anchor, en_q, zh_q = features(sources, targets)
    for k in range(n):
        lo, hi = max(0, k - 1), min(n, k + 2)
        out.append(_window_costs(k - lo, l1[lo:hi], l2[lo:hi], en_anchor[lo:hi], zh_anchor[lo:hi], en_q[lo:hi], zh_q[lo:hi], params, ratio))
    return out


def _window_costs(
    k: int,
    l1: list[int],
    l2: list[int],
    en_anchor: list[Counter[str]],
    zh_anchor: list[Counter[str]],
    en_q: list[bool],
    zh_q: list[bool],
    params: AlignParams,
    ratio: float,
) -> dict[int, float]:
    """``{d: cost(k+d, k+d+1, k, k+1)}`` of ``scorer_of(l1, l2, en_anchor, zh_anchor, en_q, zh_q, params, ratio)``.

    The same arithmetic as :class:`~diglot.align.scoring.BeadCost` (so the same floats: its prefix sums, the
    same sets built the same way, so summed in the same order), made only for the three beads asked for: the
    weight of a shared anchor only for an anchor on one side of one of them, no cost object.
    """
    common = set().union(*en_anchor) & set().union(*zh_anchor)
    en_sets = [c.keys() & common for c in en_anchor]
    zh_set = zh_anchor[k].keys() & common
    p1 = _prefix(l1)
    p2 = _prefix([x / ratio for x in l2])  # in English characters
    len2 = p2[k + 1] - p2[k]
    question = params.question_weight if any(en_q) and any(zh_q) else 0.0
    variance, weight = params.variance, params.anchor_weight
    row: dict[int, float] = {}
    for d in _OFFSETS:
        i = k + d
        if not 0 <= i < len(l1):
            continue
        len1 = p1[i + 1] - p1[i]
        mean = (len1 + len2) / 2.0
        if mean < 1.0:
            mean = 1.0
        x = abs((len2 - len1) / math.sqrt(mean * variance)) / SQRT2
        total = -math.log(max(math.erfc(x), 1e-300)) if x < 5.0 else x * x + math.log(x * SQRT_PI)
        if en_sets[i] or zh_set:
            en: set[str] = set().union(en_sets[i])
            zh: set[str] = set().union(zh_set)
            for a in en ^ zh:
                total += weight * (1.0 / max(sum(c.get(a, 0) for c in en_anchor), sum(c.get(a, 0) for c in zh_anchor)))
        if question and en_q[i] != zh_q[k]:
            total += question
        row[d] = total
    return row


def find_shifted_runs(costs: Sequence[dict[int, float]], switch_cost: float = SWITCH_COST) -> list[ShiftedRun]:
    """Runs where the Viterbi path leaves the written pairing, and the gain is clear.

    *costs* is :func:`pairing_costs`' output. Runs are returned in order;
    a run's ``first..last`` covers every turn whose written pairing is wrong
    (a Chinese turn that moved and the turn whose English it took).
    """
    n = len(costs)
    if n < 2:
        return []
    inf = math.inf
    best = {d: (costs[0].get(d, inf) + (switch_cost if d else 0.0)) for d in _OFFSETS}
    back: list[dict[int, int]] = []
    # for each state, the states it can come from with the cost of the change, in _OFFSETS order:
    # the first of the cheapest wins, as a min over (cost, position in _OFFSETS) would choose
    into = [(d, [(p, _switch(p, d, switch_cost)) for p in _OFFSETS]) for d in _OFFSETS]
    for k in range(1, n):
        nxt: dict[int, float] = {}
        came: dict[int, int] = {}
        row = costs[k]
        for d, sources in into:
            low = inf
            prev = _OFFSETS[0]
            for p, change in sources:
                v = best[p] + change
                if v < low:
                    low, prev = v, p
            nxt[d] = low + row.get(d, inf)
            came[d] = prev
        back.append(came)
        best = nxt
    state = min(_OFFSETS, key=lambda d: (best[d] + (switch_cost if d else 0.0), _OFFSETS.index(d)))
    path = [state]
    for came in reversed(back):
        state = came[state]
        path.append(state)
    path.reverse()
    return _runs(path, costs)


def _switch(before: int, after: int, cost: float) -> float:
    """Cost of going from offset *before* to *after*.

    Entering and leaving a slip each cost *cost*; two swapped turns are one
    slip (+1 then -1 at once, free), while -1 then +1 is two slips.
    """
    if before == after or (before, after) == (1, -1):
        return 0.0
    return 2 * cost if (before, after) == (-1, 1) else cost


def _trim(path: list[int], costs: Sequence[dict[int, float]]) -> list[int]:
    """*path* with the ends of each off-path stretch put back to 0 where they gain almost nothing.

    The path may wander one turn too far where two neighbours happen to be
    alike; the reported range should hold only turns the evidence points at.
    """
    path = list(path)

    def gain(k: int) -> float:
        d = path[k]
        return costs[k][0] - costs[k][d] if 0 in costs[k] and d in costs[k] else math.inf

    n = len(path)
    for k in range(n):
        if path[k] and (k == 0 or path[k - 1] == 0):
            j = k
            while j < n and path[j] and gain(j) <= _TRIM_GAIN:
                path[j] = 0
                j += 1
    for k in reversed(range(n)):
        if path[k] and (k == n - 1 or path[k + 1] == 0):
            j = k
            while j >= 0 and path[j] and gain(j) <= _TRIM_GAIN:
                path[j] = 0
                j -= 1
    return path


def _runs(path: list[int], costs: Sequence[dict[int, float]]) -> list[ShiftedRun]:
    n = len(path)
    path = _trim(path, costs)
    # each off-path stretch of one offset, as (first, last, offset)
    stretches: list[tuple[int, int, int]] = []
    k = 0
    while k < n:
        if path[k] == 0:
            k += 1
            continue
        start = k
        while k + 1 < n and path[k + 1] == path[start]:
            k += 1
        stretches.append((start, k, path[start]))
        k += 1
    # merge neighbouring stretches (a +1 then a -1 is a swap) into runs
    groups: list[list[tuple[int, int, int]]] = []
    for st in stretches:
        if groups and st[0] == groups[-1][-1][1] + 1:
            groups[-1].append(st)
        else:
            groups.append([st])
    runs: list[ShiftedRun] = []
    for group in groups:
        gain = 0.0
        better = turns = 0
        first, last = n, -1
        for a, b, d in group:
            for k in range(a, b + 1):
                g = costs[k][0] - costs[k][d] if 0 in costs[k] else 0.0
                gain += g
                better += g > 0
                turns += 1
            # the turns whose English the moved Chinese took are mispaired too
            first = min(first, a, a + d)
            last = max(last, b, b + d)
        if [(b - a, d) for a, b, d in group] == [(0, 1), (0, -1)]:
            offset = 0  # two turns swapped
        else:
            offset = max((1, -1), key=lambda d: sum(b - a + 1 for a, b, e in group if e == d))
        if gain >= MIN_GAIN and gain >= MIN_GAIN_PER_TURN * turns:
            runs.append(ShiftedRun(max(first, 0), min(last, n - 1), offset, gain, better, turns))
    return runs
