"""Retiming, step one: match the transcript's words to the reference's (global alignment on word ids).

rapidfuzz's Levenshtein opcodes give the global alignment (bit-parallel,
near-linear in practice); words inside replaced stretches are paired by
similarity, and short matches are checked against their surroundings.
:mod:`diglot.timing.retime` turns the matches into times.
"""

from __future__ import annotations

#: Matches in runs shorter than this are checked against their surroundings.
SOLID_RUN = 3
SIMILAR = 0.6  # character similarity for pairing words inside replaced stretches


def match_tokens(
    a_keys: list[str], b_keys: list[str], r_start: list[int], r_end: list[int]
) -> tuple[list[int], list[float], int]:
    """Match transcript tokens to reference tokens (*r_start*/*r_end*: reference token times, for tie-breaks).

    Returns ``tm`` (reference index per transcript token, -1 if unmatched),
    ``weight`` (1 for an exact or similar match, 0.5 for a word paired only by
    position in a same-length substitution) and the number of tokens in
    solid runs (at least :data:`SOLID_RUN` exact matches in a row).
    """
    from rapidfuzz import fuzz
    from rapidfuzz.distance import Levenshtein

    vocab: dict[str, int] = {}
    a = [vocab.setdefault(k, len(vocab)) for k in a_keys]
    b = [vocab.setdefault(k, len(vocab)) for k in b_keys]
    n = len(a)
    tm = [-1] * n
    weight = [0.0] * n
    solid_runs: list[tuple[int, int, int, int]] = []
    ops = [(op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end) for op in Levenshtein.opcodes(a, b)]

    def one_sided(k: int) -> bool:
        """Whether op *k* is a long stretch only one side has (a part of the video the transcript lacks, say)."""
        if not 0 <= k < len(ops):
            return False
        tag, i1, i2, j1, j2 = ops[k]
        return tag in ("insert", "delete") and max(i2 - i1, j2 - j1) >= 10

    # Equal runs match; the stretches between them (deletions, insertions and
    # replacements merged) get similarity pairing.
    block_start: int | None = None
    for k, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag != "equal":
            if block_start is None:
                block_start = k
            if k + 1 < len(ops):
                continue
        if block_start is not None:
            end = k + 1 if tag != "equal" else k
            bi1, bj1 = ops[block_start][1], ops[block_start][3]
            bi2, bj2 = ops[end - 1][2], ops[end - 1][4]
            flanked = block_start > 0 and end < len(ops)  # equal runs on both sides
            _pair_block(a_keys, b_keys, bi1, bi2, bj1, bj2, tm, weight, flanked, fuzz)
            block_start = None
        if tag != "equal":
            continue
        run = i2 - i1
        if (run < SOLID_RUN and (one_sided(k - 1) or one_sided(k + 1))) or (
            run < 2 * SOLID_RUN and one_sided(k - 1) and one_sided(k + 1)
        ):
            # a word or two at the edge of a long one-sided stretch could sit on either
            # side of it at the same edit cost, and a short phrase inside one ("let me
            # tell you" in a part of the video the transcript lacks) is chance
            continue
        for d in range(i2 - i1):
            tm[i1 + d] = j1 + d
            weight[i1 + d] = 1.0
        if i2 - i1 >= SOLID_RUN:
            solid_runs.append((i1, i2, j1, j2))

    edges = [(0, 0, 0, 0)] + solid_runs + [(n, n, len(b), len(b))]
    _loosen_cut_edges(a, edges)
    for k, ((_, ti, _, rj), (ti2, _, rj2, _)) in enumerate(zip(edges, edges[1:])):
        _realign_unbalanced(
            a, b, tm, weight, ti, ti2, rj, rj2, first=k == 0, last=k == len(edges) - 2, r_start=r_start, r_end=r_end
        )
    # Between solid runs, a long stretch with few matches is a disagreement:
    # its scattered matches of common words ("the", "and") are chance.
    for (_, ti, _, rj), (ti2, _, rj2, _) in zip(edges, edges[1:]):
        t_size, r_size = ti2 - ti, rj2 - rj
        if t_size >= 20 and r_size >= 20:
            hits = sum(1 for i in range(ti, ti2) if tm[i] >= 0)
            if hits < 0.3 * min(t_size, r_size):
                for i in range(ti, ti2):
                    tm[i], weight[i] = -1, 0.0
    solid = sum(i2 - i1 for i1, i2, _, _ in solid_runs)
    return tm, weight, solid


