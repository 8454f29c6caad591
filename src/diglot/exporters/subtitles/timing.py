"""The timing pass over built cues: minimum and maximum duration, minimum gap, short gaps closed."""

from __future__ import annotations

from operator import attrgetter

from .style import Cue, SubtitleStyle

_TIMES = attrgetter("start_ms", "end_ms")  # a cue's (start, end): the order of the pass


def fix_timing(cues: list[Cue], style: SubtitleStyle, times: list[tuple[int, int]] | None = None) -> list[Cue]:
    """Enforce minimum/maximum duration and minimum gap; close short gaps.

    One forward pass: a cue starts no earlier than the previous end plus the
    minimum gap, lasts at least the minimum (borrowing from the gap after it,
    or pushing the next cue) and at most the maximum; a gap up to
    ``close_gap_ms`` is closed to exactly ``min_gap_ms``.

    Pinned cues (reference times, see :attr:`Cue.pinned`) are pushed only
    by pinned cues before them. A run of unpinned cues before a pinned one
    that would push it (the sentences of a cut: a stretch of the transcript
    the video lacks, which retiming squeezes into the pause at the cut) is
    squeezed into the time left before the pinned cue instead, even below the
    minimum duration and gap: the cues after a cut stay in sync, the text of
    the cut stays in the file, and QC reports the too-short cues. Without
    pinned cues (estimated timing) nothing is squeezed.

    *times* (one ``(start, end)`` per cue) are taken instead of the cues' own:
    the result is that of fixing the cues retimed to them (ASS's rounded
    times), without making those copies.
    """
    if times is None:
        out = sorted(cues, key=_TIMES)
        starts = [c.start_ms for c in out]
        ends = [c.end_ms for c in out]
    else:
        order = sorted(range(len(cues)), key=times.__getitem__)  # stable: the order of sorting the retimed copies
        out = [cues[k] for k in order]
        starts = [times[k][0] for k in order]
        ends = [times[k][1] for k in order]
    given_ends = ends[:]  # each cue's end before the pass
    pinned = [c.pinned for c in out]
    n = len(out)
    next_pinned = [n] * (n + 1)  # the first pinned cue at or after each index (n: none)
    for k in range(n - 1, -1, -1):
        next_pinned[k] = k if pinned[k] else next_pinned[k + 1]
    i = 0
    while i < n:
        if not pinned[i]:
            j = next_pinned[i]  # scanning for it from every cue was quadratic in a long talk
            if j < n:  # unpinned cues i..j-1, then a pinned one: try the plain pass on a copy
                o = max(i - 1, 0)
                s2, e2 = starts[o : j + 1], ends[o : j + 1]
                for k in range(i - o, j - o):
                    _fix_one(k, s2, e2, j + 1 - o, style)
                if e2[j - 1 - o] + style.min_gap_ms <= starts[j]:
                    starts[i:j], ends[i:j] = s2[i - o : j - o], e2[i - o : j - o]
                else:
                    _squeeze(given_ends, i, j, starts, ends, style)
                i = j
                continue
        _fix_one(i, starts, ends, n, style)
        i += 1
    # a cue whose times stand is kept as it is (equal to its copy; most cues)
    return [c if c.start_ms == s and c.end_ms == e else c.retimed(s, e) for c, s, e in zip(out, starts, ends)]


def _fix_one(i: int, starts: list[int], ends: list[int], n: int, style: SubtitleStyle) -> None:
    """The style rules for cue *i* of *n*, given the fixed cues before it (in place)."""
    if i:
        starts[i] = max(starts[i], ends[i - 1] + style.min_gap_ms)
    ends[i] = max(ends[i], starts[i] + style.min_duration_ms)
    ends[i] = min(ends[i], starts[i] + style.max_duration_ms)
    if i + 1 < n:
        nxt = starts[i + 1]
        gap = nxt - ends[i]
        if gap < style.min_gap_ms:
            if nxt - style.min_gap_ms - starts[i] >= style.min_duration_ms:
                ends[i] = nxt - style.min_gap_ms  # trim the overlap off this cue
            # else the next cue is pushed when its turn comes
        elif gap <= style.close_gap_ms:
            ends[i] = min(nxt - style.min_gap_ms, starts[i] + style.max_duration_ms)


def _squeeze(given_ends: list[int], i: int, j: int, starts: list[int], ends: list[int], style: SubtitleStyle) -> None:
    """Lay cues i..j-1 out between the cue before them and pinned cue *j* (in place).

    With room for the minimum durations and gaps, the cues keep their times
    where they can and move earlier as far as the rules need; with less, all
    shrink alike (durations and gaps scaled down, gaps dropped first when
    that is not enough). Only when there is not even a millisecond per cue does cue
    *j* move, by that much.
    """
    k = j - i
    gap, least = style.min_gap_ms, style.min_duration_ms
    hi = starts[j] - gap
    if i:
        # the cue before gives back what closing the gap to the run added to it
        keep = max(given_ends[i - 1], starts[i - 1] + least)
        ends[i - 1] = min(ends[i - 1], keep)
        lo = ends[i - 1] + gap
    else:  # nothing before: the run may start earlier, down to 0:00
        lo = max(0, min(starts[i], hi - k * (least + gap)))
    if hi - lo < k:
        hi = lo + k
        starts[j] = hi + gap
    room = hi - lo
    full = k * least + (k - 1) * gap
    if room >= full:
        # enough room: back from the pinned cue, each keeps its own times where it can,
        # moving earlier only as far as the minimum durations and gaps after it need
        t_end = hi
        for c in range(j - 1, i - 1, -1):
            floor = lo + (c - i) * (least + gap)  # room left for the cues before it
            e = min(max(ends[c], starts[c] + least), t_end)
            s = max(min(starts[c], e - least), floor)
            e = min(max(e, s + least), s + style.max_duration_ms)
            starts[c], ends[c] = s, e
            t_end = s - gap
        return
    scale = room / full
    g, d = int(gap * scale), max(1, int(least * scale))
    if k * d + (k - 1) * g > room:
        g, d = 0, room // k
    t = lo
    for c in range(i, j):
        starts[c], ends[c] = t, t + d
        t += d + g
