"""Reader for two subtitle files of one video, one per language: merged into one bilingual document.

``diglot export talk.en.srt talk.zh.srt`` (two files whose names differ only
by a language tag) or ``--source FILE --target FILE``. Each file's language
comes from its name's tag (``en``, ``zh``, ``chs``, ``zh-Hans`` ...), else the
script of its text. The two files' cues are cut differently, so they are
merged by time overlap and sentence alignment (:mod:`.subtitle_merge`), not by
cue index; a sentence without a counterpart stays one-sided.

The English side may be YouTube's rolling automatic captions: the rolling is
undone by the retiming reader (:mod:`diglot.timing.references.webvtt`), and
since those captions have no punctuation, the English words are cut into
sentences where the Chinese sentences end.

Two files of different videos are refused (unless *force*): too little of
their speech overlaps in time, their lengths disagree, or the Chinese names
and numbers are missing from the English they line up with.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import InputError
from ..lang.script import han_count, latin_count
from ..model import Notice
from ..cuefile import RawCue
from . import sniff as _sniff
from .subtitle_files import is_youtube_rolling, read_cues, sniff_format
from .subtitle_merge import Piece, Sentence, anchor_agreement, link_groups, sentences
from .subtitle_text import CueText
from .grouping import chinese_tag, title_and_tag
from .subtitles import build_document, cue_texts, kept_cue, sound_cues

NAME = "subtitle-pair"

#: refuse when less than this share of either side's sentences overlaps the other side
MIN_LINKED = 0.5
#: refuse when the two files' spans differ by more than this factor
MAX_SPAN_RATIO = 1.35
#: refuse when fewer than this share of the Chinese names and numbers appear in the linked English
MIN_ANCHORS = 0.25


sniff = _sniff.subtitle_pair  # one text is never a pair: the command line groups two files


def read(text: str, file: str) -> None:
    raise InputError(
        "the subtitle-pair format reads two files: give both (talk.en.srt talk.zh.srt) or --source FILE --target FILE",
        file=file,
    )


def language_of(text_sample: str, file: str, *, by_name: bool = True) -> str:
    """``en`` or ``zh`` from the file name's tag (with *by_name*), else from the script of *text_sample*."""
    _title, tag = title_and_tag(file)
    if tag and by_name:
        return tag
    han, lat = han_count(text_sample), latin_count(text_sample)
    if not han and not lat:
        raise InputError("cannot tell the language of the subtitles (no letters)", file=file)
    return "zh" if han * 3 >= lat else "en"


def load_pair(source: str | Path, target: str | Path, *, force: bool = False) -> Any:
    """Read two subtitle files and merge them (see :func:`read_pair`)."""
    from ..textio import read_text_file

    texts = []
    for path in (source, target):
        texts.append((read_text_file(path), str(path)))
    return read_pair(texts[0][0], texts[0][1], texts[1][0], texts[1][1], force=force)


def _side_pieces(text: str, file: str) -> tuple[list[Piece], list[tuple[RawCue, CueText]], list[Notice], bool, str]:
    """Pieces of one file, its cue texts, notices, whether it is rolling captions, and its language sample."""
    if sniff_format(text) is None:
        raise InputError("not a subtitle file (no SRT or WebVTT timing line, no ASS [Events])", file=file)
    if is_youtube_rolling(text):
        from ..timing.references.webvtt import read_youtube_vtt

        ref = read_youtube_vtt(text, file)
        words = [Piece(w.text, w.start_ms, w.end_ms, file, n, 0) for n, w in enumerate(ref.words, 1)]
        if not words:
            raise InputError("YouTube captions without any words", file=file)
        notes = [Notice(file, None, "YouTube rolling captions: repeated lines skipped, English cut into sentences where the Chinese sentences end")]
        notes += [Notice(file, None, m) for m in ref.notices]
        return words, [], notes, True, " ".join(w.text for w in words[:400])
    cf = read_cues(text, file)
    texts = cue_texts(cf)
    sample = " ".join(ct.source + ct.target for _, ct in texts[:400])
    return [], texts, [Notice(file, line, msg) for line, msg in cf.notices], False, sample


