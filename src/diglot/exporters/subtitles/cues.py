"""Cue building: from timed sentence pairs to subtitle cues that obey broadcast style limits.

:func:`build_cues` walks the document's timed sentence pairs; each pair is
split into pieces that fit a cue (:mod:`.split`), two quick turns of
different speakers may share a cue (:func:`merge_speakers`), and a final pass
fixes durations and gaps (:func:`~.timing.fix_timing`: minimum and maximum
duration, minimum gap, short gaps closed). Cues timed from a reference are
"pinned": cues with guessed times before them (sentences of a cut the video
lacks) are squeezed into the time left rather than push a pinned cue late.

No text is ever dropped: the pieces of a pair concatenate back to the pair's
text (whitespace aside).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace

from ...errors import OptionError
from ...lang.linebreak import normalize_space
from ...model import TIMING_AUDIO, TIMING_REFERENCE, Document, Segment
from ...memo import per_document
from .split import Band, render_lines, side_of, split_pair, target_split, word_times_of
from .style import LAYOUTS, SPEAKER_MARKS, Cue, SubtitleStyle
from .timing import fix_timing

__all__ = ["Cue", "SubtitleStyle", "LAYOUTS", "SPEAKER_MARKS", "build_cues", "pair_cues", "kept_pairs", "PairCues", "merge_speakers", "fix_timing", "is_sound", "bracketed", "target_split"]


_BRACKETS = {"[": "]", "(": ")", "（": "）", "【": "】", "［": "］", "♪": "♪"}


def _in_brackets(text: str) -> bool:
    t = text.strip()
    return len(t) >= 2 and _BRACKETS.get(t[0]) == t[-1] and not any(ch in t[1:-1] for ch in (t[0], t[-1]) if ch != "♪")


def is_sound(seg: Segment) -> bool:
    """A sound description (``[music]``, ``（笑声）``): the reader's ``sound`` mark, or every text of it in brackets."""
    if getattr(seg, "sound", False):
        return True
    texts = [t for t in (seg.source, seg.target) if t and t.strip()]
    return bool(texts) and all(_in_brackets(t) for t in texts)


def bracketed(text: str | None) -> str | None:
    """*text* in brackets, as sound descriptions are shown (kept as it is when it has them already)."""
    if text is None or not text.strip() or _in_brackets(text):
        return text
    return f"[{text.strip()}]"


#: Netflix English: a hyphen and a space; Netflix Simplified Chinese: a hyphen, no space.
DASH_SOURCE, DASH_TARGET = "- ", "-"
#: Two turns this close (or closer) are a quick exchange that may share a cue.
EXCHANGE_PAUSE_MS = 1000


def _marks(speaker: str | None, mode: str) -> tuple[str, str]:
    # a dash marks two speakers sharing a cue (merge_speakers), never a cue with one speaker
    if mode == "name" and speaker:
        return f"{speaker}: ", f"{speaker}："
    return "", ""


def build_cues(
    doc: Document,
    style: SubtitleStyle | None = None,
    *,
    layout: str = "bilingual",
    speaker_mark: str = "dash",
) -> list[Cue]:
    """The subtitle cues for *doc*, in time order.

    *doc* must carry timed sentence pairs (see :func:`diglot.prepare`).
    *layout* ``bilingual`` keeps both languages in every cue (a pair with only
    one language gives a one-language cue); ``source`` or ``target`` keeps one
    language, falling back to the other where a pair lacks it, so no speech
    goes unsubtitled. *speaker_mark* ``dash`` or ``name`` marks the first cue
    of each speaker turn (only when the document has two or more speakers).

    Raises :class:`OptionError` for an unknown layout or speaker mark, or
    when a pair has no times.
    """
    style = style or SubtitleStyle()
    kept = pair_cues(doc, style, layout=layout, speaker_mark=speaker_mark)
    cues = [cue for seg_index, seg in enumerate(doc.segments) for index in range(len(seg.pairs)) for cue in kept.get((seg_index, index), _NONE)[1]]
    if speaker_mark == "dash" and _marking(doc, speaker_mark):
        cues = merge_speakers(cues, style)
    return fix_timing(cues, style)


_NONE: tuple[Band, list[Cue]] = (Band(), [])


