"""Timed English and Chinese cue streams into sentence pairs, segments and chapters.

Both inputs (one bilingual file, or an English and a Chinese file of the same
video) come here as two streams of timed text pieces, one per language. Each
stream is joined and split into sentences (:mod:`diglot.lang.sentences`); a
sentence's times are read off the cues its first and last characters sit in
(by character position inside a cue). Cue boundaries of the two languages need
not agree: an English sentence is linked to the Chinese sentence it overlaps
most in time, and a Chinese sentence to the English one it overlaps most.
Linked sentences form groups, which the sentence aligner
(:func:`diglot.align.sentences.align_sentences`) turns into beads (1-1, 2-1,
...). A sentence that overlaps nothing stays one-sided; nothing is dropped.

Segments are runs of sentence pairs cut at pauses, so books and handouts get
paragraphs while subtitles and cards use the pairs; sections ("chapters") are
cut at the longest pause every few minutes, since subtitles have no headings.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from ..align.sentences import align_sentences, join_source, join_target
from ..lang.sentences import ENGLISH_END, split_chinese, split_english
from ..model import TIMING_REFERENCE, Origin, Section, Segment, SentencePair
from ..clock import short_clock

#: a pause at least this long ends a segment (paragraph)
SEGMENT_PAUSE_MS = 2000
#: a segment longer than this ends at the next sentence pair
SEGMENT_MAX_MS = 30_000
#: chapters: about this long, cut at the longest pause in the window
CHAPTER_MIN_MS = 4 * 60_000
CHAPTER_MAX_MS = 7 * 60_000
#: overlap needed to link two sentences: this share of the shorter one, and this long
LINK_SHARE = 0.3
LINK_MIN_MS = 500


#: pieces (cues) per run handed to the sentence splitter at once, at least
RUN_PIECES = 12
_ZH_END = re.compile(r"[。？！…][”’」』）]*$")


@dataclass(frozen=True, slots=True)
class Piece:
    """Text of one language from one cue, with the cue's times and where it came from."""

    text: str
    start_ms: int
    end_ms: int
    file: str
    cue: int  # cue number in its file, 1-based
    line: int  # line of the cue's timing line, 1-based
    speaker_change: bool = False
    position: int | None = None  # the cue's place on screen (numpad alignment), None: bottom centre


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    start_ms: int
    end_ms: int
    first: Piece
    last: Piece


def sentences(pieces: Sequence[Piece], lang: str) -> list[Sentence]:
    """Sentences of a stream of pieces (English when *lang* is ``en``, else Chinese), timed.

    A dialogue dash at the start of a cue ends the sentence before it.
    """
    out: list[Sentence] = []
    run: list[Piece] = []
    ends = ENGLISH_END() if lang == "en" else _ZH_END
    for p in pieces:
        # a long run is cut after a cue that ends a sentence: the splitters are not
        # linear in the length of one paragraph, and an hour of cues is one paragraph
        if run and (p.speaker_change or (len(run) >= RUN_PIECES and ends.search(run[-1].text))):
            out.extend(_split_run(run, lang))
            run = []
        run.append(p)
    if run:
        out.extend(_split_run(run, lang))
    return out


def _split_run(run: list[Piece], lang: str) -> list[Sentence]:
    text = ""
    offsets: list[int] = []  # start offset of each piece in *text*
    for p in run:
        if text:
            if lang == "en" or (text[-1].isascii() and text[-1].isalnum() and p.text[:1].isascii() and p.text[:1].isalnum()):
                text += " "
        offsets.append(len(text))
        text += p.text
    parts = split_english(text) if lang == "en" else split_chinese(text)
    out: list[Sentence] = []
    cursor = 0
    for part in parts:
        a = _find(text, part, cursor)
        b = a + len(part)
        cursor = b
        i = _piece_at(offsets, a)
        j = _piece_at(offsets, max(a, b - 1))
        start = _time_at(run[i], offsets[i], text, a, run, i)
        end = _time_at(run[j], offsets[j], text, b, run, j)
        out.append(Sentence(part, start, max(end, start), run[i], run[j]))
    return out


def _find(text: str, part: str, cursor: int) -> int:
    """Offset of sentence *part* in *text* from *cursor* (splitters may trim or squeeze spaces)."""
    at = text.find(part, cursor)
    if at >= 0:
        return at
    head = part.split()[0] if part.split() else part[:1]
    at = text.find(head, cursor)
    return at if at >= 0 else cursor


def _piece_at(offsets: list[int], pos: int) -> int:
    """Index of the piece holding offset *pos* (offsets ascending, the first 0)."""
    return max(0, bisect_right(offsets, pos) - 1)


def _time_at(piece: Piece, offset: int, text: str, pos: int, run: list[Piece], k: int) -> int:
    length = (len(run[k].text) if k + 1 >= len(run) else min(len(run[k].text), len(text) - offset)) or 1
    share = min(max((pos - offset) / length, 0.0), 1.0)
    return piece.start_ms + round((piece.end_ms - piece.start_ms) * share)


