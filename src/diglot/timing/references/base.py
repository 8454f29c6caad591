"""What the timed-reference formats share: the word and reference types, and parsing helpers."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ...errors import InputError

DAY_MS = 24 * 3600 * 1000


@dataclass(frozen=True, slots=True)
class RefWord:
    """One word of the reference as recognised, with its start and end (ms)."""

    text: str
    start_ms: int
    end_ms: int


@dataclass(frozen=True, slots=True)
class Reference:
    """A parsed timed reference: its words in time order, and what was repaired."""

    file: str
    format: str
    words: tuple[RefWord, ...]
    notices: tuple[str, ...] = field(default=())
    #: Cue-level cues far longer than their words take to say, (start, end) ms: their
    #: words were placed at the file's speaking rate from the cue start, a guess.
    paced: tuple[tuple[int, int], ...] = field(default=())

    @property
    def end_ms(self) -> int:
        return self.words[-1].end_ms if self.words else 0


@dataclass(frozen=True, slots=True)
class RefFormat:
    """A reference format as its registry entry points to it: "is this text mine?" and its reader."""

    sniff: Callable[[str], bool]
    read: Callable[[str, str], Reference]


_TAGS = re.compile(r"<[^>]*>")
_MARKUP_CHARS = frozenset("<>&[(\u266a")
_ANNOTATION = re.compile(r"\[[^\]]*\]|\([A-Za-z ]*\)|♪+")


def seconds_to_ms(value: object, file: str, what: str) -> int:
    """A JSON number of seconds -> integer milliseconds (rounded once)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(f"{what}: expected a number of seconds, got {value!r}", file=file)
    if value != value or value in (float("inf"), float("-inf")) or value < 0 or value > 1e9:
        raise InputError(f"{what}: {value!r} is not a time in seconds", file=file)
    return int(round(value * 1000))


def clean_cue_text(text: str) -> str:
    """Cue text without markup, sound annotations (``[Music]``) or ``>>`` speaker marks."""
    if not _MARKUP_CHARS.intersection(text):
        return text
    text = _TAGS.sub("", text)
    text = text.replace("&nbsp;", " ").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    text = _ANNOTATION.sub(" ", text)
    text = text.replace(">>", " ")
    return text


def _weight(word: str) -> int:
    """A word's share of a cue: its characters, a space, and a pause after a sentence or clause end."""
    tail = word[-1]
    return len(word) + 1 + (4 if tail in ".?!" else 2 if tail in ",;:" else 0)


def spread(words: Sequence[str], start_ms: int, end_ms: int) -> list[RefWord]:
    """Words said between *start_ms* and *end_ms*, timed by character count (pauses after punctuation)."""
    if len(words) == 1 and words[0]:
        return [RefWord(words[0], start_ms, max(end_ms, start_ms))]
    words = [w for w in words if w]
    if not words:
        return []
    end_ms = max(end_ms, start_ms)
    weights = [_weight(w) for w in words]
    weights[-1] = len(words[-1]) + 1  # no pause inside the cue after its last word
    total = sum(weights)
    out = []
    acc = 0
    for word, weight in zip(words, weights):
        s = start_ms + (end_ms - start_ms) * acc // total
        acc += weight
        e = start_ms + (end_ms - start_ms) * acc // total
        out.append(RefWord(word, s, e))
    return out


def finish(file: str, fmt: str, words: list[RefWord], notices: list[str], paced: Sequence[tuple[int, int]] = ()) -> Reference:
    """Put *words* in time order with non-overlapping times, noting what was repaired."""
    unsorted = any(b.start_ms < a.start_ms for a, b in zip(words, words[1:]))
    if unsorted:
        words = sorted(words, key=lambda w: w.start_ms)  # stable: same-start words keep their order
        notices.append("reference cues are not in time order; sorted them by start time")
    fixed: list[RefWord] = []
    overlaps = 0
    for i, w in enumerate(words):
        if i + 1 < len(words) and w.end_ms > words[i + 1].start_ms:
            w = RefWord(w.text, w.start_ms, max(words[i + 1].start_ms, w.start_ms))
            overlaps += 1
        fixed.append(w)
    if overlaps > len(words) // 20 and fmt in ("srt", "vtt"):
        notices.append(f"{overlaps} overlapping reference words; trimmed each to end where the next starts")
    if fixed and fixed[-1].end_ms > DAY_MS:
        h, rest = divmod(fixed[-1].end_ms // 1000, 3600)
        notices.append(f"reference runs past 24 hours (to {h}:{rest // 60:02d}:{rest % 60:02d}); times kept as given")
    return Reference(file=file, format=fmt, words=tuple(fixed), notices=tuple(notices), paced=tuple(paced))