def _marking(doc: Document, speaker_mark: str) -> bool:
    """Whether speaker turns are marked: a mark asked for and two or more speakers."""
    speakers = {normalize_space(s.speaker) for s in doc.segments if s.speaker and s.speaker.strip() and not is_sound(s)}
    return speaker_mark != "none" and len(speakers) >= 2


#: The cues of each sentence pair, ``(segment index, pair index) -> (Band, cues)``.
PairCues = dict[tuple[int, int], tuple[Band, list[Cue]]]


def kept_pairs(doc: Document, style: SubtitleStyle, layout: str, speaker_mark: str) -> PairCues:
    """The memo of :func:`pair_cues` for *doc* and these options (an empty dict at first).

    Kept for the next build of this document with the same options but the shortest cue and the
    gaps (ASS builds with them rounded up to centiseconds after SRT): a pair's cues are reused
    when the split comes out the same (see Band); fix_timing then applies the limits.
    """
    same_split = replace(style, min_duration_ms=1, min_gap_ms=0, close_gap_ms=0)
    return per_document(doc, ("pair cues", layout, speaker_mark, same_split), dict)


def pair_cues(
    doc: Document,
    style: SubtitleStyle,
    *,
    layout: str = "bilingual",
    speaker_mark: str = "dash",
    segments: Collection[int] | None = None,
) -> PairCues:
    """The cues of each timed sentence pair of *doc* (before :func:`merge_speakers` and :func:`fix_timing`),
    built for the segments at indexes *segments* (all when None) where the memo lacks them.

    Kept per document and options in :func:`~diglot.memo.per_document`, with the shortest cue and the
    gaps set apart (see :class:`~.split.Band`): the returned dict is that memo. A pair's cues depend
    only on the pair, the style and its speaker mark (whether it starts a turn, found by walking the
    segments before it), so the pairs of one part of the document may be built in another process and
    put in the memo (:func:`~.writing.absorb_cues`) with the same result as building them here.
    Raises :class:`OptionError` as :func:`build_cues` does.
    """
    if not doc.is_aligned:
        raise OptionError("subtitles need sentence pairs: prepare the document first (diglot.prepare)", file=doc.source_file)
    if layout not in LAYOUTS:
        raise OptionError(f"layout {layout!r} is not one of {', '.join(LAYOUTS)}")
    if speaker_mark not in SPEAKER_MARKS:
        raise OptionError(f"speaker mark {speaker_mark!r} is not one of {', '.join(SPEAKER_MARKS)}")
    marking = _marking(doc, speaker_mark)
    kept = kept_pairs(doc, style, layout, speaker_mark)
    todo = range(len(doc.segments)) if segments is None else segments
    stop = max(todo, default=-1) + 1
    prev_speaker: str | None = None
    for seg_index, seg in enumerate(doc.segments[:stop]):
        sound = is_sound(seg)
        speaker = None if sound else normalize_space(seg.speaker or "") or None  # a sound description: no speaker, the turn goes on after it
        change = marking and bool(speaker) and speaker != prev_speaker
        if speaker:
            prev_speaker = speaker
        if seg_index not in todo:
            continue
        if sound:
            seg = replace(seg, speaker=None, pairs=tuple(replace(p, source=bracketed(p.source), target=bracketed(p.target)) for p in seg.pairs))
        first_piece = True
        for index, pair in enumerate(seg.pairs):
            if pair.start_ms is None or pair.end_ms is None:
                if (pair.source or "").strip() or (pair.target or "").strip():
                    raise OptionError(f"segment {seg.id} has untimed sentence pairs; estimate or retime first", file=doc.source_file)
                continue
            hit = kept.get((seg_index, index))
            if hit is not None and hit[0].holds(style.min_duration_ms):
                first_piece = first_piece and not hit[1]
                continue
            mark_s, mark_t = _marks(speaker, speaker_mark) if (change and first_piece) else ("", "")
            src = tgt = None
            if layout in ("bilingual", "source"):
                src = side_of(pair.source, doc.source_lang, style.max_chars_source, mark_s)
            if layout in ("bilingual", "target") or (layout == "source" and src is None):
                tgt = side_of(pair.target, doc.target_lang, style.max_chars_target, mark_t)
            if layout == "target" and tgt is None:
                src = side_of(pair.source, doc.source_lang, style.max_chars_source, mark_s)
            if src is None and tgt is None:
                kept[(seg_index, index)] = (Band(), [])
                continue
            wt = word_times_of(src, pair) if src else None
            kind = pair.timing or (doc.timing.source if doc.timing else None)
            estimated = kind not in (TIMING_REFERENCE, TIMING_AUDIO)
            band = Band()
            pieces = split_pair(src, tgt, pair.start_ms, pair.end_ms, wt, style, estimated, band)
            mismatched = any(pc.mismatch for pc in pieces)
            built: list[Cue] = []
            for n, piece in enumerate(pieces):
                first_here = first_piece and n == 0
                built.append(
                    Cue(
                        start_ms=int(round(piece.start)),
                        end_ms=int(round(piece.end)),
                        source_lines=render_lines(src, piece.s, style),
                        target_lines=render_lines(tgt, piece.t, style),
                        speaker=speaker,
                        segment=seg.id,
                        pair_index=index,
                        confidence=pair.confidence,
                        section=seg.section,
                        speaker_change=change and first_here,
                        source_mark=(src.text[: src.min_offset] if src and first_here and piece.s and piece.s[0] == 0 else ""),
                        target_mark=(tgt.text[: tgt.min_offset] if tgt and first_here and piece.t and piece.t[0] == 0 else ""),
                        timing=kind,
                        split_mismatch=mismatched and n == 0,
                        position=pair.position,
                    )
                )
            kept[(seg_index, index)] = (band, built)
            first_piece = False
    return kept