def _overlap(a: Sentence, b: Sentence) -> int:
    # a zero-length cue still overlaps a cue at the same time (by a millisecond)
    return min(max(a.end_ms, a.start_ms + 1), max(b.end_ms, b.start_ms + 1)) - max(a.start_ms, b.start_ms)


def _links(xs: list[Sentence], ys: list[Sentence]) -> list[list[int]]:
    """For each of *xs*, the *ys* sentences it overlaps enough to be said at the same time.

    Always the one it overlaps most; others when the overlap is a real share
    of the shorter sentence, not the few hundred milliseconds two files cut
    differently (or shifted) leave at sentence edges.
    """
    out: list[list[int]] = []
    j0 = 0
    for x in xs:
        while j0 < len(ys) and max(ys[j0].end_ms, ys[j0].start_ms + 1) <= x.start_ms:
            j0 += 1
        found: list[int] = []
        best, best_ov = None, 0
        j = j0
        while j < len(ys) and ys[j].start_ms < max(x.end_ms, x.start_ms + 1):
            ov = _overlap(x, ys[j])
            shorter = max(1, min(x.end_ms - x.start_ms, ys[j].end_ms - ys[j].start_ms))
            if ov > best_ov:
                best, best_ov = j, ov
            if ov >= LINK_SHARE * shorter and ov >= LINK_MIN_MS:
                found.append(j)
            j += 1
        if best is not None and best not in found and best_ov >= min(LINK_MIN_MS, LINK_SHARE * max(1, x.end_ms - x.start_ms)):
            found.append(best)
        out.append(found)
    return out


@dataclass(frozen=True, slots=True)
class Group:
    """Sentences of both languages that translate each other (indices into the two lists)."""

    en: tuple[int, ...]
    zh: tuple[int, ...]


def link_groups(en: list[Sentence], zh: list[Sentence]) -> list[Group]:
    """Groups of linked sentences in order; every sentence of both lists in exactly one group.

    Sentences are assumed in time order within each list (the caller sorts cues).
    """
    e_links: list[list[int]] = [[] for _ in en]
    z_links: list[list[int]] = [[] for _ in zh]
    for i, js in enumerate(_links(en, zh)):
        for j in js:
            e_links[i].append(j)
            z_links[j].append(i)
    for j, is_ in enumerate(_links(zh, en)):
        for i in is_:
            if j not in e_links[i]:
                e_links[i].append(j)
                z_links[j].append(i)
    groups: list[Group] = []
    i = j = 0
    n, m = len(en), len(zh)
    while i < n or j < m:
        if i < n and not e_links[i] and (j >= m or z_links[j] or en[i].start_ms <= zh[j].start_ms):
            groups.append(Group((i,), ()))
            i += 1
            continue
        if j < m and not z_links[j] and (i >= n or e_links[i] or zh[j].start_ms < en[i].start_ms):
            groups.append(Group((), (j,)))
            j += 1
            continue
        # both linked: grow [i, ie) x [j, je) until no link leaves it
        ie, je = i + 1, j + 1
        changed = True
        while changed:
            changed = False
            for a in range(i, ie):
                far = max(e_links[a], default=j)
                if far + 1 > je:
                    je, changed = far + 1, True
            for b in range(j, je):
                far = max(z_links[b], default=i)
                if far + 1 > ie:
                    ie, changed = far + 1, True
        groups.append(Group(tuple(range(i, ie)), tuple(range(j, je))))
        i, j = ie, je
    return groups


@dataclass(frozen=True, slots=True)
class TimedPair:
    pair: SentencePair
    en: tuple[Sentence, ...]
    zh: tuple[Sentence, ...]


def pair_up(en: list[Sentence], zh: list[Sentence]) -> tuple[list[TimedPair], list[Group]]:
    """Sentence pairs of both streams, in time order, with the groups they came from."""
    groups = link_groups(en, zh)
    out: list[TimedPair] = []
    for g in groups:
        es = [en[i] for i in g.en]
        zs = [zh[j] for j in g.zh]
        for bi, bj in align_sentences([s.text for s in es], [s.text for s in zs]):
            be = tuple(es[k] for k in bi)
            bz = tuple(zs[k] for k in bj)
            parts = be + bz
            start = min(s.start_ms for s in parts)
            end = max(s.end_ms for s in parts)
            out.append(
                TimedPair(
                    SentencePair(
                        source=join_source([s.text for s in be]) if be else None,
                        target=join_target([s.text for s in bz]) if bz else None,
                        start_ms=start,
                        end_ms=max(end, start),
                        timing=TIMING_REFERENCE,
                        position=next((s.first.position for s in (*be, *bz) if s.first.position is not None), None),
                    ),
                    be,
                    bz,
                )
            )
    out.sort(key=lambda tp: (tp.pair.start_ms or 0))
    return out, groups


