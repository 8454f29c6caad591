"""WebVTT references: YouTube's rolling automatic captions, and any other WebVTT file.

YouTube's rolling form repeats the previous line at the top of every cue and
adds one new line whose words carry inline times
(``Linus,<00:00:00.960><c> do</c>``); between cues come ~10 ms "hold" cues
that only repeat text. Converting it naively doubles every line. Older files
wrap words in ``<c.colorCCCCCC>`` spans and have no blank line between cues,
so a cue starts at any line holding ``-->``. Cue blocks are read by diglot's
one cue parser (:mod:`diglot.cuefile`); its notices are about the file as
subtitles, a reference keeps its own.
"""

from __future__ import annotations

import re

from ...cuefile import INLINE_TIME, RawCue, parse_cue_time, scan_cues
from .base import RefFormat, RefWord, Reference, _weight, clean_cue_text, finish, spread

_CLASS_TAGS = re.compile(r"</?c(?:\.[\w.]+)?>|</?[biu]>|</?v[^>]*>|</?lang[^>]*>|</?ruby>|</?rt>")
HOLD_MS = 20  # YouTube's hold cues last 10 ms; no one reads a cue this short
#: A cue lasting this many times what its words take to say at the file's rate (and 5 s more) holds a pause.
LONG_CUE_FACTOR = 2.5
LONG_CUE_EXCESS_MS = 5000


def _line_key(line: str) -> str:
    return " ".join(clean_cue_text(INLINE_TIME.sub("", line)).split())


def cue_level_words(cues: list[RawCue], file: str, fmt: str) -> Reference:
    """Words of cues that carry cue-level times only, spread over each cue by character count.

    Subtitles converted from YouTube's rolling captions repeat the previous
    cue's last line at the top of each cue; when most cues do, the repeats are
    dropped instead of doubling every line.
    """
    notices: list[str] = []
    # each cue with text, and its non-empty lines as comparison keys
    keyed = [(c, keys) for c in cues if (keys := [k for k in map(_line_key, c.lines) if k])]
    repeats = sum(1 for (_, a), (_, b) in zip(keyed, keyed[1:]) if b[0] == a[-1])
    rolling = len(keyed) > 2 and repeats > (len(keyed) - 1) / 2
    if rolling:
        notices.append("rolling captions (each cue repeats the previous line): repeated lines skipped")
    spans: list[tuple[list[str], int, int]] = []
    previous: list[str] = []
    for cue, keys in keyed:
        if rolling:
            new = [k for k in keys if k not in previous]
            previous = keys[-2:]
            if cue.end_ms - cue.start_ms <= HOLD_MS:
                continue
        else:
            new = keys
        spans.append((" ".join(new).split(), cue.start_ms, cue.end_ms))
    words: list[RefWord] = []
    rate = _speaking_rate(spans)
    long_cues: list[tuple[int, int]] = []  # (duration, words) of cues cut short
    paced: list[tuple[int, int]] = []
    for text, start, end in spans:
        need = int(rate * sum(_weight(w) for w in text)) if rate and text else 0
        if need and end - start > LONG_CUE_FACTOR * need and end - start - need > LONG_CUE_EXCESS_MS:
            long_cues.append((end - start, len(text)))
            paced.append((start, end))
            end = start + need  # the words at the file's speaking rate, then a pause to the cue's end
        words.extend(spread(text, start, end))
    if long_cues and rate:
        longest = max(long_cues)
        notices.append(
            f"{len(long_cues)} reference cue(s) far longer than their words take to say (longest {longest[0] / 1000:.0f} s for "
            f"{longest[1]} words): their words are timed at the file's speaking rate ({rate:.0f} ms a character) from the cue "
            "start and the rest is taken as a pause; check those stretches against the video"
        )
    return finish(file, fmt, words, notices, paced)


def _speaking_rate(spans: list[tuple[list[str], int, int]]) -> float | None:
    """The file's speaking rate, in ms per character (as :func:`spread` weighs them): the median over cues of 3+ words."""
    rates = sorted((end - start) / sum(_weight(w) for w in text) for text, start, end in spans if len(text) >= 3 and end > start)
    return rates[len(rates) // 2] if rates else None


def _timed_line(line: str, start_ms: int, end_ms: int, file: str, lineno: int) -> list[RefWord]:
    parts = INLINE_TIME.split(_CLASS_TAGS.sub("", line))
    chunks = [(start_ms, parts[0])]
    for k in range(1, len(parts), 2):
        chunks.append((parse_cue_time(parts[k], file, lineno), parts[k + 1]))
    words: list[RefWord] = []
    for n, (t, chunk) in enumerate(chunks):
        nxt = chunks[n + 1][0] if n + 1 < len(chunks) else max(end_ms, t)
        words.extend(spread(clean_cue_text(chunk).split(), t, max(nxt, t)))
    return words


def read_youtube_vtt(text: str, file: str) -> Reference:
    """YouTube rolling WebVTT -> words with their own start times."""
    cues = scan_cues(text, file, vtt=True)[0]
    words: list[RefWord] = []
    recent: list[str] = []  # the last lines emitted: later cues repeat them
    for cue in cues:
        if cue.end_ms - cue.start_ms <= HOLD_MS:
            continue
        for offset, line in enumerate(cue.lines):
            key = _line_key(line)
            if not key:
                continue
            if INLINE_TIME.search(line):
                words.extend(_timed_line(line, cue.start_ms, cue.end_ms, file, cue.line + offset + 1))
            elif key in recent:
                continue  # the rolled-up copy of an earlier line
            else:
                words.extend(spread(key.split(), cue.start_ms, cue.end_ms))  # a one-word line has no inline time
            recent = (recent + [key])[-2:]
    return finish(file, "youtube-vtt", words, [])


def read_vtt(text: str, file: str) -> Reference:
    """Any WebVTT file: cue-level times."""
    return cue_level_words(scan_cues(text, file, vtt=True)[0], file, "vtt")


def _is_vtt(text: str) -> bool:
    return text.lstrip("\ufeff \n").startswith("WEBVTT")


def sniff_youtube_vtt(text: str) -> bool:
    return _is_vtt(text) and INLINE_TIME.search(text) is not None


def sniff_vtt(text: str) -> bool:
    return _is_vtt(text) and INLINE_TIME.search(text) is None


YOUTUBE_VTT = RefFormat(sniff_youtube_vtt, read_youtube_vtt)
VTT = RefFormat(sniff_vtt, read_vtt)
