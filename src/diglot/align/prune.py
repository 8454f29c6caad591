"""Proven bounds that let the sentence aligner skip table cells that cannot be on its best path.

The aligner (:func:`diglot.align.sentences.align_sentences`) fills a table
whose cell ``(i, j)`` holds the cheapest cost of aligning the first ``i``
English and ``j`` Chinese sentences. Every bead costs at least its shape's
prior (its length, anchor and question costs are never negative), so

* :func:`remaining_bound` gives, for each cell, a lower bound on the cost of
  any way of finishing from it: the sum of priors of any run of beads that
  covers the remaining ``r`` English and ``s`` Chinese sentences is at least
  ``r*u + s*v`` for every ``(u, v)`` with ``a*u + b*v <= prior`` for every
  shape ``(a, b)`` (linear-programming duality: the cheapest run of shapes is
  a feasible point of the relaxed covering problem);
* the cost of any one complete path through the table (:func:`upper_bound`
  builds one along the diagonal) bounds the best path's cost from above.

A cell whose own cost plus its remaining bound exceeds the upper bound (by
more than a margin far above rounding error) lies on no best path, and
neither does any cell reached only through such cells: the aligner neither
keeps nor extends it. Every cell on a best path keeps its exact cost and the
same first-cheapest bead, so the alignment is the same bead for bead.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from functools import lru_cache

__all__ = ["dual_points", "remaining_bound", "upper_bound", "MARGIN"]

#: relative slack (over the upper bound) before a cell is dropped: far above
#: the rounding of any sum the aligner makes, far below any cost difference
MARGIN = 1e-6


@lru_cache(maxsize=64)
def dual_points(shapes: tuple[tuple[int, int, float], ...]) -> tuple[tuple[float, float], ...]:
    """Vertices ``(u, v)`` of ``{a*u + b*v <= prior for every shape}`` worth trying (the origin included).

    Each is moved a little into the region and checked against every
    shape, so rounding cannot make it infeasible (an infeasible point would
    not be a bound). Only points with a positive coordinate can beat the
    origin for ``r, s >= 0``.
    """
    points: list[tuple[float, float]] = [(0.0, 0.0)]
    lines = [(float(a), float(b), p) for a, b, p in shapes]
    for k, (a1, b1, p1) in enumerate(lines):
        for a2, b2, p2 in lines[k + 1 :]:
            det = a1 * b2 - a2 * b1
            if det == 0.0:
                continue
            u = (p1 * b2 - p2 * b1) / det
            v = (a1 * p2 - a2 * p1) / det
            slack = 1e-9 * (1.0 + abs(u) + abs(v))
            u, v = u - slack, v - slack  # into the interior (a, b >= 0): rounding cannot break it
            if (u > 0 or v > 0) and all(a * u + b * v <= p for a, b, p in lines):
                points.append((u, v))
    # keep the points no other point dominates in both coordinates
    points = sorted(set(points))
    kept = [p for p in points if not any(q != p and q[0] >= p[0] and q[1] >= p[1] for q in points)]
    return tuple(kept)


def remaining_bound(shapes: Sequence[tuple[int, int, float]], n: int, m: int) -> Callable[[int, int], float]:
    """``bound(i, j)``: a lower bound on the cost of finishing from cell ``(i, j)`` of an *n* by *m* table."""
    points = dual_points(tuple(shapes))

    def bound(i: int, j: int) -> float:
        r, s = n - i, m - j
        return max(r * u + s * v for u, v in points)  # the origin is among the points: never negative

    return bound


def upper_bound(
    shapes: Sequence[tuple[int, int, float]],
    n: int,
    m: int,
    bead: Callable[[int, int, int, int], float],
    inside: Callable[[int, int], bool],
) -> float:
    """The cost of one complete path: 1-1 beads along the diagonal, 1-0 or 0-1 beads where it drifts.

    *bead* is the bead cost without the prior; *inside(i, j)* says whether the
    aligner computes cell ``(i, j)`` at all (its band). Infinite when the
    shapes lack 1-1, 1-0 or 0-1, or the path would leave the computed cells
    (no pruning then).
    """
    prior = {(a, b): p for a, b, p in shapes}
    if (1, 1) not in prior or (1, 0) not in prior or (0, 1) not in prior:
        return math.inf
    total = 0.0
    i = j = 0
    while i < n or j < m:
        if i == n:
            a, b = 0, 1
        elif j == m:
            a, b = 1, 0
        else:
            drift = (j + 1) - (i + 1) * m / n
            a, b = (1, 1) if abs(drift) <= 1 else ((1, 0) if drift > 0 else (0, 1))
        if not inside(i + a, j + b):
            return math.inf
        total = total + prior[(a, b)] + bead(i, i + a, j, j + b)
        i, j = i + a, j + b
    return total