def read_pair(source_text: str, source_file: str, target_text: str, target_file: str, *, force: bool = False) -> Any:
    """One bilingual :class:`~diglot.model.Document` from an English and a Chinese subtitle file.

    The files may be given in either order. Raises :class:`InputError` for
    two files in the same language, or (unless *force*) two files that are
    not of the same video.
    """
    from ..model import Document

    sides = []
    samples = []
    for text, file in ((source_text, source_file), (target_text, target_file)):
        words, texts, notes, rolling, sample = _side_pieces(text, file)
        sides.append((file, words, texts, notes, rolling, language_of(sample, file)))
        samples.append(sample)
    if sides[0][5] == sides[1][5]:
        # the names say one language: does the text say otherwise (a mislabelled file)?
        by_text = [language_of(sample, side[0], by_name=False) for sample, side in zip(samples, sides)]
        if by_text[0] != by_text[1]:
            wrong = next(k for k in (0, 1) if by_text[k] != sides[k][5])
            name = {"en": "English", "zh": "Chinese"}
            sides[wrong][3].append(Notice(sides[wrong][0], None, f"the file name says {name[sides[wrong][5]]} but the text is {name[by_text[wrong]]}; read as {name[by_text[wrong]]}"))
            sides = [(f, w, t, n, r, lang) for (f, w, t, n, r, _), lang in zip(sides, by_text)]
    if sides[0][5] == sides[1][5]:
        lang = "English" if sides[0][5] == "en" else "Chinese"
        raise InputError(f"both subtitle files are in {lang} ({sides[0][0]}, {sides[1][0]}); give one English and one Chinese file", file=sides[1][0])
    if sides[0][5] == "zh":
        sides.reverse()
    (en_file, en_words, en_texts, en_notes, rolling, _), (zh_file, _w, zh_texts, zh_notes, zh_rolling, _) = sides
    if zh_rolling:
        raise InputError("YouTube rolling captions are read as the English side only", file=zh_file)
    # each file is one language: all its speech lines go to that side, in file order
    # (a Chinese file keeps its Latin-only lines, "OK", "GPT-4", where they are)
    zh = whole_pieces(zh_texts, zh_file, "zh")
    en = en_words if rolling else whole_pieces(en_texts, en_file, "en")
    if not en or not zh:
        empty = en_file if not en else zh_file
        raise InputError("subtitle file has no speech (only sound descriptions)", file=empty)
    notices = en_notes + zh_notes
    zh_s = sentences(zh, "zh")
    en_s = cut_words(en, zh_s) if rolling else sentences(en, "en")
    if not force:
        reason = different_videos(en_s, zh_s)
        if reason:
            raise InputError(f"{reason}: these look like subtitles of different videos (use --force to merge anyway)", file=f"{en_file} + {zh_file}")
    extra: dict[str, Any] = {
        "subtitle_cues": merge_cues(en_texts, zh_texts, en_words if rolling else None),
        "sound_cues": sorted(sound_cues(en_texts, en_file) + sound_cues(zh_texts, zh_file), key=lambda s: (s["start_ms"], s["file"])),
        "subtitle_files": [en_file, zh_file],
    }
    title, _tag = title_and_tag(Path(en_file).name)
    doc: Document = build_document(en, zh, file=en_file, title=title, reader=NAME, notices=notices, extra=extra, en_sentences=en_s, zh_sentences=zh_s, target_lang=chinese_tag(zh_file))
    return doc


def whole_pieces(texts: list[tuple[RawCue, CueText]], file: str, lang: str) -> list[Piece]:
    """One piece per cue with all its speech lines (a one-language file), in time order."""
    from .subtitle_text import join_chinese

    out = []
    for cue, ct in texts:
        text = " ".join(ct.lines) if lang == "en" else join_chinese(list(ct.lines))
        if text:
            out.append(Piece(text, cue.start_ms, cue.end_ms, file, cue.number, cue.line, ct.speaker_change, cue.position))
    return out


