"""A post whose own pairing slips: from some turn on, each Chinese turn sits with the next turn's English.

Nothing in the markup shows it; the pairing evidence does
(:class:`~diglot.align.evidence.PairScorer`: lengths, numbers and names,
questions). :func:`find_shift` looks for the run of turns where pairing each
Chinese turn with its neighbour's English is better than the written pairing,
and says whether it is *clearly* better (then a reader may re-pair the run)
or only suspicious (then it is reported and left as written).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from ..model import Notice, Segment

#: fewest turns in a run before a shift is considered at all
MIN_RUN = 3
#: mean gain (nats per turn) and share of turns that must improve for "clearly better"
CLEAR_GAIN = 2.0
CLEAR_SHARE = 0.75
#: below these, the run is not even reported
SUSPECT_GAIN = 0.75
SUSPECT_SHARE = 0.6


@dataclass(frozen=True, slots=True)
class Shift:
    """Turns ``first..last`` (indices into the pairs) fit the English of turn ``i + offset`` better."""

    first: int
    last: int
    offset: int  # -1: each Chinese turn belongs with the English written one turn earlier
    gain: float  # mean cost saved per turn (nats)
    share: float  # share of the run's turns that improve
    clear: bool


def find_shift(pairs: Sequence[tuple[str | None, str | None]]) -> Shift | None:
    """The most convincing shifted run among (English, Chinese) *pairs*, or None."""
    from ..align.evidence import PairScorer

    both = [(en, zh) for en, zh in pairs if en and zh]
    if len(both) < MIN_RUN + 1:
        return None
    scorer = PairScorer.fit(both)
    n = len(pairs)
    ens = [scorer.english(en) if en else None for en, _ in pairs]
    zhs = [scorer.chinese(zh) if zh else None for _, zh in pairs]

    def cost(i: int, j: int) -> float | None:
        """Cost of the Chinese of turn *i* with the English of turn *j*; None when either is missing."""
        e, z = ens[j], zhs[i]
        return None if e is None or z is None else scorer.cost_of(e, z)

    written = [cost(i, i) for i in range(n)]
    best: Shift | None = None
    for offset in (-1, 1):
        gains: list[float | None] = []
        for i in range(n):
            w = written[i]
            moved = cost(i, i + offset) if 0 <= i + offset < n else None
            gains.append(None if w is None or moved is None else w - moved)
        run = _best_run(gains)
        if run is None:
            continue
        first, last = _trim(run, offset, cost, n)
        values = [g for g in gains[first : last + 1] if g is not None]
        if len(values) < MIN_RUN:
            continue
        gain = sum(values) / len(values)
        share = sum(1 for g in values if g > 0) / len(values)
        if gain < SUSPECT_GAIN or share < SUSPECT_SHARE:
            continue
        shift = Shift(first, last, offset, gain, share, gain >= CLEAR_GAIN and share >= CLEAR_SHARE)
        if best is None or shift.gain * (shift.last - shift.first + 1) > best.gain * (best.last - best.first + 1):
            best = shift
    return best


def _trim(run: tuple[int, int], offset: int, cost: Callable[[int, int], float | None], n: int) -> tuple[int, int]:
    """Narrow *run* where re-pairing would take an English from a turn it fits better as written.

    With offset -1, turn ``first`` would take the English of turn ``first - 1``;
    the run really starts one later when that English fits its own turn better.
    (Offset +1 is the mirror image at the run's end.) ``cost(i, j)`` scores the
    Chinese of turn *i* with the English of turn *j*.
    """
    first, last = run

    def fits_own(k: int, other: int) -> bool:
        own, there = cost(k, k), cost(other, k)
        return own is not None and there is not None and own <= there

    if offset < 0:
        while first < last and first >= 1 and fits_own(first - 1, first):
            first += 1
    else:
        while last > first and last + 1 < n and fits_own(last + 1, last):
            last -= 1
    return first, last


def _best_run(gains: list[float | None]) -> tuple[int, int] | None:
    """The contiguous run with the largest total gain (Kadane); a missing value ends a run."""
    best: tuple[float, int, int] | None = None
    total, start = 0.0, 0
    for i, g in enumerate(gains):
        if g is None:
            total, start = 0.0, i + 1
            continue
        if total <= 0:
            total, start = 0.0, i
        total += g
        if best is None or total > best[0]:
            best = (total, start, i)
    if best is None or best[0] <= 0:
        return None
    return best[1], best[2]


def repair(segments: Sequence[Segment], shift: Shift, index: Sequence[int]) -> list[Segment]:
    """*segments* re-paired over *shift* (whose positions are into *index*, the segments scored).

    Each Chinese turn of the run takes the English its evidence points to; the
    English left over and the Chinese left without one become untranslated
    segments of their own, so nothing is dropped. The Chinese side keeps its
    segment's id; the split-off English gets the id with ``+en`` appended
    (callers renumber).
    """
    run = range(shift.first, shift.last + 1)
    moved = {index[j]: segments[index[j + shift.offset]].source for j in run}
    if shift.offset < 0:
        widowed, orphan = index[shift.first - 1], index[shift.last]
        beyond = shift.last + 1
    else:
        widowed, orphan = index[shift.last + 1], index[shift.first]
        beyond = shift.first - 1
    # the English left over goes to a Chinese turn just beyond the run that has none
    if 0 <= beyond < len(index) and segments[index[beyond]].source is None and segments[index[beyond]].target:
        moved[index[beyond]] = segments[orphan].source
        orphan = -1
    out: list[Segment] = []
    for k, seg in enumerate(segments):
        if shift.offset > 0 and k == orphan:
            out.append(replace(seg, target=None, speaker=None, repaired=True, id=seg.id + "+en"))
        if k in moved:
            out.append(replace(seg, source=moved[k], repaired=True))
        elif k == widowed:
            out.append(replace(seg, source=None, repaired=True))
        else:
            out.append(seg)
        if shift.offset < 0 and k == orphan:
            out.append(replace(seg, target=None, speaker=None, repaired=True, id=seg.id + "+en"))
    return out


@dataclass(frozen=True, slots=True)
class Checked:
    """What :func:`check` found and did."""

    notice: Notice
    segments: list[Segment]  # re-paired and renumbered (unchanged when not clear)
    ids: dict[str, str] | None  # old id -> new id of each segment kept; None when nothing was re-paired
    paired_lines: set[int]  # first lines of the segments that have both languages now


def check(segments: Sequence[Segment], file: str) -> Checked | None:
    """Look for a slipped pairing among *segments*; re-pair it when clearly better. None when the pairing holds."""
    segs = list(segments)
    index = [k for k, s in enumerate(segs) if not s.sound]
    shift = find_shift([(segs[k].source, segs[k].target) for k in index])
    if shift is None:
        return None
    a, b = segs[index[shift.first]], segs[index[shift.last]]
    line = a.origin.first_line if a.origin else None
    where = f"turns {a.id}..{b.id}" + (f" (lines {a.origin.first_line}-{b.origin.last_line})" if a.origin and b.origin else "")
    which = "earlier" if shift.offset < 0 else "later"
    evidence = f"lengths, numbers, names and questions fit {shift.share:.0%} of them better, {shift.gain:.1f} nats a turn"
    if not shift.clear:
        message = (
            f"pairing may slip by one turn over {where}: each Chinese turn there seems to fit the English written "
            f"one turn {which} ({evidence}); not clear enough, left as written"
        )
        return Checked(Notice(file, line, message), segs, None, set())
    ids: dict[str, str] = {}
    out: list[Segment] = []
    for n, seg in enumerate(repair(segs, shift, index), 1):
        new_id = f"seg-{n:04d}"
        if not seg.id.endswith("+en"):
            ids[seg.id] = new_id
        out.append(replace(seg, id=new_id))
    alone = [s for s in out if s.repaired and s.untranslated and s not in segs]
    left = "; ".join(f"{s.id} keeps its {'Chinese' if s.target else 'English'} alone (untranslated)" for s in alone)
    message = (
        f"pairing slips by one turn over {where}: each Chinese turn there fits the English written one turn {which} "
        f"({evidence}); re-paired them: {left or 'nothing was left without a partner'}"
    )
    paired = {s.origin.first_line for s in out if s.origin and s.source and s.target}
    return Checked(Notice(file, line, message), out, ids, paired)