def _origin(tp: list[TimedPair]) -> Origin:
    en = [s for p in tp for s in p.en]
    zh = [s for p in tp for s in p.zh]
    main, other = (en, zh) if en else (zh, [])
    first, last = main[0].first, main[-1].last
    origin = Origin(first.file, first.line, last.line, first_cue=first.cue, last_cue=last.cue)
    if other and other[0].first.file != first.file:
        return Origin(
            first.file, first.line, last.line, first_cue=first.cue, last_cue=last.cue,
            target_file=other[0].first.file, target_first_cue=other[0].first.cue, target_last_cue=other[-1].last.cue,
        )
    if other:
        return Origin(first.file, min(first.line, other[0].first.line), max(last.line, other[-1].last.line),
                      first_cue=min(first.cue, other[0].first.cue), last_cue=max(last.cue, other[-1].last.cue))
    return origin


def segments_of(pairs: list[TimedPair]) -> list[Segment]:
    """Runs of sentence pairs cut at pauses, at speaker changes and before they grow too long."""
    runs: list[list[TimedPair]] = []
    for tp in pairs:
        if runs:
            run = runs[-1]
            prev_end = max(p.pair.end_ms or 0 for p in run)
            start = tp.pair.start_ms or 0
            change = any(s.first.speaker_change for s in tp.en + tp.zh)
            if start - prev_end < SEGMENT_PAUSE_MS and start - (run[0].pair.start_ms or 0) < SEGMENT_MAX_MS and not change:
                run.append(tp)
                continue
        runs.append([tp])
    out: list[Segment] = []
    for n, run in enumerate(runs, 1):
        srcs = [tp.pair.source for tp in run if tp.pair.source]
        tgts = [tp.pair.target for tp in run if tp.pair.target]
        out.append(
            Segment(
                id=f"s{n}",
                source=" ".join(srcs) if srcs else None,
                target=join_target(tgts) if tgts else None,
                origin=_origin(run),
                pairs=tuple(tp.pair for tp in run),
                start_ms=min(tp.pair.start_ms or 0 for tp in run),
                end_ms=max(tp.pair.end_ms or 0 for tp in run),
            )
        )
    return out


def chapters(segments: list[Segment]) -> tuple[list[Segment], list[Section]]:
    """Segments put in sections of a few minutes each, cut at the longest pause in the window.

    Titles are the time span (``12:30–17:05``). A talk shorter than a chapter gets one section.
    """
    from dataclasses import replace

    if not segments:
        return segments, []
    cuts: list[int] = [0]  # index of each chapter's first segment
    while True:
        t0 = segments[cuts[-1]].start_ms or 0
        window = [
            i for i in range(cuts[-1] + 1, len(segments))
            if CHAPTER_MIN_MS <= (segments[i].start_ms or 0) - t0 <= CHAPTER_MAX_MS
        ]
        if not window:
            later = [i for i in range(cuts[-1] + 1, len(segments)) if (segments[i].start_ms or 0) - t0 > CHAPTER_MAX_MS]
            if not later:
                break
            window = [later[0]]
        best = max(window, key=lambda i: ((segments[i].start_ms or 0) - (segments[i - 1].end_ms or 0), -i))
        # a short tail joins the last chapter
        if (segments[-1].end_ms or 0) - (segments[best].start_ms or 0) < CHAPTER_MIN_MS / 2:
            break
        cuts.append(best)
    sections: list[Section] = []
    out: list[Segment] = []
    bounds = cuts + [len(segments)]
    for c in range(len(cuts)):
        part = segments[bounds[c] : bounds[c + 1]]
        sid = f"c{c + 1}"
        title = f"{short_clock(part[0].start_ms or 0)}–{short_clock(part[-1].end_ms or 0)}"
        sections.append(Section(id=sid, title=title, origin=part[0].origin))
        out.extend(replace(s, section=sid) for s in part)
    return out, sections


_ZH_ANCHOR = re.compile(r"[A-Za-z][A-Za-z0-9]+|\d+")


def anchor_agreement(groups: list[Group], en: list[Sentence], zh: list[Sentence]) -> tuple[float, int] | None:
    """Share of names and numbers in the Chinese sentences found in the English they are linked to.

    Returns ``(share, anchors)``, or None when the Chinese holds fewer than 10
    anchors (too few to judge). Subtitles of the same video keep most names
    and numbers of the speech; the subtitles of another video do not.
    """
    found = total = 0
    for g in groups:
        if not g.zh:
            continue
        english = " ".join(en[i].text for i in g.en).lower()
        for j in g.zh:
            for a in _ZH_ANCHOR.findall(zh[j].text):
                total += 1
                found += a.lower() in english
    if total < 10:
        return None
    return found / total, total