def cut_words(words: list[Piece], zh: list[Sentence]) -> list[Sentence]:
    """Unpunctuated English *words* cut into sentences at the word gaps nearest each Chinese sentence end."""
    if not words:
        return []
    gaps = [((words[k - 1].end_ms + words[k].start_ms) / 2, words[k].start_ms - words[k - 1].end_ms) for k in range(1, len(words))]
    cuts: set[int] = set()
    k = 0
    for s in zh[:-1]:
        t = s.end_ms
        while k + 1 < len(gaps) and abs(gaps[k + 1][0] - t) - gaps[k + 1][1] / 2 <= abs(gaps[k][0] - t) - gaps[k][1] / 2:
            k += 1
        if gaps:
            cuts.add(k + 1)
    out: list[Sentence] = []
    start = 0
    for end in sorted(cuts) + [len(words)]:
        if end <= start:
            continue
        run = words[start:end]
        out.append(Sentence(" ".join(w.text for w in run), run[0].start_ms, run[-1].end_ms, run[0], run[-1]))
        start = end
    return out


def different_videos(en: list[Sentence], zh: list[Sentence]) -> str | None:
    """Why *en* and *zh* are not subtitles of the same video, or None when they look like it."""
    if not en or not zh:
        return None
    span_en = max(s.end_ms for s in en) - min(s.start_ms for s in en)
    span_zh = max(s.end_ms for s in zh) - min(s.start_ms for s in zh)
    if min(span_en, span_zh) > 0 and max(span_en, span_zh) / min(span_en, span_zh) > MAX_SPAN_RATIO and max(span_en, span_zh) > 60_000:
        return f"the English runs {span_en // 1000} s and the Chinese {span_zh // 1000} s"
    groups = link_groups(en, zh)
    linked_en = sum(len(g.en) for g in groups if g.zh) / len(en)
    linked_zh = sum(len(g.zh) for g in groups if g.en) / len(zh)
    if min(linked_en, linked_zh) < MIN_LINKED and len(en) + len(zh) >= 10:
        return f"only {min(linked_en, linked_zh):.0%} of the sentences overlap a sentence of the other file in time"
    agreement = anchor_agreement(groups, en, zh)
    if agreement is not None and agreement[0] < MIN_ANCHORS:
        return f"only {agreement[0]:.0%} of the {agreement[1]} names and numbers in the Chinese appear in the English said at the same time"
    return None


def merge_cues(en: list[tuple[RawCue, CueText]], zh: list[tuple[RawCue, CueText]], words: list[Piece] | None) -> list[dict[str, Any]]:
    """The two files merged cue by cue on the English file's timing (the "merge two subtitle files" job).

    Each Chinese cue joins the English cue it overlaps most; one that overlaps
    none becomes a cue of its own. Nothing is dropped. With rolling captions
    (no usable cues), the Chinese cues keep their own timing.
    """
    from .subtitle_text import join_chinese

    def one_language(c: RawCue, ct: CueText, lang: str) -> dict[str, Any]:
        text = " ".join(ct.lines) if lang == "en" else join_chinese(list(ct.lines))
        cue = kept_cue(c, ct)
        cue["source"], cue["target"] = (text, "") if lang == "en" else ("", text)
        return cue

    if words is not None:
        return [one_language(c, ct, "zh") for c, ct in zh if ct.lines or ct.sounds]
    base = [one_language(c, ct, "en") for c, ct in en if ct.lines or ct.sounds]
    extra_parts: list[list[str]] = [[] for _ in base]
    alone: list[dict[str, Any]] = []
    k0 = 0
    for c, ct in zh:
        if not (ct.lines or ct.sounds):
            continue
        while k0 < len(base) and base[k0]["end_ms"] <= c.start_ms:
            k0 += 1
        best, best_ov = None, 0
        k = k0
        while k < len(base) and base[k]["start_ms"] < c.end_ms:
            ov = min(base[k]["end_ms"], c.end_ms) - max(base[k]["start_ms"], c.start_ms)
            if ov > best_ov:
                best, best_ov = k, ov
            k += 1
        if best is None:
            alone.append(one_language(c, ct, "zh"))
        else:
            extra_parts[best].append(join_chinese(list(ct.lines)))
            if ct.sounds:
                sounds = " ".join(ct.sounds)
                if sounds not in base[best]["sounds"]:
                    base[best]["sounds"] = " ".join(x for x in (base[best]["sounds"], sounds) if x)
    for cue, parts in zip(base, extra_parts):
        if any(parts):
            cue["target"] = join_chinese([p for p in [cue["target"], *parts] if p])
    return sorted(base + alone, key=lambda d: (d["start_ms"], d["end_ms"]))