def merge_speakers(cues: list[Cue], style: SubtitleStyle) -> list[Cue]:
    """Two short turns of different speakers in a quick exchange become one cue, a dash per line.

    As the Netflix guides do it: one speaker per line, each line starting with
    a dash (English ``"- "``, Chinese ``"-"`` with no space). Only whole
    sentences (not a piece of a split one), each one line per language that
    still fits with its dash, a pause between them of up to a second, and a
    cue within the longest duration. A cue with one speaker carries no dash.
    """
    from ...lang.linebreak import cjk_width, latin_width

    def fits(a: Cue, b: Cue) -> bool:
        if not (a.speaker and b.speaker and a.speaker != b.speaker) or a.second_segment or b.second_segment:
            return False
        for la, lb, width, limit, dash in (
            (a.source_lines, b.source_lines, latin_width, style.max_chars_source, DASH_SOURCE),
            (a.target_lines, b.target_lines, cjk_width, style.max_chars_target, DASH_TARGET),
        ):
            if len(la) != len(lb) or len(la) > 1 or any(width(dash + line) > limit for line in (*la, *lb)):
                return False
        return bool(a.source_lines or a.target_lines) and b.start_ms - a.end_ms <= max(style.close_gap_ms, EXCHANGE_PAUSE_MS) and b.end_ms - a.start_ms <= style.max_duration_ms

    def whole(k: int) -> bool:  # the only cue of its sentence pair
        key = (cues[k].segment, cues[k].pair_index)
        return all(not 0 <= j < len(cues) or (cues[j].segment, cues[j].pair_index) != key for j in (k - 1, k + 1))

    out: list[Cue] = []
    i = 0
    while i < len(cues):
        a = cues[i]
        if i + 1 < len(cues) and whole(i) and whole(i + 1) and fits(a, cues[i + 1]):
            b = cues[i + 1]
            out.append(
                replace(
                    a,
                    end_ms=b.end_ms,
                    source_lines=tuple(DASH_SOURCE + line for line in (*a.source_lines, *b.source_lines)),
                    target_lines=tuple(DASH_TARGET + line for line in (*a.target_lines, *b.target_lines)),
                    speaker=None,
                    confidence=min((c for c in (a.confidence, b.confidence) if c is not None), default=None),
                    speaker_change=True,
                    source_mark=DASH_SOURCE if a.source_lines else "",
                    target_mark=DASH_TARGET if a.target_lines else "",
                    second_segment=b.segment,
                    second_pair_index=b.pair_index,
                )
            )
            i += 2
            continue
        out.append(a)
        i += 1
    return out
