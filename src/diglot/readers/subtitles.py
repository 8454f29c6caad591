"""Reader for one bilingual subtitle file (SRT, WebVTT or ASS/SSA): both languages in every cue.

Each cue's lines are told apart by language (:mod:`.subtitle_text`), the two
languages become timed sentence streams, and :mod:`.subtitle_merge` pairs,
segments and chapters them. The document has real times
(``timing.source == "subtitles"``); every segment's origin names the file, its
lines and its cue numbers. The cues as written (both languages merged cue by
cue) are kept in ``extra["subtitle_cues"]`` for ``-O keep-cues=true``, and
sound descriptions (``[Music]``, ``(laughs)``) in ``extra["sound_cues"]``:
they are not speech, so they never become sentences or cards.

A subtitle file in one language only is an error that says how to give its
counterpart (see :mod:`.subtitle_pair`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..errors import InputError
from dataclasses import replace

from ..lang.script import han_count
from ..model import TIMING_REFERENCE, TIMING_SUBTITLES, Document, Notice, Origin, Segment, SentencePair, Timing
from ..cuefile import RawCue
from . import sniff as _sniff
from .subtitle_files import CueFile, read_cues
from .subtitle_merge import Piece, Sentence, chapters, pair_up, segments_of, sentences
from .subtitle_text import CueText, ass_to_lines, split_cue
from .grouping import chinese_tag, title_and_tag

NAME = "subtitles"



sniff = _sniff.subtitles


def cue_texts(cf: CueFile) -> list[tuple[RawCue, CueText]]:
    return [(c, split_cue(ass_to_lines(c.lines[0]) if c.ass else list(c.lines))) for c in cf.cues]


def pieces(texts: Sequence[tuple[RawCue, CueText]], file: str, side: str) -> list[Piece]:
    out = []
    for cue, ct in texts:
        text = ct.source if side == "en" else ct.target
        if text:
            out.append(Piece(text, cue.start_ms, cue.end_ms, file, cue.number, cue.line, ct.speaker_change, cue.position))
    return out


def sound_cues(texts: Sequence[tuple[RawCue, CueText]], file: str) -> list[dict[str, Any]]:
    return [
        {"start_ms": c.start_ms, "end_ms": c.end_ms, "text": " ".join(ct.sounds), "file": file, "cue": c.number, "line": c.line, "alone": not ct.lines}
        for c, ct in texts
        if ct.sounds
    ]


def sound_segments(sounds: list[dict[str, Any]]) -> list[Segment]:
    """Segments marked ``sound`` for the cues that hold nothing but sound descriptions.

    An English and a Chinese description at the same time (``[Music]`` and
    ``♪ 音乐 ♪``) are one segment. A description inside a cue with speech
    (``(laughs) Yes.``) stays in ``extra["sound_cues"]`` only: as a cue of its
    own it would overlap the speech.
    """
    out: list[Segment] = []
    for snd in sorted((x for x in sounds if x.get("alone")), key=lambda x: (x["start_ms"], x["file"])):
        zh = han_count(snd["text"]) > 0
        prev = out[-1] if out else None
        if prev and prev.start_ms is not None and prev.end_ms is not None and snd["start_ms"] < prev.end_ms and (prev.target is None) == zh:
            start, end = prev.start_ms, max(prev.end_ms, snd["end_ms"])
            source, target = (prev.source, snd["text"]) if zh else (snd["text"], prev.target)
            pair = SentencePair(source, target, start, end, timing=TIMING_REFERENCE)
            out[-1] = replace(prev, source=source, target=target, end_ms=end, pairs=(pair,))
            continue
        source, target = (None, snd["text"]) if zh else (snd["text"], None)
        origin = Origin(snd["file"], snd["line"], snd["line"], first_cue=snd["cue"], last_cue=snd["cue"])
        pair = SentencePair(source, target, snd["start_ms"], snd["end_ms"], timing=TIMING_REFERENCE)
        out.append(Segment(id="", source=source, target=target, origin=origin, pairs=(pair,), start_ms=snd["start_ms"], end_ms=snd["end_ms"], sound=True))
    return out


def build_document(
    en: list[Piece],
    zh: list[Piece],
    *,
    file: str,
    title: str,
    reader: str,
    notices: list[Notice],
    extra: dict[str, Any],
    en_sentences: list[Sentence] | None = None,
    zh_sentences: list[Sentence] | None = None,
    target_lang: str = "zh-Hans",
) -> Document:
    """The document of two timed streams (or their sentences): pairs, segments, chapters, real timing."""
    en_s = en_sentences if en_sentences is not None else sentences(en, "en")
    zh_s = zh_sentences if zh_sentences is not None else sentences(zh, "zh")
    pairs, _groups = pair_up(en_s, zh_s)
    sounds = extra.get("sound_cues") or []
    speech = segments_of(pairs)
    alone = sound_segments(sounds)
    # sound cues between the speech, in time order (a speech segment first at the same time)
    merged = sorted([*((s, 0) for s in speech), *((s, 1) for s in alone)], key=lambda x: (x[0].start_ms or 0, x[1]))
    segs, sections = chapters([replace(s, id=f"s{n}") for n, (s, _) in enumerate(merged, 1)])
    if sounds:
        notices.append(
            Notice(
                file, None,
                f"{len(sounds)} sound description(s) such as {sounds[0]['text']!r}: {len(alone)} cue(s) of sound only kept as sound "
                f"cues (no cards), the rest taken out of the speech around them (all kept with -O keep-cues=true)",
            )
        )
    one_sided = sum(1 for s in segs if not s.sound for p in s.pairs if p.source is None or p.target is None)
    if one_sided:
        notices.append(Notice(file, None, f"{one_sided} sentence(s) have no counterpart in the other language; kept one-sided"))
    return Document(
        segments=tuple(segs),
        sections=tuple(sections),
        title=title,
        source_file=file,
        reader=reader,
        timing=Timing(source=TIMING_SUBTITLES, reference=file),
        notices=tuple(notices),
        extra=extra,
        target_lang=target_lang,
    )


def kept_cue(cue: RawCue, ct: CueText) -> dict[str, Any]:
    kept = {"start_ms": cue.start_ms, "end_ms": cue.end_ms, "source": ct.source, "target": ct.target, "sounds": " ".join(ct.sounds)}
    if cue.position is not None:
        kept["position"] = cue.position
    return kept


def read(text: str, file: str) -> Document:
    """Raises :class:`InputError` for a malformed file, or one holding a single language."""
    cf = read_cues(text, file)
    texts = cue_texts(cf)
    en = pieces(texts, file, "en")
    zh = pieces(texts, file, "zh")
    if not en or not zh:
        lang, other = ("Chinese", "English") if zh else ("English", "Chinese")
        if not en and not zh:
            raise InputError("subtitle file holds only sound descriptions, no speech", file=file)
        raise InputError(
            f"subtitle file holds {lang} only: give the {other} subtitles of the same video with it "
            f"(diglot export talk.en.srt talk.zh.srt, or --source FILE --target FILE)",
            file=file,
        )
    notices = [Notice(file, line, msg) for line, msg in cf.notices]
    extra: dict[str, Any] = {
        "subtitle_cues": [kept_cue(c, ct) for c, ct in texts if ct.source or ct.target or ct.sounds],
        "sound_cues": sound_cues(texts, file),
    }
    title, _tag = title_and_tag(file)
    return build_document(en, zh, file=file, title=title, reader=NAME, notices=notices, extra=extra, target_lang=chinese_tag(file))
