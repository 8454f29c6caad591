"""Chinese word segmentation: the one door every part of diglot goes through.

``segment`` and ``tag`` use rjieba (Python bindings of jieba-rs, jieba's
algorithm and dictionary in Rust): it loads in a fraction of jieba's time and
agrees with jieba word for word on our texts (``benchmarks/segmenter_choice.py``,
``docs/lang.md``). It is imported on first use and kept for the process.

``tag`` and ``has_word`` on a few short Han texts (the pinyin of glossary
terms) do not load a segmenter at all: they read only their characters' entries
of jieba's dictionary (:mod:`diglot.lang._dictindex`), with the same result,
until a text is long or the characters many; then rjieba takes over.

``keywords`` (TF-IDF, for cloze cards without glossary terms) still uses
jieba's own ``jieba.analyse``, loaded lazily and only by that feature.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ._dictindex import JIEBA_HAN, ShortCutter

_SHORT_TEXT = 24  # Han characters: longer texts go to rjieba
_SHORT_CHARS = 400  # distinct characters read through the index before rjieba is loaded instead
_short: list[ShortCutter | None] = []  # [] not tried yet; [None] not available


def _short_cutter(text: str) -> ShortCutter | None:
    """The dictionary-index cutter if *text* should use it (short, Han only, rjieba not loaded yet)."""
    if _rjieba.cache_info().currsize or len(text) > _SHORT_TEXT:
        return None
    if not all(JIEBA_HAN[0] <= ch <= JIEBA_HAN[1] for ch in text):
        return None
    if not _short:
        try:
            _short.append(ShortCutter())
        except (LookupError, OSError):
            _short.append(None)
    cutter = _short[0]
    if cutter is None or len(cutter.loaded | set(text)) > _SHORT_CHARS:
        return None
    return cutter


@lru_cache(maxsize=1)
def _rjieba() -> Any:
    import rjieba

    return rjieba


def expect_many() -> None:
    """Load rjieba now: the caller is about to tag many texts (the pinyin of a deck's sentences).

    Reading the dictionary index character by character for the first texts,
    then loading rjieba anyway, costs more than loading rjieba at once; the
    words and tags are the same either way.
    """
    _rjieba()


def segment(text: str) -> list[str]:
    """*text* cut into words (jieba's dictionary, no HMM guessing); the pieces concatenate to *text*."""
    if not text:
        return []
    return list(_rjieba().cut(text, hmm=False))


def tag(text: str) -> list[tuple[str, str]]:
    """*text* cut into ``(word, part of speech)`` pairs with jieba's tag set (``v``, ``n``, ``ns``, ``ul``...)."""
    if not text:
        return []
    short = _short_cutter(text)
    if short is not None:
        return short.tag(text)
    return [(w, p) for w, p in _rjieba().tag(text, hmm=False)]


def has_word(word: str) -> bool:
    """Whether *word* is an entry of the segmenter's dictionary."""
    short = _short_cutter(word)
    if short is not None:
        return short.has_word(word)
    return bool(_rjieba().has_word(word))


@lru_cache(maxsize=1)
def _jieba_analyse() -> Any:
    import jieba
    import jieba.analyse

    jieba.setLogLevel(60)
    return jieba.analyse


def keywords(text: str, top_k: int = 8, allow_pos: tuple[str, ...] = ()) -> list[str]:
    """The *top_k* most distinctive words of *text* by jieba's TF-IDF, restricted to the parts of speech *allow_pos*.

    This loads jieba's full dictionary (about 1.5 s): only the cloze cards
    that need keywords pay for it.
    """
    return list(_jieba_analyse().extract_tags(text, topK=top_k, allowPOS=allow_pos))