def _pair_block(
    a_keys: list[str], b_keys: list[str], i1: int, i2: int, j1: int, j2: int,
    tm: list[int], weight: list[float], flanked: bool, fuzz,
) -> None:
    """Pair words inside a stretch between equal runs: compounds, similar spellings, plain substitutions."""
    li, lj = i2 - i1, j2 - j1
    if not li or not lj or li * lj > 400:
        return  # one side is empty, or a long disagreement with nothing to pair reliably
    _pair_compounds(a_keys, b_keys, i1, i2, j1, j2, tm, weight)
    last = j1 - 1
    for i in range(i1, i2):
        if tm[i] >= 0:
            last = tm[i]
            continue
        best, best_j = SIMILAR * 100, -1
        nxt = next((tm[x] for x in range(i + 1, i2) if tm[x] >= 0), j2)
        for j in range(last + 1, nxt):
            score = fuzz.ratio(a_keys[i], b_keys[j])
            if score >= best:
                best, best_j = score, j
        if best_j >= 0:
            tm[i], weight[i], last = best_j, 1.0, best_j
    if li == lj and li <= 3 and flanked:  # a plain substitution: the words sit at the same places
        for d in range(li):
            j = j1 + d
            if tm[i1 + d] < 0 and all(
                tm[i1 + x] < 0 or (tm[i1 + x] < j if x < d else tm[i1 + x] > j) for x in range(li)
            ):
                tm[i1 + d], weight[i1 + d] = j, 0.5


def _pair_compounds(
    a_keys: list[str], b_keys: list[str], i1: int, i2: int, j1: int, j2: int, tm: list[int], weight: list[float]
) -> None:
    """Match words one side writes as two: "self-awareness" / "selfawareness", "every one" / "everyone"."""
    i, j = i1, j1
    while i < i2 and j < j2:
        if i + 1 < i2 and a_keys[i] + a_keys[i + 1] == b_keys[j]:
            tm[i] = tm[i + 1] = j
            weight[i] = weight[i + 1] = 1.0
            i, j = i + 2, j + 1
        elif j + 1 < j2 and a_keys[i] == b_keys[j] + b_keys[j + 1]:
            tm[i], weight[i] = j, 1.0
            i, j = i + 1, j + 2
        elif i2 - i > j2 - j:
            i += 1
        else:
            j += 1


def _loosen_cut_edges(a: list[int], edges: list[tuple[int, int, int, int]], most: int = 5) -> None:
    """Give back to a cut the words at the edge of a run that could sit on either side of it (in place).

    Where the transcript has a long stretch the reference lacks (a cut) and
    the stretch ends with the words the run before it ends with ("... and so
    forth. You" | "could say ... You could" | "actually"), the edit distance
    may put the run's last words on either side of the cut at the same cost.
    They leave the run, so the gap's re-matching decides (by the reference's
    pauses); likewise the first words of the run after a cut that begins
    with them. A run keeps at least one word.
    """
    for k in range(1, len(edges) - 1):
        i1, i2, j1, j2 = edges[k]
        ti2, rj2 = edges[k + 1][0], edges[k + 1][2]
        slack = rj2 - j2 + 2  # the reference words of the gap, and a little room
        if ti2 - i2 > 2 * (rj2 - j2) + 10:  # the cut follows this run
            m = min(most, i2 - i1 - 1)
            while m > 0 and not any(
                a[i2 - m : i2] == a[x - m : x] for x in range(max(i2 + m, ti2 - slack), ti2 + 1)
            ):
                m -= 1
            edges[k] = (i1, i2 - m, j1, j2 - m)
        i1, i2, j1, j2 = edges[k]
        ti, rj = edges[k - 1][1], edges[k - 1][3]
        slack = j1 - rj + 2
        if i1 - ti > 2 * (j1 - rj) + 10:  # the cut precedes this run
            m = min(most, i2 - i1 - 1)
            while m > 0 and not any(
                a[i1 : i1 + m] == a[x : x + m] for x in range(ti, min(i1 - m, ti + slack) + 1)
            ):
                m -= 1
            edges[k] = (i1 + m, i2, j1 + m, j2)


