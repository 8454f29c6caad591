"""Cut a short Han text with jieba's dictionary, reading only the entries of its characters.

jieba's ``dict.txt`` (349,046 lines, 5 MB) is grouped by first character. The
index ``data/jieba_dict_index.tsv`` (made by :func:`build_index`, sorted by character, checked by
the tests against the installed file) gives each character's byte ranges, so
the pinyin of a few glossary terms reads a few kilobytes instead of loading a
whole segmenter. The cut is jieba's own (``HMM=False``): the directed graph of
dictionary words and the route of highest log-frequency, so it gives the same
words and tags as rjieba.
"""

from __future__ import annotations

import importlib.util
import math
import os
from collections.abc import KeysView
from functools import lru_cache

from . import data_file

JIEBA_HAN = ("\u4e00", "\u9fd5")  # jieba's Han range (re_han_default)


def dict_path() -> str | None:
    """jieba's dictionary file, found without importing jieba, or None."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.origin:
        return None
    path = os.path.join(os.path.dirname(spec.origin), "dict.txt")
    return path if os.path.exists(path) else None


def build_index(path: str) -> str:
    """The index text for the dictionary at *path*: a header, then ``char<TAB>offset<TAB>length`` lines."""
    data = open(path, "rb").read()
    total = 0
    runs: list[list] = []  # [char, start, end]
    pos = 0
    for line in data.splitlines(keepends=True):
        text = line.decode("utf-8")
        total += int(text.split(" ")[1])
        ch = text[0]
        if runs and runs[-1][0] == ch and runs[-1][2] == pos:
            runs[-1][2] = pos + len(line)
        else:
            runs.append([ch, pos, pos + len(line)])
        pos += len(line)
    head = f"# jieba dict.txt\tsize={len(data)}\ttotal={total}\n"
    return head + "".join(f"{ch}\t{a}\t{b - a}\n" for ch, a, b in sorted(runs))  # by char: searched by bisection


@lru_cache(maxsize=1)
def _index() -> tuple[str, _Ranges, float] | None:
    """(dict path, char -> byte ranges, log of the total frequency), or None if the shipped index does not fit."""
    path = dict_path()
    if path is None:
        return None
    text = data_file("jieba_dict_index.tsv").decode("utf-8")
    head, _, body = text.partition("\n")
    fields = dict(f.split("=") for f in head.split("\t")[1:])
    if int(fields["size"]) != os.path.getsize(path):
        return None  # another jieba dictionary: the caller uses the full segmenter
    return path, _Ranges(body), math.log(int(fields["total"]))


class _Ranges:
    """Char -> its byte ranges of the dictionary, found in the index text when asked (not parsed whole).

    The index lines are sorted by character, so a character's lines are found by
    bisection: microseconds, where a search through the text took about 0.2 ms a
    character.
    """

    def __init__(self, body: str) -> None:
        self._body = body  # "char<TAB>offset<TAB>length\n" lines, sorted by char then offset

    def get(self, ch: str, default: tuple = ()) -> list[tuple[int, int]] | tuple:
        body = self._body
        lo, hi = 0, len(body)
        while lo < hi:  # lo, hi: line starts; the lines before lo are of smaller characters, from hi on not
            mid = (lo + hi) // 2
            line = max(body.rfind("\n", lo, mid) + 1, lo)
            if body[line] < ch:
                lo = body.index("\n", line) + 1
            else:
                hi = line
        out = []
        while body.startswith(ch + "\t", lo):
            end = body.index("\n", lo)
            _, a, n = body[lo:end].split("\t")
            out.append((int(a), int(n)))
            lo = end + 1
        return out or default


class ShortCutter:
    """jieba's cut of Han texts from the dictionary entries of their characters only, read on demand."""

    def __init__(self) -> None:
        index = _index()
        if index is None:
            raise LookupError("jieba's dictionary does not match diglot's index")
        self.path, self.ranges, self.log_total = index
        self.entries: dict[str, tuple[int, str] | None] = {}  # word -> (frequency, tag); None: not in the dictionary
        self._blocks: dict[str, str] = {}  # char -> its dictionary lines, each between "\n"s

    @property
    def loaded(self) -> KeysView[str]:
        """The characters whose dictionary lines are read (a view: no copy)."""
        return self._blocks.keys()

    def _load(self, chars: set[str]) -> None:
        # the lines are kept as text and a word's line found when asked: a common character
        # has thousands of entries, and a glossary term asks for a handful of them
        new = sorted(chars - self._blocks.keys())
        if not new:
            return
        with open(self.path, "rb") as f:
            for ch in new:
                lines: list[str] = []
                for a, n in self.ranges.get(ch, ()):
                    f.seek(a)
                    lines += f.read(n).decode("utf-8").splitlines()
                self._blocks[ch] = "\n" + "\n".join(lines) + "\n"

    def _entry(self, word: str) -> tuple[int, str] | None:
        """(frequency, tag) of *word*'s dictionary line (the last, as when every line was read into a dict), or None."""
        try:
            return self.entries[word]
        except KeyError:
            pass
        block = self._blocks.get(word[:1], "")
        at = block.rfind("\n" + word + " ")
        entry = None
        if at >= 0:
            _word, freq, *tag = block[at + 1 : block.index("\n", at + 1)].split(" ")
            entry = (int(freq), tag[0] if tag else "x")
        self.entries[word] = entry
        return entry

    def has_word(self, word: str) -> bool:
        self._load({word[:1]})
        entry = self._entry(word)
        return bool(entry and entry[0])

    def tag(self, text: str) -> list[tuple[str, str]]:
        """*text* (Han characters of jieba's range only) cut into (word, tag) as jieba does without HMM."""
        self._load(set(text))
        n = len(text)
        route: list[tuple[float, int]] = [(0.0, 0)] * (n + 1)
        entry = self._entry
        for k in range(n - 1, -1, -1):
            ends = [i for i in range(k, n) if (entry(text[k : i + 1]) or (0, ""))[0]] or [k]
            route[k] = max(
                (math.log((entry(text[k : x + 1]) or (0, ""))[0] or 1) - self.log_total + route[x + 1][0], x)
                for x in ends
            )
        out = []
        k = 0
        while k < n:
            end = route[k][1] + 1
            word = text[k:end]
            out.append((word, (entry(word) or (0, "x"))[1]))
            k = end
        return out
