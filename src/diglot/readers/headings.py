"""Headings glued to their text: where does the title end?

``###模型与推理的未来好的，我们开始吧。`` has nothing marking the cut. The
evidence, strongest first:

1. a speaker label glued after the title (``…数据与评估**Carol**: 很多人…``);
2. the title listed elsewhere in the post (the front matter's summary, a
   contents list): the longest prefix found there;
3. a word that typically opens a turn (``好的``, ``我们``, ``大家好``) at a
   word boundary, near the length of the post's other headings.

A cut never falls inside a Latin word or a Chinese word (the segmenter's boundaries),
nor after the first sentence punctuation. Only (1) and (2) are strong; a cut
from (3) alone is reported as weak evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..lazyre import lazy
from .labels import BOLD_LABEL, match_plain_label

#: words that typically open a spoken turn (after a glued title)
OPENERS = (
    "好的", "好，", "好吧", "我们", "大家好", "大家", "今天", "那么", "所以", "首先", "嗯", "是的", "对，", "谢谢",
    "欢迎", "其实", "现在", "接下来", "你好", "我想", "我认为", "我觉得", "我", "你", "这是", "这个", "在", "如果",
    "当", "很多人", "有人", "让我们", "OK", "Okay", "So", "Well", "Hi", "Hello", "Thank",
)
_SENTENCE_END = lazy(r"[，。？！；,.?!;…]")
#: punctuation that ends a sentence for sure (a title may hold a comma)
_FULL_STOP = lazy(r"[。？！!?…]|[.;；](?!\S)")
#: length (characters) of a title when the post has no other headings to learn from
DEFAULT_TITLE_LENGTH = 8


@dataclass(frozen=True, slots=True)
class Cut:
    title: str
    rest: str
    evidence: str  # what decided the cut, in words
    strong: bool


def _boundaries(text: str) -> list[int]:
    """Offsets where a cut may fall: word boundaries (:func:`diglot.lang.words.segment`), never inside a Latin word or number."""
    from ..lang.words import segment

    cuts = set()
    end = 0
    for word in segment(text):
        end += len(word)
        cuts.add(end)
    out = []
    for p in sorted(cuts):
        if p <= 0 or p >= len(text):
            continue
        a, b = text[p - 1], text[p]
        if (a.isascii() and a.isalnum()) and (b.isascii() and b.isalnum()):
            continue
        out.append(p)
    return out


def looks_glued(text: str, typical: float | None) -> bool:
    """True when a heading written without a space after its hashes runs into its paragraph."""
    if BOLD_LABEL.search(text) or re.search(r"\*\*[^*\n]{1,40}\*\*\s*[:：]", text):
        return True
    if _FULL_STOP().search(text):
        return True
    usual = typical or DEFAULT_TITLE_LENGTH
    if _SENTENCE_END().search(text) and len(text) > max(1.5 * usual, 12):
        return True  # a comma in a title is possible, in a title this long less so
    return len(text) > max(2 * usual, 20)


def split_glued(text: str, known_titles: Iterable[str], other_lengths: list[int], labels: set[str]) -> Cut | None:
    """Where the title of a glued heading *text* ends, or None when nothing suggests a cut."""
    # 1. a glued speaker label
    m = re.search(r"\*\*[^*\n]{1,40}?(?:\*\*\s*[:：]|[:：]\s*\*\*)", text)
    if m and m.start() > 0:
        return Cut(text[: m.start()].strip(), text[m.start():], "a speaker label glued after it", True)
    for name in sorted(labels, key=len, reverse=True):
        i = text.find(name, 1)
        while i > 0:
            lm = match_plain_label(text[i:])
            if lm and lm.group("name") == name:
                return Cut(text[:i].strip(), text[i:], "a speaker label glued after it", True)
            i = text.find(name, i + 1)
    stop = _SENTENCE_END().search(text)
    limit = stop.start() if stop else len(text)
    bounds = [p for p in _boundaries(text) if p <= limit]
    if not bounds:
        return None
    # 2. the title listed in the summary or a contents list
    listed = [t for t in known_titles if t]
    #: a prefix this long found verbatim in the summary is no coincidence
    found = [p for p in bounds if any(text[:p].strip() == t.strip() or len(text[:p].strip()) >= 4 and text[:p].strip() in t for t in listed)]
    if found:
        p = max(found)
        return Cut(text[:p].strip(), text[p:], "the title as listed in the post's summary or contents", True)
    # 3. an opener word near the usual heading length
    import statistics  # here: importing it (decimal, fractions, random) costs every reader's start-up 6-10 ms

    typical = statistics.median(other_lengths) if other_lengths else DEFAULT_TITLE_LENGTH

    def score(p: int) -> float:
        s = -abs(p - typical) / max(typical, 1.0)
        opener = next((w for w in OPENERS if text[p:].startswith(w)), None)
        if opener:
            # a specific opener ("大家好") says more than a generic one ("我", "好，")
            s += 1.5 if len(opener.rstrip("，")) >= 2 else 0.7
        return s

    p = max(bounds, key=lambda b: (score(b), -b))
    opener = text[p:].startswith(OPENERS)
    why = "a word that opens a turn, near the length of the post's other headings" if opener else "the length of the post's other headings"
    return Cut(text[:p].strip(), text[p:], why + " (weak evidence)", False)
