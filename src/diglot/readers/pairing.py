"""A post whose own pairing slips: from some turn on, each Chinese turn sits with its neighbour's English.

Nothing in the markup shows it. The evidence and the detection are the
pairing audit's (:mod:`diglot.align.shifts`: the sentence aligner's bead cost
of each Chinese turn against its own English and its neighbours', and a
Viterbi path over the turns). A reader adds one decision: a run the audit
would report is re-paired only when the shifted pairing is *clearly* better
(:data:`CLEAR_GAIN` nats a turn, :data:`CLEAR_SHARE` of its turns improving);
otherwise it is reported and left as written. Nothing is dropped either way:
the Chinese and the English left without a partner become untranslated
segments of their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import NamedTuple

from ..model import Notice, Segment

#: re-pair only when the shifted pairing is this much cheaper a turn (nats) ...
CLEAR_GAIN = 2.0
#: ... and this share of the run's Chinese turns prefer it
CLEAR_SHARE = 0.75


class Shift(NamedTuple):
    """Chinese turns ``first..last`` (positions in the segment list) belong with the English ``offset`` away.

    ``offset`` is -1 (the English written one turn earlier), +1 (one turn
    later) or 0 (``first`` and ``last`` swapped). ``english`` maps each moved
    Chinese turn's position to the position of its English.
    """

    first: int
    last: int
    offset: int
    english: dict[int, int]
    gain: float  # nats a turn
    share: float
    clear: bool


def find_shift(segments: Sequence[Segment]) -> Shift | None:
    """The most convincing slipped run among *segments* (sound cues and one-sided turns aside), or None."""
    from ..align.scoring import segment_ratio
    from ..align.shifts import find_shifted_runs, pairing_costs

    index = [k for k, s in enumerate(segments) if s.source and s.target and not s.sound]
    if len(index) < 4:
        return None
    sources = [segments[k].source or "" for k in index]
    targets = [segments[k].target or "" for k in index]
    runs = find_shifted_runs(pairing_costs(sources, targets, segment_ratio(sources, targets)))
    if not runs:
        return None
    run = max(runs, key=lambda r: r.gain)
    if run.offset == 0:  # two turns swapped
        a, b = index[run.first], index[run.last]
        english = {a: b, b: a}
    elif run.offset < 0:  # Chinese k with English k-1: run.first is the turn whose English was taken
        english = {index[j]: index[j - 1] for j in range(run.first + 1, run.last + 1)}
    else:  # Chinese k with English k+1: run.last is the turn whose English was taken
        english = {index[j]: index[j + 1] for j in range(run.first, run.last)}
    gain = run.gain / max(run.turns, 1)
    share = run.better / max(run.turns, 1)
    return Shift(
        min(english), max(english), run.offset, english, gain, share, gain >= CLEAR_GAIN and share >= CLEAR_SHARE
    )


def repair(segments: Sequence[Segment], shift: Shift) -> list[Segment]:
    """*segments* re-paired over *shift*; the Chinese side keeps its id, split-off English gets ``id+en``."""
    segs = list(segments)
    moved = {k: segs[j].source for k, j in shift.english.items()}
    taken = set(shift.english.values())
    givers = set(shift.english)
    # a turn whose English moved away and that receives none: its Chinese stays alone
    widowed = {j for j in taken if j not in givers}
    # an English that no moved Chinese took: it stays alone
    orphans = {k for k in givers if k not in taken}
    for o in sorted(orphans):
        # ... unless a Chinese turn just beyond the run has no English: the slip reached the end
        beyond = o + 1 if shift.offset < 0 else o - 1
        if 0 <= beyond < len(segs) and segs[beyond].source is None and segs[beyond].target and not segs[beyond].sound:
            moved[beyond] = segs[o].source
            orphans.discard(o)
    out: list[Segment] = []
    for k, seg in enumerate(segs):
        alone_en = replace(seg, target=None, speaker=None, repaired=True, id=seg.id + "+en")
        if k in orphans and shift.offset > 0:
            out.append(alone_en)
        if k in moved:
            out.append(replace(seg, source=moved[k], repaired=True))
        elif k in widowed:
            out.append(replace(seg, source=None, repaired=True))
        else:
            out.append(seg)
        if k in orphans and shift.offset <= 0:
            out.append(alone_en)
    return out


class Checked(NamedTuple):
    """What :func:`check` found and did."""

    notice: Notice
    segments: list[Segment]  # re-paired and renumbered (unchanged when not clear)
    ids: dict[str, str] | None  # old id -> new id of each segment kept; None when nothing was re-paired
    paired_lines: set[int]  # first lines of the segments that have both languages now


def check(segments: Sequence[Segment], file: str, repair_allowed: bool = True) -> Checked | None:
    """Look for a slipped pairing among *segments*; re-pair it when clearly better. None when the pairing holds.

    With *repair_allowed* off the slip is only reported.
    """
    segs = list(segments)
    shift = find_shift(segs)
    if shift is None:
        return None
    a, b = segs[shift.first], segs[shift.last]
    line = a.origin.first_line if a.origin else None
    where = f"turns {a.id}..{b.id}" + (f" (lines {a.origin.first_line}-{b.origin.last_line})" if a.origin and b.origin else "")
    if shift.offset == 0:
        what = f"{a.id} and {b.id} look swapped (each Chinese fits the other's English)"
    else:
        which = "earlier" if shift.offset < 0 else "later"
        what = f"pairing slips by one turn over {where}: each Chinese turn there fits the English written one turn {which}"
    evidence = f"the aligner's cost is {shift.gain:.1f} nats a turn lower that way, {shift.share:.0%} of the turns agree"
    if not shift.clear or not repair_allowed:
        why = "re-pairing is off" if shift.clear else "not clear enough to re-pair"
        message = f"{what} ({evidence}); {why}, left as written"
        return Checked(Notice(file, line, message), segs, None, set())
    ids: dict[str, str] = {}
    out: list[Segment] = []
    for n, seg in enumerate(repair(segs, shift), 1):
        new_id = f"seg-{n:04d}"
        if not seg.id.endswith("+en"):
            ids[seg.id] = new_id
        out.append(replace(seg, id=new_id))
    alone = [s for s in out if s.repaired and s.untranslated and s not in segs]
    left = "; ".join(f"{s.id} keeps its {'Chinese' if s.target else 'English'} alone (untranslated)" for s in alone)
    message = f"{what} ({evidence}); re-paired them: {left or 'nothing was left without a partner'}"
    paired = {s.origin.first_line for s in out if s.origin and s.source and s.target}
    return Checked(Notice(file, line, message), out, ids, paired)
