"""pypinyin's readings of a word without loading pypinyin's phrase dictionary.

``pypinyin.pinyin(word, style=Style.TONE)`` imports pypinyin's 47,111 phrases
and 41,923 characters into dicts (0.3-0.4 s and about 60 MB per process) to
read a handful of words. :func:`syllables` gives the same result from two
sorted tables shipped with diglot (``data/pinyin_phrases.tsv`` and
``data/pinyin_chars.tsv``, made from pypinyin's data, MIT licence, by
``scripts/build_pinyin_data.py``): each is read as bytes once and searched by
bisection, so a lookup costs microseconds and no table is parsed. A process that
looks up many words (the pinyin of a deck's sentences) splits a table into its
lines once, after :data:`_SPLIT_AFTER` lookups, and bisects the list in C:
about a microsecond a lookup instead of tens, for a few milliseconds of splitting.

The cut is pypinyin's own (``pypinyin.seg.mmseg`` with ``no_non_phrases``):
forward maximum matching over the phrases, the longest phrase starting at each
point, single characters where none does; then each phrase's first readings,
each character's first reading, and a character without one as itself.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache

from . import data_file

#: lookups in a table searched in place before it is split into lines (the split costs
#: about as much as 100 in-place lookups; a glossary's pinyin asks for a few dozen)
_SPLIT_AFTER = 200


class _Table:
    """A sorted ``key<TAB>value`` file searched in place (split into its lines after many lookups)."""

    def __init__(self, name: str) -> None:
        data = data_file(name)
        start = 0
        while data.startswith(b"#", start):  # the header
            start = data.index(b"\n", start) + 1
        self._data = data
        self._start = start
        self._asked = 0
        self._lines: list[bytes] | None = None  # the lines, once split (sorted as the keys are)

    def _lower_bound(self, key: bytes) -> int:
        """Offset of the first line whose key is >= *key* (bytes order is code point order)."""
        data = self._data
        lo, hi = self._start, len(data)
        while lo < hi:
            mid = (lo + hi) // 2
            line = max(data.rfind(b"\n", lo, mid) + 1, lo)
            tab = data.index(b"\t", line)
            if data[line : tab + 1] < key:  # the tab included: "AB\t" sorts before "ABC\t"
                lo = data.index(b"\n", tab) + 1
            else:
                hi = line
        return lo

    def _line_from(self, raw: bytes) -> bytes:
        """The first line whose key is >= *raw* (b"" past the last line), without its newline.

        Lines compare as their keys do: a key has no tab and no character below it.
        """
        lines = self._lines
        if lines is None:
            self._asked += 1
            if self._asked <= _SPLIT_AFTER:
                data = self._data
                at = self._lower_bound(raw)
                end = data.find(b"\n", at)
                return data[at : end if end >= 0 else len(data)]
            lines = self._data[self._start :].split(b"\n")
            if lines and not lines[-1]:
                lines.pop()  # after the last newline
            self._lines = lines
        i = bisect_left(lines, raw)
        return lines[i] if i < len(lines) else b""

    def get(self, key: str) -> str | None:
        raw = key.encode("utf-8") + b"\t"
        line = self._line_from(raw)
        if not line.startswith(raw):
            return None
        return line[len(raw) :].decode("utf-8")

    def has_prefix(self, prefix: str) -> bool:
        """Whether some key starts with *prefix* (the key itself included)."""
        raw = prefix.encode("utf-8")
        return self._line_from(raw).startswith(raw)


@lru_cache(maxsize=1)
def _phrases() -> _Table:
    return _Table("pinyin_phrases.tsv")


@lru_cache(maxsize=1)
def _chars() -> _Table:
    return _Table("pinyin_chars.tsv")


@lru_cache(maxsize=65536)
def phrase(word: str) -> list[str] | None:
    """The readings of *word* if it is one of pypinyin's phrases, else None."""
    found = _phrases().get(word)
    return found.split(" ") if found is not None else None


def is_phrase(word: str) -> bool:
    return phrase(word) is not None


@lru_cache(maxsize=65536)
def _is_prefix(text: str) -> bool:
    return _phrases().has_prefix(text)


@lru_cache(maxsize=65536)
def char(ch: str) -> str | None:
    """The first reading of the Han character *ch*, or None."""
    return _chars().get(ch)


def _cut(text: str) -> list[str]:
    """pypinyin's mmseg cut (``no_non_phrases=True``) of *text*."""
    out: list[str] = []
    remain = text
    while remain:
        last = ""
        for i in range(len(remain)):
            word = remain[: i + 1]
            if not _is_prefix(word):
                break
            if is_phrase(word):
                last = word
        else:  # all of the rest starts a phrase
            if not last:  # ... but holds none: pypinyin gives its characters one by one and stops
                out.extend(remain)
                break
        if last:
            out.append(last)
            remain = remain[len(last) :]
        else:
            out.append(remain[0])
            remain = remain[1:]
    return out


def syllables(word: str) -> list[str]:
    """``[s[0] for s in pypinyin.pinyin(word, style=Style.TONE)]`` for a word of Han characters."""
    return list(_syllables(word))


@lru_cache(maxsize=65536)
def _syllables(word: str) -> tuple[str, ...]:
    """:func:`syllables`, memoised (a long text reads the same words many times)."""
    out: list[str] = []
    for piece in _cut(word):
        readings = phrase(piece) if len(piece) > 1 else None
        if readings is not None:
            out.extend(readings)
        else:
            out.extend(char(ch) or ch for ch in piece)
    return tuple(out)