def _realign_unbalanced(
    a: list[int], b: list[int], tm: list[int], weight: list[float],
    ti: int, ti2: int, rj: int, rj2: int, *, first: bool, last: bool,
    r_start: list[int], r_end: list[int],
) -> None:
    """Re-match a gap between solid runs where one side is much longer than the other.

    There a global edit distance may scatter the few words of the short side
    anywhere along the long side at no extra cost ("thank you" matched a
    thousand words into an outro). The short side's words belong next to the
    solid runs around the gap, so they are matched again against windows of
    the long side adjacent to those runs only.

    At a cut (the transcript side is the long one) a word can often match at
    either end at the same cost ("You" opening the cut and the sentence after
    it); there the reference's pauses decide: the reference words of the gap
    go with the run they follow or precede without a pause.
    """
    from rapidfuzz.distance import Levenshtein

    t_size, r_size = ti2 - ti, rj2 - rj
    small, large = min(t_size, r_size), max(t_size, r_size)
    if large <= 2 * small + 10:
        return
    for i in range(ti, ti2):
        tm[i], weight[i] = -1, 0.0
    if small == 0:
        return
    w = small + small // 4 + 3  # room for a few inserted or split words, no more
    lo, hi = (ti, ti2) if t_size > r_size else (rj, rj2)
    near: set[int] = set()
    if not first:
        near.update(range(lo, min(lo + w, hi)))  # right after the run before the gap
    if not last:
        near.update(range(max(hi - w, lo), hi))  # right before the run after it
    window = sorted(near)
    if t_size > r_size and not first and not last:
        head = sorted(x for x in near if x < lo + w)
        tail = sorted(x for x in near if x >= hi - w)
        # next to the run after the cut, a word the window has twice ("... is evolution. |
        # Evolution has") matches its later copy: aligned back to front
        both, early, late = (
            [(win[x], rj + y) for x, y in _equal_pairs([a[i] for i in win], b[rj:rj2], Levenshtein, backwards=back)]
            for win, back in ((window, False), (head, False), (tail, True))
        )
        # one end alone matching as much as both is the simpler story; at a tie the pauses decide
        if len(early) == len(late) == len(both):
            pause_before = r_start[rj] - r_end[rj - 1]
            pause_after = r_start[rj2] - r_end[rj2 - 1]
            both = late if pause_before > pause_after else early
        elif len(late) == len(both):
            both = late
        elif len(early) == len(both):
            both = early
        for i, j in both:
            tm[i], weight[i] = j, 1.0
        return
    if t_size > r_size:
        pairs = ((window[x], rj + y) for x, y in _equal_pairs([a[i] for i in window], b[rj:rj2], Levenshtein))
    else:
        pairs = ((ti + x, window[y]) for x, y in _equal_pairs(a[ti:ti2], [b[j] for j in window], Levenshtein))
    for i, j in pairs:
        tm[i], weight[i] = j, 1.0


def _equal_pairs(x: list[int], y: list[int], lev, backwards: bool = False) -> list[tuple[int, int]]:
    """Index pairs of the equal items of an edit-distance alignment of *x* and *y*.

    *backwards* aligns the reversed sequences, so of equally good
    alignments the one matching the later copies of repeated items wins.
    """
    if backwards:
        nx, ny = len(x) - 1, len(y) - 1
        return sorted((nx - i, ny - j) for i, j in _equal_pairs(x[::-1], y[::-1], lev))
    out: list[tuple[int, int]] = []
    for op in lev.opcodes(x, y):
        if op.tag == "equal":
            out.extend((op.src_start + d, op.dest_start + d) for d in range(op.src_end - op.src_start))
    return out
