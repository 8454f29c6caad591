"""Word normalisation for aligning a transcript against a timed reference.

Both sides go through :func:`normalize_word`, which turns one
whitespace-separated word into zero or more comparison keys: lower case, no
punctuation, numbers spelled out the way they are spoken (``10`` and ``ten``
both become ``ten``; ``2014`` becomes ``twenty fourteen``), contractions
expanded (``don't`` -> ``do not``), fillers (``uh``, ``um``) dropped. Keys are
only for comparison; nobody ever sees them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: Hesitations speech recognisers keep or drop at will: never worth matching.
FILLERS = frozenset(
    "uh uhh uhm um umm uh-huh mhm mm mmm hmm hm er erm ah ahh eh oh-oh huh".split()
)

_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (1000, "thousand"))
_ORDINAL = {
    "one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
    "nine": "ninth", "twelve": "twelfth",
}

# Contractions whose expansion is unambiguous enough to help matching; the
# same expansion runs on both sides, so a wrong guess ("it's" = "it has")
# still matches itself.
_CONTRACTIONS = {
    "won't": "will not", "can't": "can not", "cannot": "can not", "shan't": "shall not",
    "ain't": "is not", "let's": "let us", "y'all": "you all", "gonna": "going to",
    "wanna": "want to", "gotta": "got to", "'cause": "because", "cause": "because",
    "it's": "it is", "that's": "that is", "what's": "what is", "there's": "there is",
    "here's": "here is", "he's": "he is", "she's": "she is", "who's": "who is",
    "where's": "where is", "how's": "how is", "when's": "when is", "why's": "why is",
    "okay": "ok",
}
_SUFFIXES = (("n't", " not"), ("'re", " are"), ("'ve", " have"), ("'ll", " will"), ("'m", " am"), ("'d", " would"))

_PIECES = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?(?:st|nd|rd|th)?|[^\W\d_]+(?:'[^\W\d_]+)*", re.UNICODE)


def number_words(n: int) -> str:
    """*n* (a non-negative integer) spelled out: ``1234`` -> ``one thousand two hundred thirty four``."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (" " + _ONES[ones] if ones else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return _ONES[hundreds] + " hundred" + (" " + number_words(rest) if rest else "")
    for scale, name in _SCALES:
        if n >= scale:
            high, rest = divmod(n, scale)
            return number_words(high) + " " + name + (" " + number_words(rest) if rest else "")
    return " ".join(_ONES[int(d)] for d in str(n))  # beyond trillions: digit by digit


def _year_words(n: int) -> str:
    """A year as people say it: 2014 -> twenty fourteen, 1900 -> nineteen hundred."""
    high, low = divmod(n, 100)
    if low == 0:
        return number_words(high) + " hundred"
    if low < 10:
        return number_words(high) + " oh " + _ONES[low]
    return number_words(high) + " " + number_words(low)


def _ordinal(words: str) -> str:
    head, _, last = words.rpartition(" ")
    if last in _ORDINAL:
        last = _ORDINAL[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return (head + " " + last).strip()


def _spell_number(token: str) -> str:
    ordinal = token[-2:] in ("st", "nd", "rd", "th")
    if ordinal:
        token = token[:-2]
    whole, _, frac = token.replace(",", "").partition(".")
    n = int(whole)
    if 1100 <= n <= 2099 and "," not in token and not frac and not ordinal and not (2000 <= n <= 2009):
        return _year_words(n)  # a four-digit number in a talk is nearly always a year
    words = number_words(n)
    if frac:
        words += " point " + " ".join(_ONES[int(d)] for d in frac)
    return _ordinal(words) if ordinal else words


@lru_cache(maxsize=65536)
def normalize_word(word: str) -> tuple[str, ...]:
    """The comparison keys of one whitespace-separated *word* (possibly none).

    >>> normalize_word("Don't")
    ('do', 'not')
    >>> normalize_word("10%")
    ('ten', 'percent')
    >>> normalize_word("GPT-3,")
    ('gpt', 'three')
    >>> normalize_word("uh,")
    ()
    """
    text = unicodedata.normalize("NFKC", word).casefold()
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    text = text.replace("&", " and ").replace("%", " percent ").replace("+", " plus ")
    bare = text.strip("'\"()[]{}.,;:!?-\u2014\u2013")
    if bare in _CONTRACTIONS:
        text = _CONTRACTIONS[bare]
    keys: list[str] = []
    dollars = "$" in text
    for piece in _PIECES.findall(text):
        if piece[0].isdigit():
            keys.extend(_spell_number(piece).split())
            continue
        piece = piece.strip("'")
        if not piece:
            continue
        if piece in _CONTRACTIONS:
            keys.extend(_CONTRACTIONS[piece].split())
            continue
        for suffix, full in _SUFFIXES:
            if piece.endswith(suffix) and len(piece) > len(suffix):
                stem = piece[: -len(suffix)]
                keys.append(stem)
                keys.extend(full.split())
                break
        else:
            keys.append(piece.replace("'", ""))
    if dollars and keys:
        keys.append("dollars")
    return tuple(k for k in keys if k not in FILLERS)
